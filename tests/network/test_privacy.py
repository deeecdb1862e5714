"""Who sees a client's details, the access log, and the erasure of personal data."""

from datetime import timedelta

import pytest

from network import privacy, support_requests
from network.clock import local, utcnow
from network.models import (
    ClientAccessLog,
    DebriefingRequest,
    RequestStatus,
    Role,
    SupportMessage,
    VisitReport,
)
from tests import people_factories as pf
from web.extensions import db

SITE = "http://apu.test"


def test_client_details_are_for_coordinators_and_the_assigned_volunteer(app, users):
    mine = pf.volunteer(user=users[Role.VOLUNTEER])
    assigned_to_me = pf.support_request(volunteer=mine)
    someone_else = pf.support_request(volunteer=pf.volunteer("Joku muu"))
    unassigned = pf.support_request()
    for req in (assigned_to_me, someone_else, unassigned):
        assert privacy.can_view_client(users[Role.COORDINATOR], req)
        assert privacy.can_view_client(users[Role.STEERING_ADMIN], req)
        assert not privacy.can_view_client(users[Role.POINT_WORKER], req)
    assert privacy.can_view_client(users[Role.VOLUNTEER], assigned_to_me)
    assert not privacy.can_view_client(users[Role.VOLUNTEER], someone_else)
    assert not privacy.can_view_client(users[Role.VOLUNTEER], unassigned)
    # After the report the volunteer no longer sees the client's details.
    assigned_to_me.status = RequestStatus.CLOSED
    assert not privacy.can_view_client(users[Role.VOLUNTEER], assigned_to_me)
    users[Role.COORDINATOR].active = False
    assert not privacy.can_view_client(users[Role.COORDINATOR], unassigned)


def test_every_view_is_logged_and_refused_views_are_not(app, users):
    req = pf.support_request(volunteer=pf.volunteer(user=users[Role.VOLUNTEER]))
    now = utcnow()
    privacy.view_client(req, users[Role.COORDINATOR], view="request", now=now)
    privacy.view_client(req, users[Role.VOLUNTEER], view="assignment",
                        now=now + timedelta(seconds=1))
    with pytest.raises(PermissionError):
        privacy.view_client(req, users[Role.POINT_WORKER], view="request", now=now)
    log = privacy.access_log(req)
    assert [(e.user_id, e.view) for e in log] == [
        (users[Role.VOLUNTEER].id, "assignment"), (users[Role.COORDINATOR].id, "request")]


def closed_request(users, *, days_ago: int):
    """A request reported `days_ago` days ago, with messages, a report and a debriefing."""
    v = pf.volunteer(user=users[Role.VOLUNTEER], email="v@example.org")
    req = pf.support_request(client_email="kalle@example.org", client_language="so",
                             requester="Sari, 040 9")
    support_requests.assign(req, v, actor=users[Role.COORDINATOR], now=utcnow(), site_url=SITE)
    closed_at = utcnow() - timedelta(days=days_ago)
    support_requests.file_report(req, user=users[Role.VOLUNTEER], happened=True,
                                 duration_minutes=80, notes="Kalle jännitti",
                                 concerns="Kallen asunto", wants_debriefing=True,
                                 now=max(closed_at, req.starts_at + timedelta(hours=1)),
                                 site_url=SITE)
    req.closed_at = closed_at
    privacy.view_client(req, users[Role.COORDINATOR], view="request", now=utcnow())
    db.session.flush()
    return req


def test_erase_keeps_what_the_indicators_count(app, users):
    req = closed_request(users, days_ago=100)
    month = local(req.starts_at).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    privacy.erase(req, now=utcnow())
    for name in privacy.PERSONAL_FIELDS:
        assert getattr(req, name) is None, name
    assert (req.sector.value, req.client_language, req.duration_minutes) == (
        "disability_services", "so", 60)
    assert local(req.starts_at) == month and req.erased_at is not None
    db.session.expire_all()
    report = db.session.get(VisitReport, req.report.id)
    assert (report.notes, report.concerns, report.duration_minutes, report.happened) == (
        None, None, 80, True)
    messages = db.session.query(SupportMessage).filter_by(request_id=req.id).all()
    assert len(messages) == 3 and all(m.address is None and m.body == "" for m in messages)
    assert {m.purpose for m in messages} == {"client_confirmation", "volunteer_details",
                                             "feedback_invitation"}
    assert db.session.query(DebriefingRequest).one().message is None
    assert db.session.query(ClientAccessLog).count() == 1  # the log itself holds no client data


def test_erase_expired_picks_only_what_is_due(app, users):
    due = closed_request(users, days_ago=91)
    recent = pf.support_request(status=RequestStatus.CANCELLED, closed_at=utcnow())
    never_served = pf.support_request(starts_at=utcnow() - timedelta(days=120))
    still_open = pf.support_request()
    assert privacy.erase_expired(now=utcnow(), after_days=90) == 2
    assert due.erased_at and never_served.erased_at
    assert recent.client_name and still_open.client_name
    assert privacy.erase_expired(now=utcnow(), after_days=90) == 0
    assert privacy.erase_expired(now=utcnow(), after_days=0) == 1  # the cancelled one now
    with pytest.raises(ValueError):
        privacy.erase_expired(now=utcnow(), after_days=-1)
