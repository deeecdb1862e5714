"""How an activation's messages are getting on: counts per channel and status, timing, failures."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from crisis.models import Activation, Channel, OutboxMessage, OutboxStatus, Phase
from network.database import db

STATUSES = tuple(s.value for s in OutboxStatus)
FAILURE_REASONS_SHOWN = 20


@dataclass
class Progress:
    """Counts per channel and status, when the first and last messages went, and why some
    failed (reasons with counts; no addresses)."""

    counts: dict[str, dict[str, int]]
    scheduled: int
    first_sent: dict[str, datetime | None]
    last_sent: dict[str, datetime | None]
    failures: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        """Counts per status over every channel."""
        return {s: sum(c[s] for c in self.counts.values()) for s in STATUSES}

    @property
    def resendable(self) -> int:
        """Failed messages that may be queued again."""
        return self.totals["failed"]

    @property
    def finished(self) -> bool:
        """Whether nothing due now is waiting or on its way."""
        t = self.totals
        return t["queued"] - self.scheduled == 0 and t["sending"] == 0


def _seconds(start: datetime | None, moment: datetime | None) -> float | None:
    if start is None or moment is None:
        return None
    return round((moment - start).total_seconds(), 1)


def of(activation: Activation, *, now: datetime) -> Progress:
    """The activation's progress at a moment."""
    msg = OutboxMessage
    counts = {c.value: dict.fromkeys(STATUSES, 0) for c in Channel}
    for channel, status, n in db.session.execute(
            select(msg.channel, msg.status, func.count())
            .where(msg.activation_id == activation.id).group_by(msg.channel, msg.status)):
        counts[Channel(channel).value][OutboxStatus(status).value] = n
    scheduled = db.session.scalar(select(func.count()).where(
        msg.activation_id == activation.id, msg.status == OutboxStatus.QUEUED,
        msg.due_at > now)) or 0
    first, last = {}, {}
    for phase, low, high in db.session.execute(
            select(msg.phase, func.min(msg.sent_at), func.max(msg.sent_at))
            .where(msg.activation_id == activation.id, msg.status == OutboxStatus.SENT)
            .group_by(msg.phase)):
        first[Phase(phase).value], last[Phase(phase).value] = low, high
    failures = [(Channel(c).value, reason or "", n) for c, reason, n in db.session.execute(
        select(msg.channel, msg.last_error, func.count())
        .where(msg.activation_id == activation.id, msg.status == OutboxStatus.FAILED)
        .group_by(msg.channel, msg.last_error).order_by(func.count().desc())
        .limit(FAILURE_REASONS_SHOWN))]
    return Progress(counts, scheduled, first, last, failures)


def as_json(activation: Activation, progress: Progress) -> dict:
    """The progress as the page's script reads it; times in seconds from the phase's start."""
    def timing(phase: str, start: datetime | None) -> dict:
        return {"first_s": _seconds(start, progress.first_sent.get(phase)),
                "last_s": _seconds(start, progress.last_sent.get(phase))}

    return {
        "activation_id": activation.id,
        "open": activation.is_open,
        "exercise": activation.exercise,
        "counts": progress.counts,
        "totals": progress.totals,
        "scheduled": progress.scheduled,
        "finished": progress.finished,
        "timing": {"activation": timing("activation", activation.opened_at),
                   "deactivation": timing("deactivation", activation.closed_at)},
        "failures": [{"channel": c, "reason": r, "count": n} for c, r, n in progress.failures],
        "resendable": progress.resendable,
    }
