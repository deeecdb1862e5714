"""A real Celery worker process runs a task end to end, over the filesystem broker and Redis."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests import services
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
# One xdist worker runs every test that uses a numbered database of the shared Redis.
pytestmark = pytest.mark.xdist_group("shared-redis")
REDIS_DB = 15  # the suite's own Redis database: only this one is ever flushed


def redis_test_url() -> str:
    """The test Redis server's URL with our dedicated database number."""
    return services.redis_db_url(REDIS_DB)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`celery -A tasks.worker worker` in its own process, as a deployment starts it."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tasks.worker", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )


def stop(worker: subprocess.Popen) -> None:
    """Warm shutdown, then a kill if the worker does not leave in time."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def ping_through_worker(tmp_path: Path, monkeypatch, **env_extra: str) -> str:
    """Start a worker with the given environment, send maintenance.ping and return its answer."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(APUVERKKO_ENV="testing", DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite'}",
               APUVERKKO_QUEUE_DIR=str(tmp_path / "queue"), **env_extra)
    overrides = {"REDIS_URL": env_extra["REDIS_URL"]} if "REDIS_URL" in env_extra else {}
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        monkeypatch.setenv("APUVERKKO_QUEUE_DIR", env["APUVERKKO_QUEUE_DIR"])
        app = make_app(env["DATABASE_URL"], **overrides)
        celery_app = app.extensions["celery"]
        result = celery_app.send_task("maintenance.ping")
        try:
            return result.get(timeout=20)
        except Exception:
            print(log.read_text(errors="replace"))
            raise
    finally:
        stop(worker)


def test_worker_runs_a_task_over_the_filesystem_broker(tmp_path, monkeypatch):
    assert ping_through_worker(tmp_path, monkeypatch) == "pong"
    assert (tmp_path / "queue" / "control" / "celery.exchange").exists()


@pytest.mark.redis
def test_worker_runs_a_task_over_redis(tmp_path, monkeypatch):
    url = redis_test_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
    except redis.RedisError:
        services.missing(f"Redis at {url}")
    client.flushdb()
    try:
        assert ping_through_worker(tmp_path, monkeypatch, REDIS_URL=url) == "pong"
        assert not (tmp_path / "queue").exists(), "the filesystem broker was used"
    finally:
        client.flushdb()
        client.close()
