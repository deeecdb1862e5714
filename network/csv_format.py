"""Cell formats shared by the CSV files and forms: booleans, lists, weekly hours, safe text.

The weekly hours format, written by `format_week` and read by `parse_week`:
``mon-fri 09:00-12:00, 13:00-16:00; sat 10:00-14:00``. Reading is lenient: days in English,
Finnish or Swedish (``ma``, ``mån`` …), day ranges (``mon-fri 9-15``), ``9.00`` or ``9``.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import time
from enum import StrEnum
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from network.errors import ValidationError

BOM = "\ufeff"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{name: i for i, name in enumerate(DAYS)},
    **{name: i for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{name: i for i, name in enumerate(("ma", "ti", "ke", "to", "pe", "la", "su"))},
    **{name: i for i, name in enumerate(("må", "ti", "on", "to", "fr", "lö", "sö"))},
    **{name: i for i, name in enumerate(("mån", "tis", "ons", "tor", "fre", "lör", "sön"))},
}
_TRUE = frozenset({"yes", "y", "true", "1", "kyllä", "kylla", "ja"})
_FALSE = frozenset({"no", "n", "false", "0", "ei", "nej"})
_ENTRY = re.compile(r"^(?P<days>[^\d\s,;–-]+(?:\s*[-–]\s*[^\d\s,;–-]+)?)\s+(?P<ranges>\d.*)$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_RANGE = re.compile(r"^(\d{1,2}(?:[:.]\d{2})?)\s*[-–]\s*(\d{1,2}(?:[:.]\d{2})?)$")
# Spreadsheets run cells starting with these as formulas (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Period(NamedTuple):
    """One opening period on a weekday (0 = Monday)."""

    weekday: int
    opens: time
    closes: time


def parse_bool(text: str | None) -> bool | None:
    """yes/no, true/false, 1/0 or kyllä/ei (any case) as a bool; None for an empty cell."""
    value = (text or "").strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(_l("Write yes or no (not “%(value)s”).", value=text.strip()))


def format_bool(value: bool) -> str:
    """A bool as yes or no."""
    return "yes" if value else "no"


def split_list(text: str | None) -> list[str]:
    """A ";"-separated (or ","-separated) cell as its trimmed, non-empty parts, in order."""
    parts = re.split(r"[;,]", text or "")
    seen: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in seen:
            seen.append(part)
    return seen


def join_list(values: Iterable[str]) -> str:
    """Values as one ";"-separated cell."""
    return "; ".join(values)


def parse_choice(text: str | None, enum_cls: type[StrEnum]) -> StrEnum | None:
    """A member of an enum by its value (any case); None for an empty cell."""
    value = (text or "").strip().lower()
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(_l("Unknown value “%(value)s”; use one of: %(allowed)s.",
                                 value=text.strip(), allowed=", ".join(enum_cls))) from None


def parse_choices(text: str | None, enum_cls: type[StrEnum]) -> list[StrEnum]:
    """Members of an enum from a ";"-separated cell, all unknown ones named in the error."""
    values = [value.lower() for value in split_list(text)]
    known = {member.value for member in enum_cls}
    wrong = [value for value in values if value not in known]
    if wrong:
        raise ValidationError(_l("Unknown value: %(values)s; use: %(allowed)s.",
                                 values=", ".join(wrong), allowed=", ".join(enum_cls)))
    return [enum_cls(value) for value in values]


def parse_languages(text: str | None) -> list[str]:
    """ISO 639 language codes (fi, sv, en, smn …) from a ";"-separated cell, lower-cased."""
    codes = [code.lower() for code in split_list(text)]
    wrong = [code for code in codes if not _LANGUAGE.match(code)]
    if wrong:
        raise ValidationError(_l("Not a language code: %(values)s (write e.g. fi; sv; en).",
                                 values=", ".join(wrong)))
    return codes


def parse_degrees(text: str | None, limit: int) -> float | None:
    """A latitude (limit 90) or longitude (180) in decimal degrees; a decimal comma is fine."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        number = float(value.replace(",", ".").replace(" ", ""))
    except ValueError:
        raise ValidationError(_l("“%(value)s” is not a number.", value=value)) from None
    if not -limit <= number <= limit:  # also refuses nan
        raise ValidationError(_l("Must be between -%(limit)s and %(limit)s.", limit=limit))
    return number


def check_email(text: str | None) -> str | None:
    """An email address as given (syntax checked, no look-ups); None for an empty cell."""
    if text:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(_l("“%(value)s” is not an email address.", value=text)) from None
    return text or None


