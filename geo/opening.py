"""Whether a point is open at a moment, and until when (Europe/Helsinki wall-clock time).

The caller picks the weekly periods of the network's current mode (normal or
exceptional) and passes them with the point's dated exceptions and status. Rules:

- a status other than "open" (e.g. "standby", "closed") means not open;
- a dated exception replaces the weekly periods of its day: closed for the day, or
  the exception's own opening and closing time;
- periods do not cross midnight (closes > opens, as the schedule tables require);
  periods that touch (9–12 and 12–16) count as one, open until 16.

`open_mask` answers for a whole snapshot of points by looping once over the points in
Python: for the ~2,000 points of a municipality network this takes a few milliseconds
and runs when the snapshot is refreshed (say once a minute), not per request.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np

HELSINKI = ZoneInfo("Europe/Helsinki")
OPEN_STATUS = "open"


@dataclass(frozen=True, slots=True)
class WeeklyPeriod:
    """One opening period on a weekday (0 = Monday)."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class DatedException:
    """A dated change: closed for the day, or other hours that day."""

    day: date
    closed: bool = True
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True)
class PointHours:
    """A point's status, weekly periods (of the current mode) and dated exceptions."""

    status: str
    periods: Sequence[WeeklyPeriod] = ()
    exceptions: Sequence[DatedException] = ()
    _by_day: dict[date, DatedException] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_day: dict[date, DatedException] = {}
        for exc in self.exceptions:
            by_day.setdefault(exc.day, exc)
        object.__setattr__(self, "_by_day", by_day)

    def periods_on(self, day: date) -> list[tuple[time, time]]:
        """The (opens, closes) periods of a calendar day, exceptions applied, in order."""
        exc = self._by_day.get(day)
        if exc is not None:
            if exc.closed:
                return []
            if exc.opens is not None and exc.closes is not None:
                return [(exc.opens, exc.closes)] if exc.opens < exc.closes else []
        weekday = day.weekday()
        return sorted(
            (p.opens, p.closes) for p in self.periods
            if p.weekday == weekday and p.opens < p.closes
        )


def local_moment(moment: datetime) -> datetime:
    """The moment in Helsinki time; a naive moment is refused (ambiguous)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(HELSINKI)


def open_until(hours: PointHours, moment: datetime) -> datetime | None:
    """Until when the point stays open from this moment (aware, Helsinki), or None if closed."""
    if hours.status != OPEN_STATUS:
        return None
    here = local_moment(moment)
    day, now = here.date(), here.time().replace(tzinfo=None)
    until: time | None = None
    for opens, closes in hours.periods_on(day):
        if until is None:
            if opens <= now < closes:
                until = closes
        elif opens <= until:  # touches or overlaps the current period
            until = max(until, closes)
        else:
            break
    if until is None:
        return None
    return datetime.combine(day, until, tzinfo=HELSINKI)


def is_open(hours: PointHours, moment: datetime) -> bool:
    """Whether the point is open at the moment."""
    return open_until(hours, moment) is not None


def open_mask(points: Sequence[PointHours], moment: datetime) -> tuple[np.ndarray, np.ndarray]:
    """For each point: open now (bool array) and open until (object array of datetime|None).

    One Python pass over the points (see the module docstring for why that is fine).
    """
    until = np.empty(len(points), dtype=object)
    for i, hours in enumerate(points):
        until[i] = open_until(hours, moment)
    mask = np.fromiter((u is not None for u in until), dtype=bool, count=len(points))
    return mask, until
