"""The indicators of whether the model works, each a function of a period.

Volunteers and active volunteers, retention, trainings, support visits, partner
organisations, visitors, feedback scores and the delivery of each activation's messages.
Crisis tables are named here, never imported (crisis imports network, not the reverse).
"""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Integer, String, and_, column, distinct, func, or_, select, table

from network import feedback, surveys
from network.database import UTCDateTime, db
from network.models import (
    CourseKind,
    CourseParticipant,
    Offering,
    Organisation,
    OrganisationKind,
    ServicePoint,
    ServiceSetting,
    SupportRequest,
    SurveyAudience,
    TrainingCourse,
    TrainingSession,
    VisitorCount,
    VisitReport,
    Volunteer,
)
from network.reporting import Group, Period, month_of

RETENTION_MONTHS = (6, 12)
ACTIVATION = table("activation", column("id", Integer), column("scenario_id", Integer),
                   column("exercise", Boolean), column("opened_at", UTCDateTime()),
                   column("closed_at", UTCDateTime()))
SCENARIO = table("scenario", column("id", Integer), column("name", String))
OUTBOX = table("outbox_message", column("activation_id", Integer), column("status", String),
               column("recipient_kind", String), column("recipient_id", Integer),
               column("address", String), column("channel", String),
               column("sent_at", UTCDateTime()))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Volunteers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class VolunteerCounts:
    """Volunteers in the bank during the period, and those who accompanied a visit in it."""

    in_bank: int
    active: int
    joined: int
    left: int


def volunteers(period: Period) -> VolunteerCounts:
    """Volunteers in the bank at some time in the period; active: at least one visit in it."""
    in_bank = db.session.scalar(select(func.count()).select_from(Volunteer).where(
        Volunteer.joined_on <= period.end,
        or_(Volunteer.left_on.is_(None), Volunteer.left_on >= period.start)))
    active = db.session.scalar(
        select(func.count(distinct(VisitReport.volunteer_id)))
        .join(SupportRequest, SupportRequest.id == VisitReport.request_id)
        .where(VisitReport.happened.is_(True), SupportRequest.starts_at >= period.utc_start,
               SupportRequest.starts_at < period.utc_end))
    joined = db.session.scalar(select(func.count()).select_from(Volunteer).where(
        Volunteer.joined_on >= period.start, Volunteer.joined_on <= period.end))
    left = db.session.scalar(select(func.count()).select_from(Volunteer).where(
        Volunteer.left_on >= period.start, Volunteer.left_on <= period.end))
    return VolunteerCounts(int(in_bank or 0), int(active or 0), int(joined or 0), int(left or 0))


@dataclass(frozen=True)
class Retention:
    """Of the volunteers who joined in the period and have been in the bank long enough to
    tell, how many were still there after the given number of months."""

    months: int
    eligible: int
    retained: int

    @property
    def share(self) -> float | None:
        """Retained of eligible, 0 to 1 (None when no one is eligible yet)."""
        return self.retained / self.eligible if self.eligible else None


def retention(period: Period, *, today: date) -> list[Retention]:
    """Retention after 6 and 12 months of the volunteers who joined in the period."""
    cohort = db.session.execute(select(Volunteer.joined_on, Volunteer.left_on).where(
        Volunteer.joined_on >= period.start, Volunteer.joined_on <= period.end)).all()
    out = []
    for months in RETENTION_MONTHS:
        eligible = retained = 0
        for joined_on, left_on in cohort:
            milestone = add_months(joined_on, months)
            if milestone > today:
                continue  # too early to tell
            eligible += 1
            retained += left_on is None or left_on >= milestone
        out.append(Retention(months, eligible, retained))
    return out


# --- Training -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainingCounts:
    """Courses and sessions held in the period, and course completions in it, by kind."""

    courses_held: dict[CourseKind, int]
    sessions_held: int
    completed: dict[CourseKind, int]


