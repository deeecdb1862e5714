"""A new steering admin's whole flow in a real Chromium, with a real Celery worker process:
prepare a scenario and a plan row through the pages, run an exercise, activate for real, watch
the progress page reach done, find the messages at the SMTP and SMS sinks, the web notice and
the CAP feed, then return to normal mode.

Run twice: on the embedded default of `make run` (SQLite, Kombu's filesystem broker, a worker
with an embedded beat) and on PostgreSQL with Redis (database 10 of the shared server).
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from flask_migrate import upgrade
from sqlalchemy import select

from crisis import demo, network_mode
from crisis.models import Channel, OutboxMessage, OutboxStatus, Phase, Scenario
from network.clock import utcnow
from network.models import RosterMember, ServiceMode, ServicePoint
from tests import services
from tests.browser.conftest import LiveServer, axe_violations, describe
from tests.conftest import _clean
from tests.sinks import SmsGatewaySink, SmtpSink
from tests.tasks.dispatch_support import (  # noqa: F401 - pg_url is a fixture
    SITE,
    pg_url,
    show_logs,
    stop,
    wait_until,
    worker_env,
)
from web import create_app
from web.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("redis-db-10")]
ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 10
DONE_SECONDS = 120
NEW_SCENARIO = "Myrskytuhot Haukiputaalla"
EXERCISE_PREFIX = "HARJOITUS – "


@pytest.fixture(params=["embedded", "postgresql_redis"])
def stack(request, tmp_path, monkeypatch, migrated_urls):
    """Database, broker, sinks, the app on a live port, and a Celery worker (with beat)."""
    queue = tmp_path / "queue"
    monkeypatch.setenv("APUVERKKO_QUEUE_DIR", str(queue))
    monkeypatch.delenv("REDIS_URL", raising=False)
    redis_url = ""
    if request.param == "embedded":
        database = f"sqlite:///{tmp_path / 'steering.sqlite'}"
    else:
        database = request.getfixturevalue("pg_url")
        redis_url = services.redis_db_url(REDIS_DB)
        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=3).flushdb()
        except redis.RedisError:
            services.missing(f"Redis at {redis_url}")
    with SmtpSink() as smtp, SmsGatewaySink() as sms:
        env = worker_env(database, redis_url, smtp_port=smtp.port, sms_url=sms.url,
                         APUVERKKO_QUEUE_DIR=str(queue))
        settings = {k: v for k, v in env.items() if k in (
            "SITE_URL", "MAIL_FROM", "SMTP_HOST", "SMS_GATEWAY_URL")}
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database,
                          "REDIS_URL": redis_url or None, "SMTP_PORT": smtp.port,
                          "SMS_RATE_PER_SECOND": 500.0, "LOGIN_RATE_LIMIT": "1000 per minute",
                          **settings})
        with app.app_context():
            upgrade()
            demo.load(now=utcnow(), site_url=SITE)
            db.session.commit()
            db.session.remove()
        log = tmp_path / "worker.log"
        with log.open("ab") as out:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "celery", "-A", "tasks.worker", "worker",
                 "--pool=solo", "--loglevel=INFO", "--beat",
                 f"--schedule={tmp_path / 'celerybeat-schedule'}"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            with LiveServer(app) as server:
                yield app, server, smtp, sms
        except BaseException:
            show_logs(log)
            raise
        finally:
            stop(worker)
            if redis_url:
                redis.Redis.from_url(redis_url).flushdb()
            if request.param != "embedded":
                _clean(app)


def log_in_as_admin(page, server) -> None:
    email, password = demo.LOGINS["steering_admin"]
    page.goto(f"{server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/staff/**")


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def read(app, query):
    with app.app_context():
        try:
            return query()
        finally:
            db.session.remove()


def rows_of(app, activation_id: int) -> list[tuple]:
    return read(app, lambda: db.session.execute(
        select(OutboxMessage.phase, OutboxMessage.channel, OutboxMessage.status,
               OutboxMessage.address, OutboxMessage.subject, OutboxMessage.due_at)
        .where(OutboxMessage.activation_id == activation_id)).all())


def activation_id_of(page) -> int:
    return int(re.search(r"/activations/(\d+)", page.url).group(1))


def prepare_scenario(page, server) -> int:
    """A new scenario with two points and one plan row, through the pages."""
    page.goto(f"{server.url}/staff/crisis/scenarios/new")
    assert_accessible(page)
    page.locator("#name").fill(NEW_SCENARIO)
    page.locator("#kind").select_option("other")
    boxes = page.locator("input[name=point_ids]")
    for n in (0, 1):
        boxes.nth(n).check()
        point_id = boxes.nth(n).get_attribute("value")
        page.locator(f"#instructions_{point_id}").fill("Avaa piste klo 9; tuo taskulamput.")
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/scenarios/\d+$"))
    scenario_id = int(page.url.rsplit("/", 1)[1])
    page.goto(f"{server.url}/staff/crisis/scenarios/{scenario_id}/plan/new")
    page.locator("#audience").select_option("steering_group")
    page.locator("#channel").select_option("email")
    page.locator("#timing").select_option("at_activation")
    page.locator("#informer_name").fill("Jussi Rantala")
    for lang, word in (("fi", "Poikkeustila"), ("sv", "Undantagsläge"), ("en", "Exceptional")):
        page.locator(f"#subject_{lang}").fill(f"{word}: {{scenario}}")
        page.locator(f"#body_{lang}").fill(f"{word}: {{scenario}}. {{reason}} {{site_link}}")
    page.locator("button[name=preview], input[name=preview]").click()
    assert page.get_by_text(f"Poikkeustila: {NEW_SCENARIO}").first.is_visible()
    assert_accessible(page)
    page.locator("button[name=save], input[name=save]").click()
    page.wait_for_url(re.compile(rf".*/scenarios/{scenario_id}(#plan)?$"))
    assert page.get_by_text("Jussi Rantala").first.is_visible()
    return scenario_id


def activate(page, server, scenario_id: int, *, exercise: bool) -> int:
    page.goto(f"{server.url}/staff/crisis/scenarios/{scenario_id}/activate")
    assert_accessible(page)
    page.locator("#reason").fill("Myrsky katkaisi sähköt." if not exercise else "Harjoitus")
    page.locator(f"input[name=mode][value={'exercise' if exercise else 'actual'}]").check()
    page.locator("main button[type=submit]").last.click()
    page.wait_for_load_state()
    assert_accessible(page)  # the confirmation page: what will happen
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/activations/\d+$"))
    return activation_id_of(page)


def wait_for_done(page, app, activation_id: int, phase_filter=None) -> None:
    """The progress page's live counts show every message due so far as sent."""
    now = utcnow()
    due = [r for r in rows_of(app, activation_id)
           if r.due_at <= now and r.status != OutboxStatus.CANCELLED]
    page.wait_for_function(
        "n => document.querySelector('[data-count=\"total.sent\"]').textContent.trim()"
        " === String(n)", arg=len(due), timeout=DONE_SECONDS * 1000)
    assert page.locator('[data-count="total.failed"]').inner_text().strip() == "0"
    assert_accessible(page)


