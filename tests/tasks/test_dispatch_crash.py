"""Crashes during a 5,000-recipient fan-out: a worker killed with SIGKILL, and the broker
(a private redis-server) restarted. Nobody is left without a message, and nobody gets two,
but for the one message that can be in flight at a kill: its final dot reached the SMTP
server and its acceptance had not yet reached the journal (crisis.delivery.marks). No SMTP
client can close that window: it would take the server's help, which a real one does not give.

The sent marks are committed in groups of OUTBOX_MARK_EVERY (100), so a kill finds dozens of
accepted rows not yet marked; the sweeper finds them in the journal and marks them sent
instead of sending them again (`accepted_unmarked_at_kill` in the report).

The SMTP server counts raw messages: duplicates are counted, never hidden. The numbers are
printed (run with -s to see them).
"""

import json
import signal

import pytest
from sqlalchemy import func, select

from crisis import operations
from crisis.models import OutboxMessage, OutboxStatus
from network import accounts
from network.clock import utcnow
from network.models import Role
from tasks.crisis import dispatch_outbox
from tests import factories
from tests.conftest import _clean, make_app
from tests.sinks import SmtpSink, free_port
from tests.tasks.dispatch_support import (
    SITE,
    PrivateRedis,
    add_residents,
    all_sent,
    show_logs,
    start_beat,
    start_worker,
    status_counts,
    stop,
    wait_until,
    worker_env,
)
from web.extensions import db

# One xdist worker runs every test that flushes a numbered database of the shared Redis.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.xdist_group("shared-redis")]
RECIPIENTS = 5_000


def activate_for_everyone() -> int:
    admin = accounts.create_user(email="admin@example.org", name="Admin",
                                 password="correct horse battery", role=Role.STEERING_ADMIN)
    add_residents(RECIPIENTS)
    scenario = factories.plan_scenario(rows=[{}])
    db.session.commit()
    activation = operations.activate(scenario, actor=admin, reason="Myrsky.", exercise=False,
                                     now=utcnow(), site_url=SITE)
    db.session.commit()
    return activation.id


def in_flight(activation_id: int) -> int:
    """Rows claimed by a worker and not marked sent: the only ones that can go twice."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).where(
        OutboxMessage.activation_id == activation_id,
        OutboxMessage.status == OutboxStatus.SENDING)) or 0


def report(name: str, smtp: SmtpSink, in_flight_at_crash: int, **extra) -> dict:
    per_recipient = smtp.per_recipient()
    numbers = {
        "test": name, "recipients": RECIPIENTS, "raw_messages": smtp.count(),
        "distinct_message_ids": smtp.distinct_message_ids(),
        "recipients_reached": len(per_recipient),
        "missing": RECIPIENTS - len(per_recipient),
        "duplicates": smtp.count() - len(per_recipient),
        "in_flight_at_crash": in_flight_at_crash, **extra,
    }
    print("CRASH-REPORT " + json.dumps(numbers))
    return numbers


def test_worker_killed_mid_fan_out(pg_url, shared_redis, tmp_path):
    app = make_app(pg_url, REDIS_URL=shared_redis, SITE_URL=SITE)
    logs = [tmp_path / "worker.log", tmp_path / "beat.log"]
    worker = beat = None
    try:
        with app.app_context(), SmtpSink() as smtp:
            activation_id = activate_for_everyone()
            env = worker_env(pg_url, shared_redis, smtp_port=smtp.port)
            beat = start_beat(env, logs[1], tmp_path / "beat-schedule")
            worker = start_worker(env, logs[0])
            dispatch_outbox.delay(activation_id)
            assert wait_until(lambda: smtp.count() >= RECIPIENTS // 3, timeout=60), \
                show_logs(*logs)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            accepted_at_kill = smtp.count()
            flying = in_flight(activation_id)
            counts_at_kill = status_counts(activation_id)
            worker = start_worker(env, logs[0])
            done = wait_until(lambda: all_sent(activation_id), timeout=120)
            if not done:
                show_logs(*logs)
            assert done, status_counts(activation_id)
            marked = counts_at_kill.get("sent", 0)
            numbers = report("worker SIGKILL", smtp, flying, accepted_at_kill=accepted_at_kill,
                             sent_marked_at_kill=marked,
                             accepted_unmarked_at_kill=accepted_at_kill - marked)
    finally:
        stop(worker)
        stop(beat)
        _clean(app)
    assert numbers["missing"] == 0
    assert numbers["distinct_message_ids"] == RECIPIENTS
    # One sending process (solo pool) was killed: at most its one message in flight.
    assert numbers["duplicates"] <= 1


def test_broker_restarted_mid_fan_out(pg_url, tmp_path):
    broker = PrivateRedis(tmp_path, free_port())
    broker.start()
    app = make_app(pg_url, REDIS_URL=broker.url, SITE_URL=SITE)
    logs = [tmp_path / "worker.log", tmp_path / "beat.log"]
    worker = beat = None
    try:
        with app.app_context(), SmtpSink() as smtp:
            activation_id = activate_for_everyone()
            env = worker_env(pg_url, broker.url, smtp_port=smtp.port)
            beat = start_beat(env, logs[1], tmp_path / "beat-schedule")
            worker = start_worker(env, logs[0])
            dispatch_outbox.delay(activation_id)
            assert wait_until(lambda: smtp.count() >= RECIPIENTS // 3, timeout=60), \
                show_logs(*logs)
            broker.kill()  # no persistence: every queued task is lost
            flying = in_flight(activation_id)
            accepted_at_restart = smtp.count()
            broker.start()
            done = wait_until(lambda: all_sent(activation_id), timeout=120)
            if not done:
                show_logs(*logs)
            assert done, status_counts(activation_id)
            numbers = report("broker restart", smtp, flying,
                             accepted_at_restart=accepted_at_restart)
    finally:
        stop(worker)
        stop(beat)
        broker.kill()
        _clean(app)
    assert numbers["missing"] == 0
    assert numbers["distinct_message_ids"] == RECIPIENTS
    assert numbers["duplicates"] <= numbers["in_flight_at_crash"]
