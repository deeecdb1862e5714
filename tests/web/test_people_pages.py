"""The volunteer bank, training, meetups, checklists and support-request pages, by role."""

import re
from datetime import date, timedelta

import pytest
from flask import g
from flask_babel import refresh
from sqlalchemy import func, select

from network.clock import today, utcnow
from network.models import (
    ClientAccessLog,
    CourseParticipant,
    RequestStatus,
    Role,
    SupportMessage,
    SupportRequest,
    TrainingCourse,
    Volunteer,
    VolunteerChecklist,
    VolunteerStatus,
    WeeklyAvailability,
)
from tests import people_factories as pf
from tests.conftest import login
from web.extensions import db


def sign_in(client, user):
    """Log in and read pages in English (the tests share one app context)."""
    g.pop("_login_user", None)
    client.post("/logout")  # a client signed in as someone else signs out first
    g.pop("_login_user", None)
    login(client, user)
    client.set_cookie("lang", "en")
    refresh()


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def text(response) -> str:
    return response.get_data(as_text=True)


def error_next_to(page: str, field_id: str) -> str:
    """The error text shown under a field (its id-error paragraph)."""
    found = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', page, re.S)
    assert found, f"no error next to {field_id}"
    return found.group(1)


@pytest.fixture
def coordinator(client, users):
    sign_in(client, users[Role.COORDINATOR])
    return client


@pytest.fixture
def own(users):
    """The volunteer account's own profile, trained, free every day."""
    v = pf.volunteer("Vilja Oma", user=users[Role.VOLUNTEER], email="vilja@example.org")
    db.session.commit()
    return v


PROFILE = {"name": "Aino Apu", "email": "aino@example.org", "phone": "040 555",
           "language": "fi", "home_place": "Tuira, Oulu", "languages": ["fi", "en"],
           "other_languages": "ar", "experience": ["child_protection"], "strengths": "Kuuntelu",
           "status": "active", "joined_on": "2025-01-10"}


def test_coordinator_builds_a_profile_and_bad_input_saves_nothing(coordinator):
    assert coordinator.get("/staff/volunteers/new").status_code == 200
    bad = coordinator.post("/staff/volunteers/new", data=PROFILE | {
        "name": "", "email": "not-an-email", "other_languages": "zz", "experience": ["moon"]})
    page = text(bad)
    assert bad.status_code == 400 and count(Volunteer) == 0
    assert error_next_to(page, "name") and error_next_to(page, "email")
    assert "zz" in error_next_to(page, "other_languages")
    assert error_next_to(page, "experience")
    made = coordinator.post("/staff/volunteers/new", data=PROFILE)
    assert made.status_code == 302
    v = db.session.scalar(select(Volunteer))
    assert v.languages == ["fi", "en", "ar"] and v.latitude is not None
    detail = text(coordinator.get(made.headers["Location"]))
    assert "Aino Apu" in detail and "Child protection" in detail and "Arabic (ar)" in detail
    listing = text(coordinator.get("/staff/volunteers/"))
    assert "Aino Apu" in listing
    assert coordinator.get("/staff/volunteers/?status=bogus").status_code == 400


def test_a_volunteer_sees_and_edits_only_their_own_profile(client, users, own):
    other = pf.volunteer("Toinen Vapaaehtoinen")
    db.session.commit()
    sign_in(client, users[Role.VOLUNTEER])
    assert client.get("/staff/me/volunteer").headers["Location"].endswith(
        f"/staff/volunteers/{own.id}")
    page = text(client.get(f"/staff/volunteers/{own.id}"))
    assert "Vilja Oma" in page and "Recruitment interview" not in page
    for url in (f"/staff/volunteers/{other.id}", f"/staff/volunteers/{other.id}/edit",
                f"/staff/volunteers/{other.id}/availability",
                f"/staff/volunteers/{other.id}/certificate"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/volunteers/{other.id}/availability/slots",
                       data={"slot-weekday": 0, "slot-starts": "09:00",
                             "slot-ends": "10:00"}).status_code == 403
    for url in (f"/staff/volunteers/{own.id}/interview", "/staff/volunteers/"):
        assert client.get(url).status_code == 403
    form = text(client.get(f"/staff/volunteers/{own.id}/edit"))
    assert 'name="status"' not in form and 'name="user_id"' not in form
    saved = client.post(f"/staff/volunteers/{own.id}/edit", data={
        "name": "Vilja Oma", "phone": "050 777", "language": "en", "languages": ["fi"],
        "experience": ["health_care"], "status": "left", "user_id": ""})
    assert saved.status_code == 302
    db.session.expire_all()
    v = db.session.get(Volunteer, own.id)
    assert v.phone == "050 777" and v.status == VolunteerStatus.ACTIVE
    assert v.user_id == users[Role.VOLUNTEER].id and v.experience == ["health_care"]


