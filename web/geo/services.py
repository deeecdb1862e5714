"""Per-process geo state of the app: the geocoder, snapshot, grid and map caches, map assets.

Everything lives in `app.extensions["apuverkko_geo"]`, so each app (and each test's app) has
its own caches. Maps and coverage results are kept per network version (see
network.network_snapshot): built once, then served from memory until the network changes.
"""

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import escape

from geo.geocoding import Geocoder, GeocoderSettings
from geo.maps import MapAssets, TileSettings
from network.clock import today
from network.geo_cache import DatabaseGeocodeCache
from network.network_snapshot import NetworkSnapshot, SnapshotCache
from network.population_datasets import GridCache
from web.extensions import db

log = logging.getLogger(__name__)
KEY = "apuverkko_geo"


class LruCache:
    """A small thread-safe least-recently-used cache with build-on-miss."""

    def __init__(self, max_items: int):
        self.max_items = max_items
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get_or_build(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The cached value for the key, built (once) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            self.builds += 1
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> Any:
        """The cached value for the key, or None (nothing is built)."""
        with self._lock:
            return self._items.get(key)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


@dataclass
class GeoState:
    """The app's geo caches and its geocoder (made on first use)."""

    snapshots: SnapshotCache = field(default_factory=SnapshotCache)
    grids: GridCache = field(default_factory=GridCache)
    maps: LruCache = field(default_factory=lambda: LruCache(16))
    # Results hold per-cell arrays (tens of MB at Finland scale): keep a few.
    coverage: LruCache = field(default_factory=lambda: LruCache(6))
    geocoder: Geocoder | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def init_app(app: Flask) -> None:
    """Give the app its geo state."""
    app.extensions[KEY] = GeoState()


def state() -> GeoState:
    """The current app's geo state."""
    return current_app.extensions[KEY]



def locale() -> str:
    """The page's language code."""
    return str(get_locale() or "fi")


def snapshot(mode) -> NetworkSnapshot:
    """The mode's current snapshot (rebuilt when the network changed)."""
    return state().snapshots.get(mode, today())


def geocoder() -> Geocoder:
    """The app's geocoder: the configured online one with the database cache, or offline.

    A configuration error (unknown provider, bad URL) is logged once and the offline
    gazetteer answers instead, so a lookup never fails with a server error.
    """
    geo_state = state()
    if geo_state.geocoder is not None:
        return geo_state.geocoder
    with geo_state.lock:
        if geo_state.geocoder is None:
            config = current_app.config
            settings = GeocoderSettings.from_mapping(config)
            cache = None
            if settings.configured:
                days = float(config.get("GEOCODER_CACHE_DAYS") or 0)
                cache = DatabaseGeocodeCache(
                    db.engine, settings.provider or "none",
                    max_age=timedelta(days=days) if days > 0 else None)
            try:
                geo_state.geocoder = Geocoder(settings, cache=cache)
            except ValueError as exc:
                log.error("geocoder settings refused (%s); using the offline gazetteer", exc)
                geo_state.geocoder = Geocoder(GeocoderSettings())
    return geo_state.geocoder


def map_assets() -> MapAssets:
    """Leaflet, its cluster plugin and the app's map script, from our own static files."""
    def static(path: str) -> str:
        return url_for("static", filename=path)

    return MapAssets(
        leaflet_js=static("vendor/leaflet/leaflet.js"),
        leaflet_css=static("vendor/leaflet/leaflet.css"),
        cluster_js=static("vendor/leaflet.markercluster/leaflet.markercluster.js"),
        cluster_css=static("vendor/leaflet.markercluster/MarkerCluster.css"),
        cluster_default_css=static("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        app_js=static("geo/maps.js"),
        app_css=static("geo/maps.css"),
    )


def credit() -> str:
    """The GeoNames credit for the map's attribution, in the page's language (HTML)."""
    return (f'{escape(_("Place data"))}: <a href="https://www.geonames.org/">GeoNames</a> '
            "(CC BY 4.0)")


def tile_settings() -> TileSettings:
    """The configured background tiles ("none" or empty: no tiles)."""
    url = (current_app.config.get("MAP_TILE_URL") or "").strip()
    if url.lower() in ("none", "off"):
        url = ""
    return TileSettings(url=url, attribution=current_app.config.get("MAP_TILE_ATTRIBUTION") or "")
