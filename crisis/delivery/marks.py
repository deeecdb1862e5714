"""Recording accepted messages as sent: a per-message journal in Redis, batched database marks.

A message the server accepted whose 'sent' mark is not yet committed is the one a crashed worker
would send twice: its row is still 'sending' and goes back to the queue after the lease. A
commit per message keeps that window at one message but costs PostgreSQL ~10× the CPU of a
batched mark. So, with Redis (REDIS_URL), each acceptance is written at once to a Redis sorted
set (row id → moment; one round trip, ~0.015 ms of CPU), and the rows are marked sent in the
database every OUTBOX_MARK_EVERY rows or MARK_SECONDS, whichever comes first. The sweeper,
before it returns a dead worker's stale claims to the queue, marks as sent those the journal
holds. The window is then one message per sending process: the one whose final dot reached the
server and whose acceptance was not yet in Redis. Losing Redis while a worker is killed in the
same breath loses the journal and widens the window back to the unmarked rows; when Redis cannot
be written, the marks fall back to one commit per message. Without Redis every mark is its own
commit. The journal's key lives in REDIS_URL's database, which (like the broker's queues)
belongs to one deployment.
"""

import os
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

import redis
from redis.connection import parse_url

from crisis import outbox

JOURNAL_KEY = "apuverkko:outbox:accepted"
MARK_SECONDS = 0.5
_KEY = JOURNAL_KEY.encode()
_clients: dict[str, redis.Redis] = {}


def _command(*words: bytes) -> bytes:
    """A command in RESP, the Redis protocol."""
    return b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)


class _Writer:
    """One plain socket for the journal's per-message ZADD: redis-py spends ~0.1 ms of CPU a
    command in its layers, more than the rest of a message's sending; this spends ~0.02 ms."""

    def __init__(self, url: str):
        self.options = parse_url(url)
        self.sock: socket.socket | None = None
        self.pid = os.getpid()

    def _connect(self) -> socket.socket:
        o = self.options
        sock = socket.create_connection((o.get("host", "localhost"), o.get("port", 6379)),
                                        timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        hello = [_command(b"SELECT", str(o.get("db", 0)).encode())]
        if o.get("password"):
            hello.insert(0, _command(b"AUTH", *[str(v).encode() for v in (
                o.get("username"), o["password"]) if v]))
        sock.sendall(b"".join(hello))
        self.sock = sock
        self._replies(len(hello))
        return sock

    def _replies(self, count: int) -> None:
        """Read `count` one-line replies (+OK, :1); an error reply raises."""
        data = b""
        while data.count(b"\r\n") < count:
            chunk = self.sock.recv(256)
            if not chunk:
                raise redis.ConnectionError("Redis closed the journal's connection")
            data += chunk
        for line in data.split(b"\r\n")[:count]:
            if line[:1] == b"-":
                raise redis.ResponseError(line[1:].decode(errors="replace"))

    def zadd(self, key: bytes, score: float, member: int) -> None:
        if self.pid != os.getpid():  # a forked pool process opens its own socket
            self.sock, self.pid = None, os.getpid()
        try:
            sock = self.sock or self._connect()
            sock.sendall(_command(b"ZADD", key, repr(score).encode(), str(member).encode()))
            self._replies(1)
        except OSError as error:
            self.close()
            raise redis.ConnectionError(str(error)) from error
        except redis.RedisError:
            self.close()
            raise

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


_writers: dict[str, _Writer] = {}


class AcceptanceJournal:
    """Rows their server accepted, by id, until the database has them as sent."""

    def __init__(self, client: redis.Redis, writer: _Writer | None = None):
        self.client = client
        self.writer = writer

    def record(self, row_id: int, accepted_at: datetime) -> None:
        """Write one acceptance (returns once Redis has it)."""
        if self.writer is not None:
            self.writer.zadd(_KEY, accepted_at.timestamp(), row_id)
        else:
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
    writer = None
    if redis_url.startswith("redis://"):  # plain TCP; TLS and sockets go through redis-py
        writer = _writers.get(redis_url) or _writers.setdefault(redis_url, _Writer(redis_url))
    return AcceptanceJournal(client, writer)


class SentMarks:
    """Marks the rows of one batch sent: journal each at once, commit the marks in groups."""

    def __init__(self, *, every: int, commit: Callable[[], None],
                 journal: AcceptanceJournal | None, seconds: float = MARK_SECONDS):
        self.every = max(1, every) if journal else 1
        self.seconds = seconds
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
                or time.monotonic() - self._flushed_at >= self.seconds):
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
