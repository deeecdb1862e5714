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
    # Reverse proxies in front that set X-Forwarded-For (werkzeug ProxyFix): with 1, rate
    # limits count per real client behind one proxy. Never more than the proxies there are.
    PROXY_FIX_X_FOR = 0
    HSTS_SECONDS = 0  # Strict-Transport-Security max-age; production only
    # Geocoding (geo.geocoding.GeocoderSettings): no provider means the offline gazetteer only;
    # "nominatim" or "pelias" (Digitransit: GEOCODER_URL=https://api.digitransit.fi/geocoding).
    GEOCODER_PROVIDER: str | None = None
    GEOCODER_URL: str | None = None
    GEOCODER_API_KEY: str | None = None
    GEOCODER_API_KEY_HEADER: str | None = None
    GEOCODER_USER_AGENT = "apuverkko"
    GEOCODER_TIMEOUT = 5.0
    GEOCODER_MIN_DELAY = 1.0  # seconds between requests (Nominatim's usage policy)
    GEOCODER_COUNTRY_CODES = "fi"
    GEOCODER_LANGUAGE = "fi"
    GEOCODER_CACHE_DAYS = 180
    # Map background tiles ("none": no tiles); Leaflet itself is served from web/static/vendor.
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    MAP_TILE_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                            "OpenStreetMap</a> contributors")
    POPULATION_MAX_UPLOAD = 200 * 1024 * 1024  # the population import page only
    # Delivery of crisis messages (crisis.delivery); each can be set in the environment.
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_TIMEOUT = 20.0
    MAIL_FROM = "Apuverkko <apuverkko@localhost>"
    SMS_GATEWAY_URL: str | None = None
    SMS_GATEWAY_USER: str | None = None
    SMS_GATEWAY_PASSWORD: str | None = None
    SMS_SENDER = "Apuverkko"
    SMS_RATE_PER_SECOND = 10.0  # SMS segments a second, across all workers
    SMS_TIMEOUT = 10.0
    SMS_MAX_SEGMENTS = 6
    OUTBOX_BATCH_SIZE = 300  # rows per send task (one SMTP connection each)
    OUTBOX_MARK_EVERY = 100  # rows marked sent per commit (each is journalled in Redis first)
    OUTBOX_MAX_ATTEMPTS = 5
    OUTBOX_RETRY_BASE_SECONDS = 30.0  # doubles per attempt, up to the maximum
    OUTBOX_RETRY_MAX_SECONDS = 3600.0
    OUTBOX_LEASE_SECONDS = 300.0  # a 'sending' claim older than this is a dead worker's
    OUTBOX_REQUEUE_AFTER_SECONDS = 120.0  # a queued row's task counts as lost after this
    OUTBOX_SWEEP_SECONDS = 30.0
    ALERTS_RATE_LIMIT = "10 per minute;60 per hour"
    FEEDBACK_RATE_LIMIT = "10 per minute;60 per hour"
    SUPPORT_REQUEST_RATE_LIMIT = "5 per minute;30 per hour"  # the public support form
    SUPPORT_ERASE_AFTER_DAYS = 90  # client data of a closed request is erased after this
    # SUPPORT_SEND_EMAIL: unset means "when SMTP_HOST is set, outside tests".
    # Resident site: how long a process reuses the mode, snapshot and notice it read (0: every
    # request asks the database), and searches allowed per client.
    RESIDENT_STATE_SECONDS = 0.0
    RESIDENT_SEARCH_RATE_LIMIT = "30 per minute;300 per hour"


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
    HSTS_SECONDS = 365 * 24 * 3600
    RESIDENT_STATE_SECONDS = 1.0


ENVIRONMENTS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestingConfig, ProductionConfig)}
FROM_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL",
                    "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS",
                    "SMTP_TIMEOUT", "MAIL_FROM", "SMS_GATEWAY_URL", "SMS_GATEWAY_USER",
                    "SMS_GATEWAY_PASSWORD", "SMS_SENDER", "SMS_RATE_PER_SECOND", "SMS_TIMEOUT",
                    "SMS_MAX_SEGMENTS", "OUTBOX_BATCH_SIZE", "OUTBOX_MARK_EVERY",
                    "OUTBOX_MAX_ATTEMPTS", "OUTBOX_RETRY_BASE_SECONDS", "OUTBOX_RETRY_MAX_SECONDS",
                    "OUTBOX_LEASE_SECONDS", "OUTBOX_REQUEUE_AFTER_SECONDS", "OUTBOX_SWEEP_SECONDS",
                    "ALERTS_RATE_LIMIT", "FEEDBACK_RATE_LIMIT", "SUPPORT_REQUEST_RATE_LIMIT",
                    "SUPPORT_ERASE_AFTER_DAYS")
FROM_ENVIRONMENT += ("GEOCODER_PROVIDER", "GEOCODER_URL", "GEOCODER_API_KEY",
                     "GEOCODER_API_KEY_HEADER", "GEOCODER_USER_AGENT", "GEOCODER_TIMEOUT",
                     "GEOCODER_MIN_DELAY", "GEOCODER_COUNTRY_CODES", "GEOCODER_LANGUAGE",
                     "GEOCODER_CACHE_DAYS", "MAP_TILE_URL", "MAP_TILE_ATTRIBUTION")
FROM_ENVIRONMENT += ("PROXY_FIX_X_FOR", "HSTS_SECONDS")
FROM_ENVIRONMENT += ("RESIDENT_STATE_SECONDS", "RESIDENT_SEARCH_RATE_LIMIT")


def typed(text: str, default: Any) -> Any:
    """An environment value as the type of the setting's default (bool, int, float or text)."""
    if isinstance(default, bool):
        return text.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int | float):
        return type(default)(text)
    return text


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
            settings[name] = typed(environ[name], settings.get(name))
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
