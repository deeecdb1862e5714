"""Benchmark: the resident site under load, beside a trivial route of the same server.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432, Redis on 6379 and wrk;
`--install-wrk` runs `apt-get install -y wrk` when it is missing):

    .venv/bin/python bench/resident_load.py          # add --json for machine-readable numbers

In one run: a fresh PostgreSQL database (apuverkko_bench_resident) with the Oulu demo network,
gunicorn serving `web:create_app()` with the production config (APUVERKKO_ENV=production:
RESIDENT_STATE_SECONDS=1, the rate limiter's counters in Redis database 13), and wrk at 50
connections against three targets in interleaved rounds (healthz, home, search, healthz, …):

- `/healthz`: "ok", no database, no template: the server's ceiling on this machine;
- `/`: the home page (notice, search form, open count; rendered from the cached snapshot);
- `/results?q=<district>`: a district search, the districts of the demo network in turn
  (geocoded offline by the gazetteer, nearest points, the list), through the rate limiter.

Each round runs each target for `--seconds`; the report gives per target the median requests
per second and the median p99 latency over the rounds, the ratios home/healthz and
search/healthz per round (median reported), the page weight of the home page, and the load
average at the start and end. The search rate limit is raised for the run (one client, wrk,
sends everything) but still counted in Redis on every search.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "apuverkko_bench_resident"
REDIS_URL = "redis://127.0.0.1:6379/13"
PORT = 8765
CONNECTIONS = 50

SEARCH_LUA = """
local districts = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/results?q=" .. districts[(i %% #districts) + 1])
end
"""


def fresh_database() -> str:
    """Drop and create the bench database; migrate it and load the demo network."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + DB_NAME
    from flask_migrate import upgrade

    from network import demo
    from network.clock import utcnow
    from web import create_app
    from web.extensions import db

    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "bench-only",
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        demo.load(now=utcnow())
        db.session.commit()
        db.engine.dispose()
    return url


def districts() -> list[str]:
    """The demo network's districts, URL-quoted."""
    from urllib.parse import quote

    from network.demo_oulu import DISTRICTS

    return [quote(name) for name in DISTRICTS]


def start_gunicorn(url: str, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn with the production config; no access log (it would hold the typed places)."""
    env = dict(os.environ, APUVERKKO_ENV="production", SECRET_KEY="bench-only-not-secret",
               DATABASE_URL=url, REDIS_URL=REDIS_URL,
               RESIDENT_SEARCH_RATE_LIMIT="10000000 per minute", MAP_TILE_URL="none")
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{PORT}",
               "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
               "--graceful-timeout", "5", "--log-level", "warning", "web:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1) as r:
                if r.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def wrk(path: str, seconds: int, script: str | None = None) -> dict:
    """Requests per second and latency percentiles of one wrk run."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True,
                         text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": rps, "p50_ms": percentile("50"), "p99_ms": percentile("99"),
            "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else ""}


def weight() -> dict:
    """Page weight of the home page, without and with the map (HTML, CSS, JS)."""
    from tests.web.resident_helpers import page_weight

    class Got:
        def __init__(self, url):
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=5) as r:
                self.status_code, self.data = r.status, r.read()

    html = Got("/").data.decode()
    without_map, with_map = page_weight(html, Got)
    return {"without_map_bytes": without_map, "with_map_bytes": with_map}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--install-wrk", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        if not args.install_wrk:
            sys.exit("wrk is missing: install it (apt-get install -y wrk) or pass --install-wrk")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    url = fresh_database()
    load_before = os.getloadavg()
    server = start_gunicorn(url, args.workers, args.threads)
    results: dict[str, list[dict]] = {"healthz": [], "home": [], "search": []}
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(SEARCH_LUA % ", ".join(f'"{d}"' for d in districts()))
        targets = {"healthz": ("/healthz", None), "home": ("/", None),
                   "search": ("/results", lua.name)}
        for path, script in targets.values():  # warm up every worker and cache
            wrk(path, 2, script)
        for _ in range(args.rounds):
            for name, (path, script) in targets.items():
                results[name].append(wrk(path, args.seconds, script))
        page = weight()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()
    summary = {
        name: {"rps_median": statistics.median(r["rps"] for r in runs),
               "p99_ms_median": statistics.median(r["p99_ms"] for r in runs),
               "p50_ms_median": statistics.median(r["p50_ms"] for r in runs),
               "rps": [r["rps"] for r in runs], "p99_ms": [r["p99_ms"] for r in runs],
               "non_2xx": sum(r["non_2xx"] for r in runs),
               "socket_errors": [r["socket_errors"] for r in runs if r["socket_errors"]]}
        for name, runs in results.items()
    }
    ratios = {f"{name}/healthz": statistics.median(
        r["rps"] / h["rps"] for r, h in zip(results[name], results["healthz"], strict=True))
        for name in ("home", "search")}
    report = {"summary": summary, "ratios_median": ratios, "page_weight": page,
              "load_average_before": load_before, "load_average_after": load_after,
              "rounds": args.rounds, "seconds": args.seconds, "connections": CONNECTIONS,
              "gunicorn": {"workers": args.workers, "threads": args.threads}}
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    for name, s in summary.items():
        print(f"{name:8} {s['rps_median']:8.0f} rps (rounds {[round(x) for x in s['rps']]}), "
              f"p99 {s['p99_ms_median']:.1f} ms (rounds {s['p99_ms']}), "
              f"p50 {s['p50_ms_median']:.1f} ms, non-2xx {s['non_2xx']}")
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    print(f"home page weight: {page['without_map_bytes']} B without the map, "
          f"{page['with_map_bytes']} B with it")


if __name__ == "__main__":
    main()
