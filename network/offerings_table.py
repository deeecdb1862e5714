"""The offerings table: which active point gives which active offering, in each mode."""

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.database import db
from network.models import Area, Offering, ServiceMode, ServicePoint

MODES = (ServiceMode.NORMAL, ServiceMode.EXCEPTIONAL)


@dataclass(frozen=True)
class TableRow:
    """A point and the (offering id, mode) pairs it gives."""

    point: ServicePoint
    marks: frozenset[tuple[int, ServiceMode]]

    def offers(self, offering: Offering, mode: ServiceMode) -> bool:
        """Whether the point gives an offering in a mode."""
        return (offering.id, mode) in self.marks


@dataclass(frozen=True)
class OfferingsTable:
    """Points (by area, then name) × offerings (in catalogue order)."""

    offerings: list[Offering]
    rows: list[TableRow]

    def by_area(self) -> list[tuple[Area | None, list[TableRow]]]:
        """The rows grouped by area; points without an area come last."""
        return [(area, list(rows))
                for area, rows in groupby(self.rows, key=lambda row: row.point.area)]

    def count(self, offering: Offering, mode: ServiceMode) -> int:
        """How many points give an offering in a mode."""
        return sum(row.offers(offering, mode) for row in self.rows)


def _point_order(point: ServicePoint) -> tuple:
    area = point.area
    return (area is None, area.name.casefold() if area else "", point.name.casefold(),
            point.external_id)


def build() -> OfferingsTable:
    """The table of every active point and every active offering."""
    offerings = list(db.session.scalars(
        select(Offering).where(Offering.retired_at.is_(None))
        .order_by(Offering.sort_order, Offering.code)))
    points = db.session.scalars(
        select(ServicePoint).where(ServicePoint.retired_at.is_(None))
        .options(selectinload(ServicePoint.area), selectinload(ServicePoint.offerings)))
    rows = [
        TableRow(point, frozenset((po.offering_id, po.mode) for po in point.offerings))
        for point in sorted(points, key=_point_order)
    ]
    return OfferingsTable(offerings, rows)
