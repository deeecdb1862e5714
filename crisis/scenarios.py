"""Preparing scenarios and their communications plans: create, edit, retire, with the audit log.

Each operation checks its input, raises ValidationError naming the field to fix, changes
nothing when it refuses, records an audit entry and flushes; the caller commits.
"""

import string
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from crisis import audit, cap
from crisis.audit import Action
from crisis.message_templates import PLACEHOLDERS
from crisis.models import (
    Activation,
    Audience,
    Channel,
    OtherPoints,
    PlanRow,
    Scenario,
    ScenarioKind,
    ScenarioPoint,
    Timing,
)
from network.database import db
from network.errors import ValidationError
from network.models import Area, Organisation, ServicePoint, TargetGroup, User

LANGUAGES = ("fi", "sv", "en")
SCENARIO_LIMITS = {"name": 200, "description": 4000}
INSTRUCTIONS_LIMIT = 2000
SUBJECT_LIMIT = 200
BODY_LIMIT = 5000
SMS_BODY_LIMIT = 1000
INFORMER_LIMIT = 200
MAX_DELAY_HOURS = 720
PUBLIC_CHANNELS = frozenset({Channel.WEB_NOTICE, Channel.CAP})
PERSONAL_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS})
FILTERS = ("area_id", "language", "target_group")
PLAN_FIELDS = ("informer_organisation_id", "informer_name", "audience", "channel", "timing",
               "delay_hours", *FILTERS, *(f"subject_{lang}" for lang in LANGUAGES),
               *(f"body_{lang}" for lang in LANGUAGES))
_FORMATTER = string.Formatter()


def _too_long(limit: int):
    return _l("Use at most %(n)d characters.", n=limit)


def _text(values: Mapping[str, Any], field: str, limit: int) -> str | None:
    value = values.get(field)
    value = value.strip() if isinstance(value, str) else value
    if value and len(value) > limit:
        raise ValidationError(_too_long(limit), field)
    return value or None


def _enum(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), field) from None


# --- Scenarios -----------------------------------------------------------------------------


def clean_scenario(values: Mapping[str, Any], scenario: Scenario | None = None) -> dict:
    """A scenario's fields checked: name (unique), kind, description, CAP category, others."""
    cleaned = {field: _text(values, field, limit) for field, limit in SCENARIO_LIMITS.items()}
    if not cleaned["name"]:
        raise ValidationError(_l("Give a name."), "name")
    same_name = select(Scenario.id).where(func.lower(Scenario.name) == cleaned["name"].lower())
    if scenario is not None and scenario.id is not None:
        same_name = same_name.where(Scenario.id != scenario.id)
    if db.session.scalar(same_name.limit(1)) is not None:
        raise ValidationError(_l("This name is already in use."), "name")
    cleaned["kind"] = _enum(ScenarioKind, values.get("kind"), "kind")
    category = values.get("cap_category") or "Safety"
    if category not in cap.CATEGORIES:
        raise ValidationError(_l("Choose one of the options."), "cap_category")
    cleaned["cap_category"] = category
    cleaned["other_points"] = _enum(OtherPoints, values.get("other_points") or OtherPoints.KEEP,
                                    "other_points")
    return cleaned


def clean_points(points: Mapping[int, str | None], scenario: Scenario | None = None
                 ) -> dict[int, str | None]:
    """The points a scenario opens with their instructions; points must be in use."""
    kept = {sp.point_id for sp in scenario.points} if scenario is not None else set()
    cleaned: dict[int, str | None] = {}
    for point_id, instructions in points.items():
        point = db.session.get(ServicePoint, point_id)
        if point is None or (point.retired_at is not None and point_id not in kept):
            raise ValidationError(_l("Choose points that are in use."), "points")
        text = instructions.strip() if isinstance(instructions, str) else None
        if text and len(text) > INSTRUCTIONS_LIMIT:
            raise ValidationError(_too_long(INSTRUCTIONS_LIMIT), f"instructions_{point_id}")
        cleaned[point_id] = text or None
    return cleaned


def _set_points(scenario: Scenario, points: dict[int, str | None]) -> None:
    present = {sp.point_id: sp for sp in scenario.points}
    for point_id, link in present.items():
        if point_id not in points:
            scenario.points.remove(link)
    for point_id, instructions in points.items():
        if point_id in present:
            present[point_id].instructions = instructions
        else:
            scenario.points.append(ScenarioPoint(point_id=point_id, instructions=instructions))


