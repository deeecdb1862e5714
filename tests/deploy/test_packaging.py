"""The distribution `apuverkko` lists every package and ships templates, migrations and data."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("web", "crisis", "network", "geo", "tasks")


def listed_packages() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return set(tomllib.load(handle)["tool"]["setuptools"]["packages"])


def package_dirs() -> set[str]:
    found = set()
    for top in TOP_LEVEL:
        for init in (ROOT / top).rglob("__init__.py"):
            if "node_modules" not in init.parts:
                found.add(".".join(init.parent.relative_to(ROOT).parts))
    return found


def test_pyproject_lists_every_package():
    assert listed_packages() == package_dirs()


def test_wheel_ships_templates_migrations_and_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("apuverkko-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("web/templates/base.html", "web/static/css/site.css",
                     "web/migrations/env.py", "web/migrations/alembic.ini",
                     "web/migrations/versions/0001_network_foundation.py",
                     "geo/data/fi_places.csv", "geo/data/CREDITS", "network/models/points.py"):
        assert expected in names, expected
