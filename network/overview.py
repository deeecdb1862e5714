"""The network at a glance: counts, and the points that need attention."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from network.database import db
from network.models import (
    Area,
    Offering,
    Organisation,
    PointStatus,
    RosterMember,
    ServiceMode,
    ServicePoint,
    WorkerPair,
)


@dataclass
class Overview:
    """Counts of active records and the lists of points with something missing."""

    counts: dict[str, int]
    points_by_status: dict[str, int]
    without_pair: list[ServicePoint] = field(default_factory=list)
    without_hours: list[ServicePoint] = field(default_factory=list)
    without_coordinates: list[ServicePoint] = field(default_factory=list)

    @property
    def warning_count(self) -> int:
        """How many problems there are in all."""
        return len(self.without_pair) + len(self.without_hours) + len(self.without_coordinates)


def active_points() -> list[ServicePoint]:
    """Every point in use, with its hours and pairs loaded."""
    query = (
        select(ServicePoint)
        .where(ServicePoint.retired_at.is_(None))
        .options(
            selectinload(ServicePoint.hours),
            selectinload(ServicePoint.pairs).selectinload(WorkerPair.workers),
        )
        .order_by(ServicePoint.name)
    )
    return list(db.session.scalars(query))


def has_complete_pair(point: ServicePoint, today: date) -> bool:
    """Whether a complete pair runs the point today."""
    return any(pair.covers(today) and pair.complete for pair in point.pairs)


def build(today: date) -> Overview:
    """Counts and warnings for the whole network on a day."""
    def count(model) -> int:
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.retired_at.is_(None))
        )

    points = active_points()
    overview = Overview(
        counts={
            "organisations": count(Organisation),
            "roster": count(RosterMember),
            "areas": count(Area),
            "points": len(points),
            "exceptional_points": sum(p.in_exceptional_network for p in points),
            "offerings": count(Offering),
        },
        points_by_status={s.value: sum(p.status == s for p in points) for s in PointStatus},
    )
    for point in points:
        if not has_complete_pair(point, today):
            overview.without_pair.append(point)
        if not point.hours_in(ServiceMode.NORMAL):
            overview.without_hours.append(point)
        if not point.has_coordinates:
            overview.without_coordinates.append(point)
    return overview
