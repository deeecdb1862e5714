"""Participation pages with data in a real Chromium: axe on the public feedback and survey
pages and on the staff pages with records, and the feedback form with the keyboard only."""


import pytest
from sqlalchemy import select

from network import feedback
from network.clock import today
from network.models import Role, ServicePoint, Survey, User
from network.reporting import Period
from tests import participation_factories as partf
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_staff_pages import log_in
from web.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def records(live_app) -> dict[str, int]:
    """A survey, a panel with a meeting, an expert and an event in the demo database (once)."""
    with live_app.app_context():
        coordinator = db.session.scalar(select(User).where(User.role == Role.COORDINATOR))
        ids = partf.sample_participation({Role.COORDINATOR: coordinator})
        survey = db.session.get(Survey, ids["survey_id"])
        ids["slug"] = survey.slug
        ids["point_id"] = db.session.scalar(select(ServicePoint.id).order_by(ServicePoint.id))
        db.session.commit()
        db.session.remove()
    return ids


def check(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert page.locator("h1").count() == 1, f"{url}: one h1"
    violations = axe_violations(page)
    assert violations == [], f"{url}: {describe(violations)}"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_public_pages_pass_axe(page, live_server, records, lang):
    base = live_server.url
    for path in ("/feedback/", f"/feedback/point/{records['point_id']}",
                 f"/survey/{records['slug']}", "/feedback/thanks"):
        check(page, f"{base}{path}?lang={lang}")


def test_staff_pages_with_records_pass_axe(page, live_server, records):
    log_in(page, live_server, "coordinator")
    base = f"{live_server.url}/staff"
    for path in (f"/surveys/{records['survey_id']}", f"/panels/{records['panel_id']}",
                 f"/panels/{records['panel_id']}/meetings/{records['meeting_id']}",
                 f"/experts/{records['expert_id']}",
                 f"/discussion-events/{records['event_id']}/edit",
                 f"/feedback/posters/{records['point_id']}"):
        check(page, base + path)


def test_feedback_with_the_keyboard_only(page, live_server, live_app, records):
    page.goto(f"{live_server.url}/feedback/point/{records['point_id']}?lang=en")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "score":
            break
    page.keyboard.press("ArrowRight")  # from score 1 to score 2 in the radio group
    page.keyboard.press("Tab")
    page.keyboard.type("Hyvä palvelu näppäimistöllä")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/feedback/thanks"), page.locator("main").inner_text()[:800]
    with live_app.app_context():
        rows = feedback.rows_in(Period.last_months(today(), 1))
        assert any(r.comment == "Hyvä palvelu näppäimistöllä" for r in rows)
