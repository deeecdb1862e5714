"""Housekeeping tasks."""

from celery import shared_task


@shared_task(name="maintenance.ping")
def ping() -> str:
    """Answer, so a deployment can check that a worker is consuming."""
    return "pong"
