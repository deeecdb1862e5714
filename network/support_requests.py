"""Support requests: intake (who, what, where, when), matching, assignment, report, cancel.

Intake refuses a request that lacks any of the four and says which are missing. Only a
coordinator (or steering admin) assigns: volunteers never arrange visits themselves. After
the visit the assigned volunteer files a report, which closes the request and invites the
client to give feedback. Each operation flushes; the caller commits, then sends messages.
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from network import matching, notifications, privacy, volunteers
from network.clock import HELSINKI, local
from network.database import db
from network.errors import ValidationError
from network.models import (
    IntakeChannel,
    Organisation,
    RequestStatus,
    ServiceSetting,
    SupportMessage,
    SupportRequest,
    User,
    VisitReport,
    Volunteer,
    VolunteerStatus,
)
from network.points import LANGUAGE_CODES

MIN_MINUTES, MAX_MINUTES = 10, 480
TEXT_LIMITS = {"client_name": 200, "client_phone": 40, "client_email": 254,
               "client_needs": 2000, "requester": 300, "appointment_type": 200, "place": 300}
PARTS = {
    "who": ("client_name", "client_phone", "client_language", "client_needs"),
    "what": ("appointment_type", "sector"),
    "where": ("place",),
    "when": ("day", "time", "duration_minutes"),
}
PART_NAMES = {"who": _l("who"), "what": _l("what"), "where": _l("where"), "when": _l("when")}
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,38}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RequestErrors(ValidationError):
    """Every problem of a request at once: `errors` by field, `missing` the parts lacking."""

    def __init__(self, errors: dict[str, Any], missing: list[str]):
        if missing:
            # Lazy: the part names are translated when the message is shown.
            parts = LazyString(lambda: ", ".join(str(PART_NAMES[p]) for p in missing))
            message = _l("The request is missing: %(parts)s.", parts=parts)
        else:
            message = _l("Please correct the marked fields.")
        super().__init__(message, None)
        self.errors, self.missing = errors, missing


def client_key(phone: str | None, email: str | None) -> str | None:
    """A key that recognises the same client's later requests by phone or email."""
    digits = re.sub(r"\D", "", phone or "")[-9:]
    basis = f"phone:{digits}" if len(digits) >= 5 else (
        f"email:{email.strip().lower()}" if email else None)
    return hashlib.sha256(basis.encode()).hexdigest() if basis else None