def test_availability_pages(client, users, own):
    sign_in(client, users[Role.VOLUNTEER])
    base = f"/staff/volunteers/{own.id}/availability"
    assert client.get(base).status_code == 200
    overlap = client.post(f"{base}/slots", data={"slot-weekday": 0, "slot-starts": "09:00",
                                                 "slot-ends": "10:00"})
    assert overlap.status_code == 400
    assert "overlaps" in error_next_to(text(overlap), "slot-starts")
    before = count(WeeklyAvailability)
    wrong = client.post(f"{base}/slots", data={"slot-weekday": 9, "slot-starts": "25:00",
                                               "slot-ends": ""})
    assert wrong.status_code == 400 and count(WeeklyAvailability) == before
    away = client.post(f"{base}/dated", data={"dated-day": "2031-01-05", "dated-available": "away",
                                              "dated-note": "Loma"})
    assert away.status_code == 302
    free_without_hours = client.post(f"{base}/dated", data={"dated-day": "2031-01-06",
                                                            "dated-available": "free"})
    assert free_without_hours.status_code == 400
    assert error_next_to(text(free_without_hours), "dated-starts")
    db.session.expire_all()
    v = db.session.get(Volunteer, own.id)
    assert [d.note for d in v.dated] == ["Loma"]
    assert client.post(f"{base}/dated/{v.dated[0].id}/remove").status_code == 302
    assert client.post(f"{base}/slots/{v.slots[0].id}/remove").status_code == 302
    assert count(WeeklyAvailability) == before - 1


def test_interview_thanks_leaving_and_the_certificate(coordinator, own):
    base = f"/staff/volunteers/{own.id}"
    bad = coordinator.post(f"{base}/interview", data={"interviewed_on": "not a date",
                                                      "work_history": "x" * 5000})
    assert bad.status_code == 400 and own.interview is None
    assert coordinator.post(f"{base}/interview", data={
        "interviewed_on": "2025-01-05", "work_history": "Sairaanhoitaja",
        "life_situation": "Eläkkeellä", "earlier_volunteering": "SPR"}).status_code == 302
    assert coordinator.post(f"{base}/thanks", data={"given_on": "2025-05-01",
                                                    "note": ""}).status_code == 400
    assert coordinator.post(f"{base}/thanks", data={"given_on": "2025-05-01",
                                                    "note": "Kiitos!"}).status_code == 302
    page = text(coordinator.get(base))
    assert "Sairaanhoitaja" in page and "Kiitos!" in page
    req = pf.support_request(volunteer=own)
    db.session.commit()
    refused = coordinator.post(f"{base}/leave", data={"left_on": today().isoformat()})
    assert refused.status_code == 400 and "assigned visits" in error_next_to(text(refused),
                                                                            "left_on")
    req.status = RequestStatus.CANCELLED
    db.session.commit()
    assert coordinator.post(f"{base}/leave", data={"left_on": "2030-06-30"}).status_code == 302
    for lang in ("fi", "sv", "en"):
        page = text(coordinator.get(f"{base}/certificate?lang={lang}"))
        assert f'<html lang="{lang}">' in page and "Vilja Oma" in page
        assert "people.css" in page and 'class="certificate"' in page


def test_training_flow_and_course_certificate(coordinator, client, users, own):
    made = coordinator.post("/staff/training/new", data={
        "title": "Kevään koulutus", "kind": "basic", "first_day": "2025-03-04",
        "start_time": "17:00", "interval_days": 7, "place": "Järjestötalo"})
    assert made.status_code == 302
    course = db.session.scalar(select(TrainingCourse).where(
        TrainingCourse.title == "Kevään koulutus"))
    assert len(course.sessions) == 4
    base = f"/staff/training/{course.id}"
    assert "Practice and safety" in text(coordinator.get(base))
    assert coordinator.post(f"{base}/participants",
                            data={"participant-volunteer_id": own.id}).status_code == 302
    twice = coordinator.post(f"{base}/participants", data={"participant-volunteer_id": own.id})
    assert twice.status_code == 400
    participant = db.session.scalar(select(CourseParticipant).where(
        CourseParticipant.course_id == course.id))
    sessions = course.sessions
    present = [f"{s.id}-{own.id}" for s in sessions[:3]]
    assert coordinator.post(f"{base}/attendance", data={"present": present}).status_code == 302
    assert coordinator.post(f"{base}/attendance",
                            data={"present": ["x-y"]}).status_code == 400
    early = coordinator.post(f"{base}/participants/{participant.id}/complete",
                             data={"completed_on": "2025-03-25"})
    assert early.status_code == 400 and "sessions missed" in text(early)
    all_four = [f"{s.id}-{own.id}" for s in sessions]
    assert coordinator.post(f"{base}/attendance", data={"present": all_four}).status_code == 302
    assert coordinator.post(f"{base}/participants/{participant.id}/complete",
                            data={"completed_on": "2025-03-25"}).status_code == 302
    certificate = f"{base}/participants/{participant.id}/certificate"
    page = text(coordinator.get(certificate))
    assert "Training certificate" in page and "Vilja Oma" in page and "14.0" in page
    edit = coordinator.post(f"{base}/sessions/{sessions[0].id}/edit",
                            data={"title": "", "day": "2025-03-05", "start_time": "09:00",
                                  "duration_minutes": 5})
    assert edit.status_code == 400
    sign_in(client, users[Role.VOLUNTEER])
    assert client.get(certificate).status_code == 200
    stranger = pf.volunteer("Vieras", trained=False)
    other = CourseParticipant(course_id=course.id, volunteer_id=stranger.id,
                              completed_on=date(2025, 3, 25))
    db.session.add(other)
    db.session.commit()
    assert client.get(f"{base}/participants/{other.id}/certificate").status_code == 403


