"""Fixtures: an app per database backend (SQLite and real PostgreSQL), clients, logins."""

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from flask import Flask, g
from flask_babel import refresh
from flask_migrate import upgrade
from sqlalchemy import text

from network import accounts
from network.models import Role, User
from tests import services
from web import create_app
from web.extensions import db

PASSWORD = "correct horse battery"
BACKENDS = ("sqlite", "postgresql")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test process, dropped afterwards."""
    if not services.postgres_available():
        services.missing("PostgreSQL at " + services.POSTGRES_ADMIN_URL)
    name = f"apuverkko_test_{_worker()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(services.POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = services.POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(services.POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory) -> dict[str, str]:
    """Database URLs per backend, upgraded to head once per session (lazily)."""
    return {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"}


def make_app(url: str, **overrides) -> Flask:
    """A testing app on a database URL."""
    settings = {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    settings.update(overrides)
    app = create_app(settings)

    @app.teardown_request
    def forget_request_state(_error):
        # A test's requests share its app context: forget the user and locale each request
        # cached there, as a real server (one context per request) does.
        g.pop("_login_user", None)
        refresh()

    return app


def _clean(app: Flask) -> None:
    """Empty every table so the next test starts from nothing."""
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The database backend of this run of a test."""
    return request.param


@pytest.fixture
def database_url(backend, migrated_urls, request) -> str:
    """A migrated database URL for the backend."""
    if backend not in migrated_urls:
        url = request.getfixturevalue("postgres_url")
        app = make_app(url)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        migrated_urls[backend] = url
    elif backend == "sqlite" and not migrated_urls.get("sqlite_ready"):
        app = make_app(migrated_urls["sqlite"])
        with app.app_context():
            upgrade()
            db.engine.dispose()
        migrated_urls["sqlite_ready"] = "yes"
    return migrated_urls[backend]


@pytest.fixture
def app(database_url) -> Iterator[Flask]:
    """A testing app (CSRF off; see csrf_app) inside an app context."""
    app = make_app(database_url)
    with app.app_context():
        yield app
    _clean(app)


@pytest.fixture
def csrf_app(database_url) -> Iterator[Flask]:
    """A testing app with CSRF protection on, as in production."""
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
    _clean(app)


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def users(app) -> dict[Role, User]:
    """One account per role, all with PASSWORD."""
    made = {
        role: accounts.create_user(
            email=f"{role.value}@example.org", name=f"Test {role.value}", password=PASSWORD,
            role=role,
        )
        for role in Role
    }
    db.session.commit()
    return made


def login(client, user: User, password: str = PASSWORD):
    """Log a test client in as a user."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
