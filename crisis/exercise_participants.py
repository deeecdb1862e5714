"""Who takes part in exercises: everyone a plan could reach by name, and the admin's choice.

An exercise sends only to people marked as exercise participants (crisis.recipients); this is
the one place that marks them. Residents and the public never take part.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crisis import audit, recipients
from crisis.audit import Action
from crisis.models import Audience, Channel
from crisis.models.outbox import RecipientKind
from crisis.operations import REASON_LIMIT
from network.clock import local
from network.database import db
from network.errors import ValidationError
from network.models import Organisation, PairWorker, RosterMember, ServicePoint, User, WorkerPair

MODELS = {Audience.STEERING_GROUP: RosterMember, Audience.WORKER_PAIRS: PairWorker,
          Audience.VOLUNTEERS: User, Audience.PARTNERS: Organisation}
SUBJECT = "exercise_participants"


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone who could take part in exercises, and whether they can be reached."""

    id: int
    name: str
    point: str | None  # the point a pair worker works at
    email: bool  # a usable email address
    sms: bool  # a number that can receive text messages
    participant: bool


@dataclass
class Change:
    """The people of one audience who join or leave the exercises."""

    added: list[Candidate] = field(default_factory=list)
    removed: list[Candidate] = field(default_factory=list)


def _candidate(recipient: recipients.Recipient, point: str | None = None) -> Candidate:
    return Candidate(recipient.id, recipient.name or "", point,
                     recipients.address(recipient, Channel.EMAIL) is not None,
                     recipients.address(recipient, Channel.SMS) is not None,
                     recipient.exercise_participant)


def _by_name(found: Iterable[recipients.Recipient]) -> list[Candidate]:
    return sorted((_candidate(r) for r in found), key=lambda c: (c.name.casefold(), c.id))


def current_pair_workers(today: date) -> Iterator[Candidate]:
    """The workers of the pairs running an active point today, by point."""
    query = (select(PairWorker.id, PairWorker.name, PairWorker.email, User.email,
                    PairWorker.phone, PairWorker.exercise_participant, ServicePoint.name)
             .join(WorkerPair, WorkerPair.id == PairWorker.pair_id)
             .join(ServicePoint, ServicePoint.id == WorkerPair.point_id)
             .outerjoin(User, User.id == PairWorker.user_id)
             .where(recipients.pair_runs_on(today), ServicePoint.retired_at.is_(None))
             .order_by(ServicePoint.name, ServicePoint.id, PairWorker.position, PairWorker.id))
    for (worker_id, name, email, user_email, phone, participant,
         point) in db.session.execute(query):
        worker = recipients.Recipient(RecipientKind.PAIR_WORKER.value, worker_id, name,
                                      email or user_email, phone, "fi", None, bool(participant))
        yield _candidate(worker, point)


def candidates(*, today: date) -> dict[Audience, list[Candidate]]:
    """Everyone who could receive an exercise's messages, per audience, with their flag."""
    return {
        Audience.STEERING_GROUP: _by_name(recipients.steering_group()),
        Audience.WORKER_PAIRS: list(current_pair_workers(today)),
        Audience.VOLUNTEERS: _by_name(recipients.volunteers()),
        Audience.PARTNERS: _by_name(recipients.partners()),
    }


def _audience(key: Audience | str) -> Audience:
    try:
        audience = Audience(key)
    except ValueError:
        audience = None
    if audience not in MODELS:
        raise ValidationError(_l("Only people and partner organisations take part in "
                                 "exercises."))
    return audience


def _reason(reason: str | None) -> str | None:
    text = (reason or "").strip() or None
    if text is not None and len(text) > REASON_LIMIT:
        raise ValidationError(_l("Use at most %(n)d characters.", n=REASON_LIMIT), "reason")
    return text


def _wanted(chosen: Mapping[Audience | str, Iterable[int]],
            everyone: dict[Audience, list[Candidate]]) -> dict[Audience, set[int]]:
    """The chosen ids per audience; any id that is not a candidate refuses the whole choice."""
    wanted: dict[Audience, set[int]] = {}
    for key, ids in chosen.items():
        audience = _audience(key)
        ids = set(ids)
        unknown = ids - {c.id for c in everyone[audience]}
        if unknown:
            raise ValidationError(_l("%(n)d of the chosen are not in this group (removed, "
                                     "retired or no longer in a pair). Nothing was saved.",
                                     n=len(unknown)), audience.value)
        wanted[audience] = ids
    return wanted


def _label(candidate: Candidate) -> str:
    return f"{candidate.name} (#{candidate.id})"


def set_participants(actor: User | None, chosen: Mapping[Audience | str, Iterable[int]],
                     reason: str | None, *, now: datetime) -> dict[Audience, Change]:
    """Make exactly the chosen ids of each given audience exercise participants.

    Audiences left out of `chosen` keep their flags. Any id that is not a candidate refuses
    the whole choice. The changes are flushed at once with one audit entry (none when nothing
    changes). The caller commits.
    """
    reason = _reason(reason)
    everyone = candidates(today=local(now).date())
    changes: dict[Audience, Change] = {}
    for audience, ids in _wanted(chosen, everyone).items():
        change = Change(
            added=[c for c in everyone[audience] if c.id in ids and not c.participant],
            removed=[c for c in everyone[audience] if c.id not in ids and c.participant])
        if change.added or change.removed:
            changes[audience] = change
    if not changes:
        return changes
    for audience, change in changes.items():
        model, joining = MODELS[audience], {c.id for c in change.added}
        changed_ids = joining | {c.id for c in change.removed}
        for record in db.session.scalars(select(model).where(model.id.in_(changed_ids))):
            record.exercise_participant = record.id in joining
    details: dict[str, list[str]] = {}
    for audience, change in changes.items():
        if change.added:
            details[f"{audience.value}_added"] = [_label(c) for c in change.added]
        if change.removed:
            details[f"{audience.value}_removed"] = [_label(c) for c in change.removed]
    audit.record(actor, Action.EXERCISE_PARTICIPANTS, SUBJECT, reason, details, now=now)
    return changes
