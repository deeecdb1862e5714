"""The erasure job: the Celery task's function run as the beat would run it."""

from datetime import timedelta

from sqlalchemy import func, select

from network.clock import local, utcnow
from network.models import RequestStatus, ServiceSetting, SupportRequest, VisitReport
from tasks import people as people_tasks
from tests import people_factories as pf
from web.extensions import db


def indicator_counts():
    """What the indicators read: requests by sector and language, visits and minutes."""
    by = db.session.execute(select(SupportRequest.sector, SupportRequest.client_language,
                                   func.count()).group_by(SupportRequest.sector,
                                                          SupportRequest.client_language)).all()
    visits = db.session.execute(select(func.count(), func.sum(VisitReport.duration_minutes))
                                .where(VisitReport.happened.is_(True))).one()
    return sorted((s.value if hasattr(s, "value") else s, lang, n) for s, lang, n in by), tuple(
        visits)


def test_the_task_erases_personal_data_and_keeps_the_counts(app):
    app.config["SUPPORT_ERASE_AFTER_DAYS"] = 30
    v = pf.volunteer()
    old = pf.support_request(volunteer=v, status=RequestStatus.CLOSED,
                             closed_at=utcnow() - timedelta(days=31), client_language="ru",
                             sector=ServiceSetting.HEALTH_CARE)
    db.session.add(VisitReport(request_id=old.id, volunteer_id=v.id, happened=True,
                               duration_minutes=45, notes="Kalle oli hermostunut"))
    fresh = pf.support_request(volunteer=v, status=RequestStatus.CLOSED,
                               closed_at=utcnow() - timedelta(days=29))
    db.session.commit()
    before = indicator_counts()

    assert people_tasks.erase_expired.run() == 1
    assert people_tasks.erase_expired.run() == 0  # safe to run twice

    db.session.expire_all()
    old, fresh = db.session.get(SupportRequest, old.id), db.session.get(SupportRequest, fresh.id)
    assert (old.client_name, old.client_phone, old.client_needs, old.place,
            old.appointment_type, old.place_latitude) == (None,) * 6
    assert old.report.notes is None and old.report.duration_minutes == 45
    assert old.erased_at is not None
    assert (local(old.starts_at).day, local(old.starts_at).hour) == (1, 0)  # the month's start
    assert fresh.client_name == "Kalle Asiakas" and fresh.erased_at is None
    assert indicator_counts() == before


def test_the_default_is_ninety_days(app):
    assert app.config["SUPPORT_ERASE_AFTER_DAYS"] == 90
    pf.support_request(status=RequestStatus.CLOSED, closed_at=utcnow() - timedelta(days=89))
    db.session.commit()
    assert people_tasks.erase_expired.run() == 0


def test_the_beat_runs_it_daily(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["people.erase_expired"]["task"] == "people.erase_expired"
