"""Training courses with the default programme, attendance, completion, meetups, checklists."""

from datetime import date, time

import pytest

from network import training, volunteers
from network.clock import local
from network.errors import ValidationError
from network.models import CourseKind
from tests import factories
from tests import people_factories as pf


def basic_course():
    return training.create_course(title="Kevään koulutus", kind="basic",
                                  first_day=date(2025, 3, 4), start_time=time(17))


def test_the_default_programme_is_four_sessions_of_three_and_a_half_hours(app):
    course = basic_course()
    assert [s.topic for s in course.sessions] == [
        "introduction", "service_system", "communication", "practice_safety"]
    assert all(s.duration_minutes == 210 for s in course.sessions)
    starts = [local(s.starts_at) for s in course.sessions]
    assert [d.date() for d in starts] == [date(2025, 3, 4), date(2025, 3, 11), date(2025, 3, 18),
                                          date(2025, 3, 25)]
    assert all(d.time() == time(17) for d in starts)
    with app.test_request_context("/?lang=en"):
        assert training.session_title(course.sessions[1]) == (
            "The service system and the Administrative Procedure Act")


def test_a_refresher_gets_one_digital_services_session(app):
    course = training.create_course(title="Digikertaus", kind=CourseKind.REFRESHER,
                                    first_day=date(2025, 9, 1), start_time=time(10))
    assert [s.topic for s in course.sessions] == ["digital_services"]


@pytest.mark.parametrize(("values", "field"), [
    ({"title": " "}, "title"), ({"kind": "party"}, "kind"), ({"first_day": None}, "first_day"),
    ({"start_time": None}, "start_time"), ({"interval_days": 0}, "interval_days"),
])
def test_bad_course_values(app, values, field):
    given = {"title": "Koulutus", "kind": "basic", "first_day": date(2025, 3, 4),
             "start_time": time(17)} | values
    with pytest.raises(ValidationError) as caught:
        training.create_course(**given)
    assert caught.value.field == field


def test_sessions_can_be_changed_and_added(app):
    course = basic_course()
    training.update_session(course.sessions[0], title="Aloitus", day=date(2025, 3, 5),
                            start_time=time(9), duration_minutes=180)
    assert course.sessions[0].title == "Aloitus"
    with pytest.raises(ValidationError):
        training.update_session(course.sessions[0], title=None, day=date(2025, 3, 5),
                                start_time=time(9), duration_minutes=5)
    added = training.add_session(course, title="Lisäkerta", day=date(2025, 4, 1),
                                 start_time=time(17), duration_minutes=120)
    assert added.position == 5
    with pytest.raises(ValidationError):
        training.add_session(course, title=None, day=date(2025, 4, 1), start_time=time(17),
                             duration_minutes=120)  # a custom session needs a title
    assert len(course.sessions) == 5


def test_attendance_and_completion(app):
    course = basic_course()
    v = pf.volunteer("Kurssilainen", trained=False)
    participant = training.add_participant(course, v)
    with pytest.raises(ValidationError):
        training.add_participant(course, v)
    first_three = {(s.id, v.id) for s in course.sessions[:3]}
    training.set_attendance(course, first_three)
    assert training.attendance(course) == first_three
    with pytest.raises(ValidationError) as caught:
        training.complete(course, participant, on=date(2025, 3, 25))
    assert caught.value.field == "completed_on"
    with app.test_request_context("/?lang=en"):
        assert "4. Practice and safety" in str(caught.value.message)
    assert not volunteers.is_trained(v)
    training.set_attendance(course, {(s.id, v.id) for s in course.sessions})
    training.complete(course, participant, on=date(2025, 3, 25))
    assert volunteers.is_trained(v)
    with pytest.raises(ValidationError):
        training.set_attendance(course, {(course.sessions[0].id, v.id + 999)})
    assert len(training.attendance(course)) == 4  # the refused change left nothing half-done


def test_a_refresher_does_not_make_anyone_trained(app):
    course = training.create_course(title="Digikertaus", kind="refresher",
                                    first_day=date(2025, 9, 1), start_time=time(10))
    v = pf.volunteer("Kertaaja", trained=False)
    participant = training.add_participant(course, v)
    training.set_attendance(course, {(course.sessions[0].id, v.id)})
    training.complete(course, participant, on=date(2025, 9, 1))
    assert not volunteers.is_trained(v)


def test_meetups_and_attendance(app):
    meetup = training.create_meetup(season="autumn", held_on=date(2025, 10, 2),
                                    title="Syystapaaminen", place="Seurakuntatalo")
    a, b = pf.volunteer("A", trained=False), pf.volunteer("B", trained=False)
    training.set_meetup_attendance(meetup, [a.id, b.id])
    training.set_meetup_attendance(meetup, [b.id])
    assert [x.volunteer_id for x in meetup.attendees] == [b.id]
    with pytest.raises(ValidationError):
        training.set_meetup_attendance(meetup, [999999])
    with pytest.raises(ValidationError) as caught:
        training.create_meetup(season="winter", held_on=date(2025, 1, 1), title="X")
    assert caught.value.field == "season"


def test_one_general_checklist_and_one_per_scenario(app):
    general = training.save_checklist(None, {"title": "Muistilista", "remember": "Kortti",
                                             "insurance": "Vakuutus", "expenses": "Matkat"})
    with pytest.raises(ValidationError) as caught:
        training.save_checklist(None, {"title": "Toinen"})
    assert caught.value.field == "scenario_id"
    scenario = factories.plan_scenario()
    for_scenario = training.save_checklist(None, {"title": "Sähkökatko",
                                                  "scenario_id": scenario.id})
    with pytest.raises(ValidationError):
        training.save_checklist(None, {"title": "Sähkökatko 2", "scenario_id": scenario.id})
    with pytest.raises(ValidationError):
        training.save_checklist(None, {"title": "Ei skenaariota", "scenario_id": 999999})
    training.save_checklist(general, {"title": "Yleinen muistilista"})
    assert [c.title for c in training.checklists()] == ["Yleinen muistilista", "Sähkökatko"]
    assert for_scenario.scenario_id == scenario.id