def trainings(period: Period) -> TrainingCounts:
    """Courses with a session in the period, the sessions, and the certificates given."""
    in_period = and_(TrainingSession.starts_at >= period.utc_start,
                     TrainingSession.starts_at < period.utc_end)
    held = dict(db.session.execute(
        select(TrainingCourse.kind, func.count(distinct(TrainingCourse.id)))
        .join(TrainingSession, TrainingSession.course_id == TrainingCourse.id)
        .where(in_period).group_by(TrainingCourse.kind)).all())
    sessions = db.session.scalar(select(func.count()).select_from(TrainingSession)
                                 .where(in_period))
    completed = dict(db.session.execute(
        select(TrainingCourse.kind, func.count())
        .join(CourseParticipant, CourseParticipant.course_id == TrainingCourse.id)
        .where(CourseParticipant.completed_on >= period.start,
               CourseParticipant.completed_on <= period.end)
        .group_by(TrainingCourse.kind)).all())
    return TrainingCounts({CourseKind(k): int(held.get(k, 0)) for k in CourseKind},
                          int(sessions or 0),
                          {CourseKind(k): int(completed.get(k, 0)) for k in CourseKind})


# --- Support visits -------------------------------------------------------------------------

@dataclass(frozen=True)
class VisitCounts:
    """Support visits that happened in the period: per month (Helsinki) and per sector."""

    total: int
    by_month: dict[str, int]
    by_sector: dict[ServiceSetting, int]


def support_visits(period: Period) -> VisitCounts:
    """Accompanied visits per month and per sector."""
    rows = db.session.execute(
        select(SupportRequest.starts_at, SupportRequest.sector)
        .join(VisitReport, VisitReport.request_id == SupportRequest.id)
        .where(VisitReport.happened.is_(True), SupportRequest.starts_at >= period.utc_start,
               SupportRequest.starts_at < period.utc_end)).all()
    months = Counter(month_of(starts) for starts, _ in rows)
    sectors = Counter(ServiceSetting(sector) for _, sector in rows)
    return VisitCounts(len(rows), {m: months.get(m, 0) for m in period.months()},
                       {s: sectors[s] for s in ServiceSetting if sectors[s]})


# --- Partners -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnerCounts:
    """Organisations taking part (by kind) and those that brought support requests."""

    by_kind: dict[OrganisationKind, int]
    referring: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """All organisations taking part."""
        return sum(self.by_kind.values())


def partners(period: Period) -> PartnerCounts:
    """Organisations taking part now, and the requests each partner brought in the period."""
    kinds = dict(db.session.execute(
        select(Organisation.kind, func.count()).where(Organisation.retired_at.is_(None))
        .group_by(Organisation.kind)).all())
    referring = db.session.execute(
        select(Organisation.name, func.count(SupportRequest.id))
        .join(SupportRequest, SupportRequest.partner_organisation_id == Organisation.id)
        .where(SupportRequest.created_at >= period.utc_start,
               SupportRequest.created_at < period.utc_end)
        .group_by(Organisation.name).order_by(func.count(SupportRequest.id).desc(),
                                              Organisation.name)).all()
    return PartnerCounts({OrganisationKind(k): int(kinds.get(k, 0)) for k in OrganisationKind},
                         [(name, int(n)) for name, n in referring])


# --- Visitors -------------------------------------------------------------------------------

@dataclass(frozen=True)
class VisitorRow:
    """Visitors a point served with an offering in the period."""

    point: str
    offering: Offering
    visitors: int


def visitors(period: Period) -> list[VisitorRow]:
    """Visitors per point and offering (the worker pairs' daily counts, summed)."""
    rows = db.session.execute(
        select(ServicePoint.name, Offering, func.sum(VisitorCount.visitors))
        .join(VisitorCount, VisitorCount.point_id == ServicePoint.id)
        .join(Offering, Offering.id == VisitorCount.offering_id)
        .where(VisitorCount.day >= period.start, VisitorCount.day <= period.end)
        .group_by(ServicePoint.name, Offering)
        .order_by(ServicePoint.name, Offering.sort_order, Offering.code)).all()
    return [VisitorRow(name, offering, int(total or 0)) for name, offering, total in rows]


