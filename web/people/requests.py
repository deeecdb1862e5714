"""Support requests for coordinators: intake, the ranked volunteers, assignment, cancelling,
the access log; and the other requests that reach the coordinator (shifts, debriefings).

Only coordinators and steering admins come here. Lists show no client details; every page
that shows them writes an access log row.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from network import dashboard, privacy, support_requests, volunteers
from network.clock import local, utcnow
from network.models import (
    DebriefingRequest,
    Organisation,
    RequestStatus,
    ShiftRequest,
    SupportRequest,
    Volunteer,
)
from web.auth.access import require_role
from web.extensions import db
from web.people import bp
from web.people.common import MANAGERS, complain_all, run, send
from web.people.forms import HandledForm
from web.people.request_forms import AssignForm, CancelForm, StaffRequestForm
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK

LISTS = {
    "open": [RequestStatus.OPEN],
    "assigned": [RequestStatus.ASSIGNED],
    "closed": [RequestStatus.CLOSED, RequestStatus.CANCELLED],
}


def _show_client(req: SupportRequest, view: str) -> None:
    """Log that the current user is shown this client's details (committed with the page)."""
    privacy.view_client(req, current_user, view=view, now=utcnow())
    db.session.commit()


@bp.get("/requests/")
@require_role(*MANAGERS)
def requests_index():
    """Requests waiting, assigned or closed (no client details in the list)."""
    shown = request.args.get("show", "open")
    if shown not in LISTS:
        shown = "open"
    return render_template(
        "people/requests/index.html", rows=support_requests.requests_in(LISTS[shown]),
        shown=shown, local=local, open_shifts=len(dashboard.shift_requests(open_only=True)),
        open_debriefings=len(volunteers.open_debriefings()))


