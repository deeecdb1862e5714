"""Crisis tasks: dispatching and sending the outbox (thin wrappers over crisis operations).

Every task takes ids, is safe to run twice (rows are claimed by status, alerts published once)
and commits what it did; `acks_late` lets the broker deliver a task again after a crash.
"""

import logging

import redis
from celery import shared_task
from flask import current_app

from crisis import outbox
from crisis.delivery import alerts, batch, marks
from crisis.delivery.settings import DeliverySettings
from network.clock import utcnow
from network.database import db

log = logging.getLogger("apuverkko.tasks")


def _settings() -> DeliverySettings:
    return DeliverySettings.from_config(current_app.config)


def _enqueue(batches: list[list[int]]) -> None:
    """Queue one send task per batch (after the commit that stamped the rows)."""
    for ids in batches:
        send_batch.delay(ids)


@shared_task(name="crisis.dispatch", acks_late=True)
def dispatch_outbox(activation_id: int, batch_size: int | None = None) -> int:
    """Send the activation's due, queued outbox rows in batches; returns how many rows."""
    settings, now = _settings(), utcnow()
    batches = outbox.due_batches(activation_id, now=now,
                                 batch_size=batch_size or settings.batch_size)
    alerts.cancel_ended(settings=settings, now=now, activation_id=activation_id)
    db.session.commit()
    _enqueue(batches)
    return sum(len(ids) for ids in batches)


@shared_task(name="crisis.send_batch", acks_late=True)
def send_batch(ids: list[int]) -> dict:
    """Claim and send these rows (those still queued and due) over one connection."""
    report = batch.send_batch(ids, settings=_settings(), commit=db.session.commit)
    if report.retried or report.failed:
        log.warning("batch of %d: %d to retry, %d failed", len(ids), report.retried,
                    report.failed)
    return report.as_dict()


@shared_task(name="crisis.sweep", acks_late=True)
def sweep() -> dict:
    """Beat, every OUTBOX_SWEEP_SECONDS: free dead workers' claims, queue due rows again."""
    settings, now = _settings(), utcnow()
    journal = marks.journal_for(settings.redis_url)
    recovered = marks.recover(journal, now=now, lease=settings.lease)
    released = outbox.release_stale(now=now, lease=settings.lease, policy=settings.policy)
    batches = outbox.take_due(None, now=now, batch_size=settings.batch_size,
                              requeue_after=settings.requeue_after)
    alerts.cancel_ended(settings=settings, now=now)
    db.session.commit()
    _enqueue(batches)
    if journal is not None:
        try:
            journal.forget(recovered, older_than=now - 2 * settings.lease)
        except redis.RedisError:
            log.warning("the acceptance journal could not be pruned")  # next sweep does
    return {"recovered": len(recovered), "released": released,
            "enqueued": sum(len(ids) for ids in batches)}
