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
    db.session.commit()
    return {"record_id": org.id, "point_id": p.id, "pair_id": wp.id, "area_id": area.id,
            "offering_id": food.id, "member_id": member.id, "contact_id": contact.id,
            "user_id": users[Role.VOLUNTEER].id, "hours_id": h.id,
            "exception_id": closed_day.id}
