"""The network's points as arrays for geo (nearest, coverage, maps), cached per process.

A snapshot holds a mode's active points with coordinates: geo's PointSnapshot (positions,
offerings, target groups, languages, step-free access and a cKDTree), each point's opening
rules for `geo.opening.open_mask`, and what maps show about it. Building one costs tens of
milliseconds for 2,000 points, so `SnapshotCache` keeps one per mode and rebuilds it only when
the network's version (network.models.geodata.NetworkChange, appended by every transaction
that changes points, hours, exceptions, offerings or pairs) or the day has changed. Reading
the version is one small query per use, so every process (web workers, Celery) sees a change
at once.

Which points a mode includes: normal mode, every active point with coordinates; exceptional
mode, those marked as part of the exceptional network. Whether a point is open at a moment
comes from its status, the mode's weekly hours and its dated exceptions (`open_state`); a
point marked full or out of food aid is open by its hours (its status tells the rest).
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from geo.nearest import PointSnapshot
from geo.opening import DatedException, PointHours, WeeklyPeriod, open_mask
from network.database import db
from network.models import (
    NetworkChange,
    PointStatus,
    ServiceMode,
    ServicePoint,
    WorkerPair,
)


@dataclass(frozen=True, slots=True)
class OfferingName:
    """An offering's code and its name in each language."""

    code: str
    fi: str
    sv: str
    en: str

    def name(self, locale: str) -> str:
        """The name in a language (Finnish when unknown)."""
        return getattr(self, locale, None) or self.fi


@dataclass(frozen=True, slots=True)
class PointInfo:
    """What maps and lists show about a point."""

    id: int
    name: str
    kind: str
    status: str
    lat: float
    lon: float
    address: str | None
    area: str | None
    in_exceptional_network: bool
    pair: tuple[str, ...]  # names of today's worker pair (staff maps only)
    offerings: tuple[OfferingName, ...]  # in the snapshot's mode
    # What the resident site shows besides (defaults keep hand-made snapshots short).
    postal_code: str | None = None
    walk_in: bool = True
    step_free: bool = False
    accessibility_notes: str | None = None
    languages: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    description: str | None = None
    phone: str | None = None
    resident_note: str | None = None
    resident_note_at: datetime | None = None


