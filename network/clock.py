"""Time helpers: the app stores UTC and shows Europe/Helsinki."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """A moment in Helsinki time (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(HELSINKI)


def today() -> date:
    """Today's date in Helsinki."""
    return local(utcnow()).date()
