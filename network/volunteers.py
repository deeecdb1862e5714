"""Volunteer bank operations: profiles, availability, interviews, thanks, debriefings, leaving.

Each operation checks its input, raises ValidationError naming the field to fix, changes
nothing when it refuses, and flushes; the caller commits.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from geo.gazetteer import PlaceMatch, default_gazetteer
from network.database import db
from network.errors import ValidationError
from network.models import (
    AvailabilityException,
    CourseKind,
    CourseParticipant,
    DebriefingRequest,
    RequestStatus,
    Role,
    ServiceSetting,
    SupportRequest,
    TrainingCourse,
    User,
    VisitReport,
    Volunteer,
    VolunteerInterview,
    VolunteerStatus,
    VolunteerThanks,
    WeeklyAvailability,
)
from network.points import check_languages

PROFILE_TEXT = {"name": 200, "email": 254, "phone": 40, "home_place": 200,
                "strengths": 2000, "interests": 2000, "challenges": 2000}
# What a volunteer may change on their own profile; the rest is the coordinator's.
OWN_FIELDS = frozenset({*PROFILE_TEXT, "language", "languages", "experience"})
COORDINATOR_FIELDS = frozenset({*OWN_FIELDS, "status", "user_id", "joined_on"})
INTERVIEW_TEXT = {"work_history": 4000, "life_situation": 4000, "earlier_volunteering": 4000,
                  "motivation": 4000, "notes": 4000}
MESSAGE_LANGUAGES = ("fi", "sv", "en")


def too_long(limit: int):
    """The message for a text over its limit."""
    return _l("Use at most %(n)d characters.", n=limit)


def clean_text(value: Any, limit: int, field: str) -> str | None:
    """Trimmed text within its limit, or None when empty."""
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise ValidationError(too_long(limit), field)
    return value or None


def locate(place: str | None) -> tuple[float | None, float | None]:
    """The place's position from the offline gazetteer, or (None, None) when unknown."""
    if not place:
        return None, None
    found = default_gazetteer().lookup(place)
    if isinstance(found, PlaceMatch):
        return found.place.lat, found.place.lon
    return None, None


def _settings(values: Iterable[str]) -> list[str]:
    found: list[str] = []
    for value in values or ():
        try:
            setting = ServiceSetting(value).value
        except ValueError:
            raise ValidationError(_l("Choose one of the options."), "experience") from None
        if setting not in found:
            found.append(setting)
    return found


def _clean_profile(values: Mapping[str, Any], allowed: frozenset[str],
                   volunteer: Volunteer | None) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"fields not allowed here: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, limit in PROFILE_TEXT.items():
        if name in values:
            cleaned[name] = clean_text(values[name], limit, name)
    if "name" in values and not cleaned["name"]:
        raise ValidationError(_l("Give a name."), "name")
    if "language" in values:
        if values["language"] not in MESSAGE_LANGUAGES:
            raise ValidationError(_l("Choose one of the options."), "language")
        cleaned["language"] = values["language"]
    if "languages" in values:
        kept = volunteer.languages if volunteer is not None else ()
        cleaned["languages"] = check_languages(values["languages"] or (), kept)
    if "experience" in values:
        cleaned["experience"] = _settings(values["experience"])
    if "status" in values:
        try:
            cleaned["status"] = VolunteerStatus(values["status"])
        except ValueError:
            raise ValidationError(_l("Choose one of the options."), "status") from None
    if "joined_on" in values:
        if not isinstance(values["joined_on"], date):
            raise ValidationError(_l("Give the date."), "joined_on")
        cleaned["joined_on"] = values["joined_on"]
    if "user_id" in values:
        cleaned["user_id"] = _check_account(values["user_id"], volunteer)
    return cleaned


def _check_account(user_id: int | None, volunteer: Volunteer | None) -> int | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.VOLUNTEER:
        raise ValidationError(_l("Choose a volunteer account."), "user_id")
    other = db.session.scalar(select(Volunteer.id).where(Volunteer.user_id == user_id))
    if other is not None and (volunteer is None or other != volunteer.id):
        raise ValidationError(_l("This account belongs to another volunteer's profile."),
                              "user_id")
    return user_id


def _apply(volunteer: Volunteer, cleaned: Mapping[str, Any]) -> None:
    place_changed = "home_place" in cleaned and cleaned["home_place"] != volunteer.home_place
    for name, value in cleaned.items():
        setattr(volunteer, name, value)
    if place_changed or (volunteer.home_place and volunteer.latitude is None):
        volunteer.latitude, volunteer.longitude = locate(volunteer.home_place)


def create_volunteer(values: Mapping[str, Any], *, today: date) -> Volunteer:
    """A new profile in the bank (by a coordinator)."""
    values = {"joined_on": today, **values}
    cleaned = _clean_profile(values, COORDINATOR_FIELDS, None)
    volunteer = Volunteer(languages=[], experience=[])
    _apply(volunteer, cleaned)
    db.session.add(volunteer)
    db.session.flush()
    return volunteer


