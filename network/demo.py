"""The Oulu demo network (placeholder until the demo data lands)."""

from datetime import datetime

LOGINS: dict[str, tuple[str, str]] = {}


def load(*, now: datetime) -> dict[str, tuple[str, str]]:
    """Load the demo network once; return the demo logins per role."""
    return LOGINS
