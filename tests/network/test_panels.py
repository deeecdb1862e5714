"""Client panels: ten members from different services, exactly one chair and one secretary,
agendas with the source of each topic, minutes; experience experts and their tasks."""

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from network import discussion_events, panels
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Compensation, PanelMember, PanelRole, TopicSource
from tests import factories
from web.extensions import db

JOINED = date(2026, 1, 15)


def member(panel, name, service="Aikuissosiaalityö", role="member"):
    made, _ = panels.save_member(panel, None, {"name": name, "service": service, "role": role,
                                               "joined_on": JOINED})
    return made


@pytest.fixture
def panel(app):
    return panels.save_panel(None, {"name": "Asiakasraati", "organisation_id": None})


def test_a_new_panel_warns_about_everything(panel):
    check = panels.check(panel)
    assert check.members == 0 and check.too_few and check.one_service
    assert check.chair is None and check.secretary is None and not check.ok


def test_ten_members_from_different_services_with_a_chair_and_secretary_is_ok(panel):
    member(panel, "Puheenjohtaja", "Aikuissosiaalityö", "chair")
    member(panel, "Sihteeri", "Asumisneuvonta", "secretary")
    for n in range(7):
        member(panel, f"Jäsen {n}", ("Aikuissosiaalityö", "Työllisyyspalvelut")[n % 2])
    check = panels.check(panel)
    assert check.too_few and check.members == 9
    member(panel, "Kymmenes", "Päihdepalvelut")
    check = panels.check(panel)
    assert check.ok and check.members == 10
    assert check.services == {"Aikuissosiaalityö": 5, "Työllisyyspalvelut": 3,
                              "Asumisneuvonta": 1, "Päihdepalvelut": 1}


def test_a_new_chair_takes_over_and_the_former_becomes_a_member(panel):
    first = member(panel, "Eka", role="chair")
    second, former = panels.save_member(panel, None, {"name": "Toka", "service": "X",
                                                      "role": "chair", "joined_on": JOINED})
    assert former is first and first.role == PanelRole.MEMBER
    assert panels.holder(panel, PanelRole.CHAIR) is second
    db.session.commit()
    # Editing the chair's own details keeps the office and names no former holder.
    again, former = panels.save_member(panel, second, {"name": "Toka T", "service": "X",
                                                       "role": "chair", "joined_on": JOINED})
    assert former is None and again.role == PanelRole.CHAIR


def test_the_database_refuses_two_chairs(panel):
    member(panel, "Eka", role="chair")
    db.session.add(PanelMember(panel=panel, name="Toka", service="X", role=PanelRole.CHAIR,
                               joined_on=JOINED))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_leaving_secretary_leaves_the_office_vacant(panel):
    secretary = member(panel, "Sihteeri", role="secretary")
    panels.member_leaves(secretary, left_on=date(2026, 6, 1))
    assert panels.check(panel).secretary is None
    assert panels.check(panel).members == 0
    # Someone else can now be the secretary.
    assert member(panel, "Uusi", role="secretary").role == PanelRole.SECRETARY
    with pytest.raises(ValidationError):
        panels.member_leaves(secretary, left_on=date(2025, 1, 1))


def test_member_fields_are_checked(panel):
    with pytest.raises(ValidationError) as error:
        panels.save_member(panel, None, {"name": "A", "service": "", "joined_on": JOINED})
    assert error.value.field == "service"
    with pytest.raises(ValidationError) as error:
        panels.save_member(panel, None, {"name": "A", "service": "B", "role": "boss",
                                         "joined_on": JOINED})
    assert error.value.field == "role"


def test_panel_names_are_unique(panel):
    with pytest.raises(ValidationError):
        panels.save_panel(None, {"name": "asiakasraati"})


def test_agenda_topics_record_their_source(panel):
    raatilainen = member(panel, "Raatilainen")
    meeting = panels.save_meeting(panel, None, {"held_on": date(2026, 2, 1), "place": "Tupa"})
    from_member = panels.add_topic(meeting, {"topic": "Aukioloajat", "source": "member",
                                             "member_id": raatilainen.id})
    from_org = panels.add_topic(meeting, {"topic": "Uusi palvelupiste", "source": "organisation",
                                          "proposed_by": "Kaupunki"})
    assert [i.position for i in meeting.agenda] == [1, 2]
    assert from_member.source == TopicSource.MEMBER and from_member.proposed_by == "Raatilainen"
    assert from_org.source == TopicSource.ORGANISATION and from_org.member is None
    with pytest.raises(ValidationError) as error:
        panels.add_topic(meeting, {"topic": "X", "source": "member", "member_id": 999})
    assert error.value.field == "member_id"
    with pytest.raises(ValidationError) as error:
        panels.add_topic(meeting, {"topic": "X", "source": "organisation"})
    assert error.value.field == "proposed_by"
    panels.remove_topic(from_member)
    assert [i.topic for i in meeting.agenda] == ["Uusi palvelupiste"]
    panels.record_minutes(meeting, "Päätettiin pidentää aukioloja.", now=utcnow())
    assert meeting.minutes_at is not None
    with pytest.raises(ValidationError):
        panels.record_minutes(meeting, "  ", now=utcnow())


def test_experience_experts_with_tasks_and_compensation(app):
    org = factories.organisation()
    paid = panels.save_expert(None, {"name": "Yrjö", "expertise": "Asunnottomuus",
                                     "compensation": "fee", "organisation_id": org.id})
    panels.save_expert(None, {"name": "Ville", "expertise": "Päihteet",
                              "compensation": "volunteer"})
    task = panels.add_task(paid, {"title": "Vastaanotto terveysasemalla",
                                  "starts_on": date(2026, 1, 1)})
    assert paid.tasks == [task]
    assert panels.experts_by_compensation() == {Compensation.EMPLOYED: 0, Compensation.FEE: 1,
                                                Compensation.VOLUNTEER: 1}
    with pytest.raises(ValidationError):
        panels.add_task(paid, {"title": "X", "starts_on": date(2026, 2, 1),
                               "ends_on": date(2026, 1, 1)})
    with pytest.raises(ValidationError) as error:
        panels.save_expert(None, {"name": "X", "expertise": "Y", "compensation": "gift"})
    assert error.value.field == "compensation"
    with pytest.raises(ValidationError) as error:
        panels.save_expert(None, {"name": "X", "expertise": "Y", "compensation": "fee",
                                  "organisation_id": 9999})
    assert error.value.field == "organisation_id"
    panels.remove_task(task)
    assert paid.tasks == []


def test_discussion_events(app):
    area = factories.Area(name="Kaakkuri")
    db.session.add(area)
    db.session.flush()
    event = discussion_events.save(None, {
        "held_on": date(2026, 2, 3), "place": "Kaakkurin asukastupa", "organiser": "Diakoni",
        "attendees": 14, "area_id": area.id, "findings": "Sähköinen asiointi on vaikeaa."})
    assert discussion_events.active() == [event]
    for bad, field in (({"attendees": -1}, "attendees"), ({"place": ""}, "place"),
                       ({"held_on": None}, "held_on"), ({"area_id": 999}, "area_id")):
        with pytest.raises(ValidationError) as error:
            discussion_events.save(None, {"held_on": date(2026, 2, 3), "place": "P",
                                          "organiser": "O", "attendees": 1} | bad)
        assert error.value.field == field
