"""Published CAP alerts: what the public (or, for exercises, the steering) feed lists."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from network.database import UTCDateTime, db


class PublishedAlert(db.Model):
    """One CAP 1.2 message as published, kept verbatim."""

    __tablename__ = "published_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(160), unique=True)
    # One alert per (activation, phase, plan row): publishing twice finds the first.
    group_key: Mapped[str] = mapped_column(String(160), unique=True)
    activation_id: Mapped[int] = mapped_column(ForeignKey("activation.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # CAP status: Actual or Exercise
    msg_type: Mapped[str] = mapped_column(String(16))  # Alert, Update or Cancel
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    headline: Mapped[str] = mapped_column(String(200))
    xml: Mapped[str] = mapped_column(Text)
