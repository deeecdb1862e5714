"""Service points as CSV: the export, and an all-or-nothing import that upserts by external_id.

A column left out of an imported file leaves that field of existing points as it is; an empty
cell clears the field (an empty yes/no or status cell keeps it). Retired offerings are not part
of the format: they are neither exported nor touched by an import.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.csv_format import (
    check_email,
    decode_upload,
    format_bool,
    format_week,
    join_list,
    parse_bool,
    parse_choice,
    parse_choices,
    parse_degrees,
    parse_languages,
    parse_week,
    read_records,
    split_list,
    unescape_cell,
    write_csv,
)
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
    ServiceMode,
    ServicePoint,
    TargetGroup,
)

COLUMNS = (
    "external_id", "name", "kind", "organisation", "area", "street_address", "postal_code",
    "city", "latitude", "longitude", "phone", "email", "walk_in", "step_free_access",
    "accessibility_notes", "languages", "target_groups", "status", "in_exceptional_network",
    "offerings_normal", "offerings_exceptional", "hours_normal", "hours_exceptional",
)
REQUIRED = ("external_id", "name", "kind")
# The models' column lengths; free text (Text columns) as the staff forms allow.
TEXT_LIMITS = {"external_id": 64, "name": 200, "street_address": 200, "postal_code": 10,
               "city": 100, "phone": 40, "email": 254, "accessibility_notes": 2000}
BOOLEANS = ("walk_in", "step_free_access", "in_exceptional_network")
OFFERINGS = {"offerings_normal": ServiceMode.NORMAL,
             "offerings_exceptional": ServiceMode.EXCEPTIONAL}
HOURS = {"hours_normal": ServiceMode.NORMAL, "hours_exceptional": ServiceMode.EXCEPTIONAL}


@dataclass(frozen=True)
class Problem:
    """Why a file or one of its cells was refused; row 1 is the header, None the whole file."""

    row: int | None
    column: str | None
    message: str


@dataclass
class ImportResult:
    """What an import found wrong, or what it did."""

    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        """Whether the file was good (and so saved)."""
        return not self.problems


# --- export -------------------------------------------------------------------------------


def _active_points() -> list[ServicePoint]:
    query = (
        select(ServicePoint)
        .where(ServicePoint.retired_at.is_(None))
        .options(selectinload(ServicePoint.organisation), selectinload(ServicePoint.area),
                 selectinload(ServicePoint.hours), selectinload(ServicePoint.offerings))
        .order_by(ServicePoint.name, ServicePoint.external_id)
    )
    return list(db.session.scalars(query))


def _codes(point: ServicePoint, mode: ServiceMode) -> str:
    return join_list(o.code for o in point.offerings_in(mode) if o.retired_at is None)


def _week(point: ServicePoint, mode: ServiceMode) -> str:
    return format_week((h.weekday, h.opens, h.closes) for h in point.hours_in(mode))


def export_rows() -> Iterator[list[Any]]:
    """The header, then one row per active point."""
    yield list(COLUMNS)
    for p in _active_points():
        yield [
            p.external_id, p.name, p.kind.value,
            p.organisation.name if p.organisation else None, p.area.name if p.area else None,
            p.street_address, p.postal_code, p.city, p.latitude, p.longitude, p.phone, p.email,
            format_bool(p.walk_in), format_bool(p.step_free_access), p.accessibility_notes,
            join_list(p.languages or []), join_list(p.target_groups or []), p.status.value,
            format_bool(p.in_exceptional_network),
            _codes(p, ServiceMode.NORMAL), _codes(p, ServiceMode.EXCEPTIONAL),
            _week(p, ServiceMode.NORMAL), _week(p, ServiceMode.EXCEPTIONAL),
        ]


def export_csv(*, delimiter: str = ",") -> str:
    """Every active point as CSV text (with a BOM, formulas neutralised)."""
    return write_csv(export_rows(), delimiter=delimiter)


# --- reading and checking -----------------------------------------------------------------


class _Catalogue:
    """The records that cells refer to, loaded once per import."""

    def __init__(self) -> None:
        def by_name(model) -> dict[str, Any]:
            rows = db.session.scalars(select(model).order_by(model.retired_at.is_(None)))
            return {row.name.casefold(): row for row in rows}  # an active one wins

        self.organisations = by_name(Organisation)
        self.areas = by_name(Area)
        self.offerings = {o.code.casefold(): o for o in db.session.scalars(select(Offering))}
        points = select(ServicePoint).options(
            selectinload(ServicePoint.hours), selectinload(ServicePoint.offerings))
        self.points = {p.external_id: p for p in db.session.scalars(points)}


def _text(column: str) -> Callable[[str, _Catalogue], str | None]:
    limit = TEXT_LIMITS[column]

    def check(value: str, _: _Catalogue) -> str | None:
        if column in REQUIRED and not value:
            raise ValidationError(_l("This column is required."))
        if len(value) > limit:
            raise ValidationError(_l("Too long: at most %(limit)s characters (now %(length)s).",
                                     limit=limit, length=len(value)))
        return value or None

    return check


def _required(check: Callable[[str], Any]) -> Callable[[str, _Catalogue], Any]:
    def checked(value: str, _: _Catalogue) -> Any:
        if not value:
            raise ValidationError(_l("This column is required."))
        return check(value)

    return checked


def _named(kind: str) -> Callable[[str, _Catalogue], int | None]:
    def check(value: str, catalogue: _Catalogue) -> int | None:
        if not value:
            return None
        found = getattr(catalogue, kind).get(value.casefold())
        organisation = kind == "organisations"
        if found is None:
            raise ValidationError(
                _l("There is no organisation called “%(name)s”.", name=value) if organisation
                else _l("There is no area called “%(name)s”.", name=value))
        if found.retired_at is not None:
            raise ValidationError(
                _l("The organisation “%(name)s” has been retired.", name=found.name)
                if organisation else _l("The area “%(name)s” has been retired.", name=found.name))
        return found.id

    return check


def _offerings(value: str, catalogue: _Catalogue) -> set[int]:
    found, unknown, retired = set(), [], []
    for code in split_list(value):
        offering = catalogue.offerings.get(code.casefold())
        if offering is None:
            unknown.append(code)
        elif offering.retired_at is not None:
            retired.append(code)
        else:
            found.add(offering.id)
    if unknown:
        raise ValidationError(_l("Unknown offering code: %(values)s.", values=", ".join(unknown)))
    if retired:
        raise ValidationError(_l("Retired offering: %(values)s.", values=", ".join(retired)))
    return found


CHECKS: dict[str, Callable[[str, _Catalogue], Any]] = {
    **{column: _text(column) for column in TEXT_LIMITS},
    "email": lambda value, catalogue: check_email(_text("email")(value, catalogue)),
    "kind": _required(lambda value: parse_choice(value, PointKind)),
    "status": lambda value, _: parse_choice(value, PointStatus),  # empty: keep the status
    "organisation": _named("organisations"),
    "area": _named("areas"),
    "latitude": lambda value, _: parse_degrees(value, 90),
    "longitude": lambda value, _: parse_degrees(value, 180),
    **{column: (lambda value, _: parse_bool(value)) for column in BOOLEANS},
    "languages": lambda value, _: parse_languages(value),
    "target_groups": lambda value, _: [g.value for g in parse_choices(value, TargetGroup)],
    **{column: _offerings for column in OFFERINGS},
    **{column: (lambda value, _: set(parse_week(value))) for column in HOURS},
}
assert set(CHECKS) == set(COLUMNS)  # noqa: S101 - a column without a check is a bug


@dataclass
class CheckedRow:
    """One data row of a file: its spreadsheet row number and its checked values."""

    number: int
    values: dict[str, Any]


def _normalise(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _read_header(record: list[str], problems: list[Problem]) -> list[str | None]:
    """The columns of the header (None for unnamed ones), noting what is wrong with it."""
    names = [_normalise(cell) or None for cell in record]
    for position, (raw, name) in enumerate(zip(record, names, strict=True), start=1):
        if name is not None and name not in COLUMNS:
            problems.append(Problem(1, raw.strip(), _l(
                "Unknown column “%(name)s” (column %(position)s). The columns are: %(allowed)s.",
                name=raw.strip(), position=position, allowed=", ".join(COLUMNS))))
        elif name is not None and names.index(name) != position - 1:
            problems.append(Problem(1, name, _l("The column “%(name)s” appears twice.",
                                                name=name)))
    for name in REQUIRED:
        if name not in names:
            problems.append(Problem(1, name, _l("The required column “%(name)s” is missing.",
                                                name=name)))
    if ("latitude" in names) != ("longitude" in names):
        problems.append(Problem(1, "latitude", _l(
            "Give the latitude and longitude columns together, or neither.")))
    return names


def _read_row(number: int, record: list[str], header: list[str | None], catalogue: _Catalogue,
              problems: list[Problem]) -> CheckedRow:
    values: dict[str, Any] = {}
    if len(record) > len(header) and any(cell.strip() for cell in record[len(header):]):
        problems.append(Problem(number, None, _l(
            "This row has %(count)s cells but the header has %(columns)s.",
            count=len(record), columns=len(header))))
    for position, name in enumerate(header):
        cell = unescape_cell(record[position].strip()) if position < len(record) else ""
        if name is None:
            if cell:
                problems.append(Problem(number, None, _l(
                    "Column %(position)s has a value but no name in the header.",
                    position=position + 1)))
            continue
        if name not in CHECKS:
            continue
        try:
            values[name] = CHECKS[name](cell, catalogue)
        except ValidationError as error:
            problems.append(Problem(number, name, error.message))
    if "latitude" in values and "longitude" in values and (
            (values["latitude"] is None) != (values["longitude"] is None)):
        missing = "latitude" if values["latitude"] is None else "longitude"
        problems.append(Problem(number, missing, _l(
            "Give both latitude and longitude, or neither.")))
    return CheckedRow(number, values)


def check(text: str) -> tuple[list[CheckedRow], list[Problem], _Catalogue | None]:
    """Read and check every row of CSV text; the rows are only usable if there are no problems."""
    problems: list[Problem] = []
    try:
        records = read_records(text)
    except ValidationError as error:
        return [], [Problem(None, None, error.message)], None
    if not any(any(cell.strip() for cell in record) for record in records):
        return [], [Problem(None, None, _l("The file is empty."))], None
    header = _read_header(records[0], problems)
    if problems:
        return [], problems, None
    catalogue = _Catalogue()
    rows: list[CheckedRow] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank spreadsheet rows are skipped, but still counted
        row = _read_row(number, record, header, catalogue, problems)
        rows.append(row)
        external_id = row.values.get("external_id")
        if not external_id:
            continue
        if external_id in seen:
            problems.append(Problem(number, "external_id", _l(
                "The external id “%(value)s” is also on row %(row)s.",
                value=external_id, row=seen[external_id])))
        else:
            seen[external_id] = number
        existing = catalogue.points.get(external_id)
        if existing is not None and existing.retired_at is not None:
            problems.append(Problem(number, "external_id", _l(
                "The point “%(value)s” has been retired; it cannot be imported over.",
                value=external_id)))
    if not rows and not problems:
        problems.append(Problem(None, None, _l("The file has a header but no points.")))
    return rows, problems, catalogue


# --- saving -------------------------------------------------------------------------------

_ATTRIBUTES = {"organisation": "organisation_id", "area": "area_id"}
_PLAIN = [c for c in COLUMNS if c not in OFFERINGS and c not in HOURS and c != "external_id"]


def _apply(point: ServicePoint, values: dict[str, Any], catalogue: _Catalogue) -> bool:
    """Copy a row's values into a point; whether anything changed."""
    changed = False
    for column in _PLAIN:
        if column not in values:
            continue
        value = values[column]
        if value is None and column in (*BOOLEANS, "status"):
            continue
        attribute = _ATTRIBUTES.get(column, column)
        if getattr(point, attribute) != value:
            setattr(point, attribute, value)
            changed = True
    for column, mode in HOURS.items():
        if column in values:
            changed |= _set_hours(point, mode, values[column])
    for column, mode in OFFERINGS.items():
        if column in values:
            changed |= _set_offerings(point, mode, values[column], catalogue)
    return changed


