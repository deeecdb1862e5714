"""Turning the communications plan into outbox rows: one per recipient and channel.

Each message is rendered in its recipient's language (fi, sv or en) with the placeholders of
crisis.message_templates filled, and gets a unique idempotency key, so writing a plan twice
cannot queue a message twice. The rows are written in bulk inside the activation's transaction
(COPY on PostgreSQL, one executemany elsewhere): 100,000 residents take seconds.

Public rows (web notice, CAP) have no address: one row per language (fi, sv, en), which the
publisher joins into one notice or one CAP alert with an info block per language.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import insert, select

from crisis import message_templates, recipients, sms
from crisis.models import (
    Activation,
    Audience,
    Channel,
    OutboxMessage,
    OutboxStatus,
    Phase,
    PlanRow,
    Scenario,
    ScenarioPoint,
    Timing,
)
from network.clock import local
from network.database import db
from network.models import Area, Organisation, ServicePoint

LANGUAGES = recipients.LANGUAGES
EXERCISE_PREFIX = {"fi": "HARJOITUS – ", "sv": "ÖVNING – ", "en": "EXERCISE – "}
SUBJECT_LIMIT = 200
NEAREST_LISTED = 3
ANALYZE_AFTER = 5_000  # rows written at once after which PostgreSQL's statistics are refreshed
PHASE_OF = {Timing.AT_ACTIVATION: Phase.ACTIVATION, Timing.AFTER_HOURS: Phase.TIMED,
            Timing.AT_DEACTIVATION: Phase.DEACTIVATION}


@dataclass(frozen=True)
class Rendered:
    """A message's subject (None for SMS) and body in one language."""

    language: str
    subject: str | None
    body: str

    @property
    def sms_length(self) -> sms.SmsLength:
        """The body's SMS encoding, length and segments."""
        return sms.measure(self.body)


@dataclass
class RowReach:
    """What a plan row will send: messages written, people without an address, left out."""

    row: PlanRow
    messages: int = 0
    no_address: int = 0
    left_out: int = 0
    duplicates: int = 0
    by_language: dict[str, int] = field(default_factory=dict)


class _Values(dict):
    """Placeholder values; a placeholder without a value renders empty."""

    def __missing__(self, key: str) -> str:
        return ""


def site_url(explicit: str | None = None) -> str:
    """The resident site's address, without a trailing slash."""
    return (explicit or current_app.config.get("SITE_URL") or "").rstrip("/")


def unsubscribe_link(base: str, token: str) -> str:
    """The one-step unsubscribe link of a subscription."""
    return f"{base}/unsubscribe/{token}"


def message_key(activation_id: int, row_id: int, phase: Phase | str, kind: str,
                recipient_id: int | str | None, channel: Channel | str) -> str:
    """The idempotency key of one message: the same plan row never reaches anyone twice.

    Public rows have no recipient id; their language stands in its place.
    """
    rid = "-" if recipient_id is None else recipient_id
    return f"{activation_id}:{row_id}:{Phase(phase).value}:{kind}:{rid}:{Channel(channel).value}"


class Renderer:
    """A plan row's texts ready to fill: each language's templates looked up once."""

    def __init__(self, row: PlanRow, *, exercise: bool):
        self.sms = row.channel == Channel.SMS
        self.exercise = exercise
        self.texts = {language: row.text(language) for language in LANGUAGES}

    def __call__(self, language: str, values: Mapping[str, object]) -> tuple[str | None, str]:
        """Subject (None for SMS) and body in a language; `values` maps every placeholder
        to text (a _Values, so a missing one renders empty)."""
        subject_template, body_template = self.texts.get(language) or self.texts["fi"]
        subject = None
        if not self.sms:
            subject = " ".join(subject_template.format_map(values).split())
            if self.exercise:
                subject = EXERCISE_PREFIX[language] + subject
            if len(subject) > SUBJECT_LIMIT:
                subject = subject[:SUBJECT_LIMIT - 1] + "…"
        body = body_template.format_map(values)
        if self.exercise:
            body = EXERCISE_PREFIX[language] + body
        return subject, body


def render(row: PlanRow, language: str, values: Mapping[str, object], *,
           exercise: bool) -> Rendered:
    """A plan row's subject and body in a language, placeholders filled."""
    filled = _Values({k: "" if v is None else v for k, v in values.items()})
    subject, body = Renderer(row, exercise=exercise)(language, filled)
    return Rendered(language, subject, body)


def check_row(row: PlanRow) -> None:
    """Refuse a row whose stored template would not render (checked at saving, too)."""
    for language in LANGUAGES:
        for template in row.text(language):
            message_templates.check(template or "")


def _point_line(point: ServicePoint) -> str:
    where = ", ".join(part for part in (point.street_address, point.city) if part)
    return f"{point.name} ({where})" if where else point.name


