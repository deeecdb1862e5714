"""Service point operations: create, edit, retire, status, weekly hours, exceptions, offerings.

Each operation checks its input, raises ValidationError naming the field to fix, changes nothing
when it refuses, and flushes; the caller commits.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network import records
from network.database import db
from network.errors import ValidationError
from network.models import (
    Area,
    Offering,
    OpeningHours,
    Organisation,
    PointKind,
    PointOffering,
    PointStatus,
    ScheduleException,
    ServiceMode,
    ServicePoint,
    TargetGroup,
)

# Every ISO 639-1 code (two letters) that CLDR names.
LANGUAGE_CODES = frozenset(code for code in Locale("en").languages
                           if len(code) == 2 and code.isalpha())
MAIN_LANGUAGES = ("fi", "sv", "en")
MAX_LANGUAGES = 30

TEXT_LIMITS = {
    "name": 200, "street_address": 200, "postal_code": 10, "city": 100, "phone": 40,
    "email": 254, "description": 2000, "accessibility_notes": 2000,
}
FLAGS = ("step_free_access", "walk_in", "in_exceptional_network")
FIELDS = (*TEXT_LIMITS, *FLAGS, "kind", "status", "organisation_id", "area_id", "latitude",
          "longitude", "languages", "target_groups")
EXTERNAL_ID_LENGTH = 64


def _too_long(limit: int):
    return _l("Use at most %(n)d characters.", n=limit)


def _enum(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), field) from None


def check_coordinates(latitude: Any, longitude: Any) -> tuple[float | None, float | None]:
    """Both coordinates as floats, or neither; refuses values out of range or not finite."""
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        raise ValidationError(_l("Give both latitude and longitude, or neither."), field)
    checked: list[float | None] = []
    for value, field, limit in ((latitude, "latitude", 90), (longitude, "longitude", 180)):
        if value is None:
            checked.append(None)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number) or abs(number) > limit:
            raise ValidationError(
                _l("Give a number from %(low)d to %(high)d.", low=-limit, high=limit), field)
        checked.append(number)
    return checked[0], checked[1]


def check_languages(codes: Iterable[str], kept: Iterable[str] = ()) -> list[str]:
    """Known ISO 639-1 codes in lower case, each once, in the order given.

    Codes in `kept` (already on the point, e.g. from a CSV import) stay allowed.
    """
    found: list[str] = []
    kept = set(kept)
    for code in codes:
        code = str(code).strip().lower()
        if code not in LANGUAGE_CODES and code not in kept:
            raise ValidationError(
                _l("Unknown language code %(code)s: use two-letter ISO 639-1 codes such as fi.",
                   code=code[:10]), "languages")
        if code not in found:
            found.append(code)
    if len(found) > MAX_LANGUAGES:
        raise ValidationError(_l("Give at most %(n)d languages.", n=MAX_LANGUAGES), "languages")
    return found


def clean(values: Mapping[str, Any], kept_languages: Iterable[str] = ()) -> dict[str, Any]:
    """The point's fields checked and normalised; raises ValidationError for the first problem."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"not fields of a service point: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for field, limit in TEXT_LIMITS.items():
        value = values.get(field)
        value = value.strip() if isinstance(value, str) else value
        if value and len(value) > limit:
            raise ValidationError(_too_long(limit), field)
        cleaned[field] = value or None
    if not cleaned["name"]:
        raise ValidationError(_l("Give a name."), "name")
    cleaned["kind"] = _enum(PointKind, values.get("kind"), "kind")
    cleaned["status"] = _enum(PointStatus, values.get("status") or PointStatus.OPEN, "status")
    for flag in FLAGS:
        cleaned[flag] = bool(values.get(flag))
    for field, model in (("organisation_id", Organisation), ("area_id", Area)):
        record_id = values.get(field)
        if record_id is not None and db.session.get(model, record_id) is None:
            raise ValidationError(_l("Choose one of the options."), field)
        cleaned[field] = record_id
    cleaned["latitude"], cleaned["longitude"] = check_coordinates(
        values.get("latitude"), values.get("longitude"))
    cleaned["languages"] = check_languages(values.get("languages") or (), kept_languages)
    cleaned["target_groups"] = list(dict.fromkeys(
        _enum(TargetGroup, g, "target_groups").value for g in values.get("target_groups") or ()))
    return cleaned


