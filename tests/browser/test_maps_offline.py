"""Maps in a real Chromium with the internet unreachable: every request but localhost fails.

The map must still show its markers, controls and layers (only the background tiles are
missing), load nothing from any other host but the tile server, and show user text as text.
"""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from network import demo
from network.clock import utcnow
from network.models import ServicePoint
from tests.browser.conftest import axe_violations, describe
from web.extensions import db

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
TILE_HOSTS = {"tile.openstreetmap.org"}


def log_in(page, live_server, role="steering_admin"):
    email, password = demo.LOGINS[role]
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/staff/**")


def watch(page) -> tuple[list[str], list[str], list[str]]:
    """Collect requested URLs, page errors and dialogs (an alert would mean injected code)."""
    requests, errors, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return requests, errors, dialogs


def foreign_hosts(requests: list[str]) -> set[str]:
    hosts = {urlsplit(url).hostname for url in requests if url.startswith("http")}
    return hosts - {"127.0.0.1"}


def mapped_points(live_app) -> int:
    with live_app.app_context():
        found = db.session.scalar(select(func.count(ServicePoint.id)).where(
            ServicePoint.retired_at.is_(None), ServicePoint.latitude.is_not(None)))
        db.session.remove()
        return found


def test_network_map_shows_markers_and_controls_offline(page, live_server, live_app):
    requests, errors, dialogs = watch(page)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/staff/geo/map")
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == mapped_points(live_app)
    zoom_in = page.locator(".leaflet-control-zoom-in")
    assert zoom_in.is_visible() and page.locator(".leaflet-control-zoom-out").is_visible()
    # The map's opening zoom animation ignores clicks while it runs.
    page.wait_for_function(
        "() => !ApuMaps.get(document.querySelector('.apu-map').id)._animatingZoom")
    before = page.evaluate("() => ApuMaps.get(document.querySelector('.apu-map').id).getZoom()")
    zoom_in.click()
    # Waits for the zoom to settle instead of a fixed pause (slow under load).
    page.wait_for_function(
        "want => ApuMaps.get(document.querySelector('.apu-map').id).getZoom() === want",
        arg=before + 1)
    # A keyboard user reaches a marker and opens its popup.
    markers.first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .apu-popup")
    popup.wait_for()
    assert popup.locator("dt").count() >= 4 and popup.locator("a").count() == 1
    assert foreign_hosts(requests) <= TILE_HOSTS
    assert not any("/static/vendor/" not in url and url.endswith(".js")
                   and "127.0.0.1" not in url for url in requests)
    assert errors == [] and dialogs == []


def test_a_name_with_markup_shows_as_text(page, live_server, live_app):
    with live_app.app_context():
        point = ServicePoint(external_id="xss-test", name=XSS, kind="other", latitude=65.02,
                             longitude=25.46)
        db.session.add(point)
        db.session.commit()
        point_id = point.id
        db.session.remove()
    try:
        requests, errors, dialogs = watch(page)
        log_in(page, live_server)
        page.goto(f"{live_server.url}/staff/geo/map")
        marker = page.locator(f'.leaflet-marker-icon[aria-label^="{XSS}"]')
        marker.wait_for()
        popup = page.locator(".leaflet-popup-content .apu-popup")
        # Leaflet's own click handler, so a neighbouring marker or a running zoom animation
        # cannot take the click.
        marker.dispatch_event("click")
        popup.wait_for()
        assert popup.locator(".apu-popup-title").inner_text() == XSS
        assert page.locator(".leaflet-popup-content img, .apu-map img[src='x']").count() == 0
        assert dialogs == [] and errors == []
    finally:
        with live_app.app_context():
            db.session.get(ServicePoint, point_id).retired_at = utcnow()
            db.session.commit()
            db.session.remove()


def test_coverage_page_draws_cells_gaps_and_sites_offline(page, live_server):
    requests, errors, dialogs = watch(page)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/staff/geo/coverage")
    page.locator(".apu-marker-gap").first.wait_for()
    assert page.locator(".leaflet-marker-icon.apu-marker-site").count() >= 1
    assert page.locator(".leaflet-control-layers").is_visible()
    assert page.locator("canvas.leaflet-tile").count() >= 1  # the uncovered population layer
    link = page.locator("a[data-map-zoom]").first
    link.click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-container')")
    assert foreign_hosts(requests) <= TILE_HOSTS
    assert errors == [] and dialogs == []


@pytest.mark.parametrize("path", ["/staff/geo/map", "/staff/geo/coverage"])
def test_map_pages_pass_axe(page, live_server, path):
    log_in(page, live_server)
    page.goto(f"{live_server.url}{path}")
    page.locator(".leaflet-marker-icon").first.wait_for()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
