"""The local model document, assembled from live data, with every part the operating model
asks for; a part without data carries gaps that say what to fill, so nothing is left out.

Crisis tables (the communications plan) are named here, never imported.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text, column, select, table
from sqlalchemy.orm import selectinload

from network import offerings_table
from network.database import db
from network.models import (
    Area,
    Contact,
    ContactScope,
    GroupRole,
    ModelText,
    Offering,
    Organisation,
    PointKind,
    Role,
    RosterMember,
    ServiceMode,
    ServicePoint,
    User,
    VolunteerChecklist,
    WorkerPair,
)

# Texts the steering group writes, by key; each can be written in fi, sv and en.
TEXT_KEYS = ("coordination", "service_delivery", "quick_setup")
LANGUAGES = ("fi", "sv", "en")
ELECTRONIC_CODES = ("digital_guidance",)
MOBILE_CODES = ("mobile_service",)
SCENARIO = table("scenario", column("id", Integer), column("name", String),
                 column("retired_at"))
PLAN_ROW = table("plan_row", column("id", Integer), column("scenario_id", Integer),
                 column("informer_organisation_id", Integer), column("informer_name", String),
                 column("audience", String), column("channel", String),
                 column("timing", String), column("delay_hours", Integer),
                 column("subject_fi", String), column("subject_sv", String),
                 column("subject_en", String), column("body_fi", Text))


@dataclass(frozen=True)
class Gap:
    """Something the document lacks: `kind` names what to fill, `subject` which record."""

    kind: str
    subject: str | None = None
    subject_id: int | None = None


@dataclass
class Part:
    """One part of the document: its data and its gaps."""

    key: str
    data: Any
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True)
class Text:
    """A steering group text in the language asked for (or Finnish, flagged, when missing)."""

    body: str
    language: str

    def fallback(self, locale: str) -> bool:
        """Whether the text is shown in another language than asked."""
        return self.language != locale


def model_text(key: str, locale: str) -> Text | None:
    """A text in the locale, else in Finnish, else in any language; None if never written."""
    rows = {t.language: t.body for t in db.session.scalars(
        select(ModelText).where(ModelText.key == key))}
    for language in (locale, "fi", *LANGUAGES):
        if rows.get(language):
            return Text(rows[language], language)
    return None


def save_text(key: str, bodies: dict[str, str | None], *, actor: User | None) -> None:
    """Write a text's languages; an empty one is removed."""
    if key not in TEXT_KEYS:
        raise ValueError(f"unknown model text {key!r}")
    existing = {t.language: t for t in db.session.scalars(
        select(ModelText).where(ModelText.key == key))}
    for language in LANGUAGES:
        body = (bodies.get(language) or "").strip()
        row = existing.get(language)
        if body and row is None:
            db.session.add(ModelText(key=key, language=language, body=body,
                                     updated_by_id=actor.id if actor else None))
        elif body and row.body != body:
            row.body, row.updated_by_id = body, actor.id if actor else None
        elif not body and row is not None:
            db.session.delete(row)
    db.session.flush()


def texts_of(key: str) -> dict[str, str]:
    """A text's bodies by language."""
    return {t.language: t.body for t in db.session.scalars(
        select(ModelText).where(ModelText.key == key))}


def _active(model, order) -> list:
    return list(db.session.scalars(select(model).where(model.retired_at.is_(None))
                                   .order_by(order)))


def _text_part(key: str, locale: str) -> Part:
    text = model_text(key, locale)
    return Part(key, text, [] if text else [Gap("text", key)])


def organisations_part() -> Part:
    """The organisations taking part, and which holds coordination responsibility."""
    orgs = _active(Organisation, Organisation.name)
    gaps = [] if orgs else [Gap("organisations")]
    if orgs and not any(o.holds_coordination for o in orgs):
        gaps.append(Gap("coordination_holder"))
    return Part("organisations", orgs, gaps)


def steering_part() -> Part:
    """The steering group's members, the chair and coordination responsibility first."""
    order = {GroupRole.CHAIR: 0, GroupRole.COORDINATION: 1, GroupRole.MEMBER: 2}
    members = sorted(_active(RosterMember, RosterMember.name), key=lambda m: order[m.group_role])
    gaps = [] if members else [Gap("roster")]
    if members and not any(m.group_role == GroupRole.CHAIR for m in members):
        gaps.append(Gap("roster_chair"))
    return Part("steering_group", members, gaps)