def _parse_time(text: str) -> time:
    hour, _, minute = text.replace(".", ":").partition(":")
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        raise ValidationError(_l("Write 23:59 instead of 24:00."))
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValidationError(_l("“%(value)s” is not a time of day.", value=text))
    return time(h, m)


def _parse_days(text: str) -> list[int]:
    names = [n.strip().lower() for n in re.split(r"[-–]", text)]
    unknown = [n for n in names if n not in _DAY_NAMES]
    if unknown:
        raise ValidationError(_l("“%(value)s” is not a weekday (write mon, tue, wed, thu, fri, "
                                 "sat or sun).", value=unknown[0]))
    first, last = _DAY_NAMES[names[0]], _DAY_NAMES[names[-1]]
    if last < first:
        raise ValidationError(_l("The day range “%(value)s” runs backwards.", value=text.strip()))
    return list(range(first, last + 1))


def parse_week(text: str | None) -> list[Period]:
    """A weekly schedule written as in `format_week`; raises ValidationError with the reason."""
    periods: list[Period] = []
    for entry in (e.strip() for e in (text or "").split(";")):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if match is None:
            raise ValidationError(_l("“%(value)s” is not like “mon 09:00-15:00”.", value=entry))
        days = _parse_days(match["days"])
        for part in (p.strip() for p in match["ranges"].split(",")):
            found = _RANGE.match(part)
            if found is None:
                raise ValidationError(
                    _l("“%(value)s” is not a time range like 09:00-15:00.", value=part))
            opens, closes = _parse_time(found[1]), _parse_time(found[2])
            if opens >= closes:
                raise ValidationError(_l("In “%(value)s” the closing time is not after the "
                                         "opening time.", value=entry))
            periods.extend(Period(day, opens, closes) for day in days)
    check_no_overlap(periods)
    return sorted(periods)


def check_no_overlap(periods: Sequence[Period]) -> None:
    """Refuse periods on the same weekday that overlap (touching is fine)."""
    ordered = sorted(periods)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.weekday == after.weekday and after.opens < before.closes:
            raise ValidationError(_l(
                "The periods %(first)s and %(second)s on %(day)s overlap.",
                first=_format_range(before), second=_format_range(after),
                day=DAYS[before.weekday]))


def _format_range(period: Period) -> str:
    return f"{period.opens:%H:%M}-{period.closes:%H:%M}"


def format_week(periods: Iterable[Period]) -> str:
    """A weekly schedule as text; consecutive days with the same hours become a day range:
    ``mon-fri 09:00-12:00, 13:00-16:00; sat 10:00-14:00``."""
    by_day: dict[int, list[str]] = {}
    for period in sorted(Period(*p) for p in periods):
        by_day.setdefault(period.weekday, []).append(_format_range(period))
    runs: list[tuple[int, int, list[str]]] = []
    for day, ranges in by_day.items():
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == ranges:
            runs[-1] = (runs[-1][0], day, ranges)
        else:
            runs.append((day, day, ranges))
    return "; ".join(
        f"{DAYS[first]}{'-' + DAYS[last] if last > first else ''} {', '.join(ranges)}"
        for first, last, ranges in runs)


def escape_cell(value):
    """Text that a spreadsheet would run as a formula, prefixed with a quote; others as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def write_csv(rows: Iterable[Sequence], *, delimiter: str = ",") -> str:
    """Rows as CSV text for spreadsheets: a BOM, CRLF line ends, formulas neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else escape_cell(cell) for cell in row])
    return out.getvalue()


def decode_upload(data: bytes) -> str:
    """An uploaded file's bytes as text: UTF-8 with or without a BOM, else ValidationError."""
    if not data.strip():
        raise ValidationError(_l("The file is empty."))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(_l("This is a spreadsheet workbook, not a CSV file. In your "
                                 "spreadsheet choose Save as → CSV UTF-8 and upload that."))
    if b"\x00" in data:
        raise ValidationError(_l("This is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_l("The file is not in UTF-8. In your spreadsheet choose "
                                 "Save as → CSV UTF-8 and upload that.")) from None
    return text


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more."""
    header = text.lstrip(BOM).split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def read_records(text: str) -> list[list[str]]:
    """CSV text as its records (one per spreadsheet row, blank rows kept as [])."""
    delimiter = sniff_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text.lstrip(BOM), newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError(_l("The file could not be read as CSV (%(reason)s).",
                                 reason=str(error))) from None