# --- Feedback -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    """Feedback scores per month: anonymous feedback, and satisfaction surveys by audience."""

    feedback: dict[str, Group]
    satisfaction: dict[SurveyAudience, dict[str, Group]]


def feedback_scores(period: Period) -> Scores:
    """Mean scores per month; a month with fewer than five answers shows no score."""
    return Scores(feedback.scores_by_month(period), surveys.satisfaction_by_month(period))


# --- Activations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    """How an activation's messages went out."""

    activation_id: int
    scenario: str
    exercise: bool
    opened_at: datetime
    closed_at: datetime | None
    recipients: int
    messages: int
    sent: int
    failed: int
    cancelled: int
    waiting: int
    first_after: timedelta | None
    last_after: timedelta | None


def deliveries(period: Period) -> list[Delivery]:
    """Per activation opened in the period: recipients, sent, failed, time to first and last."""
    activations = db.session.execute(
        select(ACTIVATION.c.id, SCENARIO.c.name, ACTIVATION.c.exercise, ACTIVATION.c.opened_at,
               ACTIVATION.c.closed_at)
        .join(SCENARIO, SCENARIO.c.id == ACTIVATION.c.scenario_id)
        .where(ACTIVATION.c.opened_at >= period.utc_start,
               ACTIVATION.c.opened_at < period.utc_end)
        .order_by(ACTIVATION.c.opened_at.desc(), ACTIVATION.c.id.desc())).all()
    if not activations:
        return []
    ids = [row.id for row in activations]
    statuses: dict[int, Counter] = {i: Counter() for i in ids}
    for activation_id, status, n in db.session.execute(
            select(OUTBOX.c.activation_id, OUTBOX.c.status, func.count())
            .where(OUTBOX.c.activation_id.in_(ids))
            .group_by(OUTBOX.c.activation_id, OUTBOX.c.status)):
        statuses[activation_id][status] += int(n)
    times = {a: (first, last) for a, first, last in db.session.execute(
        select(OUTBOX.c.activation_id, func.min(OUTBOX.c.sent_at), func.max(OUTBOX.c.sent_at))
        .where(OUTBOX.c.activation_id.in_(ids), OUTBOX.c.sent_at.is_not(None))
        .group_by(OUTBOX.c.activation_id))}
    # A recipient is a person or organisation (public web and CAP rows are not), whatever
    # the number of channels and messages they get.
    people = (select(OUTBOX.c.activation_id, OUTBOX.c.recipient_kind, OUTBOX.c.recipient_id)
              .where(OUTBOX.c.activation_id.in_(ids), OUTBOX.c.recipient_kind != "public")
              .distinct().subquery())
    recipients = dict(db.session.execute(
        select(people.c.activation_id, func.count()).group_by(people.c.activation_id)).all())
    out = []
    for row in activations:
        counts = statuses[row.id]
        first, last = times.get(row.id, (None, None))
        out.append(Delivery(
            activation_id=row.id, scenario=row.name, exercise=bool(row.exercise),
            opened_at=row.opened_at, closed_at=row.closed_at,
            recipients=int(recipients.get(row.id, 0)), messages=sum(counts.values()),
            sent=counts["sent"], failed=counts["failed"], cancelled=counts["cancelled"],
            waiting=counts["queued"] + counts["sending"],
            first_after=first - row.opened_at if first else None,
            last_after=last - row.opened_at if last else None))
    return out


# --- Everything at once ---------------------------------------------------------------------

@dataclass(frozen=True)
class Dashboard:
    """Every indicator for one period."""

    period: Period
    volunteers: VolunteerCounts
    retention: list[Retention]
    trainings: TrainingCounts
    visits: VisitCounts
    partners: PartnerCounts
    visitors: list[VisitorRow]
    scores: Scores
    deliveries: list[Delivery]


def dashboard(period: Period, *, today: date) -> Dashboard:
    """All the indicators of a period."""
    return Dashboard(period, volunteers(period), retention(period, today=today),
                     trainings(period), support_visits(period), partners(period),
                     visitors(period), feedback_scores(period), deliveries(period))
