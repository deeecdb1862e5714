"""The catalogue of offerings and which point offers what in each mode."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.database import UTCDateTime, db, str_enum


class ServiceMode(StrEnum):
    """The network's two modes."""

    NORMAL = "normal"
    EXCEPTIONAL = "exceptional"


class Offering(db.Model):
    """A kind of help a point can offer, named in each language."""

    __tablename__ = "offering"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_fi: Mapped[str] = mapped_column(String(120))
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=100)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def name(self, locale: str) -> str:
        """The offering's name in a language (Finnish when unknown)."""
        return getattr(self, f"name_{locale}", None) or self.name_fi

    def __str__(self) -> str:
        return self.name_fi


class PointOffering(db.Model):
    """That a point offers an offering in a mode."""

    __tablename__ = "point_offering"

    point_id: Mapped[int] = mapped_column(
        ForeignKey("service_point.id", ondelete="CASCADE"), primary_key=True
    )
    offering_id: Mapped[int] = mapped_column(ForeignKey("offering.id"), primary_key=True)
    mode: Mapped[ServiceMode] = mapped_column(str_enum(ServiceMode), primary_key=True)

    offering: Mapped[Offering] = relationship(lazy="joined")