def create_scenario(values: Mapping[str, Any], points: Mapping[int, str | None], *,
                    actor: User | None, now: datetime) -> Scenario:
    """A new scenario with the points it opens."""
    cleaned = clean_scenario(values)
    chosen = clean_points(points)
    scenario = Scenario(**cleaned, created_at=now, updated_at=now)
    db.session.add(scenario)
    _set_points(scenario, chosen)
    db.session.flush()
    audit.record(actor, Action.SCENARIO_CREATE, scenario, details={
        "name": scenario.name, "kind": scenario.kind, "points": sorted(chosen)}, now=now)
    return scenario


def update_scenario(scenario: Scenario, values: Mapping[str, Any],
                    points: Mapping[int, str | None], *, actor: User | None,
                    now: datetime) -> Scenario:
    """Change a scenario's fields and points; the audit entry names what changed."""
    cleaned = clean_scenario(values, scenario)
    chosen = clean_points(points, scenario)
    changed = [f for f, v in cleaned.items() if getattr(scenario, f) != v]
    before = {sp.point_id: sp.instructions for sp in scenario.points}
    for field, value in cleaned.items():
        setattr(scenario, field, value)
    _set_points(scenario, chosen)
    if set(before) != set(chosen):
        changed.append("points")
    if any(before.get(pid) != text for pid, text in chosen.items() if pid in before):
        changed.append("instructions")
    scenario.updated_at = now
    db.session.flush()
    audit.record(actor, Action.SCENARIO_EDIT, scenario, details={
        "changed": changed, "points_added": sorted(set(chosen) - set(before)),
        "points_removed": sorted(set(before) - set(chosen))}, now=now)
    return scenario


def retire_scenario(scenario: Scenario, *, actor: User | None, now: datetime) -> Scenario:
    """Take a scenario out of use (its plan and history stay); not while it is active."""
    open_here = db.session.scalar(select(Activation.id).where(
        Activation.scenario_id == scenario.id, Activation.open_slot.is_not(None)).limit(1))
    if open_here is not None:
        raise ValidationError(_l("The scenario is active: deactivate it first."))
    if scenario.retired_at is None:
        scenario.retired_at = now
        db.session.flush()
        audit.record(actor, Action.SCENARIO_RETIRE, scenario, details={"name": scenario.name},
                     now=now)
    return scenario


# --- Message templates ---------------------------------------------------------------------


def template_problem(text: str | None, *, audience: Audience | str | None = None):
    """Why a message template cannot be used (a translated message), or None when it can."""
    try:
        parsed = list(_FORMATTER.parse(text or ""))
    except ValueError:
        return _l("A brace { or } is not closed. Write placeholders such as {scenario}; "
                  "write {{ or }} for a brace itself.")
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return _l("Write placeholders plainly, such as {scenario}, without dots, brackets "
                      "or formats. Known placeholders: %(known)s.", known=known)
        if name not in PLACEHOLDERS:
            return _l("Unknown placeholder {%(name)s}. Known placeholders: %(known)s.",
                      name=name[:40], known=known)
        if name == "unsubscribe_link" and audience not in (None, Audience.RESIDENTS):
            return _l("The placeholder {unsubscribe_link} is only for subscribed residents.")
    return None


def _uses(text: str, name: str) -> bool:
    try:
        return any(field == name for _, field, _, _ in _FORMATTER.parse(text))
    except ValueError:
        return False


# --- Plan rows -----------------------------------------------------------------------------


def clean_plan_row(values: Mapping[str, Any]) -> dict:
    """A plan row's fields checked: sensible audience and channel, timing, filters, texts."""
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a plan row: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    org_id = values.get("informer_organisation_id")
    if org_id is not None and db.session.get(Organisation, org_id) is None:
        raise ValidationError(_l("Choose one of the options."), "informer_organisation_id")
    cleaned["informer_organisation_id"] = org_id
    cleaned["informer_name"] = _text(values, "informer_name", INFORMER_LIMIT)
    audience = cleaned["audience"] = _enum(Audience, values.get("audience"), "audience")
    channel = _enum(Channel, values.get("channel"), "channel")
    cleaned["channel"] = channel.value
    if audience == Audience.PUBLIC and channel not in PUBLIC_CHANNELS:
        raise ValidationError(
            _l("The public is informed with a web notice or a CAP alert."), "channel")
    if channel in PUBLIC_CHANNELS and audience != Audience.PUBLIC:
        raise ValidationError(
            _l("Web notices and CAP alerts are for the public: choose email or SMS."), "channel")
    timing = cleaned["timing"] = _enum(Timing, values.get("timing") or Timing.AT_ACTIVATION,
                                       "timing")
    delay = values.get("delay_hours")
    if timing == Timing.AFTER_HOURS:
        if isinstance(delay, bool) or not isinstance(delay, int) or not (
                1 <= delay <= MAX_DELAY_HOURS):
            raise ValidationError(_l("Give a number of hours from 1 to %(n)d.",
                                     n=MAX_DELAY_HOURS), "delay_hours")
        cleaned["delay_hours"] = delay
    else:
        cleaned["delay_hours"] = 0
    _clean_filters(values, audience, cleaned)
    _clean_texts(values, audience, channel, cleaned)
    return cleaned


