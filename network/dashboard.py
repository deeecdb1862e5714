"""The point dashboard of a worker pair: note for residents, today's hours and offerings,
daily visitor counts per offering, and requests to the coordinator for volunteers.

The status itself changes through network.points.set_status; the resident site reads the
note through `resident_note` / `resident_notes` (a change to the point invalidates its
cached snapshot, so the note shows at once).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from geo.opening import DatedException, PointHours, WeeklyPeriod
from network.database import db
from network.errors import ValidationError
from network.models import (
    Offering,
    ServiceMode,
    ServicePoint,
    ShiftRequest,
    ShiftRequestStatus,
    User,
    VisitorCount,
)
from network.volunteers import clean_text

NOTE_LIMIT = 500
MAX_VISITORS = 100_000


@dataclass(frozen=True)
class ResidentNote:
    """A point's note for residents and when it was written."""

    text: str
    written_at: datetime


def set_resident_note(point: ServicePoint, text: str | None, *, now: datetime) -> ServicePoint:
    """Write (or, with empty text, remove) the point's note for residents."""
    text = clean_text(text, NOTE_LIMIT, "note")
    point.resident_note = text
    point.resident_note_at = now if text else None
    db.session.flush()
    return point


def resident_note(point: ServicePoint) -> ResidentNote | None:
    """The note residents see for a point, if any (retired points have none)."""
    if not point.resident_note or point.retired_at is not None or point.resident_note_at is None:
        return None
    return ResidentNote(point.resident_note, point.resident_note_at)


def resident_notes(point_ids: Iterable[int]) -> dict[int, ResidentNote]:
    """The notes for residents of many points at once, by point id."""
    ids = list(point_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ServicePoint.id, ServicePoint.resident_note, ServicePoint.resident_note_at)
        .where(ServicePoint.id.in_(ids), ServicePoint.resident_note.is_not(None),
               ServicePoint.resident_note_at.is_not(None), ServicePoint.retired_at.is_(None)))
    return {pid: ResidentNote(text, at) for pid, text, at in rows}


def hours_on(point: ServicePoint, day: date, mode: ServiceMode) -> list[tuple[time, time]]:
    """The point's opening periods on a day in a mode, dated exceptions applied."""
    hours = PointHours(
        status=point.status.value,
        periods=[WeeklyPeriod(h.weekday, h.opens, h.closes) for h in point.hours_in(mode)],
        exceptions=[DatedException(e.day, e.closed, e.opens, e.closes) for e in point.exceptions])
    return hours.periods_on(day)


def offered(point: ServicePoint) -> list[Offering]:
    """Every offering the point gives in either mode, in catalogue order."""
    found = {po.offering.id: po.offering for po in point.offerings}
    return sorted(found.values(), key=lambda o: (o.sort_order, o.code))


def record_visitors(point: ServicePoint, *, day: date | None, counts: Mapping[int, int | None],
                    actor: User, now: datetime, today: date) -> list[VisitorCount]:
    """Save the day's visitor count per offering (empty leaves a count as it is)."""
    if not isinstance(day, date):
        raise ValidationError(_l("Give the date."), "day")
    if day > today:
        raise ValidationError(_l("The day cannot be in the future."), "day")
    allowed = {o.id for o in offered(point)}
    for offering_id, visitors in counts.items():
        if offering_id not in allowed:
            raise ValidationError(_l("Choose one of the point's offerings."),
                                  f"count_{offering_id}")
        if visitors is not None and (not isinstance(visitors, int)
                                     or not 0 <= visitors <= MAX_VISITORS):
            raise ValidationError(_l("Give a number from %(low)d to %(high)d.", low=0,
                                     high=MAX_VISITORS), f"count_{offering_id}")
    existing = {c.offering_id: c for c in db.session.scalars(
        select(VisitorCount).where(VisitorCount.point_id == point.id, VisitorCount.day == day))}
    saved = []
    for offering_id, visitors in counts.items():
        if visitors is None:
            continue
        row = existing.get(offering_id)
        if row is None:
            row = VisitorCount(point_id=point.id, day=day, offering_id=offering_id)
            db.session.add(row)
        row.visitors, row.recorded_by_id, row.recorded_at = visitors, actor.id, now
        saved.append(row)
    db.session.flush()
    return saved


def visitor_counts(point: ServicePoint, *, since: date) -> list[VisitorCount]:
    """The point's visitor counts from a day on, newest day first."""
    return list(db.session.scalars(
        select(VisitorCount).where(VisitorCount.point_id == point.id, VisitorCount.day >= since)
        .order_by(VisitorCount.day.desc(), VisitorCount.offering_id)))


def counts_on(point: ServicePoint, day: date) -> dict[int, int]:
    """The visitor counts of one day, by offering id."""
    return {c.offering_id: c.visitors for c in db.session.scalars(
        select(VisitorCount).where(VisitorCount.point_id == point.id, VisitorCount.day == day))}


def request_shift(point: ServicePoint, *, day: date | None, starts: time | None,
                  ends: time | None, needed: int | None, note: str | None, actor: User,
                  now: datetime, today: date) -> ShiftRequest:
    """Ask the coordinator for volunteers for a shift at the point."""
    if not isinstance(day, date):
        raise ValidationError(_l("Give the date."), "day")
    if day < today:
        raise ValidationError(_l("The day cannot be in the past."), "day")
    if not isinstance(starts, time):
        raise ValidationError(_l("Give the starting time."), "starts")
    if not isinstance(ends, time):
        raise ValidationError(_l("Give the ending time."), "ends")
    if starts >= ends:
        raise ValidationError(_l("The end must be after the start."), "ends")
    if not isinstance(needed, int) or not 1 <= needed <= 50:
        raise ValidationError(_l("Give a number from %(low)d to %(high)d.", low=1, high=50),
                              "volunteers_needed")
    shift = ShiftRequest(point_id=point.id, day=day, starts=starts, ends=ends,
                         volunteers_needed=needed, note=clean_text(note, 500, "note"),
                         requested_by_id=actor.id, requested_at=now)
    db.session.add(shift)
    db.session.flush()
    return shift


def handle_shift(shift: ShiftRequest, *, actor: User, note: str | None,
                 now: datetime) -> ShiftRequest:
    """The coordinator marks a shift request dealt with (e.g. who is coming)."""
    shift.handled_note = clean_text(note, 500, "handled_note")
    if shift.status != ShiftRequestStatus.HANDLED:
        shift.status, shift.handled_at, shift.handled_by_id = (
            ShiftRequestStatus.HANDLED, now, actor.id)
    db.session.flush()
    return shift


def shift_requests(point: ServicePoint | None = None, *, open_only: bool = False
                   ) -> list[ShiftRequest]:
    """Shift requests, of one point or all; soonest first."""
    query = select(ShiftRequest).order_by(ShiftRequest.day, ShiftRequest.starts, ShiftRequest.id)
    if point is not None:
        query = query.where(ShiftRequest.point_id == point.id)
    if open_only:
        query = query.where(ShiftRequest.status == ShiftRequestStatus.OPEN)
    return list(db.session.scalars(query))