def update_volunteer(volunteer: Volunteer, values: Mapping[str, Any], *,
                     own: bool = False) -> Volunteer:
    """Change a profile; a volunteer editing their own may change only OWN_FIELDS."""
    cleaned = _clean_profile(values, OWN_FIELDS if own else COORDINATOR_FIELDS, volunteer)
    if cleaned.get("status") == VolunteerStatus.LEFT and volunteer.status != VolunteerStatus.LEFT:
        raise ValidationError(_l("Use “Leaves the bank” to record that a volunteer leaves."),
                              "status")
    if (volunteer.status == VolunteerStatus.LEFT and "status" in cleaned
            and cleaned["status"] != VolunteerStatus.LEFT):
        volunteer.left_on = None  # back in the bank
    if cleaned.get("joined_on") and volunteer.left_on and cleaned["joined_on"] > volunteer.left_on:
        raise ValidationError(_l("The first day cannot be after the last day."), "joined_on")
    _apply(volunteer, cleaned)
    db.session.flush()
    return volunteer


def volunteer_of(user: User) -> Volunteer | None:
    """The profile linked to a login, if any."""
    if user is None or not getattr(user, "id", None):
        return None
    return db.session.scalar(select(Volunteer).where(Volunteer.user_id == user.id))


def free_accounts(volunteer: Volunteer | None) -> list[User]:
    """Volunteer logins not yet linked to another profile (and this profile's own)."""
    linked = select(Volunteer.user_id).where(Volunteer.user_id.is_not(None))
    if volunteer is not None and volunteer.id is not None:
        linked = linked.where(Volunteer.id != volunteer.id)
    return list(db.session.scalars(
        select(User).where(User.role == Role.VOLUNTEER, User.active.is_(True),
                           User.id.not_in(linked)).order_by(User.name)))


def _check_period(starts: time | None, ends: time | None) -> None:
    if not isinstance(starts, time):
        raise ValidationError(_l("Give the starting time."), "starts")
    if not isinstance(ends, time):
        raise ValidationError(_l("Give the ending time."), "ends")
    if starts >= ends:
        raise ValidationError(_l("The end must be after the start."), "ends")


def add_slot(volunteer: Volunteer, *, weekday: int, starts: time,
             ends: time) -> WeeklyAvailability:
    """A weekly period of free time; periods of one weekday may not overlap."""
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise ValidationError(_l("Choose one of the options."), "weekday")
    _check_period(starts, ends)
    for other in volunteer.slots:
        if other.weekday == weekday and starts < other.ends and other.starts < ends:
            raise ValidationError(
                _l("This overlaps the period %(starts)s–%(ends)s on the same day.",
                   starts=other.starts.strftime("%H:%M"), ends=other.ends.strftime("%H:%M")),
                "starts")
    slot = WeeklyAvailability(weekday=weekday, starts=starts, ends=ends)
    volunteer.slots.append(slot)
    db.session.flush()
    return slot


def remove_slot(volunteer: Volunteer, slot: WeeklyAvailability) -> None:
    """Remove a weekly period."""
    if slot.volunteer_id != volunteer.id:
        raise ValueError("the period belongs to another volunteer")
    volunteer.slots.remove(slot)
    db.session.flush()


def add_dated(volunteer: Volunteer, *, day: date, available: bool, starts: time | None = None,
              ends: time | None = None, note: str | None = None) -> AvailabilityException:
    """A dated change: away all day or some hours, or free at extra hours that day."""
    if not isinstance(day, date):
        raise ValidationError(_l("Give the date."), "day")
    note = clean_text(note, 200, "note")
    if available or starts is not None or ends is not None:
        _check_period(starts, ends)
    change = AvailabilityException(day=day, available=bool(available), starts=starts,
                                   ends=ends, note=note)
    volunteer.dated.append(change)
    db.session.flush()
    return change


def remove_dated(volunteer: Volunteer, change: AvailabilityException) -> None:
    """Remove a dated change."""
    if change.volunteer_id != volunteer.id:
        raise ValueError("the change belongs to another volunteer")
    volunteer.dated.remove(change)
    db.session.flush()


def save_interview(volunteer: Volunteer, values: Mapping[str, Any], *, interviewer: User,
                   ) -> VolunteerInterview:
    """Fill or update the recruitment interview form kept with the profile."""
    cleaned = {name: clean_text(values.get(name), limit, name)
               for name, limit in INTERVIEW_TEXT.items()}
    interviewed_on = values.get("interviewed_on")
    if not isinstance(interviewed_on, date):
        raise ValidationError(_l("Give the date."), "interviewed_on")
    interview = volunteer.interview
    if interview is None:
        interview = VolunteerInterview(interviewer_id=interviewer.id)
        volunteer.interview = interview
    interview.interviewed_on = interviewed_on
    for name, value in cleaned.items():
        setattr(interview, name, value)
    db.session.flush()
    return interview


