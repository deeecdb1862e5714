"""Records of resident discussion events held to gather information for the local model."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.database import db
from network.errors import ValidationError
from network.models import Area, DiscussionEvent
from network.panels import clean, organisation_id_of

MAX_ATTENDEES = 100000


def save(event: DiscussionEvent | None, values: Mapping[str, Any]) -> DiscussionEvent:
    """Create or change an event: date, place, organiser, attendees and findings."""
    held_on = values.get("held_on")
    if not isinstance(held_on, date):
        raise ValidationError(_l("Give the date."), "held_on")
    attendees = values.get("attendees")
    if not isinstance(attendees, int) or not 0 <= attendees <= MAX_ATTENDEES:
        raise ValidationError(_l("Give a number from %(low)d to %(high)d.", low=0,
                                 high=MAX_ATTENDEES), "attendees")
    area_id = values.get("area_id") or None
    if area_id is not None and db.session.get(Area, area_id) is None:
        raise ValidationError(_l("Choose one of the options."), "area_id")
    event = event or DiscussionEvent()
    event.held_on, event.attendees, event.area_id = held_on, attendees, area_id
    event.place = clean(values.get("place"), 200, "place", required=True)
    event.organiser = clean(values.get("organiser"), 200, "organiser", required=True)
    event.organisation_id = organisation_id_of(values.get("organisation_id"))
    event.target_group = clean(values.get("target_group"), 200, "target_group")
    event.findings = clean(values.get("findings"), 20000, "findings")
    db.session.add(event)
    db.session.flush()
    return event


def active() -> list[DiscussionEvent]:
    """Events not retired, newest first."""
    return list(db.session.scalars(select(DiscussionEvent)
                                   .where(DiscussionEvent.retired_at.is_(None))
                                   .order_by(DiscussionEvent.held_on.desc(),
                                             DiscussionEvent.id.desc())))
