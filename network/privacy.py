"""Who may see a client's details, the log of every view, and erasure after the request closes.

Client details are for coordinators, steering admins and the volunteer assigned to the
request (until they have reported the visit). Every view of them writes a ClientAccessLog
row. A configurable number of days after a request closes (or, if it never got a volunteer,
after its appointment), the client's personal data is emptied; what the indicators count
stays: sector, month, duration, language.
"""

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from network.clock import local
from network.database import db
from network.models import (
    ClientAccessLog,
    DebriefingRequest,
    RequestStatus,
    Role,
    SupportMessage,
    SupportRequest,
    User,
    VisitReport,
)
from network.permissions import MANAGERS

ERASE_AFTER_DAYS = 90
BATCH = 500
# The client's personal fields and what the erasure job leaves in them.
PERSONAL_FIELDS = ("client_name", "client_phone", "client_email", "client_needs", "client_key",
                   "appointment_type", "place", "place_latitude", "place_longitude",
                   "requester", "cancel_reason", "feedback_token")


def can_manage_requests(user: User) -> bool:
    """Coordinators and steering admins take, match and assign requests."""
    return bool(user.is_active and user.role in MANAGERS)


def can_assign(user: User) -> bool:
    """Only coordinators (and steering admins) assign; volunteers never arrange visits."""
    return can_manage_requests(user)


def is_assigned_volunteer(user: User, request: SupportRequest) -> bool:
    """Whether the user is the volunteer assigned to the request."""
    return bool(user.is_active and user.role == Role.VOLUNTEER and request.volunteer is not None
                and request.volunteer.user_id == user.id)


def can_view_client(user: User, request: SupportRequest) -> bool:
    """Whether the user may see the client's details: the assigned volunteer until the visit
    is reported, coordinators always (until the erasure job empties them)."""
    return can_manage_requests(user) or (is_assigned_volunteer(user, request)
                                         and request.status == RequestStatus.ASSIGNED)


def view_client(request: SupportRequest, user: User, *, view: str,
                now: datetime) -> ClientAccessLog:
    """Log that a user is shown the client's details; refuses those who may not see them."""
    if not can_view_client(user, request):
        raise PermissionError("not allowed to see this client's details")
    entry = ClientAccessLog(request_id=request.id, user_id=user.id, viewed_at=now, view=view[:40])
    db.session.add(entry)
    db.session.flush()
    return entry


def access_log(request: SupportRequest) -> list[ClientAccessLog]:
    """Every logged view of a request's client details, newest first."""
    return list(db.session.scalars(
        select(ClientAccessLog).where(ClientAccessLog.request_id == request.id)
        .order_by(ClientAccessLog.viewed_at.desc(), ClientAccessLog.id.desc())))


def month_start(moment: datetime) -> datetime:
    """Midnight on the first day of the moment's month, Helsinki time."""
    return local(moment).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def erase(request: SupportRequest, *, now: datetime) -> SupportRequest:
    """Empty the client's personal data of a request, keeping what the indicators count."""
    if request.erased_at is not None:
        return request
    for name in PERSONAL_FIELDS:
        setattr(request, name, None)
    request.starts_at = month_start(request.starts_at)
    request.erased_at = now
    db.session.execute(update(VisitReport).where(VisitReport.request_id == request.id)
                       .values(notes=None, concerns=None))
    db.session.execute(update(SupportMessage).where(SupportMessage.request_id == request.id)
                       .values(address=None, subject="", body=""))
    db.session.execute(update(DebriefingRequest)
                       .where(DebriefingRequest.support_request_id == request.id)
                       .values(message=None))
    db.session.flush()
    return request


def expired(*, now: datetime, after_days: int = ERASE_AFTER_DAYS):
    """The query for requests whose personal data is due for erasure."""
    cutoff = now - timedelta(days=after_days)
    return select(SupportRequest).where(
        SupportRequest.erased_at.is_(None),
        or_(and_(SupportRequest.status.in_([RequestStatus.CLOSED, RequestStatus.CANCELLED]),
                 SupportRequest.closed_at <= cutoff),
            # Never served: its appointment passed long ago.
            and_(SupportRequest.status == RequestStatus.OPEN,
                 SupportRequest.starts_at <= cutoff)))


def erase_expired(*, now: datetime, after_days: int = ERASE_AFTER_DAYS) -> int:
    """Erase every request due; safe to run twice (erased ones are skipped). Returns the count."""
    if after_days < 0:
        raise ValueError("after_days must not be negative")
    count = 0
    while True:
        batch = list(db.session.scalars(
            expired(now=now, after_days=after_days).order_by(SupportRequest.id).limit(BATCH)))
        if not batch:
            return count
        for request in batch:
            erase(request, now=now)
        count += len(batch)
