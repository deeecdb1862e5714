"""Security headers: a strict Content Security Policy on every page, and pages that keep to it.

The policy allows scripts and styles from this site only (plus the hash of each map's
generated script), so no page may carry a style attribute, an inline event handler, a
javascript: URL or an inline script whose hash the policy does not list.
"""

import base64
import hashlib
import logging
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from geo.map_layers import CELL_COLOURS
from network import demo
from network.clock import utcnow
from network.models import Role
from tests import factories
from tests.conftest import login
from web import config, create_app
from web.extensions import db
from web.security_headers import policy, tile_source

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"
# Rendered to a PDF by WeasyPrint (never served as a page): its stylesheet is inline.
NOT_PAGES = {"model_document/pdf.html"}
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def directives(response) -> dict[str, list[str]]:
    """The response's CSP as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def sha256_source(js: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode() + "'"


class Markup(HTMLParser):
    """Everything a strict CSP would block in a page: style attributes, <style>, handlers,
    javascript: URLs, and the inline scripts (with their text, to compare hashes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocked: list[str] = []
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "style":
                self.blocked.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...>")
            elif name in ("href", "src", "action", "formaction") and (
                    (value or "").strip().lower().startswith("javascript:")):
                self.blocked.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script" and not dict(attrs).get("src"):
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def csp_problems(response) -> list[str]:
    """What in an HTML response the browser would refuse under the response's own CSP."""
    parser = Markup()
    parser.feed(response.get_data(as_text=True))
    allowed = set(directives(response)["script-src"])
    unhashed = [f"inline script of {len(js)} chars without its hash in the CSP"
                for js in parser.inline_scripts if sha256_source(js) not in allowed]
    return parser.blocked + unhashed


def assert_headers(response) -> None:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


# The policy and the headers ---------------------------------------------------------------

def test_policy_allows_only_our_own_assets_and_the_tile_host(app, client):
    response = client.get("/login")
    assert response.status_code == 200
    assert_headers(response)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no map on the page, no hash
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize(("url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("http://tiles.local:8080/osm/{z}/{x}/{y}.png", "http://tiles.local:8080"),
    ("//tiles.example.org/{z}/{x}/{y}.png", "tiles.example.org"),
    ("/tiles/{z}/{x}/{y}.png", None),
    ("none", None),
    ("", None),
])
def test_tile_source_of_the_tile_url(url, source):
    assert tile_source(url) == source


def test_a_tile_url_whose_host_varies_otherwise_is_refused():
    with pytest.raises(ValueError, match="MAP_TILE_URL"):
        tile_source("https://tiles-{s}.example.org/{z}/{x}/{y}.png")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_configured_tile_host_is_the_only_other_image_source(database_url):
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "MAP_TILE_URL": "https://{s}.tiles.example.fi/{z}/{x}/{y}.png"})
    response = app.test_client().get("/login")
    assert directives(response)["img-src"] == ["'self'", "data:", "https://*.tiles.example.fi"]
    no_tiles = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                           "MAP_TILE_URL": "none"})
    assert directives(no_tiles.test_client().get("/login"))["img-src"] == ["'self'", "data:"]


def test_policy_lists_the_hashes_in_order():
    value = policy(None, ["'sha256-a'", "'sha256-b'"])
    assert "script-src 'self' 'sha256-a' 'sha256-b';" in value


@pytest.mark.parametrize("backend", ["sqlite"])
def test_hsts_only_in_production(database_url):
    def get(env):
        app = create_app({"ENV_NAME": env, "SECRET_KEY": "x" * 32,
                          "SQLALCHEMY_DATABASE_URI": database_url})
        return app.test_client().get("/login")

    production = get("production")
    assert production.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains")
    assert_headers(production)
    for env in ("development", "testing"):
        assert "Strict-Transport-Security" not in get(env).headers


