"""Training, meetups and checklists: courses with sessions, attendance, completion, get-togethers.

The default programme of the support-person course is four sessions of 3.5 hours (seed:
"4 koulutuspäivää, 4 x 3,5 h"); completing it — attending every session — is what makes a
volunteer "trained" for matching.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import column, select, table

from network.clock import HELSINKI
from network.database import db
from network.errors import ValidationError
from network.models import (
    CourseKind,
    CourseParticipant,
    Meetup,
    MeetupAttendance,
    MeetupSeason,
    SessionAttendance,
    TrainingCourse,
    TrainingSession,
    Volunteer,
    VolunteerChecklist,
)
from network.volunteers import clean_text

SESSION_MINUTES = 210
DEFAULT_PROGRAMME = ("introduction", "service_system", "communication", "practice_safety")
REFRESHER_TOPIC = "digital_services"
TOPICS = {
    "introduction": _l("Introduction to the support person's role"),
    "service_system": _l("The service system and the Administrative Procedure Act"),
    "communication": _l("Communication and interaction skills"),
    "practice_safety": _l("Practice and safety"),
    "digital_services": _l("Digital services refresher"),
}
# Scenarios are crisis's table: named here, never imported (crisis may import network).
SCENARIO = table("scenario", column("id"))
CHECKLIST_TEXT = {"title": 200, "remember": 4000, "insurance": 4000, "expenses": 4000}


def session_title(session: TrainingSession) -> str:
    """A session's title: its own, or the translated name of its default topic."""
    if session.title:
        return session.title
    return str(TOPICS.get(session.topic or "", session.topic or ""))


def _at(day: date, start: time) -> datetime:
    return datetime.combine(day, start, tzinfo=HELSINKI)


def create_course(*, title: str | None, kind: CourseKind | str, first_day: date | None,
                  start_time: time | None, interval_days: int = 7, place: str | None = None,
                  description: str | None = None) -> TrainingCourse:
    """A course with its sessions: the default four for a basic course, one for a refresher."""
    try:
        kind = CourseKind(kind)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "kind") from None
    title = clean_text(title, 200, "title")
    if not title:
        raise ValidationError(_l("Give a title."), "title")
    if not isinstance(first_day, date):
        raise ValidationError(_l("Give the date of the first session."), "first_day")
    if not isinstance(start_time, time):
        raise ValidationError(_l("Give the starting time."), "start_time")
    if not isinstance(interval_days, int) or not 1 <= interval_days <= 60:
        raise ValidationError(_l("Give a number from %(low)d to %(high)d.", low=1, high=60),
                              "interval_days")
    course = TrainingCourse(title=title, kind=kind, place=clean_text(place, 200, "place"),
                            description=clean_text(description, 2000, "description"))
    topics = DEFAULT_PROGRAMME if kind == CourseKind.BASIC else (REFRESHER_TOPIC,)
    for position, topic in enumerate(topics, start=1):
        day = first_day + timedelta(days=interval_days * (position - 1))
        course.sessions.append(TrainingSession(position=position, topic=topic,
                                               starts_at=_at(day, start_time),
                                               duration_minutes=SESSION_MINUTES))
    db.session.add(course)
    db.session.flush()
    return course


def update_session(session: TrainingSession, *, title: str | None, day: date | None,
                   start_time: time | None, duration_minutes: int | None) -> TrainingSession:
    """Change a session's title (empty: the default topic's), time and length."""
    title = clean_text(title, 200, "title")
    if not title and not session.topic:
        raise ValidationError(_l("Give a title."), "title")
    if not isinstance(day, date):
        raise ValidationError(_l("Give the date."), "day")
    if not isinstance(start_time, time):
        raise ValidationError(_l("Give the starting time."), "start_time")
    if not isinstance(duration_minutes, int) or not 15 <= duration_minutes <= 720:
        raise ValidationError(_l("Give a number from %(low)d to %(high)d.", low=15, high=720),
                              "duration_minutes")
    session.title = title
    session.starts_at = _at(day, start_time)
    session.duration_minutes = duration_minutes
    db.session.flush()
    return session


def add_session(course: TrainingCourse, *, title: str | None, day: date | None,
                start_time: time | None, duration_minutes: int | None) -> TrainingSession:
    """Add a session at the end of a course."""
    session = TrainingSession(position=len(course.sessions) + 1, duration_minutes=SESSION_MINUTES)
    course.sessions.append(session)
    try:
        update_session(session, title=title, day=day, start_time=start_time,
                       duration_minutes=duration_minutes)
    except ValidationError:
        course.sessions.remove(session)
        raise
    return session


def add_participant(course: TrainingCourse, volunteer: Volunteer | None) -> CourseParticipant:
    """Put a volunteer on a course (once)."""
    if volunteer is None:
        raise ValidationError(_l("Choose one of the options."), "volunteer_id")
    if any(p.volunteer_id == volunteer.id for p in course.participants):
        raise ValidationError(_l("%(name)s is on the course already.", name=volunteer.name),
                              "volunteer_id")
    participant = CourseParticipant(volunteer_id=volunteer.id)
    course.participants.append(participant)
    db.session.flush()
    return participant


def attendance(course: TrainingCourse) -> set[tuple[int, int]]:
    """(session id, volunteer id) of every attendance on a course."""
    return {(a.session_id, a.volunteer_id) for s in course.sessions for a in s.attendees}


