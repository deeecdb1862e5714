"""Participation pages: anonymous feedback (nothing identifying stored or logged), QR posters,
surveys through their links, results only for groups of five, panels, experts, events."""

import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import String, Text, func, select

from network import feedback as network_feedback
from network import surveys
from network.clock import today, utcnow
from network.models import (
    ClientPanel,
    DiscussionEvent,
    ExperienceExpert,
    Feedback,
    PanelRole,
    RequestStatus,
    Role,
    SurveyInvitation,
    SurveyResponse,
)
from tests import factories
from tests import participation_factories as partf
from tests import people_factories as pf
from tests.conftest import _clean, login, make_app
from web.extensions import db

ADDRESS = "203.0.113.77"
BROWSER = "Tunnistettava-selain/9.9"


def every_text_value() -> list[str]:
    """Every text value stored in every table (to look for an address or a browser name)."""
    db.session.rollback()
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            for row in db.session.execute(select(*columns)):
                found += [str(v) for v in row if v is not None]
    return found


def test_anonymous_feedback_stores_and_logs_nothing_identifying(app, client, caplog):
    point = factories.point()
    db.session.commit()
    caplog.set_level(logging.DEBUG)
    response = client.post(f"/feedback/point/{point.id}?lang=sv",
                           data={"score": "4", "comment": "Bra service"},
                           environ_base={"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": BROWSER},
                           headers={"X-Forwarded-For": ADDRESS})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/feedback/thanks")
    row = db.session.scalar(select(Feedback))
    assert (row.point_id, row.score, row.comment, row.language) == (point.id, 4, "Bra service",
                                                                   "sv")
    values = every_text_value()
    assert not [v for v in values if ADDRESS in v or BROWSER in v]
    assert not [r for r in caplog.records if ADDRESS in r.getMessage()
                or BROWSER in r.getMessage()]