class PointInstructions:
    """Each scenario point's name and its instructions for the pair, by point id."""

    def __init__(self, scenario_id: int | None):
        query = (select(ScenarioPoint.point_id, ServicePoint.name, ScenarioPoint.instructions)
                 .join(ServicePoint, ServicePoint.id == ScenarioPoint.point_id)
                 .where(ScenarioPoint.scenario_id == scenario_id))
        self._points = {row[0]: (row[1], row[2] or "") for row in db.session.execute(query)}

    def values(self, point_id: int | None) -> tuple[str, str]:
        """The point's name and instructions (empty when the recipient has no point)."""
        return self._points.get(point_id, ("", "")) if point_id is not None else ("", "")

    def sample(self) -> tuple[str, str]:
        """A point with instructions, for previews (the first by id)."""
        with_text = [p for _, p in sorted(self._points.items()) if p[1]]
        return with_text[0] if with_text else next(iter(self._points.values()), ("", ""))


class Nearest:
    """The scenario's open points as short text, per area (all points when none in the area)."""

    def __init__(self, scenario_id: int | None, point_ids: Iterable[int] = ()):
        if scenario_id is not None:
            query = (select(ServicePoint)
                     .join(ScenarioPoint, ScenarioPoint.point_id == ServicePoint.id)
                     .where(ScenarioPoint.scenario_id == scenario_id))
        else:
            query = select(ServicePoint).where(ServicePoint.id.in_(list(point_ids)))
        points = sorted(db.session.scalars(query.where(ServicePoint.retired_at.is_(None))),
                        key=lambda p: (p.name, p.id))
        self._all = self._text(points)
        self._by_area: dict[int, str] = {}
        for area_id in {p.area_id for p in points if p.area_id is not None}:
            self._by_area[area_id] = self._text([p for p in points if p.area_id == area_id])

    @staticmethod
    def _text(points: list[ServicePoint]) -> str:
        lines = [_point_line(p) for p in points[:NEAREST_LISTED]]
        if len(points) > NEAREST_LISTED:
            lines.append("…")
        return "; ".join(lines)

    def text(self, area_id: int | None) -> str:
        """The points of an area, or all of them."""
        return self._by_area.get(area_id, self._all) if area_id is not None else self._all


def base_values(row: PlanRow, scenario: Scenario, *, reason: str, link: str) -> dict[str, str]:
    """The placeholder values every recipient of a row shares."""
    organisation = (db.session.get(Organisation, row.informer_organisation_id)
                    if row.informer_organisation_id is not None else None)
    return {"scenario": scenario.name, "reason": reason, "site_link": link,
            "organisation": organisation.name if organisation else "",
            "sender": row.informer_name or ""}


def area_names() -> dict[int, str]:
    """Every area's name by id."""
    return {area_id: name for area_id, name in db.session.execute(select(Area.id, Area.name))}


@dataclass
class _Plan:
    """The shared inputs of one activation's messages."""

    activation: Activation | None
    scenario: Scenario
    reason: str
    exercise: bool
    today: date
    link: str
    nearest: Nearest
    areas: dict[int, str]
    instructions: PointInstructions


def _messages(plan: _Plan, row: PlanRow, phase: Phase, due_at: datetime | None,
              now: datetime, reach: RowReach) -> list[tuple]:
    """The outbox rows of one plan row as tuples in COLUMNS order (none when only counting).

    The loop runs once per recipient (100,000 residents and more), so everything that is the
    same for the whole row is worked out before it.
    """
    check_row(row)
    found = recipients.for_row(row, plan.scenario, today=plan.today, exercise=plan.exercise)
    reach.left_out += found.left_out
    channel = Channel(row.channel)
    writing = plan.activation is not None
    if writing:
        render_for = Renderer(row, exercise=plan.exercise)
        values = _Values(base_values(row, plan.scenario, reason=plan.reason, link=plan.link))
        activation_id, row_id = plan.activation.id, row.id
        key_head, key_tail = f"{activation_id}:{row_id}:{phase.value}:", f":{channel.value}"
        constant = (phase.value, channel.value)
        queued = OutboxStatus.QUEUED.value
        nearest, areas, link = plan.nearest.text, plan.areas, plan.link
        point_texts = plan.instructions.values
    seen: set[str] = set()
    rows: list[tuple] = []
    languages = reach.by_language
    for person in found.recipients:
        if person.kind == recipients.PUBLIC:
            target = None
        else:
            target = recipients.address(person, channel)
            if target is None:
                reach.no_address += 1
                continue
            folded = target.lower()
            if folded in seen:
                reach.duplicates += 1
                continue
            seen.add(folded)
        reach.messages += 1
        languages[person.language] = languages.get(person.language, 0) + 1
        if not writing:
            continue
        area_id = person.area_id
        values["nearest_points"] = nearest(area_id)
        values["area"] = areas.get(area_id, "") if area_id is not None else ""
        values["recipient_name"] = person.name or ""
        values["point"], values["instructions"] = point_texts(person.point_id)
        values["unsubscribe_link"] = (unsubscribe_link(link, person.token) if person.token
                                      else "")
        subject, body = render_for(person.language, values)
        rid = person.language if person.id is None else person.id
        rows.append((f"{key_head}{person.kind}:{rid}{key_tail}", activation_id, row_id,
                     *constant, person.kind, person.id, target, person.language, subject, body,
                     queued, 0, due_at, now))
    return rows


