"""Client panels (asiakasraati): members from different services, one chair and one secretary,
meetings whose agendas take topics from members and from the organisation, minutes; and the
registry of experience experts with their tasks.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from network.database import db
from network.errors import ValidationError
from network.models import (
    AgendaItem,
    ClientPanel,
    Compensation,
    ExperienceExpert,
    ExpertTask,
    Organisation,
    PanelMeeting,
    PanelMember,
    PanelRole,
    TopicSource,
)

MIN_MEMBERS = 10
OFFICES = (PanelRole.CHAIR, PanelRole.SECRETARY)


def clean(value: Any, limit: int, field: str, *, required: bool = False) -> str | None:
    """Trimmed text within a limit; empty is None (refused when required)."""
    text = value.strip() if isinstance(value, str) else None
    if not text:
        if required:
            raise ValidationError(_l("This field is required."), field)
        return None
    if len(text) > limit:
        raise ValidationError(_l("Write at most %(n)d characters.", n=limit), field)
    return text


def _day(value: Any, field: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(_l("Give the date."), field)
    return value


def organisation_id_of(value: Any) -> int | None:
    """An existing organisation's id from a form value, or None for none."""
    if value in (None, "", 0):
        return None
    if db.session.get(Organisation, value) is None:
        raise ValidationError(_l("Choose one of the options."), "organisation_id")
    return int(value)


# --- Panels and members ---------------------------------------------------------------------

def save_panel(panel: ClientPanel | None, values: Mapping[str, Any]) -> ClientPanel:
    """Create or change a panel: its name, responsible organisation and description."""
    name = clean(values.get("name"), 200, "name", required=True)
    taken = db.session.scalar(select(ClientPanel.id).where(
        func.lower(ClientPanel.name) == name.lower(),
        ClientPanel.id != (panel.id if panel is not None and panel.id else -1)))
    if taken is not None:
        raise ValidationError(_l("This name is already in use."), "name")
    panel = panel or ClientPanel()
    panel.name = name
    panel.organisation_id = organisation_id_of(values.get("organisation_id"))
    panel.description = clean(values.get("description"), 4000, "description")
    db.session.add(panel)
    db.session.flush()
    return panel


def current_members(panel: ClientPanel) -> list[PanelMember]:
    """The members who have not left."""
    return [m for m in panel.members if m.left_on is None]


def holder(panel: ClientPanel, role: PanelRole) -> PanelMember | None:
    """The current chair or secretary."""
    return next((m for m in current_members(panel) if m.role == role), None)


def _take_office(panel: ClientPanel, member: PanelMember, role: PanelRole) -> PanelMember | None:
    """Give a member an office; the former holder becomes a member. Returns the former."""
    former = holder(panel, role) if role in OFFICES else None
    if former is not None and former is not member:
        former.role = PanelRole.MEMBER
        db.session.flush()  # the unique index sees one holder at a time
    else:
        former = None
    member.role = role
    return former


def save_member(panel: ClientPanel, member: PanelMember | None,
                values: Mapping[str, Any]) -> tuple[PanelMember, PanelMember | None]:
    """Add or change a member; taking the chair or the secretary's place hands it over.

    Returns the member and the one who held the office before (now a member), if any.
    """
    try:
        role = PanelRole(values.get("role") or PanelRole.MEMBER)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "role") from None
    fields = {"name": clean(values.get("name"), 200, "name", required=True),
              "service": clean(values.get("service"), 200, "service", required=True),
              "email": clean(values.get("email"), 254, "email"),
              "phone": clean(values.get("phone"), 40, "phone"),
              "joined_on": _day(values.get("joined_on"), "joined_on")}
    if member is not None and member.left_on is not None:
        raise ValidationError(_l("This member has left the panel."), "name")
    if member is None:
        member = PanelMember(panel=panel, role=PanelRole.MEMBER)
        db.session.add(member)
    for key, value in fields.items():
        setattr(member, key, value)
    if member.role != role and member.role in OFFICES:
        member.role = PanelRole.MEMBER
    db.session.flush()
    former = _take_office(panel, member, role)
    db.session.flush()
    return member, former


def member_leaves(member: PanelMember, *, left_on: date) -> PanelMember:
    """A member leaves the panel (an office they held becomes vacant)."""
    left_on = _day(left_on, "left_on")
    if left_on < member.joined_on:
        raise ValidationError(_l("The last day cannot be before the first day."), "left_on")
    member.left_on = left_on
    db.session.flush()
    return member


@dataclass(frozen=True)
class PanelCheck:
    """What the panel lacks against the model: ten members from different services, a chair
    and a secretary."""

    members: int
    services: dict[str, int]
    chair: PanelMember | None
    secretary: PanelMember | None

    @property
    def too_few(self) -> bool:
        """Fewer members than the model's minimum of ten."""
        return self.members < MIN_MEMBERS

    @property
    def one_service(self) -> bool:
        """All members come from one service (or there are none)."""
        return len(self.services) < 2

    @property
    def ok(self) -> bool:
        """Nothing to warn about."""
        return not (self.too_few or self.one_service or self.chair is None
                    or self.secretary is None)


