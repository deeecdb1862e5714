"""The exercise participants page: a steering admin chooses who takes part in exercises."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crisis import exercise_participants as participants
from crisis.models import Audience
from network.clock import local, utcnow
from web.auth.access import require_role
from web.crisis import bp
from web.crisis.common import ADMINS, run
from web.crisis.forms import exercise_participants_form


@bp.route("/exercise-participants", methods=["GET", "POST"])
@require_role(*ADMINS)
def exercise_participants():
    """Everyone who could receive an exercise's messages, per audience, ticked if taking part."""
    now = utcnow()
    everyone = participants.candidates(today=local(now).date())
    form = exercise_participants_form(everyone)
    if not form.is_submitted():
        for audience, people in everyone.items():
            form[audience.value].data = [c.id for c in people if c.participant]
    changes: dict[Audience, participants.Change] = {}
    if form.validate_on_submit() and run(form, lambda: changes.update(
            participants.set_participants(current_user, form.chosen(), form.reason.data,
                                          now=now))):
        joined = sum(len(c.added) for c in changes.values())
        left = sum(len(c.removed) for c in changes.values())
        if changes:
            flash(_("Exercise participants saved: %(joined)d joined, %(left)d left.",
                    joined=joined, left=left), "success")
        else:
            flash(_("Nothing changed."), "success")
        return redirect(url_for("crisis.exercise_participants"))
    status = 400 if form.is_submitted() else 200
    return render_template("crisis/exercise_participants.html", form=form, everyone=everyone,
                           workers=Audience.WORKER_PAIRS), status