@dataclass
class NetworkSnapshot:
    """A mode's points at one network version, ready for geo."""

    version: str
    mode: ServiceMode
    day: date
    points: PointSnapshot
    info: tuple[PointInfo, ...]
    hours: tuple[PointHours, ...]
    _open: tuple[datetime, np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __len__(self) -> int:
        return len(self.info)

    def index_of(self, point_id: int) -> int | None:
        """The position of a point in the arrays, or None when it is not in the snapshot."""
        found = np.flatnonzero(self.points.ids == point_id)
        return int(found[0]) if len(found) else None

    def open_state(self, moment: datetime) -> tuple[np.ndarray, np.ndarray]:
        """Open now (bool array) and open until (datetime|None array), cached per minute."""
        minute = moment.replace(second=0, microsecond=0)
        cached = self._open
        if cached is not None and cached[0] == minute:
            return cached[1], cached[2]
        with self._lock:
            now_open, until = open_mask(self.hours, moment)
            self._open = (minute, now_open, until)
        return now_open, until

    def coverage_mask(self) -> np.ndarray:
        """The points that count for coverage in this mode.

        Normal mode: points receiving people (open, also when full or out of food aid).
        Exceptional mode: points of the exceptional network not marked closed (a point on
        standby is expected to open when the mode switches).
        """
        if self.mode == ServiceMode.NORMAL:
            counted = {s.value for s in OPEN_STATUSES}
        else:
            counted = {s.value for s in PointStatus} - {PointStatus.CLOSED.value}
        return np.array([p.status in counted for p in self.info], dtype=bool)


def network_version() -> str:
    """The network's version: changes whenever a transaction that changed it commits."""
    count, last_id, last_at = db.session.execute(
        select(func.count(NetworkChange.id), func.max(NetworkChange.id),
               func.max(NetworkChange.changed_at))).one()
    stamp = last_at.isoformat() if isinstance(last_at, datetime) else str(last_at)
    return f"{count}-{last_id}-{stamp}"


def _address(point: ServicePoint) -> str | None:
    town = " ".join(p for p in (point.postal_code, point.city) if p)
    return ", ".join(p for p in (point.street_address, town) if p) or None


def _pair_today(point: ServicePoint, day: date) -> tuple[str, ...]:
    for pair in point.pairs:
        if pair.covers(day):
            return tuple(w.name for w in pair.workers)
    return ()


# Statuses under which a point is open by its hours (full, out of food aid: open, with a
# limit the resident site tells); any other status means closed.
OPEN_STATUSES = frozenset({PointStatus.OPEN, PointStatus.FULL, PointStatus.FOOD_AID_OUT})


def _hours(point: ServicePoint, mode: ServiceMode) -> PointHours:
    return PointHours(
        status="open" if point.status in OPEN_STATUSES else point.status.value,
        periods=tuple(WeeklyPeriod(h.weekday, h.opens, h.closes) for h in point.hours_in(mode)),
        exceptions=tuple(DatedException(e.day, e.closed, e.opens, e.closes)
                         for e in point.exceptions),
    )


def load_points(mode: ServiceMode) -> list[ServicePoint]:
    """The mode's active points with coordinates, their schedules, offerings and pairs loaded."""
    query = (
        select(ServicePoint)
        .where(ServicePoint.retired_at.is_(None), ServicePoint.latitude.is_not(None),
               ServicePoint.longitude.is_not(None))
        .options(selectinload(ServicePoint.hours), selectinload(ServicePoint.exceptions),
                 selectinload(ServicePoint.offerings), selectinload(ServicePoint.area),
                 selectinload(ServicePoint.pairs).selectinload(WorkerPair.workers))
        .order_by(ServicePoint.id)
    )
    if mode == ServiceMode.EXCEPTIONAL:
        query = query.where(ServicePoint.in_exceptional_network.is_(True))
    return list(db.session.scalars(query))


def build_snapshot(mode: ServiceMode | str, day: date, *, version: str | None = None
                   ) -> NetworkSnapshot:
    """A fresh snapshot of a mode's points as the database has them now."""
    mode = ServiceMode(mode)
    version = network_version() if version is None else version
    points = load_points(mode)
    info = tuple(
        PointInfo(
            id=p.id, name=p.name, kind=p.kind.value, status=p.status.value,
            lat=float(p.latitude), lon=float(p.longitude), address=_address(p),
            area=p.area.name if p.area else None,
            in_exceptional_network=bool(p.in_exceptional_network), pair=_pair_today(p, day),
            offerings=tuple(OfferingName(o.code, o.name_fi, o.name_sv, o.name_en)
                            for o in p.offerings_in(mode)),
            postal_code=p.postal_code, walk_in=bool(p.walk_in),
            step_free=bool(p.step_free_access), accessibility_notes=p.accessibility_notes,
            languages=tuple(p.languages or ()), target_groups=tuple(p.target_groups or ()),
            description=p.description, phone=p.phone,
            resident_note=p.resident_note if p.resident_note_at else None,
            resident_note_at=p.resident_note_at if p.resident_note else None,
        )
        for p in points
    )
    arrays = PointSnapshot(
        [p.id for p in points], [i.lat for i in info], [i.lon for i in info],
        offerings=[[o.code for o in i.offerings] for i in info],
        target_groups=[p.target_groups or [] for p in points],
        languages=[p.languages or [] for p in points],
        step_free=[bool(p.step_free_access) for p in points],
    )
    return NetworkSnapshot(version=version, mode=mode, day=day, points=arrays, info=info,
                           hours=tuple(_hours(p, mode) for p in points))


class SnapshotCache:
    """One snapshot per mode, rebuilt when the network's version or the day changes.

    Share one instance per process (the web app keeps it in app.extensions); it is
    thread-safe, and only one thread rebuilds a stale snapshot while others wait for it.
    """

    def __init__(self) -> None:
        self._items: dict[ServiceMode, NetworkSnapshot] = {}
        self._lock = threading.Lock()
        self.builds = 0  # how many snapshots were built (for tests and diagnostics)

    def get(self, mode: ServiceMode | str, day: date) -> NetworkSnapshot:
        """The mode's snapshot for today's network."""
        mode = ServiceMode(mode)
        version = network_version()
        snapshot = self._items.get(mode)
        if snapshot is not None and snapshot.version == version and snapshot.day == day:
            return snapshot
        with self._lock:
            snapshot = self._items.get(mode)
            if snapshot is None or snapshot.version != version or snapshot.day != day:
                snapshot = build_snapshot(mode, day, version=version)
                self._items[mode] = snapshot
                self.builds += 1
        return snapshot

    def clear(self) -> None:
        """Forget every snapshot."""
        with self._lock:
            self._items.clear()


def ids_in(snapshot: NetworkSnapshot, point_ids: Iterable[int]) -> np.ndarray:
    """A boolean mask over the snapshot's points: which of them have one of the ids."""
    return np.isin(snapshot.points.ids, np.fromiter(point_ids, dtype=np.int64))
