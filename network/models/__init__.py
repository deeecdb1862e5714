"""The network's tables; importing this package registers them all."""

from network.models.accounts import Role, User
from network.models.areas import Area
from network.models.contacts import Contact, ContactScope
from network.models.offerings import Offering, PointOffering, ServiceMode
from network.models.organisations import Organisation, OrganisationKind
from network.models.pairs import PairWorker, WorkerPair
from network.models.points import (
    OpeningHours,
    PointKind,
    PointStatus,
    ScheduleException,
    ServicePoint,
    TargetGroup,
)
from network.models.roster import GroupRole, RosterMember

__all__ = [
    "Area", "Contact", "ContactScope", "GroupRole", "Offering", "OpeningHours", "Organisation",
    "OrganisationKind", "PairWorker", "PointKind", "PointOffering", "PointStatus", "Role",
    "RosterMember", "ScheduleException", "ServiceMode", "ServicePoint", "TargetGroup", "User",
    "WorkerPair",
]
