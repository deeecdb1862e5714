"""Settings: defaults per environment, then the process environment, then explicit overrides."""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any


class BaseConfig:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    REDIS_URL: str | None = None
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_HASH_PARAMS: dict[str, int] = {}
    SITE_URL = "http://127.0.0.1:5000"


class DevelopmentConfig(BaseConfig):
    """`make run`: SQLite under instance/, no other service."""

    ENV_NAME = "development"
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development only, refused in production


class TestingConfig(BaseConfig):
    """The test suite: in-memory rate limits, cheap password hashing."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-not-secret"  # noqa: S105
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


class ProductionConfig(BaseConfig):
    """A deployment: secure cookies, a secret key from the environment or nothing starts."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


ENVIRONMENTS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestingConfig, ProductionConfig)}
FROM_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL")


def database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load(
    instance_path: str, overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> dict[str, Any]:
    """The settings for an app: environment class, then env variables, then overrides."""
    overrides = dict(overrides or {})
    env_name = overrides.pop("ENV_NAME", None) or environ.get("APUVERKKO_ENV", "development")
    if env_name not in ENVIRONMENTS:
        raise RuntimeError(f"APUVERKKO_ENV must be one of {sorted(ENVIRONMENTS)}, not {env_name!r}")
    base = ENVIRONMENTS[env_name]
    settings = {k: getattr(base, k) for k in dir(base) if k.isupper()}
    for name in FROM_ENVIRONMENT:
        if environ.get(name):
            settings[name] = environ[name]
    if settings.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
    settings.update(overrides)
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        db_file = Path(instance_path) / "apuverkko.sqlite"
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(settings["SQLALCHEMY_DATABASE_URI"])
    if settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    settings.setdefault(
        "RATELIMIT_STORAGE_URI", settings["REDIS_URL"] if settings.get("REDIS_URL") else "memory://"
    )
    if not settings.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: production refuses to start without it")
    return settings