def thank(volunteer: Volunteer, *, note: str | None, given_on: date, actor: User,
          now: datetime) -> VolunteerThanks:
    """Record thanks given to a volunteer."""
    note = clean_text(note, 500, "note")
    if not note:
        raise ValidationError(_l("Say what the thanks were for."), "note")
    if not isinstance(given_on, date):
        raise ValidationError(_l("Give the date."), "given_on")
    thanks = VolunteerThanks(volunteer_id=volunteer.id, given_on=given_on, note=note,
                             recorded_by_id=actor.id, recorded_at=now)
    db.session.add(thanks)
    db.session.flush()
    return thanks


def request_debriefing(volunteer: Volunteer, *, message: str | None,
                       support_request: SupportRequest | None, now: datetime
                       ) -> DebriefingRequest:
    """A volunteer asks to talk a visit through with the coordinator."""
    message = clean_text(message, 2000, "message")
    if support_request is not None and support_request.volunteer_id != volunteer.id:
        raise ValidationError(_l("Choose one of your own assignments."), "support_request_id")
    request = DebriefingRequest(volunteer_id=volunteer.id, message=message, requested_at=now,
                                support_request_id=support_request.id if support_request
                                else None)
    db.session.add(request)
    db.session.flush()
    return request


def handle_debriefing(debriefing: DebriefingRequest, *, actor: User, note: str | None,
                      now: datetime) -> DebriefingRequest:
    """The coordinator marks a debriefing request dealt with."""
    note = clean_text(note, 500, "handled_note")
    if debriefing.handled_at is None:
        debriefing.handled_at, debriefing.handled_by_id = now, actor.id
    debriefing.handled_note = note
    db.session.flush()
    return debriefing


def open_debriefings() -> list[DebriefingRequest]:
    """Debriefing requests not yet handled, oldest first."""
    return list(db.session.scalars(select(DebriefingRequest)
                                   .where(DebriefingRequest.handled_at.is_(None))
                                   .order_by(DebriefingRequest.requested_at)))


def leave(volunteer: Volunteer, *, left_on: date, now: datetime) -> Volunteer:
    """The volunteer leaves the bank; refused while they have visits still to come."""
    if not isinstance(left_on, date):
        raise ValidationError(_l("Give the date."), "left_on")
    if left_on < volunteer.joined_on:
        raise ValidationError(_l("The last day cannot be before the first day."), "left_on")
    upcoming = db.session.scalar(select(func.count(SupportRequest.id)).where(
        SupportRequest.volunteer_id == volunteer.id,
        SupportRequest.status == RequestStatus.ASSIGNED))
    if upcoming:
        raise ValidationError(_l("The volunteer still has %(n)d assigned visits: assign them to "
                                 "someone else first.", n=upcoming), "left_on")
    volunteer.status, volunteer.left_on = VolunteerStatus.LEFT, left_on
    db.session.flush()
    return volunteer


@dataclass(frozen=True)
class Summary:
    """What a certificate of volunteering says: period, visits, hours, courses completed."""

    joined_on: date
    left_on: date | None
    visits: int
    minutes: int
    courses: list[tuple[TrainingCourse, date]]


def summary(volunteer: Volunteer) -> Summary:
    """The volunteer's record for the certificate of volunteering."""
    visits, minutes = db.session.execute(
        select(func.count(VisitReport.id), func.coalesce(func.sum(VisitReport.duration_minutes), 0))
        .where(VisitReport.volunteer_id == volunteer.id, VisitReport.happened.is_(True))).one()
    courses = [(p.course, p.completed_on) for p in db.session.scalars(
        select(CourseParticipant).join(TrainingCourse)
        .where(CourseParticipant.volunteer_id == volunteer.id,
               CourseParticipant.completed_on.is_not(None))
        .order_by(CourseParticipant.completed_on))]
    return Summary(volunteer.joined_on, volunteer.left_on, int(visits), int(minutes), courses)


def is_trained(volunteer: Volunteer) -> bool:
    """Whether the volunteer has completed a basic support-person course."""
    return volunteer.id in trained_ids([volunteer.id])


def trained_ids(volunteer_ids: Iterable[int]) -> set[int]:
    """Those of the volunteers who have completed a basic course."""
    ids = list(volunteer_ids)
    if not ids:
        return set()
    return set(db.session.scalars(
        select(CourseParticipant.volunteer_id).join(TrainingCourse)
        .where(CourseParticipant.volunteer_id.in_(ids),
               CourseParticipant.completed_on.is_not(None),
               TrainingCourse.kind == CourseKind.BASIC)))
