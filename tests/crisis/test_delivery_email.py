"""Email delivery against a real local SMTP server (aiosmtpd): one message each, in language."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from crisis import outbox
from crisis.delivery import batch
from crisis.delivery.email import message_id
from crisis.delivery.settings import DeliverySettings
from crisis.models import OutboxMessage, OutboxStatus, Subscription
from crisis.outbox import RetryPolicy
from network.clock import utcnow
from network.models import Role
from tests import factories
from tests.sinks import SmtpSink, free_port
from web.extensions import db

SITE = "http://apu.test"
GREETING = {"fi": "Hei!", "sv": "Hej!", "en": "Hello!"}


def settings(port: int, **kw) -> DeliverySettings:
    values = {"site_url": SITE, "mail_from": "Apuverkko Oulu <alerts@apu.test>",
              "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_timeout": 5.0,
              "batch_size": 50, "mark_every": 3}
    return DeliverySettings(**(values | kw))


def activate(users, *, exercise=False):
    """An activation with one email row per confirmed subscription."""
    activation = factories.activation(users[Role.STEERING_ADMIN], exercise=exercise)
    subs = db.session.scalars(select(Subscription).where(
        Subscription.confirmed_at.is_not(None)).order_by(Subscription.id)).all()
    factories.resident_rows(activation, subs, site=SITE)
    db.session.commit()
    return activation


def deliver(config: DeliverySettings, *, now=None, activation_id=None) -> batch.BatchReport:
    """Take every due row and send it in batches, as the dispatch task and workers do."""
    clock = (lambda: now) if now is not None else utcnow
    batches = outbox.take_due(activation_id, now=clock(), batch_size=config.batch_size,
                              requeue_after=timedelta(0))
    db.session.commit()
    total = batch.BatchReport()
    for ids in batches:
        report = batch.send_batch(ids, settings=config, commit=db.session.commit, clock=clock)
        for name in ("sent", "retried", "failed", "cancelled", "skipped"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        total.errors += report.errors
    return total


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_each_resident_gets_one_message_in_their_language(app, users):
    subs = {lang: factories.subscription(f"{lang}@example.org", language=lang)
            for lang in ("fi", "sv", "en")}
    factories.subscription("pending@example.org", confirmed=False)
    activate(users)
    with SmtpSink() as sink:
        report = deliver(settings(sink.port))
        assert report.sent == 3
        assert deliver(settings(sink.port)).sent == 0  # nothing left: a second run sends none
        received = {r.recipient: r for r in sink.snapshot()}
    assert sorted(received) == sorted(f"{lang}@example.org" for lang in subs)
    by_address = {row.address: row for row in rows()}
    for lang, sub in subs.items():
        message = received[sub.address]
        parsed = message.message
        assert parsed["Content-Language"] == lang
        assert GREETING[lang] in message.text
        link = f"{SITE}/unsubscribe/{sub.token}"
        assert link in message.text
        assert parsed["List-Unsubscribe"] == f"<{link}>"
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        row = by_address[sub.address]
        assert parsed["Message-ID"] == message_id(row.key, "apu.test")
        assert row.status == OutboxStatus.SENT and row.sent_at is not None
    assert "pending@example.org" not in by_address


def test_message_id_is_derived_from_the_key_only():
    assert message_id("7:1:activation:subscription:3:email", "apu.test") == message_id(
        "7:1:activation:subscription:3:email", "apu.test")
    assert message_id("a", "apu.test") != message_id("b", "apu.test")
    assert message_id("a", "apu.test").endswith("@apu.test>")


def test_a_footer_with_the_link_is_added_when_the_template_has_none(app, users):
    sub = factories.subscription("fi@example.org")
    activate(users)
    db.session.execute(OutboxMessage.__table__.update().values(body="Ei linkkiä tekstissä."))
    db.session.commit()
    with SmtpSink() as sink:
        deliver(settings(sink.port))
        (message,) = sink.snapshot()
    assert "Ei linkkiä tekstissä." in message.text
    assert f"{SITE}/unsubscribe/{sub.token}" in message.text


def test_a_resident_who_unsubscribed_before_sending_gets_nothing(app, users):
    gone = factories.subscription("gone@example.org")
    factories.subscription("stays@example.org")
    activate(users)
    gone.unsubscribed_at = utcnow()
    db.session.commit()
    with SmtpSink() as sink:
        report = deliver(settings(sink.port))
        assert [r.recipient for r in sink.snapshot()] == ["stays@example.org"]
    assert report.cancelled == 1
    status = {row.address: row.status for row in rows()}
    assert status["gone@example.org"] == OutboxStatus.CANCELLED


def test_unreachable_server_retries_with_backoff_then_fails_and_resend_queues_again(app, users):
    for n in range(3):
        factories.subscription(f"r{n}@example.org")
    activation = activate(users)
    port = free_port()  # nothing listens here
    policy = RetryPolicy(max_attempts=3, base_seconds=10, max_seconds=60)
    config = settings(port, policy=policy)
    start = utcnow()

    report = deliver(config, now=start)
    assert report.retried == 3 and report.sent == 0
    first = rows()
    assert {r.status for r in first} == {OutboxStatus.QUEUED}
    assert {r.attempts for r in first} == {1}
    assert all(r.due_at == start + timedelta(seconds=10) for r in first)
    assert all("unreachable" in r.last_error for r in first)

    assert deliver(config, now=start + timedelta(seconds=5)).retried == 0  # not due yet
    deliver(config, now=start + timedelta(seconds=10))
    assert {(r.attempts, r.due_at) for r in rows()} == {(2, start + timedelta(seconds=30))}
    report = deliver(config, now=start + timedelta(seconds=30))
    assert report.failed == 3
    failed = rows()
    assert {r.status for r in failed} == {OutboxStatus.FAILED}
    assert all("unreachable" in r.last_error for r in failed)

    assert outbox.resend(activation.id, now=utcnow()) == 3
    db.session.commit()
    assert {(r.status, r.attempts) for r in rows()} == {(OutboxStatus.QUEUED, 0)}
    with SmtpSink(port=port) as sink:
        assert deliver(config).sent == 3
        assert sink.count() == 3
    assert {r.status for r in rows()} == {OutboxStatus.SENT}


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_refused_address_fails_at_once_with_the_reason(app, users, pipelining):
    # Pipelined, the refused envelope was written with the previous message's final dot.
    factories.subscription("first@example.org")
    factories.subscription("nobody@example.org")
    factories.subscription("somebody@example.org")
    activate(users)
    with SmtpSink(refuse={"nobody@example.org"}, pipelining=pipelining) as sink:
        report = deliver(settings(sink.port))
        assert [r.recipient for r in sink.snapshot()] == ["first@example.org",
                                                          "somebody@example.org"]
    assert report.failed == 1 and report.sent == 2
    row = next(r for r in rows() if r.address == "nobody@example.org")
    assert row.status == OutboxStatus.FAILED and "550" in row.last_error


def test_rows_of_an_exercise_never_reach_residents(app, users):
    factories.subscription("resident@example.org")
    # The plan never writes resident rows for an exercise; one written anyway is cancelled.
    activate(users, exercise=True)
    with SmtpSink() as sink:
        report = deliver(settings(sink.port))
        assert sink.count() == 0
    assert report.cancelled == 1


@pytest.mark.parametrize("subject", ["Poikkeustila: sähkökatko – äö", "plain"])
def test_subjects_survive_encoding(app, users, subject):
    factories.subscription("fi@example.org")
    activate(users)
    db.session.execute(OutboxMessage.__table__.update().values(subject=subject))
    db.session.commit()
    with SmtpSink() as sink:
        deliver(settings(sink.port))
        (message,) = sink.snapshot()
    assert message.message["Subject"] == subject
