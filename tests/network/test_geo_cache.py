"""The database cache of geocoder answers, with a real local HTTP server imitating Nominatim."""

import threading
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer

import pytest
from sqlalchemy import create_engine, func, select

from geo.geocoding import Geocoder, GeocoderSettings
from geo.results import GeocodeResult
from network.geo_cache import DatabaseGeocodeCache
from network.models import GeocodeCacheEntry
from tests.geo.test_geocoding import FakeGeocoder
from web.extensions import db


@pytest.fixture(scope="module")
def nominatim_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeGeocoder)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def settings(nominatim_server) -> GeocoderSettings:
    nominatim_server.requests.clear()
    return GeocoderSettings(provider="nominatim",
                            url=f"http://127.0.0.1:{nominatim_server.server_address[1]}",
                            user_agent="apuverkko-test", timeout=2.0, min_delay=0.0)


def test_second_lookup_comes_from_the_database_not_the_geocoder(app, settings,
                                                                nominatim_server):
    first = Geocoder(settings, cache=DatabaseGeocodeCache(db.engine, "nominatim"))
    found = first.geocode("Isokatu 1, Oulu")
    assert isinstance(found, GeocodeResult) and found.source == "geocoder"
    assert len(nominatim_server.requests) == 1
    # Another process (a fresh geocoder) asks with different case and spacing.
    second = Geocoder(settings, cache=DatabaseGeocodeCache(db.engine, "nominatim"))
    again = second.geocode("  isokatu 1,   OULU ")
    assert len(nominatim_server.requests) == 1
    assert (again.lat, again.lon, again.label, again.source) == (
        found.lat, found.lon, found.label, "geocoder")
    assert db.session.scalar(select(func.count(GeocodeCacheEntry.id))) == 1


def test_gazetteer_answers_and_misses_are_not_stored(app, settings, nominatim_server):
    geocoder = Geocoder(settings, cache=DatabaseGeocodeCache(db.engine, "nominatim"))
    assert geocoder.geocode("Tuira").source == "gazetteer"  # the fake server knows no Tuira
    assert not geocoder.geocode("Nowhere at all").found
    assert db.session.scalar(select(func.count(GeocodeCacheEntry.id))) == 0


def test_entries_are_per_provider_and_expire(app):
    now = datetime(2030, 1, 1, tzinfo=UTC)
    clock = [now]
    cache = DatabaseGeocodeCache(db.engine, "pelias", max_age=timedelta(days=30),
                                 clock=lambda: clock[0])
    answer = GeocodeResult(65.0, 25.4, "Isokatu 1, Oulu", "geocoder")
    cache.put("isokatu 1, oulu", answer)
    cache.put("isokatu 1, oulu", GeocodeResult(65.1, 25.5, "Isokatu 1", "geocoder"))  # replaces
    assert cache.get("isokatu 1, oulu").lat == 65.1
    assert DatabaseGeocodeCache(db.engine, "nominatim").get("isokatu 1, oulu") is None
    clock[0] = now + timedelta(days=31)
    assert cache.get("isokatu 1, oulu") is None
    assert cache.clear() == 1


def test_a_broken_cache_never_breaks_a_lookup(app, settings, nominatim_server, tmp_path):
    broken = DatabaseGeocodeCache(create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}"),
                                  "nominatim")  # no geocode_cache table there
    found = Geocoder(settings, cache=broken).geocode("Isokatu 1, Oulu")
    assert found.source == "geocoder"
    assert broken.get("x") is None
    broken.put("x", found)  # logged and ignored
