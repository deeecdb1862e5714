"""The real services a test tier needs: a failure under CI, a one-line skip elsewhere."""

import os
import shutil
from urllib.parse import urlsplit

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(what: str) -> None:
    """A needed service is absent: a failure under CI=true, a skip on a laptop."""
    message = f"{what} is not available"
    if IN_CI:
        pytest.fail(f"{message}, and CI=true forbids skipping this tier", pytrace=False)
    pytest.skip(message)


def postgres_available() -> bool:
    """Whether the PostgreSQL server answers."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def redis_available() -> bool:
    """Whether the Redis server answers."""
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


def chromium_available() -> bool:
    """Whether the Chromium binary is installed."""
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def redis_db_url(db: int) -> str:
    """REDIS_URL on a test database of its own for this xdist worker.

    Tests that flush or share a numbered database must not meet the same test running on the
    other worker: the first worker (or a run without xdist) uses `db` (10-15), the second
    `db - 9` (1-6). Database 0 is left to `make run`.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker.removeprefix("gw") or 0)
    if index > 1:
        raise RuntimeError("the Redis tests take at most two xdist workers (PYTEST_WORKERS=2)")
    return urlsplit(REDIS_URL)._replace(path=f"/{db - 9 * index}").geturl()
