"""Helpers shared by the participation staff pages."""

from flask import abort, flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

from network.clock import today
from network.models import Area, Organisation, Role, ServicePoint
from network.reporting import Period
from web.extensions import db
from web.staff.fields import record_choices

MANAGERS = (Role.STEERING_ADMIN, Role.COORDINATOR)


def active(model, order) -> list:
    """Records of a model still in use."""
    return list(db.session.scalars(select(model).where(model.retired_at.is_(None))
                                   .order_by(order)))


def active_points() -> list[ServicePoint]:
    """Points in use, by name."""
    return active(ServicePoint, ServicePoint.name)


def organisation_choices(form_field, text=None) -> None:
    """Fill a select with the organisations, after an empty 'none' option."""
    from web.participation.forms import none_choice

    form_field.choices = none_choice(record_choices(active(Organisation, Organisation.name)),
                                     text)


def area_choices(form_field) -> None:
    """Fill a select with the areas, after an empty 'none' option."""
    from web.participation.forms import none_choice

    form_field.choices = none_choice(record_choices(active(Area, Area.name)))


def check_post() -> None:
    """A bare POST (a button) must carry a valid CSRF token."""
    if not FlaskForm().validate_on_submit():
        abort(400)


def saved(name) -> None:
    """Tell the user a record was saved."""
    flash(_("Saved: %(name)s", name=str(name)), "success")


MAX_DAYS = 366 * 10


def period_from_request() -> tuple["FlaskForm", Period, bool]:
    """The period asked in the query (default: the last twelve months up to today).

    Returns the form, the period and whether the request was valid.
    """
    from flask import request

    from web.participation.forms import PeriodForm

    form = PeriodForm(request.args)
    default = Period.last_months(today())
    if not (request.args.get("start") or request.args.get("end")):
        form.start.data, form.end.data = default.start, default.end
        return form, default, True
    if not form.validate():
        return form, default, False
    start, end = form.start.data or default.start, form.end.data or today()
    if end < start:
        form.end.errors.append(_("The end cannot be before the start."))
        return form, default, False
    if (end - start).days > MAX_DAYS:
        form.end.errors.append(_("Choose a period of at most ten years."))
        return form, default, False
    form.start.data, form.end.data = start, end
    return form, Period(start, end), True