@dataclass(frozen=True)
class Responsibility:
    """An area or a service and its responsible persons."""

    name: str
    persons: list[RosterMember]


def responsible_part(locale: str) -> Part:
    """The responsible persons for each area and each service."""
    members = _active(RosterMember, RosterMember.name)
    areas = [Responsibility(a.name, [m for m in members if a in m.areas])
             for a in _active(Area, Area.name)]
    services = [Responsibility(o.name(locale), [m for m in members if o in m.services])
                for o in _active(Offering, Offering.sort_order)]
    gaps = [Gap("area_responsible", r.name) for r in areas if not r.persons]
    gaps += [Gap("service_responsible", r.name) for r in services if not r.persons]
    if not areas:
        gaps.append(Gap("areas"))
    return Part("responsible", {"areas": areas, "services": services}, gaps)


@dataclass(frozen=True)
class Delivery:
    """What, how and where in one mode: each offering with the points giving it, and the
    points by form of delivery."""

    mode: ServiceMode
    offerings: list[tuple[Offering, list[str]]]
    traditional: list[str]
    mobile: list[str]
    electronic: list[str]


def delivery_part(points: list[ServicePoint], locale: str) -> Part:
    """What, how and where services are given, in normal and exceptional mode."""
    catalogue = _active(Offering, Offering.sort_order)
    modes = []
    for mode in offerings_table.MODES:
        giving = [p for p in points if p.offerings_in(mode)]
        codes = {p.id: {o.code for o in p.offerings_in(mode)} for p in giving}
        modes.append(Delivery(
            mode=mode,
            offerings=[(o, [p.name for p in giving if o.code in codes[p.id]]) for o in catalogue],
            traditional=[p.name for p in giving if p.kind != PointKind.MOBILE],
            mobile=[p.name for p in giving
                    if p.kind == PointKind.MOBILE or codes[p.id] & set(MOBILE_CODES)],
            electronic=[p.name for p in giving if codes[p.id] & set(ELECTRONIC_CODES)]))
    text = model_text("service_delivery", locale)
    gaps = [] if text else [Gap("text", "service_delivery")]
    if not any(d.traditional or d.mobile or d.electronic for d in modes):
        gaps.append(Gap("points"))
    return Part("delivery", {"modes": modes, "text": text}, gaps)


def table_part() -> Part:
    """The points × offerings table (network.offerings_table)."""
    built = offerings_table.build()
    gaps = []
    if not built.rows:
        gaps.append(Gap("points"))
    if not built.offerings:
        gaps.append(Gap("offerings"))
    return Part("offerings_table", built, gaps)


@dataclass(frozen=True)
class DiagramPoint:
    """A point in the diagram with the names of its current pair (empty if none)."""

    name: str
    pair: list[str]


@dataclass(frozen=True)
class Diagram:
    """Steering group → coordinators → points → worker pairs."""

    steering: list[str]
    coordinators: list[str]
    points: list[DiagramPoint]


def diagram_part(points: list[ServicePoint], today: date) -> Part:
    """The network as a tree: the data of the SVG diagram and of its text alternative."""
    steering = [m.name for m in _active(RosterMember, RosterMember.name)]
    coordinators = list(db.session.scalars(
        select(User.name).where(User.role == Role.COORDINATOR, User.active.is_(True))
        .order_by(User.name)))
    rows, gaps = [], []
    for p in points:
        pair = next((wp for wp in p.pairs if wp.covers(today)), None)
        names = [w.name for w in pair.workers] if pair else []
        rows.append(DiagramPoint(p.name, names))
        if len(names) < 2:
            gaps.append(Gap("point_pair", p.name, p.id))
    if not steering:
        gaps.insert(0, Gap("roster"))
    if not coordinators:
        gaps.insert(0, Gap("coordinators"))
    if not points:
        gaps.append(Gap("points"))
    return Part("diagram", Diagram(steering, coordinators, rows), gaps)


