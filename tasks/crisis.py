"""Crisis tasks: dispatching the outbox (thin wrappers over crisis operations)."""

from celery import shared_task


@shared_task(name="crisis.dispatch", acks_late=True)
def dispatch_outbox(activation_id: int) -> None:
    """Send the activation's due, queued outbox rows in batches."""