def test_meetups_and_checklists(coordinator, client, users, own):
    made = coordinator.post("/staff/meetups/new", data={"season": "spring",
                                                        "held_on": "2025-04-20",
                                                        "title": "Kevättapaaminen"})
    assert made.status_code == 302
    meetup_url = made.headers["Location"]
    assert coordinator.post(meetup_url, data={"volunteer_ids": [own.id]}).status_code == 302
    assert coordinator.post(meetup_url, data={"volunteer_ids": ["abc"]}).status_code == 400
    assert "Kevättapaaminen" in text(coordinator.get("/staff/meetups/"))
    assert coordinator.post("/staff/checklists/new", data={"title": ""}).status_code == 400
    assert coordinator.post("/staff/checklists/new", data={
        "title": "Muistilista", "remember": "Henkilökortti mukaan",
        "insurance": "Vakuutus kattaa", "expenses": "Matkat korvataan"}).status_code == 302
    assert coordinator.post("/staff/checklists/new",
                            data={"title": "Toinen yleinen"}).status_code == 400
    assert count(VolunteerChecklist) == 1
    sign_in(client, users[Role.VOLUNTEER])
    page = text(client.get("/staff/checklists/"))
    assert "Henkilökortti mukaan" in page and "/staff/checklists/new" not in page
    assert client.get("/staff/checklists/new").status_code == 403


INTAKE = {"channel": "coordinator", "client_name": "Kalle Asiakas",
          "client_phone": "040 123 4567", "client_language": "fi",
          "client_needs": "Jännittää", "appointment_type": "Sosiaalityöntekijä",
          "sector": "disability_services", "place": "Torikatu 10, Oulu", "time": "10:00",
          "duration_minutes": "60"}


def test_intake_refuses_incomplete_requests_with_what_is_missing(coordinator):
    assert coordinator.get("/staff/requests/new").status_code == 200
    empty = coordinator.post("/staff/requests/new", data={"channel": "coordinator"})
    page = text(empty)
    assert empty.status_code == 400 and count(SupportRequest) == 0
    assert "The request is missing: who, what, where, when." in page
    assert "Give the client&#39;s name." in error_next_to(page, "client_name")
    assert error_next_to(page, "place") and error_next_to(page, "day")
    bad = coordinator.post("/staff/requests/new", data=INTAKE | {
        "day": "2020-01-01", "duration_minutes": "7", "client_language": "qq"})
    page = text(bad)
    assert bad.status_code == 400 and count(SupportRequest) == 0
    assert error_next_to(page, "duration_minutes") and error_next_to(page, "client_language")
    monday = pf.next_weekday(0).date().isoformat()
    made = coordinator.post("/staff/requests/new", data=INTAKE | {"day": monday})
    assert made.status_code == 302 and "/match" in made.headers["Location"]


def test_match_assign_and_the_access_log(coordinator, users, own):
    req = pf.support_request()
    pf.volunteer("Bertta Samanarvoinen")
    pf.volunteer("Aada Samanarvoinen")
    pf.volunteer("Uusi Kouluttamaton", trained=False)
    db.session.commit()
    page = text(coordinator.get(f"/staff/requests/{req.id}/match"))
    assert "Kalle Asiakas" in page and "(tie)" in page
    assert page.index("Aada Samanarvoinen") < page.index("Bertta Samanarvoinen")
    assert page.index("Bertta Samanarvoinen") < page.index("Uusi Kouluttamaton")
    assert "Has not completed the support person course" in page
    assert "Speaks Finnish (fi)" in page
    missing = coordinator.post(f"/staff/requests/{req.id}/assign", data={})
    assert missing.status_code == 400 and req.volunteer_id is None
    untrained = db.session.scalar(select(Volunteer).where(
        Volunteer.name == "Uusi Kouluttamaton"))
    refused = coordinator.post(f"/staff/requests/{req.id}/assign",
                               data={"volunteer_id": untrained.id})
    assert refused.status_code == 400 and "has not completed" in text(refused)
    assert count(SupportMessage) == 0
    done = coordinator.post(f"/staff/requests/{req.id}/assign", data={"volunteer_id": own.id})
    assert done.status_code == 302
    detail = text(coordinator.get(f"/staff/requests/{req.id}"))
    assert "Vilja Oma" in detail and "040 123 4567" in detail
    purposes = set(db.session.scalars(select(SupportMessage.purpose)))
    assert purposes == {"client_confirmation", "volunteer_details"}
    log = text(coordinator.get(f"/staff/requests/{req.id}/access-log"))
    assert log.count("Test coordinator") >= 4  # match, match again, refused, detail
    assert count(ClientAccessLog) >= 4


