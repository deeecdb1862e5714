"""A configurable geocoder facade: geopy (Nominatim or Pelias) → cache → offline gazetteer.

`Geocoder.geocode(query)` never raises for network trouble: when no geocoder is
configured, or the configured one times out, errors or cannot be reached, the offline
gazetteer answers, and when nothing matches the caller gets a NotFound with a reason.
Only answers of the real geocoder are cached (the gazetteer is fast and offline).
"""

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Pelias

from geo import log_redaction
from geo.gazetteer import Gazetteer, PlaceMatch, default_gazetteer
from geo.projection import in_finland
from geo.results import GeocodeResult, NotFound, NotFoundReason

log = logging.getLogger(__name__)
log_redaction.install()

PROVIDERS = ("nominatim", "pelias")
MAX_QUERY_LENGTH = 300


@dataclass(frozen=True)
class GeocoderSettings:
    """How to reach an online geocoder; provider None means offline (gazetteer only)."""

    provider: str | None = None
    # "https://nominatim.example.org", "http://127.0.0.1:8080" or a bare domain (https).
    # Digitransit's Pelias: "https://api.digitransit.fi/geocoding".
    url: str | None = None
    api_key: str | None = None
    # Also send the key in this header (Digitransit: "digitransit-subscription-key").
    api_key_header: str | None = None
    user_agent: str = "apuverkko"
    timeout: float = 5.0
    min_delay: float = 1.0
    country_codes: str = "fi"
    language: str | None = "fi"

    @classmethod
    def from_mapping(
        cls, config: Mapping[str, Any], prefix: str = "GEOCODER_"
    ) -> "GeocoderSettings":
        """Settings from a config mapping: GEOCODER_PROVIDER, GEOCODER_URL, GEOCODER_API_KEY…"""
        fields = ("provider", "url", "api_key", "api_key_header", "user_agent", "timeout",
                  "min_delay", "country_codes", "language")
        values = {}
        for name in fields:
            value = config.get(prefix + name.upper())
            if value is None or value == "":
                continue
            if name in ("timeout", "min_delay"):
                value = float(value)
            values[name] = value
        if values.get("provider"):
            values["provider"] = str(values["provider"]).strip().lower()
        return cls(**values)

    @property
    def configured(self) -> bool:
        """Whether an online geocoder should be used."""
        return bool(self.provider)


class GeocodeCache(Protocol):
    """Where geocoder answers are kept; a DB-backed one lives outside `geo`."""

    def get(self, key: str) -> GeocodeResult | None: ...

    def put(self, key: str, result: GeocodeResult) -> None: ...


class MemoryCache:
    """A small thread-safe in-memory cache, least recently used entries evicted first."""

    def __init__(self, max_entries: int = 10_000):
        self.max_entries = max_entries
        self._items: OrderedDict[str, GeocodeResult] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> GeocodeResult | None:
        with self._lock:
            result = self._items.get(key)
            if result is not None:
                self._items.move_to_end(key)
            return result

    def put(self, key: str, result: GeocodeResult) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def cache_key(query: str) -> str:
    """The cache key of a query: case- and spacing-insensitive (accents kept: Kärki ≠ Karki)."""
    return " ".join(query.casefold().split())


class OnlineGeocoder:
    """A geopy geocoder behind geopy's RateLimiter, restricted to the configured countries."""

    def __init__(self, geocoder: Nominatim | Pelias, options: dict[str, Any], min_delay: float):
        self.geocoder = geocoder
        self.options = options
        self.rate_limiter = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay, max_retries=0,
            swallow_exceptions=False,
        )

    def __call__(self, query: str):
        """geopy's Location for the query or None; raises geopy's errors."""
        return self.rate_limiter(query, **self.options)


