"""Who a plan row reaches: the people of an audience, with their addresses and languages.

Each audience is read with one query of plain columns (no ORM objects), so 100,000 subscribed
residents cost one SELECT. An exercise reaches only people marked as exercise participants,
and never residents or the public web notice.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, or_, select

from crisis import phones
from crisis.models import Audience, Channel, PlanRow, Scenario, ScenarioPoint, Subscription
from crisis.models.outbox import RecipientKind
from network.database import db
from network.models import (
    Organisation,
    PairWorker,
    Role,
    RosterMember,
    ServicePoint,
    User,
    WorkerPair,
)
from network.models.roster import roster_member_area

LANGUAGES = ("fi", "sv", "en")
# Audiences of named people and organisations: the only ones that may take part in exercises.
NAMED_AUDIENCES = (Audience.STEERING_GROUP, Audience.WORKER_PAIRS, Audience.VOLUNTEERS,
                   Audience.PARTNERS)
PUBLIC = RecipientKind.PUBLIC.value


@dataclass(frozen=True, slots=True)
class Recipient:
    """One person, organisation, subscription or the public, as a plan row sees them."""

    kind: str  # a RecipientKind value
    id: int | None
    name: str | None
    email: str | None
    phone: str | None
    language: str
    area_id: int | None
    exercise_participant: bool
    token: str | None = None  # a subscription's unsubscribe token
    point_id: int | None = None  # a pair worker's point


@dataclass(frozen=True)
class Reach:
    """A row's recipients, and how many of its audience an exercise leaves out."""

    recipients: list[Recipient]
    left_out: int = 0


def language_of(code: str | None) -> str:
    """A recipient's language for messages: fi, sv or en (Finnish when unknown)."""
    return code if code in LANGUAGES else "fi"


@lru_cache(maxsize=4096)
def _sms_number(raw: str) -> str | None:
    try:
        number = phones.normalise(raw)
    except phones.InvalidPhone:
        return None
    return number if phones.can_receive_sms(number) else None


def address(recipient: Recipient, channel: Channel | str) -> str | None:
    """Where a message on a channel goes: an email address or an E.164 mobile number."""
    if channel == Channel.EMAIL:
        email = (recipient.email or "").strip()
        return email if "@" in email and len(email) <= 254 else None
    if channel == Channel.SMS:
        if not recipient.phone:
            return None
        if recipient.kind == RecipientKind.SUBSCRIPTION:
            return recipient.phone  # normalised to E.164 when the resident subscribed
        return _sms_number(recipient.phone.strip())
    return None


def scenario_point_ids(scenario: Scenario) -> list[int]:
    """The active points a scenario opens."""
    query = (select(ScenarioPoint.point_id)
             .join(ServicePoint, ServicePoint.id == ScenarioPoint.point_id)
             .where(ScenarioPoint.scenario_id == scenario.id, ServicePoint.retired_at.is_(None)))
    return list(db.session.scalars(query))


def steering_group() -> Iterator[Recipient]:
    """The roster's current members; their area is the first area they answer for."""
    first_area = (select(roster_member_area.c.area_id)
                  .where(roster_member_area.c.member_id == RosterMember.id)
                  .order_by(roster_member_area.c.area_id).limit(1).scalar_subquery())
    query = (select(RosterMember.id, RosterMember.name, RosterMember.email, RosterMember.phone,
                    RosterMember.language, first_area, RosterMember.exercise_participant)
             .where(RosterMember.retired_at.is_(None)).order_by(RosterMember.id))
    for row in db.session.execute(query):
        yield Recipient(RecipientKind.ROSTER_MEMBER.value, row[0], row[1], row[2], row[3],
                        language_of(row[4]), row[5], bool(row[6]))


def pair_runs_on(today: date) -> ColumnElement[bool]:
    """The condition that a worker pair runs its point on a day."""
    return and_(WorkerPair.starts_on <= today,
                or_(WorkerPair.ends_on.is_(None), WorkerPair.ends_on >= today))


