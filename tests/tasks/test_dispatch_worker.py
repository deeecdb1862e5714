"""An activation fanned out by a real Celery worker over the real Redis, to a real SMTP server
and a real HTTP SMS gateway, on PostgreSQL: each recipient gets exactly one message, in their
language, with an unsubscribe link that works."""

import re

import pytest
from sqlalchemy import select

from crisis import operations
from crisis.delivery import web_notice
from crisis.models import Audience, PublishedAlert, Subscription
from network import accounts
from network.clock import utcnow
from network.models import Role
from tasks.crisis import dispatch_outbox
from tests import factories
from tests.conftest import _clean, make_app
from tests.sinks import SmsGatewaySink, SmtpSink
from tests.tasks.dispatch_support import (
    SITE,
    add_residents,
    all_sent,
    show_logs,
    start_worker,
    stop,
    wait_until,
    worker_env,
)
from web.extensions import db

# One xdist worker runs every test that flushes a numbered database of the shared Redis.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.xdist_group("shared-redis")]
GREETING = {"fi": "Hei!", "sv": "Hej!", "en": "Hello!"}
PUBLIC_TEXT = {"subject_fi": "Sähkökatko", "subject_sv": "Strömavbrott",
               "subject_en": "Power cut", "body_fi": "{scenario}: {reason}",
               "body_sv": "{scenario}: {reason}", "body_en": "{scenario}: {reason}"}


def test_each_recipient_gets_exactly_one_message(pg_url, shared_redis, tmp_path):
    app = make_app(pg_url, REDIS_URL=shared_redis, SITE_URL=SITE)
    log = tmp_path / "worker.log"
    worker = None
    try:
        with app.app_context(), SmtpSink() as smtp, SmsGatewaySink() as gateway:
            admin = accounts.create_user(email="admin@example.org", name="Admin",
                                         password="correct horse battery",
                                         role=Role.STEERING_ADMIN)
            add_residents(30)
            add_residents(6, channel="sms")
            factories.subscription("unconfirmed@example.org", confirmed=False)
            scenario = factories.plan_scenario(rows=[
                {}, {"channel": "sms", "subject_fi": None, "subject_sv": None,
                     "subject_en": None},
                {"audience": Audience.PUBLIC, "channel": "cap"} | PUBLIC_TEXT,
                {"audience": Audience.PUBLIC, "channel": "web_notice"} | PUBLIC_TEXT,
            ])
            db.session.commit()
            worker = start_worker(worker_env(pg_url, shared_redis, smtp_port=smtp.port,
                                             sms_url=gateway.url), log)
            activation = operations.activate(scenario, actor=admin, reason="Myrsky.",
                                             exercise=False, now=utcnow(), site_url=SITE)
            db.session.commit()
            dispatch_outbox.delay(activation.id)
            done = wait_until(lambda: all_sent(activation.id), timeout=60)
            if not done:
                show_logs(log)
            assert done, "not every outbox row was sent"

            subs = {s.address: s for s in db.session.scalars(select(Subscription))}
            emails = smtp.snapshot()
            assert sorted(r.recipient for r in emails) == sorted(
                a for a, s in subs.items() if s.channel == "email" and s.confirmed_at)
            assert len({r.message_id for r in emails}) == len(emails) == 30
            for received in emails:
                sub = subs[received.recipient]
                assert received.message["Content-Language"] == sub.language
                assert received.text.startswith(GREETING[sub.language])
            texts = gateway.requests
            assert sorted(t["to"] for t in texts) == sorted(
                a for a, s in subs.items() if s.channel == "sms")
            for text in texts:
                assert text["text"].startswith(GREETING[subs[text["to"]].language])

            # The link in a delivered message stops the alerts in one step.
            received = emails[0]
            link = re.search(rf"{re.escape(SITE)}(/unsubscribe/\S+)", received.text).group(1)
            assert app.test_client().get(link).status_code == 200
            db.session.expire_all()
            assert not subs[received.recipient].active

            alert = db.session.scalars(select(PublishedAlert)).one()
            assert alert.status == "Actual" and alert.xml.count("<info>") == 3
            notice = web_notice.current("sv")
            assert notice is not None and notice.subject == "Strömavbrott"
    finally:
        stop(worker)
        _clean(app)
