"""The web notice: publishing marks the row sent; the resident site shows the newest one.

The plan writes one web notice row per language (fi, sv, en).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from crisis.models.activations import Activation
from crisis.models.outbox import Channel, OutboxMessage, OutboxStatus
from network.database import db


@dataclass(frozen=True)
class Notice:
    """The notice shown on the resident site."""

    activation_id: int
    language: str
    subject: str
    body: str
    sent_at: datetime


def current(locale: str) -> Notice | None:
    """The newest published web notice of the open actual activation in a language, or None."""
    row = db.session.execute(
        select(OutboxMessage.activation_id, OutboxMessage.subject, OutboxMessage.body,
               OutboxMessage.sent_at)
        .join(Activation, Activation.id == OutboxMessage.activation_id)
        .where(OutboxMessage.channel == Channel.WEB_NOTICE,
               OutboxMessage.status == OutboxStatus.SENT,
               OutboxMessage.language == locale,
               Activation.closed_at.is_(None), Activation.exercise.is_(False))
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return Notice(activation_id=row.activation_id, language=locale, subject=row.subject or "",
                  body=row.body, sent_at=row.sent_at)


class WebNoticePublisher:
    """Publishing a web notice row is marking it sent: `current()` then shows it."""

    channel = Channel.WEB_NOTICE

    def open(self) -> None:
        """Nothing to connect."""

    def send(self, row: OutboxMessage, unsubscribe_url: str | None = None) -> None:
        """Nothing to hand over: the row's 'sent' mark publishes it."""

    def close(self) -> None:
        """Nothing to close."""
