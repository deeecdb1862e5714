"""A volunteer's own pages: their profile, their assignments, the report after a visit, and
asking for a debriefing. A volunteer sees only what is assigned to them and never assigns."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from network import privacy, support_requests, volunteers
from network.clock import local, utcnow
from network.models import RequestStatus, Role, SupportRequest, Volunteer
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import run, send
from web.people.forms import DebriefingForm
from web.people.request_forms import ReportForm
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK


def _own_profile() -> Volunteer | None:
    return volunteers.volunteer_of(current_user)


def _own_assignment(request_id: int) -> SupportRequest:
    """The request, if it is assigned to the current volunteer: 404 if none, else 403."""
    req = db.get_or_404(SupportRequest, request_id)
    if not privacy.is_assigned_volunteer(current_user, req):
        abort(403)
    return req


@bp.get("/me/volunteer")
@require_role(Role.VOLUNTEER)
def my_volunteer():
    """The volunteer's own profile in the bank (the coordinator creates it)."""
    volunteer = _own_profile()
    if volunteer is None:
        return render_template("people/mine/no_profile.html")
    return redirect(url_for("people.volunteers_detail", volunteer_id=volunteer.id))


@bp.get("/me/assignments")
@require_role(Role.VOLUNTEER)
def my_assignments():
    """The volunteer's own assignments: coming ones and those reported."""
    volunteer = _own_profile()
    rows = support_requests.assignments_of(volunteer) if volunteer else []
    return render_template("people/mine/assignments.html", volunteer=volunteer, local=local,
                           now_utc=utcnow(),
                           upcoming=[r for r in rows if r.status == RequestStatus.ASSIGNED],
                           done=[r for r in rows if r.status == RequestStatus.CLOSED])


def _assignment_page(req: SupportRequest, form: ReportForm | None = None, status: int = 200):
    show_client = privacy.can_view_client(current_user, req)
    if show_client:
        privacy.view_client(req, current_user, view="assignment", now=utcnow())
        db.session.commit()
    return render_template("people/mine/assignment.html", req=req, local=local,
                           show_client=show_client,
                           form=form or ReportForm(formdata=None)), status


@bp.get("/me/assignments/<int:request_id>")
@require_role(Role.VOLUNTEER)
def my_assignment(request_id: int):
    """An assignment of the volunteer's with the client's details (the view is logged)."""
    return _assignment_page(_own_assignment(request_id))


@bp.route("/me/assignments/<int:request_id>/report", methods=["GET", "POST"])
@require_role(Role.VOLUNTEER)
def my_report(request_id: int):
    """File the report after the visit; it closes the request and invites the client's feedback."""
    req = _own_assignment(request_id)
    form = ReportForm()
    if not form.is_submitted():
        return _assignment_page(req, form)
    outcome = None
    if form.validate_on_submit():
        outcome = run(form, lambda: support_requests.file_report(
            req, user=current_user, happened=form.happened.data == "yes",
            duration_minutes=form.duration_minutes.data, notes=form.notes.data,
            concerns=form.concerns.data, wants_debriefing=form.wants_debriefing.data,
            now=utcnow(), site_url=current_app.config["SITE_URL"]))
    if not outcome:
        return _assignment_page(req, form, 400)
    send(outcome)
    flash(_("Thank you! Your report has been saved and the request is closed."), "success")
    return redirect(url_for("people.my_assignments"))


@bp.route("/me/debriefing", methods=["GET", "POST"])
@require_role(Role.VOLUNTEER)
def my_debriefing():
    """Ask the coordinator for a debriefing after a heavy visit."""
    volunteer = _own_profile()
    if volunteer is None:
        return render_template("people/mine/no_profile.html")
    form = DebriefingForm()
    form.support_request_id.choices = [BLANK, *record_choices(
        support_requests.assignments_of(volunteer),
        lambda r: f"{r} · {local(r.starts_at):%d.%m.%Y %H:%M}")]
    if form.validate_on_submit() and run(form, lambda: volunteers.request_debriefing(
            volunteer, message=form.message.data, now=utcnow(),
            support_request=db.session.get(SupportRequest, form.support_request_id.data)
            if form.support_request_id.data else None)):
        flash(_("Your request has been sent to the coordinator, who will contact you."),
              "success")
        return redirect(url_for("people.my_assignments"))
    status = 400 if form.is_submitted() else 200
    return render_template("people/mine/debriefing.html", form=form), status
