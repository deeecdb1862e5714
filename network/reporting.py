"""Shared pieces of the result pages: the period asked about and the minimum group size."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from network.clock import HELSINKI, local

# Results of feedback and surveys are shown only for groups of at least this many answers,
# so that no single answer can be singled out; every breakdown cell follows the same rule.
MIN_GROUP_SIZE = 5
K = TypeVar("K")


@dataclass(frozen=True)
class Period:
    """A range of days, both ends included, in Helsinki time."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    @property
    def utc_start(self) -> datetime:
        """The first moment of the period."""
        return datetime.combine(self.start, time(0), tzinfo=HELSINKI)

    @property
    def utc_end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=HELSINKI)

    def holds(self, moment: datetime | date | None) -> bool:
        """Whether a day or a moment falls in the period."""
        if moment is None:
            return False
        day = local(moment).date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end

    def months(self) -> Iterator[str]:
        """The months the period touches, as 'YYYY-MM'."""
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            yield f"{year:04d}-{month:02d}"
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    @classmethod
    def last_months(cls, today: date, months: int = 12) -> "Period":
        """From the first day of the month `months - 1` months ago until today."""
        year, month = today.year, today.month - (months - 1)
        while month < 1:
            year, month = year - 1, month + 12
        return cls(date(year, month, 1), today)


def month_of(moment: datetime | date) -> str:
    """The month of a day or a moment (Helsinki time) as 'YYYY-MM'."""
    day = local(moment).date() if isinstance(moment, datetime) else moment
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class Group:
    """A group of answers: its size and, only when large enough, its result."""

    count: int
    value: object = None
    hidden: bool = False  # hidden although large enough, to protect a small neighbour

    @property
    def shown(self) -> bool:
        """Whether the group's result may be shown."""
        return self.count >= MIN_GROUP_SIZE and not self.hidden


def group(count: int, result) -> Group:
    """A group whose result is computed (by calling `result`) only when it may be shown."""
    return Group(count, result() if count >= MIN_GROUP_SIZE else None)


def protect(cells: dict[K, Group]) -> dict[K, Group]:
    """A breakdown whose hidden cells hold no answers or at least five between them.

    Without this, a shown total minus the shown cells would give away a small hidden cell
    (e.g. the one answer of a month); so the smallest shown cells are hidden too.
    """
    hidden = sum(g.count for g in cells.values() if not g.shown)
    if hidden == 0 or hidden >= MIN_GROUP_SIZE:
        return cells
    out = dict(cells)
    for key, g in sorted(((k, g) for k, g in cells.items() if g.shown),
                         key=lambda kv: kv[1].count):
        out[key] = Group(g.count, None, hidden=True)
        hidden += g.count
        if hidden >= MIN_GROUP_SIZE:
            break
    return out


def hide_all(cells: dict[K, Group]) -> dict[K, Group]:
    """A breakdown of a hidden group: every cell hidden (else they would add up to it)."""
    return {k: g if not g.shown else Group(g.count, None, hidden=True) for k, g in cells.items()}
