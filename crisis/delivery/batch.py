"""Sending one batch of outbox rows: claim, send over one connection, mark as accepted.

Rows are claimed in groups (one UPDATE each) and every accepted message is marked sent with
the moment its server accepted it: journalled in Redis at once and committed to the database
in groups (crisis.delivery.marks). A worker killed mid-batch leaves its claimed rows 'sending';
after the lease the sweeper marks those the journal holds as sent and returns the rest to the
queue: they were never handed to a server (but for the one message in flight at the kill).

`commit` is the caller's: sending in groups is the point where a task must commit more than
once, and the task (not this module) owns the session's transactions.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Row, select

from crisis import outbox
from crisis.delivery.alerts import CapPublisher
from crisis.delivery.email import SmtpTransport
from crisis.delivery.errors import PermanentFailure, TemporaryFailure, TransportDown
from crisis.delivery.marks import SentMarks, journal_for
from crisis.delivery.settings import DeliverySettings
from crisis.delivery.sms_gateway import SmsGateway
from crisis.delivery.web_notice import WebNoticePublisher
from crisis.models.activations import Activation
from crisis.models.outbox import Channel, RecipientKind
from crisis.models.subscriptions import Subscription
from network.clock import utcnow
from network.database import db

CLAIM_GROUP = 100
UNSUBSCRIBED = "cancelled: the resident unsubscribed"
EXERCISE_RESIDENT = "cancelled: an exercise never messages residents"


@dataclass
class BatchReport:
    """What one batch did (returned by the task, JSON-friendly)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    skipped: int = 0  # ids that were no longer queued and due (another worker had them)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The report as plain data."""
        return {"sent": self.sent, "retried": self.retried, "failed": self.failed,
                "cancelled": self.cancelled, "skipped": self.skipped,
                "errors": self.errors[:5]}


def transport_for(channel: Channel, settings: DeliverySettings, clock):
    """The transport that sends a channel's rows."""
    if channel == Channel.EMAIL:
        return SmtpTransport(settings, clock)
    if channel == Channel.SMS:
        return SmsGateway(settings)
    if channel == Channel.WEB_NOTICE:
        return WebNoticePublisher()
    return CapPublisher(settings, clock)


def unsubscribe_url(site_url: str, token: str) -> str:
    """A subscription's one-step unsubscribe link (the route of web.alerts)."""
    return f"{site_url}/unsubscribe/{token}"


def _exercises(rows: list[Row], known: dict[int, bool]) -> set[int]:
    """The activations of these rows that are exercises (looked up once per batch)."""
    missing = {r.activation_id for r in rows} - set(known)
    if missing:
        flagged = set(db.session.scalars(select(Activation.id).where(
            Activation.id.in_(missing), Activation.exercise.is_(True))))
        known.update({activation_id: activation_id in flagged for activation_id in missing})
    return {activation_id for activation_id, exercise in known.items() if exercise}


def _screen(rows: list[Row], settings: DeliverySettings, known: dict[int, bool]
            ) -> tuple[list[Row], dict[int, str], list[tuple[int, str]]]:
    """Rows to send, unsubscribe links by row id, and rows to cancel with the reason."""
    resident = [r for r in rows if r.recipient_kind == RecipientKind.SUBSCRIPTION]
    if not resident:
        return rows, {}, []
    subscriptions = {
        sub_id: (token, confirmed is not None and unsubscribed is None)
        for sub_id, token, confirmed, unsubscribed in db.session.execute(
            select(Subscription.id, Subscription.token, Subscription.confirmed_at,
                   Subscription.unsubscribed_at)
            .where(Subscription.id.in_({r.recipient_id for r in resident})))
    }
    exercises = _exercises(resident, known)
    keep, links, cancel = [], {}, []
    for row in rows:
        if row.recipient_kind == RecipientKind.SUBSCRIPTION:
            token, active = subscriptions.get(row.recipient_id, (None, False))
            if row.activation_id in exercises:
                cancel.append((row.id, EXERCISE_RESIDENT))
                continue
            if not active:
                cancel.append((row.id, UNSUBSCRIBED))
                continue
            links[row.id] = unsubscribe_url(settings.site_url, token)
        keep.append(row)
    return keep, links, cancel


def send_batch(ids: Sequence[int], *, settings: DeliverySettings, commit: Callable[[], None],
               clock: Callable = utcnow,
               transports: Mapping[Channel, object] | None = None) -> BatchReport:
    """Send the given rows (those still queued and due), one transport per channel."""
    report = BatchReport()
    for channel, channel_ids in outbox.channels_of(ids).items():
        transport = (transports or {}).get(channel) or transport_for(channel, settings, clock)
        _deliver(channel_ids, transport, settings=settings, commit=commit, clock=clock,
                 report=report)
    return report


def _deliver(ids: list[int], transport, *, settings: DeliverySettings,
             commit: Callable[[], None], clock: Callable, report: BatchReport) -> None:
    marks = SentMarks(every=settings.mark_every, commit=commit,
                      journal=journal_for(settings.redis_url))
    try:
        _send_claimed(ids, transport, marks, settings=settings, commit=commit, clock=clock,
                      report=report)
    finally:
        report.sent += marks.flush()


def _send_claimed(ids: list[int], transport, marks: SentMarks, *, settings: DeliverySettings,
                  commit: Callable[[], None], clock: Callable, report: BatchReport) -> None:
    pending = list(ids)
    opened = False
    policy = settings.policy
    exercise_flags: dict[int, bool] = {}
    try:
        while pending:
            group, pending = pending[:CLAIM_GROUP], pending[CLAIM_GROUP:]
            claimed = outbox.claim(group, now=clock())
            commit()
            report.skipped += len(group) - len(claimed)
            rows, links, cancel = _screen(claimed, settings, exercise_flags)
            if cancel:
                for reason in {reason for _id, reason in cancel}:
                    outbox.cancel([i for i, r in cancel if r == reason], reason)
                report.cancelled += len(cancel)
                commit()
            if not rows:
                continue
            if not opened:
                try:
                    transport.open()
                except TransportDown as down:
                    rest = outbox.claim(pending, now=clock())
                    _fail([r.id for r in rows + rest], str(down), policy, clock, report)
                    commit()
                    return
                opened = True
            failures = []
            ahead = getattr(transport, "ahead", None)  # pipelining transports look ahead
            for index, row in enumerate(rows):
                if ahead is not None:
                    ahead(rows[index + 1].address if index + 1 < len(rows) else None)
                try:
                    transport.send(row, links.get(row.id))
                except TemporaryFailure as error:
                    failures.append((row.id, str(error), False))
                except PermanentFailure as error:
                    failures.append((row.id, str(error), True))
                except TransportDown as down:
                    marks.flush()
                    _record(failures, policy, clock, report)
                    rest = [r.id for r in rows[index:]] + [
                        r.id for r in outbox.claim(pending, now=clock())]
                    _fail(rest, str(down), policy, clock, report)
                    commit()
                    return
                else:
                    marks.add(row.id, clock())
            marks.flush()
            _record(failures, policy, clock, report)
            commit()
    finally:
        if opened:
            transport.close()


def _record(failures: list[tuple[int, str, bool]], policy, clock, report: BatchReport) -> None:
    if not failures:
        return
    final = outbox.record_failures(failures, now=clock(), policy=policy)
    report.failed += final
    report.retried += len(failures) - final
    report.errors.extend(reason for _row_id, reason, _permanent in failures[:5])


def _fail(ids: list[int], reason: str, policy, clock, report: BatchReport) -> None:
    _record([(row_id, reason, False) for row_id in ids], policy, clock, report)
