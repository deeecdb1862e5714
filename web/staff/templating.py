"""Template helpers shared by the staff pages."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from network.models import (
    ContactScope,
    GroupRole,
    OrganisationKind,
    PointKind,
    PointStatus,
    Role,
    ServiceMode,
    TargetGroup,
)

LABELS = {
    Role.STEERING_ADMIN: _l("Steering admin"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.POINT_WORKER: _l("Point worker"),
    Role.VOLUNTEER: _l("Volunteer"),
    OrganisationKind.MUNICIPALITY: _l("Municipality"),
    OrganisationKind.PARISH: _l("Parish"),
    OrganisationKind.NGO: _l("NGO"),
    OrganisationKind.AUTHORITY: _l("Authority"),
    OrganisationKind.COMPANY: _l("Company"),
    GroupRole.CHAIR: _l("Chair"),
    GroupRole.COORDINATION: _l("Coordination responsibility"),
    GroupRole.MEMBER: _l("Member"),
    PointKind.LIVING_ROOM: _l("Residents' living room"),
    PointKind.PARISH_HALL: _l("Parish hall"),
    PointKind.LIBRARY: _l("Library"),
    PointKind.MOBILE: _l("Mobile service"),
    PointKind.OTHER: _l("Other"),
    PointStatus.OPEN: _l("Open"),
    PointStatus.CLOSED: _l("Closed"),
    PointStatus.STANDBY: _l("Standby"),
    PointStatus.FULL: _l("Full"),
    PointStatus.FOOD_AID_OUT: _l("Open, food aid ran out"),
    ServiceMode.NORMAL: _l("Normal mode"),
    ServiceMode.EXCEPTIONAL: _l("Exceptional mode"),
    TargetGroup.EVERYONE: _l("Everyone"),
    TargetGroup.YOUNG_ADULTS: _l("Under-30s"),
    TargetGroup.IMMIGRANTS: _l("Immigrants"),
    TargetGroup.OLDER_PEOPLE: _l("Older people"),
    TargetGroup.FAMILIES: _l("Families with children"),
    TargetGroup.WORKING_AGE: _l("Working-age people"),
    ContactScope.LOCAL: _l("Local"),
    ContactScope.NATIONAL: _l("National"),
}


def label(value) -> str:
    """The translated label of an enum member (the raw value when it has none)."""
    return str(LABELS.get(value, value))


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(label=label, role_label=label)
