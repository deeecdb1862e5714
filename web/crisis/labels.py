"""Translated names of the exceptional-mode terms, for templates and select fields."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from wtforms.fields import SelectChoice

from crisis.audit import Action
from crisis.models import Audience, Channel, OtherPoints, OutboxStatus, Phase, ScenarioKind, Timing

LABELS = {
    ScenarioKind.EPIDEMIC: _l("Contact-avoiding epidemic"),
    ScenarioKind.POWER_CUT: _l("Long power cut"),
    ScenarioKind.FLOOD: _l("Flood"),
    ScenarioKind.HEAT: _l("Heat wave"),
    ScenarioKind.OTHER: _l("Other"),
    Audience.STEERING_GROUP: _l("Steering group"),
    Audience.WORKER_PAIRS: _l("Worker pairs of the scenario's points"),
    Audience.VOLUNTEERS: _l("Volunteers"),
    Audience.PARTNERS: _l("Partner organisations"),
    Audience.RESIDENTS: _l("Subscribed residents"),
    Audience.PUBLIC: _l("The public"),
    Channel.EMAIL: _l("Email"),
    Channel.SMS: _l("SMS"),
    Channel.WEB_NOTICE: _l("Web notice on the resident site"),
    Channel.CAP: _l("CAP alert"),
    Timing.AT_ACTIVATION: _l("At activation"),
    Timing.AFTER_HOURS: _l("Hours after activation"),
    Timing.AT_DEACTIVATION: _l("At deactivation"),
    OtherPoints.KEEP: _l("Keep their status"),
    OtherPoints.CLOSED: _l("Close them"),
    OtherPoints.STANDBY: _l("Put them on standby"),
    OutboxStatus.QUEUED: _l("Queued"),
    OutboxStatus.SENDING: _l("Sending"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Failed"),
    OutboxStatus.CANCELLED: _l("Cancelled"),
    Phase.ACTIVATION: _l("At activation"),
    Phase.TIMED: _l("Timed"),
    Phase.DEACTIVATION: _l("At deactivation"),
    Action.SCENARIO_CREATE: _l("Scenario created"),
    Action.SCENARIO_EDIT: _l("Scenario edited"),
    Action.SCENARIO_RETIRE: _l("Scenario retired"),
    Action.PLAN_ROW_CREATE: _l("Plan row added"),
    Action.PLAN_ROW_EDIT: _l("Plan row edited"),
    Action.PLAN_ROW_DELETE: _l("Plan row deleted"),
    Action.ACTIVATE: _l("Exceptional mode activated"),
    Action.DEACTIVATE: _l("Exceptional mode deactivated"),
    Action.RESEND: _l("Failed messages queued again"),
    Action.EXERCISE_PARTICIPANTS: _l("Exercise participants changed"),
}
# What each placeholder of crisis.message_templates stands for, shown to the author.
PLACEHOLDER_HELP = {
    "scenario": _l("the scenario's name"),
    "reason": _l("why exceptional mode was activated"),
    "nearest_points": _l("the open points of the recipient's area (or all of the scenario's)"),
    "area": _l("the recipient's area"),
    "site_link": _l("the link to the resident site"),
    "unsubscribe_link": _l("the one-step unsubscribe link (subscribed residents only)"),
    "organisation": _l("the organisation that informs"),
    "sender": _l("the person who informs"),
    "recipient_name": _l("the recipient's name, where known"),
    "point": _l("the recipient's own service point (worker pairs only)"),
    "instructions": _l("the scenario's instructions for the recipient's point (worker pairs only)"),
}
LANGUAGE_NAMES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}



def crisis_label(value) -> str:
    """The translated label of an exceptional-mode term (the raw value when it has none).

    Plain strings find their label too: every value above is distinct, and a StrEnum member
    equals (and hashes as) its value.
    """
    return str(LABELS.get(value, value))


def crisis_choices(enum_cls) -> list[SelectChoice]:
    """Select options for an enum with translated labels."""
    return [SelectChoice(m.value, LABELS.get(m, m.value)) for m in enum_cls]


def register(app: Flask) -> None:
    """Make the labels available in every template."""
    app.jinja_env.globals.update(
        crisis_label=crisis_label, placeholder_help=PLACEHOLDER_HELP,
        crisis_language=lambda code: str(LANGUAGE_NAMES.get(code, code)))