def test_health_check_is_plain_ok_with_the_common_headers(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert_headers(response)
    assert "Content-Security-Policy" not in response.headers  # not a page


@pytest.mark.parametrize("backend", ["sqlite"])
def test_health_check_is_not_rate_limited(database_url):
    from web.extensions import limiter

    try:  # the limiter is one object for every app: its default limit is undone below
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_DEFAULT": "2 per minute"})
        client = app.test_client()
        assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
        assert [client.get("/login").status_code for _ in range(3)] == [200, 200, 429]
    finally:
        limiter.limit_manager.set_default_limits([])


def test_map_page_allows_exactly_its_map_script(app, client, users):
    factories.point("Piste A", latitude=65.0, longitude=25.5)
    db.session.commit()
    login(client, users[Role.STEERING_ADMIN])
    response = client.get("/staff/geo/map")
    assert response.status_code == 200
    parser = Markup()
    parser.feed(response.get_data(as_text=True))
    assert len(parser.inline_scripts) == 1 and "ApuMaps.markers(" in parser.inline_scripts[0]
    assert directives(response)["script-src"] == ["'self'",
                                                   sha256_source(parser.inline_scripts[0])]
    assert csp_problems(response) == []
    # The next page has no map and so no hash: hashes belong to one response only.
    assert directives(client.get("/staff/geo/population/"))["script-src"] == ["'self'"]


# Real client addresses behind a proxy ------------------------------------------------------

def limited_client(database_url, hops: int):
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "LOGIN_RATE_LIMIT": "2 per minute", "PROXY_FIX_X_FOR": hops,
                      "WTF_CSRF_ENABLED": False})
    return app.test_client()


def login_attempts(client, forwarded_for: str, n: int = 3) -> list[int]:
    return [client.post("/login", data={"email": "a@example.org", "password": "x"},
                        headers={"X-Forwarded-For": forwarded_for},
                        environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code
            for _ in range(n)]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_rate_limits_count_per_real_client_behind_the_proxy(database_url):
    client = limited_client(database_url, hops=1)
    assert login_attempts(client, "198.51.100.7")[-1] == 429
    # Another resident behind the same proxy is not limited by the first one's attempts.
    assert login_attempts(client, "198.51.100.8", n=1) != [429]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_without_proxy_fix_the_forwarded_header_is_not_trusted(database_url):
    client = limited_client(database_url, hops=0)
    assert login_attempts(client, "198.51.100.7")[-1] == 429
    # A forged X-Forwarded-For does not get a client a fresh limit.
    assert login_attempts(client, "198.51.100.9", n=1) == [429]


def test_proxy_and_hsts_settings_come_from_the_environment(tmp_path):
    settings = config.load(str(tmp_path), {"SECRET_KEY": "x"},
                           environ={"PROXY_FIX_X_FOR": "1", "HSTS_SECONDS": "600"})
    assert settings["PROXY_FIX_X_FOR"] == 1 and settings["HSTS_SECONDS"] == 600
    assert config.load(str(tmp_path), {"SECRET_KEY": "x"}, environ={})["PROXY_FIX_X_FOR"] == 0


# No personal data in logs ------------------------------------------------------------------

ADDRESS = "Salainen katu 13 B 7, 90100 Oulu"


def test_failing_geocoder_logs_no_typed_address(app, caplog, monkeypatch):
    from web.geo import lookup, services

    class Broken:
        def geocode(self, text):
            raise RuntimeError(f"could not geocode {text!r}")

    monkeypatch.setattr(services, "geocoder", Broken)
    caplog.set_level(logging.DEBUG)
    with app.test_request_context("/"):
        lookup.lookup(ADDRESS)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "RuntimeError" in logged
    assert "Salainen" not in logged and not any(r.exc_info for r in caplog.records)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_unhandled_error_logs_the_class_and_stack_but_no_user_text(app, client, caplog):
    message = f"bad row: {ADDRESS}, matti@example.org, +358401234567"

    @app.get("/boom")
    def boom():  # a route added for this test only
        raise ValueError(message)

    boom.access = "public"
    caplog.set_level(logging.DEBUG)
    response = client.get("/boom")
    assert response.status_code == 500
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "ValueError" in logged and "in boom" in logged
    for secret in ("Salainen", "matti@", "1234567"):
        assert secret not in logged
    assert not any(r.exc_info for r in caplog.records)


# Templates and rendered pages --------------------------------------------------------------

BLOCKED = re.compile(r"""\sstyle\s*=|<style|\son[a-z]+\s*=|javascript:|<script(?![^>]*\bsrc=)""",
                     re.IGNORECASE)


def test_no_template_has_inline_styles_handlers_or_scripts():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in NOT_PAGES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if BLOCKED.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)


