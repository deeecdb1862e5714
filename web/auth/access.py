"""Who may call a view: every view declares it, and a test checks every route."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user

from network.models import Role

View = TypeVar("View", bound=Callable)
PUBLIC = "public"
ANY_STAFF = frozenset(Role)


def require_role(*roles: Role) -> Callable[[View], View]:
    """Allow a view to logged-in users with one of the roles; others get 403."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args, **kwargs):
            from web.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        guarded.access = allowed
        return guarded

    return decorate


def public(view: View) -> View:
    """Mark a view as open to everyone, logged in or not."""
    view.access = PUBLIC
    return view


def access_of(view: Callable) -> frozenset[Role] | str | None:
    """The declared access of a view, or None if it declares none."""
    return getattr(view, "access", None)
