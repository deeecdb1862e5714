"""The volunteer bank: profiles, availability, recruitment interviews, thanks and debriefings."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.accounts import User


class ServiceSetting(StrEnum):
    """A service setting where a support person accompanies clients (also a request's sector)."""

    DISABILITY = "disability_services"
    CHILD_PROTECTION = "child_protection"
    IMMIGRATION = "immigration_integration"
    HOUSING_DEBT = "housing_debt_advice"
    EMPLOYMENT = "employment_services"
    LEGAL_TAX = "legal_tax_services"
    HEALTH_CARE = "health_care"
    ONLINE = "online_services"
    EVERYDAY = "everyday_errands"
    OTHER = "other"


class VolunteerStatus(StrEnum):
    """Whether a volunteer takes assignments."""

    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Volunteer(db.Model):
    """A volunteer's profile in the bank; `user_id` links their login, if they have one."""

    __tablename__ = "volunteer"
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="lat"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="lon"
        ),
        CheckConstraint("left_on IS NULL OR joined_on <= left_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2), default="fi")  # for messages to them
    home_place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience: Mapped[list[str]] = mapped_column(JSON, default=list)
    strengths: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[str | None] = mapped_column(Text)
    challenges: Mapped[str | None] = mapped_column(Text)
    status: Mapped[VolunteerStatus] = mapped_column(str_enum(VolunteerStatus),
                                                    default=VolunteerStatus.ACTIVE)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User | None] = relationship()
    slots: Mapped[list["WeeklyAvailability"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan",
        order_by="(WeeklyAvailability.weekday, WeeklyAvailability.starts)")
    dated: Mapped[list["AvailabilityException"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan",
        order_by="(AvailabilityException.day, AvailabilityException.id)")
    interview: Mapped["VolunteerInterview | None"] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", uselist=False)
    thanks: Mapped[list["VolunteerThanks"]] = relationship(
        cascade="all, delete-orphan", order_by="VolunteerThanks.given_on")

    def __str__(self) -> str:
        return self.name


class WeeklyAvailability(db.Model):
    """A period on a weekday (0 = Monday, Helsinki time) when the volunteer is usually free."""

    __tablename__ = "weekly_availability"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday"),
        CheckConstraint("starts < ends", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)

    volunteer: Mapped[Volunteer] = relationship(back_populates="slots")


class AvailabilityException(db.Model):
    """A dated change to the weekly pattern: away (all day or some hours) or free extra hours."""

    __tablename__ = "availability_exception"
    __table_args__ = (
        CheckConstraint("(starts IS NULL AND ends IS NULL) OR "
                        "(starts IS NOT NULL AND ends IS NOT NULL AND starts < ends)",
                        name="hours"),
        CheckConstraint("NOT available OR starts IS NOT NULL", name="extra_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    available: Mapped[bool] = mapped_column(default=False)
    starts: Mapped[time | None] = mapped_column(Time)
    ends: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(String(200))

    volunteer: Mapped[Volunteer] = relationship(back_populates="dated")


class VolunteerInterview(db.Model):
    """The coordinator's recruitment interview form, kept with the profile."""

    __tablename__ = "volunteer_interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), unique=True)
    interviewed_on: Mapped[date] = mapped_column(Date)
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    work_history: Mapped[str | None] = mapped_column(Text)
    life_situation: Mapped[str | None] = mapped_column(Text)
    earlier_volunteering: Mapped[str | None] = mapped_column(Text)
    motivation: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    volunteer: Mapped[Volunteer] = relationship(back_populates="interview")
    interviewer: Mapped[User | None] = relationship()


class VolunteerThanks(db.Model):
    """Thanks or recognition given to a volunteer, recorded so none is forgotten."""

    __tablename__ = "volunteer_thanks"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    given_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DebriefingRequest(db.Model):
    """A volunteer's wish to talk a heavy visit through; the coordinator marks it handled."""

    __tablename__ = "debriefing_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    support_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_request.id", ondelete="SET NULL"))
    message: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    handled_note: Mapped[str | None] = mapped_column(String(500))

    volunteer: Mapped[Volunteer] = relationship()