def test_a_logged_in_user_is_not_tied_to_their_feedback(app, client, users):
    login(client, users[Role.COORDINATOR])
    assert client.post("/feedback/", data={"score": "2"}).status_code == 302
    columns = {c.name for c in Feedback.__table__.columns}
    assert not {"user_id", "ip", "address", "user_agent", "created_at"} & columns
    assert db.session.scalar(select(Feedback)).point_id is None


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_feedback_form_in_each_language(client, lang):
    page = client.get(f"/feedback/?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page and page.count("<h1>") == 1
    assert "<legend>" in page and 'for="comment"' in page and 'type="radio"' in page


def test_empty_or_bad_feedback_is_refused(app, client):
    response = client.post("/feedback/?lang=en", data={})
    assert response.status_code == 400
    assert "Choose a score or write a comment." in response.get_data(as_text=True)
    assert client.post("/feedback/", data={"score": "9"}).status_code == 400
    assert client.post("/feedback/", data={"comment": "x" * 2001}).status_code == 400
    assert db.session.scalar(select(func.count(Feedback.id))) == 0


def test_a_retired_or_unknown_point_takes_no_feedback(app, client):
    point = factories.point(retired_at=utcnow())
    db.session.commit()
    assert client.get(f"/feedback/point/{point.id}").status_code == 404
    assert client.get("/feedback/point/9999").status_code == 404


@pytest.fixture
def strict_app(database_url) -> Iterator[Flask]:
    """CSRF on and a low rate limit, as a deployment might set it."""
    app = make_app(database_url, WTF_CSRF_ENABLED=True, FEEDBACK_RATE_LIMIT="2 per minute")
    with app.app_context():
        yield app
    _clean(app)


def test_csrf_and_rate_limit(strict_app):
    client = strict_app.test_client()
    assert client.post("/feedback/", data={"score": "5"}).status_code == 400
    page = client.get("/feedback/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    statuses = [client.post("/feedback/", data={"score": "5", "csrf_token": token}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert db.session.scalar(select(func.count(Feedback.id))) == 2


def test_the_qr_poster_points_at_the_feedback_page(app, client, users):
    app.config["SITE_URL"] = "https://apu.example.fi/"
    point = factories.point()
    other = factories.point("Toinen piste")
    factories.pair(point, user=users[Role.POINT_WORKER])
    db.session.commit()
    login(client, users[Role.POINT_WORKER])
    page = client.get(f"/staff/feedback/posters/{point.id}").get_data(as_text=True)
    assert f"https://apu.example.fi/feedback/point/{point.id}" in page
    assert "<svg" in page and 'role="img"' in page and 'lang="sv"' in page
    assert client.get(f"/staff/feedback/posters/{other.id}").status_code == 403
    listing = client.get("/staff/feedback/posters/").get_data(as_text=True)
    assert point.name in listing and other.name not in listing


def test_results_show_only_groups_of_five(app, client, users):
    big, small = factories.point("Iso piste"), factories.point("Pieni piste")
    medium = factories.point("Keskikokoinen piste")
    day = today()
    for n in range(6):
        network_feedback.give(point=big, score=4, comment=f"Hyvä {n}", language="fi", today=day)
    for n in range(5):  # hidden too, so that the small point's one answer stays hidden
        network_feedback.give(point=medium, score=3, comment=None, language="fi", today=day)
    network_feedback.give(point=small, score=1, comment="Salainen valitus", language="fi",
                          today=day)
    db.session.commit()
    login(client, users[Role.COORDINATOR])
    page = client.get("/staff/feedback/?lang=en").get_data(as_text=True)
    assert "4.00" in page and "Hyvä 3" in page and "3.00" not in page
    assert "fewer than 5 answers" in page and "Salainen valitus" not in page
    bad = client.get("/staff/feedback/?start=2026-05-01&end=2026-01-01&lang=en")
    assert bad.status_code == 400 and "The end cannot be before the start." in bad.get_data(
        as_text=True)


def answers(survey, scale="4"):
    data = {}
    for q in survey.questions:
        data[f"q{q.id}"] = {"scale": scale, "yes_no": "yes", "text": "Kiitos"}[q.kind.value]
    return data


def test_a_survey_from_creation_to_results(app, client, users):
    login(client, users[Role.COORDINATOR])
    response = client.post("/staff/surveys/new", data={
        "kind": "professional", "audience": "client", "title_fi": "Ammattilaiskysely",
        "title_en": "Professional survey"})
    assert response.status_code == 302
    survey = db.session.scalar(select(surveys.Survey))
    assert survey.audience.value == "professional" and len(survey.questions) == 5
    own = client.post(f"/staff/surveys/{survey.id}/questions/new", data={
        "kind": "yes_no", "text_fi": "Onko yhteistyö sujunut?", "required": "y"})
    assert own.status_code == 302
    anonymous = app.test_client()
    page = anonymous.get(f"/survey/{survey.slug}?lang=en").get_data(as_text=True)
    assert "Professional survey" in page and "Onko yhteistyö sujunut?" in page
    refused = anonymous.post(f"/survey/{survey.slug}?lang=en", data={"anonymous": "y"})
    assert refused.status_code == 400 and "Answer this question." in refused.get_data(
        as_text=True)
    for _ in range(4):
        done = anonymous.post(f"/survey/{survey.slug}", data=answers(survey) | {
            "anonymous": "y", "name": "Nimi Näkyy"})
        assert done.status_code == 302
    db.session.expire_all()
    assert all(r.respondent_name is None for r in db.session.scalars(select(SurveyResponse)))
    results = client.get(f"/staff/surveys/{survey.id}?lang=en").get_data(as_text=True)
    assert "fewer than 5 answers" in results and "Kiitos" not in results
    anonymous.post(f"/survey/{survey.slug}", data=answers(survey, "2") | {"anonymous": "y"})
    results = client.get(f"/staff/surveys/{survey.id}?lang=en").get_data(as_text=True)
    assert "Mean 3.60 on a scale from 1 to 5" in results and "Kiitos" in results
    client.post(f"/staff/surveys/{survey.id}/accepting")
    assert anonymous.get(f"/survey/{survey.slug}").status_code == 404


def test_a_named_answer_is_kept_with_the_name(app, client):
    survey = partf.survey(audience="volunteer")
    db.session.commit()
    client.post(f"/survey/{survey.slug}", data=answers(survey) | {"name": "Vilja", "contact":
                                                                  "vilja@example.org"})
    response = db.session.scalar(select(SurveyResponse))
    assert not response.anonymous and response.respondent_name == "Vilja"


def test_the_clients_visit_link(app, client):
    visit = pf.support_request(status=RequestStatus.CLOSED, feedback_token="asiakas-123")
    db.session.commit()
    page = client.get("/feedback/asiakas-123?lang=en").get_data(as_text=True)
    assert "How satisfied are you with the support you got?" in page
    survey = db.session.scalar(select(surveys.Survey))
    assert client.post("/feedback/asiakas-123", data=answers(survey) | {
        "anonymous": "y"}).status_code == 302
    db.session.expire_all()
    assert visit.feedback_token is None
    assert db.session.scalar(select(SurveyResponse)).support_request_id is None
    assert client.get("/feedback/asiakas-123").status_code == 404
    assert client.get("/feedback/unknown-token").status_code == 404


def test_a_one_time_invitation(app, client, users):
    survey = partf.survey(audience="professional", title="Ammattilaispalaute")
    visit = pf.support_request(status=RequestStatus.CLOSED, closed_at=utcnow())
    db.session.commit()
    login(client, users[Role.COORDINATOR])
    detail = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    assert f"#{visit.id}" in detail and "Kalle" not in detail  # no client details listed
    page = client.post(f"/staff/surveys/{survey.id}/invite",
                       data={"request_id": str(visit.id)}).get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/survey/invitation/[^"]+)"', page).group(1)
    path = link.split("127.0.0.1:5000", 1)[-1]
    anonymous = app.test_client()
    assert anonymous.post(path, data=answers(survey) | {"anonymous": "y"}).status_code == 302
    assert db.session.scalar(select(SurveyInvitation)).used
    assert anonymous.get(path).status_code == 404


def test_panel_rules_on_the_page(app, client, users):
    panel = partf.panel(members=9)
    db.session.commit()
    login(client, users[Role.COORDINATOR])
    page = client.get(f"/staff/panels/{panel.id}?lang=en").get_data(as_text=True)
    assert "The panel has 9 members; the model asks for at least 10." in page
    assert "Aikuissosiaalityö" in page and "Asumisneuvonta" in page
    response = client.post(f"/staff/panels/{panel.id}/members/new?lang=en", data={
        "name": "Uusi Puheenjohtaja", "service": "Päihdepalvelut", "role": "chair",
        "joined_on": "2026-02-01"})
    assert response.status_code == 302
    page = client.get(f"/staff/panels/{panel.id}?lang=en").get_data(as_text=True)
    assert "Chair handed over from Raatilainen 1 to Uusi Puheenjohtaja." in page
    assert "Warning:" not in page
    chairs = [m for m in db.session.get(ClientPanel, panel.id).members
              if m.role == PanelRole.CHAIR]
    assert [m.name for m in chairs] == ["Uusi Puheenjohtaja"]
    bad = client.post(f"/staff/panels/{panel.id}/members/new", data={"name": "X"})
    assert bad.status_code == 400


def test_meeting_agenda_and_minutes(app, client, users):
    panel = partf.panel(members=3)
    db.session.commit()
    login(client, users[Role.COORDINATOR])
    response = client.post(f"/staff/panels/{panel.id}/meetings/new",
                           data={"held_on": "2026-04-01", "place": "Tupa"})
    db.session.expire_all()
    meeting = db.session.get(ClientPanel, panel.id).meetings[0]
    assert response.status_code == 302
    member = db.session.get(ClientPanel, panel.id).members[0]
    url = f"/staff/panels/{panel.id}/meetings/{meeting.id}"
    assert client.post(f"{url}/topics", data={"topic": "Aukioloajat", "source": "member",
                                              "member_id": str(member.id)}).status_code == 302
    assert client.post(f"{url}/topics", data={"topic": "Budjetti", "source": "organisation",
                                              "proposed_by": "Kaupunki"}).status_code == 302
    refused = client.post(f"{url}/topics?lang=en", data={"topic": "X", "source": "member"})
    assert refused.status_code == 400
    assert "Choose the member who brought the topic." in refused.get_data(as_text=True)
    assert client.post(f"{url}/minutes", data={"minutes": "Sovittiin."}).status_code == 302
    page = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert "From a panel member" in page and "From the organisation" in page
    assert member.name in page and "Sovittiin." in page


def test_experts_and_events(app, client, users):
    login(client, users[Role.COORDINATOR])
    assert client.post("/staff/experts/new", data={
        "name": "Yrjö", "expertise": "Asunnottomuus", "compensation": "fee"}).status_code == 302
    expert = db.session.scalar(select(ExperienceExpert))
    assert client.post(f"/staff/experts/{expert.id}", data={
        "title": "Vastaanotto", "starts_on": "2026-01-01"}).status_code == 302
    page = client.get("/staff/experts/?lang=en").get_data(as_text=True)
    assert "Paid a fee" in page and "Vastaanotto" in page
    bad = client.post("/staff/discussion-events/new?lang=en", data={
        "held_on": "2026-02-01", "place": "Tupa", "organiser": "Diakoni", "attendees": "-3"})
    assert bad.status_code == 400 and db.session.scalar(select(DiscussionEvent.id)) is None
    assert client.post("/staff/discussion-events/new", data={
        "held_on": "2026-02-01", "place": "Kaakkurin tupa", "organiser": "Diakoni",
        "attendees": "14", "findings": "Digiapua tarvitaan."}).status_code == 302
    page = client.get("/staff/discussion-events/").get_data(as_text=True)
    assert "Kaakkurin tupa" in page and "Digiapua tarvitaan." in page and ">14<" in page
