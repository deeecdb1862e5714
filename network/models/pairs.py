"""Worker pairs: the two people who run a point for a period."""

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.database import db
from network.models.accounts import User
from network.models.organisations import Organisation
from network.models.points import ServicePoint


class WorkerPair(db.Model):
    """The pair running a point from `starts_on` until `ends_on` (open-ended if empty)."""

    __tablename__ = "worker_pair"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR starts_on <= ends_on", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    point: Mapped[ServicePoint] = relationship(back_populates="pairs")
    workers: Mapped[list["PairWorker"]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", order_by="PairWorker.position"
    )

    def covers(self, day: date) -> bool:
        """Whether the pair's period includes a day."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def complete(self) -> bool:
        """Whether both places of the pair are filled."""
        return len(self.workers) == 2


class PairWorker(db.Model):
    """One of the two named workers of a pair (position 1 or 2)."""

    __tablename__ = "pair_worker"
    __table_args__ = (
        UniqueConstraint("pair_id", "position"),
        CheckConstraint("position IN (1, 2)", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("worker_pair.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    exercise_participant: Mapped[bool] = mapped_column(default=False)

    pair: Mapped[WorkerPair] = relationship(back_populates="workers")
    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship()
