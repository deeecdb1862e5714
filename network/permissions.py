"""Who may do what to a service point: pure functions of a user, a point and a day.

Steering admins and coordinators run the whole network. A point worker keeps the status, hours
(with dated exceptions) and offerings of the points whose current pair they belong to true, and
may read those points. Volunteers have no business on point pages.
"""

from datetime import date

from network.models import Role, ServicePoint, User

MANAGERS = frozenset({Role.STEERING_ADMIN, Role.COORDINATOR})


def manages_network(user: User) -> bool:
    """Whether a user may create, edit and retire points and pairs."""
    return user.is_active and user.role in MANAGERS


def works_at(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a point worker belongs to a pair running a point in use today."""
    if not user.is_active or user.role != Role.POINT_WORKER or point.retired_at is not None:
        return False
    return any(
        pair.covers(today) and any(w.user_id == user.id for w in pair.workers)
        for pair in point.pairs
    )


def can_view_point(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may read a point's detail page."""
    return manages_network(user) or works_at(user, point, today)


def can_edit_point(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may change every field of a point and retire it."""
    return manages_network(user)


def can_change_status(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may mark a point open, closed or on standby."""
    return manages_network(user) or works_at(user, point, today)


def can_edit_hours(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may change a point's weekly hours and dated exceptions."""
    return manages_network(user) or works_at(user, point, today)


def can_edit_offerings(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may change what a point offers in each mode."""
    return manages_network(user) or works_at(user, point, today)


def can_manage_pairs(user: User, point: ServicePoint, today: date) -> bool:
    """Whether a user may create, edit and end a point's worker pairs."""
    return manages_network(user)
