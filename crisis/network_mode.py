"""Switching the service points into a scenario's exceptional mode, and back exactly.

In a scenario's mode its points are open and form the exceptional-mode network; the other
points leave that network and keep their status, close or go on standby as the scenario says.
Each point's state before is recorded on the activation, so deactivation restores it exactly.
An exercise records what would change and changes nothing: residents are never misled.
"""

from dataclasses import dataclass

from sqlalchemy import select

from crisis.models import (
    Activation,
    ActivationPoint,
    OtherPoints,
    Scenario,
    ScenarioPoint,
)
from network.database import db
from network.models import PointStatus, ServiceMode, ServicePoint


@dataclass(frozen=True)
class PointChange:
    """How one point's state differs between now and the scenario's mode."""

    point: ServicePoint
    status_before: PointStatus
    status_after: PointStatus
    in_exceptional_before: bool
    in_exceptional_after: bool

    @property
    def opens(self) -> bool:
        """Whether the point starts receiving people."""
        return self.status_after == PointStatus.OPEN and self.status_before != PointStatus.OPEN

    @property
    def closes(self) -> bool:
        """Whether the point stops receiving people (closed or on standby)."""
        return self.status_before == PointStatus.OPEN and self.status_after != PointStatus.OPEN

    @property
    def changes(self) -> bool:
        """Whether anything about the point changes."""
        return (self.status_before != self.status_after
                or self.in_exceptional_before != self.in_exceptional_after)


def _active_points() -> list[ServicePoint]:
    query = (select(ServicePoint).where(ServicePoint.retired_at.is_(None))
             .order_by(ServicePoint.name, ServicePoint.id))
    return list(db.session.scalars(query))


def changes_for(scenario: Scenario) -> list[PointChange]:
    """Every active point whose status or network membership the scenario changes."""
    chosen = set(db.session.scalars(
        select(ScenarioPoint.point_id).where(ScenarioPoint.scenario_id == scenario.id)))
    found = []
    for point in _active_points():
        if point.id in chosen:
            status, member = PointStatus.OPEN, True
        else:
            status = point.status if scenario.other_points == OtherPoints.KEEP else PointStatus(
                scenario.other_points.value)
            member = False
        change = PointChange(point, point.status, status, point.in_exceptional_network, member)
        if change.changes:
            found.append(change)
    return found


def switch(activation: Activation) -> list[PointChange]:
    """Record each changing point's state on the activation; change it unless an exercise."""
    changes = changes_for(activation.scenario)
    for change in changes:
        activation.point_states.append(ActivationPoint(
            point_id=change.point.id, previous_status=change.status_before,
            previous_in_exceptional=change.in_exceptional_before, status=change.status_after,
            in_exceptional=change.in_exceptional_after, applied=not activation.exercise,
        ))
        if not activation.exercise:
            change.point.status = change.status_after
            change.point.in_exceptional_network = change.in_exceptional_after
    db.session.flush()
    return changes


def restore(activation: Activation) -> int:
    """Put every point the activation changed back as it was; returns how many."""
    restored = 0
    for state in activation.point_states:
        if not state.applied:
            continue
        state.point.status = state.previous_status
        state.point.in_exceptional_network = state.previous_in_exceptional
        restored += 1
    db.session.flush()
    return restored


def current_mode() -> ServiceMode:
    """The mode residents see: exceptional while an actual (not exercise) activation is open."""
    query = select(Activation.id).where(Activation.open_slot.is_not(None),
                                        Activation.exercise.is_(False)).limit(1)
    return ServiceMode.EXCEPTIONAL if db.session.scalar(query) is not None else ServiceMode.NORMAL
