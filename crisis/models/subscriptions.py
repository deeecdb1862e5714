"""Residents' alert subscriptions, with consent and double opt-in."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crisis.models.outbox import Channel
from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum


class Subscription(db.Model):
    """A resident's email address or phone number for crisis alerts."""

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("channel", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    target_group: Mapped[str | None] = mapped_column(String(32))
    consent_text: Mapped[str] = mapped_column(String(500))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # HMAC of the confirmation link's code or of the SMS code: the secret itself is never stored.
    confirm_code_hash: Mapped[str | None] = mapped_column(String(128))
    confirm_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirm_attempts: Mapped[int] = mapped_column(default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Choices of a repeated subscribe for an already active address, applied on confirmation,
    # so nobody can change another person's subscription by knowing their address.
    pending: Mapped[dict | None] = mapped_column(JSON)
    token: Mapped[str] = mapped_column(String(64), unique=True)

    @property
    def active(self) -> bool:
        """Whether alerts go to this subscription (confirmed by its owner, not unsubscribed)."""
        return self.confirmed_at is not None and self.unsubscribed_at is None
