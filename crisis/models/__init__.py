"""Crisis tables; importing this package registers them all."""

from crisis.models.activations import Activation
from crisis.models.audit import AuditEntry
from crisis.models.outbox import Channel, OutboxMessage, OutboxStatus, Phase
from crisis.models.scenarios import (
    Audience,
    PlanRow,
    Scenario,
    ScenarioKind,
    ScenarioPoint,
    Timing,
)
from crisis.models.subscriptions import Subscription

__all__ = [
    "Activation", "Audience", "AuditEntry", "Channel", "OutboxMessage", "OutboxStatus", "Phase",
    "PlanRow", "Scenario", "ScenarioKind", "ScenarioPoint", "Subscription", "Timing",
]
