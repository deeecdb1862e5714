"""Each indicator computed on hand-built data: volunteers, retention, trainings, visits,
partners, visitors, feedback scores and the delivery of an activation's messages."""

from datetime import UTC, date, datetime, timedelta

import pytest

from network import feedback, indicators
from network.models import (
    CourseKind,
    CourseParticipant,
    Organisation,
    OrganisationKind,
    RequestStatus,
    Role,
    ServiceSetting,
    SupportRequest,
    TrainingCourse,
    TrainingSession,
    VisitorCount,
    VisitReport,
    Volunteer,
)
from network.reporting import Period
from tests import factories
from tests import people_factories as pf
from web.extensions import db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 3, 1)


def volunteer(name, joined, left=None):
    v = Volunteer(name=name, joined_on=joined, left_on=left)
    db.session.add(v)
    db.session.flush()
    return v


def visit(v, starts_at, sector=ServiceSetting.DISABILITY, happened=True, **kw):
    r = pf.support_request(starts_at=starts_at, volunteer=v, status=RequestStatus.CLOSED,
                           sector=sector, **kw)
    db.session.add(VisitReport(request_id=r.id, volunteer_id=v.id, happened=happened,
                               duration_minutes=60 if happened else None))
    db.session.flush()
    return r


@pytest.fixture
def people(app):
    v1 = volunteer("Yksi", date(2025, 1, 1))
    v2 = volunteer("Kaksi", date(2025, 3, 1), date(2025, 7, 1))
    v3 = volunteer("Kolme", date(2025, 2, 10), date(2026, 1, 15))
    volunteer("Neljä", date(2026, 2, 1))
    volunteer("Viisi", date(2023, 1, 1), date(2024, 6, 1))
    visit(v1, datetime(2025, 3, 5, 10, tzinfo=UTC))
    visit(v1, datetime(2025, 3, 6, 10, tzinfo=UTC), ServiceSetting.EMPLOYMENT)
    # 23:30 UTC on 31 March is 1 April in Helsinki: counted in April.
    visit(v3, datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    visit(v2, datetime(2025, 4, 10, 10, tzinfo=UTC), happened=False)
    visit(v2, datetime(2024, 12, 10, 10, tzinfo=UTC))
    return v1, v2, v3


def test_volunteers_and_active_volunteers(people):
    counts = indicators.volunteers(YEAR)
    assert counts == indicators.VolunteerCounts(in_bank=3, active=2, joined=3, left=1)


def test_retention_after_6_and_12_months(people):
    six, twelve = indicators.retention(YEAR, today=TODAY)
    assert (six.months, six.eligible, six.retained) == (6, 3, 2)
    assert (twelve.months, twelve.eligible, twelve.retained) == (12, 3, 1)
    assert twelve.share == pytest.approx(1 / 3)
    # Those who joined recently cannot be judged yet.
    (early, _late) = indicators.retention(Period(date(2026, 1, 1), date(2026, 2, 28)),
                                          today=TODAY)
    assert early.eligible == 0 and early.share is None


def test_add_months_keeps_the_end_of_month():
    assert indicators.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert indicators.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert indicators.add_months(date(2025, 12, 1), 12) == date(2026, 12, 1)


def test_support_visits_per_month_and_sector(people):
    visits = indicators.support_visits(YEAR)
    assert visits.total == 3
    assert visits.by_month["2025-03"] == 2 and visits.by_month["2025-04"] == 1
    assert sum(visits.by_month.values()) == 3 and len(visits.by_month) == 12
    assert visits.by_sector == {ServiceSetting.DISABILITY: 2, ServiceSetting.EMPLOYMENT: 1}


def test_trainings_held_and_completed(app):
    basic = TrainingCourse(title="Peruskurssi", kind=CourseKind.BASIC)
    for position, day in enumerate((date(2025, 2, 1), date(2025, 2, 8), date(2026, 1, 3)), 1):
        basic.sessions.append(TrainingSession(position=position, starts_at=datetime.combine(
            day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)))
    refresher = TrainingCourse(title="Digi", kind=CourseKind.REFRESHER)
    refresher.sessions.append(TrainingSession(position=1,
                                              starts_at=datetime(2024, 11, 1, 9, tzinfo=UTC)))
    db.session.add_all([basic, refresher])
    db.session.flush()
    a, b = volunteer("A", date(2025, 1, 1)), volunteer("B", date(2025, 1, 1))
    db.session.add_all([
        CourseParticipant(course_id=basic.id, volunteer_id=a.id, completed_on=date(2025, 3, 1)),
        CourseParticipant(course_id=basic.id, volunteer_id=b.id, completed_on=date(2026, 1, 20)),
        CourseParticipant(course_id=refresher.id, volunteer_id=a.id, completed_on=None)])
    db.session.flush()
    counts = indicators.trainings(YEAR)
    assert counts.courses_held == {CourseKind.BASIC: 1, CourseKind.REFRESHER: 0}
    assert counts.sessions_held == 2
    assert counts.completed == {CourseKind.BASIC: 1, CourseKind.REFRESHER: 0}


def test_partner_organisations(app):
    factories.organisation("Kaupunki")
    parish = factories.organisation("Seurakuntayhtymä", kind=OrganisationKind.PARISH)
    factories.organisation("Vanha yhdistys", kind=OrganisationKind.NGO,
                           retired_at=datetime(2024, 1, 1, tzinfo=UTC))
    for created in (datetime(2025, 2, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC),
                    datetime(2024, 9, 1, tzinfo=UTC)):
        pf.support_request(partner_organisation_id=parish.id, created_at=created)
    counts = indicators.partners(YEAR)
    assert counts.by_kind[OrganisationKind.MUNICIPALITY] == 1
    assert counts.by_kind[OrganisationKind.PARISH] == 1
    assert counts.by_kind[OrganisationKind.NGO] == 0 and counts.total == 2
    assert counts.referring == [("Seurakuntayhtymä", 2)]
    assert db.session.query(Organisation).count() == 3


def test_visitors_per_point_and_offering(app):
    a, b = factories.point("A-piste"), factories.point("B-piste")
    food = factories.offering("food_aid", sort_order=1)
    talk = factories.offering("conversation_help", name_fi="Keskusteluapu", sort_order=2)
    for point, offering, day, n in ((a, food, date(2025, 5, 1), 10), (a, food, date(2025, 5, 2), 5),
                                    (a, talk, date(2025, 5, 1), 3), (b, food, date(2026, 1, 1), 7)):
        db.session.add(VisitorCount(point_id=point.id, offering_id=offering.id, day=day,
                                    visitors=n))
    db.session.flush()
    rows = [(r.point, r.offering.code, r.visitors) for r in indicators.visitors(YEAR)]
    assert rows == [("A-piste", "food_aid", 15), ("A-piste", "conversation_help", 3)]


def test_feedback_scores_over_time(app):
    for day in range(1, 6):
        feedback.give(point=None, score=4, comment=None, language="fi", today=date(2025, 5, day))
    for day in range(1, 7):
        feedback.give(point=None, score=2, comment=None, language="fi", today=date(2025, 6, day))
    scores = indicators.feedback_scores(YEAR)
    assert scores.feedback["2025-05"].value.mean == 4
    assert scores.feedback["2025-06"].value.mean == 2
    assert not scores.feedback["2025-01"].shown and scores.feedback["2025-01"].count == 0
    # One more answer in July: that month is small, so May (the smallest shown) hides too.
    feedback.give(point=None, score=5, comment=None, language="fi", today=date(2025, 7, 1))
    scores = indicators.feedback_scores(YEAR)
    assert not scores.feedback["2025-07"].shown and not scores.feedback["2025-05"].shown
    assert scores.feedback["2025-06"].shown


def test_each_activations_delivery_figures(app, users):
    from crisis.models import Activation, OutboxMessage

    opened = datetime(2025, 6, 1, 10, tzinfo=UTC)
    scenario = factories.plan_scenario("Myrsky")
    made = Activation(scenario=scenario, opened_by=users[Role.STEERING_ADMIN], reason="Myrsky",
                      exercise=True, opened_at=opened, open_slot=None,
                      closed_at=opened + timedelta(hours=5))
    db.session.add(made)
    db.session.flush()

    def row(key, kind, rid, channel, status, sent_after=None):
        db.session.add(OutboxMessage(
            key=key, activation_id=made.id, phase="activation", channel=channel,
            recipient_kind=kind, recipient_id=rid, language="fi", body="x", status=status,
            due_at=opened, sent_at=opened + sent_after if sent_after else None))

    row("1", "subscription", 1, "email", "sent", timedelta(minutes=5))
    row("2", "subscription", 1, "sms", "sent", timedelta(minutes=7))
    row("3", "subscription", 2, "email", "failed")
    row("4", "user", 3, "email", "queued")
    for n, language in enumerate(("fi", "sv", "en")):
        row(f"p{n}", "public", None, "web_notice", "sent", timedelta(minutes=1))
    db.session.flush()
    (delivery,) = indicators.deliveries(YEAR)
    assert delivery.activation_id == made.id and delivery.scenario == "Myrsky"
    assert delivery.exercise is True
    assert (delivery.recipients, delivery.messages, delivery.sent, delivery.failed,
            delivery.waiting, delivery.cancelled) == (3, 7, 5, 1, 1, 0)
    assert delivery.first_after == timedelta(minutes=1)
    assert delivery.last_after == timedelta(minutes=7)
    assert indicators.deliveries(Period(date(2026, 1, 1), date(2026, 12, 31))) == []


def test_the_dashboard_gathers_every_indicator(people):
    board = indicators.dashboard(YEAR, today=TODAY)
    assert board.volunteers.active == 2 and board.visits.total == 3
    assert board.deliveries == [] and board.visitors == []
    assert SupportRequest.__tablename__ == "support_request"