@dataclass(frozen=True)
class PlanLine:
    """One row of the communications plan: who informs whom, how and when, with the subject."""

    scenario: str
    informer: str | None
    audience: str
    channel: str
    timing: str
    delay_hours: int
    subject: str


def plan_part(locale: str) -> Part:
    """The communications plans of the scenarios in use."""
    orgs = {o.id: o.name for o in db.session.scalars(select(Organisation))}
    rows = db.session.execute(
        select(SCENARIO.c.name, PLAN_ROW).join(SCENARIO, SCENARIO.c.id == PLAN_ROW.c.scenario_id)
        .where(SCENARIO.c.retired_at.is_(None))
        .order_by(SCENARIO.c.name, PLAN_ROW.c.id)).all()
    lines = [PlanLine(
        scenario=r[0], informer=orgs.get(r.informer_organisation_id) or r.informer_name,
        audience=r.audience, channel=r.channel, timing=r.timing, delay_hours=r.delay_hours,
        subject=getattr(r, f"subject_{locale}", None) or r.subject_fi or r.body_fi[:80])
        for r in rows]
    return Part("communications_plan", lines, [] if lines else [Gap("plan")])


def contacts_part(points: list[ServicePoint], today: date) -> Part:
    """The actors' contact details: organisations, the steering group, the points and pairs."""
    orgs = _active(Organisation, Organisation.name)
    members = _active(RosterMember, RosterMember.name)
    pairs = {p.id: next((wp for wp in p.pairs if wp.covers(today)), None) for p in points}
    gaps = [Gap("organisation_contact", o.name, o.id) for o in orgs
            if not (o.email or o.phone)]
    if not orgs:
        gaps.append(Gap("organisations"))
    return Part("contacts", {"organisations": orgs, "members": members, "points": points,
                             "pairs": pairs}, gaps)


def checklist_part() -> Part:
    """The volunteer checklists: the general one first, then the scenarios' own."""
    rows = list(db.session.scalars(select(VolunteerChecklist).order_by(
        VolunteerChecklist.scenario_id.is_not(None), VolunteerChecklist.title)))
    return Part("volunteer_checklist", rows, [] if rows else [Gap("checklist")])


def service_contacts_part() -> Part:
    """Local and national services people can be guided to."""
    contacts = _active(Contact, Contact.name)
    local = [c for c in contacts if c.scope == ContactScope.LOCAL]
    national = [c for c in contacts if c.scope == ContactScope.NATIONAL]
    gaps = ([] if local else [Gap("contacts_local")]) + (
        [] if national else [Gap("contacts_national")])
    return Part("service_contacts", {"local": local, "national": national}, gaps)


@dataclass
class ModelDocument:
    """The document's parts in order, then its attachments."""

    locale: str
    coordinator: Organisation | None
    parts: list[Part]
    attachments: list[Part]

    def part(self, key: str) -> Part:
        """A part or attachment by key."""
        return next(p for p in self.parts + self.attachments if p.key == key)

    @property
    def gaps(self) -> list[tuple[str, Gap]]:
        """Every gap with the key of its part."""
        return [(p.key, g) for p in self.parts + self.attachments for g in p.gaps]


def build(locale: str, *, today: date) -> ModelDocument:
    """The whole document in a language, from the data as it is now."""
    locale = locale if locale in LANGUAGES else "fi"
    points = list(db.session.scalars(
        select(ServicePoint).where(ServicePoint.retired_at.is_(None))
        .options(selectinload(ServicePoint.offerings), selectinload(ServicePoint.area),
                 selectinload(ServicePoint.pairs).selectinload(WorkerPair.workers))
        .order_by(ServicePoint.name)))
    organisations = organisations_part()
    coordinator = next((o for o in organisations.data if o.holds_coordination), None)
    parts = [organisations, steering_part(), responsible_part(locale),
             _text_part("coordination", locale), delivery_part(points, locale), table_part(),
             diagram_part(points, today)]
    attachments = [plan_part(locale), contacts_part(points, today), checklist_part(),
                   service_contacts_part(), _text_part("quick_setup", locale)]
    return ModelDocument(locale, coordinator, parts, attachments)
