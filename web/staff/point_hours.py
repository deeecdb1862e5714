"""A point's weekly hours per mode, dated exceptions and offerings per mode.

Steering admins and coordinators may edit these for every point; a point worker for the points
whose current pair they belong to (checked per point by load_point).
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

from network import permissions
from network import points as network_points
from network.clock import today
from network.models import (
    OpeningHours,
    ScheduleException,
    ServiceMode,
    ServicePoint,
)
from web.auth.access import require_role
from web.extensions import db
from web.staff import bp
from web.staff.fields import record_choices
from web.staff.point_forms import WEEKDAYS, ExceptionForm, HoursForm, OfferingsForm
from web.staff.points import POINT_ROLES, load_point, run


def _hours_page(point: ServicePoint, hours_form: HoursForm | None = None,
                exception_form: ExceptionForm | None = None, status: int = 200):
    day = today()
    return render_template(
        "staff/points/hours.html", point=point, weekdays=WEEKDAYS, modes=list(ServiceMode),
        hours_form=hours_form or HoursForm(prefix="hours", formdata=None),
        exception_form=exception_form or ExceptionForm(prefix="exception", formdata=None),
        upcoming_exceptions=[e for e in point.exceptions if e.day >= day],
        past_exceptions=[e for e in point.exceptions if e.day < day],
    ), status


@bp.get("/points/<int:point_id>/hours")
@require_role(*POINT_ROLES)
def points_hours(point_id: int):
    """The weekly hours of both modes and the dated exceptions, with forms to change them."""
    return _hours_page(load_point(point_id, permissions.can_edit_hours))


@bp.post("/points/<int:point_id>/hours/add")
@require_role(*POINT_ROLES)
def points_hours_add(point_id: int):
    """Add a weekly opening period."""
    point = load_point(point_id, permissions.can_edit_hours)
    form = HoursForm(prefix="hours")
    if form.validate_on_submit() and run(form, lambda: network_points.add_hours(
            point, mode=form.mode.data, weekday=form.weekday.data, opens=form.opens.data,
            closes=form.closes.data)):
        flash(_("Opening period added."), "success")
        return redirect(url_for("staff.points_hours", point_id=point.id))
    return _hours_page(point, hours_form=form, status=400)


@bp.post("/points/<int:point_id>/hours/<int:hours_id>/remove")
@require_role(*POINT_ROLES)
def points_hours_remove(point_id: int, hours_id: int):
    """Remove a weekly opening period."""
    point = load_point(point_id, permissions.can_edit_hours)
    period = db.first_or_404(select(OpeningHours).where(
        OpeningHours.id == hours_id, OpeningHours.point_id == point.id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    network_points.remove_hours(point, period)
    db.session.commit()
    flash(_("Opening period removed."), "success")
    return redirect(url_for("staff.points_hours", point_id=point.id))


@bp.post("/points/<int:point_id>/exceptions/add")
@require_role(*POINT_ROLES)
def points_exception_add(point_id: int):
    """Close the point for a day or give it other hours that day."""
    point = load_point(point_id, permissions.can_edit_hours)
    form = ExceptionForm(prefix="exception")
    if form.validate_on_submit() and run(form, lambda: network_points.add_exception(
            point, day=form.day.data, closed=form.closed.data, opens=form.opens.data,
            closes=form.closes.data, note=form.note.data)):
        flash(_("Exception added."), "success")
        return redirect(url_for("staff.points_hours", point_id=point.id))
    return _hours_page(point, exception_form=form, status=400)


@bp.post("/points/<int:point_id>/exceptions/<int:exception_id>/remove")
@require_role(*POINT_ROLES)
def points_exception_remove(point_id: int, exception_id: int):
    """Remove a dated exception."""
    point = load_point(point_id, permissions.can_edit_hours)
    exception = db.first_or_404(select(ScheduleException).where(
        ScheduleException.id == exception_id, ScheduleException.point_id == point.id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    network_points.remove_exception(point, exception)
    db.session.commit()
    flash(_("Exception removed."), "success")
    return redirect(url_for("staff.points_hours", point_id=point.id))


def _offering_label(offering) -> str:
    name = offering.name(str(get_locale()))
    return name if offering.retired_at is None else _("%(name)s (retired)", name=name)


@bp.route("/points/<int:point_id>/offerings", methods=["GET", "POST"])
@require_role(*POINT_ROLES)
def points_offerings(point_id: int):
    """What the point offers in normal and in exceptional mode, over the active catalogue."""
    point = load_point(point_id, permissions.can_edit_offerings)
    catalogue = network_points.active_offerings()
    # Retired offerings the point still has stay visible so they can be unticked.
    catalogue += [po.offering for po in point.offerings
                  if po.offering.retired_at is not None and po.offering not in catalogue]
    form = OfferingsForm()
    for field, mode in ((form.normal_ids, ServiceMode.NORMAL),
                        (form.exceptional_ids, ServiceMode.EXCEPTIONAL)):
        field.choices = record_choices(catalogue, _offering_label)
        if not form.is_submitted():
            field.data = [o.id for o in point.offerings_in(mode)]
    by_id = {o.id: o for o in catalogue}

    def save() -> None:
        network_points.set_offerings(point, ServiceMode.NORMAL,
                                     [by_id[i] for i in form.normal_ids.data or ()])
        network_points.set_offerings(point, ServiceMode.EXCEPTIONAL,
                                     [by_id[i] for i in form.exceptional_ids.data or ()])

    if form.validate_on_submit() and run(form, save):
        flash(_("Offerings of %(name)s saved.", name=point.name), "success")
        return redirect(url_for("staff.points_detail", point_id=point.id))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/points/offerings.html", point=point, form=form), status
