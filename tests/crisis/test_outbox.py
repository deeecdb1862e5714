"""Outbox operations: taking due rows, claiming, marking, retrying, releasing and resending."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from crisis import outbox
from crisis.models import OutboxMessage, OutboxStatus
from crisis.outbox import RetryPolicy
from network.clock import utcnow
from network.models import Role
from tests import factories
from web.extensions import db

POLICY = RetryPolicy(max_attempts=3, base_seconds=10, max_seconds=25)


def queued(users, count=5, **kw):
    subs = [factories.subscription(f"r{n}@example.org") for n in range(count)]
    made = factories.activation(users[Role.STEERING_ADMIN], **kw)
    factories.resident_rows(made, subs)
    db.session.commit()
    return made, [r.id for r in rows()]


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_backoff_doubles_up_to_the_cap():
    assert [POLICY.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 25, 25]


def test_dispatch_reads_the_due_rows_in_batches(app, users):
    made, ids = queued(users)
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == ids[-1])
                       .values(due_at=made.opened_at + timedelta(hours=2)))  # a timed row
    now = utcnow()
    assert outbox.due_batches(made.id, now=now, batch_size=2) == [ids[0:2], ids[2:4]]
    assert outbox.due_batches(made.id, now=now, batch_size=2) == [ids[0:2], ids[2:4]]
    assert {r.enqueued_at for r in rows()} == {None}  # nothing written


def test_the_sweeper_takes_rows_nobody_takes_care_of(app, users):
    made, ids = queued(users, count=3)
    two_minutes = timedelta(minutes=2)
    now = utcnow()
    # Fresh rows belong to their activation's dispatch.
    assert outbox.take_due(None, now=now, batch_size=10, requeue_after=two_minutes) == []
    # Still queued three minutes on: their dispatch was lost. Taken once, then stamped.
    later = now + timedelta(minutes=3)
    assert outbox.take_due(None, now=later, batch_size=10, requeue_after=two_minutes) == [ids]
    assert outbox.take_due(made.id, now=later + timedelta(minutes=1), batch_size=10,
                           requeue_after=two_minutes) == []
    # The stamp is old too: that task was lost as well.
    assert outbox.take_due(made.id, now=later + timedelta(minutes=3), batch_size=2,
                           requeue_after=two_minutes) == [ids[:2], ids[2:]]


def test_a_row_is_claimed_by_one_worker_only(app, users):
    _made, ids = queued(users)
    now = utcnow()
    first = outbox.claim(ids[:3], now=now)
    second = outbox.claim(ids, now=now)
    assert [r.id for r in first] == ids[:3]
    assert [r.id for r in second] == ids[3:]
    assert outbox.claim(ids, now=now) == []
    assert first[0].address == "r0@example.org" and first[0].key


# SQLite serialises writers; the race is PostgreSQL's.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_concurrent_claims_never_share_a_row(app, users, backend):
    _made, ids = queued(users, count=60)
    engine = db.engine
    got: list[list[int]] = []

    def claimer():
        with engine.connect() as conn:
            with conn.begin():
                result = conn.execute(
                    OutboxMessage.__table__.update()
                    .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "queued")
                    .values(status="sending", claimed_at=utcnow())
                    .returning(OutboxMessage.id))
                got.append([row[0] for row in result])

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [row_id for part in got for row_id in part]
    assert sorted(claimed) == ids  # every row once, none twice


def test_mark_sent_keeps_each_acceptance_time_and_only_for_claimed_rows(app, users):
    _made, ids = queued(users, count=3)
    now = utcnow()
    outbox.claim(ids[:2], now=now)
    times = [now + timedelta(seconds=n) for n in range(3)]
    assert outbox.mark_sent(list(zip(ids, times, strict=True))) == 2
    db.session.commit()
    got = rows()
    assert [(r.status, r.sent_at) for r in got] == [
        (OutboxStatus.SENT, times[0]), (OutboxStatus.SENT, times[1]), (OutboxStatus.QUEUED, None)]
    assert got[0].claimed_at is None


def test_failures_back_off_then_fail_for_good(app, users):
    _made, ids = queued(users, count=2)
    now = utcnow()
    outbox.claim(ids, now=now)
    final = outbox.record_failures([(ids[0], "SMTP 451", False), (ids[1], "SMTP 550", True)],
                                   now=now, policy=POLICY)
    assert final == 1
    first, second = rows()
    assert (first.status, first.attempts, first.due_at) == (
        OutboxStatus.QUEUED, 1, now + timedelta(seconds=10))
    assert (second.status, second.last_error) == (OutboxStatus.FAILED, "SMTP 550")
    for attempt in (2, 3):
        moment = now + timedelta(minutes=attempt)
        assert outbox.claim([ids[0]], now=moment)
        outbox.record_failures([(ids[0], "SMTP 451", False)], now=moment, policy=POLICY)
    first = rows()[0]
    assert (first.status, first.attempts, first.last_error) == (
        OutboxStatus.FAILED, 3, "SMTP 451")


def test_stale_claims_return_to_the_queue_and_count_an_attempt(app, users):
    _made, ids = queued(users, count=2)
    now = utcnow()
    outbox.claim(ids, now=now)
    db.session.execute(OutboxMessage.__table__.update()
                       .values(claimed_at=now - timedelta(minutes=10)))
    db.session.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == ids[1])
                       .values(attempts=POLICY.max_attempts - 1))
    assert outbox.release_stale(now=now, lease=timedelta(minutes=20), policy=POLICY) == 0
    assert outbox.release_stale(now=now, lease=timedelta(minutes=5), policy=POLICY) == 2
    first, second = rows()
    assert (first.status, first.attempts, first.enqueued_at) == (OutboxStatus.QUEUED, 1, None)
    assert "may have been sent" in first.last_error
    assert (second.status, second.attempts) == (OutboxStatus.FAILED, POLICY.max_attempts)


def test_resend_queues_failed_rows_again(app, users):
    made, ids = queued(users, count=3)
    now = utcnow()
    outbox.claim(ids, now=now)
    outbox.record_failures([(i, "refused", True) for i in ids[:2]], now=now, policy=POLICY)
    outbox.mark_sent([(ids[2], now)])
    assert outbox.resend(made.id, now=now, ids=[ids[0]]) == 1
    assert outbox.resend(made.id, now=now) == 1
    assert [(r.status, r.attempts) for r in rows()] == [
        (OutboxStatus.QUEUED, 0), (OutboxStatus.QUEUED, 0), (OutboxStatus.SENT, 0)]


def test_cancel_leaves_sent_rows_alone(app, users):
    _made, ids = queued(users, count=2)
    outbox.claim(ids[:1], now=utcnow())
    outbox.mark_sent([(ids[0], utcnow())])
    outbox.cancel(ids, "gone")
    assert [r.status for r in rows()] == [OutboxStatus.SENT, OutboxStatus.CANCELLED]


def test_the_sweep_is_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["crisis.sweep"]["task"] == "crisis.sweep"
    assert schedule["crisis.sweep"]["schedule"] == app.config["OUTBOX_SWEEP_SECONDS"]
