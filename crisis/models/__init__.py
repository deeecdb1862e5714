"""Crisis tables; importing this package registers them all."""

from crisis.models.activations import Activation, ActivationPoint
from crisis.models.alerts import PublishedAlert
from crisis.models.audit import AuditEntry
from crisis.models.outbox import Channel, OutboxMessage, OutboxStatus, Phase, RecipientKind
from crisis.models.scenarios import (
    Audience,
    OtherPoints,
    PlanRow,
    Scenario,
    ScenarioKind,
    ScenarioPoint,
    Timing,
)
from crisis.models.subscriptions import Subscription

__all__ = [
    "Activation", "ActivationPoint", "Audience", "AuditEntry", "Channel", "OtherPoints",
    "OutboxMessage", "OutboxStatus", "Phase", "PlanRow", "PublishedAlert", "RecipientKind",
    "Scenario", "ScenarioKind", "ScenarioPoint", "Subscription", "Timing",
]
