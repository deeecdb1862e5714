"""Housekeeping tasks."""

from celery import shared_task


@shared_task(name="maintenance.ping", ignore_result=False)
def ping() -> str:
    """Answer, so a deployment can check that a worker is consuming (the answer is kept)."""
    return "pong"
