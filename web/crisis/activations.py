"""Activation pages: choose exercise or actual, confirm, watch progress, resend, deactivate.

Every change commits once and only then enqueues the dispatch task, so a worker never looks
for rows that do not exist yet.
"""

import logging

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crisis import operations, planning, progress
from crisis.models import Activation, ActivationPoint, Timing
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Role
from tasks.crisis import dispatch_outbox
from web.auth.access import require_role
from web.crisis import bp
from web.crisis.common import ADMINS, READERS, attach_error
from web.crisis.forms import ActionForm, ActivateForm, DeactivateForm
from web.crisis.scenarios import load_scenario
from web.extensions import db

log = logging.getLogger("apuverkko.crisis")


def dispatch(activation_id: int) -> None:
    """Enqueue the dispatch of an activation's outbox (after the commit)."""
    try:
        dispatch_outbox.delay(activation_id)
    except Exception:  # the rows are safe in the outbox; the periodic sweep sends them
        log.exception("could not enqueue the dispatch of activation %s", activation_id)
        flash(_("The messages are queued, but the sending service did not answer; they will "
                "be sent when it is back."), "error")


def load_activation(activation_id: int) -> Activation:
    """The activation with its recorded point states, or 404."""
    activation = db.session.scalar(
        select(Activation).where(Activation.id == activation_id).options(
            selectinload(Activation.point_states).selectinload(ActivationPoint.point)))
    if activation is None:
        abort(404)
    return activation


def _already_open(open_now: Activation):
    return render_template("crisis/already_open.html", activation=open_now), 409


@bp.route("/scenarios/<int:scenario_id>/activate", methods=["GET", "POST"])
@require_role(*ADMINS)
def activate(scenario_id: int):
    """Step 1: the reason and exercise or actual; a valid form shows the confirmation page."""
    scenario = load_scenario(scenario_id)
    if scenario.retired_at is not None:
        abort(404)
    if (open_now := operations.open_activation()) is not None:
        return _already_open(open_now)
    form = ActivateForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("crisis/activate.html", form=form, scenario=scenario), status
    exercise = form.mode.data == "exercise"
    preview = operations.preview_activation(scenario, exercise=exercise, now=utcnow())
    return render_template("crisis/confirm.html", form=form, scenario=scenario,
                           preview=preview, exercise=exercise)


@bp.post("/scenarios/<int:scenario_id>/activate/confirm")
@require_role(*ADMINS)
def activate_confirm(scenario_id: int):
    """Step 2: activate in one transaction, commit, then enqueue the dispatch."""
    scenario = load_scenario(scenario_id)
    if scenario.retired_at is not None:
        abort(404)
    form = ActivateForm()
    if not form.validate_on_submit():
        return render_template("crisis/activate.html", form=form, scenario=scenario), 400
    if (open_now := operations.open_activation()) is not None:
        return _already_open(open_now)
    now = utcnow()
    try:
        activation = operations.activate(scenario, actor=current_user, reason=form.reason.data,
                                         exercise=form.mode.data == "exercise", now=now)
    except ValidationError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_template("crisis/activate.html", form=form, scenario=scenario), 400
    created = activation.opened_at == now and activation.opened_by_id == current_user.id
    activation_id = activation.id
    db.session.commit()
    if created:
        dispatch(activation_id)
        flash(_("Exercise started.") if form.mode.data == "exercise"
              else _("Exceptional mode activated."), "success")
    else:
        flash(_("Another activation was opened at the same moment; nothing more was sent."),
              "error")
    return redirect(url_for("crisis.progress_page", activation_id=activation_id))


@bp.get("/activations/<int:activation_id>")
@require_role(*READERS)
def progress_page(activation_id: int):
    """Live progress of an activation's messages (the page polls progress_json)."""
    activation = load_activation(activation_id)
    state = progress.of(activation, now=utcnow())
    return render_template(
        "crisis/progress.html", activation=activation, progress=state,
        data=progress.as_json(activation, state), action_form=ActionForm(),
        can_edit=current_user.role == Role.STEERING_ADMIN)


@bp.get("/activations/<int:activation_id>/progress.json")
@require_role(*READERS)
def progress_json(activation_id: int):
    """The progress counts as JSON, polled every few seconds."""
    activation = db.get_or_404(Activation, activation_id)
    response = jsonify(progress.as_json(activation, progress.of(activation, now=utcnow())))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/activations/<int:activation_id>/deactivate", methods=["GET", "POST"])
@require_role(*ADMINS)
def deactivate(activation_id: int):
    """Return to normal mode: shows what is restored and sent; commit, then dispatch."""
    activation = load_activation(activation_id)
    if not activation.is_open:
        flash(_("This activation has already ended."), "error")
        return redirect(url_for("crisis.progress_page", activation_id=activation_id))
    form = DeactivateForm()
    if form.validate_on_submit():
        try:
            operations.deactivate(activation, actor=current_user, reason=form.reason.data,
                                  now=utcnow())
        except ValidationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            dispatch(activation_id)
            flash(_("Back in normal mode."), "success")
            return redirect(url_for("crisis.progress_page", activation_id=activation_id))
    reaches = planning.reach_of(activation.scenario, exercise=activation.exercise, now=utcnow(),
                                timings=(Timing.AT_DEACTIVATION,))
    status = 400 if form.is_submitted() else 200
    return render_template("crisis/deactivate.html", form=form, activation=activation,
                           reaches=reaches, timed=operations.timed_waiting(activation)), status


@bp.post("/activations/<int:activation_id>/resend")
@require_role(*ADMINS)
def resend(activation_id: int):
    """Queue the failed messages again, commit, then dispatch."""
    activation = db.get_or_404(Activation, activation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    count = operations.resend_failed(activation, actor=current_user, now=utcnow())
    db.session.commit()
    if count:
        dispatch(activation_id)
        flash(_("%(n)d failed messages were queued again.", n=count), "success")
    else:
        flash(_("No failed messages to resend."), "success")
    return redirect(url_for("crisis.progress_page", activation_id=activation_id))
