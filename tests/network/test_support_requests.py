"""Support requests: intake of who/what/where/when, ranking from the bank, assignment by the
coordinator only, messages, the report that closes a request, cancelling, email sending."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from network import notifications, support_requests
from network.clock import utcnow
from network.errors import ValidationError
from network.models import (
    AvailabilityException,
    DebriefingRequest,
    IntakeChannel,
    RequestStatus,
    Role,
    SupportMessage,
    SupportRequest,
    VolunteerStatus,
)
from network.support_requests import RequestErrors
from tests import factories
from tests import people_factories as pf
from tests.sinks import SmtpSink
from web.extensions import db

SITE = "http://apu.test"


def values(**kw) -> dict:
    monday = pf.next_weekday(0)
    return {"client_name": "Kalle Asiakas", "client_phone": "040 123 4567",
            "client_email": None, "client_language": "ar",
            "client_needs": "Tulkkausta arkikielelle",
            "appointment_type": "Lastensuojelun tapaaminen", "sector": "child_protection",
            "place": "Torikatu 10, Oulu", "day": monday.date(), "time": time(10),
            "duration_minutes": 60} | kw


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_complete_request_is_taken_in_and_geocoded(app, users):
    req = support_requests.create_request(values(), channel="coordinator",
                                          actor=users[Role.COORDINATOR], now=utcnow())
    assert req.status == RequestStatus.OPEN and req.channel == IntakeChannel.COORDINATOR
    assert 64.9 < req.place_latitude < 65.1  # "Oulu" found in the gazetteer
    assert req.client_key and req.feedback_token
    assert req.created_by_id == users[Role.COORDINATOR].id


def test_a_request_missing_parts_is_refused_with_what_is_missing(app, users):
    incomplete = values(client_name=" ", client_phone=None, day=None, appointment_type="")
    with pytest.raises(RequestErrors) as caught:
        support_requests.create_request(incomplete, channel="public_form", actor=None,
                                        now=utcnow())
    error = caught.value
    assert error.missing == ["who", "what", "when"]
    assert {"client_name", "client_phone", "appointment_type", "day"} <= set(error.errors)
    with app.test_request_context("/?lang=en"):
        assert str(error.message) == "The request is missing: who, what, when."
    db.session.rollback()
    assert count(SupportRequest) == 0


def test_everything_missing_names_all_four(app):
    with pytest.raises(RequestErrors) as caught:
        support_requests.create_request({}, channel="public_form", actor=None, now=utcnow())
    assert caught.value.missing == ["who", "what", "where", "when"]


@pytest.mark.parametrize(("bad", "field"), [
    ({"client_phone": "soita minulle"}, "client_phone"),
    ({"client_email": "ei-osoite"}, "client_email"),
    ({"client_language": "xx"}, "client_language"),
    ({"duration_minutes": 5}, "duration_minutes"),
    ({"duration_minutes": 600}, "duration_minutes"),
    ({"day": date(2020, 1, 1)}, "day"),
    ({"client_name": "x" * 201}, "client_name"),
    ({"partner_organisation_id": 999999}, "partner_organisation_id"),
])
def test_bad_values_are_refused_next_to_their_field(app, users, bad, field):
    with pytest.raises(RequestErrors) as caught:
        support_requests.create_request(values(**bad), channel="coordinator",
                                        actor=users[Role.COORDINATOR], now=utcnow())
    assert field in caught.value.errors and caught.value.missing == []


def test_who_may_take_in_requests(app, users):
    with pytest.raises(RequestErrors) as caught:
        support_requests.create_request(values(), channel="partner",
                                        actor=users[Role.COORDINATOR], now=utcnow())
    assert "partner_organisation_id" in caught.value.errors
    org = factories.organisation("Estery ry")
    req = support_requests.create_request(values(partner_organisation_id=org.id,
                                                 requester="Sosiaalityöntekijä Sari, 040 9"),
                                          channel="partner", actor=users[Role.COORDINATOR],
                                          now=utcnow())
    assert req.partner_organisation_id == org.id
    for role in (Role.VOLUNTEER, Role.POINT_WORKER):
        with pytest.raises(PermissionError):
            support_requests.create_request(values(), channel="coordinator", actor=users[role],
                                            now=utcnow())
    public = support_requests.create_request(values(partner_organisation_id=org.id),
                                             channel="public_form", actor=None, now=utcnow())
    assert public.partner_organisation_id is None and public.created_by_id is None


def test_ranking_from_the_bank(app):
    req = pf.support_request(client_language="ar", sector="child_protection")
    speaks = pf.volunteer("Amina", languages=("fi", "ar"))
    plain = pf.volunteer("Pekka")
    busy = pf.volunteer("Kiireinen", languages=("ar",))
    pf.support_request(volunteer=busy, starts_at=req.starts_at + timedelta(minutes=30))
    untrained = pf.volunteer("Uusi", trained=False, languages=("ar",))
    away = pf.volunteer("Lomalla", languages=("ar",), experience=("child_protection",))
    db.session.add(AvailabilityException(volunteer_id=away.id, day=req.starts_at.date(),
                                         available=False))
    pf.volunteer("Tauolla", status=VolunteerStatus.PAUSED)
    db.session.flush()
    ranking = support_requests.ranking(req, now=utcnow())
    names = [r.candidate.name for r in ranking.ranked]
    assert names[:2] == ["Amina", "Pekka"]
    assert [r.eligible for r in ranking.ranked] == [True, True, False, False, False]
    assert names[2] == "Uusi"  # available but untrained comes before the unavailable
    assert set(names[3:]) == {"Kiireinen", "Lomalla"} and "Tauolla" not in names
    del speaks, plain, untrained


def test_continuity_and_fair_share_come_from_earlier_requests(app):
    familiar = pf.volunteer("Tuttu")
    pf.volunteer("Levännyt")
    earlier = pf.support_request(volunteer=familiar, starts_at=pf.next_weekday(2),
                                 status=RequestStatus.CLOSED)
    earlier.client_key = support_requests.client_key("040 123 4567", None)
    req = pf.support_request(client_key=support_requests.client_key("+358 40 123 4567", None))
    ranking = support_requests.ranking(req, now=utcnow())
    by_name = {r.candidate.name: r for r in ranking.ranked}
    assert by_name["Tuttu"].candidate.served_client and by_name["Tuttu"].candidate.recent == 1
    assert not by_name["Levännyt"].candidate.served_client
    # Continuity (+20) outweighs one recent assignment (-5).
    assert [r.candidate.name for r in ranking.ranked] == ["Tuttu", "Levännyt"]


def test_assignment_records_the_client_confirmation_and_the_volunteer_details(app, users):
    v = pf.volunteer("Vilja Virtanen", email="vilja@example.org", language="en")
    req = pf.support_request(client_language="sv", client_email=None)
    outcome = support_requests.assign(req, v, actor=users[Role.COORDINATOR], now=utcnow(),
                                      site_url=SITE)
    assert req.status == RequestStatus.ASSIGNED and req.volunteer_id == v.id
    client, volunteer = outcome.messages
    assert (client.recipient_kind, client.channel, client.address, client.language) == (
        "client", "sms", "040 123 4567", "sv")
    assert "Vilja" in client.body and "Torikatu 10, Oulu" in client.body
    assert (volunteer.channel, volunteer.address, volunteer.language) == (
        "email", "vilja@example.org", "en")
    assert f"{SITE}/staff/me/assignments/{req.id}" in volunteer.body
    assert "Kalle" not in volunteer.body and "040 123" not in volunteer.body
    assert volunteer.subject.startswith("New support assignment")


def test_assignment_refusals(app, users):
    req = pf.support_request()
    coordinator = users[Role.COORDINATOR]
    untrained = pf.volunteer("Uusi", trained=False)
    with pytest.raises(ValidationError) as caught:
        support_requests.assign(req, untrained, actor=coordinator, now=utcnow(), site_url=SITE)
    assert caught.value.field == "volunteer_id"
    busy = pf.volunteer("Kiireinen")
    pf.support_request(volunteer=busy, starts_at=req.starts_at)
    with pytest.raises(ValidationError):
        support_requests.assign(req, busy, actor=coordinator, now=utcnow(), site_url=SITE)
    tuesday_only = pf.volunteer("Tiistai", weekdays=(1,))
    with pytest.raises(ValidationError) as caught:
        support_requests.assign(req, tuesday_only, actor=coordinator, now=utcnow(),
                                site_url=SITE)
    assert caught.value.field == "override"
    assert req.status == RequestStatus.OPEN and count(SupportMessage) == 0
    support_requests.assign(req, tuesday_only, actor=coordinator, now=utcnow(), site_url=SITE,
                            override=True)
    assert req.volunteer_id == tuesday_only.id


def test_volunteers_never_assign(app, users):
    req = pf.support_request()
    v = pf.volunteer(user=users[Role.VOLUNTEER])
    for role in (Role.VOLUNTEER, Role.POINT_WORKER):
        with pytest.raises(PermissionError):
            support_requests.assign(req, v, actor=users[role], now=utcnow(), site_url=SITE)
    assert req.volunteer_id is None


def test_reassignment_tells_the_previous_volunteer(app, users):
    first, second = pf.volunteer("Eka", email="eka@example.org"), pf.volunteer("Toka")
    req = pf.support_request()
    support_requests.assign(req, first, actor=users[Role.COORDINATOR], now=utcnow(),
                            site_url=SITE)
    outcome = support_requests.assign(req, second, actor=users[Role.COORDINATOR], now=utcnow(),
                                      site_url=SITE)
    assert [m.purpose for m in outcome.messages] == [
        "volunteer_cancellation", "client_confirmation", "volunteer_details"]
    assert outcome.messages[0].address == "eka@example.org"


def test_the_report_closes_the_request_and_invites_feedback(app, users):
    v = pf.volunteer(user=users[Role.VOLUNTEER])
    req = pf.support_request(volunteer=v)
    req.feedback_token = "tok123"
    after = req.starts_at + timedelta(hours=2)
    with pytest.raises(ValidationError):  # not yet happened
        support_requests.file_report(req, user=users[Role.VOLUNTEER], happened=True,
                                     duration_minutes=60, notes=None, concerns=None,
                                     now=req.starts_at - timedelta(hours=1), site_url=SITE)
    with pytest.raises(ValidationError) as caught:
        support_requests.file_report(req, user=users[Role.VOLUNTEER], happened=True,
                                     duration_minutes=None, notes=None, concerns=None,
                                     now=after, site_url=SITE)
    assert caught.value.field == "duration_minutes"
    outcome = support_requests.file_report(
        req, user=users[Role.VOLUNTEER], happened=True, duration_minutes=75, notes="Meni hyvin",
        concerns="Asiakas tarvitsee jatkotukea", wants_debriefing=True, now=after, site_url=SITE)
    assert req.status == RequestStatus.CLOSED and req.closed_at == after
    assert req.report.duration_minutes == 75
    [invitation] = outcome.messages
    assert invitation.purpose == "feedback_invitation"
    assert f"{SITE}/feedback/tok123" in invitation.body
    assert count(DebriefingRequest) == 1
    with pytest.raises(ValidationError):
        support_requests.file_report(req, user=users[Role.VOLUNTEER], happened=False,
                                     duration_minutes=None, notes=None, concerns=None, now=after,
                                     site_url=SITE)


def test_only_the_assigned_volunteer_reports(app, users):
    mine = pf.volunteer(user=users[Role.VOLUNTEER])
    someone_else = pf.volunteer("Joku muu")
    req = pf.support_request(volunteer=someone_else)
    for role in Role:
        with pytest.raises(PermissionError):
            support_requests.file_report(req, user=users[role], happened=False,
                                         duration_minutes=None, notes=None, concerns=None,
                                         now=utcnow(), site_url=SITE)
    del mine


def test_a_visit_that_did_not_happen_invites_no_feedback(app, users):
    v = pf.volunteer(user=users[Role.VOLUNTEER])
    req = pf.support_request(volunteer=v)
    outcome = support_requests.file_report(req, user=users[Role.VOLUNTEER], happened=False,
                                           duration_minutes=30, notes="Asiakas perui",
                                           concerns=None, now=utcnow(), site_url=SITE)
    assert outcome.messages == [] and req.report.duration_minutes is None
    assert req.status == RequestStatus.CLOSED


def test_cancel(app, users):
    v = pf.volunteer(email="v@example.org")
    req = pf.support_request(volunteer=v)
    with pytest.raises(PermissionError):
        support_requests.cancel(req, actor=users[Role.VOLUNTEER], reason=None, now=utcnow())
    outcome = support_requests.cancel(req, actor=users[Role.COORDINATOR], reason="Asiakas perui",
                                      now=utcnow())
    assert req.status == RequestStatus.CANCELLED and req.closed_at is not None
    assert [m.purpose for m in outcome.messages] == ["volunteer_cancellation"]
    with pytest.raises(ValidationError):
        support_requests.cancel(req, actor=users[Role.COORDINATOR], reason=None, now=utcnow())


def test_email_rows_reach_a_real_smtp_server_once(app, users):
    v = pf.volunteer("Vilja", email="vilja@example.org")
    req = pf.support_request(client_email="kalle@example.org")
    outcome = support_requests.assign(req, v, actor=users[Role.COORDINATOR], now=utcnow(),
                                      site_url=SITE)
    db.session.commit()
    with SmtpSink() as sink:
        settings = {"SUPPORT_SEND_EMAIL": True, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": sink.port,
                    "SMTP_TIMEOUT": 5, "MAIL_FROM": "Apuverkko <noreply@apu.test>"}
        sent = notifications.send_pending(outcome.message_ids, settings=settings, now=utcnow())
        again = notifications.send_pending(outcome.message_ids, settings=settings, now=utcnow())
        assert sink.wait_for(2, timeout=5)
    assert (sent, again) == (2, 0)
    assert sink.per_recipient() == {"kalle@example.org": 1, "vilja@example.org": 1}
    assert all(m.sent_at is not None for m in outcome.messages)


def test_sending_is_off_in_tests_and_an_unreachable_server_is_recorded(app, users):
    assert not notifications.sending_enabled(app.config)
    v = pf.volunteer("Vilja", email="vilja@example.org")
    req = pf.support_request()
    outcome = support_requests.assign(req, v, actor=users[Role.COORDINATOR], now=utcnow(),
                                      site_url=SITE)
    from tests.sinks import free_port

    settings = {"SUPPORT_SEND_EMAIL": True, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(),
                "SMTP_TIMEOUT": 2}
    assert notifications.send_pending(outcome.message_ids, settings=settings, now=utcnow()) == 0
    email_row = next(m for m in outcome.messages if m.channel == "email")
    assert email_row.sent_at is None and email_row.error