def _clean_filters(values: Mapping[str, Any], audience: Audience, cleaned: dict) -> None:
    area_id, language, group = (values.get(f) or None for f in FILTERS)
    if audience != Audience.RESIDENTS:
        for field, value in zip(FILTERS, (area_id, language, group), strict=True):
            if value is not None:
                raise ValidationError(
                    _l("Filters apply to subscribed residents only: leave this empty."), field)
    if area_id is not None and db.session.get(Area, area_id) is None:
        raise ValidationError(_l("Choose one of the options."), "area_id")
    if language is not None and language not in LANGUAGES:
        raise ValidationError(_l("Choose one of the options."), "language")
    if group is not None:
        group = _enum(TargetGroup, group, "target_group").value
    cleaned.update(area_id=area_id, language=language, target_group=group)


def _clean_texts(values: Mapping[str, Any], audience: Audience, channel: Channel,
                 cleaned: dict) -> None:
    body_limit = SMS_BODY_LIMIT if channel == Channel.SMS else BODY_LIMIT
    for lang in LANGUAGES:
        subject = _text(values, f"subject_{lang}", SUBJECT_LIMIT)
        if channel == Channel.SMS and subject:
            raise ValidationError(_l("An SMS has no subject: leave this empty."),
                                  f"subject_{lang}")
        if channel != Channel.SMS and not subject and lang == "fi":
            raise ValidationError(_l("Give a subject."), f"subject_{lang}")
        if subject and (problem := template_problem(subject, audience=audience)) is not None:
            raise ValidationError(problem, f"subject_{lang}")
        cleaned[f"subject_{lang}"] = subject
        body = _text(values, f"body_{lang}", body_limit)
        if not body:
            raise ValidationError(_l("Give the message."), f"body_{lang}")
        if (problem := template_problem(body, audience=audience)) is not None:
            raise ValidationError(problem, f"body_{lang}")
        if audience == Audience.RESIDENTS and not _uses(body, "unsubscribe_link"):
            raise ValidationError(_l("Messages to residents must include {unsubscribe_link}."),
                                  f"body_{lang}")
        cleaned[f"body_{lang}"] = body


def _row_summary(row: PlanRow) -> dict:
    return {"scenario_id": row.scenario_id, "audience": row.audience, "channel": row.channel,
            "timing": row.timing, "delay_hours": row.delay_hours}


def build_plan_row(scenario: Scenario, values: Mapping[str, Any]) -> PlanRow:
    """A checked plan row that is not saved (for the preview)."""
    return PlanRow(scenario_id=scenario.id, **clean_plan_row(values))


def create_plan_row(scenario: Scenario, values: Mapping[str, Any], *, actor: User | None,
                    now: datetime) -> PlanRow:
    """Add a row to a scenario's communications plan."""
    row = PlanRow(**clean_plan_row(values))
    scenario.plan.append(row)
    db.session.flush()
    audit.record(actor, Action.PLAN_ROW_CREATE, row, details=_row_summary(row), now=now)
    return row


def update_plan_row(row: PlanRow, values: Mapping[str, Any], *, actor: User | None,
                    now: datetime) -> PlanRow:
    """Change a plan row; the audit entry names what changed."""
    cleaned = clean_plan_row(values)
    changed = [f for f, v in cleaned.items() if getattr(row, f) != v]
    for field, value in cleaned.items():
        setattr(row, field, value)
    db.session.flush()
    audit.record(actor, Action.PLAN_ROW_EDIT, row,
                 details=_row_summary(row) | {"changed": changed}, now=now)
    return row


def delete_plan_row(row: PlanRow, *, actor: User | None, now: datetime) -> None:
    """Remove a row from its plan (messages already queued from it stay)."""
    audit.record(actor, Action.PLAN_ROW_DELETE, row, details=_row_summary(row), now=now)
    row.scenario.plan.remove(row)
    db.session.flush()


def active_scenarios() -> list[Scenario]:
    """Scenarios in use, by name."""
    return list(db.session.scalars(select(Scenario).where(Scenario.retired_at.is_(None))
                                   .order_by(Scenario.name)))
