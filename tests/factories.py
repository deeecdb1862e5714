"""Small builders of network records for tests."""

from datetime import date, time

from network.models import (
    Area,
    Contact,
    ContactScope,
    GroupRole,
    Offering,
    OpeningHours,
    Organisation,
    OrganisationKind,
    PairWorker,
    PointKind,
    PointOffering,
    Role,
    RosterMember,
    ScheduleException,
    ServiceMode,
    ServicePoint,
    User,
    WorkerPair,
)
from web.extensions import db


def organisation(name="Oulun kaupunki", kind=OrganisationKind.MUNICIPALITY, **kw) -> Organisation:
    org = Organisation(name=name, kind=kind, **kw)
    db.session.add(org)
    db.session.flush()
    return org


def offering(code="food_aid", **kw) -> Offering:
    values = {"name_fi": "Ruoka-apu", "name_sv": "Mathjälp", "name_en": "Food aid"} | kw
    item = Offering(code=code, **values)
    db.session.add(item)
    db.session.flush()
    return item


def point(name="Tuiran asukastupa", external_id=None, **kw) -> ServicePoint:
    values = {"kind": PointKind.LIVING_ROOM, "latitude": 65.03, "longitude": 25.47,
              "languages": ["fi"], "target_groups": ["everyone"]} | kw
    p = ServicePoint(name=name, external_id=external_id or name.lower().replace(" ", "-"),
                     **values)
    db.session.add(p)
    db.session.flush()
    return p


def hours(p: ServicePoint, weekday=0, opens=time(9), closes=time(15),
          mode=ServiceMode.NORMAL) -> OpeningHours:
    h = OpeningHours(point=p, weekday=weekday, opens=opens, closes=closes, mode=mode)
    db.session.add(h)
    db.session.flush()
    return h


def exception(p: ServicePoint, day=date(2030, 12, 24), closed=True, **kw) -> ScheduleException:
    e = ScheduleException(point=p, day=day, closed=closed, **kw)
    db.session.add(e)
    db.session.flush()
    return e


def pair(p: ServicePoint, *names: str, user: User | None = None,
         starts_on=date(2020, 1, 1)) -> WorkerPair:
    wp = WorkerPair(point=p, starts_on=starts_on)
    for position, name in enumerate(names or ("Maija Meikäläinen", "Diakoni Daniel"), start=1):
        wp.workers.append(PairWorker(position=position, name=name,
                                     user=user if position == 1 else None))
    db.session.add(wp)
    db.session.flush()
    return wp


def sample_network(users: dict[Role, User]) -> dict[str, int]:
    """One record of each kind, the point worker working at the point; ids by URL argument."""
    org = organisation()
    area = Area(name="Tuira")
    db.session.add(area)
    food = offering()
    member = RosterMember(name="Riikka Rooster", organisation=org, group_role=GroupRole.CHAIR)
    contact = Contact(name="Kriisipuhelin", scope=ContactScope.NATIONAL)
    db.session.add_all([member, contact])
    p = point(organisation_id=org.id)
    db.session.flush()
    p.area_id = area.id
    h = hours(p)
    closed_day = exception(p)
    db.session.add(PointOffering(point_id=p.id, offering_id=food.id, mode=ServiceMode.NORMAL))
    wp = pair(p, user=users[Role.POINT_WORKER])
    crisis_ids = sample_crisis(users, p)
    geo_ids = {"site_id": candidate_site().id, "dataset_id": population_dataset().id}
    from tests.people_factories import sample_people  # volunteers, training, requests

    people_ids = sample_people(users, p)
    from tests.participation_factories import sample_participation  # surveys, panels, experts

    participation_ids = sample_participation(users)
    db.session.commit()
    return crisis_ids | geo_ids | people_ids | participation_ids | {
        "record_id": org.id, "point_id": p.id, "pair_id": wp.id, "area_id": area.id,
        "offering_id": food.id, "member_id": member.id, "contact_id": contact.id,
        "user_id": users[Role.VOLUNTEER].id, "hours_id": h.id, "exception_id": closed_day.id}


def subscription(address="asukas@example.org", channel="email", language="fi",
                 confirmed=True, **kw):
    """A resident's alert subscription (confirmed unless told otherwise)."""
    import secrets

    from crisis.models import Subscription
    from network.clock import utcnow

    sub = Subscription(channel=channel, address=address, language=language,
                       consent_text="I agree to receive crisis alerts.", consent_at=utcnow(),
                       token=secrets.token_urlsafe(24),
                       confirmed_at=utcnow() if confirmed else None, **kw)
    db.session.add(sub)
    db.session.flush()
    return sub


