"""List, create, edit and retire pages for a simple record, declared once per record type."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

from network import records
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Role
from web.auth.access import ANY_STAFF, require_role
from web.extensions import db

READERS = frozenset({Role.STEERING_ADMIN, Role.COORDINATOR})
ADMINS = frozenset({Role.STEERING_ADMIN})


@dataclass(frozen=True)
class Column:
    """A column of the list page: a heading and how to get the cell from a record."""

    heading: Any
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Resource:
    """A record type with its form, list columns and who may read and edit it."""

    name: str
    model: type
    form: type[FlaskForm]
    title: Any
    singular: Any
    columns: Sequence[Column]
    order_by: Any
    read_roles: frozenset[Role] = READERS
    edit_roles: frozenset[Role] = ADMINS
    # Copies the form into the record; the default is WTForms' populate_obj.
    apply: Callable[[FlaskForm, Any], None] = field(
        default=lambda form, record: form.populate_obj(record)
    )
    # Fills the form's choices (e.g. organisations) before use.
    prepare: Callable[[FlaskForm], None] = field(default=lambda form: None)


def _form_for(resource: Resource, record: Any | None) -> FlaskForm:
    form = resource.form(obj=record)
    form._record = record  # uniqueness validators skip the record itself
    resource.prepare(form)
    return form


def _save(resource: Resource, form: FlaskForm, record: Any) -> bool:
    """Apply and flush, or put the domain's complaint next to its field and save nothing."""
    try:
        with db.session.no_autoflush:
            resource.apply(form, record)
        records.save(record)
    except ValidationError as error:
        db.session.rollback()
        target = form[error.field] if error.field and error.field in form else None
        (target.errors if target is not None else form.form_errors).append(str(error.message))
        return False
    db.session.commit()
    return True


def register_resource(bp: Blueprint, resource: Resource) -> None:
    """Add the list, new, edit and retire routes of a resource to a blueprint."""
    name = resource.name

    @require_role(*resource.read_roles)
    def index():
        show_retired = request.args.get("retired") == "1"
        query = select(resource.model).order_by(resource.order_by)
        if not show_retired:
            query = query.where(resource.model.retired_at.is_(None))
        rows = db.session.scalars(query).all()
        return render_template(
            "staff/list.html", resource=resource, rows=rows, show_retired=show_retired,
            can_edit=_can_edit(resource),
        )

    @require_role(*resource.edit_roles)
    def create():
        record = resource.model()
        form = _form_for(resource, None)
        if form.validate_on_submit() and _save(resource, form, record):
            flash(_("Saved: %(name)s", name=str(record)), "success")
            return redirect(url_for(f"staff.{name}_index"))
        return _render_form(resource, form, None)

    @require_role(*resource.edit_roles)
    def edit(record_id: int):
        record = db.get_or_404(resource.model, record_id)
        form = _form_for(resource, record)
        if form.validate_on_submit() and _save(resource, form, record):
            flash(_("Saved: %(name)s", name=str(record)), "success")
            return redirect(url_for(f"staff.{name}_index"))
        return _render_form(resource, form, record)

    @require_role(*resource.edit_roles)
    def retire(record_id: int):
        record = db.get_or_404(resource.model, record_id)
        if not FlaskForm().validate_on_submit():
            abort(400)
        records.retire(record, now=utcnow())
        db.session.commit()
        flash(_("Retired: %(name)s", name=str(record)), "success")
        return redirect(url_for(f"staff.{name}_index"))

    bp.add_url_rule(f"/{name}/", f"{name}_index", index)
    bp.add_url_rule(f"/{name}/new", f"{name}_create", create, methods=["GET", "POST"])
    bp.add_url_rule(f"/{name}/<int:record_id>/edit", f"{name}_edit", edit,
                    methods=["GET", "POST"])
    bp.add_url_rule(f"/{name}/<int:record_id>/retire", f"{name}_retire", retire,
                    methods=["POST"])


def _can_edit(resource: Resource) -> bool:
    from flask_login import current_user

    return current_user.role in resource.edit_roles


def _render_form(resource: Resource, form: FlaskForm, record: Any | None):
    status = 400 if form.is_submitted() else 200
    return render_template("staff/form.html", resource=resource, form=form, record=record), status


__all__ = ["ADMINS", "ANY_STAFF", "READERS", "Column", "Resource", "register_resource"]