def worker_pairs(scenario: Scenario, today: date) -> Iterator[Recipient]:
    """The workers of the pairs running the scenario's points today."""
    point_ids = scenario_point_ids(scenario)
    if not point_ids:
        return
    query = (select(PairWorker.id, PairWorker.name, PairWorker.email, User.email,
                    PairWorker.phone, PairWorker.language, ServicePoint.area_id,
                    PairWorker.exercise_participant, WorkerPair.point_id)
             .join(WorkerPair, WorkerPair.id == PairWorker.pair_id)
             .join(ServicePoint, ServicePoint.id == WorkerPair.point_id)
             .outerjoin(User, User.id == PairWorker.user_id)
             .where(WorkerPair.point_id.in_(point_ids), pair_runs_on(today))
             .order_by(PairWorker.id))
    for row in db.session.execute(query):
        yield Recipient(RecipientKind.PAIR_WORKER.value, row[0], row[1], row[2] or row[3], row[4],
                        language_of(row[5]), row[6], bool(row[7]), point_id=row[8])


def volunteers() -> Iterator[Recipient]:
    """Active volunteer accounts (they have an email address, no phone number)."""
    query = (select(User.id, User.name, User.email, User.language, User.exercise_participant)
             .where(User.role == Role.VOLUNTEER, User.active.is_(True)).order_by(User.id))
    for row in db.session.execute(query):
        yield Recipient(RecipientKind.USER.value, row[0], row[1], row[2], None,
                        language_of(row[3]), None, bool(row[4]))


def partners() -> Iterator[Recipient]:
    """The organisations taking part (in Finnish: organisations have no language of their own)."""
    query = (select(Organisation.id, Organisation.name, Organisation.email, Organisation.phone,
                    Organisation.exercise_participant)
             .where(Organisation.retired_at.is_(None)).order_by(Organisation.id))
    for row in db.session.execute(query):
        yield Recipient(RecipientKind.ORGANISATION.value, row[0], row[1], row[2], row[3], "fi",
                        None, bool(row[4]))


def residents(row: PlanRow) -> Iterator[Recipient]:
    """Confirmed subscriptions on the row's channel that match its area, language and group."""
    query = (select(Subscription.id, Subscription.address, Subscription.language,
                    Subscription.area_id, Subscription.token)
             .where(Subscription.confirmed_at.is_not(None),
                    Subscription.unsubscribed_at.is_(None), Subscription.channel == row.channel)
             .order_by(Subscription.id))
    if row.area_id is not None:
        query = query.where(Subscription.area_id == row.area_id)
    if row.language:
        query = query.where(Subscription.language == row.language)
    if row.target_group:
        query = query.where(Subscription.target_group == row.target_group)
    email, kind = row.channel == Channel.EMAIL, RecipientKind.SUBSCRIPTION.value
    for sub_id, addr, language, area_id, token in db.session.execute(query):
        yield Recipient(kind, sub_id, None, addr if email else None,
                        None if email else addr, language_of(language), area_id, False, token)


def public() -> Iterator[Recipient]:
    """The public: a web notice or a CAP alert in each language, not a person."""
    for language in LANGUAGES:
        yield Recipient(PUBLIC, None, None, None, None, language, None, True)


def _audience(row: PlanRow, scenario: Scenario, today: date) -> Iterable[Recipient]:
    match row.audience:
        case Audience.STEERING_GROUP:
            return steering_group()
        case Audience.WORKER_PAIRS:
            return worker_pairs(scenario, today)
        case Audience.VOLUNTEERS:
            return volunteers()
        case Audience.PARTNERS:
            return partners()
        case Audience.RESIDENTS:
            return residents(row)
        case Audience.PUBLIC:
            return public()
    raise ValueError(f"unknown audience {row.audience}")


def for_row(row: PlanRow, scenario: Scenario, *, today: date, exercise: bool) -> Reach:
    """The recipients of a plan row; in an exercise, only exercise participants."""
    if exercise and (row.audience == Audience.RESIDENTS or row.channel == Channel.WEB_NOTICE):
        # Residents and the public web notice never see an exercise; count what is left out.
        return Reach([], sum(1 for _ in _audience(row, scenario, today)))
    everyone = list(_audience(row, scenario, today))
    if not exercise:
        return Reach(everyone)
    chosen = [r for r in everyone if r.exercise_participant]
    return Reach(chosen, len(everyone) - len(chosen))
