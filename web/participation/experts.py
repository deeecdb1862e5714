"""The registry of experience experts: who they are, how they work (employed, for a fee or
as volunteers) and their tasks."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from network import panels
from network.clock import utcnow
from network.models import ExperienceExpert, ExpertTask
from network.records import retire
from web.auth.access import require_role
from web.extensions import db
from web.participation import bp
from web.participation.forms import ExpertForm, TaskForm
from web.participation.views_common import MANAGERS, check_post, organisation_choices, saved
from web.people.common import run


@bp.get("/experts/")
@require_role(*MANAGERS)
def experts_index():
    """Every active expert with their tasks, and how many work in each way."""
    experts = list(db.session.scalars(select(ExperienceExpert)
                                      .where(ExperienceExpert.retired_at.is_(None))
                                      .order_by(ExperienceExpert.name)))
    return render_template("participation/experts/index.html", experts=experts,
                           counts=panels.experts_by_compensation())


def _edit(expert: ExperienceExpert | None):
    form = ExpertForm(obj=expert)
    organisation_choices(form.organisation_id)
    if form.validate_on_submit():
        made = run(form, lambda: panels.save_expert(expert, form.data))
        if made:
            saved(made)
            return redirect(url_for("participation.experts_detail", expert_id=made.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/experts/form.html", form=form, expert=expert), status


@bp.route("/experts/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def experts_create():
    """Add an expert."""
    return _edit(None)


@bp.route("/experts/<int:expert_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def experts_edit(expert_id: int):
    """Change an expert's details."""
    return _edit(db.get_or_404(ExperienceExpert, expert_id))


@bp.route("/experts/<int:expert_id>", methods=["GET", "POST"])
@require_role(*MANAGERS)
def experts_detail(expert_id: int):
    """An expert's details and tasks; the form adds a task."""
    expert = db.get_or_404(ExperienceExpert, expert_id)
    form = TaskForm()
    if form.validate_on_submit() and run(form, lambda: panels.add_task(expert, form.data)):
        flash(_("The task was added."), "success")
        return redirect(url_for("participation.experts_detail", expert_id=expert.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/experts/detail.html", expert=expert, form=form), status


@bp.post("/experts/<int:expert_id>/tasks/<int:task_id>/remove")
@require_role(*MANAGERS)
def experts_task_remove(expert_id: int, task_id: int):
    """Remove a task recorded by mistake."""
    task = db.get_or_404(ExpertTask, task_id)
    if task.expert_id != expert_id:
        abort(404)
    check_post()
    panels.remove_task(task)
    db.session.commit()
    flash(_("The task was removed."), "success")
    return redirect(url_for("participation.experts_detail", expert_id=expert_id))


@bp.post("/experts/<int:expert_id>/retire")
@require_role(*MANAGERS)
def experts_retire(expert_id: int):
    """Take an expert out of the registry (the record stays)."""
    expert = db.get_or_404(ExperienceExpert, expert_id)
    check_post()
    retire(expert, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=expert.name), "success")
    return redirect(url_for("participation.experts_index"))