def build_geocoder(settings: GeocoderSettings) -> OnlineGeocoder | None:
    """The online geocoder for the settings, or None when offline.

    Raises ValueError for an unknown provider or a bad URL (a configuration error).
    """
    if not settings.configured:
        return None
    if settings.provider not in PROVIDERS:
        raise ValueError(f"unknown geocoder provider {settings.provider!r}; use one of {PROVIDERS}")
    scheme, domain = _split_url(settings.url, settings.provider)
    common = {"scheme": scheme, "user_agent": settings.user_agent, "timeout": settings.timeout}
    geocoder: Nominatim | Pelias
    if settings.provider == "nominatim":
        geocoder = Nominatim(domain=domain, **common)
        options: dict[str, Any] = {"country_codes": settings.country_codes or None}
    else:
        geocoder = Pelias(domain=domain, api_key=settings.api_key, **common)
        countries = [c.strip().upper() for c in (settings.country_codes or "").split(",") if c]
        options = {"countries": countries or None}
    if settings.api_key and settings.api_key_header:
        geocoder.headers[settings.api_key_header] = settings.api_key
    if settings.language:
        options["language"] = settings.language
    return OnlineGeocoder(geocoder, options, settings.min_delay)


def _split_url(url: str | None, provider: str) -> tuple[str, str]:
    if not url:
        if provider == "nominatim":
            return "https", "nominatim.openstreetmap.org"
        raise ValueError("the pelias geocoder needs GEOCODER_URL")
    if "://" not in url:
        return "https", url.strip().rstrip("/")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"geocoder URL must be http(s)://host[:port][/path], not {url!r}")
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


class Geocoder:
    """Geocode free text to a position: online when configured, offline as a fallback."""

    def __init__(self, settings: GeocoderSettings | None = None, *,
                 cache: GeocodeCache | None = None, gazetteer: Gazetteer | None = None):
        self.settings = settings or GeocoderSettings()
        self.cache = cache
        self.gazetteer = gazetteer or default_gazetteer()
        self._online = build_geocoder(self.settings)

    def geocode(self, query: str) -> GeocodeResult | NotFound:
        """The position of a place or address, or a NotFound; never raises for network errors."""
        text = " ".join((query or "").split())
        if not text:
            return NotFound(query="", reason=NotFoundReason.EMPTY)
        if len(text) > MAX_QUERY_LENGTH:
            return NotFound(query=text[:MAX_QUERY_LENGTH], reason=NotFoundReason.NO_MATCH)
        key = cache_key(text)
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        failed = False
        if self._online is not None:
            try:
                result = self._ask_online(text)
            except (GeopyError, OSError, ValueError, KeyError, TypeError) as exc:
                # No query text in the log: an address can be personal data.
                log.warning("geocoder %s failed (%s); using the gazetteer",
                            self.settings.provider, type(exc).__name__)
                failed = True
            else:
                if result is not None:
                    if self.cache is not None:
                        self.cache.put(key, result)
                    return result
        return self._offline(text, geocoder_failed=failed)

    def _ask_online(self, text: str) -> GeocodeResult | None:
        location = self._online(text)
        if location is None:
            return None
        lat, lon = float(location.latitude), float(location.longitude)
        if not bool(in_finland(lat, lon)):
            return None
        raw = location.raw if isinstance(location.raw, dict) else {}
        properties = raw.get("properties")
        # Pelias puts the full label ("Isokatu 1, Oulu") beside the short name.
        label = (properties or {}).get("label") if isinstance(properties, dict) else None
        return GeocodeResult(lat=lat, lon=lon, label=label or location.address or text,
                             source="geocoder")

    def _offline(self, text: str, *, geocoder_failed: bool) -> GeocodeResult | NotFound:
        match = self.gazetteer.lookup(text)
        if isinstance(match, PlaceMatch):
            place = match.place
            return GeocodeResult(lat=place.lat, lon=place.lon, label=place.name,
                                 source="gazetteer", approximate=match.partial)
        return NotFound(query=match.query, reason=match.reason, geocoder_failed=geocoder_failed)
