"""`make run`: migrate, load the demo network, start a Celery worker and serve on port 5000."""

import os
import signal
import subprocess
import sys

from flask_migrate import upgrade

from web import create_app


def main() -> None:
    """Prepare the database and run the web server and a worker until interrupted."""
    app = create_app()
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"], catch_exceptions=False)
        print(result.output, end="")
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "celery", "-A", "tasks.worker", "worker",
         "--loglevel=INFO", "--concurrency=1", "--beat",
         "--schedule", os.path.join(app.instance_path, "celerybeat-schedule")],
    )
    try:
        host = os.environ.get("HOST", "127.0.0.1")
        port = int(os.environ.get("PORT", "5000"))
        print(f"Apuverkko is at http://{host}:{port}/ (Ctrl+C stops it)")
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
