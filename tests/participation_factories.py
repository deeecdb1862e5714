"""Builders of participation records for tests: surveys, events, panels, experts."""

from datetime import date

from network import discussion_events, panels, surveys
from network.clock import utcnow
from network.models import Role, User
from web.extensions import db


def survey(kind="satisfaction", audience="client", title="Asiakaspalaute", actor=None):
    """A survey with its preset questions."""
    return surveys.create_survey({"kind": kind, "audience": audience, "title_fi": title},
                                 actor=actor, now=utcnow())


def panel(name="Asiakasraati", members=0, services=("Aikuissosiaalityö", "Asumisneuvonta")):
    """A panel with a number of members from the services in turn (the first is the chair)."""
    made = panels.save_panel(None, {"name": name})
    for n in range(members):
        panels.save_member(made, None, {
            "name": f"Raatilainen {n + 1}", "service": services[n % len(services)],
            "role": "chair" if n == 0 else "secretary" if n == 1 else "member",
            "joined_on": date(2026, 1, 1)})
    return made


def sample_participation(users: dict[Role, User]) -> dict[str, int]:
    """One record of each participation kind; ids by URL argument."""
    made = survey(actor=users[Role.COORDINATOR])
    event = discussion_events.save(None, {"held_on": date(2026, 2, 1), "place": "Asukastupa",
                                          "organiser": "Diakoni", "attendees": 12})
    expert = panels.save_expert(None, {"name": "Yrjö Kokemus", "expertise": "Asunnottomuus",
                                       "compensation": "fee"})
    task = panels.add_task(expert, {"title": "Luento", "starts_on": date(2026, 1, 10)})
    client_panel = panel(members=2)
    meeting = panels.save_meeting(client_panel, None, {"held_on": date(2026, 3, 1)})
    item = panels.add_topic(meeting, {"topic": "Aukioloajat", "source": "organisation",
                                      "proposed_by": "Kaupunki"})
    db.session.flush()
    return {"survey_id": made.id, "question_id": made.questions[0].id, "event_id": event.id,
            "expert_id": expert.id, "task_id": task.id, "panel_id": client_panel.id,
            "panel_member_id": client_panel.members[0].id, "meeting_id": meeting.id,
            "item_id": item.id, "key": "coordination"}
