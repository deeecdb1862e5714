"""Distances, times and days in the page's language, in Europe/Helsinki time."""

from datetime import date, datetime, time

from babel.dates import format_skeleton
from flask_babel import format_datetime, format_decimal, format_time, get_locale
from flask_babel import gettext as _

from geo.opening import HELSINKI


def locale() -> str:
    """The page's language code."""
    return str(get_locale() or "fi")


def distance(metres: float) -> str:
    """"850 m" under a kilometre, else "1,2 km" (the decimal sign of the language)."""
    if metres < 1000:
        return _("%(metres)s m", metres=format_decimal(int(round(metres / 10.0) * 10)))
    return _("%(km)s km", km=format_decimal(round(metres / 1000.0, 1), format="#,##0.0"))


def clock(moment: datetime | time, day: date | None = None) -> str:
    """A time of day ("16.00", "16:00", "4:00 PM"), Helsinki time."""
    if isinstance(moment, time):
        moment = datetime.combine(day or date(2000, 1, 3), moment, tzinfo=HELSINKI)
    return format_time(moment, "short")


def period(opens: time, closes: time) -> str:
    """An opening period, "9.00–16.00"."""
    return f"{clock(opens)}–{clock(closes)}"


def day_name(day: date) -> str:
    """A day with its weekday and date ("ma 7. joulukuuta")."""
    return format_skeleton("MMMMEd", day, locale=locale())


def written(moment: datetime) -> str:
    """A moment with its date and time, Helsinki time."""
    return format_datetime(moment, "short")
