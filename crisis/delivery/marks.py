"""Recording accepted messages as sent: a per-message journal in Redis, batched database marks.

A message the server accepted whose 'sent' mark is not yet committed is the one a crashed
worker would send twice: its row is still 'sending' and goes back to the queue after the lease.
A commit per message keeps that window at one message but costs PostgreSQL ~10× the CPU of a
batched mark. So, with Redis (REDIS_URL), each acceptance is written at once to a Redis sorted
set (row id → moment; one round trip, ~0.05 ms), and the rows are marked sent in the database
every OUTBOX_MARK_EVERY rows or MARK_SECONDS, whichever comes first. The sweeper, before it
returns a dead worker's stale claims to the queue, marks as sent those the journal holds. The
window is then one message per sending process: the one whose final dot reached the server
and whose acceptance was not yet in Redis. Losing Redis while a worker is killed in the same
breath loses the journal and widens the window back to the unmarked rows; when Redis cannot be
written, the marks fall back to one commit per message. Without Redis every mark is its own
commit.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

import redis

from crisis import outbox

JOURNAL_KEY = "apuverkko:outbox:accepted"
MARK_SECONDS = 0.5
_clients: dict[str, redis.Redis] = {}


class AcceptanceJournal:
    """Rows their server accepted, by id, until the database has them as sent."""

    def __init__(self, client: redis.Redis):
        self.client = client

    def record(self, row_id: int, accepted_at: datetime) -> None:
        """Write one acceptance (returns once Redis has it)."""
        self.client.zadd(JOURNAL_KEY, {str(row_id): accepted_at.timestamp()})

    def lookup(self, ids: Sequence[int]) -> list[tuple[int, datetime]]:
        """The given rows the journal holds, with the moment each was accepted."""
        if not ids:
            return []
        scores = self.client.zmscore(JOURNAL_KEY, [str(i) for i in ids])
        return [(row_id, datetime.fromtimestamp(score, UTC))
                for row_id, score in zip(ids, scores, strict=True) if score is not None]

    def forget(self, ids: Iterable[int], *, older_than: datetime | None = None) -> None:
        """Drop rows the database now has as sent (and any entry older than `older_than`)."""
        members = [str(i) for i in ids]
        with self.client.pipeline(transaction=False) as pipe:
            if members:
                pipe.zrem(JOURNAL_KEY, *members)
            if older_than is not None:
                pipe.zremrangebyscore(JOURNAL_KEY, "-inf", older_than.timestamp())
            pipe.execute()


def journal_for(redis_url: str | None) -> AcceptanceJournal | None:
    """The journal on REDIS_URL (one client per process), or None without Redis."""
    if not redis_url:
        return None
    client = _clients.get(redis_url)
    if client is None:
        client = _clients[redis_url] = redis.Redis.from_url(
            redis_url, socket_timeout=5, socket_connect_timeout=5)
    return AcceptanceJournal(client)


class SentMarks:
    """Marks the rows of one batch sent: journal each at once, commit the marks in groups."""

    def __init__(self, *, every: int, commit: Callable[[], None],
                 journal: AcceptanceJournal | None):
        self.every = max(1, every) if journal else 1
        self.commit = commit
        self.journal = journal
        self.pending: list[tuple[int, datetime]] = []
        self.marked = 0
        self._flushed_at = time.monotonic()

    def add(self, row_id: int, accepted_at: datetime) -> None:
        """A message its server accepted at `accepted_at`."""
        self.pending.append((row_id, accepted_at))
        if self.journal is not None:
            try:
                self.journal.record(row_id, accepted_at)
            except redis.RedisError:
                self.journal, self.every = None, 1  # no journal: commit each mark at once
        if (len(self.pending) >= self.every
                or time.monotonic() - self._flushed_at >= MARK_SECONDS):
            self.flush()

    def flush(self) -> int:
        """Commit the marks not yet committed; returns how many rows were marked in all."""
        self._flushed_at = time.monotonic()
        if not self.pending:
            return self.marked
        accepted, self.pending = self.pending, []
        self.marked += outbox.mark_sent(accepted)
        self.commit()
        if self.journal is not None:
            try:
                self.journal.forget(row_id for row_id, _at in accepted)
            except redis.RedisError:
                pass  # the entries only linger: the sweeper drops old ones
        return self.marked


def recover(journal: AcceptanceJournal | None, *, now: datetime, lease) -> list[int]:
    """Mark as sent the stale claims whose acceptance the journal holds (before the sweeper
    returns the other stale claims to the queue); the caller commits, then `forget`s them."""
    if journal is None:
        return []
    stale = outbox.stale_claims(now=now, lease=lease)
    found = journal.lookup(stale)
    outbox.mark_sent(found)
    return [row_id for row_id, _at in found]
