"""Support requests (who, what, where, when), visit reports, the access log and messages.

The client's personal fields are nullable because the erasure job empties them; the intake
operation (network.support_requests) is what requires them.
"""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models.accounts import User
from network.models.organisations import Organisation
from network.models.volunteers import ServiceSetting, Volunteer


class IntakeChannel(StrEnum):
    """How a request arrived."""

    COORDINATOR = "coordinator"
    PARTNER = "partner"
    PUBLIC_FORM = "public_form"


class RequestStatus(StrEnum):
    """Where a request is: waiting for a volunteer, assigned, closed after the visit, cancelled."""

    OPEN = "open"
    ASSIGNED = "assigned"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class SupportRequest(db.Model):
    """A client's request for a support person to accompany them to an appointment."""

    __tablename__ = "support_request"
    __table_args__ = (
        CheckConstraint("duration_minutes >= 10 AND duration_minutes <= 600", name="duration"),
        CheckConstraint("place_latitude IS NULL OR "
                        "(place_latitude >= -90 AND place_latitude <= 90)", name="lat"),
        CheckConstraint("place_longitude IS NULL OR "
                        "(place_longitude >= -180 AND place_longitude <= 180)", name="lon"),
        Index("ix_support_request_volunteer_starts", "volunteer_id", "starts_at"),
        Index("ix_support_request_status_closed", "status", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[IntakeChannel] = mapped_column(str_enum(IntakeChannel))
    status: Mapped[RequestStatus] = mapped_column(str_enum(RequestStatus),
                                                  default=RequestStatus.OPEN)
    partner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # Who asked on the client's behalf (a professional, a relative): name and contact.
    requester: Mapped[str | None] = mapped_column(String(300))
    # Who: personal data, emptied by the erasure job (the language stays for the counts).
    client_name: Mapped[str | None] = mapped_column(String(200))
    client_phone: Mapped[str | None] = mapped_column(String(40))
    client_email: Mapped[str | None] = mapped_column(String(254))
    client_language: Mapped[str] = mapped_column(String(2))
    client_needs: Mapped[str | None] = mapped_column(Text)
    # Recognises the same client's later requests (continuity); emptied with the rest.
    client_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # What: the appointment (free text, erased) and its sector (kept).
    appointment_type: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[ServiceSetting] = mapped_column(str_enum(ServiceSetting))
    # Where: the place as given and as geocoded (erased).
    place: Mapped[str | None] = mapped_column(String(300))
    place_latitude: Mapped[float | None]
    place_longitude: Mapped[float | None]
    # When: kept, but cut to the first of the month by the erasure job.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    feedback_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    partner_organisation: Mapped[Organisation | None] = relationship()
    volunteer: Mapped[Volunteer | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    report: Mapped["VisitReport | None"] = relationship(
        back_populates="request", cascade="all, delete-orphan", uselist=False)

    @property
    def ends_at(self) -> datetime:
        """When the appointment is expected to end."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def __str__(self) -> str:
        return f"#{self.id}"


class VisitReport(db.Model):
    """The volunteer's report after the visit; filing it closes the request."""

    __tablename__ = "visit_report"
    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR "
                        "(duration_minutes >= 0 AND duration_minutes <= 1440)", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("support_request.id", ondelete="CASCADE"), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    happened: Mapped[bool]
    duration_minutes: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)  # erased with the client's data
    concerns: Mapped[str | None] = mapped_column(Text)  # for the coordinator; erased too
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[SupportRequest] = relationship(back_populates="report")


class ClientAccessLog(db.Model):
    """One view of a client's details: who, when, which request, on which page."""

    __tablename__ = "client_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_request.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    view: Mapped[str] = mapped_column(String(40))

    user: Mapped[User] = relationship()


class SupportMessage(db.Model):
    """A message to a client or a volunteer about a request, as recorded (and emailed)."""

    __tablename__ = "support_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_request.id", ondelete="SET NULL"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    recipient_kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(300))