def clean(values: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The request's fields checked; raises RequestErrors with everything wrong or missing."""
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        value = values.get(name)
        value = str(value).strip() if value is not None else ""
        if len(value) > limit:
            errors[name] = _l("Use at most %(n)d characters.", n=limit)
        cleaned[name] = value or None
    missing: dict[str, Any] = {}
    if not cleaned["client_name"]:
        missing["client_name"] = _l("Give the client's name.")
    if not (cleaned["client_phone"] or cleaned["client_email"] or cleaned["requester"]):
        missing["client_phone"] = _l("Give a phone number or an email address, so the client "
                                     "can be told that a support person is coming.")
    if cleaned["client_phone"] and not PHONE.match(cleaned["client_phone"]):
        errors["client_phone"] = _l("Give a phone number, e.g. 040 123 4567.")
    if cleaned["client_email"] and not EMAIL.match(cleaned["client_email"]):
        errors["client_email"] = _l("Give an email address, e.g. name@example.org.")
    language = (values.get("client_language") or "").strip().lower()
    if not language:
        missing["client_language"] = _l("Give the client's language.")
    elif language not in LANGUAGE_CODES:
        errors["client_language"] = _l("Use a two-letter ISO 639-1 code such as fi, sv, ru.")
    cleaned["client_language"] = language
    if not cleaned["client_needs"]:
        missing["client_needs"] = _l("Say what support the client needs.")
    if not cleaned["appointment_type"]:
        missing["appointment_type"] = _l("Say what the appointment is.")
    try:
        cleaned["sector"] = ServiceSetting(values.get("sector"))
    except ValueError:
        missing["sector"] = _l("Choose the sector.")
    if not cleaned["place"]:
        missing["place"] = _l("Give the place of the appointment.")
    day, start = values.get("day"), values.get("time")
    if not isinstance(day, date):
        missing["day"] = _l("Give the date.")
    if not isinstance(start, time):
        missing["time"] = _l("Give the time.")
    minutes = values.get("duration_minutes")
    if minutes is None or minutes == "":
        missing["duration_minutes"] = _l("Give the expected duration.")
    elif not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["duration_minutes"] = _l("Give a duration from %(low)d to %(high)d minutes.",
                                        low=MIN_MINUTES, high=MAX_MINUTES)
    if "day" not in missing and "time" not in missing:
        starts = datetime.combine(day, start, tzinfo=HELSINKI)
        if starts <= now:
            errors["day"] = _l("The appointment must be in the future.")
        cleaned["starts_at"] = starts
    cleaned["duration_minutes"] = minutes
    partner = values.get("partner_organisation_id")
    if partner is not None and db.session.get(Organisation, partner) is None:
        errors["partner_organisation_id"] = _l("Choose one of the options.")
    cleaned["partner_organisation_id"] = partner
    if missing or errors:
        parts = [part for part, names in PARTS.items() if any(n in missing for n in names)]
        raise RequestErrors({**errors, **missing}, parts)
    return cleaned


def create_request(values: Mapping[str, Any], *, channel: IntakeChannel | str,
                   actor: User | None, now: datetime,
                   locate: Callable[[str], tuple[float | None, float | None]] = volunteers.locate,
                   ) -> SupportRequest:
    """Take in a request from a coordinator, for a partner organisation, or from the public."""
    channel = IntakeChannel(channel)
    if channel == IntakeChannel.PUBLIC_FORM:
        values = {k: v for k, v in values.items() if k != "partner_organisation_id"}
    elif actor is None or not privacy.can_manage_requests(actor):
        raise PermissionError("only coordinators take in requests for others")
    cleaned = clean(values, now=now)
    if channel == IntakeChannel.PARTNER and cleaned["partner_organisation_id"] is None:
        raise RequestErrors({"partner_organisation_id": _l("Choose the partner organisation.")},
                            [])
    latitude, longitude = locate(cleaned["place"])
    request = SupportRequest(
        channel=channel, status=RequestStatus.OPEN, created_at=now,
        created_by_id=actor.id if actor is not None else None,
        client_key=client_key(cleaned["client_phone"], cleaned["client_email"]),
        place_latitude=latitude, place_longitude=longitude,
        feedback_token=secrets.token_urlsafe(24),
        **{k: cleaned[k] for k in (*TEXT_LIMITS, "client_language", "sector", "starts_at",
                                   "duration_minutes", "partner_organisation_id")})
    db.session.add(request)
    db.session.flush()
    return request


def need_of(request: SupportRequest) -> matching.Need:
    """What the request needs, in local time, for the matching rules."""
    starts = local(request.starts_at)
    return matching.Need(starts=starts, ends=starts + timedelta(minutes=request.duration_minutes),
                         language=request.client_language,
                         sector=ServiceSetting(request.sector).value,
                         latitude=request.place_latitude, longitude=request.place_longitude,
                         client_key=request.client_key)


def _taken(volunteer_ids: list[int], request: SupportRequest) -> dict[int, list[tuple]]:
    """The other visits of each volunteer around the request's day (assigned or done)."""
    window = timedelta(days=1)
    rows = db.session.execute(
        select(SupportRequest.volunteer_id, SupportRequest.starts_at,
               SupportRequest.duration_minutes)
        .where(SupportRequest.volunteer_id.in_(volunteer_ids), SupportRequest.id != request.id,
               SupportRequest.status.in_([RequestStatus.ASSIGNED, RequestStatus.CLOSED]),
               SupportRequest.starts_at >= request.starts_at - window,
               SupportRequest.starts_at <= request.starts_at + window))
    busy: dict[int, list[tuple]] = {}
    for volunteer_id, starts, minutes in rows:
        busy.setdefault(volunteer_id, []).append(
            (local(starts), local(starts) + timedelta(minutes=minutes)))
    return busy


def candidates(request: SupportRequest, *, now: datetime) -> list[matching.Candidate]:
    """Every active volunteer as a matching candidate for the request."""
    people = list(db.session.scalars(
        select(Volunteer).where(Volunteer.status == VolunteerStatus.ACTIVE)
        .options(selectinload(Volunteer.slots), selectinload(Volunteer.dated))
        .order_by(Volunteer.id)))
    ids = [v.id for v in people]
    if not ids:
        return []
    trained = volunteers.trained_ids(ids)
    busy = _taken(ids, request)
    recent = dict(db.session.execute(
        select(SupportRequest.volunteer_id, func.count(SupportRequest.id))
        .where(SupportRequest.volunteer_id.in_(ids), SupportRequest.id != request.id,
               SupportRequest.status != RequestStatus.CANCELLED,
               SupportRequest.assigned_at >= now - timedelta(days=matching.RECENT_DAYS))
        .group_by(SupportRequest.volunteer_id)).all())
    served: set[int] = set()
    if request.client_key:
        served = set(db.session.scalars(
            select(SupportRequest.volunteer_id).where(
                SupportRequest.client_key == request.client_key, SupportRequest.id != request.id,
                SupportRequest.volunteer_id.is_not(None),
                SupportRequest.status.in_([RequestStatus.ASSIGNED, RequestStatus.CLOSED]))))
    return [matching.Candidate(
        volunteer_id=v.id, name=v.name,
        slots=[matching.Slot(s.weekday, s.starts, s.ends) for s in v.slots],
        dated=[matching.DatedChange(d.day, d.available, d.starts, d.ends) for d in v.dated],
        busy=busy.get(v.id, []), trained=v.id in trained, languages=list(v.languages or ()),
        experience=list(v.experience or ()), latitude=v.latitude, longitude=v.longitude,
        recent=int(recent.get(v.id, 0)), served_client=v.id in served) for v in people]


def ranking(request: SupportRequest, *, now: datetime) -> matching.Ranking:
    """The volunteers ranked for the request, with reasons."""
    return matching.rank(need_of(request), candidates(request, now=now))


@dataclass
class Outcome:
    """What an operation did, and the messages to send once the caller has committed."""

    request: SupportRequest
    messages: list[SupportMessage] = field(default_factory=list)

    @property
    def message_ids(self) -> list[int]:
        """The ids of the messages to send."""
        return [m.id for m in self.messages]


def assign(request: SupportRequest, volunteer: Volunteer | None, *, actor: User, now: datetime,
           site_url: str, override: bool = False) -> Outcome:
    """The coordinator assigns a volunteer; the client is told someone is coming.

    Refused for an untrained, inactive or double-booked volunteer; a volunteer whose profile
    says they are not free then may be assigned only with `override` (they have agreed).
    """
    if not privacy.can_assign(actor):
        raise PermissionError("only coordinators assign volunteers")
    if request.status not in (RequestStatus.OPEN, RequestStatus.ASSIGNED):
        raise ValidationError(_l("This request is closed: it cannot be assigned."), "volunteer_id")
    if volunteer is None or volunteer.status != VolunteerStatus.ACTIVE:
        raise ValidationError(_l("Choose an active volunteer."), "volunteer_id")
    if request.volunteer_id == volunteer.id:
        return Outcome(request)
    assessed = next((r for r in ranking(request, now=now).ranked
                     if r.candidate.volunteer_id == volunteer.id), None)
    if assessed is None or not assessed.trained:
        raise ValidationError(_l("%(name)s has not completed the support person training.",
                                 name=volunteer.name), "volunteer_id")
    reasons = {r.code: r for r in assessed.reasons}
    if not reasons["free"].ok:
        raise ValidationError(_l("%(name)s has another assignment at that time.",
                                 name=volunteer.name), "volunteer_id")
    if not reasons["available"].ok and not override:
        raise ValidationError(_l("%(name)s is not available at that time according to their "
                                 "profile. Assign only if they have agreed, and tick the box.",
                                 name=volunteer.name), "override")
    outcome = Outcome(request)
    previous = request.volunteer
    if previous is not None:
        outcome.messages.append(notifications.cancellation_to_volunteer(request, now=now))
    request.volunteer = volunteer
    request.volunteer_id = volunteer.id
    request.status = RequestStatus.ASSIGNED
    request.assigned_at, request.assigned_by_id = now, actor.id
    db.session.flush()
    outcome.messages.append(notifications.confirm_to_client(request, now=now))
    outcome.messages.append(notifications.details_to_volunteer(request, site_url=site_url,
                                                               now=now))
    return outcome


def file_report(request: SupportRequest, *, user: User, happened: bool | None,
                duration_minutes: int | None, notes: str | None, concerns: str | None,
                wants_debriefing: bool = False, now: datetime, site_url: str) -> Outcome:
    """The assigned volunteer reports the visit; the request closes; feedback is invited."""
    if not privacy.is_assigned_volunteer(user, request):
        raise PermissionError("only the assigned volunteer reports the visit")
    if request.status != RequestStatus.ASSIGNED:
        raise ValidationError(_l("This visit has been reported already."), "happened")
    if happened is None:
        raise ValidationError(_l("Say whether the visit happened."), "happened")
    if happened and request.starts_at > now:
        raise ValidationError(_l("The visit is still to come: report it afterwards."),
                              "happened")
    if happened and (not isinstance(duration_minutes, int)
                     or not 1 <= duration_minutes <= 1440):
        raise ValidationError(_l("Give the duration in minutes, from %(low)d to %(high)d.",
                                 low=1, high=1440), "duration_minutes")
    notes = volunteers.clean_text(notes, 4000, "notes")
    concerns = volunteers.clean_text(concerns, 4000, "concerns")
    report = VisitReport(request_id=request.id, volunteer_id=request.volunteer_id,
                         happened=happened, duration_minutes=duration_minutes if happened else None,
                         notes=notes, concerns=concerns, filed_at=now)
    request.report = report
    request.status, request.closed_at = RequestStatus.CLOSED, now
    if wants_debriefing:
        volunteers.request_debriefing(request.volunteer, message=concerns,
                                      support_request=request, now=now)
    db.session.flush()
    outcome = Outcome(request)
    if happened:
        outcome.messages.append(notifications.feedback_invitation(request, site_url=site_url,
                                                                  now=now))
    return outcome


def cancel(request: SupportRequest, *, actor: User, reason: str | None,
           now: datetime) -> Outcome:
    """The coordinator cancels a request; an assigned volunteer is told."""
    if not privacy.can_manage_requests(actor):
        raise PermissionError("only coordinators cancel requests")
    if request.status not in (RequestStatus.OPEN, RequestStatus.ASSIGNED):
        raise ValidationError(_l("This request is closed already."), "cancel_reason")
    reason = volunteers.clean_text(reason, 300, "cancel_reason")
    outcome = Outcome(request)
    if request.volunteer is not None:
        outcome.messages.append(notifications.cancellation_to_volunteer(request, now=now))
    request.status, request.closed_at, request.cancel_reason = RequestStatus.CANCELLED, now, reason
    db.session.flush()
    return outcome


def requests_in(statuses: list[RequestStatus]) -> list[SupportRequest]:
    """Requests in the given statuses, soonest appointment first."""
    return list(db.session.scalars(
        select(SupportRequest).where(SupportRequest.status.in_(statuses))
        .options(selectinload(SupportRequest.volunteer))
        .order_by(SupportRequest.starts_at, SupportRequest.id)))


def assignments_of(volunteer: Volunteer) -> list[SupportRequest]:
    """A volunteer's own assignments: upcoming and reported, soonest first."""
    return list(db.session.scalars(
        select(SupportRequest).where(
            SupportRequest.volunteer_id == volunteer.id,
            SupportRequest.status.in_([RequestStatus.ASSIGNED, RequestStatus.CLOSED]))
        .order_by(SupportRequest.status, SupportRequest.starts_at)))


def messages_of(request: SupportRequest) -> list[SupportMessage]:
    """The messages recorded for a request, oldest first."""
    return list(db.session.scalars(select(SupportMessage)
                                   .where(SupportMessage.request_id == request.id)
                                   .order_by(SupportMessage.id)))
