"""The steering and coordination group's roster."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.database import UTCDateTime, db, str_enum
from network.models.areas import Area
from network.models.offerings import Offering
from network.models.organisations import Organisation


class GroupRole(StrEnum):
    """A member's role in the steering group."""

    CHAIR = "chair"
    COORDINATION = "coordination"
    MEMBER = "member"


roster_member_area = Table(
    "roster_member_area",
    db.metadata,
    Column("member_id", ForeignKey("roster_member.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)

roster_member_offering = Table(
    "roster_member_offering",
    db.metadata,
    Column("member_id", ForeignKey("roster_member.id", ondelete="CASCADE"), primary_key=True),
    Column("offering_id", ForeignKey("offering.id", ondelete="CASCADE"), primary_key=True),
)


class RosterMember(db.Model):
    """A member of the steering group and what they answer for."""

    __tablename__ = "roster_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    group_role: Mapped[GroupRole] = mapped_column(str_enum(GroupRole), default=GroupRole.MEMBER)
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    responsibilities: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    exercise_participant: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
    areas: Mapped[list[Area]] = relationship(
        secondary=roster_member_area, back_populates="responsible", order_by=Area.name
    )
    services: Mapped[list[Offering]] = relationship(
        secondary=roster_member_offering, order_by=Offering.sort_order
    )

    def __str__(self) -> str:
        return self.name
