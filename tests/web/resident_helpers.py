"""Shared set-up of the resident site tests: points open around the clock, an activation."""

from datetime import time

from network.models import Offering, PointOffering, ServiceMode, ServicePoint
from tests import factories
from web.extensions import db

ALL_DAY = (time(0, 0), time(23, 59, 59))
XSS = "<img src=x onerror=alert(1)>"


def food() -> Offering:
    """The food aid offering (created once)."""
    found = db.session.query(Offering).filter_by(code="food_aid").one_or_none()
    return found or factories.offering()


def open_point(name: str, lat: float = 65.03, lon: float = 25.47, *, offerings=(),
               mode: ServiceMode = ServiceMode.NORMAL, hours=ALL_DAY, **kw) -> ServicePoint:
    """A point open every day of the week in a mode, with offerings in that mode."""
    point = factories.point(name, latitude=lat, longitude=lon, **kw)
    for weekday in range(7):
        factories.hours(point, weekday=weekday, opens=hours[0], closes=hours[1], mode=mode)
    for offering in offerings:
        db.session.add(PointOffering(point_id=point.id, offering_id=offering.id, mode=mode))
    db.session.flush()
    return point


def english(client):
    """Pages in English from now on (the language cookie)."""
    client.get("/healthz?lang=en")
    return client
