"""The acceptance journal: each accepted message is in Redis at once, the database marks follow
in groups, and the sweeper marks a dead worker's journalled claims sent instead of resending."""

from datetime import timedelta

import pytest
import redis
from sqlalchemy import select, update

from crisis import operations, outbox
from crisis.delivery import marks
from crisis.models import OutboxMessage
from network import accounts
from network.clock import utcnow
from network.models import Role
from tests import factories, services
from tests.conftest import _clean, make_app
from tests.tasks.dispatch_support import SITE, add_residents
from web.extensions import db

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
REDIS_DB = 14  # this module's own Redis database: only the journal's key is ever deleted


@pytest.fixture
def journal_redis() -> str:
    """A Redis URL whose journal starts and ends empty."""
    url = services.redis_db_url(REDIS_DB)
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.delete(marks.JOURNAL_KEY)
    except redis.RedisError:
        services.missing(f"Redis at {url}")
    yield url
    client.delete(marks.JOURNAL_KEY)
    client.close()


def claimed_rows(count: int) -> list[int]:
    admin = accounts.create_user(email="admin@example.org", name="Admin",
                                 password="correct horse battery", role=Role.STEERING_ADMIN)
    add_residents(count)
    scenario = factories.plan_scenario(rows=[{}])
    db.session.commit()
    activation = operations.activate(scenario, actor=admin, reason="Myrsky.", exercise=False,
                                     now=utcnow(), site_url=SITE)
    db.session.commit()
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.activation_id == activation.id).order_by(OutboxMessage.id)))
    outbox.claim(ids, now=utcnow())
    # Claimed ten minutes ago: past the lease, as a dead worker's claims are.
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                       .values(claimed_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    return ids


def statuses(ids: list[int]) -> list[str]:
    db.session.rollback()
    found = dict(db.session.execute(select(OutboxMessage.id, OutboxMessage.status)
                                    .where(OutboxMessage.id.in_(ids))).all())
    return [str(found[i]) for i in ids]


def test_journal_first_database_marks_in_groups(pg_url, journal_redis):
    app = make_app(pg_url, REDIS_URL=journal_redis)
    try:
        with app.app_context():
            ids = claimed_rows(5)
            journal = marks.journal_for(journal_redis)
            sent = marks.SentMarks(every=3, commit=db.session.commit, journal=journal,
                                   seconds=3600)
            for row_id in ids[:2]:
                sent.add(row_id, utcnow())
            assert [i for i, _at in journal.lookup(ids)] == ids[:2]
            assert statuses(ids[:2]) == ["sending", "sending"]
            sent.add(ids[2], utcnow())  # the third: the group is committed, the journal cleared
            assert statuses(ids[:3]) == ["sent"] * 3
            assert journal.lookup(ids) == []
            sent.add(ids[3], utcnow())
            assert sent.flush() == 4
            assert statuses(ids) == ["sent"] * 4 + ["sending"]
    finally:
        _clean(app)


def test_sweeper_marks_journalled_claims_sent_and_requeues_the_rest(pg_url, journal_redis):
    app = make_app(pg_url, REDIS_URL=journal_redis)
    try:
        with app.app_context():
            ids = claimed_rows(4)
            journal = marks.journal_for(journal_redis)
            # A worker died after its server accepted two messages, before their marks.
            for row_id in ids[:2]:
                journal.record(row_id, utcnow())
            now = utcnow()
            recovered = marks.recover(journal, now=now, lease=timedelta(minutes=5))
            released = outbox.release_stale(now=now, lease=timedelta(minutes=5),
                                             policy=outbox.RetryPolicy())
            db.session.commit()
            journal.forget(recovered)
            assert recovered == ids[:2] and released == 2
            assert statuses(ids) == ["sent", "sent", "queued", "queued"]
            assert journal.lookup(ids) == []
    finally:
        _clean(app)


def test_marks_commit_each_message_when_redis_is_gone(pg_url):
    app = make_app(pg_url)
    try:
        with app.app_context():
            ids = claimed_rows(2)
            # Nobody listens on port 1: the first journal write fails.
            sent = marks.SentMarks(every=100, commit=db.session.commit,
                                   journal=marks.journal_for("redis://127.0.0.1:1/0"))
            sent.add(ids[0], utcnow())
            assert sent.journal is None
            assert statuses(ids) == ["sent", "sending"]
    finally:
        _clean(app)
