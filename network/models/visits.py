"""What worker pairs record at their point: daily visitor counts and requests for volunteers."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.accounts import User
from network.models.offerings import Offering
from network.models.points import ServicePoint


class VisitorCount(db.Model):
    """How many people a point served with an offering on a day."""

    __tablename__ = "visitor_count"
    __table_args__ = (
        UniqueConstraint("point_id", "day", "offering_id"),
        CheckConstraint("visitors >= 0", name="visitors"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offering.id"))
    visitors: Mapped[int]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    offering: Mapped[Offering] = relationship()


class ShiftRequestStatus(StrEnum):
    """Whether the coordinator has dealt with a request for volunteers."""

    OPEN = "open"
    HANDLED = "handled"


class ShiftRequest(db.Model):
    """A worker pair's request to the coordinator for volunteers for a shift at their point."""

    __tablename__ = "shift_request"
    __table_args__ = (
        CheckConstraint("starts < ends", name="order"),
        CheckConstraint("volunteers_needed >= 1 AND volunteers_needed <= 50", name="needed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    volunteers_needed: Mapped[int] = mapped_column(default=1)
    note: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[ShiftRequestStatus] = mapped_column(str_enum(ShiftRequestStatus),
                                                       default=ShiftRequestStatus.OPEN)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_note: Mapped[str | None] = mapped_column(String(500))

    point: Mapped[ServicePoint] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
