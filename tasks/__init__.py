"""The Celery app, wired to Flask as in Flask's own Celery example."""

import os
from pathlib import Path

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask


def queue_folder(app: Flask) -> Path:
    """The filesystem broker's folder: APUVERKKO_QUEUE_DIR, or queue/ under instance/."""
    return Path(os.environ.get("APUVERKKO_QUEUE_DIR") or Path(app.instance_path) / "queue")


def broker_settings(app: Flask) -> dict:
    """Redis when REDIS_URL is set; otherwise a filesystem broker (no other service needed)."""
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        return {
            "broker_url": redis_url,
            "result_backend": redis_url,
            # Longer than any countdown or ETA we schedule, so no task is delivered twice early.
            "broker_transport_options": {"visibility_timeout": 6 * 3600},
        }
    queue = queue_folder(app)
    folders = {name: queue / name for name in ("out", "processed", "control", "results")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(folders["out"]),
            "data_folder_out": str(folders["out"]),
            "processed_folder": str(folders["processed"]),
            # Exchange bindings; kombu's default is ./control in the working directory.
            "control_folder": str(folders["control"]),
            "store_processed": False,
        },
        "result_backend": f"file://{folders['results']}",
    }


def celery_init_app(app: Flask) -> Celery:
    """A Celery app whose tasks run inside the Flask app's context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    settings = {
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_ignore_result": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "timezone": "Europe/Helsinki",
        "imports": ["tasks.maintenance", "tasks.crisis", "tasks.people"],
        "beat_schedule": {"crisis.sweep": {
            "task": "crisis.sweep", "schedule": float(app.config.get("OUTBOX_SWEEP_SECONDS", 30)),
            "options": {"expires": float(app.config.get("OUTBOX_SWEEP_SECONDS", 30))}},
            # Clients' personal data is erased N days after their request closes.
            "people.erase_expired": {"task": "people.erase_expired",
                                     "schedule": crontab(hour=3, minute=15)}},
    }
    settings.update(broker_settings(app))
    settings.update(app.config.get("CELERY", {}))
    celery_app.config_from_object(settings)
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
