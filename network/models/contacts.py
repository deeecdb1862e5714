"""The directory of local and national services."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from network.database import UTCDateTime, db, str_enum


class ContactScope(StrEnum):
    """Whether a service is local or national."""

    LOCAL = "local"
    NATIONAL = "national"


class Contact(db.Model):
    """A service people can be guided to, with how to reach it."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[ContactScope] = mapped_column(str_enum(ContactScope))
    category: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __str__(self) -> str:
        return self.name
