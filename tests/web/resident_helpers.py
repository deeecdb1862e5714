"""Shared set-up of the resident site tests: points open around the clock, an activation."""

from collections.abc import Callable
from datetime import time
from html.parser import HTMLParser

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


class Assets(HTMLParser):
    """The stylesheets and scripts a page references, and those its map loads."""

    def __init__(self):
        super().__init__()
        self.page: list[str] = []
        self.map: list[str] = []
        self.points: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.page.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.page.append(a["src"])
        if a.get("id") == "resident-map":
            self.map += a["data-css"].split() + a["data-js"].split()
            self.points = a.get("data-points") or None


def page_weight(html: str, get: Callable) -> tuple[int, int]:
    """Bytes of a page with its CSS and JS: without the map, and with the map's assets and data.

    `get(url)` answers a response with `.status_code` and `.data` (a test client, or a shim).
    """
    parser = Assets()
    parser.feed(html)
    if not (parser.page and parser.map):
        raise AssertionError("the page references no assets or has no map")

    def size(url: str) -> int:
        response = get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")
        return len(response.data)

    without_map = len(html.encode()) + sum(size(u) for u in parser.page)
    extra = sum(size(u) for u in parser.map) + (size(parser.points) if parser.points else 0)
    return without_map, without_map + extra
