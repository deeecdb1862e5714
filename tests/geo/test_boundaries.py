"""`geo` is plain Python: importing all of it pulls in no web, i18n, database or network code."""

import pkgutil
import subprocess
import sys

import geo

FORBIDDEN = ("flask", "flask_babel", "babel", "sqlalchemy", "flask_sqlalchemy", "web",
             "network", "tasks", "crisis")


def test_geo_imports_no_web_or_database_code():
    modules = sorted(f"geo.{m.name}" for m in pkgutil.iter_modules(geo.__path__))
    assert "geo.coverage" in modules and "geo.geocoding" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