def slugify(name: str) -> str:
    """A URL- and CSV-friendly id from a name: ascii letters, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:EXTERNAL_ID_LENGTH - 8].strip("-") or "point"


def unique_external_id(name: str) -> str:
    """A slug of the name no other point uses yet (with -2, -3 … added when needed)."""
    base = slugify(name)
    taken = set(db.session.scalars(
        select(ServicePoint.external_id).where(ServicePoint.external_id.like(f"{base}%"))))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def create_point(values: Mapping[str, Any], *, external_id: str | None = None) -> ServicePoint:
    """A new point; its external id is made from the name unless one is given (CSV import)."""
    cleaned = clean(values)
    if external_id is not None:
        external_id = external_id.strip()
        if not external_id or len(external_id) > EXTERNAL_ID_LENGTH:
            raise ValidationError(_too_long(EXTERNAL_ID_LENGTH), "external_id")
        if db.session.scalar(select(ServicePoint.id).where(
                ServicePoint.external_id == external_id)) is not None:
            raise ValidationError(_l("Another point has this external id."), "external_id")
    point = ServicePoint(external_id=external_id or unique_external_id(cleaned["name"]),
                         **cleaned)
    return records.save(point)


def update_point(point: ServicePoint, values: Mapping[str, Any]) -> ServicePoint:
    """Change the given fields of a point (the external id never changes here)."""
    current = {field: getattr(point, field) for field in FIELDS}
    cleaned = clean(current | dict(values), kept_languages=point.languages or ())
    for field, value in cleaned.items():
        if getattr(point, field) != value:
            setattr(point, field, value)
    return records.save(point)


def waiting_for_coordinates() -> list[ServicePoint]:
    """Active points with an address but no coordinates (imported ones, typically), by name."""
    return list(db.session.scalars(
        select(ServicePoint).where(ServicePoint.retired_at.is_(None),
                                   ServicePoint.latitude.is_(None),
                                   ServicePoint.street_address.is_not(None))
        .order_by(ServicePoint.name)))


def set_status(point: ServicePoint, status: PointStatus | str) -> ServicePoint:
    """Mark a point open, closed or on standby."""
    point.status = _enum(PointStatus, status, "status")
    return records.save(point)


def retire_point(point: ServicePoint, *, now: datetime) -> ServicePoint:
    """Take a point out of use, keeping its history."""
    return records.retire(point, now=now)


def _check_period(opens: time | None, closes: time | None) -> None:
    if opens is None:
        raise ValidationError(_l("Give the opening time."), "opens")
    if closes is None:
        raise ValidationError(_l("Give the closing time."), "closes")
    if opens >= closes:
        raise ValidationError(_l("The closing time must be after the opening time."), "closes")


def add_hours(point: ServicePoint, *, mode: ServiceMode | str, weekday: int, opens: time,
              closes: time) -> OpeningHours:
    """Add an opening period to a weekday of a mode; periods of a day may not overlap."""
    mode = _enum(ServiceMode, mode, "mode")
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise ValidationError(_l("Choose one of the options."), "weekday")
    _check_period(opens, closes)
    for other in point.hours_in(mode):
        if other.weekday == weekday and opens < other.closes and other.opens < closes:
            raise ValidationError(
                _l("This overlaps the period %(opens)s–%(closes)s on the same day.",
                   opens=other.opens.strftime("%H:%M"), closes=other.closes.strftime("%H:%M")),
                "opens")
    period = OpeningHours(mode=mode, weekday=weekday, opens=opens, closes=closes)
    point.hours.append(period)
    db.session.flush()
    return period


def remove_hours(point: ServicePoint, period: OpeningHours) -> None:
    """Remove an opening period of the point."""
    if period.point_id != point.id:
        raise ValueError("the period belongs to another point")
    point.hours.remove(period)
    db.session.flush()


def add_exception(point: ServicePoint, *, day: date, closed: bool, opens: time | None = None,
                  closes: time | None = None, note: str | None = None) -> ScheduleException:
    """Close a point for a day or give it other hours that day; one exception per day."""
    if not isinstance(day, date):
        raise ValidationError(_l("Give the date."), "day")
    note = note.strip() if note else None
    if note and len(note) > 200:
        raise ValidationError(_too_long(200), "note")
    if closed:
        opens = closes = None
    else:
        _check_period(opens, closes)
    if any(other.day == day for other in point.exceptions):
        raise ValidationError(
            _l("This day has an exception already; remove it first."), "day")
    exception = ScheduleException(day=day, closed=bool(closed), opens=opens, closes=closes,
                                  note=note or None)
    point.exceptions.append(exception)
    db.session.flush()
    return exception


def remove_exception(point: ServicePoint, exception: ScheduleException) -> None:
    """Remove a dated exception of the point."""
    if exception.point_id != point.id:
        raise ValueError("the exception belongs to another point")
    point.exceptions.remove(exception)
    db.session.flush()


def set_offerings(point: ServicePoint, mode: ServiceMode | str,
                  offerings: Iterable[Offering]) -> None:
    """Make exactly these offerings the point's offerings in a mode."""
    mode = _enum(ServiceMode, mode, "mode")
    wanted = {o.id for o in offerings}
    present = {po.offering_id: po for po in point.offerings if po.mode == mode}
    for offering_id, link in present.items():
        if offering_id not in wanted:
            point.offerings.remove(link)
    for offering_id in wanted - set(present):
        point.offerings.append(PointOffering(offering_id=offering_id, mode=mode))
    db.session.flush()


def exception_on(point: ServicePoint, day: date) -> ScheduleException | None:
    """The point's dated exception on a day, if any."""
    return next((e for e in point.exceptions if e.day == day), None)


def active_offerings() -> list[Offering]:
    """The catalogue's offerings in use, in catalogue order."""
    return list(db.session.scalars(select(Offering).where(Offering.retired_at.is_(None))
                                   .order_by(Offering.sort_order, Offering.code)))
