"""Outbox operations: take due rows, claim, mark sent, retry, resend and sweep.

Each row moves queued → sending (claimed by one worker) → sent, or back to queued with a later
`due_at` after a failed attempt, or to failed after the last attempt. Claims and marks are single
UPDATE statements guarded by the row's status, so two workers never both claim a row. A message
the server accepted whose 'sent' mark was not yet committed when its worker died is the only
one that can go out twice; crisis.delivery.marks keeps that window at one message per sending
process (a per-message journal in Redis, read by the sweeper through `stale_claims`).

The functions execute their statements at once and never commit; the caller commits.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Row, and_, bindparam, or_, select, text, update

from crisis.models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientKind
from network.database import db

OM = OutboxMessage
_TABLE = OutboxMessage.__table__
_SYNC = {"synchronize_session": False}
ERROR_LENGTH = 500
# Rows for people who act (steering group, worker pairs, volunteers) leave before residents'.
_FIRST_KINDS = (RecipientKind.USER, RecipientKind.ROSTER_MEMBER, RecipientKind.PAIR_WORKER,
                RecipientKind.ORGANISATION)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failed message is tried again."""

    max_attempts: int = 5
    base_seconds: float = 30.0
    max_seconds: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        """The wait after the given number of failed attempts (doubling, capped)."""
        seconds = self.base_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.max_seconds))


def _chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def _batches(found, batch_size: int) -> list[list[int]]:
    """Ids in batches of one channel each; people who act first, then public, then residents."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row_id, channel, kind in found:
        rank = 0 if kind in _FIRST_KINDS else 1 if kind == RecipientKind.PUBLIC else 2
        groups[(rank, str(channel))].append(row_id)
    batches: list[list[int]] = []
    for group in sorted(groups):
        batches.extend(_chunks(sorted(groups[group]), batch_size))
    return batches


def due_batches(activation_id: int, *, now: datetime, batch_size: int) -> list[list[int]]:
    """An activation's due, queued rows in batches (reads only: the dispatch after a commit).

    Nothing is written: a second dispatch queues the same batches again, and their claims
    then find nothing left to send.
    """
    found = db.session.execute(
        select(OM.id, OM.channel, OM.recipient_kind)
        .where(OM.activation_id == activation_id, OM.status == OutboxStatus.QUEUED,
               OM.due_at <= now)).all()
    return _batches(found, batch_size)


def take_due(activation_id: int | None, *, now: datetime, batch_size: int,
             requeue_after: timedelta) -> list[list[int]]:
    """Stamp due, queued rows nobody is taking care of, and return them in batches.

    That is a row never queued for sending and older than `requeue_after` (a timed row now
    due, a retry after its backoff, a row whose dispatch was lost, e.g. with a broker
    restart) or one stamped longer ago than that (its task was lost). The sweeper queues
    these; a fresh activation's rows are left to its own dispatch. The stamp is one UPDATE,
    so two sweepers never take the same row.
    """
    stale = now - requeue_after
    conditions = [OM.status == OutboxStatus.QUEUED, OM.due_at <= now,
                  or_(OM.enqueued_at < stale,
                      and_(OM.enqueued_at.is_(None), OM.created_at < stale))]
    if activation_id is not None:
        conditions.append(OM.activation_id == activation_id)
    stamped = db.session.execute(
        update(OM).where(*conditions).values(enqueued_at=now)
        .returning(OM.id, OM.channel, OM.recipient_kind),
        execution_options=_SYNC,
    ).all()
    return _batches(stamped, batch_size)


def channels_of(ids: Iterable[int]) -> dict[Channel, list[int]]:
    """The given rows' ids by channel (any status)."""
    found: dict[Channel, list[int]] = defaultdict(list)
    for row_id, channel in db.session.execute(
        select(OM.id, OM.channel).where(OM.id.in_(list(ids))).order_by(OM.id)
    ):
        found[Channel(channel)].append(row_id)
    return dict(found)


# What a sender needs of a claimed row (plain values: they outlive the claim's commit).
CLAIMED_COLUMNS = (OM.id, OM.key, OM.activation_id, OM.plan_row_id, OM.phase, OM.channel,
                   OM.recipient_kind, OM.recipient_id, OM.address, OM.language, OM.subject,
                   OM.body, OM.attempts)


def claim(ids: Sequence[int], *, now: datetime) -> list[Row]:
    """Take the due, queued rows among `ids` for this worker ('sending'); others are skipped.

    One UPDATE guarded by the status: of two workers given the same ids, each row goes to one.
    """
    if not ids:
        return []
    claimed = db.session.execute(
        update(OM)
        .where(OM.id.in_(list(ids)), OM.status == OutboxStatus.QUEUED, OM.due_at <= now)
        .values(status=OutboxStatus.SENDING, claimed_at=now)
        .returning(*CLAIMED_COLUMNS),
        execution_options=_SYNC,
    ).all()
    return sorted(claimed, key=lambda row: row.id)


