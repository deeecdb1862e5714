"""The public form where a resident asks for a support person."""

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from network.models import IntakeChannel, SupportRequest
from tests import people_factories as pf
from tests.conftest import _clean, make_app
from web.extensions import db


def count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(SupportRequest.id)))


def complete() -> dict:
    return {"client_name": "Kalle Asiakas", "client_phone": "040 123 4567",
            "client_language": "fi", "client_needs": "Jännittää lääkärikäyntiä",
            "appointment_type": "Lääkärin vastaanotto", "sector": "health_care",
            "place": "Kajaanintie 50, Oulu", "day": pf.next_weekday(2).date().isoformat(),
            "time": "13:30", "duration_minutes": "90", "consent": "y"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_form_in_each_language(client, lang):
    response = client.get(f"/support/?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<html lang="{lang}">' in page
    assert page.count("<h1>") == 1 and 'for="client_name"' in page
    assert f'<option selected value="{lang}">' in page  # the client's language preselected


def test_an_incomplete_request_is_refused_with_what_is_missing(client):
    response = client.post("/support/?lang=en", data={"client_name": "Kalle", "consent": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and count() == 0
    assert "The request is missing: who, what, where, when." in page
    for field in ("client_phone", "client_needs", "appointment_type", "sector", "place", "day",
                  "time", "duration_minutes"):
        assert f'id="{field}-error"' in page, field


def test_consent_is_required(client):
    response = client.post("/support/?lang=en", data=complete() | {"consent": ""})
    assert response.status_code == 400 and count() == 0
    assert 'id="consent-error"' in response.get_data(as_text=True)


def test_every_problem_is_shown_at_once(client):
    response = client.post("/support/?lang=en", data={"client_name": "Kalle", "day": "31.2.",
                                                      "duration_minutes": "abc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and count() == 0
    assert 'id="consent-error"' in page
    assert "The request is missing: who, what, where, when." in page
    assert 'id="place-error"' in page and 'id="time-error"' in page
    assert page.count('id="day-error"') == 1 and "Not a valid date value" in page


def test_bad_values_are_refused(app, client):
    app.config["SUPPORT_REQUEST_RATE_LIMIT"] = "100 per minute"
    for bad in ({"day": "31.2.2030"}, {"time": "25:99"}, {"duration_minutes": "9999"},
                {"sector": "astrology"}, {"client_email": "nope"}, {"client_needs": "x" * 2001}):
        response = client.post("/support/?lang=en", data=complete() | bad)
        assert response.status_code == 400, bad
    assert count() == 0


def test_a_complete_request_reaches_the_coordinators(client):
    response = client.post("/support/?lang=en", data=complete() | {
        "requester": "Sisko Sari, 040 999", "partner_organisation_id": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/support/thanks")
    req = db.session.scalar(select(SupportRequest))
    assert req.channel == IntakeChannel.PUBLIC_FORM and req.created_by_id is None
    assert req.partner_organisation_id is None and req.requester == "Sisko Sari, 040 999"
    assert req.duration_minutes == 90 and req.place_latitude is not None
    assert client.get("/support/thanks").status_code == 200


@pytest.fixture
def strict_app(database_url) -> Iterator[Flask]:
    """CSRF on and a low rate limit, as a deployment might set it."""
    app = make_app(database_url, WTF_CSRF_ENABLED=True, SUPPORT_REQUEST_RATE_LIMIT="2 per minute")
    with app.app_context():
        yield app
    _clean(app)


def test_csrf_and_rate_limit(strict_app):
    client = strict_app.test_client()
    assert client.post("/support/", data=complete()).status_code == 400
    assert count() == 0
    page = client.get("/support/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    statuses = [client.post("/support/", data=complete() | {"csrf_token": token}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429] and count() == 2
