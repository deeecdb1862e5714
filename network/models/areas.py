"""Areas (districts) of the municipality."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.database import UTCDateTime, db


class Area(db.Model):
    """A district with its responsible persons from the steering group roster."""

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    responsible: Mapped[list["RosterMember"]] = relationship(  # noqa: F821
        secondary="roster_member_area", back_populates="areas", order_by="RosterMember.name"
    )

    def __str__(self) -> str:
        return self.name