def _set_hours(point: ServicePoint, mode: ServiceMode, periods: set[tuple]) -> bool:
    current = {(h.weekday, h.opens, h.closes) for h in point.hours_in(mode)}
    if current == periods:
        return False
    point.hours = [h for h in point.hours if h.mode != mode] + [
        OpeningHours(mode=mode, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in sorted(periods)]
    return True


def _set_offerings(point: ServicePoint, mode: ServiceMode, wanted: set[int],
                   catalogue: _Catalogue) -> bool:
    active = {o.id for o in catalogue.offerings.values() if o.retired_at is None}
    current = {po.offering_id for po in point.offerings
               if po.mode == mode and po.offering_id in active}
    if current == wanted:
        return False
    point.offerings = [po for po in point.offerings
                       if po.mode != mode or po.offering_id not in current - wanted]
    point.offerings.extend(PointOffering(offering_id=oid, mode=mode)
                           for oid in sorted(wanted - current))
    return True


def import_points(text: str, *, now: datetime) -> ImportResult:
    """Check CSV text and, only if every row is good, create or update its points (flushed)."""
    rows, problems, catalogue = check(text)
    result = ImportResult(problems=problems)
    if problems or catalogue is None:
        return result
    with db.session.no_autoflush:
        for row in rows:
            point = catalogue.points.get(row.values["external_id"])
            if point is None:
                point = ServicePoint(external_id=row.values["external_id"], created_at=now,
                                     updated_at=now, languages=[], target_groups=[])
                point.hours, point.offerings = [], []
                _apply(point, row.values, catalogue)
                db.session.add(point)
                catalogue.points[point.external_id] = point
                result.created += 1
            elif _apply(point, row.values, catalogue):
                point.updated_at = now
                result.updated += 1
            else:
                result.unchanged += 1
    db.session.flush()
    return result


def import_upload(data: bytes, *, now: datetime) -> ImportResult:
    """Import an uploaded file's bytes (UTF-8, with or without a BOM)."""
    try:
        text = decode_upload(data)
    except ValidationError as error:
        return ImportResult(problems=[Problem(None, None, error.message)])
    return import_points(text, now=now)
