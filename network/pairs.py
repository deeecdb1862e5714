"""Worker pair operations: create, edit and end the pair that runs a point for a period.

A pair may have only one worker for a while (the overview warns about it), never more than two,
and the periods of one point's pairs may not overlap, so "the pair today" is always one pair.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from network.database import db
from network.errors import ValidationError
from network.models import (
    Organisation,
    PairWorker,
    Role,
    ServicePoint,
    User,
    WorkerPair,
)

WORKER_LIMITS = {"name": 200, "title": 200, "email": 254, "phone": 40}


@dataclass
class Worker:
    """What is known of one worker of a pair; all empty means the place is vacant."""

    name: str | None = None
    title: str | None = None
    organisation_id: int | None = None
    email: str | None = None
    phone: str | None = None
    user_id: int | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing at all was given."""
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


def _check_workers(workers: Sequence[Worker], linked: frozenset[int] = frozenset()
                   ) -> list[Worker]:
    """The given workers checked, vacant places dropped; field names are worker1_name etc.

    Accounts in `linked` are already on the pair and stay allowed even if no longer active.
    """
    if len(workers) > 2:
        raise ValueError("a pair has at most two workers")
    filled: list[Worker] = []
    for position, worker in enumerate(workers, start=1):
        prefix = f"worker{position}_"
        if worker.empty:
            continue
        for field, limit in WORKER_LIMITS.items():
            value = getattr(worker, field)
            value = value.strip() if isinstance(value, str) else value
            if value and len(value) > limit:
                raise ValidationError(_l("Use at most %(n)d characters.", n=limit),
                                      prefix + field)
            setattr(worker, field, value or None)
        if not worker.name:
            raise ValidationError(_l("Give the worker's name."), prefix + "name")
        if worker.organisation_id is not None and db.session.get(
                Organisation, worker.organisation_id) is None:
            raise ValidationError(_l("Choose one of the options."), prefix + "organisation_id")
        if worker.user_id is not None and worker.user_id not in linked:
            user = db.session.get(User, worker.user_id)
            if user is None or user.role != Role.POINT_WORKER or not user.active:
                raise ValidationError(_l("Choose an active point worker account."),
                                      prefix + "user_id")
        if worker.user_id is not None and any(w.user_id == worker.user_id for w in filled):
            raise ValidationError(_l("The two workers need different accounts."),
                                  prefix + "user_id")
        filled.append(worker)
    if not filled:
        raise ValidationError(_l("Give the worker's name."), "worker1_name")
    return filled


def _check_period(point: ServicePoint, starts_on: date | None, ends_on: date | None,
                  pair: WorkerPair | None) -> None:
    if not isinstance(starts_on, date):
        raise ValidationError(_l("Give the first day."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_l("The pair cannot end before it starts."), "ends_on")
    for other in point.pairs:
        if other is pair:
            continue
        if (other.ends_on is None or starts_on <= other.ends_on) and (
                ends_on is None or other.starts_on <= ends_on):
            raise ValidationError(
                _l("This period overlaps another pair of the point (from %(start)s); "
                   "end that pair first.", start=other.starts_on.isoformat()), "starts_on")


def _fill(pair: WorkerPair, workers: list[Worker]) -> None:
    """Put the workers in places 1 and 2, updating in place so positions stay unique."""
    by_position = {w.position: w for w in pair.workers}
    for position in (1, 2):
        current = by_position.get(position)
        if position > len(workers):
            if current is not None:
                pair.workers.remove(current)
            continue
        if current is None:
            current = PairWorker(position=position)
            pair.workers.append(current)
        for f in fields(Worker):
            setattr(current, f.name, getattr(workers[position - 1], f.name))


def create_pair(point: ServicePoint, *, starts_on: date, ends_on: date | None = None,
                workers: Sequence[Worker]) -> WorkerPair:
    """A new pair for a point; refuses overlapping periods and a retired point."""
    if point.retired_at is not None:
        raise ValidationError(_l("The point is retired."))
    _check_period(point, starts_on, ends_on, None)
    filled = _check_workers(workers)
    pair = WorkerPair(starts_on=starts_on, ends_on=ends_on)
    point.pairs.append(pair)
    _fill(pair, filled)
    db.session.flush()
    return pair


def update_pair(pair: WorkerPair, *, starts_on: date, ends_on: date | None,
                workers: Sequence[Worker]) -> WorkerPair:
    """Change a pair's period and workers."""
    _check_period(pair.point, starts_on, ends_on, pair)
    filled = _check_workers(workers, frozenset(w.user_id for w in pair.workers if w.user_id))
    pair.starts_on, pair.ends_on = starts_on, ends_on
    _fill(pair, filled)
    db.session.flush()
    return pair


def end_pair(pair: WorkerPair, *, ends_on: date) -> WorkerPair:
    """Set the pair's last day."""
    if not isinstance(ends_on, date):
        raise ValidationError(_l("Give the last day."), "ends_on")
    _check_period(pair.point, pair.starts_on, ends_on, pair)
    pair.ends_on = ends_on
    db.session.flush()
    return pair


def worker_of(record: PairWorker) -> Worker:
    """The editable values of a pair's worker."""
    return Worker(**{f.name: getattr(record, f.name) for f in fields(Worker)})


def current_pair(point: ServicePoint, today: date) -> WorkerPair | None:
    """The pair running the point today, if any."""
    return next((p for p in point.pairs if p.covers(today)), None)


def points_of_worker(user: User, today: date) -> list[ServicePoint]:
    """The points in use where a user is a worker of the pair running them today."""
    running = (
        select(WorkerPair.point_id)
        .join(PairWorker, PairWorker.pair_id == WorkerPair.id)
        .where(PairWorker.user_id == user.id, WorkerPair.starts_on <= today,
               or_(WorkerPair.ends_on.is_(None), WorkerPair.ends_on >= today))
    )
    query = (select(ServicePoint)
             .where(ServicePoint.id.in_(running), ServicePoint.retired_at.is_(None))
             .order_by(ServicePoint.name))
    return list(db.session.scalars(query))
