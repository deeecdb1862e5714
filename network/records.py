"""Generic operations on the network's simple records: save and retire."""

from datetime import datetime

from network.database import db


def save(record: db.Model) -> db.Model:
    """Add a new or changed record to the session and flush it; the caller commits."""
    db.session.add(record)
    db.session.flush()
    return record


def retire(record: db.Model, *, now: datetime) -> db.Model:
    """Take a record out of use while keeping its history."""
    if record.retired_at is None:
        record.retired_at = now
        db.session.flush()
    return record
