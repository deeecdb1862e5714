"""People pages with data in a real Chromium: axe on every page, the dashboard at phone width,
certificates in three languages, and the public form's errors next to their fields."""

import pytest
from sqlalchemy import select

from crisis import demo
from network import accounts, volunteers
from network.models import (
    CourseParticipant,
    Meetup,
    MeetupAttendance,
    MeetupSeason,
    Role,
)
from tests import people_factories as pf
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_staff_pages import log_in
from web.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def people(live_app) -> dict[str, int]:
    """More volunteers, a meetup and requests in the demo database (once)."""
    with live_app.app_context():
        volunteer_user = accounts.find_by_email(demo.LOGINS[Role.VOLUNTEER.value][0])
        # The full demo gives the volunteer login a trained profile of its own.
        own = volunteers.volunteer_of(volunteer_user)
        pf.volunteer("Aada Samanarvoinen")
        pf.volunteer("Bertta Samanarvoinen")
        pf.volunteer("Uusi Kouluttamaton", trained=False)
        participant = db.session.scalar(select(CourseParticipant).where(
            CourseParticipant.volunteer_id == own.id, CourseParticipant.completed_on.is_not(None)))
        meetup = Meetup(season=MeetupSeason.AUTUMN, held_on=participant.completed_on,
                        title="Syystapaaminen")
        meetup.attendees.append(MeetupAttendance(volunteer_id=own.id))
        db.session.add(meetup)
        open_request = pf.support_request()
        assigned = pf.support_request(volunteer=own, starts_at=pf.next_weekday(3))
        db.session.commit()
        ids = {"volunteer_id": own.id, "course_id": participant.course_id,
               "participant_id": participant.id, "meetup_id": meetup.id,
               "open_id": open_request.id, "assigned_id": assigned.id}
        db.session.remove()
    return ids


def check(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert page.locator("h1").count() == 1, f"{url}: one h1"
    violations = axe_violations(page)
    assert violations == [], f"{url}: {describe(violations)}"


def test_coordinator_pages_with_data_pass_axe(page, live_server, people):
    log_in(page, live_server, "coordinator")
    base = live_server.url + "/staff"
    v, c = people["volunteer_id"], people["course_id"]
    for path in (f"/volunteers/{v}", f"/volunteers/{v}/edit", f"/volunteers/{v}/availability",
                 f"/volunteers/{v}/interview", f"/volunteers/{v}/leave",
                 f"/training/{c}", f"/training/{c}/participants/{people['participant_id']}"
                 "/certificate", f"/meetups/{people['meetup_id']}", "/checklists/",
                 f"/requests/{people['open_id']}", f"/requests/{people['open_id']}/match",
                 f"/requests/{people['assigned_id']}/access-log", "/requests/?show=assigned",
                 "/volunteers/", "/shift-requests/", "/debriefings/"):
        check(page, base + path)
    for lang in ("fi", "sv", "en"):
        check(page, f"{base}/volunteers/{v}/certificate?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang


def test_the_match_page_shows_ties_and_reasons(page, live_server, people):
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/staff/requests/{people['open_id']}/match?lang=en")
    rows = page.locator("tbody tr")
    assert rows.count() >= 4
    body = page.locator("tbody").inner_text()
    assert "(tie)" in body and "Has not completed the support person course" in body


def test_volunteer_pages_pass_axe(page, live_server, people):
    log_in(page, live_server, "volunteer")
    base = live_server.url + "/staff"
    for path in ("/me/assignments", f"/me/assignments/{people['assigned_id']}", "/me/debriefing",
                 f"/volunteers/{people['volunteer_id']}", "/checklists/"):
        check(page, base + path)


def test_the_dashboard_at_phone_width(browser, live_server, people):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server, "point_worker")
        page.goto(f"{live_server.url}/staff/dashboard/?lang=en")
        if page.locator(".dashboard").count() == 0:  # several points: the list comes first
            check(page, page.url)
            page.locator("main ul a").first.click()
            page.wait_for_load_state()
        point_url = page.url.split("?")[0]
        check(page, point_url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360 + 1, "no sideways scrolling on a phone"
        page.locator("#status").select_option("full")
        page.locator("form[action$='/status'] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".big-status .status-full").count() == 1
        check(page, point_url + "/visitors")
    finally:
        context.close()


def test_public_form_errors_sit_next_to_their_fields(page, live_server):
    for lang in ("fi", "sv", "en"):
        check(page, f"{live_server.url}/support/?lang={lang}")
    page.goto(f"{live_server.url}/support/?lang=en")
    page.locator("#client_name").fill("Kalle")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "The request is missing" in page.locator(".error-summary").inner_text()
    assert page.locator("#place").get_attribute("aria-invalid") == "true"
    assert page.locator("#place-error").is_visible()
    assert axe_violations(page) == []
