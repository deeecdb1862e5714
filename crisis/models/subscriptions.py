"""Residents' alert subscriptions, with consent and double opt-in."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
    confirm_code_hash: Mapped[str | None] = mapped_column(String(128))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    token: Mapped[str] = mapped_column(String(64), unique=True)

    @property
    def active(self) -> bool:
        """Whether alerts go to this subscription (confirmed by its owner)."""
        return self.confirmed_at is not None
