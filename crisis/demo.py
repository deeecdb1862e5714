"""The full demo: the Oulu network, its prepared scenarios, alert subscribers, people and
participation. Loaded once: a record found by its natural key is left as it is.

Everything goes through the domain operations (and their validation).
"""

import secrets
from datetime import datetime

from sqlalchemy import select

from crisis import demo_scenarios as data
from crisis import exercise_participants, scenarios, subscriptions
from crisis.models import Audience, Channel, Scenario
from network import accounts, demo_participation, demo_people, training
from network import demo as network_demo
from network.clock import local
from network.database import db
from network.models import (
    Area,
    Organisation,
    Role,
    ServicePoint,
    User,
    VolunteerChecklist,
)

LOGINS = network_demo.LOGINS


def load(*, now: datetime, site_url: str = "http://127.0.0.1:5000"
         ) -> dict[str, tuple[str, str]]:
    """Load the whole demo once; return the demo logins per role. The caller commits."""
    logins = network_demo.load(now=now)
    admin = accounts.find_by_email(LOGINS[Role.STEERING_ADMIN.value][0])
    created = False
    for spec in data.SCENARIOS:
        scenario, new = _scenario(spec, admin, now)
        _checklist(scenario, spec.checklist)
        created |= new
    if created:  # first load only: an admin may have changed who takes part since
        _exercise_participants(admin, now)
    _subscribers(now)
    demo_people.load(now=now, site_url=site_url)
    demo_participation.load(now=now)
    db.session.flush()
    return logins


def _organisations() -> dict[str, Organisation]:
    by_name = {o.name: o for o in db.session.scalars(select(Organisation))}
    return {key: by_name[spec[0]] for key, spec in network_demo.data.ORGANISATIONS.items()
            if spec[0] in by_name}


def _areas() -> dict[str, int]:
    return {name: area_id for area_id, name in db.session.execute(select(Area.id, Area.name))}


def _scenario(spec: data.ScenarioSpec, admin: User | None, now: datetime
              ) -> tuple[Scenario, bool]:
    """The scenario by name (and whether it is new); a new one gets its points and plan."""
    existing = db.session.scalar(select(Scenario).where(Scenario.name == spec.name))
    if existing is not None:
        return existing, False
    points = dict(db.session.execute(
        select(ServicePoint.external_id, ServicePoint.id)
        .where(ServicePoint.external_id.in_(spec.points))).all())
    scenario = scenarios.create_scenario(
        {"name": spec.name, "kind": spec.kind, "description": spec.description,
         "cap_category": spec.cap_category, "other_points": spec.other_points},
        {points[key]: text for key, text in spec.points.items() if key in points},
        actor=admin, now=now)
    orgs, areas = _organisations(), _areas()
    for row in spec.plan:
        values = {"informer_organisation_id": orgs[row.org].id, "informer_name": row.sender,
                  "audience": row.audience, "channel": row.channel, "timing": row.timing,
                  "delay_hours": row.delay_hours,
                  "area_id": areas.get(row.area) if row.area else None,
                  "language": row.language}
        for lang, (subject, body) in row.texts.items():
            values[f"subject_{lang}"], values[f"body_{lang}"] = subject, body
        scenarios.create_plan_row(scenario, values, actor=admin, now=now)
    return scenario, True


def _checklist(scenario: Scenario, spec: data.Checklist) -> None:
    if db.session.scalar(select(VolunteerChecklist.id).where(
            VolunteerChecklist.scenario_id == scenario.id)) is None:
        training.save_checklist(None, {"title": spec.title, "remember": spec.remember,
                                       "insurance": spec.insurance, "expenses": spec.expenses,
                                       "scenario_id": scenario.id})


def _subscribers(now: datetime) -> None:
    """Confirmed subscriptions, through subscribe and confirm as a resident would."""
    # The secret is used at once, so any key does: only its HMAC is kept until confirmed.
    key = secrets.token_bytes(32)
    areas = _areas()
    for channel, address, language, area in data.SUBSCRIBERS:
        normalised = subscriptions.normalise_address(channel, address)
        if subscriptions.find(channel, normalised) is not None:
            continue
        choices = subscriptions.Choices(language=language, area_id=areas.get(area),
                                        target_group=None, consent_text=data.CONSENT)
        sub, secret = subscriptions.subscribe(channel, normalised, choices, key=key, now=now)
        if channel == Channel.EMAIL:
            subscriptions.confirm_link(sub.token, secret, key=key, now=now)
        else:
            subscriptions.confirm_code(normalised, secret, key=key, now=now)


def _exercise_participants(admin: User | None, now: datetime) -> None:
    """The people an exercise reaches: a few of the steering group, pairs, partners, users."""
    orgs = _organisations()
    users = {user.id for role in data.EXERCISE_ROLES
             if (user := accounts.find_by_email(LOGINS[role][0])) is not None}
    named = {
        Audience.STEERING_GROUP: lambda c: c.name in data.EXERCISE_ROSTER,
        Audience.WORKER_PAIRS: lambda c: c.name in data.EXERCISE_WORKERS,
        Audience.PARTNERS: lambda c: any(orgs[key].id == c.id
                                         for key in data.EXERCISE_ORGANISATIONS if key in orgs),
        Audience.VOLUNTEERS: lambda c: c.id in users,
    }
    everyone = exercise_participants.candidates(today=local(now).date())
    chosen = {audience: {c.id for c in everyone[audience] if c.participant or takes_part(c)}
              for audience, takes_part in named.items()}
    exercise_participants.set_participants(admin, chosen, "Demo", now=now)
