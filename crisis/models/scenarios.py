"""Prepared scenarios and their communications plans."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.clock import utcnow
from network.database import UTCDateTime, db, str_enum
from network.models import Area, Organisation, ServicePoint


class ScenarioKind(StrEnum):
    """What kind of crisis a scenario prepares for."""

    EPIDEMIC = "epidemic"
    POWER_CUT = "power_cut"
    FLOOD = "flood"
    HEAT = "heat"
    OTHER = "other"


class Audience(StrEnum):
    """Whom a plan row informs."""

    STEERING_GROUP = "steering_group"
    WORKER_PAIRS = "worker_pairs"
    VOLUNTEERS = "volunteers"
    PARTNERS = "partners"
    RESIDENTS = "residents"
    PUBLIC = "public"


class Timing(StrEnum):
    """When a plan row is sent."""

    AT_ACTIVATION = "at_activation"
    AFTER_HOURS = "after_hours"
    AT_DEACTIVATION = "at_deactivation"


class OtherPoints(StrEnum):
    """What happens to the points a scenario does not open."""

    KEEP = "keep"
    CLOSED = "closed"
    STANDBY = "standby"


class Scenario(db.Model):
    """A crisis prepared in advance: which points open, with what instructions, and its plan."""

    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ScenarioKind] = mapped_column(str_enum(ScenarioKind))
    description: Mapped[str | None] = mapped_column(Text)
    cap_category: Mapped[str] = mapped_column(String(20), default="Safety")
    other_points: Mapped[OtherPoints] = mapped_column(str_enum(OtherPoints),
                                                      default=OtherPoints.KEEP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    points: Mapped[list["ScenarioPoint"]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan"
    )
    plan: Mapped[list["PlanRow"]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="PlanRow.id"
    )

    def __str__(self) -> str:
        return self.name


class ScenarioPoint(db.Model):
    """A point that opens in a scenario's exceptional mode, with instructions for its pair."""

    __tablename__ = "scenario_point"

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True
    )
    point_id: Mapped[int] = mapped_column(
        ForeignKey("service_point.id", ondelete="CASCADE"), primary_key=True
    )
    instructions: Mapped[str | None] = mapped_column(Text)

    scenario: Mapped[Scenario] = relationship(back_populates="points")
    point: Mapped[ServicePoint] = relationship()


class PlanRow(db.Model):
    """One line of the communications plan: who informs whom, how, when and with what text."""

    __tablename__ = "plan_row"
    __table_args__ = (
        CheckConstraint("delay_hours >= 0 AND delay_hours <= 720", name="delay"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"))
    informer_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    informer_name: Mapped[str | None] = mapped_column(String(200))
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    channel: Mapped[str] = mapped_column(String(20))
    timing: Mapped[Timing] = mapped_column(str_enum(Timing), default=Timing.AT_ACTIVATION)
    delay_hours: Mapped[int] = mapped_column(default=0)
    # Residents' filters; empty means all subscribed residents.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    language: Mapped[str | None] = mapped_column(String(2))
    target_group: Mapped[str | None] = mapped_column(String(32))
    subject_fi: Mapped[str | None] = mapped_column(String(200))
    subject_sv: Mapped[str | None] = mapped_column(String(200))
    subject_en: Mapped[str | None] = mapped_column(String(200))
    body_fi: Mapped[str] = mapped_column(Text)
    body_sv: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)

    scenario: Mapped[Scenario] = relationship(back_populates="plan")
    informer_organisation: Mapped[Organisation | None] = relationship()
    area: Mapped[Area | None] = relationship()

    def text(self, locale: str) -> tuple[str, str]:
        """Subject and body in a language (Finnish when that language is empty)."""
        subject = getattr(self, f"subject_{locale}", None) or self.subject_fi or ""
        body = getattr(self, f"body_{locale}", None) or self.body_fi
        return subject, body
