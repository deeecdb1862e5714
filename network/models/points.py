"""Service points, their schedules and dated exceptions."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.areas import Area
from network.models.offerings import PointOffering, ServiceMode
from network.models.organisations import Organisation


class PointKind(StrEnum):
    """What kind of place a service point is."""

    LIVING_ROOM = "living_room"
    PARISH_HALL = "parish_hall"
    LIBRARY = "library"
    MOBILE = "mobile"
    OTHER = "other"


class PointStatus(StrEnum):
    """Whether a point is receiving people."""

    OPEN = "open"
    CLOSED = "closed"
    STANDBY = "standby"
    FULL = "full"  # open, but takes no more people for now
    FOOD_AID_OUT = "food_aid_out"  # open, but today's food aid has run out


class TargetGroup(StrEnum):
    """Whom a point is aimed at; `everyone` means no restriction."""

    EVERYONE = "everyone"
    YOUNG_ADULTS = "young_adults"
    IMMIGRANTS = "immigrants"
    OLDER_PEOPLE = "older_people"
    FAMILIES = "families"
    WORKING_AGE = "working_age"


class ServicePoint(db.Model):
    """A walk-in place where residents get help, run by a worker pair."""

    __tablename__ = "service_point"
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="lat"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="lon"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PointKind] = mapped_column(str_enum(PointKind))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    street_address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    description: Mapped[str | None] = mapped_column(Text)
    step_free_access: Mapped[bool] = mapped_column(default=False)
    accessibility_notes: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    walk_in: Mapped[bool] = mapped_column(default=True)
    status: Mapped[PointStatus] = mapped_column(str_enum(PointStatus), default=PointStatus.OPEN)
    in_exceptional_network: Mapped[bool] = mapped_column(default=False)
    # A short note the worker pair writes for residents (shown on the resident site).
    resident_note: Mapped[str | None] = mapped_column(String(500))
    resident_note_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()
    area: Mapped[Area | None] = relationship()
    hours: Mapped[list["OpeningHours"]] = relationship(
        back_populates="point",
        cascade="all, delete-orphan",
        order_by="(OpeningHours.mode, OpeningHours.weekday, OpeningHours.opens)",
    )
    exceptions: Mapped[list["ScheduleException"]] = relationship(
        back_populates="point", cascade="all, delete-orphan", order_by="ScheduleException.day"
    )
    offerings: Mapped[list[PointOffering]] = relationship(cascade="all, delete-orphan")
    pairs: Mapped[list["WorkerPair"]] = relationship(  # noqa: F821
        back_populates="point", cascade="all, delete-orphan", order_by="WorkerPair.starts_on"
    )

    @property
    def has_coordinates(self) -> bool:
        """Whether the point can be placed on a map."""
        return self.latitude is not None and self.longitude is not None

    def offerings_in(self, mode: ServiceMode) -> list:
        """The offerings given in a mode, in catalogue order."""
        found = [po.offering for po in self.offerings if po.mode == mode]
        return sorted(found, key=lambda o: (o.sort_order, o.code))

    def hours_in(self, mode: ServiceMode) -> list["OpeningHours"]:
        """The weekly schedule of a mode."""
        return [h for h in self.hours if h.mode == mode]

    def __str__(self) -> str:
        return self.name


class OpeningHours(db.Model):
    """One opening period on a weekday (0 = Monday) in a mode."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday"),
        CheckConstraint("opens < closes", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"))
    mode: Mapped[ServiceMode] = mapped_column(str_enum(ServiceMode))
    weekday: Mapped[int]
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    point: Mapped[ServicePoint] = relationship(back_populates="hours")


class ScheduleException(db.Model):
    """A dated change to a point's hours: closed for the day or other hours."""

    __tablename__ = "schedule_exception"
    __table_args__ = (
        UniqueConstraint("point_id", "day"),
        CheckConstraint("closed OR (opens IS NOT NULL AND closes IS NOT NULL AND opens < closes)",
                        name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=True)
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(String(200))

    point: Mapped[ServicePoint] = relationship(back_populates="exceptions")
