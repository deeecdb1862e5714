"""Activations: the network in a scenario's exceptional mode, from opening to closing."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisis.models.scenarios import Scenario
from network.database import UTCDateTime, db, str_enum
from network.models import PointStatus, ServicePoint, User


class Activation(db.Model):
    """One period of exceptional mode; at most one is open at a time."""

    __tablename__ = "activation"
    # `open_slot` is 1 while open and NULL once closed: the unique constraint lets only one
    # activation be open, so two admins clicking at once cannot open two.
    __table_args__ = (UniqueConstraint("open_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"))
    exercise: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    open_slot: Mapped[int | None] = mapped_column(default=1)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    close_reason: Mapped[str | None] = mapped_column(Text)

    scenario: Mapped[Scenario] = relationship()
    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    point_states: Mapped[list["ActivationPoint"]] = relationship(
        back_populates="activation", cascade="all, delete-orphan",
        order_by="ActivationPoint.point_id",
    )

    @property
    def is_open(self) -> bool:
        """Whether the network is still in this activation's mode."""
        return self.closed_at is None


class ActivationPoint(db.Model):
    """A point's state before an activation and in it; deactivation restores the former."""

    __tablename__ = "activation_point"

    activation_id: Mapped[int] = mapped_column(
        ForeignKey("activation.id", ondelete="CASCADE"), primary_key=True
    )
    point_id: Mapped[int] = mapped_column(
        ForeignKey("service_point.id", ondelete="CASCADE"), primary_key=True
    )
    previous_status: Mapped[PointStatus] = mapped_column(str_enum(PointStatus))
    previous_in_exceptional: Mapped[bool]
    status: Mapped[PointStatus] = mapped_column(str_enum(PointStatus))
    in_exceptional: Mapped[bool]
    # False in an exercise: the change is recorded, never made, so residents are not misled.
    applied: Mapped[bool] = mapped_column(default=True)

    activation: Mapped[Activation] = relationship(back_populates="point_states")
    point: Mapped[ServicePoint] = relationship()
