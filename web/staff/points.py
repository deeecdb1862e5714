"""Service point pages: the list with filters, the detail page, create, edit, retire, status."""

from collections.abc import Callable

from babel import Locale
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network import permissions
from network import points as network_points
from network.clock import today, utcnow
from network.errors import ValidationError
from network.models import (
    Area,
    Organisation,
    Role,
    ServiceMode,
    ServicePoint,
    WorkerPair,
)
from network.overview import has_complete_pair
from web.auth.access import require_role
from web.extensions import db
from web.staff import bp
from web.staff.crud import READERS
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK, WEEKDAYS, PointFilterForm, PointForm, StatusForm

# Point workers pass the role check; the object check in load_point decides per point.
POINT_ROLES = (Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER)
# Where a domain error on the left is shown in the form.
FIELD_ALIASES = {"languages": "other_languages"}



def load_point(point_id: int, allowed: Callable = permissions.can_view_point) -> ServicePoint:
    """The point, or 404 if there is none and 403 if the user may not do this to it."""
    point = db.get_or_404(ServicePoint, point_id)
    if not allowed(current_user, point, today()):
        abort(403)
    return point


def attach_error(form: FlaskForm, error: ValidationError) -> None:
    """Show a domain error next to its field (or above the form)."""
    name = FIELD_ALIASES.get(error.field, error.field)
    target = form[name] if name and name in form else None
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


def _active(model, current_id: int | None) -> list:
    """Records in use, plus the one already chosen even if it was retired since."""
    return list(db.session.scalars(
        select(model).where((model.retired_at.is_(None)) | (model.id == current_id))
        .order_by(model.name)))


def _prepare_point_form(form: PointForm, point: ServicePoint | None) -> PointForm:
    form.organisation_id.choices = [BLANK, *record_choices(
        _active(Organisation, point.organisation_id if point else None))]
    form.area_id.choices = [BLANK, *record_choices(
        _active(Area, point.area_id if point else None))]
    if point is not None:
        form.kept_languages = tuple(point.languages or ())
        if not form.is_submitted():
            form.fill_languages(point.languages or [])
    return form


def _render_point_form(form: PointForm, point: ServicePoint | None):
    status = 400 if form.is_submitted() else 200
    return render_template("staff/points/form.html", form=form, point=point), status


@bp.get("/points/")
@require_role(*READERS)
def points_index():
    """Every point in use (or also the retired ones), filtered by area, status, kind, network."""
    form = PointFilterForm(formdata=request.args)
    form.area.choices = [BLANK, *record_choices(_active(Area, None))]
    query = (select(ServicePoint)
             .options(selectinload(ServicePoint.area), selectinload(ServicePoint.hours),
                      selectinload(ServicePoint.pairs).selectinload(WorkerPair.workers))
             .order_by(ServicePoint.name))
    valid = form.validate()
    if valid:
        if form.area.data is not None:
            query = query.where(ServicePoint.area_id == form.area.data)
        if form.status.data:
            query = query.where(ServicePoint.status == form.status.data)
        if form.kind.data:
            query = query.where(ServicePoint.kind == form.kind.data)
        if form.exceptional.data:
            query = query.where(ServicePoint.in_exceptional_network == (
                form.exceptional.data == "yes"))
    if not (valid and form.retired.data):
        query = query.where(ServicePoint.retired_at.is_(None))
    rows = db.session.scalars(query).all()
    return render_template(
        "staff/points/index.html", form=form, rows=rows, today=today(),
        has_complete_pair=has_complete_pair,
    ), 200 if valid else 400


def language_name(code: str) -> str:
    """A language's name in the page's language, e.g. "venäjä" for ru in Finnish."""
    name = Locale.parse(str(get_locale())).languages.get(code)
    return f"{name} ({code})" if name else code


def detail_context(point: ServicePoint) -> dict:
    """What the detail page shows: schedules, exceptions, pairs by period, warnings."""
    day = today()
    pairs = point.pairs
    return {
        "point": point,
        "today": day,
        "weekdays": WEEKDAYS,
        "modes": list(ServiceMode),
        "language_name": language_name,
        "current_pairs": [p for p in pairs if p.covers(day)],
        "future_pairs": [p for p in pairs if p.starts_on > day],
        "past_pairs": [p for p in pairs if p.ends_on is not None and p.ends_on < day],
        "upcoming_exceptions": [e for e in point.exceptions if e.day >= day],
        "past_exceptions": [e for e in point.exceptions if e.day < day],
        "warnings": {
            "no_pair": not has_complete_pair(point, day),
            "no_hours": not point.hours_in(ServiceMode.NORMAL),
            "no_coordinates": not point.has_coordinates,
        },
        "can": {
            "edit": permissions.can_edit_point(current_user, point, day),
            "status": permissions.can_change_status(current_user, point, day),
            "hours": permissions.can_edit_hours(current_user, point, day),
            "offerings": permissions.can_edit_offerings(current_user, point, day),
            "pairs": permissions.can_manage_pairs(current_user, point, day),
        },
    }


@bp.get("/points/<int:point_id>")
@require_role(*POINT_ROLES)
def points_detail(point_id: int):
    """Everything about a point, with the actions the user may take."""
    point = load_point(point_id)
    status_form = StatusForm(status=point.status.value, back="detail")
    return render_template("staff/points/detail.html", status_form=status_form,
                           **detail_context(point))


@bp.route("/points/new", methods=["GET", "POST"])
@require_role(*READERS)
def points_create():
    """A new point; its external id is made from the name."""
    form = _prepare_point_form(PointForm(), None)
    created: list[ServicePoint] = []
    if form.validate_on_submit() and run(
            form, lambda: created.append(network_points.create_point(form.values()))):
        flash(_("Saved: %(name)s", name=created[0].name), "success")
        return redirect(url_for("staff.points_detail", point_id=created[0].id))
    return _render_point_form(form, None)


@bp.route("/points/<int:point_id>/edit", methods=["GET", "POST"])
@require_role(*READERS)
def points_edit(point_id: int):
    """Change every field of a point but its external id."""
    point = load_point(point_id, permissions.can_edit_point)
    form = _prepare_point_form(PointForm(obj=point), point)
    if form.validate_on_submit() and run(
            form, lambda: network_points.update_point(point, form.values())):
        flash(_("Saved: %(name)s", name=point.name), "success")
        return redirect(url_for("staff.points_detail", point_id=point.id))
    return _render_point_form(form, point)


@bp.post("/points/<int:point_id>/retire")
@require_role(*READERS)
def points_retire(point_id: int):
    """Take a point out of use; it stays in the list of retired points."""
    point = load_point(point_id, permissions.can_edit_point)
    if not FlaskForm().validate_on_submit():
        abort(400)
    network_points.retire_point(point, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=point.name), "success")
    return redirect(url_for("staff.points_index"))


@bp.post("/points/<int:point_id>/status")
@require_role(*POINT_ROLES)
def points_status(point_id: int):
    """Mark a point open, closed or on standby (its point workers may too)."""
    point = load_point(point_id, permissions.can_change_status)
    form = StatusForm()
    if form.validate_on_submit() and run(
            form, lambda: network_points.set_status(point, form.status.data)):
        flash(_("Status of %(name)s saved.", name=point.name), "success")
        if form.back.data == "mine":
            return redirect(url_for("staff.my_points"))
        return redirect(url_for("staff.points_detail", point_id=point.id))
    flash(_("The status was not changed: choose one of the options."), "error")
    context = detail_context(point)
    return render_template("staff/points/detail.html", status_form=form, **context), 400

