"""Pieces shared by the exceptional-mode views."""

from collections.abc import Callable

from flask_wtf import FlaskForm

from network.errors import ValidationError
from network.models import Role
from web.extensions import db

READERS = (Role.STEERING_ADMIN, Role.COORDINATOR)
ADMINS = (Role.STEERING_ADMIN,)


def attach_error(form: FlaskForm, error: ValidationError) -> None:
    """Show a domain error next to its field (or above the form)."""
    target = form[error.field] if error.field and error.field in form else None
    (target.errors if target is not None else form.form_errors).append(str(error.message))


def run(form: FlaskForm, operation: Callable[[], object]) -> bool:
    """Run a domain operation and commit, or roll back and put its complaint on the form."""
    try:
        operation()
    except ValidationError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    db.session.commit()
    return True
