"""The volunteer bank: profiles, availability, interviews, thanks, debriefings, leaving."""

from datetime import date, time

import pytest
from sqlalchemy import func, select

from network import volunteers
from network.clock import today, utcnow
from network.errors import ValidationError
from network.models import (
    DebriefingRequest,
    RequestStatus,
    Role,
    VisitReport,
    Volunteer,
    VolunteerStatus,
)
from tests import people_factories as pf
from web.extensions import db

PROFILE = {"name": "Vilja Vapaaehtoinen", "email": "vilja@example.org", "phone": "040 1",
           "language": "sv", "home_place": "Tuira, Oulu", "languages": ["fi", "sv", "AR"],
           "experience": ["child_protection", "health_care"], "strengths": "Kuuntelen",
           "interests": "Lastensuojelu", "challenges": "Ei iltaisin"}


def test_create_profile_with_place_found_on_the_map(app):
    v = volunteers.create_volunteer(PROFILE, today=date(2025, 1, 2))
    assert v.id and v.joined_on == date(2025, 1, 2) and v.status == VolunteerStatus.ACTIVE
    assert v.languages == ["fi", "sv", "ar"]
    assert v.experience == ["child_protection", "health_care"]
    assert 64.9 < v.latitude < 65.1 and 25.3 < v.longitude < 25.6
    assert not volunteers.is_trained(v)


def test_unknown_place_is_kept_without_coordinates(app):
    v = volunteers.create_volunteer(PROFILE | {"home_place": "Xyzzyville"}, today=today())
    assert v.home_place == "Xyzzyville" and v.latitude is None


@pytest.mark.parametrize(("values", "field"), [
    ({"name": "  "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"languages": ["zz"]}, "languages"),
    ({"experience": ["space_travel"]}, "experience"),
    ({"language": "ru"}, "language"),
    ({"status": "retired"}, "status"),
])
def test_bad_profile_values_are_refused_with_the_field(app, values, field):
    with pytest.raises(ValidationError) as caught:
        volunteers.create_volunteer(PROFILE | values, today=today())
    assert caught.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count(Volunteer.id))) == 0


def test_a_volunteer_may_change_only_their_own_fields(app, users):
    v = volunteers.create_volunteer(PROFILE, today=today())
    volunteers.update_volunteer(v, {"phone": "050 2", "strengths": "Rauhallinen"}, own=True)
    assert v.phone == "050 2"
    with pytest.raises(ValueError):
        volunteers.update_volunteer(v, {"status": "paused"}, own=True)
    with pytest.raises(ValueError):
        volunteers.update_volunteer(v, {"user_id": users[Role.VOLUNTEER].id}, own=True)


def test_linking_accounts(app, users):
    v = volunteers.create_volunteer(PROFILE | {"user_id": users[Role.VOLUNTEER].id},
                                    today=today())
    assert volunteers.volunteer_of(users[Role.VOLUNTEER]) is v
    assert volunteers.free_accounts(None) == []
    with pytest.raises(ValidationError) as caught:
        volunteers.create_volunteer(PROFILE | {"user_id": users[Role.VOLUNTEER].id},
                                    today=today())
    with app.test_request_context("/?lang=en"):
        assert "another volunteer" in str(caught.value.message)
    with pytest.raises(ValidationError) as caught:
        volunteers.create_volunteer(PROFILE | {"user_id": users[Role.COORDINATOR].id},
                                    today=today())
    assert caught.value.field == "user_id"


def test_leaving_through_the_status_field_is_refused(app):
    v = volunteers.create_volunteer(PROFILE, today=today())
    with pytest.raises(ValidationError) as caught:
        volunteers.update_volunteer(v, {"status": "left"})
    assert caught.value.field == "status"


def test_weekly_slots_may_not_overlap(app):
    v = volunteers.create_volunteer(PROFILE, today=today())
    volunteers.add_slot(v, weekday=0, starts=time(9), ends=time(12))
    volunteers.add_slot(v, weekday=0, starts=time(12), ends=time(15))
    with pytest.raises(ValidationError) as caught:
        volunteers.add_slot(v, weekday=0, starts=time(11), ends=time(13))
    assert caught.value.field == "starts"
    with pytest.raises(ValidationError):
        volunteers.add_slot(v, weekday=1, starts=time(13), ends=time(12))
    with pytest.raises(ValidationError):
        volunteers.add_slot(v, weekday=7, starts=time(9), ends=time(12))
    assert len(v.slots) == 2
    volunteers.remove_slot(v, v.slots[0])
    assert len(v.slots) == 1


