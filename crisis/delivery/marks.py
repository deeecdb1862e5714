"""Recording accepted messages as sent, in commits of their own as soon as the server accepts.

A message the server accepted and whose 'sent' mark is not yet committed is the one that a
crashed worker sends twice (its row is still 'sending' and goes back to the queue after the
lease). So the window is what matters, not the batch: every `every` accepted messages (1 by
default) are marked in one commit at once, before the next message is handed over. On
PostgreSQL the marks go over a pooled connection of their own in autocommit, one prepared
UPDATE each, and with `synchronous_commit = off`: the commit does not wait for the WAL flush,
which keeps a mark at ~0.1 ms. A crashed worker cannot lose such a commit; a crash of the
database server itself can lose the last ~0.6 s of marks (three `wal_writer_delay`s), and those
messages are sent again after the lease, which is the one duplicate the design admits.
"""

from collections.abc import Callable
from datetime import datetime

from crisis import outbox
from network.database import db

_MARK_ONE = ("UPDATE outbox_message SET status = 'sent', sent_at = %s, claimed_at = NULL "
             "WHERE id = %s AND status = 'sending'")


class SentMarks:
    """Marks rows sent, `every` at a time; a context manager (the connection is released)."""

    def __init__(self, *, every: int, commit: Callable[[], None]):
        self.every = max(1, every)
        self.commit = commit
        self.pending: list[tuple[int, datetime]] = []
        self.marked = 0
        self._connection = None
        self._cursor = None

    def __enter__(self) -> "SentMarks":
        bind = db.session.get_bind()
        if bind.dialect.name == "postgresql":
            self._connection = bind.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._connection.exec_driver_sql("SET synchronous_commit TO off")
            self._cursor = self._connection.connection.driver_connection.cursor()
        return self

    def __exit__(self, *exc) -> None:
        if self._connection is None:
            return
        try:
            self._cursor.close()
            self._connection.exec_driver_sql("RESET synchronous_commit")
        finally:
            self._connection.close()
            self._connection = self._cursor = None

    def add(self, row_id: int, accepted_at: datetime) -> None:
        """A message its server accepted at `accepted_at`; marked now or with the next ones."""
        self.pending.append((row_id, accepted_at))
        if len(self.pending) >= self.every:
            self.flush()

    def flush(self) -> int:
        """Commit the marks not yet committed; returns how many rows this marked in all."""
        if not self.pending:
            return self.marked
        accepted, self.pending = self.pending, []
        if self._cursor is None:
            self.marked += outbox.mark_sent(accepted)
            self.commit()
        elif len(accepted) == 1:
            row_id, at = accepted[0]
            self._cursor.execute(_MARK_ONE, (at, row_id), prepare=True)
            self.marked += self._cursor.rowcount
        else:
            self.marked += self._connection.execute(outbox.MARK_SENT_PG,
                                                    outbox.mark_params(accepted)).rowcount
        return self.marked