def plan_scenario(name="Pitkä sähkökatko", rows=()):
    """A scenario whose plan has the given rows (dicts of PlanRow fields over defaults)."""
    from crisis.models import Audience, PlanRow, Scenario, ScenarioKind, Timing

    scenario = Scenario(name=name, kind=ScenarioKind.POWER_CUT)
    for values in rows:
        scenario.plan.append(PlanRow(**({
            "audience": Audience.RESIDENTS, "channel": "email", "timing": Timing.AT_ACTIVATION,
            "delay_hours": 0, "subject_fi": "Poikkeustila: {scenario}",
            "subject_sv": "Undantagsläge: {scenario}", "subject_en": "Exceptional mode: {scenario}",
            "body_fi": "Hei! {reason} Lähimmät pisteet: {site_link} Peru: {unsubscribe_link}",
            "body_sv": "Hej! {reason} Närmaste punkter: {site_link} Avsluta: {unsubscribe_link}",
            "body_en": "Hello! {reason} Nearest points: {site_link} Stop: {unsubscribe_link}",
        } | values)))
    db.session.add(scenario)
    db.session.flush()
    return scenario


GREETING = {"fi": "Hei!", "sv": "Hej!", "en": "Hello!"}


def activation(actor: User, scenario=None, exercise=False, **kw):
    """An open activation of a scenario (without switching the network or writing rows)."""
    from crisis.models import Activation
    from network.clock import utcnow

    values = {"reason": "Myrsky", "opened_at": utcnow(), "open_slot": 1} | kw
    made = Activation(scenario=scenario or plan_scenario(), opened_by=actor, exercise=exercise,
                      **values)
    db.session.add(made)
    db.session.flush()
    return made


def resident_rows(made, subscriptions, site="http://apu.test", channel=None, phase="activation"):
    """One outbox row per subscription, as the plan writes them (greeting, link, language)."""
    from sqlalchemy import insert

    from crisis.models import OutboxMessage
    from network.clock import utcnow

    now = utcnow()
    rows = [{
        "key": f"{made.id}:0:{phase}:subscription:{sub.id}:{channel or sub.channel}",
        "activation_id": made.id, "phase": phase, "channel": channel or sub.channel,
        "recipient_kind": "subscription", "recipient_id": sub.id, "address": sub.address,
        "language": sub.language, "subject": f"Alert {sub.language}",
        "body": f"{GREETING[sub.language]} {site}/unsubscribe/{sub.token}",
        "status": "queued", "attempts": 0, "due_at": now, "created_at": now,
    } for sub in subscriptions]
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
    db.session.flush()
    return len(rows)


def sample_crisis(users: dict[Role, User], p: ServicePoint) -> dict[str, int]:
    """A scenario opening a point, one plan row, and an ended exercise; ids by URL argument."""
    from crisis.models import Activation, Audience, ScenarioPoint
    from network.clock import utcnow

    scenario = plan_scenario("Harjoitusskenaario", rows=[{
        "audience": Audience.STEERING_GROUP, "body_fi": "{scenario}", "body_sv": "{scenario}",
        "body_en": "{scenario}"}])
    scenario.points.append(ScenarioPoint(point_id=p.id, instructions="Avaa ovet."))
    now = utcnow()
    ended = Activation(scenario=scenario, opened_by=users[Role.STEERING_ADMIN], reason="Harjoitus",
                       exercise=True, opened_at=now, open_slot=None, closed_at=now,
                       closed_by=users[Role.STEERING_ADMIN], close_reason="Valmis")
    db.session.add(ended)
    db.session.flush()
    return {"scenario_id": scenario.id, "row_id": scenario.plan[0].id, "activation_id": ended.id}


def public_rows(made, channel="cap", phase="activation", plan_row=None):
    """The public rows (web notice or CAP) a plan row writes: one per language."""
    from crisis.models import OutboxMessage
    from network.clock import utcnow

    plan_row = plan_row or next(r for r in made.scenario.plan if r.channel == channel)
    rows = []
    for language in ("fi", "sv", "en"):
        subject, body = plan_row.text(language)
        rows.append(OutboxMessage(
            key=f"{made.id}:{plan_row.id}:{phase}:public:{language}:{channel}",
            activation_id=made.id, plan_row_id=plan_row.id, phase=phase, channel=channel,
            recipient_kind="public", language=language, subject=subject,
            body=body.format(scenario=made.scenario.name, reason=made.reason),
            due_at=utcnow()))
    db.session.add_all(rows)
    db.session.flush()
    return rows


def candidate_site(name="Kaakkurin koulu", latitude=64.97, longitude=25.53, **kw):
    """A candidate site for new points."""
    from network.models import CandidateSite

    site = CandidateSite(name=name, latitude=latitude, longitude=longitude, **kw)
    db.session.add(site)
    db.session.flush()
    return site


def population_dataset(name="Testiruudukko", grid=None):
    """An imported population dataset; by default four 250 m cells in Oulu."""
    from geo.population import ImportReport, ImportResult, PopulationGrid
    from network.clock import utcnow
    from network.population_datasets import save_dataset

    if grid is None:
        grid = PopulationGrid.from_latlon([65.01, 65.0125, 65.05, 65.0525],
                                          [25.47, 25.47, 25.40, 25.40], [10, 20, 30, 40], 250.0)
    report = ImportReport(
        format="csv", cells=len(grid), total_population=grid.total, crs="EPSG:3067",
        bbox=(float(grid.lat.min()), float(grid.lon.min()), float(grid.lat.max()),
              float(grid.lon.max())),
        population_column="vaesto", geometry="point", cell_size=grid.cell_size)
    return save_dataset(ImportResult(grid, report), name=name, filename="grid.csv", actor=None,
                        now=utcnow())