def test_nobody_available_is_said_clearly(coordinator):
    req = pf.support_request()
    pf.volunteer("Ei koskaan vapaa", weekdays=())
    db.session.commit()
    page = text(coordinator.get(f"/staff/requests/{req.id}/match"))
    assert "Nobody is available" in page


def test_volunteer_sees_only_their_own_assignment_and_reports(client, users, own):
    mine = pf.support_request(volunteer=own)
    other = pf.support_request(volunteer=pf.volunteer("Joku muu"), client_name="Salainen Sanna")
    db.session.commit()
    sign_in(client, users[Role.VOLUNTEER])
    listing = text(client.get("/staff/me/assignments"))
    assert f"/staff/me/assignments/{mine.id}" in listing
    assert f"/staff/me/assignments/{other.id}" not in listing and "Salainen" not in listing
    assert client.get(f"/staff/me/assignments/{other.id}").status_code == 403
    assert client.get(f"/staff/me/assignments/{other.id}/report").status_code == 403
    assert client.get(f"/staff/requests/{other.id}").status_code == 403
    assert client.post(f"/staff/requests/{mine.id}/assign",
                       data={"volunteer_id": own.id}).status_code == 403
    page = text(client.get(f"/staff/me/assignments/{mine.id}"))
    assert "Kalle Asiakas" in page
    assert db.session.scalar(select(func.count(ClientAccessLog.id)).where(
        ClientAccessLog.user_id == users[Role.VOLUNTEER].id)) == 1
    mine.starts_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    report = f"/staff/me/assignments/{mine.id}/report"
    bad = client.post(report, data={"duration_minutes": "abc"})
    assert bad.status_code == 400 and mine.status == RequestStatus.ASSIGNED
    done = client.post(report, data={"happened": "yes", "duration_minutes": "70",
                                      "notes": "Meni hyvin", "wants_debriefing": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    closed = db.session.get(SupportRequest, mine.id)
    assert closed.status == RequestStatus.CLOSED and closed.report.duration_minutes == 70
    assert db.session.scalar(select(SupportMessage.purpose).where(
        SupportMessage.request_id == mine.id)) == "feedback_invitation"
    after = text(client.get(f"/staff/me/assignments/{mine.id}"))
    assert "Kalle Asiakas" not in after  # reported: the client's details are no longer shown


def test_cancel_and_the_lists_show_no_client_details(coordinator, own):
    req = pf.support_request(volunteer=own)
    db.session.commit()
    listing = text(coordinator.get("/staff/requests/?show=assigned"))
    assert f"/staff/requests/{req.id}" in listing and "Kalle" not in listing
    long = coordinator.post(f"/staff/requests/{req.id}/cancel", data={"cancel_reason": "x" * 301})
    assert long.status_code == 400 and req.status == RequestStatus.ASSIGNED
    done = coordinator.post(f"/staff/requests/{req.id}/cancel", data={"cancel_reason": "Peruttu"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(SupportRequest, req.id).status == RequestStatus.CANCELLED


def test_debriefings_reach_the_coordinator(client, users, own):
    sign_in(client, users[Role.VOLUNTEER])
    assert client.get("/staff/me/debriefing").status_code == 200
    assert client.post("/staff/me/debriefing",
                       data={"message": "x" * 2001}).status_code == 400
    assert client.post("/staff/me/debriefing",
                       data={"message": "Raskas käynti"}).status_code == 302
    sign_in(client, users[Role.COORDINATOR])
    page = text(client.get("/staff/debriefings/"))
    assert "Raskas käynti" in page and "Vilja Oma" in page
    debriefing_id = re.search(r"/staff/debriefings/(\d+)/handled", page).group(1)
    assert client.post(f"/staff/debriefings/{debriefing_id}/handled",
                       data={"handled_note": "Soitettu"}).status_code == 302
    assert "Soitettu" in text(client.get("/staff/debriefings/"))
