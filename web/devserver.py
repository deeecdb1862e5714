"""`make run`: migrate, load the demo (crisis.demo), start a Celery worker and serve on port 5000.

The worker uses Redis when REDIS_URL is set and a filesystem broker under instance/ otherwise;
DATABASE_URL chooses the database (SQLite under instance/ by default). Ctrl+C, or a SIGTERM to
this process, stops the server and the worker.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from web import create_app
from web.cli import load_demo


def prepare(app: Flask) -> None:
    """Bring the schema to head and load the full demo (both safe to repeat)."""
    with app.app_context():
        upgrade()
        load_demo()


def start_worker(app: Flask) -> subprocess.Popen:
    """A Celery worker with an embedded beat, in a child process of this one."""
    schedule = Path(app.instance_path) / "celerybeat-schedule"
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "celery", "--quiet", "-A", "tasks.worker", "worker",
         "--loglevel=INFO", "--pool=solo", "--beat", f"--schedule={schedule}"],
    )


def watch_worker(worker: subprocess.Popen, stopping: threading.Event) -> None:
    """Say so at once if the worker dies while the server still runs."""
    code = worker.wait()
    if not stopping.is_set():
        print(f"The Celery worker stopped (exit code {code}): queued tasks will not run "
              "until `make run` is started again.", file=sys.stderr, flush=True)


def stop_worker(worker: subprocess.Popen) -> None:
    """Ask the worker to finish its task and leave; kill it if it does not."""
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)


def main() -> None:
    """Prepare the database and run the web server and a worker until interrupted."""
    app = create_app()
    prepare(app)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    # Ctrl+C and SIGTERM both end app.run and reach the `finally` below, even when this
    # process was started with SIGINT ignored (as background jobs of a script are).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    worker = start_worker(app)
    stopping = threading.Event()
    threading.Thread(target=watch_worker, args=(worker, stopping), daemon=True).start()
    try:
        print(f"Apuverkko is at http://{host}:{port}/ and staff log in at "
              f"http://{host}:{port}/login. Ctrl+C stops it.", flush=True)
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        stop_worker(worker)


if __name__ == "__main__":
    main()
