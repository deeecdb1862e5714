"""The volunteer bank: list, profile, availability, interview, thanks, leaving, certificate.

Coordinators and steering admins manage every profile. A volunteer reaches only their own
profile: they may read it, edit their contact details, skills and availability, and print
their certificate; the interview, status and thanks are the coordinator's.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from network import support_requests, volunteers
from network.clock import utcnow
from network.models import (
    AvailabilityException,
    CourseParticipant,
    DebriefingRequest,
    MeetupAttendance,
    Role,
    Volunteer,
    VolunteerStatus,
    WeeklyAvailability,
)
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import MANAGERS, is_manager, load_volunteer, run, today
from web.people.forms import (
    DatedForm,
    InterviewForm,
    LeaveForm,
    OwnProfileForm,
    SlotForm,
    ThanksForm,
    VolunteerForm,
)
from web.people.labels import people_choices
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK, WEEKDAYS

OWN = (*MANAGERS, Role.VOLUNTEER)


@bp.get("/volunteers/")
@require_role(*MANAGERS)
def volunteers_index():
    """The volunteer bank, filtered by status (active by default)."""
    status = request.args.get("status") or VolunteerStatus.ACTIVE.value
    query = select(Volunteer).order_by(Volunteer.name, Volunteer.id)
    if status != "all":
        if status not in {s.value for s in VolunteerStatus}:
            abort(400)
        query = query.where(Volunteer.status == status)
    rows = list(db.session.scalars(query))
    trained = volunteers.trained_ids([v.id for v in rows])
    return render_template("people/volunteers/index.html", rows=rows, trained=trained,
                           status=status, statuses=people_choices(VolunteerStatus))


def _profile_form(volunteer: Volunteer | None, *, own: bool) -> OwnProfileForm:
    form = (OwnProfileForm if own else VolunteerForm)(obj=volunteer)
    if not own:
        form.user_id.choices = [BLANK, *record_choices(
            volunteers.free_accounts(volunteer), lambda u: f"{u.name} ({u.email})")]
        if volunteer is None and not form.is_submitted():
            form.joined_on.data = today()
    if volunteer is not None and not form.is_submitted():
        form.fill_languages(volunteer.languages or [])
    return form


def _render_profile_form(form, volunteer, own):
    status = 400 if form.is_submitted() else 200
    return render_template("people/volunteers/form.html", form=form, volunteer=volunteer,
                           own=own), status


@bp.route("/volunteers/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def volunteers_create():
    """A new profile in the bank."""
    form = _profile_form(None, own=False)
    if form.validate_on_submit():
        created = run(form, lambda: volunteers.create_volunteer(form.values(), today=today()))
        if created:
            flash(_("Saved: %(name)s", name=created.name), "success")
            return redirect(url_for("people.volunteers_detail", volunteer_id=created.id))
    return _render_profile_form(form, None, False)


@bp.get("/volunteers/<int:volunteer_id>")
@require_role(*OWN)
def volunteers_detail(volunteer_id: int):
    """A profile with availability, training, meetups, thanks and assignments."""
    volunteer = load_volunteer(volunteer_id)
    manager = is_manager()
    courses = list(db.session.scalars(select(CourseParticipant).where(
        CourseParticipant.volunteer_id == volunteer.id).order_by(CourseParticipant.id)))
    meetups = list(db.session.scalars(select(MeetupAttendance).where(
        MeetupAttendance.volunteer_id == volunteer.id)))
    debriefings = list(db.session.scalars(select(DebriefingRequest).where(
        DebriefingRequest.volunteer_id == volunteer.id)
        .order_by(DebriefingRequest.requested_at.desc()))) if manager else []
    return render_template(
        "people/volunteers/detail.html", volunteer=volunteer, manager=manager,
        trained=volunteers.is_trained(volunteer), courses=courses, meetup_count=len(meetups),
        assignments=support_requests.assignments_of(volunteer), weekdays=WEEKDAYS,
        debriefings=debriefings, thanks_form=ThanksForm(formdata=None, given_on=today()),
        summary=volunteers.summary(volunteer))


@bp.route("/volunteers/<int:volunteer_id>/edit", methods=["GET", "POST"])
@require_role(*OWN)
def volunteers_edit(volunteer_id: int):
    """Edit a profile: the whole of it for coordinators, the volunteer's own part for them."""
    volunteer = load_volunteer(volunteer_id)
    own = not is_manager()
    form = _profile_form(volunteer, own=own)
    if form.validate_on_submit() and run(
            form, lambda: volunteers.update_volunteer(volunteer, form.values(), own=own)):
        flash(_("Saved: %(name)s", name=volunteer.name), "success")
        return redirect(url_for("people.volunteers_detail", volunteer_id=volunteer.id))
    return _render_profile_form(form, volunteer, own)


def _availability_page(volunteer, slot_form=None, dated_form=None, status=200):
    day = today()
    return render_template(
        "people/volunteers/availability.html", volunteer=volunteer, weekdays=WEEKDAYS,
        slot_form=slot_form or SlotForm(prefix="slot", formdata=None),
        dated_form=dated_form or DatedForm(prefix="dated", formdata=None),
        upcoming=[d for d in volunteer.dated if d.day >= day],
        past=[d for d in volunteer.dated if d.day < day]), status


@bp.get("/volunteers/<int:volunteer_id>/availability")
@require_role(*OWN)
def volunteers_availability(volunteer_id: int):
    """The weekly pattern and dated changes, with forms to change them."""
    return _availability_page(load_volunteer(volunteer_id))


