"""Activating and deactivating exceptional mode, and the queries the steering pages use.

`activate` and `deactivate` are each one transaction the caller commits; the caller enqueues
`tasks.crisis.dispatch_outbox` only after that commit. Both are idempotent: a second click, or
a second admin at the same moment, gets the activation that is already open (or closed).
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from crisis import audit, network_mode, outbox, planning, recipients
from crisis.audit import Action
from crisis.models import (
    Activation,
    Audience,
    OutboxMessage,
    OutboxStatus,
    Phase,
    Scenario,
    Timing,
)
from crisis.network_mode import PointChange, current_mode
from network.database import db
from network.errors import ValidationError
from network.models import User

REASON_LIMIT = 2000
CANCELLED = "cancelled: deactivated"

__all__ = ["CANCELLED", "ActivationPreview", "activate", "activations", "current_mode",
           "deactivate", "open_activation", "preview_activation", "resend_failed",
           "timed_waiting"]


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError(_l("Give the reason."), "reason")
    if len(text) > REASON_LIMIT:
        raise ValidationError(_l("Use at most %(n)d characters.", n=REASON_LIMIT), "reason")
    return text


def open_activation() -> Activation | None:
    """The activation that is open now, if any."""
    return db.session.scalar(select(Activation).where(Activation.open_slot.is_not(None)))


def activations(limit: int = 20) -> list[Activation]:
    """The latest activations, newest first."""
    return list(db.session.scalars(
        select(Activation).order_by(Activation.opened_at.desc(), Activation.id.desc())
        .limit(limit)))


@dataclass
class ActivationPreview:
    """What activating a scenario now would do: point changes and messages per plan row."""

    scenario: Scenario
    exercise: bool
    changes: list[PointChange]
    reaches: list[planning.RowReach]

    @property
    def opening(self) -> list[PointChange]:
        """Points that start receiving people."""
        return [c for c in self.changes if c.opens]

    @property
    def closing(self) -> list[PointChange]:
        """Points that stop receiving people."""
        return [c for c in self.changes if c.closes]

    @property
    def other_changes(self) -> list[PointChange]:
        """Points that only join or leave the exceptional-mode network."""
        return [c for c in self.changes if not c.opens and not c.closes]

    @property
    def totals(self) -> dict[tuple[str, str], int]:
        """Messages written at activation (sent now or N hours later) per audience and
        channel, in plan order; the rows sent at deactivation are written then."""
        found: dict[tuple[str, str], int] = {}
        for reach in self.reaches:
            if reach.row.timing == Timing.AT_DEACTIVATION:
                continue
            key = (reach.row.audience.value, reach.row.channel)
            found[key] = found.get(key, 0) + reach.messages
        return found

    @property
    def named_messages(self) -> dict[Audience, int]:
        """Messages per audience of named people and organisations in the plan (in an
        exercise, to exercise participants only)."""
        found: dict[Audience, int] = {}
        for reach in self.reaches:
            if reach.row.audience in recipients.NAMED_AUDIENCES:
                found[reach.row.audience] = found.get(reach.row.audience, 0) + reach.messages
        return found

    @property
    def unreached(self) -> list[Audience]:
        """The plan's audiences of named people that no message reaches."""
        return [audience for audience, n in self.named_messages.items() if n == 0]


def preview_activation(scenario: Scenario, *, exercise: bool, now: datetime
                       ) -> ActivationPreview:
    """Exactly what `activate` would do now, changing nothing."""
    return ActivationPreview(scenario, exercise, network_mode.changes_for(scenario),
                             planning.reach_of(scenario, exercise=exercise, now=now))


def activate(scenario: Scenario, *, actor: User, reason: str, exercise: bool,
             now: datetime, site_url: str | None = None) -> Activation:
    """Switch the network into the scenario's exceptional mode; idempotent.

    Inserting the activation is the transaction's first write: when another one is open (the
    unique `open_slot`), the transaction is rolled back and the open activation returned, so
    two activations at once yield one activation and one set of messages.
    """
    reason = _reason(reason)
    if scenario.retired_at is not None:
        raise ValidationError(_l("The scenario is retired."))
    if (current := open_activation()) is not None:
        return current
    activation = Activation(scenario=scenario, opened_by=actor, reason=reason,
                            exercise=bool(exercise), opened_at=now, open_slot=1)
    db.session.add(activation)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if (current := open_activation()) is None:
            raise
        return current
    changes = network_mode.switch(activation)
    reaches = planning.plan_activation(activation, now=now, link=site_url)
    audit.record(actor, Action.ACTIVATE, activation, reason, details={
        "scenario_id": scenario.id, "scenario": scenario.name, "exercise": activation.exercise,
        "points_changed": len(changes), "applied": not activation.exercise,
        "messages": sum(r.messages for r in reaches)}, now=now)
    db.session.flush()
    return activation


def deactivate(activation: Activation, *, actor: User, reason: str, now: datetime,
               site_url: str | None = None) -> Activation:
    """Return the network exactly to its state before, close the activation, and queue the
    plan's deactivation messages. Timed messages still queued are cancelled (status
    cancelled, reason "cancelled: deactivated"): they were written for the exceptional mode,
    which is over, and "resend failed" leaves them alone. Idempotent.
    """
    reason = _reason(reason)
    # A conditional UPDATE as the first write: of two deactivations at once, one closes.
    closed = db.session.execute(
        update(Activation)
        .where(Activation.id == activation.id, Activation.closed_at.is_(None))
        .values(open_slot=None, closed_at=now, closed_by_id=actor.id, close_reason=reason)
        .execution_options(synchronize_session=False))
    db.session.refresh(activation)
    if closed.rowcount != 1:
        return activation
    restored = network_mode.restore(activation)
    cancelled = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.activation_id == activation.id,
               OutboxMessage.phase == Phase.TIMED,
               OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.CANCELLED, last_error=CANCELLED)
        .execution_options(synchronize_session=False)).rowcount
    reaches = planning.plan_deactivation(activation, now=now, link=site_url)
    audit.record(actor, Action.DEACTIVATE, activation, reason, details={
        "scenario_id": activation.scenario_id, "exercise": activation.exercise,
        "points_restored": restored, "timed_cancelled": cancelled,
        "messages": sum(r.messages for r in reaches)}, now=now)
    db.session.flush()
    return activation


def resend_failed(activation: Activation, *, actor: User, now: datetime) -> int:
    """Queue the activation's failed messages again, due now with fresh attempts (cancelled
    ones stay cancelled)."""
    count = outbox.resend(activation.id, now=now)
    if count:
        audit.record(actor, Action.RESEND, activation, details={"messages": count}, now=now)
    db.session.flush()
    return count


def timed_waiting(activation: Activation) -> int:
    """Timed messages still queued (deactivation would cancel them)."""
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.activation_id == activation.id, OutboxMessage.phase == Phase.TIMED,
        OutboxMessage.status == OutboxStatus.QUEUED)) or 0
