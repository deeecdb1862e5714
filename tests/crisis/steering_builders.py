"""A small network with every kind of recipient, and a scenario whose plan reaches them all.

Used by the steering-side tests (operations, planning, recipients, pages, concurrency).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from crisis.models import (
    Audience,
    Channel,
    PlanRow,
    Scenario,
    ScenarioKind,
    ScenarioPoint,
    Timing,
)
from network.clock import today, utcnow
from network.models import (
    Area,
    Organisation,
    OrganisationKind,
    PairWorker,
    PointStatus,
    Role,
    RosterMember,
    User,
    WorkerPair,
)
from tests import factories
from web.extensions import db

SITE = "http://apu.test"
TEXTS = {
    "subject_fi": "Poikkeustila: {scenario}", "subject_sv": "Undantagsläge: {scenario}",
    "subject_en": "Exceptional mode: {scenario}",
    "body_fi": "Hei {recipient_name}! {reason} Pisteet: {nearest_points} {site_link}",
    "body_sv": "Hej {recipient_name}! {reason} Punkter: {nearest_points} {site_link}",
    "body_en": "Hello {recipient_name}! {reason} Points: {nearest_points} {site_link}",
}
RESIDENT_TEXTS = TEXTS | {
    "body_fi": "Hei! {reason} {nearest_points} Peru: {unsubscribe_link}",
    "body_sv": "Hej! {reason} {nearest_points} Avsluta: {unsubscribe_link}",
    "body_en": "Hello! {reason} {nearest_points} Stop: {unsubscribe_link}",
}
SMS_TEXTS = {f"body_{lang}": TEXTS[f"body_{lang}"] for lang in ("fi", "sv", "en")} | {
    "subject_fi": None, "subject_sv": None, "subject_en": None}


@dataclass
class World:
    """Ids of what `world()` made."""

    scenario: Scenario
    admin: User
    areas: dict[str, int]
    points: dict[str, int]
    rows: dict[str, int] = field(default_factory=dict)



def _row(scenario: Scenario, name: str, world: World, **values) -> PlanRow:
    row = PlanRow(**(TEXTS | {"timing": Timing.AT_ACTIVATION, "delay_hours": 0} | values))
    scenario.plan.append(row)
    db.session.flush()
    world.rows[name] = row.id
    return row


def world(users: dict[Role, User], *, other_points: str = "keep") -> World:
    """Recipients of every audience (some exercise participants), points, and a full plan.

    Expected reach, actual run:
      steering email 2 (R1 fi, R2 sv), steering sms 1 (R1: R2's number is a landline)
      pairs email 2 (W1 sv, W3 en; W2 has no email), volunteers email 2, partners email 2,
      residents email 2 (S1 fi, S2 sv), residents sms (Tuira) 1, public web/cap 3 each.
    Exercise: steering R1 only, pairs W1 only, volunteers V1 only, partners O1 only, cap 3.
    """
    admin = users[Role.STEERING_ADMIN]
    o1 = factories.organisation("Oulun kaupunki", email="kirjaamo@ouka.fi", phone="040 111 2222",
                                exercise_participant=True)
    factories.organisation("Oulun seurakunnat", kind=OrganisationKind.PARISH,
                           email="info@seurakunnat.fi")
    factories.organisation("Lakkautettu ry", kind=OrganisationKind.NGO, email="old@example.org",
                           retired_at=utcnow())
    tuira, keskusta = Area(name="Tuira"), Area(name="Keskusta")
    db.session.add_all([tuira, keskusta])
    db.session.flush()
    p1 = factories.point("Tuiran asukastupa", area_id=tuira.id, status=PointStatus.CLOSED,
                         in_exceptional_network=False, street_address="Tuirantie 1",
                         city="Oulu")
    p2 = factories.point("Keskustan seurakuntatalo", area_id=keskusta.id,
                         status=PointStatus.OPEN, in_exceptional_network=True)
    p3 = factories.point("Tuiran kirjasto", area_id=tuira.id, status=PointStatus.OPEN,
                         in_exceptional_network=True)
    p4 = factories.point("Vanha piste", status=PointStatus.STANDBY, retired_at=utcnow())
    start = today() - timedelta(days=30)
    _pair(p1, start, None, [
        PairWorker(position=1, name="Wilma Worker", email="wilma@example.org", language="sv",
                   exercise_participant=True),
        PairWorker(position=2, name="Diakoni Daniel", phone="040 765 4321")])
    _pair(p1, start - timedelta(days=60), start - timedelta(days=1), [
        PairWorker(position=1, name="Entinen Eeva", email="eeva@example.org")])
    _pair(p2, start, None, [
        PairWorker(position=1, name="Erik English", email="erik@example.org", language="en")])
    _pair(p3, start, None, [
        PairWorker(position=1, name="Muu Matti", email="matti@example.org")])
    db.session.add_all([
        RosterMember(name="Riikka Rooster", organisation=o1, email="riikka@ouka.fi",
                     phone="+358 40 123 4567", exercise_participant=True),
        RosterMember(name="Sven Styrgrupp", organisation=o1, email="sven@ouka.fi",
                     phone="08 558 41000", language="sv"),
        RosterMember(name="Eläkkeellä Erkki", organisation=o1, email="erkki@ouka.fi",
                     retired_at=utcnow()),
        User(email="vera@example.org", name="Vera Volunteer", password_hash="x",
             role=Role.VOLUNTEER, language="en", exercise_participant=True),
        User(email="passive@example.org", name="Passive", password_hash="x",
             role=Role.VOLUNTEER, active=False),
    ])
    factories.subscription("s1@example.org", language="fi", area_id=tuira.id)
    factories.subscription("s2@example.org", language="sv", area_id=keskusta.id,
                           target_group="older_people")
    factories.subscription("s3@example.org", language="en", confirmed=False)
    factories.subscription("s5@example.org", language="fi", unsubscribed_at=utcnow())
    factories.subscription("+358401112233", channel="sms", language="fi", area_id=tuira.id)
    factories.subscription("+358401112244", channel="sms", language="en", area_id=keskusta.id)
    scenario = Scenario(name="Pitkä sähkökatko", kind=ScenarioKind.POWER_CUT,
                        other_points=other_points)
    db.session.add(scenario)
    scenario.points += [ScenarioPoint(point_id=p1.id, instructions="Avaa lämpimät tilat."),
                        ScenarioPoint(point_id=p2.id),
                        ScenarioPoint(point_id=p4.id)]
    db.session.flush()
    made = World(scenario, admin, {"tuira": tuira.id, "keskusta": keskusta.id},
                 {"p1": p1.id, "p2": p2.id, "p3": p3.id, "p4": p4.id})
    _row(scenario, "steering_email", made, audience=Audience.STEERING_GROUP, channel="email",
         informer_organisation_id=o1.id, informer_name="Kaisa Kriisi")
    _row(scenario, "steering_sms", made, audience=Audience.STEERING_GROUP, channel="sms",
         **SMS_TEXTS)
    _row(scenario, "pairs_email", made, audience=Audience.WORKER_PAIRS, channel="email")
    _row(scenario, "volunteers_timed", made, audience=Audience.VOLUNTEERS, channel="email",
         timing=Timing.AFTER_HOURS, delay_hours=24)
    _row(scenario, "partners_email", made, audience=Audience.PARTNERS, channel="email")
    _row(scenario, "residents_email", made, audience=Audience.RESIDENTS, channel="email",
         **RESIDENT_TEXTS)
    _row(scenario, "residents_sms_tuira", made, audience=Audience.RESIDENTS, channel="sms",
         area_id=tuira.id, **(SMS_TEXTS | {k: v for k, v in RESIDENT_TEXTS.items()
                                           if k.startswith("body")}))
    _row(scenario, "public_web", made, audience=Audience.PUBLIC, channel=Channel.WEB_NOTICE)
    _row(scenario, "public_cap", made, audience=Audience.PUBLIC, channel=Channel.CAP)
    _row(scenario, "steering_end", made, audience=Audience.STEERING_GROUP, channel="email",
         timing=Timing.AT_DEACTIVATION)
    _row(scenario, "residents_end", made, audience=Audience.RESIDENTS, channel="email",
         timing=Timing.AT_DEACTIVATION, **RESIDENT_TEXTS)
    db.session.commit()
    return made


def _pair(point, starts_on, ends_on, workers) -> WorkerPair:
    pair = WorkerPair(point=point, starts_on=starts_on, ends_on=ends_on)
    pair.workers.extend(workers)
    db.session.add(pair)
    db.session.flush()
    return pair


def organisation_named(name: str) -> Organisation:
    """An organisation by name."""
    return db.session.scalar(db.select(Organisation).where(Organisation.name == name))
