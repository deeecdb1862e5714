"""The Content Security Policy in a real Chromium: staff pages and maps work with no violation.

Every `securitypolicyviolation` event and every console message about the policy is
collected; the maps must still draw their markers (their generated scripts are allowed by
hash, Leaflet and the app's map script come from this site).
"""

import pytest

from tests.browser.test_maps_offline import log_in, mapped_points

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                               sample: event.sample, source: event.sourceFile});
});
"""
PAGES = ["/staff/", "/staff/points/", "/staff/crisis/", "/staff/crisis/audit",
         "/staff/geo/population/", "/staff/geo/candidates/", "/staff/indicators/",
         "/staff/model-document/", "/staff/volunteers/", "/staff/dashboard/"]


def watch(page) -> list[str]:
    """Console messages about the Content Security Policy."""
    messages: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: messages.append(message.text)
            if "Content Security Policy" in message.text else None)
    return messages


def violations(page) -> list[dict]:
    return page.evaluate("() => window.__cspViolations")


def test_staff_maps_render_their_markers_without_violations(page, live_server, live_app):
    console = watch(page)
    log_in(page, live_server)
    response = page.goto(f"{live_server.url}/staff/geo/map")
    assert "'sha256-" in response.headers["content-security-policy"]
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == mapped_points(live_app)
    markers.first.focus()
    page.keyboard.press("Enter")  # a popup is built by the app's script, as DOM nodes
    page.locator(".leaflet-popup-content .apu-popup").wait_for()
    assert violations(page) == []

    page.goto(f"{live_server.url}/staff/geo/coverage")
    page.locator("#coverage-map .leaflet-marker-icon").first.wait_for()
    assert page.locator("#coverage-map .leaflet-marker-icon").count() >= 1
    assert page.locator("#coverage-map canvas").count() >= 1  # the uncovered cells
    assert page.locator(".leaflet-control-layers").is_visible()
    page.locator("a[data-map-zoom]").first.click()  # the table's links move the map
    assert violations(page) == []
    assert console == []


def test_staff_pages_have_no_violations(page, live_server):
    console = watch(page)
    log_in(page, live_server)
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(page) == [], path
    assert console == []


def test_the_policy_is_enforced(page, live_server):
    """An injected style attribute and inline script are refused (and seen by the listener)."""
    console = watch(page)
    page.goto(f"{live_server.url}/login")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML("beforeend", '<p id="x" style="color: red">x</p>');
        const script = document.createElement("script");
        script.textContent = "window.__ran = true;";
        document.body.appendChild(script);
    }""")
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    directives = {v["directive"] for v in violations(page)}
    assert directives == {"style-src-attr", "script-src-elem"}
    assert page.evaluate("() => window.__ran === undefined")
    assert page.evaluate("() => getComputedStyle(document.getElementById('x')).color") != (
        "rgb(255, 0, 0)")
    assert console != []
