"""Real parts for the dispatch tests: a migrated PostgreSQL database, Redis, and Celery worker
and beat processes started as a deployment starts them."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from flask_migrate import upgrade
from sqlalchemy import func, insert, select

from crisis.models import OutboxMessage, OutboxStatus, Subscription
from network.clock import utcnow
from tests import services
from tests.conftest import make_app
from web.extensions import db

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 12  # the dispatch tests' own database on the shared Redis: only it is flushed
SITE = "http://apu.test"


@pytest.fixture
def pg_url(request, migrated_urls) -> str:
    """The session's PostgreSQL database, migrated (these tests need a real server)."""
    if "postgresql" not in migrated_urls:
        url = request.getfixturevalue("postgres_url")
        app = make_app(url)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        migrated_urls["postgresql"] = url
    return migrated_urls["postgresql"]


@pytest.fixture
def shared_redis() -> str:
    """The machine's Redis with our database number, flushed before and after."""
    url = services.redis_db_url(REDIS_DB)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
    except redis.RedisError:
        services.missing(f"Redis at {url}")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


class PrivateRedis:
    """A redis-server of our own on a free port, without persistence, that we may restart."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            services.missing("redis-server (for a private Redis)")
        self.process = subprocess.Popen(  # noqa: S603
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def worker_env(pg_url: str, redis_url: str, *, smtp_port: int, sms_url: str = "",
               **extra: str) -> dict[str, str]:
    """The environment of worker and beat processes for these tests."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(APUVERKKO_ENV="testing", DATABASE_URL=pg_url, REDIS_URL=redis_url,
               SITE_URL=SITE, MAIL_FROM="Apuverkko <alerts@apu.test>", SMTP_HOST="127.0.0.1",
               SMTP_PORT=str(smtp_port), SMS_GATEWAY_URL=sms_url, SMS_RATE_PER_SECOND="500",
               OUTBOX_BATCH_SIZE="200", OUTBOX_SWEEP_SECONDS="1",
               OUTBOX_LEASE_SECONDS="5", OUTBOX_REQUEUE_AFTER_SECONDS="5",
               OUTBOX_RETRY_BASE_SECONDS="1")
    env.update(extra)
    return env


def start_worker(env: dict[str, str], log: Path, *, concurrency: int = 1) -> subprocess.Popen:
    """`celery -A tasks.worker worker` (solo pool: a SIGKILL kills the sender itself)."""
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork",
                                                     f"--concurrency={concurrency}"]
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "tasks.worker", "worker", *pool,
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def start_beat(env: dict[str, str], log: Path, schedule: Path) -> subprocess.Popen:
    """`celery -A tasks.worker beat`: sends crisis.sweep every OUTBOX_SWEEP_SECONDS."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "tasks.worker", "beat", "--loglevel=INFO",
             f"--schedule={schedule}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen | None) -> None:
    """Warm shutdown, then a kill if the process does not leave in time."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def add_residents(count: int, *, channel: str = "email", languages=("fi", "sv", "en")) -> None:
    """Confirmed subscriptions r00000@example.org… (or +35840…), languages in turn."""
    now = utcnow()
    rows = [{
        "channel": channel,
        "address": f"r{n:05d}@example.org" if channel == "email" else f"+358401{n:06d}",
        "language": languages[n % len(languages)], "consent_text": "I agree.",
        "consent_at": now, "confirmed_at": now, "confirm_attempts": 0,
        "token": f"token-{channel}-{n:05d}-" + "x" * 20,
    } for n in range(count)]
    db.session.execute(insert(Subscription), rows)


def status_counts(activation_id: int) -> dict[str, int]:
    """Outbox rows per status, read fresh."""
    db.session.rollback()
    return {str(status): n for status, n in db.session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.activation_id == activation_id).group_by(OutboxMessage.status))}


def wait_until(check, timeout: float, step: float = 0.2) -> bool:
    """Poll `check()` until it is true or the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())


def all_sent(activation_id: int) -> bool:
    """Whether every row of an activation is sent."""
    counts = status_counts(activation_id)
    return set(counts) == {OutboxStatus.SENT.value}


def show_logs(*logs: Path) -> None:
    """Print the end of the process logs (shown when a test fails)."""
    for log in logs:
        if log.exists():
            print(f"--- {log.name} ---")
            print(log.read_text(errors="replace")[-6000:])
