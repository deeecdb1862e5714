"""Helpers shared by the people pages: loading with object checks, running operations."""

from collections.abc import Callable

from flask import abort, current_app
from flask_login import current_user
from flask_wtf import FlaskForm

from network import notifications, privacy, support_requests
from network.clock import today, utcnow
from network.errors import ValidationError
from network.models import Role, Volunteer
from network.support_requests import Outcome, RequestErrors
from web.extensions import db
from web.staff.points import attach_error

MANAGERS = (Role.STEERING_ADMIN, Role.COORDINATOR)

__all__ = ["MANAGERS", "attach", "complain_all", "is_manager", "load_volunteer", "run", "send",
           "today"]


def is_manager() -> bool:
    """Whether the logged-in user runs the volunteer bank (coordinator or steering admin)."""
    return privacy.can_manage_requests(current_user)


def load_volunteer(volunteer_id: int, *, own_ok: bool = True) -> Volunteer:
    """The profile, or 404; a volunteer may reach only their own (when own_ok), else 403."""
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    if is_manager():
        return volunteer
    if own_ok and current_user.role == Role.VOLUNTEER and volunteer.user_id == current_user.id:
        return volunteer
    abort(403)


def attach(form: FlaskForm, error: ValidationError) -> None:
    """Put a domain complaint (or all of a request's) next to the fields on the form."""
    if isinstance(error, RequestErrors):
        form.form_errors.append(str(error.message))
        for name, message in error.errors.items():
            target = form[name] if name in form else None
            (target.errors if target is not None else form.form_errors).append(str(message))
        return
    attach_error(form, error)


def run(form: FlaskForm, operation: Callable[[], object]) -> object | None:
    """Run an operation and commit; on a domain complaint roll back, attach it, return None."""
    try:
        result = operation()
    except ValidationError as error:
        db.session.rollback()
        attach(form, error)
        return None
    db.session.commit()
    return result if result is not None else True


def complain_all(form: FlaskForm) -> None:
    """After a form failed its own checks, add what the request lacks as well, so the person
    sees every problem at once (fields already marked keep their first message)."""
    try:
        support_requests.clean(form.values(), now=utcnow())
    except RequestErrors as error:
        if error.missing:
            form.form_errors.append(str(error.message))
        for name, message in error.errors.items():
            if name in form and not form[name].errors:
                form[name].errors.append(str(message))


def send(outcome: Outcome | None) -> None:
    """After the commit: email the outcome's messages (when enabled) and record that."""
    if outcome is None or not outcome.messages:
        return
    notifications.send_pending(outcome.message_ids, settings=current_app.config, now=utcnow())
    db.session.commit()
