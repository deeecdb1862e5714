"""What every resident page needs, read at most once per RESIDENT_STATE_SECONDS per process.

The current mode, that mode's network snapshot and the public notice per language. With a
non-zero setting a crisis-day spike costs each process a few small queries a second, not a
few per request; with 0 (development, tests) every request reads them, so a change shows
at once. Rendered pages are kept per state key in a small LRU (`pages`).
"""

import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app

from crisis.delivery import web_notice
from crisis.network_mode import current_mode
from network.models import ServiceMode
from network.network_snapshot import NetworkSnapshot
from web.geo import services as geo_services
from web.geo.services import LruCache

KEY = "apuverkko_resident"


@dataclass(frozen=True)
class SiteState:
    """The mode, its snapshot and the notices, as read at one moment."""

    mode: ServiceMode
    snapshot: NetworkSnapshot
    notices: dict[str, web_notice.Notice | None]

    def notice(self, locale: str) -> web_notice.Notice | None:
        """The public notice in a language (None when there is none)."""
        return self.notices.get(locale)

    def key(self, locale: str) -> str:
        """What the pages in a language depend on, besides the clock and the query."""
        notice = self.notice(locale)
        stamp = "-" if notice is None else f"{notice.activation_id}:{notice.sent_at.isoformat()}"
        return f"{self.mode.value}|{self.snapshot.version}|{self.snapshot.day}|{stamp}"


@dataclass
class ResidentState:
    """The per-process cache of the resident site."""

    current: SiteState | None = None
    read_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    pages: LruCache = field(default_factory=lambda: LruCache(512))
    places: LruCache = field(default_factory=lambda: LruCache(2048))  # found places


def init_app(app: Flask) -> None:
    """Give the app its resident state."""
    app.extensions[KEY] = ResidentState()


def resident_state() -> ResidentState:
    """The current app's resident state."""
    return current_app.extensions[KEY]


def _read() -> SiteState:
    mode = current_mode()
    return SiteState(mode=mode, snapshot=geo_services.snapshot(mode),
                     notices={lang: web_notice.current(lang)
                              for lang in current_app.config["LANGUAGES"]})


def site_state() -> SiteState:
    """The site's state, reread when older than RESIDENT_STATE_SECONDS."""
    cache = resident_state()
    max_age = float(current_app.config.get("RESIDENT_STATE_SECONDS") or 0)
    if max_age <= 0:
        return _read()
    current = cache.current
    if current is not None and time.monotonic() - cache.read_at < max_age:
        return current
    # One thread rereads; while it does, the others answer from what was read before (only
    # the very first read makes them wait).
    if not cache.lock.acquire(blocking=current is None):
        return current
    try:
        if cache.current is not None and time.monotonic() - cache.read_at < max_age:
            return cache.current
        cache.current = _read()
        cache.read_at = time.monotonic()
        return cache.current
    finally:
        cache.lock.release()
