"""Training courses with sessions and attendance, volunteer meetups, and volunteer checklists."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.volunteers import Volunteer


class CourseKind(StrEnum):
    """The basic support-person course or a refresher (digital services especially)."""

    BASIC = "basic"
    REFRESHER = "refresher"


class TrainingCourse(db.Model):
    """A course: its sessions, participants and their completion."""

    __tablename__ = "training_course"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CourseKind] = mapped_column(str_enum(CourseKind))
    place: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sessions: Mapped[list["TrainingSession"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="TrainingSession.position")
    participants: Mapped[list["CourseParticipant"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseParticipant.id")

    def __str__(self) -> str:
        return self.title


class TrainingSession(db.Model):
    """One session of a course; `topic` names a session of the default programme."""

    __tablename__ = "training_session"
    __table_args__ = (
        UniqueConstraint("course_id", "position"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 720", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"))
    position: Mapped[int]
    topic: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(default=210)

    course: Mapped[TrainingCourse] = relationship(back_populates="sessions")
    attendees: Mapped[list["SessionAttendance"]] = relationship(cascade="all, delete-orphan")


class CourseParticipant(db.Model):
    """A volunteer on a course; `completed_on` is set when the certificate is given."""

    __tablename__ = "course_participant"
    __table_args__ = (UniqueConstraint("course_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    completed_on: Mapped[date | None] = mapped_column(Date)

    course: Mapped[TrainingCourse] = relationship(back_populates="participants")
    volunteer: Mapped[Volunteer] = relationship()


class SessionAttendance(db.Model):
    """That a volunteer attended a session."""

    __tablename__ = "session_attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True)


class MeetupSeason(StrEnum):
    """The volunteers' get-togethers: at least spring and autumn."""

    SPRING = "spring"
    AUTUMN = "autumn"
    OTHER = "other"


class Meetup(db.Model):
    """A get-together of volunteers for peer support and recognition."""

    __tablename__ = "volunteer_meetup"

    id: Mapped[int] = mapped_column(primary_key=True)
    season: Mapped[MeetupSeason] = mapped_column(str_enum(MeetupSeason))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attendees: Mapped[list["MeetupAttendance"]] = relationship(cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.title


class MeetupAttendance(db.Model):
    """That a volunteer came to a meetup."""

    __tablename__ = "meetup_attendance"

    meetup_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_meetup.id", ondelete="CASCADE"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True)


class VolunteerChecklist(db.Model):
    """What volunteers remember, insurance and expenses; general or for one scenario.

    The scenario is referred to by table name only: network never imports crisis.
    """

    __tablename__ = "volunteer_checklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    remember: Mapped[str | None] = mapped_column(Text)
    insurance: Mapped[str | None] = mapped_column(Text)
    expenses: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __str__(self) -> str:
        return self.title
