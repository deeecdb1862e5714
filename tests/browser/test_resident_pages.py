"""The resident site in a real Chromium: axe in every language, keyboard only, small screens,
no JavaScript, and the map with the internet unreachable (only localhost answers)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from flask_migrate import upgrade

from network import demo
from network.clock import utcnow
from tests.browser.conftest import LiveServer, axe_violations, describe
from tests.web.resident_helpers import XSS, open_point
from web import create_app
from web.extensions import db

pytestmark = pytest.mark.browser
LANGUAGES = ("fi", "sv", "en")


@pytest.fixture(scope="module")
def resident(tmp_path_factory):
    """The demo network plus three points open around the clock (one named like an attack)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('resident') / 'resident.sqlite'}"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "RESIDENT_SEARCH_RATE_LIMIT": "1000 per minute"})
    with app.app_context():
        upgrade()
        demo.load(now=utcnow())
        ids = [open_point(name, lat, lon, street_address="Kemintie 6", postal_code="90500",
                          city="Oulu", languages=["fi", "sv"]).id
               for name, lat, lon in (("Tuiran yöpiste", 65.0262, 25.4707),
                                      ("Toppilan yöpiste", 65.035, 25.445),
                                      (XSS, 65.03, 25.48))]
        db.session.commit()
        db.session.remove()
    with LiveServer(app) as server:
        server.point_ids = ids
        yield server


def pages_of(server) -> list[str]:
    return ["/", "/results?q=Tuira", f"/points/{server.point_ids[0]}", "/list",
            "/results?q=Qwertyville"]


def watch(page):
    errors, dialogs = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return errors, dialogs


def wait_for_map(page):
    if page.locator("#resident-map").count():
        page.wait_for_selector("#resident-map[data-ready]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_passes_axe_in_each_language(page, resident, lang):
    errors, _dialogs = watch(page)
    for path in pages_of(resident):
        separator = "&" if "?" in path else "?"
        page.goto(f"{resident.url}{path}{separator}lang={lang}")
        wait_for_map(page)
        assert page.locator("html").get_attribute("lang") == lang
        violations = axe_violations(page)
        assert not violations, f"{path} ({lang}): {describe(violations)}"
    assert not errors


def test_keyboard_only_search_results_and_a_point(page, resident):
    page.goto(f"{resident.url}/?lang=en")
    for _ in range(30):  # Tab from the top of the page to the search field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("Tuira")
    page.keyboard.press("Enter")
    page.wait_for_url("**/results?**")
    assert page.locator("ol.results li").count() >= 2
    # Move through the results with Tab: each point's link gets focus, visibly.
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            return {text: e.textContent, inResult: !!e.closest('ol.results h3'),
                    outline: getComputedStyle(e).outlineStyle}; }""")
        if focused["inResult"]:
            reached.append(focused["text"])
            assert focused["outline"] != "none"
        if len(reached) == 2:
            break
    assert len(reached) == 2 and reached[0] == "Tuiran yöpiste"
    page.keyboard.press("Enter")
    page.wait_for_url("**/points/*")
    assert page.locator("h1").inner_text() == reached[1]


@pytest.mark.parametrize("width", [320, 640])  # 640 px is a 1280 px window at 200% zoom
def test_no_horizontal_scroll_on_small_screens_and_at_200_percent(browser, resident, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("http://127.0.0.1") else route.abort())
    page = context.new_page()
    try:
        for path in pages_of(resident):
            page.goto(f"{resident.url}{path}")
            wait_for_map(page)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_without_javascript_the_search_returns_the_list(browser, resident):
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{resident.url}/")
        assert not page.locator("[data-map-box]").is_visible()
        page.locator("#q").fill("Tuira")
        page.locator("#q").press("Enter")
        page.wait_for_url("**/results?**")
        names = page.locator("ol.results h3").all_inner_texts()
        assert "Tuiran yöpiste" in names
    finally:
        context.close()


def test_the_map_shows_markers_with_no_internet_and_names_as_text(page, resident):
    errors, dialogs = watch(page)
    tiles = []
    page.on("requestfailed", lambda request: tiles.append(request.url))
    page.goto(f"{resident.url}/?lang=en")
    page.wait_for_selector("#resident-map[data-ready]")
    expected = len(page.request.get(f"{resident.url}/map/points.json").json()["points"])
    markers = page.locator("#resident-map .apu-marker")
    assert expected >= 3 and markers.count() == expected
    page.locator(f'#resident-map .apu-marker[aria-label^="{XSS}"]').click()
    popup = page.locator(".leaflet-popup-content .apu-popup-title")
    assert popup.inner_text() == XSS
    assert page.locator("img[src='x']").count() == 0
    assert not dialogs and not errors
    assert any("tile.openstreetmap.org" in url for url in tiles)  # tiles only are missing
    # The results page draws its list on the map, with the searched place.
    page.goto(f"{resident.url}/results?q=Tuira")
    page.wait_for_selector("#resident-map[data-ready]")
    shown = page.locator("ol.results li").count()
    assert page.locator("#resident-map .apu-marker").count() == shown + 1


def test_use_my_location_and_a_click_on_the_map_search_there(browser, resident):
    context = browser.new_context(geolocation={"latitude": 65.0262, "longitude": 25.4707},
                                  permissions=["geolocation"], locale="en-GB")
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("http://127.0.0.1") else route.abort())
    page = context.new_page()
    try:
        page.goto(f"{resident.url}/")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url("**/results?**")
        query = parse_qs(urlsplit(page.url).query)
        assert query["lat"] == ["65.02620"] and query["lon"] == ["25.47070"]
        assert page.locator("ol.results h3").first.inner_text() == "Tuiran yöpiste"
        page.goto(f"{resident.url}/")
        page.wait_for_selector("#resident-map[data-ready]")
        area = page.locator("#resident-map")
        area.scroll_into_view_if_needed()
        area.click(position={"x": 10, "y": area.bounding_box()["height"] - 40})
        page.wait_for_url("**/results?**lat=**")
        assert page.locator("ol.results li, .message").count() >= 1
    finally:
        context.close()
