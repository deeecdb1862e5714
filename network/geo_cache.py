"""The database-backed cache of geocoder answers, for geo.geocoding.Geocoder.

Entries are written in their own short transaction (not the caller's), so a lookup made
while showing a page is kept even when the page saves nothing, and a cache failure never
breaks a lookup: it is logged (without the query, which may be an address) and ignored.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from geo.results import GeocodeResult
from network.clock import utcnow
from network.models import GeocodeCacheEntry

log = logging.getLogger(__name__)

KEY_LENGTH = 400
LABEL_LENGTH = 500


class DatabaseGeocodeCache:
    """A GeocodeCache (get/put) over the geocode_cache table, one namespace per provider."""

    def __init__(self, engine: Engine, provider: str, *, max_age: timedelta | None = None,
                 clock=utcnow):
        self.engine = engine
        self.provider = (provider or "none")[:20]
        self.max_age = max_age
        self.clock = clock
        self.table = GeocodeCacheEntry.__table__

    def _fresh_after(self) -> datetime | None:
        return None if self.max_age is None else self.clock() - self.max_age

    def get(self, key: str) -> GeocodeResult | None:
        """The cached answer for a query key, or None (also when the entry is too old)."""
        if len(key) > KEY_LENGTH:
            return None
        t = self.table
        query = select(t.c.latitude, t.c.longitude, t.c.label, t.c.approximate).where(
            t.c.provider == self.provider, t.c.query_key == key)
        if (fresh_after := self._fresh_after()) is not None:
            query = query.where(t.c.created_at >= fresh_after)
        try:
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError as exc:
            log.warning("geocode cache read failed (%s)", type(exc).__name__)
            return None
        if row is None:
            return None
        return GeocodeResult(lat=row.latitude, lon=row.longitude, label=row.label,
                             source="geocoder", approximate=row.approximate)

    def put(self, key: str, result: GeocodeResult) -> None:
        """Keep an online answer (gazetteer answers are not worth keeping)."""
        if len(key) > KEY_LENGTH or result.source != "geocoder":
            return
        t = self.table
        values = {"latitude": result.lat, "longitude": result.lon,
                  "label": result.label[:LABEL_LENGTH], "approximate": result.approximate,
                  "created_at": self.clock()}
        where = (t.c.provider == self.provider) & (t.c.query_key == key)
        try:
            with self.engine.begin() as conn:
                if conn.execute(update(t).where(where).values(**values)).rowcount == 0:
                    conn.execute(insert(t).values(provider=self.provider, query_key=key,
                                                  **values))
        except SQLAlchemyError as exc:
            # e.g. two processes caching the same query at once: the other one's row stays.
            log.warning("geocode cache write failed (%s)", type(exc).__name__)

    def clear(self) -> int:
        """Forget every entry of this provider; returns how many there were."""
        with self.engine.begin() as conn:
            t = self.table
            return conn.execute(delete(t).where(t.c.provider == self.provider)).rowcount
