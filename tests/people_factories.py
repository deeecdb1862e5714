"""Builders of volunteer-bank, training and support-request records for tests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from network.clock import utcnow
from network.models import (
    AvailabilityException,
    CourseKind,
    CourseParticipant,
    DebriefingRequest,
    IntakeChannel,
    Meetup,
    MeetupAttendance,
    MeetupSeason,
    RequestStatus,
    ServicePoint,
    ServiceSetting,
    SessionAttendance,
    ShiftRequest,
    SupportRequest,
    TrainingCourse,
    TrainingSession,
    User,
    Volunteer,
    VolunteerChecklist,
    WeeklyAvailability,
)
from web.extensions import db

HKI = ZoneInfo("Europe/Helsinki")
ALL_WEEK = tuple(range(7))


def next_weekday(weekday: int, hour: int = 10, days_ahead: int = 7) -> datetime:
    """A moment at least `days_ahead` days from now on a weekday, at an hour (Helsinki)."""
    day = (utcnow().astimezone(HKI) + timedelta(days=days_ahead)).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, time(hour), tzinfo=HKI)


def volunteer(name="Vilja Vapaaehtoinen", *, user: User | None = None, trained=True,
              weekdays=ALL_WEEK, starts=time(8), ends=time(20), languages=("fi",),
              experience=(), **kw) -> Volunteer:
    """An active volunteer, free on the given weekdays, trained unless told otherwise."""
    v = Volunteer(name=name, user_id=user.id if user else None, joined_on=date(2024, 1, 1),
                  languages=list(languages), experience=list(experience), **kw)
    for weekday in weekdays:
        v.slots.append(WeeklyAvailability(weekday=weekday, starts=starts, ends=ends))
    db.session.add(v)
    db.session.flush()
    if trained:
        complete_course(v)
    return v


def course(kind=CourseKind.BASIC, title="Asiointitukihenkilökoulutus") -> TrainingCourse:
    """A course with the default four sessions."""
    c = TrainingCourse(title=title, kind=kind)
    for position, topic in enumerate(("introduction", "service_system", "communication",
                                      "practice_safety"), start=1):
        c.sessions.append(TrainingSession(position=position, topic=topic, duration_minutes=210,
                                          starts_at=datetime(2024, 2, position, 9, tzinfo=HKI)))
    db.session.add(c)
    db.session.flush()
    return c


def complete_course(v: Volunteer, c: TrainingCourse | None = None) -> CourseParticipant:
    """Put a volunteer on a course, attending every session, completed."""
    c = c or course()
    participant = CourseParticipant(course_id=c.id, volunteer_id=v.id,
                                    completed_on=date(2024, 3, 1))
    db.session.add(participant)
    for s in c.sessions:
        db.session.add(SessionAttendance(session_id=s.id, volunteer_id=v.id))
    db.session.flush()
    return participant


def support_request(*, starts_at: datetime | None = None, volunteer: Volunteer | None = None,
                    status=None, **kw) -> SupportRequest:
    """A complete request (assigned when a volunteer is given)."""
    values = {
        "channel": IntakeChannel.COORDINATOR, "client_name": "Kalle Asiakas",
        "client_phone": "040 123 4567", "client_language": "fi",
        "client_needs": "Jännittää, tarvitsee tukea kysymiseen.",
        "appointment_type": "Sosiaalityöntekijän tapaaminen",
        "sector": ServiceSetting.DISABILITY, "place": "Torikatu 10, Oulu",
        "place_latitude": 65.0121, "place_longitude": 25.4651,
        "starts_at": starts_at or next_weekday(0), "duration_minutes": 60,
        "feedback_token": None,
    } | kw
    r = SupportRequest(**values)
    if volunteer is not None:
        r.volunteer_id = volunteer.id
        r.assigned_at = utcnow()
    r.status = status or (RequestStatus.ASSIGNED if volunteer else RequestStatus.OPEN)
    db.session.add(r)
    db.session.flush()
    return r


def sample_people(users: dict, point: ServicePoint) -> dict[str, int]:
    """One record of each people kind; the volunteer account owns the profile and the request."""
    from network.models import Role

    v = volunteer(user=users[Role.VOLUNTEER])
    participant = db.session.query(CourseParticipant).filter_by(volunteer_id=v.id).one()
    away = AvailabilityException(volunteer_id=v.id, day=date(2030, 7, 1), available=False)
    meetup = Meetup(season=MeetupSeason.SPRING, held_on=date(2024, 4, 20), title="Kevättapaaminen")
    meetup.attendees.append(MeetupAttendance(volunteer_id=v.id))
    checklist = VolunteerChecklist(title="Muistilista", remember="Henkilökortti")
    db.session.add_all([away, meetup, checklist])
    req = support_request(volunteer=v)
    debriefing = DebriefingRequest(volunteer_id=v.id, support_request_id=req.id,
                                   message="Raskas käynti")
    shift = ShiftRequest(point_id=point.id, day=date(2030, 6, 1), starts=time(10),
                         ends=time(14), volunteers_needed=2, note="Ruoka-avun jako")
    db.session.add_all([debriefing, shift])
    db.session.flush()
    return {"volunteer_id": v.id, "slot_id": v.slots[0].id, "dated_id": away.id,
            "course_id": participant.course_id, "participant_id": participant.id,
            "session_id": participant.course.sessions[0].id, "meetup_id": meetup.id,
            "checklist_id": checklist.id, "request_id": req.id, "debriefing_id": debriefing.id,
            "shift_id": shift.id}
