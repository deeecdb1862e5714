"""The Flask app factory."""

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from geo import log_redaction
from web import config as app_config

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(app_config.load(app.instance_path, config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    register_proxy(app)
    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_errors(app)
    register_cli(app)
    register_celery(app)
    logging.getLogger("apuverkko").setLevel(app.config.get("LOG_LEVEL", "INFO"))
    # The development server's request lines would show searched places and coordinates.
    log_redaction.install(("werkzeug",))
    return app


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-For from PROXY_FIX_X_FOR proxies, so the client address is real."""
    if hops := int(app.config.get("PROXY_FIX_X_FOR") or 0):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)  # type: ignore[method-assign]


def register_security(app: Flask) -> None:
    """Security headers and the Content Security Policy on every response."""
    from web import security_headers

    security_headers.init_app(app)


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to the app."""
    import crisis.models  # noqa: F401 - every table is known to the metadata
    import network.models  # noqa: F401
    from network import passwords
    from web import auth, i18n
    from web.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    passwords.configure(**app.config["PASSWORD_HASH_PARAMS"])


def register_blueprints(app: Flask) -> None:
    """Mount every blueprint."""
    from web.alerts import register as register_alerts
    from web.auth.views import bp as auth_bp
    from web.crisis import register as register_crisis
    from web.geo import register as register_geo
    from web.health import bp as health_bp
    from web.indicators import register as register_indicators
    from web.model_document import register as register_model_document
    from web.participation import register as register_participation
    from web.people import register as register_people
    from web.public_requests import register as register_public_requests
    from web.resident import register as register_resident
    from web.staff import register as register_staff

    app.register_blueprint(auth_bp)
    app.register_blueprint(health_bp)
    register_alerts(app)
    register_staff(app)
    register_crisis(app)
    register_geo(app)
    register_people(app)
    register_public_requests(app)
    register_participation(app)
    register_indicators(app)
    register_model_document(app)
    register_resident(app)


def register_errors(app: Flask) -> None:
    """Friendly error pages instead of stack traces."""
    from web.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    """The `flask` commands: demo data, accounts."""
    from web.cli import register

    register(app)


def register_celery(app: Flask) -> None:
    """Attach the Celery app (broker from REDIS_URL or the local filesystem)."""
    from tasks import celery_init_app

    celery_init_app(app)
