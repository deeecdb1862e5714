"""Resident discussion events of information gathering: list, record, edit, retire."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from network import discussion_events
from network.clock import utcnow
from network.models import DiscussionEvent
from network.records import retire
from web.auth.access import require_role
from web.extensions import db
from web.participation import bp
from web.participation.forms import EventForm
from web.participation.views_common import (
    MANAGERS,
    area_choices,
    check_post,
    organisation_choices,
    saved,
)
from web.people.common import run


@bp.get("/discussion-events/")
@require_role(*MANAGERS)
def events_index():
    """The events held, newest first, with what was found."""
    return render_template("participation/events/index.html", events=discussion_events.active())


def _form(event: DiscussionEvent | None) -> EventForm:
    form = EventForm(obj=event)
    organisation_choices(form.organisation_id)
    area_choices(form.area_id)
    return form


def _edit(event: DiscussionEvent | None):
    form = _form(event)
    if form.validate_on_submit():
        made = run(form, lambda: discussion_events.save(event, form.data))
        if made:
            saved(made)
            return redirect(url_for("participation.events_index"))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/events/form.html", form=form, event=event), status


@bp.route("/discussion-events/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def events_create():
    """Record an event."""
    return _edit(None)


@bp.route("/discussion-events/<int:event_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def events_edit(event_id: int):
    """Change an event's record."""
    return _edit(db.get_or_404(DiscussionEvent, event_id))


@bp.post("/discussion-events/<int:event_id>/retire")
@require_role(*MANAGERS)
def events_retire(event_id: int):
    """Take an event's record out of the list."""
    event = db.get_or_404(DiscussionEvent, event_id)
    check_post()
    retire(event, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=str(event)), "success")
    return redirect(url_for("participation.events_index"))