_MARK_SENT_PG = text(
    "UPDATE outbox_message SET status = 'sent', sent_at = accepted.moment, claimed_at = NULL "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:moments AS timestamptz[])) "
    "AS accepted(id, moment) "
    "WHERE outbox_message.id = accepted.id AND outbox_message.status = 'sending'")


def mark_sent(accepted: Sequence[tuple[int, datetime]]) -> int:
    """Record rows as sent, each with the moment its server accepted it (one statement)."""
    if not accepted:
        return 0
    sending = _TABLE.c.status == OutboxStatus.SENDING.value
    if db.session.get_bind().dialect.name == "postgresql":
        # Two arrays and one constant statement: prepared once, whatever the group size.
        return db.session.execute(_MARK_SENT_PG, {
            "ids": [row_id for row_id, _at in accepted],
            "moments": [at for _row_id, at in accepted]}).rowcount
    # SQLite has no column list for a VALUES alias: one UPDATE per row, in one executemany.
    return db.session.execute(
        update(_TABLE).where(_TABLE.c.id == bindparam("row_id"), sending)
        .values(status=OutboxStatus.SENT.value, sent_at=bindparam("accepted_at"),
                claimed_at=None),
        [{"row_id": row_id, "accepted_at": at} for row_id, at in accepted]).rowcount


def record_failures(failures: Sequence[tuple[int, str, bool]], *, now: datetime,
                    policy: RetryPolicy) -> int:
    """Count a failed attempt per claimed row: retry later with backoff, or fail for good.

    `failures` holds (row id, reason, permanent); a permanent failure (an address the server
    refuses) is not retried.
    """
    if not failures:
        return
    ids = [row_id for row_id, _reason, _permanent in failures]
    attempts = dict(db.session.execute(select(OM.id, OM.attempts).where(OM.id.in_(ids))).all())
    params = []
    for row_id, reason, permanent in failures:
        tries = attempts.get(row_id, 0) + 1
        final = permanent or tries >= policy.max_attempts
        params.append({
            "row_id": row_id, "attempts": tries, "last_error": reason[:ERROR_LENGTH],
            "new_status": (OutboxStatus.FAILED if final else OutboxStatus.QUEUED).value,
            "due": now if final else now + policy.delay(tries),
        })
    db.session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.status == OutboxStatus.SENDING.value)
        .values(status=bindparam("new_status"), attempts=bindparam("attempts"),
                last_error=bindparam("last_error"), due_at=bindparam("due"),
                claimed_at=None, enqueued_at=None),
        params,
    )
    return sum(1 for p in params if p["new_status"] == OutboxStatus.FAILED.value)


def cancel(ids: Sequence[int], reason: str) -> None:
    """Give up claimed or queued rows on purpose (the recipient left before they were sent)."""
    if ids:
        db.session.execute(
            update(OM).where(OM.id.in_(list(ids)),
                             OM.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING]))
            .values(status=OutboxStatus.CANCELLED, last_error=reason[:ERROR_LENGTH],
                    claimed_at=None),
            execution_options=_SYNC,
        )


def stale_claims(*, now: datetime, lease: timedelta) -> list[int]:
    """Rows claimed ('sending') longer than `lease` ago: their worker is taken for dead."""
    return list(db.session.scalars(select(OM.id).where(
        OM.status == OutboxStatus.SENDING, OM.claimed_at < now - lease).order_by(OM.id)))


def release_stale(*, now: datetime, lease: timedelta, policy: RetryPolicy) -> int:
    """Return rows a dead worker claimed longer than `lease` ago to the queue (counts a try).

    Such a row may have reached its server before the worker died: sending it again is the
    one duplicate the outbox cannot rule out. After the last attempt it fails instead.
    """
    stale = and_(OM.status == OutboxStatus.SENDING, OM.claimed_at < now - lease)
    reason = "the worker stopped while sending; the message may have been sent once already"
    exhausted = db.session.execute(
        update(OM).where(stale, OM.attempts + 1 >= policy.max_attempts)
        .values(status=OutboxStatus.FAILED, attempts=OM.attempts + 1, last_error=reason,
                claimed_at=None),
        execution_options=_SYNC,
    ).rowcount
    requeued = db.session.execute(
        update(OM).where(stale)
        .values(status=OutboxStatus.QUEUED, attempts=OM.attempts + 1, last_error=reason,
                claimed_at=None, enqueued_at=None, due_at=now),
        execution_options=_SYNC,
    ).rowcount
    return exhausted + requeued


def resend(activation_id: int, *, now: datetime, channel: Channel | None = None,
           ids: Sequence[int] | None = None) -> int:
    """Queue an activation's failed rows again (all, one channel's, or the given ids)."""
    conditions = [OM.activation_id == activation_id, OM.status == OutboxStatus.FAILED]
    if channel is not None:
        conditions.append(OM.channel == channel)
    if ids is not None:
        conditions.append(OM.id.in_(list(ids)))
    return db.session.execute(
        update(OM).where(*conditions)
        .values(status=OutboxStatus.QUEUED, attempts=0, due_at=now, enqueued_at=None,
                claimed_at=None),
        execution_options=_SYNC,
    ).rowcount