def deactivate(page, reason: str) -> None:
    page.locator("main a.button").first.click()
    page.wait_for_url("**/deactivate")
    assert_accessible(page)
    page.locator("#reason").fill(reason)
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/activations/\d+$"))


def test_a_new_admin_prepares_exercises_activates_and_returns_to_normal(page, stack):
    app, server, smtp, sms = stack
    log_in_as_admin(page, server)
    scenario_id = prepare_scenario(page, server)

    # An exercise: only exercise participants, every message marked, no points changed.
    exercise_id = activate(page, server, scenario_id, exercise=True)
    wait_for_done(page, app, exercise_id)
    exercise_rows = rows_of(app, exercise_id)
    assert exercise_rows and all(r.subject.startswith(EXERCISE_PREFIX) for r in exercise_rows)
    assert wait_until(lambda: smtp.count() == len(exercise_rows), 30)
    participants = read(app, lambda: {m.email for m in db.session.scalars(
        select(RosterMember).where(RosterMember.exercise_participant.is_(True)))})
    assert {m.recipient for m in smtp.snapshot()} == participants
    assert all(m.message["Subject"].startswith(EXERCISE_PREFIX) for m in smtp.snapshot())
    assert read(app, network_mode.current_mode) == ServiceMode.NORMAL
    deactivate(page, "Harjoitus päättyi.")
    smtp.received.clear()

    # For real: the prepared power-cut scenario of the demo.
    power_cut = read(app, lambda: db.session.scalar(
        select(Scenario.id).where(Scenario.name == "Pitkä sähkökatko")))
    before = read(app, lambda: dict(db.session.execute(
        select(ServicePoint.id, ServicePoint.status)).all()))
    actual_id = activate(page, server, power_cut, exercise=False)
    assert read(app, network_mode.current_mode) == ServiceMode.EXCEPTIONAL
    wait_for_done(page, app, actual_id)
    sent = [r for r in rows_of(app, actual_id) if r.status == OutboxStatus.SENT]
    emails = [r for r in sent if r.channel == Channel.EMAIL]
    texts = [r for r in sent if r.channel == Channel.SMS]
    assert emails and texts and not any(r.subject and "HARJOITUS" in r.subject for r in sent)
    assert wait_until(lambda: smtp.count() == len(emails), 30)
    # One message per outbox row (a person in two audiences gets each row's message once).
    assert smtp.per_recipient() == Counter(r.address for r in emails)
    assert sms.per_recipient() == Counter(r.address for r in texts)
    swedish = next(r["text"] for r in sms.requests if r["to"] == "+358500001002")
    assert "servicepunkterna" in swedish

    notice = json.loads(page.request.get(f"{server.url}/alerts/notice.json").text())
    assert "Pitkä sähkökatko" in json.dumps(notice, ensure_ascii=False)
    feed = page.request.get(f"{server.url}/alerts/cap.atom").text()
    assert "Pitkä sähkökatko" in feed
    alert_url = re.search(r'href="([^"]+\.xml)"', feed).group(1)
    # The feed links to the public site's address; the same path is asked of this server.
    cap = page.request.get(server.url + urlsplit(alert_url).path).text()
    assert "<status>Actual</status>" in cap and "Pitkä sähkökatko" in cap

    # Back to normal: the deactivation rows go out and every point is as it was.
    page.goto(f"{server.url}/staff/crisis/activations/{actual_id}")
    deactivate(page, "Sähköt palautuneet.")
    assert read(app, network_mode.current_mode) == ServiceMode.NORMAL
    assert read(app, lambda: dict(db.session.execute(
        select(ServicePoint.id, ServicePoint.status)).all())) == before
    assert wait_until(lambda: all(
        r.status == OutboxStatus.SENT for r in rows_of(app, actual_id)
        if r.phase == Phase.DEACTIVATION), DONE_SECONDS)
    ended = [r for r in rows_of(app, actual_id) if r.phase == Phase.DEACTIVATION]
    assert {r.channel for r in ended} >= {Channel.SMS, Channel.EMAIL, Channel.WEB_NOTICE}
    assert wait_until(lambda: sum(sms.per_recipient().values()) == len(texts) + len(
        [r for r in ended if r.channel == Channel.SMS]), 30)
    wait_for_done(page, app, actual_id)
