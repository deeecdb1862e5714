"""Candidate sites: existing facilities staff enter as places a new point could go."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from geo.projection import in_finland
from network import records
from network.database import db
from network.errors import ValidationError
from network.models import CandidateSite
from network.points import check_coordinates

LIMITS = {"name": 200, "notes": 2000}


def save_site(site: CandidateSite, values: Mapping[str, Any]) -> CandidateSite:
    """Check and apply name, latitude, longitude and notes; flushes, the caller commits."""
    cleaned: dict[str, Any] = {}
    for field, limit in LIMITS.items():
        value = values.get(field)
        value = value.strip() if isinstance(value, str) else value
        if value and len(value) > limit:
            raise ValidationError(_l("Use at most %(n)d characters.", n=limit), field)
        cleaned[field] = value or None
    if not cleaned["name"]:
        raise ValidationError(_l("Give a name."), "name")
    lat, lon = check_coordinates(values.get("latitude"), values.get("longitude"))
    if lat is None:
        raise ValidationError(_l("Give both latitude and longitude."), "latitude")
    if not bool(in_finland(lat, lon)):
        raise ValidationError(_l("The place must be in Finland."), "latitude")
    cleaned["latitude"], cleaned["longitude"] = lat, lon
    for field, value in cleaned.items():
        setattr(site, field, value)
    return records.save(site)


def retire_site(site: CandidateSite, *, now: datetime) -> CandidateSite:
    """Take a site off the candidate list, keeping it for the record."""
    return records.retire(site, now=now)


def active_sites() -> list[CandidateSite]:
    """Sites in use, by name."""
    return list(db.session.scalars(
        select(CandidateSite).where(CandidateSite.retired_at.is_(None))
        .order_by(CandidateSite.name, CandidateSite.id)))
