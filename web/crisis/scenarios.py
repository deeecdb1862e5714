"""Scenario pages: the exceptional-mode home, the scenario list, detail, create, edit, retire."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crisis import operations
from crisis import scenarios as crisis_scenarios
from crisis.models import Scenario, ScenarioPoint
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Role, ServiceMode, ServicePoint
from web.auth.access import require_role
from web.crisis import bp
from web.crisis.common import ADMINS, READERS, run
from web.crisis.forms import ActionForm, scenario_form
from web.extensions import db
from web.staff.point_forms import WEEKDAYS


def load_scenario(scenario_id: int) -> Scenario:
    """The scenario, with its points and plan, or 404."""
    scenario = db.session.scalar(
        select(Scenario).where(Scenario.id == scenario_id).options(
            selectinload(Scenario.points).selectinload(ScenarioPoint.point),
            selectinload(Scenario.plan)))
    if scenario is None:
        abort(404)
    return scenario


def hours_text(point: ServicePoint) -> str:
    """A point's exceptional-mode week in one line, e.g. "Monday 09:00–15:00; Tuesday …"."""
    days = []
    for weekday, name in enumerate(WEEKDAYS):
        periods = [f"{h.opens:%H:%M}–{h.closes:%H:%M}"
                   for h in point.hours_in(ServiceMode.EXCEPTIONAL) if h.weekday == weekday]
        if periods:
            days.append(f"{name} {', '.join(periods)}")
    return "; ".join(days)


@bp.get("/")
@require_role(*READERS)
def index():
    """The network's mode now, the open activation, the scenarios and the latest activations."""
    show_retired = request.args.get("retired") == "1"
    query = (select(Scenario).options(selectinload(Scenario.points), selectinload(Scenario.plan))
             .order_by(Scenario.name))
    if not show_retired:
        query = query.where(Scenario.retired_at.is_(None))
    return render_template(
        "crisis/index.html", scenarios=db.session.scalars(query).all(),
        show_retired=show_retired, open_activation=operations.open_activation(),
        mode=operations.current_mode(), activations=operations.activations(),
        can_edit=current_user.role == Role.STEERING_ADMIN)


def _form_points(scenario: Scenario | None) -> list[ServicePoint]:
    """Points in use, plus the scenario's own even if retired since."""
    chosen = [sp.point_id for sp in scenario.points] if scenario else []
    query = (select(ServicePoint)
             .where(ServicePoint.retired_at.is_(None) | ServicePoint.id.in_(chosen))
             .options(selectinload(ServicePoint.area)).order_by(ServicePoint.name))
    return list(db.session.scalars(query))


def _render_form(form, scenario: Scenario | None, points: list[ServicePoint]):
    status = 400 if form.is_submitted() else 200
    return render_template("crisis/scenario_form.html", form=form, scenario=scenario,
                           points=points), status


@bp.route("/scenarios/new", methods=["GET", "POST"])
@require_role(*ADMINS)
def scenario_create():
    """A new scenario; the points of the exceptional-mode network are chosen to start with."""
    points = _form_points(None)
    form = scenario_form(points)
    if not form.is_submitted():
        form.point_ids.data = [p.id for p in points if p.in_exceptional_network]
    created: list[Scenario] = []
    if form.validate_on_submit() and run(form, lambda: created.append(
            crisis_scenarios.create_scenario(form.values(), form.points(), actor=current_user,
                                             now=utcnow()))):
        flash(_("Saved: %(name)s", name=created[0].name), "success")
        return redirect(url_for("crisis.scenario_detail", scenario_id=created[0].id))
    return _render_form(form, None, points)


@bp.route("/scenarios/<int:scenario_id>/edit", methods=["GET", "POST"])
@require_role(*ADMINS)
def scenario_edit(scenario_id: int):
    """Change a scenario: its details, points and instructions."""
    scenario = load_scenario(scenario_id)
    points = _form_points(scenario)
    form = scenario_form(points, obj=scenario)
    if not form.is_submitted():
        form.point_ids.data = [sp.point_id for sp in scenario.points]
        for sp in scenario.points:
            form.instruction_field(sp.point_id).data = sp.instructions
    if form.validate_on_submit() and run(form, lambda: crisis_scenarios.update_scenario(
            scenario, form.values(), form.points(), actor=current_user, now=utcnow())):
        flash(_("Saved: %(name)s", name=scenario.name), "success")
        return redirect(url_for("crisis.scenario_detail", scenario_id=scenario.id))
    return _render_form(form, scenario, points)


@bp.get("/scenarios/<int:scenario_id>")
@require_role(*READERS)
def scenario_detail(scenario_id: int):
    """A scenario for review: its points with exceptional hours and offerings, and its plan."""
    scenario = load_scenario(scenario_id)
    links = sorted(scenario.points, key=lambda sp: (sp.point.name, sp.point_id))
    return render_template(
        "crisis/scenario_detail.html", scenario=scenario, links=links, hours_text=hours_text,
        exceptional=ServiceMode.EXCEPTIONAL, action_form=ActionForm(),
        open_activation=operations.open_activation(),
        can_edit=current_user.role == Role.STEERING_ADMIN)


@bp.post("/scenarios/<int:scenario_id>/retire")
@require_role(*ADMINS)
def scenario_retire(scenario_id: int):
    """Take a scenario out of use; refused while it is active."""
    scenario = load_scenario(scenario_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        crisis_scenarios.retire_scenario(scenario, actor=current_user, now=utcnow())
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("crisis.scenario_detail", scenario_id=scenario_id))
    db.session.commit()
    flash(_("Retired: %(name)s", name=scenario.name), "success")
    return redirect(url_for("crisis.index"))
