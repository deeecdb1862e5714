"""Organisations taking part in the network."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from network.database import UTCDateTime, db, str_enum


class OrganisationKind(StrEnum):
    """What kind of actor an organisation is."""

    MUNICIPALITY = "municipality"
    PARISH = "parish"
    NGO = "ngo"
    AUTHORITY = "authority"
    COMPANY = "company"


class Organisation(db.Model):
    """A city, parish, NGO, authority or company taking part in the network."""

    __tablename__ = "organisation"
    __table_args__ = (
        # Exactly one organisation holds coordination responsibility at a time.
        Index(
            "uq_organisation_one_coordinator",
            "holds_coordination",
            unique=True,
            sqlite_where=text("holds_coordination"),
            postgresql_where=text("holds_coordination"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    holds_coordination: Mapped[bool] = mapped_column(default=False)
    exercise_participant: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __str__(self) -> str:
        return self.name
