"""Loading the Oulu demo network, once: every record is found by its natural key or created.

Records that exist already are left as they are (an admin may have edited them), and a point's
hours, offerings and worker pair are only written when the point itself is new.
"""

import zlib
from datetime import date, datetime, time
from math import cos, radians, sin

from sqlalchemy import select

from network import accounts, catalogue, organisations
from network import demo_oulu as data
from network.database import db
from network.models import (
    Area,
    Contact,
    Offering,
    OpeningHours,
    Organisation,
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

# The demo logins per role (role value -> (email, password)), as printed by `flask demo load`.
LOGINS: dict[str, tuple[str, str]] = {
    role.value: (email, password) for role, (email, password, _, _) in data.USERS.items()
}

METRES_PER_DEGREE = 111_320


def load(*, now: datetime) -> dict[str, tuple[str, str]]:
    """Load the demo network once; return the demo logins per role. The caller commits."""
    offerings = catalogue.ensure_default_offerings()
    orgs = {key: _organisation(*spec) for key, spec in data.ORGANISATIONS.items()}
    if organisations.coordinating_organisation() is None:
        organisations.set_coordination(orgs[data.COORDINATING], True)
    areas = {name: _area(name) for name in data.DISTRICTS}
    users = {role: _user(role, *spec, orgs) for role, spec in data.USERS.items()}
    for member in data.ROSTER:
        _roster_member(member, orgs, areas, offerings)
    point_worker = users[Role.POINT_WORKER]
    seen_in_district: dict[str, int] = {}
    for spec in data.POINTS:
        index = seen_in_district[spec.district] = seen_in_district.get(spec.district, -1) + 1
        _point(spec, index, orgs, areas, offerings, point_worker, now=now)
    for contact in data.CONTACTS:
        _contact(*contact)
    db.session.flush()
    return dict(LOGINS)


def _first(model, **lookup):
    """The record of a model with these column values, if any."""
    return db.session.scalar(select(model).filter_by(**lookup).limit(1))


def _organisation(name, kind, email, phone, address, website) -> Organisation:
    org = _first(Organisation, name=name)
    if org is None:
        org = Organisation(name=name, kind=kind, email=email, phone=phone, address=address,
                           website=website)
        db.session.add(org)
        db.session.flush()
    return org


def _area(name: str) -> Area:
    area = _first(Area, name=name)
    if area is None:
        area = Area(name=name, description=f"{name}, Oulu")
        db.session.add(area)
    return area


def _user(role, email, password, name, org_key, orgs) -> User:
    user = accounts.find_by_email(email)
    if user is None:
        user = accounts.create_user(email=email, name=name, password=password, role=role,
                                    organisation_id=orgs[org_key].id)
    return user


def _roster_member(member: data.Member, orgs, areas, offerings) -> None:
    org = orgs[member.org]
    if _first(RosterMember, name=member.name, organisation_id=org.id) is not None:
        return
    db.session.add(RosterMember(
        name=member.name, organisation=org, group_role=member.role, title=member.title,
        email=_email(member.name, org), phone=_phone(member.name),
        responsibilities=member.responsibilities,
        areas=[areas[name] for name in member.areas],
        services=_offerings(member.services, offerings),
    ))


def _point(spec: data.Point, index: int, orgs, areas, offerings, point_worker: User, *,
           now: datetime) -> None:
    if _first(ServicePoint, external_id=spec.external_id) is not None:
        return
    lat, lon, parish_key = data.DISTRICTS[spec.district]
    latitude, longitude = spread(lat, lon, spec.external_id, index)
    host = orgs[spec.host]
    point = ServicePoint(
        external_id=spec.external_id, name=spec.name, kind=spec.kind, organisation=host,
        area=areas[spec.district], street_address=spec.street, postal_code=spec.postal_code,
        city="Oulu", latitude=latitude, longitude=longitude, phone=_phone(spec.name),
        email=f"{spec.external_id}@{_domain(host)}", step_free_access=spec.step_free,
        accessibility_notes=spec.notes, languages=list(spec.languages),
        target_groups=list(spec.targets), walk_in=spec.walk_in, status=spec.status,
        in_exceptional_network=bool(spec.exceptional),
    )
    point.hours = _hours(spec.hours, ServiceMode.NORMAL)
    point.offerings = [PointOffering(offering=o, mode=ServiceMode.NORMAL)
                       for o in _offerings(spec.normal, offerings)]
    if spec.exceptional:
        point.hours += _hours(spec.crisis_hours, ServiceMode.EXCEPTIONAL)
        point.offerings += [PointOffering(offering=o, mode=ServiceMode.EXCEPTIONAL)
                            for o in _offerings(spec.exceptional, offerings)]
    if spec.host == "city" and spec.kind == PointKind.LIVING_ROOM:
        point.exceptions = [ScheduleException(day=date(now.year, 12, 6), closed=True,
                                              note="Itsenäisyyspäivä")]
    name, title, org_key = spec.worker
    parish = orgs[parish_key]
    pair = WorkerPair(starts_on=date(now.year - 1, 8, 1))
    pair.workers = [
        _worker(1, name, title, orgs[org_key], point_worker),
        _worker(2, spec.parish_worker[0], spec.parish_worker[1], parish, point_worker),
    ]
    point.pairs = [pair]
    db.session.add(point)
    db.session.flush()


def _worker(position: int, name: str, title: str, org: Organisation, point_worker: User
            ) -> PairWorker:
    """A named half of a pair; the demo point worker's own account is linked to their places."""
    user = point_worker if name == point_worker.name else None
    return PairWorker(position=position, name=name, title=title, organisation=org,
                      email=user.email if user else _email(name, org), phone=_phone(name),
                      user=user)


def _contact(name, scope, category, phone, website, description) -> None:
    if _first(Contact, name=name) is None:
        db.session.add(Contact(name=name, scope=scope, category=category, phone=phone,
                               website=website, description=description))


def _hours(schedule: str, mode: ServiceMode) -> list[OpeningHours]:
    return [
        OpeningHours(mode=mode, weekday=day, opens=time.fromisoformat(opens),
                     closes=time.fromisoformat(closes))
        for days, opens, closes in data.SCHEDULES[schedule]
        for day in days
    ]


def _offerings(letters: str, offerings: dict[str, Offering]) -> list[Offering]:
    return [offerings[data.OFFERING_LETTERS[letter]] for letter in letters]


def spread(latitude: float, longitude: float, key: str, index: int) -> tuple[float, float]:
    """A spot 300 m + 250 m per earlier point from a district's centre, in a direction fixed by
    the key, so that points of one district do not coincide and stay put between loads."""
    angle = radians(zlib.crc32(key.encode()) % 360)
    metres = 300 + 250 * index
    d_lat = metres * cos(angle) / METRES_PER_DEGREE
    d_lon = metres * sin(angle) / (METRES_PER_DEGREE * cos(radians(latitude)))
    return round(latitude + d_lat, 6), round(longitude + d_lon, 6)


def _domain(org: Organisation) -> str:
    return (org.email or "demo@apuverkko.example").rsplit("@", 1)[1]


def _email(name: str, org: Organisation) -> str:
    """An invented address on the organisation's demo domain."""
    local = name.lower().replace(" ", ".")
    for plain, accented in (("a", "ä"), ("o", "ö"), ("a", "å")):
        local = local.replace(accented, plain)
    return f"{local}@{_domain(org)}"


def _phone(name: str) -> str:
    """An invented mobile number, the same for a name on every load."""
    digits = f"{zlib.crc32(name.encode()) % 10_000_000:07d}"
    return f"040 {digits[:3]} {digits[3:]}"
