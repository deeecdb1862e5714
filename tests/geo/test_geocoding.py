"""The geocoder facade against a real local HTTP server imitating Nominatim and Pelias."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.extra.rate_limiter import RateLimiter

from geo.geocoding import Geocoder, GeocoderSettings, MemoryCache, build_geocoder, cache_key
from geo.results import GeocodeResult, NotFound, NotFoundReason

PLACES = {
    "isokatu 1, oulu": {"lat": "65.0127", "lon": "25.4712", "display_name": "Isokatu 1, Oulu"},
    "drottninggatan 1, stockholm": {"lat": "59.33", "lon": "18.06", "display_name": "Sthlm"},
}


class FakeGeocoder(BaseHTTPRequestHandler):
    """Answers like Nominatim (/search) and Pelias (/v1/search)."""

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({"path": url.path, "params": params,
                                     "headers": dict(self.headers)})
        query = (params.get("q") or params.get("text") or "").lower()
        if query == "slow street":
            time.sleep(1.0)
        if query == "broken street":
            self.send_error(500)
            return
        if query == "garbage street":
            return self._send(b"<html>not json</html>", "text/html")
        found = PLACES.get(query)
        if url.path == "/search":
            body = [found] if found else []
        elif url.path == "/v1/search":
            feats = [] if not found else [{
                "type": "Feature",
                "geometry": {"type": "Point",
                             "coordinates": [float(found["lon"]), float(found["lat"])]},
                "properties": {"name": found["display_name"].split(",")[0],
                               "label": found["display_name"]},
            }]
            body = {"type": "FeatureCollection", "features": feats}
        else:
            self.send_error(404)
            return
        self._send(json.dumps(body).encode(), "application/json")

    def _send(self, payload: bytes, content_type: str):
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeGeocoder)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def url(server) -> str:
    server.requests.clear()
    return f"http://127.0.0.1:{server.server_address[1]}"


def nominatim(url: str, **extra) -> GeocoderSettings:
    return GeocoderSettings(provider="nominatim", url=url, user_agent="apuverkko-test",
                            timeout=extra.pop("timeout", 2.0), min_delay=0.0, **extra)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_nominatim_answer_is_used_and_cached(server, url):
    cache = MemoryCache()
    geocoder = Geocoder(nominatim(url), cache=cache)
    result = geocoder.geocode("Isokatu 1, Oulu")
    assert result == GeocodeResult(lat=65.0127, lon=25.4712, label="Isokatu 1, Oulu",
                                   source="geocoder")
    request = server.requests[0]
    assert request["path"] == "/search"
    assert request["params"]["countrycodes"] == "fi"
    assert request["headers"]["User-Agent"] == "apuverkko-test"
    assert cache.get(cache_key("isokatu  1, OULU")) == result
    # The second ask is answered from the cache: the server hears nothing more.
    assert geocoder.geocode("ISOKATU 1,  oulu") == result
    assert len(server.requests) == 1


def test_geocoder_goes_through_rate_limiter(url):
    online = build_geocoder(GeocoderSettings(provider="nominatim", url=url, min_delay=0.5))
    assert isinstance(online.rate_limiter, RateLimiter)
    assert online.rate_limiter.min_delay_seconds == 0.5


def test_no_match_online_falls_back_to_gazetteer(url):
    result = Geocoder(nominatim(url)).geocode("Tuira")
    assert result.source == "gazetteer" and result.label == "Tuira"


def test_no_match_anywhere_is_not_found(url):
    result = Geocoder(nominatim(url)).geocode("Nowhere street 9")
    assert isinstance(result, NotFound)
    assert result.reason is NotFoundReason.NO_MATCH
    assert not result.geocoder_failed


def test_answer_outside_finland_is_ignored(url):
    result = Geocoder(nominatim(url)).geocode("Drottninggatan 1, Stockholm")
    assert isinstance(result, NotFound)


@pytest.mark.parametrize("query", ["slow street", "broken street", "garbage street"])
def test_timeouts_and_server_errors_fall_back(url, query):
    geocoder = Geocoder(nominatim(url, timeout=0.2), cache=MemoryCache())
    result = geocoder.geocode(query)
    assert isinstance(result, NotFound)
    assert result.geocoder_failed
    assert len(geocoder.cache) == 0


def test_unreachable_geocoder_falls_back_to_gazetteer():
    geocoder = Geocoder(nominatim(f"http://127.0.0.1:{free_port()}"), cache=MemoryCache())
    result = geocoder.geocode("Haukipudas")
    assert result.source == "gazetteer"
    assert result.lat == pytest.approx(65.17654)
    assert len(geocoder.cache) == 0  # offline answers are not cached
    missing = geocoder.geocode("Isokatu 1, Nowhere")
    assert isinstance(missing, NotFound) and missing.geocoder_failed


def test_offline_when_not_configured():
    geocoder = Geocoder()
    assert geocoder.geocode("oulu").label == "Oulu"
    assert geocoder.geocode("Isokatu 1, Oulu").approximate
    assert geocoder.geocode("90100").reason is NotFoundReason.POSTCODE
    assert geocoder.geocode("").reason is NotFoundReason.EMPTY
    assert geocoder.geocode("x" * 1000).reason is NotFoundReason.NO_MATCH


def test_pelias_with_key_header(server, url):
    settings = GeocoderSettings(provider="pelias", url=url, api_key="secret",
                                api_key_header="digitransit-subscription-key", min_delay=0)
    result = Geocoder(settings).geocode("Isokatu 1, Oulu")
    assert result.source == "geocoder" and result.label == "Isokatu 1, Oulu"
    request = server.requests[-1]
    assert request["path"] == "/v1/search"
    assert request["params"]["api_key"] == "secret"
    assert request["params"]["boundary.country"] == "FI"
    assert request["headers"]["digitransit-subscription-key"] == "secret"


def test_settings_from_config_mapping():
    settings = GeocoderSettings.from_mapping({
        "GEOCODER_PROVIDER": "Nominatim", "GEOCODER_URL": "http://127.0.0.1:9",
        "GEOCODER_TIMEOUT": "3", "GEOCODER_MIN_DELAY": 0, "GEOCODER_API_KEY": "",
    })
    assert settings.provider == "nominatim" and settings.timeout == 3.0
    assert settings.min_delay == 0.0 and settings.api_key is None
    assert not GeocoderSettings.from_mapping({}).configured


def test_bad_configuration_is_refused_at_build_time():
    with pytest.raises(ValueError, match="provider"):
        build_geocoder(GeocoderSettings(provider="google"))
    with pytest.raises(ValueError, match="URL"):
        build_geocoder(GeocoderSettings(provider="pelias"))
    with pytest.raises(ValueError):
        build_geocoder(GeocoderSettings(provider="nominatim", url="ftp://x"))


def test_memory_cache_evicts_oldest():
    cache = MemoryCache(max_entries=2)
    results = [GeocodeResult(60.0 + i, 25.0, str(i), "geocoder") for i in range(3)]
    for i, r in enumerate(results):
        cache.put(str(i), r)
    assert cache.get("0") is None and cache.get("2") == results[2]


def test_cache_key_keeps_accents():
    assert cache_key("  Kärki 1 ") == cache_key("KÄRKI   1") != cache_key("Karki 1")