def test_legend_swatches_have_the_map_cell_colours():
    css = (TEMPLATES.parent / "static" / "geo" / "maps.css").read_text()
    for i, colour in enumerate(CELL_COLOURS):
        assert re.search(rf"\.swatch-{i} \{{ background: {colour}; \}}", css), colour


def test_the_markup_check_finds_what_the_policy_blocks():
    parser = Markup()
    parser.feed('<p style="color:red" onclick="x()"><a href="javascript:go()">a</a></p>'
                '<style>p{}</style><script>var a = 1;</script><script src="/s.js"></script>')
    assert len(parser.blocked) == 4 and parser.inline_scripts == ["var a = 1;"]


SKIP = ("/logout", "/static/", "lang=")
PER_KIND = 2  # pages of the same shape (ids apart) crawled at most


def crawl(client, start: list[str], limit: int = 400) -> dict[str, object]:
    """GET pages breadth first along links on this site; HTML responses by URL."""
    pages, seen, kinds = {}, set(start), {}
    queue = deque(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.mimetype != "text/html" or response.status_code >= 500:
            assert response.status_code < 500, url
            continue
        pages[url] = response
        for href in re.findall(r'href="(/[^"#]*)', response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            kind = re.sub(r"\d+", "N", urlsplit(href).path)
            if href in seen or any(s in href for s in SKIP) or kinds.get(kind, 0) >= PER_KIND:
                continue
            seen.add(href)
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(href)
    return pages


def start_pages(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
                  and not rule.endpoint.startswith("auth."))


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("role", ["steering_admin", "point_worker", "volunteer", None])
def test_crawled_pages_keep_to_the_policy(app, role):
    demo.load(now=utcnow())
    db.session.commit()
    client = app.test_client()
    if role is not None:
        email, password = demo.LOGINS[role]
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    pages = crawl(client, ["/login", *start_pages(app), "/no-such-page"])
    problems = {url: p for url, response in pages.items() if (p := csp_problems(response))}
    assert problems == {}
    for response in pages.values():
        assert_headers(response)
    ok = [url for url, response in pages.items() if response.status_code == 200]
    if role == "steering_admin":
        assert len(ok) > 60
        assert {"/staff/geo/map", "/staff/geo/coverage"} <= set(ok)
        assert any("'sha256-" in " ".join(directives(pages[url])["script-src"])
                   for url in ("/staff/geo/map", "/staff/geo/coverage"))
    adapter = app.url_map.bind("localhost")
    blueprints = {adapter.match(urlsplit(url).path, method="GET")[0].split(".")[0]
                  for url in ok}
    if role == "steering_admin":
        assert blueprints >= {"staff", "crisis", "geo", "people", "participation",
                              "indicators", "model_document", "dashboard"}
    if role is None:
        assert blueprints >= {"auth", "alerts", "public_requests", "feedback"}


def test_development_server_request_lines_carry_no_query(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    line = "GET /results?q=Kotikatu+5 HTTP/1.1"
    logging.getLogger("werkzeug").info('127.0.0.1 - - "%s" 200 -', line)
    assert "Kotikatu" not in caplog.text
    assert "GET /results?… HTTP/1.1" in caplog.text
