"""The volunteer checklists (what to remember, insurance, expenses): general and per scenario.

Volunteers read them; coordinators and steering admins write them.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from crisis.models import Scenario
from network import training
from network.models import Role, VolunteerChecklist
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import MANAGERS, is_manager, run
from web.people.forms import ChecklistForm
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK


@bp.get("/checklists/")
@require_role(*MANAGERS, Role.VOLUNTEER)
def checklists_index():
    """Every checklist, the general one first."""
    scenarios = {s.id: s for s in db.session.scalars(select(Scenario))}
    return render_template("people/checklists/index.html", checklists=training.checklists(),
                           scenarios=scenarios, manager=is_manager())


def _form(checklist: VolunteerChecklist | None) -> ChecklistForm:
    form = ChecklistForm(obj=checklist)
    current = checklist.scenario_id if checklist else None
    form.scenario_id.choices = [BLANK, *record_choices(db.session.scalars(
        select(Scenario).where(Scenario.retired_at.is_(None) | (Scenario.id == current))
        .order_by(Scenario.name)))]
    return form


def _save(form: ChecklistForm, checklist: VolunteerChecklist | None):
    if form.validate_on_submit():
        saved = run(form, lambda: training.save_checklist(checklist, form.data))
        if saved:
            flash(_("Saved: %(name)s", name=saved.title), "success")
            return redirect(url_for("people.checklists_index"))
    status = 400 if form.is_submitted() else 200
    return render_template("people/checklists/form.html", form=form,
                           checklist=checklist), status


@bp.route("/checklists/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def checklists_create():
    """A new checklist."""
    return _save(_form(None), None)


@bp.route("/checklists/<int:checklist_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def checklists_edit(checklist_id: int):
    """Change a checklist."""
    checklist = db.get_or_404(VolunteerChecklist, checklist_id)
    return _save(_form(checklist), checklist)