def test_dated_changes(app):
    v = volunteers.create_volunteer(PROFILE, today=today())
    away = volunteers.add_dated(v, day=date(2030, 7, 1), available=False, note="Loma")
    assert away.starts is None
    volunteers.add_dated(v, day=date(2030, 7, 2), available=True, starts=time(17), ends=time(19))
    with pytest.raises(ValidationError) as caught:
        volunteers.add_dated(v, day=date(2030, 7, 3), available=True)
    assert caught.value.field == "starts"
    with pytest.raises(ValidationError):
        volunteers.add_dated(v, day=None, available=False)
    assert len(v.dated) == 2


def test_interview_is_kept_with_the_profile(app, users):
    v = volunteers.create_volunteer(PROFILE, today=today())
    volunteers.save_interview(v, {"interviewed_on": date(2025, 1, 5),
                                  "work_history": "Sairaanhoitaja",
                                  "life_situation": "Eläkkeellä", "earlier_volunteering": "SPR"},
                              interviewer=users[Role.COORDINATOR])
    volunteers.save_interview(v, {"interviewed_on": date(2025, 1, 6), "notes": "Sopii hyvin"},
                              interviewer=users[Role.COORDINATOR])
    assert v.interview.interviewed_on == date(2025, 1, 6) and v.interview.notes == "Sopii hyvin"
    assert v.interview.work_history is None  # the form replaces every field
    with pytest.raises(ValidationError) as caught:
        volunteers.save_interview(v, {"interviewed_on": None}, interviewer=users[Role.COORDINATOR])
    assert caught.value.field == "interviewed_on"


def test_thanks_and_debriefings(app, users):
    v = volunteers.create_volunteer(PROFILE, today=today())
    volunteers.thank(v, note="Kiitos kevään käynneistä", given_on=date(2025, 5, 1),
                     actor=users[Role.COORDINATOR], now=utcnow())
    with pytest.raises(ValidationError):
        volunteers.thank(v, note=" ", given_on=date(2025, 5, 1), actor=users[Role.COORDINATOR],
                         now=utcnow())
    asked = volunteers.request_debriefing(v, message="Raskas", support_request=None, now=utcnow())
    assert volunteers.open_debriefings() == [asked]
    volunteers.handle_debriefing(asked, actor=users[Role.COORDINATOR], note="Soitettu",
                                 now=utcnow())
    assert volunteers.open_debriefings() == []
    other = pf.volunteer("Toinen")
    request = pf.support_request(volunteer=other)
    with pytest.raises(ValidationError):
        volunteers.request_debriefing(v, message=None, support_request=request, now=utcnow())
    assert db.session.scalar(select(func.count(DebriefingRequest.id))) == 1


def test_leaving_needs_visits_reassigned_first_and_the_summary_counts(app):
    v = pf.volunteer()
    request = pf.support_request(volunteer=v)
    with pytest.raises(ValidationError) as caught:
        volunteers.leave(v, left_on=today(), now=utcnow())
    with app.test_request_context("/?lang=en"):
        assert "1 assigned" in str(caught.value.message)
    request.status = RequestStatus.CLOSED
    db.session.add(VisitReport(request_id=request.id, volunteer_id=v.id, happened=True,
                               duration_minutes=90))
    with pytest.raises(ValidationError):
        volunteers.leave(v, left_on=date(2000, 1, 1), now=utcnow())
    volunteers.leave(v, left_on=date(2025, 6, 30), now=utcnow())
    assert v.status == VolunteerStatus.LEFT
    summary = volunteers.summary(v)
    assert (summary.visits, summary.minutes, summary.left_on) == (1, 90, date(2025, 6, 30))
    assert [c.title for c, _day in summary.courses] == ["Asiointitukihenkilökoulutus"]
    assert volunteers.is_trained(v)
