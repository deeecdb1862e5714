"""Settings come from the environment; production refuses to start without a secret."""

import pytest

from web import config, create_app


def test_production_refuses_without_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.load(str(tmp_path), {"ENV_NAME": "production"}, environ={})


def test_production_takes_secret_and_database_from_environment(tmp_path):
    settings = config.load(
        str(tmp_path), environ={"APUVERKKO_ENV": "production", "SECRET_KEY": "s3cret",
                                "DATABASE_URL": "postgres://u@db/apu", "REDIS_URL": "redis://r"},
    )
    assert settings["SECRET_KEY"] == "s3cret"
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/apu"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://r"


def test_development_defaults_to_sqlite_in_instance(tmp_path):
    settings = config.load(str(tmp_path), environ={})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/apuverkko.sqlite"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="APUVERKKO_ENV"):
        config.load(str(tmp_path), environ={"APUVERKKO_ENV": "staging"})


def test_create_app_refuses_production_without_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APUVERKKO_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