def set_attendance(course: TrainingCourse, present: Iterable[tuple[int, int]]) -> None:
    """Make exactly these (session id, volunteer id) pairs the course's attendance."""
    sessions = {s.id: s for s in course.sessions}
    participants = {p.volunteer_id for p in course.participants}
    wanted = set(present)
    for session_id, volunteer_id in wanted:
        if session_id not in sessions or volunteer_id not in participants:
            raise ValidationError(_l("Choose one of the options."), "attendance")
    for session in course.sessions:
        for row in list(session.attendees):
            if (session.id, row.volunteer_id) not in wanted:
                session.attendees.remove(row)
        have = {a.volunteer_id for a in session.attendees}
        for session_id, volunteer_id in sorted(wanted):
            if session_id == session.id and volunteer_id not in have:
                session.attendees.append(SessionAttendance(volunteer_id=volunteer_id))
    db.session.flush()


def missed_sessions(course: TrainingCourse, volunteer_id: int) -> list[TrainingSession]:
    """The sessions of a course a participant has not attended."""
    return [s for s in course.sessions
            if not any(a.volunteer_id == volunteer_id for a in s.attendees)]


def complete(course: TrainingCourse, participant: CourseParticipant, *,
             on: date) -> CourseParticipant:
    """Record that a participant completed the course; every session must be attended."""
    if participant.course_id != course.id:
        raise ValueError("the participant is on another course")
    if not isinstance(on, date):
        raise ValidationError(_l("Give the date."), "completed_on")
    missed = missed_sessions(course, participant.volunteer_id)
    if missed:
        # Lazy: the titles are translated when the message is shown, not here.
        listed = LazyString(lambda: ", ".join(f"{s.position}. {session_title(s)}"
                                              for s in missed))
        raise ValidationError(_l("Not completed: sessions missed: %(sessions)s.",
                                 sessions=listed), "completed_on")
    participant.completed_on = on
    db.session.flush()
    return participant


def uncomplete(participant: CourseParticipant) -> CourseParticipant:
    """Take back a completion recorded by mistake."""
    participant.completed_on = None
    db.session.flush()
    return participant


def create_meetup(*, season: MeetupSeason | str, held_on: date | None, title: str | None,
                  place: str | None = None, notes: str | None = None) -> Meetup:
    """A spring, autumn or other get-together of volunteers."""
    try:
        season = MeetupSeason(season)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "season") from None
    if not isinstance(held_on, date):
        raise ValidationError(_l("Give the date."), "held_on")
    title = clean_text(title, 200, "title")
    if not title:
        raise ValidationError(_l("Give a title."), "title")
    meetup = Meetup(season=season, held_on=held_on, title=title,
                    place=clean_text(place, 200, "place"), notes=clean_text(notes, 4000, "notes"))
    db.session.add(meetup)
    db.session.flush()
    return meetup


def set_meetup_attendance(meetup: Meetup, volunteer_ids: Iterable[int]) -> None:
    """Make exactly these volunteers the meetup's attendees."""
    wanted = set(volunteer_ids)
    known = set(db.session.scalars(select(Volunteer.id).where(Volunteer.id.in_(wanted))))
    if wanted - known:
        raise ValidationError(_l("Choose one of the options."), "volunteer_ids")
    for row in list(meetup.attendees):
        if row.volunteer_id not in wanted:
            meetup.attendees.remove(row)
    have = {a.volunteer_id for a in meetup.attendees}
    for volunteer_id in sorted(wanted - have):
        meetup.attendees.append(MeetupAttendance(volunteer_id=volunteer_id))
    db.session.flush()


def save_checklist(checklist: VolunteerChecklist | None, values: Mapping[str, Any]
                   ) -> VolunteerChecklist:
    """Create or change a checklist; one general checklist and at most one per scenario."""
    cleaned = {name: clean_text(values.get(name), limit, name)
               for name, limit in CHECKLIST_TEXT.items()}
    if not cleaned["title"]:
        raise ValidationError(_l("Give a title."), "title")
    scenario_id = values.get("scenario_id")
    if scenario_id is not None and db.session.scalar(
            select(SCENARIO.c.id).where(SCENARIO.c.id == scenario_id)) is None:
        raise ValidationError(_l("Choose one of the options."), "scenario_id")
    query = select(VolunteerChecklist.id).where(
        VolunteerChecklist.scenario_id.is_(None) if scenario_id is None
        else VolunteerChecklist.scenario_id == scenario_id)
    if checklist is not None and checklist.id is not None:
        query = query.where(VolunteerChecklist.id != checklist.id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ValidationError(
            _l("There is a general checklist already.") if scenario_id is None
            else _l("This scenario has a checklist already."), "scenario_id")
    if checklist is None:
        checklist = VolunteerChecklist()
        db.session.add(checklist)
    checklist.scenario_id = scenario_id
    for name, value in cleaned.items():
        setattr(checklist, name, value)
    db.session.flush()
    return checklist


def checklists() -> list[VolunteerChecklist]:
    """Every checklist: the general one first, then by title."""
    return list(db.session.scalars(select(VolunteerChecklist).order_by(
        VolunteerChecklist.scenario_id.is_not(None), VolunteerChecklist.title)))
