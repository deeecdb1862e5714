"""SMS through a real local HTTP gateway: one message each, segments counted, rate limited."""

from datetime import timedelta

import pytest
import redis
from sqlalchemy import select

from crisis import outbox, sms
from crisis.delivery import batch
from crisis.delivery.ratelimit import RedisTokenBucket, TokenBucket
from crisis.delivery.settings import DeliverySettings
from crisis.delivery.sms_gateway import SmsGateway
from crisis.models import OutboxMessage, OutboxStatus
from network.clock import utcnow
from network.models import Role
from tests import factories, services
from tests.sinks import SmsGatewaySink, free_port
from web.extensions import db

SITE = "http://apu.test"
# One xdist worker runs every test that uses a numbered database of the shared Redis.
pytestmark = pytest.mark.xdist_group("shared-redis")
REDIS_DB = 13  # this module's own Redis database; only its own keys are deleted


def settings(url: str, **kw) -> DeliverySettings:
    values = {"site_url": SITE, "sms_url": url, "sms_user": "apu", "sms_password": "pw",
              "sms_sender": "Apuverkko", "sms_rate": 1000.0, "batch_size": 50, "mark_every": 5}
    return DeliverySettings(**(values | kw))


def residents(count: int, language="fi") -> list:
    subs = [factories.subscription(f"+3584000000{n:02d}", channel="sms", language=language)
            for n in range(count)]
    db.session.commit()
    return subs


def send_all(config: DeliverySettings, gateway: SmsGateway | None = None, now=None):
    clock = (lambda: now) if now is not None else utcnow
    batches = outbox.take_due(None, now=clock(), batch_size=config.batch_size,
                              requeue_after=timedelta(0))
    db.session.commit()
    reports = [batch.send_batch(ids, settings=config, commit=db.session.commit, clock=clock,
                                transports={"sms": gateway} if gateway else None)
               for ids in batches]
    return reports


def rows():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_each_resident_gets_one_sms_with_the_unsubscribe_link(app, users):
    subs = residents(3, "sv")
    activation = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(activation, subs, site=SITE)
    db.session.commit()
    with SmsGatewaySink() as gateway:
        send_all(settings(gateway.url))
        send_all(settings(gateway.url))  # a second run finds nothing to send
        assert gateway.per_recipient() == {sub.address: 1 for sub in subs}
        by_number = {r["to"]: r for r in gateway.requests}
        assert set(gateway.auth) == {"Basic YXB1OnB3"}
    for sub in subs:
        request = by_number[sub.address]
        assert request["sender"] == "Apuverkko"
        assert request["text"].startswith("Hej!")
        assert f"{SITE}/unsubscribe/{sub.token}" in request["text"]
    assert {r.status for r in rows()} == {OutboxStatus.SENT}


def test_segments_are_counted_and_each_costs_one_token(app, users):
    subs = residents(4)
    activation = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(activation, subs, site=SITE)
    texts = ["Lyhyt viesti, ääkköset käyvät GSM:ään.", "x" * 161, "Hätä 🚨 emoji", "€" * 150]
    for row, sub, text in zip(rows(), subs, texts, strict=True):
        row.body = f"{text} {SITE}/unsubscribe/{sub.token}"
    db.session.commit()
    lengths = [sms.measure(row.body) for row in rows()]
    assert [n.encoding for n in lengths] == ["GSM-7", "GSM-7", "UCS-2", "GSM-7"]
    assert [n.segments for n in lengths] == [1, 2, 2, 3]
    expected = sum(n.segments for n in lengths)
    bucket = TokenBucket(rate=20, capacity=2)
    with SmsGatewaySink() as gateway:
        adapter = SmsGateway(settings(gateway.url), bucket=bucket)
        send_all(settings(gateway.url), adapter)
        print(f"busiest second at the gateway: {gateway.busiest_second()} requests")
    assert adapter.segments == expected == 8
    assert bucket.taken == 8  # one token per segment, nothing more, nothing less
    assert bucket.waited > 0  # 8 segments through a bucket of 2 had to wait


def test_token_bucket_paces_requests_in_virtual_time():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(rate=2.0, capacity=2, clock=lambda: now[0], sleep=sleep)
    waits = [bucket.acquire() for _ in range(6)]
    assert waits[:2] == [0.0, 0.0]
    assert waits[2:] == [0.5, 0.5, 0.5, 0.5]  # two a second once the burst is used
    assert bucket.taken == 6 and now[0] == 2.0
    now[0] += 10  # an idle bucket refills up to its capacity only
    assert [bucket.acquire() for _ in range(3)] == [0.0, 0.0, 0.5]


def test_the_redis_bucket_is_shared_between_processes():
    url = services.redis_db_url(REDIS_DB)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
    except redis.RedisError:
        services.missing(f"Redis at {url}")
    key = f"apuverkko:test-bucket:{free_port()}"
    try:
        slept = []
        # Two buckets on one key stand for two worker processes; rate so low that no refill
        # happens during the test, so the accounting is exact.
        first = RedisTokenBucket(client, key, rate=0.001, capacity=3, sleep=slept.append)
        second = RedisTokenBucket(redis.Redis.from_url(url), key, rate=0.001, capacity=3,
                                  sleep=slept.append)
        waits = [first.acquire(), second.acquire(), first.acquire(2), second.acquire()]
        assert waits[:2] == [0.0, 0.0]
        assert waits[2] == pytest.approx(1000, rel=0.01)  # 1 token short at 0.001/s
        assert waits[3] == pytest.approx(2000, rel=0.01)  # the reservation queue grows
        assert first.taken == second.taken == 5
    finally:
        client.delete(key)
        client.close()


@pytest.mark.parametrize(("answer", "status", "attempts"), [
    (503, OutboxStatus.QUEUED, 1),
    (429, OutboxStatus.QUEUED, 1),
    (400, OutboxStatus.FAILED, 1),
])
def test_gateway_errors_are_retried_or_failed(app, users, answer, status, attempts):
    subs = residents(1)
    activation = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(activation, subs, site=SITE)
    db.session.commit()
    with SmsGatewaySink(answers=[answer]) as gateway:
        send_all(settings(gateway.url))
        assert gateway.requests == []
    (row,) = rows()
    assert (row.status, row.attempts) == (status, attempts)
    assert str(answer) in row.last_error


def test_an_unreachable_gateway_retries_the_whole_batch(app, users):
    subs = residents(3)
    activation = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(activation, subs, site=SITE)
    db.session.commit()
    (report,) = send_all(settings(f"http://127.0.0.1:{free_port()}/send"))
    assert report.retried == 3
    assert {(r.status, r.attempts) for r in rows()} == {(OutboxStatus.QUEUED, 1)}
    assert all("unreachable" in r.last_error for r in rows())


def test_a_text_over_the_segment_limit_fails_with_the_reason(app, users):
    subs = residents(1)
    activation = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(activation, subs, site=SITE)
    rows()[0].body = "🚨" * 500
    db.session.commit()
    with SmsGatewaySink() as gateway:
        send_all(settings(gateway.url, sms_max_segments=6))
        assert gateway.requests == []
    (row,) = rows()
    assert row.status == OutboxStatus.FAILED and "segments" in row.last_error