@bp.post("/volunteers/<int:volunteer_id>/availability/slots")
@require_role(*OWN)
def volunteers_slot_add(volunteer_id: int):
    """Add a weekly period of free time."""
    volunteer = load_volunteer(volunteer_id)
    form = SlotForm(prefix="slot")
    if form.validate_on_submit() and run(form, lambda: volunteers.add_slot(
            volunteer, weekday=form.weekday.data, starts=form.starts.data, ends=form.ends.data)):
        flash(_("Free time added."), "success")
        return redirect(url_for("people.volunteers_availability", volunteer_id=volunteer.id))
    return _availability_page(volunteer, slot_form=form, status=400)


@bp.post("/volunteers/<int:volunteer_id>/availability/slots/<int:slot_id>/remove")
@require_role(*OWN)
def volunteers_slot_remove(volunteer_id: int, slot_id: int):
    """Remove a weekly period."""
    volunteer = load_volunteer(volunteer_id)
    slot = db.first_or_404(select(WeeklyAvailability).where(
        WeeklyAvailability.id == slot_id, WeeklyAvailability.volunteer_id == volunteer.id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    volunteers.remove_slot(volunteer, slot)
    db.session.commit()
    flash(_("Free time removed."), "success")
    return redirect(url_for("people.volunteers_availability", volunteer_id=volunteer.id))


@bp.post("/volunteers/<int:volunteer_id>/availability/dated")
@require_role(*OWN)
def volunteers_dated_add(volunteer_id: int):
    """Add a dated change: away, or free at extra hours."""
    volunteer = load_volunteer(volunteer_id)
    form = DatedForm(prefix="dated")
    if form.validate_on_submit() and run(form, lambda: volunteers.add_dated(
            volunteer, day=form.day.data, available=form.available.data == "free",
            starts=form.starts.data, ends=form.ends.data, note=form.note.data)):
        flash(_("Dated change added."), "success")
        return redirect(url_for("people.volunteers_availability", volunteer_id=volunteer.id))
    return _availability_page(volunteer, dated_form=form, status=400)


@bp.post("/volunteers/<int:volunteer_id>/availability/dated/<int:dated_id>/remove")
@require_role(*OWN)
def volunteers_dated_remove(volunteer_id: int, dated_id: int):
    """Remove a dated change."""
    volunteer = load_volunteer(volunteer_id)
    change = db.first_or_404(select(AvailabilityException).where(
        AvailabilityException.id == dated_id, AvailabilityException.volunteer_id == volunteer.id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    volunteers.remove_dated(volunteer, change)
    db.session.commit()
    flash(_("Dated change removed."), "success")
    return redirect(url_for("people.volunteers_availability", volunteer_id=volunteer.id))


@bp.route("/volunteers/<int:volunteer_id>/interview", methods=["GET", "POST"])
@require_role(*MANAGERS)
def volunteers_interview(volunteer_id: int):
    """The recruitment interview form, kept with the profile."""
    volunteer = load_volunteer(volunteer_id, own_ok=False)
    form = InterviewForm(obj=volunteer.interview)
    if not form.is_submitted() and volunteer.interview is None:
        form.interviewed_on.data = today()
    if form.validate_on_submit() and run(form, lambda: volunteers.save_interview(
            volunteer, form.data, interviewer=current_user)):
        flash(_("Interview saved."), "success")
        return redirect(url_for("people.volunteers_detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/volunteers/interview.html", form=form,
                           volunteer=volunteer), status


@bp.post("/volunteers/<int:volunteer_id>/thanks")
@require_role(*MANAGERS)
def volunteers_thanks(volunteer_id: int):
    """Record thanks given to the volunteer."""
    volunteer = load_volunteer(volunteer_id, own_ok=False)
    form = ThanksForm()
    if form.validate_on_submit() and run(form, lambda: volunteers.thank(
            volunteer, note=form.note.data, given_on=form.given_on.data, actor=current_user,
            now=utcnow())):
        flash(_("Thanks recorded."), "success")
        return redirect(url_for("people.volunteers_detail", volunteer_id=volunteer.id))
    return render_template("people/volunteers/thanks.html", form=form, volunteer=volunteer), 400


@bp.route("/volunteers/<int:volunteer_id>/leave", methods=["GET", "POST"])
@require_role(*MANAGERS)
def volunteers_leave(volunteer_id: int):
    """Record that the volunteer leaves the bank; then print their certificate."""
    volunteer = load_volunteer(volunteer_id, own_ok=False)
    form = LeaveForm()
    if not form.is_submitted():
        form.left_on.data = today()
    if form.validate_on_submit() and run(form, lambda: volunteers.leave(
            volunteer, left_on=form.left_on.data, now=utcnow())):
        flash(_("%(name)s has left the bank. Print the certificate of volunteering below.",
                name=volunteer.name), "success")
        return redirect(url_for("people.volunteers_detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("people/volunteers/leave.html", form=form, volunteer=volunteer), status


@bp.get("/volunteers/<int:volunteer_id>/certificate")
@require_role(*OWN)
def volunteers_certificate(volunteer_id: int):
    """The certificate of volunteering, to print (in the page's language)."""
    volunteer = load_volunteer(volunteer_id)
    return render_template("people/certificates/volunteering.html", volunteer=volunteer,
                           summary=volunteers.summary(volunteer), issued_on=today())