@bp.route("/requests/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def requests_create():
    """Take in a request by phone, email or from a partner organisation."""
    form = StaffRequestForm().prepare()
    form.partner_organisation_id.choices = [BLANK, *record_choices(db.session.scalars(
        select(Organisation).where(Organisation.retired_at.is_(None))
        .order_by(Organisation.name)))]
    if not form.is_submitted():
        form.client_language.data = "fi"
    if form.validate_on_submit():
        created = run(form, lambda: support_requests.create_request(
            form.values(), channel=form.channel.data, actor=current_user, now=utcnow()))
        if created:
            flash(_("Request %(id)s saved. Now choose a volunteer.", id=created), "success")
            return redirect(url_for("people.requests_match", request_id=created.id))
    elif form.is_submitted():
        complain_all(form)
    status = 400 if form.is_submitted() else 200
    return render_template("people/requests/form.html", form=form), status


@bp.get("/requests/<int:request_id>")
@require_role(*MANAGERS)
def requests_detail(request_id: int):
    """A request with the client's details (logged), its messages and report."""
    req = db.get_or_404(SupportRequest, request_id)
    _show_client(req, "request")
    return render_template("people/requests/detail.html", req=req, local=local,
                           messages=support_requests.messages_of(req),
                           cancel_form=CancelForm(formdata=None))


def _match_page(req: SupportRequest, form: AssignForm | None = None, status: int = 200):
    ranking = support_requests.ranking(req, now=utcnow())
    _show_client(req, "match")
    return render_template("people/requests/match.html", req=req, ranking=ranking,
                           local=local, form=form or AssignForm(formdata=None)), status


@bp.get("/requests/<int:request_id>/match")
@require_role(*MANAGERS)
def requests_match(request_id: int):
    """The volunteers ranked for the request, with the reasons for each rank."""
    return _match_page(db.get_or_404(SupportRequest, request_id))


@bp.post("/requests/<int:request_id>/assign")
@require_role(*MANAGERS)
def requests_assign(request_id: int):
    """Assign a volunteer; the client is told someone is coming, the volunteer gets the details."""
    req = db.get_or_404(SupportRequest, request_id)
    form = AssignForm()
    outcome = None
    if form.validate_on_submit():
        outcome = run(form, lambda: support_requests.assign(
            req, db.session.get(Volunteer, form.volunteer_id.data), actor=current_user,
            now=utcnow(), site_url=current_app.config["SITE_URL"],
            override=form.override.data))
    if not outcome:
        if not form.volunteer_id.errors and not form.form_errors and not form.override.errors:
            form.form_errors.append(_("Choose a volunteer."))
        return _match_page(req, form, 400)
    send(outcome)
    flash(_("%(name)s assigned. The client's confirmation and the volunteer's details have been "
            "recorded.", name=req.volunteer.name), "success")
    return redirect(url_for("people.requests_detail", request_id=req.id))


@bp.post("/requests/<int:request_id>/cancel")
@require_role(*MANAGERS)
def requests_cancel(request_id: int):
    """Cancel the request; an assigned volunteer is told."""
    req = db.get_or_404(SupportRequest, request_id)
    form = CancelForm()
    outcome = None
    if form.validate_on_submit():
        outcome = run(form, lambda: support_requests.cancel(
            req, actor=current_user, reason=form.cancel_reason.data, now=utcnow()))
    if not outcome:
        _show_client(req, "request")
        return render_template("people/requests/detail.html", req=req, local=local,
                               messages=support_requests.messages_of(req),
                               cancel_form=form), 400
    send(outcome)
    flash(_("Request %(id)s cancelled.", id=req), "success")
    return redirect(url_for("people.requests_index"))


@bp.get("/requests/<int:request_id>/access-log")
@require_role(*MANAGERS)
def requests_access_log(request_id: int):
    """Who has seen the client's details of a request, and when."""
    req = db.get_or_404(SupportRequest, request_id)
    return render_template("people/requests/access_log.html", req=req, local=local,
                           rows=privacy.access_log(req))


@bp.get("/shift-requests/")
@require_role(*MANAGERS)
def shifts_index():
    """Worker pairs' requests for volunteers for a shift, waiting ones first."""
    rows = dashboard.shift_requests()
    rows.sort(key=lambda s: (s.status != "open", s.day, s.starts))
    return render_template("people/requests/shifts.html", rows=rows,
                           form=HandledForm(formdata=None))


@bp.post("/shift-requests/<int:shift_id>/handled")
@require_role(*MANAGERS)
def shifts_handle(shift_id: int):
    """Mark a shift request handled, with a note (e.g. who is coming)."""
    shift = db.get_or_404(ShiftRequest, shift_id)
    form = HandledForm()
    if form.validate_on_submit() and run(form, lambda: dashboard.handle_shift(
            shift, actor=current_user, note=form.handled_note.data, now=utcnow())):
        flash(_("Marked as handled."), "success")
        return redirect(url_for("people.shifts_index"))
    rows = dashboard.shift_requests()
    return render_template("people/requests/shifts.html", rows=rows, form=form,
                           failed_id=shift.id), 400


@bp.get("/debriefings/")
@require_role(*MANAGERS)
def debriefings_index():
    """Volunteers' requests to talk a visit through, waiting ones first."""
    rows = list(db.session.scalars(select(DebriefingRequest).order_by(
        DebriefingRequest.handled_at.is_not(None), DebriefingRequest.requested_at.desc())))
    return render_template("people/requests/debriefings.html", rows=rows, local=local,
                           form=HandledForm(formdata=None))


@bp.post("/debriefings/<int:debriefing_id>/handled")
@require_role(*MANAGERS)
def debriefings_handle(debriefing_id: int):
    """Mark a debriefing request handled."""
    debriefing = db.get_or_404(DebriefingRequest, debriefing_id)
    form = HandledForm()
    if form.validate_on_submit() and run(form, lambda: volunteers.handle_debriefing(
            debriefing, actor=current_user, note=form.handled_note.data, now=utcnow())):
        flash(_("Marked as handled."), "success")
        return redirect(url_for("people.debriefings_index"))
    rows = list(db.session.scalars(select(DebriefingRequest).order_by(
        DebriefingRequest.requested_at.desc())))
    return render_template("people/requests/debriefings.html", rows=rows, local=local,
                           form=form, failed_id=debriefing.id), 400

