"""People tasks: erasing clients' personal data after their requests close."""

import logging

from celery import shared_task
from flask import current_app

from network import privacy
from network.clock import utcnow
from network.database import db

log = logging.getLogger("apuverkko.tasks")


@shared_task(name="people.erase_expired", acks_late=True)
def erase_expired() -> int:
    """Daily: empty the client data of requests closed SUPPORT_ERASE_AFTER_DAYS ago (safe twice)."""
    days = int(current_app.config["SUPPORT_ERASE_AFTER_DAYS"])
    erased = privacy.erase_expired(now=utcnow(), after_days=days)
    db.session.commit()
    if erased:
        log.info("erased the client data of %d support requests", erased)
    return erased
