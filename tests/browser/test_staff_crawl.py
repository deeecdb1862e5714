"""Every GET route, for every role that may open it, in a real Chromium over the full demo:
no server error, and axe finds no WCAG 2.1 A/AA violation. A GET route that is neither visited
nor skipped below with a reason fails the test, so a new page cannot escape the check."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from crisis import demo, operations, subscriptions
from crisis.models import Activation, PlanRow, Scenario
from network import accounts, candidate_sites
from network.clock import utcnow
from network.models import (
    CandidateSite,
    ClientPanel,
    CourseParticipant,
    DiscussionEvent,
    ExperienceExpert,
    Meetup,
    RequestStatus,
    Role,
    ServicePoint,
    SupportRequest,
    Survey,
    TrainingCourse,
    Volunteer,
    VolunteerChecklist,
    WorkerPair,
)
from tests.browser.conftest import LiveServer, axe_violations, describe
from tests.web.test_access import ACCESS
from web import create_app
from web.alerts.messages import my_data_token, secret_key
from web.auth.access import PUBLIC
from web.extensions import db

pytestmark = pytest.mark.browser

ANONYMOUS = "anonymous"
ROLES = (Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER, Role.VOLUNTEER)
WHO = (ANONYMOUS, *(r.value for r in ROLES))
# Routes not crawled here, each with the reason.
SKIPPED = {
    "static": "files, not pages",
    "auth.logout": "ends the session the crawl runs in",
    "alerts.cap_alert": "needs a published CAP alert: the steering end-to-end test fetches one",
}
# Not HTML: fetched for a status below 500, not run through axe.
DOWNLOADS = (".csv", ".xml", ".atom", ".json", ".pdf")
PLAIN = {"health.healthz"}  # text/plain for load balancers
# Statuses a page is meant to answer with here, and why (the page shown is checked too):
# links with a wrong secret on purpose; the activate page while the crawl's exercise runs.
EXPECTED_STATUS = {"alerts.confirm": 404, "feedback.invitation": 404, "crisis.activate": 409}
# HTML fragments the resident site embeds: checked without the rules about a whole document.
FRAGMENTS = {"alerts.notice_fragment"}
DOCUMENT_RULES = {"document-title", "html-has-lang", "landmark-one-main", "page-has-heading-one",
                  "region"}


def _first(model, *where):
    return db.session.scalar(select(model.id).where(*where).order_by(model.id).limit(1))


@pytest.fixture(scope="module")
def crawl_app(tmp_path_factory):
    """The app over its own full demo, with an exercise running and a crawl-only subscriber."""
    url = f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'crawl.sqlite'}"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "LOGIN_RATE_LIMIT": "1000 per minute"})
    with app.app_context(), app.test_request_context():
        upgrade()
        now = utcnow()
        demo.load(now=now)
        admin = accounts.find_by_email(demo.LOGINS["steering_admin"][0])
        scenario = db.session.scalar(select(Scenario).order_by(Scenario.id))
        operations.activate(scenario, actor=admin, reason="Harjoitus", exercise=True,
                            now=now - timedelta(hours=1))
        candidate_sites.save_site(CandidateSite(), {"name": "Kaijonharjun kirjasto",
                                                    "latitude": 65.0599, "longitude": 25.4805})
        choices = subscriptions.Choices("fi", None, None, "crawl")
        sub, secret = subscriptions.subscribe(subscriptions.Channel.EMAIL, "crawl@example.org",
                                              choices, key=secret_key(), now=now)
        subscriptions.confirm_link(sub.token, secret, key=secret_key(), now=now)
        app.config["CRAWL_IDS"] = _ids(sub)
        db.session.commit()
        db.session.remove()
    return app


def _ids(sub) -> dict[str, dict[str, object]]:
    """URL arguments per role from the demo (the volunteer's own profile and assignments)."""
    volunteer_user = accounts.find_by_email(demo.LOGINS["volunteer"][0])
    own = db.session.scalar(select(Volunteer).where(Volunteer.user_id == volunteer_user.id))
    own_request = _first(SupportRequest, SupportRequest.volunteer_id == own.id)
    assigned = _first(SupportRequest, SupportRequest.status == RequestStatus.ASSIGNED)
    closed = db.session.scalar(select(SupportRequest).where(
        SupportRequest.status == RequestStatus.CLOSED))
    course = db.session.scalar(select(TrainingCourse).order_by(TrainingCourse.id))
    participant = _first(CourseParticipant, CourseParticipant.volunteer_id == own.id)
    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    panel = db.session.scalar(select(ClientPanel).order_by(ClientPanel.id))
    point_worker = accounts.find_by_email(demo.LOGINS["point_worker"][0])
    own_point = db.session.scalar(
        select(ServicePoint.id).join(WorkerPair).where(WorkerPair.point_id == ServicePoint.id)
        .where(WorkerPair.workers.any(user_id=point_worker.id)).order_by(ServicePoint.id))
    common = {
        "point_id": own_point, "pair_id": _first(WorkerPair, WorkerPair.point_id == own_point),
        "record_id": 1, "scenario_id": _first(Scenario), "row_id": _first(PlanRow),
        "activation_id": _first(Activation), "checklist_id": _first(VolunteerChecklist),
        "event_id": _first(DiscussionEvent), "expert_id": _first(ExperienceExpert),
        "survey_id": survey.id, "question_id": survey.questions[0].id, "panel_id": panel.id,
        "meeting_id": panel.meetings[0].id, "panel_member_id": panel.members[0].id,
        "site_id": _first(CandidateSite), "course_id": course.id,
        "session_id": course.sessions[0].id, "participant_id": participant,
        "meetup_id": _first(Meetup), "volunteer_id": own.id, "request_id": assigned,
        "language": "fi", "key": "coordination", "slug": survey.slug,
        "token": closed.feedback_token, "code": "wrong-code", "signed": my_data_token(sub),
    }
    return {
        "default": common,
        # The volunteer opens their own assignment; the unsubscribe link is the crawl's own.
        Role.VOLUNTEER.value: common | {"request_id": own_request},
        ANONYMOUS: common | {"token": closed.feedback_token},
        "alerts.unsubscribe": {"token": sub.token},
        "alerts.confirm": {"token": sub.token},
        "feedback.invitation": {"token": "not-a-real-invitation"},
    }


@pytest.fixture(scope="module")
def crawl_server(crawl_app) -> Iterator[LiveServer]:
    with LiveServer(crawl_app) as server:
        yield server


def _url(rule, ids: dict[str, dict[str, object]], who: str) -> str:
    values = ids["default"] | ids.get(who, {}) | ids.get(rule.endpoint, {})
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _routes(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods),
                  key=lambda r: r.rule)


