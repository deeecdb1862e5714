"""Communications plan pages: add, edit (each through a preview in fi, sv and en) and delete rows.

"Preview" checks the row and renders the three languages with real data; "Save" saves only
the text that was previewed (a fingerprint of the values travels with the form), so what an
admin saves is always what they saw.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from crisis import planning
from crisis import scenarios as crisis_scenarios
from crisis.models import PlanRow, Scenario, Timing
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Area, Organisation
from web.auth.access import require_role
from web.crisis import bp
from web.crisis.common import ADMINS, attach_error, run
from web.crisis.forms import ActionForm, PlanRowForm
from web.crisis.scenarios import load_scenario
from web.extensions import db
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK

SAMPLE_REASON = "…"


def _active(model, current_id: int | None) -> list:
    return list(db.session.scalars(
        select(model).where(model.retired_at.is_(None) | (model.id == current_id))
        .order_by(model.name)))


def _prepare(form: PlanRowForm, row: PlanRow | None) -> PlanRowForm:
    form.informer_organisation_id.choices = [BLANK, *record_choices(
        _active(Organisation, row.informer_organisation_id if row else None))]
    form.area_id.choices = [BLANK, *record_choices(_active(Area, row.area_id if row else None))]
    return form


def _handle(form: PlanRowForm, scenario: Scenario, row: PlanRow | None):
    """Preview or save a submitted row form; returns a response, or the previews to show."""
    if not form.validate_on_submit():
        return None, 400
    try:
        candidate = crisis_scenarios.build_plan_row(scenario, form.values())
    except ValidationError as error:
        db.session.rollback()
        attach_error(form, error)
        return None, 400
    previews = planning.preview(
        candidate, scenario, reason=_("(the reason given at activation)"),
        sample_name=current_user.name)
    digest = form.digest()
    if form.save.data and form.preview_digest.data == digest:
        def save():
            if row is None:
                crisis_scenarios.create_plan_row(scenario, form.values(), actor=current_user,
                                                 now=utcnow())
            else:
                crisis_scenarios.update_plan_row(row, form.values(), actor=current_user,
                                                 now=utcnow())
        if run(form, save):
            flash(_("Saved the plan row."), "success")
            return redirect(url_for("crisis.scenario_detail", scenario_id=scenario.id,
                                    _anchor="plan")), 302
        return None, 400
    if form.save.data:
        form.form_errors.append(_("The text changed after the preview: check the preview "
                                  "below and save again."))
    form.preview_digest.data = digest
    return previews, 200


def _page(form: PlanRowForm, scenario: Scenario, row: PlanRow | None):
    result, status = _handle(form, scenario, row) if form.is_submitted() else (None, 200)
    if status == 302:
        return result
    return render_template("crisis/plan_form.html", form=form, scenario=scenario, row=row,
                           previews=result, sms_channel=form.channel.data == "sms"), status


@bp.route("/scenarios/<int:scenario_id>/plan/new", methods=["GET", "POST"])
@require_role(*ADMINS)
def plan_create(scenario_id: int):
    """Add a row to the scenario's communications plan, through a preview."""
    scenario = load_scenario(scenario_id)
    if scenario.retired_at is not None:
        abort(404)
    return _page(_prepare(PlanRowForm(), None), scenario, None)


@bp.route("/plan/<int:row_id>/edit", methods=["GET", "POST"])
@require_role(*ADMINS)
def plan_edit(row_id: int):
    """Change a plan row, through a preview."""
    row = db.get_or_404(PlanRow, row_id)
    form = _prepare(PlanRowForm(obj=row), row)
    if not form.is_submitted() and row.timing != Timing.AFTER_HOURS:
        form.delay_hours.data = None
    return _page(form, load_scenario(row.scenario_id), row)


@bp.post("/plan/<int:row_id>/delete")
@require_role(*ADMINS)
def plan_delete(row_id: int):
    """Remove a row from the plan."""
    row = db.get_or_404(PlanRow, row_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    scenario_id = row.scenario_id
    crisis_scenarios.delete_plan_row(row, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("Deleted the plan row."), "success")
    return redirect(url_for("crisis.scenario_detail", scenario_id=scenario_id, _anchor="plan"))
