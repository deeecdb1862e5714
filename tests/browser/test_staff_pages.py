"""Staff pages in a real Chromium, as a new user meets them: keyboard, screen-reader basics, axe."""

import re

import pytest
from sqlalchemy import select

from network import demo
from network.models import Role, ServicePoint, WorkerPair
from tests.browser.conftest import axe_violations, describe
from tests.web.test_access import ACCESS
from web.extensions import db

pytestmark = pytest.mark.browser
SKIP_ENDPOINTS = {"static", "auth.login", "auth.logout"}
DOWNLOADS = (".csv", ".xml", ".atom", ".json")


def log_in(page, live_server, role: str) -> None:
    """Log in through the form, with the keyboard."""
    email, password = demo.LOGINS[role]
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    page.wait_for_load_state()
    assert "/login" not in page.url, "login failed"


def staff_urls(live_app, role: Role) -> list[str]:
    """Every GET page of the staff side a role may open, arguments filled from the demo."""
    with live_app.app_context():
        point = db.session.scalars(select(ServicePoint).order_by(ServicePoint.id)).first()
        pair = db.session.scalars(select(WorkerPair).order_by(WorkerPair.id)).first()
        ids = {"point_id": point.id, "pair_id": pair.id, "record_id": 1}
        urls = []
        for rule in live_app.url_map.iter_rules():
            if rule.endpoint in SKIP_ENDPOINTS or "GET" not in rule.methods:
                continue
            if rule.rule.endswith(DOWNLOADS) or not rule.rule.startswith("/staff"):
                continue
            if role not in ACCESS[rule.endpoint] or any(arg not in ids for arg in rule.arguments):
                continue
            urls.append(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(ids[m.group(1)]),
                               rule.rule))
    return sorted(urls)


def test_login_page_passes_axe_in_each_language(page, live_server):
    for lang in ("fi", "sv", "en"):
        page.goto(f"{live_server.url}/login?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        violations = axe_violations(page)
        assert violations == [], describe(violations)


def test_every_staff_page_passes_axe_for_an_admin(page, live_server, live_app):
    log_in(page, live_server, "steering_admin")
    checked = []
    for url in staff_urls(live_app, Role.STEERING_ADMIN):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1, f"{url}: one h1"
        violations = axe_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"
        checked.append(url)
    assert len(checked) >= 20, checked


def test_admin_uses_the_site_with_a_keyboard_only(page, live_server):
    email, password = demo.LOGINS["steering_admin"]
    page.goto(f"{live_server.url}/login")
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className")
    page.locator("#email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    # Reach "Organisations" in the navigation by tabbing, then open it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == \
                "/staff/organisations/":
            break
    else:
        pytest.fail("the Organisations link is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/organisations/")


def test_new_admin_adds_an_organisation_and_sees_errors_next_to_fields(page, live_server):
    log_in(page, live_server, "steering_admin")
    page.goto(f"{live_server.url}/staff/organisations/new")
    page.locator("#name").fill("")
    page.locator("#email").fill("not-an-email")
    page.locator("main button[type=submit]").click()
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    assert page.locator("#email-error").is_visible()
    assert page.locator(".error-summary").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.locator("#name").fill("<b>Kylätalo ry</b>")
    page.locator("#email").fill("kylatalo@example.org")
    page.locator("#kind").select_option("ngo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/staff/organisations/")
    assert page.get_by_role("cell", name="<b>Kylätalo ry</b>", exact=True).is_visible()


def test_point_worker_lands_on_own_points_and_changes_status(page, live_server):
    log_in(page, live_server, "point_worker")
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/mine/points" in page.url
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.locator("h1").count() == 1


def test_volunteer_sees_only_own_profile(page, live_server):
    log_in(page, live_server, "volunteer")
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/mine/profile" in page.url
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.goto(f"{live_server.url}/staff/points/").status == 403


@pytest.mark.parametrize("width", [320, 375])
def test_staff_pages_fit_a_phone(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        log_in(page, live_server, "coordinator")
        for path in ("/staff/", "/staff/points/"):
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways at {width}px by {overflow}px"
    finally:
        context.close()
