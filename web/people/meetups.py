"""Volunteer meetups (spring, autumn and others) with attendance."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from network import training
from network.models import Meetup, Volunteer, VolunteerStatus
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import MANAGERS, run, today
from web.people.forms import AttendanceForm, MeetupForm
from web.staff.fields import record_choices


@bp.get("/meetups/")
@require_role(*MANAGERS)
def meetups_index():
    """Every meetup, newest first, with how many came."""
    meetups = list(db.session.scalars(select(Meetup).order_by(Meetup.held_on.desc(),
                                                              Meetup.id.desc())))
    return render_template("people/meetups/index.html", meetups=meetups)


@bp.route("/meetups/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def meetups_create():
    """A new meetup."""
    form = MeetupForm()
    if not form.is_submitted():
        form.held_on.data = today()
    if form.validate_on_submit():
        meetup = run(form, lambda: training.create_meetup(
            season=form.season.data, held_on=form.held_on.data, title=form.title.data,
            place=form.place.data, notes=form.notes.data))
        if meetup:
            flash(_("Saved: %(name)s", name=meetup.title), "success")
            return redirect(url_for("people.meetups_detail", meetup_id=meetup.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/meetups/form.html", form=form), status


@bp.route("/meetups/<int:meetup_id>", methods=["GET", "POST"])
@require_role(*MANAGERS)
def meetups_detail(meetup_id: int):
    """A meetup and who came (a checkbox per volunteer)."""
    meetup = db.get_or_404(Meetup, meetup_id)
    came = {a.volunteer_id for a in meetup.attendees}
    people = list(db.session.scalars(select(Volunteer).where(
        (Volunteer.status != VolunteerStatus.LEFT) | Volunteer.id.in_(came or {0}))
        .order_by(Volunteer.name)))
    form = AttendanceForm()
    form.volunteer_ids.choices = record_choices(people)
    if not form.is_submitted():
        form.volunteer_ids.data = sorted(came)
    if form.validate_on_submit() and run(
            form, lambda: training.set_meetup_attendance(meetup, form.volunteer_ids.data or [])):
        flash(_("Attendance saved."), "success")
        return redirect(url_for("people.meetups_detail", meetup_id=meetup.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/meetups/detail.html", meetup=meetup, form=form), status
