"""A new staff user in a real browser: log in, find their way with a keyboard, pages pass axe."""

import pytest

from network import demo

pytestmark = pytest.mark.browser


def log_in(page, live_server, role="steering_admin"):
    email, password = demo.LOGINS[role]
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/staff/**")


def test_login_page_passes_axe(page, live_server):
    from tests.browser.conftest import axe_violations, describe

    page.goto(f"{live_server.url}/login")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_admin_logs_in_with_keyboard_and_sees_overview(page, live_server):
    email, password = demo.LOGINS["steering_admin"]
    page.goto(f"{live_server.url}/login")
    page.keyboard.press("Tab")  # skip link first
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.locator("#email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert page.locator("h1").count() == 1