def check(panel: ClientPanel) -> PanelCheck:
    """The panel against the model's rules, with the members per service."""
    members = current_members(panel)
    by_service = Counter(m.service.strip() for m in members)
    services = dict(sorted(by_service.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    return PanelCheck(len(members), services, holder(panel, PanelRole.CHAIR),
                      holder(panel, PanelRole.SECRETARY))


# --- Meetings, agendas and minutes ----------------------------------------------------------

def save_meeting(panel: ClientPanel, meeting: PanelMeeting | None,
                 values: Mapping[str, Any]) -> PanelMeeting:
    """Plan a meeting (or change its date and place)."""
    meeting = meeting or PanelMeeting(panel=panel)
    meeting.held_on = _day(values.get("held_on"), "held_on")
    meeting.place = clean(values.get("place"), 200, "place")
    db.session.add(meeting)
    db.session.flush()
    return meeting


def add_topic(meeting: PanelMeeting, values: Mapping[str, Any]) -> AgendaItem:
    """Put a topic on the agenda; a member's topic names the member, the organisation's who."""
    try:
        source = TopicSource(values.get("source"))
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "source") from None
    topic = clean(values.get("topic"), 300, "topic", required=True)
    member = None
    if source == TopicSource.MEMBER:
        member_id = values.get("member_id")
        member = next((m for m in meeting.panel.members if m.id == member_id), None)
        if member is None:
            raise ValidationError(_l("Choose the member who brought the topic."), "member_id")
    proposed_by = clean(values.get("proposed_by"), 200, "proposed_by")
    if source == TopicSource.ORGANISATION and proposed_by is None:
        raise ValidationError(_l("Say who in the organisation brought the topic."),
                              "proposed_by")
    item = AgendaItem(position=max((i.position for i in meeting.agenda), default=0) + 1,
                      topic=topic, source=source, member=member,
                      proposed_by=member.name if member is not None else proposed_by)
    meeting.agenda.append(item)
    db.session.flush()
    return item


def remove_topic(item: AgendaItem) -> None:
    """Take a topic off the agenda."""
    item.meeting.agenda.remove(item)
    db.session.flush()


def record_minutes(meeting: PanelMeeting, minutes: str | None, *, now: datetime) -> PanelMeeting:
    """Write (or correct) the meeting's minutes."""
    meeting.minutes = clean(minutes, 20000, "minutes", required=True)
    meeting.minutes_at = now
    db.session.flush()
    return meeting


# --- Experience experts ---------------------------------------------------------------------

def save_expert(expert: ExperienceExpert | None, values: Mapping[str, Any]) -> ExperienceExpert:
    """Add or change an experience expert; whether they are employed, paid a fee or volunteer."""
    try:
        compensation = Compensation(values.get("compensation"))
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "compensation") from None
    expert = expert or ExperienceExpert()
    expert.name = clean(values.get("name"), 200, "name", required=True)
    expert.expertise = clean(values.get("expertise"), 300, "expertise", required=True)
    expert.compensation = compensation
    expert.organisation_id = organisation_id_of(values.get("organisation_id"))
    expert.email = clean(values.get("email"), 254, "email")
    expert.phone = clean(values.get("phone"), 40, "phone")
    expert.notes = clean(values.get("notes"), 4000, "notes")
    db.session.add(expert)
    db.session.flush()
    return expert


def add_task(expert: ExperienceExpert, values: Mapping[str, Any]) -> ExpertTask:
    """Record a task the expert takes (a working group, a lecture, client work...)."""
    starts = _day(values.get("starts_on"), "starts_on")
    ends = values.get("ends_on")
    if ends is not None and (not isinstance(ends, date) or ends < starts):
        raise ValidationError(_l("The last day cannot be before the first day."), "ends_on")
    task = ExpertTask(title=clean(values.get("title"), 200, "title", required=True),
                      starts_on=starts, ends_on=ends,
                      notes=clean(values.get("notes"), 500, "notes"))
    expert.tasks.append(task)
    db.session.flush()
    return task


def remove_task(task: ExpertTask) -> None:
    """Remove a task recorded by mistake."""
    task.expert.tasks.remove(task)
    db.session.flush()


def experts_by_compensation() -> dict[Compensation, int]:
    """How many active experts work in each way."""
    counts = dict(db.session.execute(
        select(ExperienceExpert.compensation, func.count())
        .where(ExperienceExpert.retired_at.is_(None))
        .group_by(ExperienceExpert.compensation)).all())
    return {c: int(counts.get(c, 0)) for c in Compensation}