def _rows_of(scenario: Scenario, timings: Iterable[Timing]) -> list[PlanRow]:
    wanted = set(timings)
    return [row for row in scenario.plan if row.timing in wanted]


def _plan_for(activation: Activation | None, scenario: Scenario, *, exercise: bool,
              reason: str, now: datetime, link: str | None) -> _Plan:
    return _Plan(activation, scenario, reason, exercise, local(now).date(), site_url(link),
                 Nearest(scenario.id), area_names(), PointInstructions(scenario.id))


COLUMNS = ("key", "activation_id", "plan_row_id", "phase", "channel", "recipient_kind",
           "recipient_id", "address", "language", "subject", "body", "status", "attempts",
           "due_at", "created_at")


def write(rows: list[tuple]) -> int:
    """Insert outbox rows (tuples in COLUMNS order) in bulk in the session's transaction.

    PostgreSQL takes them with COPY (100,000 rows in about a second; an executemany through
    psycopg's pipeline takes several times longer), then refreshes the table's statistics when
    the rows are many: the planner would otherwise take the claims' id lookups for scans of
    every queued row. Other databases take one executemany.
    """
    if not rows:
        return 0
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(insert(OutboxMessage), [dict(zip(COLUMNS, r, strict=True))
                                                    for r in rows])
        return len(rows)
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {OutboxMessage.__tablename__} ({', '.join(COLUMNS)}) "
                         "FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
        if len(rows) >= ANALYZE_AFTER:
            # ANALYZE sees the transaction's own new rows; it takes ~0.1 s for 100,000.
            cursor.execute(f"ANALYZE {OutboxMessage.__tablename__}")
    return len(rows)


def plan_activation(activation: Activation, *, now: datetime, link: str | None = None
                    ) -> list[RowReach]:
    """Write the rows sent at activation (due now) and N hours after (due later)."""
    plan = _plan_for(activation, activation.scenario, exercise=activation.exercise,
                     reason=activation.reason, now=now, link=link)
    reaches, rows = [], []
    for row in _rows_of(activation.scenario, (Timing.AT_ACTIVATION, Timing.AFTER_HOURS)):
        due = activation.opened_at + timedelta(hours=row.delay_hours if
                                               row.timing == Timing.AFTER_HOURS else 0)
        reach = RowReach(row)
        rows += _messages(plan, row, PHASE_OF[row.timing], due, now, reach)
        reaches.append(reach)
    write(rows)
    return reaches


def plan_deactivation(activation: Activation, *, now: datetime, link: str | None = None
                      ) -> list[RowReach]:
    """Write the plan's rows sent at deactivation, due now."""
    plan = _plan_for(activation, activation.scenario, exercise=activation.exercise,
                     reason=activation.reason, now=now, link=link)
    reaches, rows = [], []
    for row in _rows_of(activation.scenario, (Timing.AT_DEACTIVATION,)):
        reach = RowReach(row)
        rows += _messages(plan, row, Phase.DEACTIVATION, now, now, reach)
        reaches.append(reach)
    write(rows)
    return reaches


def reach_of(scenario: Scenario, *, exercise: bool, now: datetime,
             timings: Iterable[Timing] = tuple(Timing)) -> list[RowReach]:
    """What each plan row would send if activated now (counts only; nothing is written)."""
    plan = _plan_for(None, scenario, exercise=exercise, reason="", now=now, link="-")
    reaches = []
    for row in _rows_of(scenario, timings):
        reach = RowReach(row)
        _messages(plan, row, PHASE_OF[row.timing], None, now, reach)
        reaches.append(reach)
    return reaches


def preview(row: PlanRow, scenario: Scenario, *, reason: str, sample_name: str,
            link: str | None = None) -> list[Rendered]:
    """A row's message in fi, sv and en with real data, before it is saved."""
    base_link = site_url(link)
    point_ids = (list(db.session.scalars(select(ScenarioPoint.point_id).where(
        ScenarioPoint.scenario_id == scenario.id))) if scenario.id is not None else [])
    nearest = Nearest(None, point_ids)
    area = db.session.get(Area, row.area_id) if row.area_id is not None else None
    point, instructions = (PointInstructions(scenario.id).sample()
                           if row.audience == Audience.WORKER_PAIRS and scenario.id is not None
                           else ("", ""))
    values = base_values(row, scenario, reason=reason, link=base_link) | {
        "nearest_points": nearest.text(row.area_id),
        "area": area.name if area else "",
        "recipient_name": sample_name if row.audience != Audience.RESIDENTS else "",
        "unsubscribe_link": (unsubscribe_link(base_link, "EXAMPLE")
                             if row.audience == Audience.RESIDENTS else ""),
        "point": point, "instructions": instructions,
    }
    return [render(row, language, values, exercise=False) for language in LANGUAGES]