def _may_open(endpoint: str, who: str) -> bool:
    """Whether `who` may open the route (public pages are crawled once, anonymously)."""
    allowed = ACCESS[endpoint]
    if allowed == PUBLIC:
        return who == ANONYMOUS
    return who != ANONYMOUS and Role(who) in allowed


def _log_in(page, server, role: str) -> None:
    email, password = demo.LOGINS[role]
    page.goto(f"{server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{role}: login failed"


def crawl_plan(app) -> dict[str, list[tuple[str, str]]]:
    """The (endpoint, URL) pairs each of anonymous and the four roles opens."""
    ids = app.config["CRAWL_IDS"]
    plan: dict[str, list[tuple[str, str]]] = {who: [] for who in WHO}
    for rule in _routes(app):
        if rule.endpoint in SKIPPED:
            continue
        for who in WHO:
            if _may_open(rule.endpoint, who):
                plan[who].append((rule.endpoint, _url(rule, ids, who)))
    return plan


def _check(page, server, endpoint: str, path: str) -> list[str]:
    """Open one page; the problems found (a status of 400 or more, axe violations)."""
    url = server.url + path
    if path.endswith(DOWNLOADS) or endpoint in PLAIN:
        status = page.request.get(url).status
        return [f"{url}: {status}"] if status >= 400 else []
    response = page.goto(url)
    status = response.status if response else 0
    problems = []
    if status >= 400 and EXPECTED_STATUS.get(endpoint) != status:
        problems.append(f"{url}: {status}")
    violations = [v for v in axe_violations(page)
                  if endpoint not in FRAGMENTS or v["id"] not in DOCUMENT_RULES]
    if violations:
        problems.append(f"{url}: {describe(violations)}")
    return problems


@pytest.mark.parametrize("who", WHO)
def test_every_page_a_role_may_open_passes_axe(page, crawl_server, crawl_app, who):
    if who != ANONYMOUS:
        _log_in(page, crawl_server, who)
    pages = crawl_plan(crawl_app)[who]
    assert pages
    problems = [p for endpoint, path in pages for p in _check(page, crawl_server, endpoint, path)]
    assert not problems, "\n".join(problems)


def test_no_get_route_escapes_the_crawl(crawl_app):
    crawled = {endpoint for pages in crawl_plan(crawl_app).values() for endpoint, _ in pages}
    missed = [r.rule for r in _routes(crawl_app)
              if r.endpoint not in crawled and r.endpoint not in SKIPPED]
    assert missed == [], f"GET routes neither crawled nor skipped with a reason: {missed}"
