"""The outbox: one row per recipient and channel, claimed, sent and marked by the workers."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum


class Channel(StrEnum):
    """How a message travels."""

    EMAIL = "email"
    SMS = "sms"
    WEB_NOTICE = "web_notice"
    CAP = "cap"


class Phase(StrEnum):
    """Which moment of the plan a message belongs to."""

    ACTIVATION = "activation"
    TIMED = "timed"
    DEACTIVATION = "deactivation"


class OutboxStatus(StrEnum):
    """Where a message is on its way."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Not sent on purpose: the resident unsubscribed or deleted their data before it left.
    CANCELLED = "cancelled"


class RecipientKind(StrEnum):
    """Whom a row is addressed to; `recipient_id` points into the matching table."""

    USER = "user"
    ROSTER_MEMBER = "roster_member"
    PAIR_WORKER = "pair_worker"
    ORGANISATION = "organisation"
    SUBSCRIPTION = "subscription"  # a subscribed resident: carries an unsubscribe link
    PUBLIC = "public"  # web notice and CAP rows: no address, one row per language


_QUEUED = text("status = 'queued'")
_SENDING = text("status = 'sending'")


class OutboxMessage(db.Model):
    """A message to one recipient on one channel; `key` makes it unique."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # Partial indexes: the sweeper's scans touch only the few rows waiting or in flight,
        # and a row marked sent leaves both without an entry.
        Index("ix_outbox_message_queued", "due_at", postgresql_where=_QUEUED,
              sqlite_where=_QUEUED),
        Index("ix_outbox_message_claimed", "claimed_at", postgresql_where=_SENDING,
              sqlite_where=_SENDING),
        Index("ix_outbox_message_activation", "activation_id", "channel", "status"),
        # A resident's data export and erasure find their messages by recipient.
        Index("ix_outbox_message_recipient", "recipient_kind", "recipient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    activation_id: Mapped[int] = mapped_column(ForeignKey("activation.id"))
    plan_row_id: Mapped[int | None] = mapped_column(ForeignKey("plan_row.id", ondelete="SET NULL"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    recipient_kind: Mapped[str] = mapped_column(String(32))
    recipient_id: Mapped[int | None]
    address: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus),
                                                 default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When a send task was last queued for the row (NULL: none yet); the sweeper re-queues
    # rows whose task was lost, e.g. with a broker restart.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a worker claimed the row ('sending'); a claim older than the lease is a dead worker's.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
