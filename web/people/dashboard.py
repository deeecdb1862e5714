"""The point dashboard of a worker pair, made for a phone: their point at a glance, its status
and note for residents, today's hours and offerings, visitor counts, crisis messages sent to
the pair, and asking the coordinator for volunteers.

Point workers reach only the points whose current pair they belong to (network.permissions);
coordinators and steering admins every point.
"""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import and_, or_, select
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from crisis.models import Channel, OutboxMessage, RecipientKind
from crisis.network_mode import current_mode
from network import dashboard, permissions
from network import pairs as network_pairs
from network import points as network_points
from network.clock import local, utcnow
from network.models import PointStatus, Role, ServicePoint
from web.auth.access import require_role
from web.extensions import db
from web.people.common import run, today
from web.staff.fields import choices, strip_or_none
from web.staff.points import load_point

bp = Blueprint("dashboard", __name__, url_prefix="/staff/dashboard")
ROLES = (Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER)
TEXT = [strip_or_none]
HISTORY_DAYS = 14


class DashboardStatusForm(FlaskForm):
    """The point's status now."""

    status = SelectField(_l("Status"), choices=choices(PointStatus), validators=[DataRequired()])


class NoteForm(FlaskForm):
    """A short note for residents, shown on the resident site."""

    note = TextAreaField(_l("Note for residents"), filters=TEXT,
                         validators=[Optional(), Length(max=dashboard.NOTE_LIMIT)],
                         description=_l("E.g. “Food aid has run out today; more on Thursday.” "
                                        "Leave empty to remove the note."))


class ShiftForm(FlaskForm):
    """Ask the coordinator for volunteers for a shift."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    starts = TimeField(_l("From"), validators=[InputRequired()])
    ends = TimeField(_l("Until"), validators=[InputRequired()])
    volunteers_needed = IntegerField(_l("Volunteers needed"), default=1,
                                     validators=[InputRequired(), NumberRange(min=1, max=50)])
    note = StringField(_l("What they would do"), filters=TEXT,
                       validators=[Optional(), Length(max=500)])


def visitors_form(point: ServicePoint, day: date, formdata=None):
    """A form with one number field per offering of the point."""

    class VisitorsForm(FlaskForm):
        pass

    offerings = dashboard.offered(point)
    saved = dashboard.counts_on(point, day)
    for offering in offerings:
        setattr(VisitorsForm, f"count_{offering.id}", IntegerField(
            offering.name(_locale()), default=saved.get(offering.id),
            validators=[Optional(), NumberRange(min=0, max=dashboard.MAX_VISITORS)]))
    form = VisitorsForm(formdata=formdata) if formdata is not None else VisitorsForm()
    form.offerings = offerings
    return form


def _locale() -> str:
    return str(get_locale())


def crisis_messages(point: ServicePoint, day: date, limit: int = 20) -> list[OutboxMessage]:
    """The latest crisis messages sent to the workers of the point's pair today (read-only)."""
    pair = network_pairs.current_pair(point, day)
    if pair is None:
        return []
    worker_ids = [w.id for w in pair.workers]
    user_ids = [w.user_id for w in pair.workers if w.user_id]
    addressed = [and_(OutboxMessage.recipient_kind == RecipientKind.PAIR_WORKER.value,
                      OutboxMessage.recipient_id.in_(worker_ids))]
    if user_ids:
        addressed.append(and_(OutboxMessage.recipient_kind == RecipientKind.USER.value,
                              OutboxMessage.recipient_id.in_(user_ids)))
    return list(db.session.scalars(
        select(OutboxMessage).where(or_(*addressed),
                                    OutboxMessage.channel.in_([Channel.EMAIL, Channel.SMS]))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)))


def _page(point: ServicePoint, *, status_form=None, note_form=None, shift_form=None,
          visitors=None, code: int = 200):
    day = today()
    mode = current_mode()
    return render_template(
        "dashboard/point.html", point=point, today=day, mode=mode, local=local,
        hours=dashboard.hours_on(point, day, mode), offerings=point.offerings_in(mode),
        note=dashboard.resident_note(point),
        status_form=status_form or DashboardStatusForm(formdata=None, status=point.status.value),
        note_form=note_form or NoteForm(formdata=None, note=point.resident_note),
        shift_form=shift_form or ShiftForm(formdata=None, day=day),
        visitors=visitors or visitors_form(point, day, formdata=None),
        messages=crisis_messages(point, day),
        shifts=[s for s in dashboard.shift_requests(point) if s.day >= day],
        pair=network_pairs.current_pair(point, day)), code


def _load(point_id: int) -> ServicePoint:
    point = load_point(point_id, permissions.can_change_status)
    if point.retired_at is not None:
        abort(404)
    return point


@bp.get("/")
@require_role(*ROLES)
def index():
    """The points the user may keep: a point worker's own, or every point for coordinators."""
    day = today()
    if current_user.role == Role.POINT_WORKER:
        points = network_pairs.points_of_worker(current_user, day)
        if len(points) == 1:
            return redirect(url_for("dashboard.point", point_id=points[0].id))
    else:
        points = list(db.session.scalars(select(ServicePoint).where(
            ServicePoint.retired_at.is_(None)).order_by(ServicePoint.name)))
    return render_template("dashboard/index.html", points=points)


@bp.get("/<int:point_id>")
@require_role(*ROLES)
def point(point_id: int):
    """A point at a glance."""
    return _page(_load(point_id))


@bp.post("/<int:point_id>/status")
@require_role(*ROLES)
def status(point_id: int):
    """Change the status: open, closed, full, food aid ran out, standby."""
    point = _load(point_id)
    form = DashboardStatusForm()
    if form.validate_on_submit() and run(
            form, lambda: network_points.set_status(point, form.status.data)):
        flash(_("Status of %(name)s saved.", name=point.name), "success")
        return redirect(url_for("dashboard.point", point_id=point.id))
    return _page(point, status_form=form, code=400)


@bp.post("/<int:point_id>/note")
@require_role(*ROLES)
def note(point_id: int):
    """Write or remove the note for residents."""
    point = _load(point_id)
    form = NoteForm()
    if form.validate_on_submit() and run(
            form, lambda: dashboard.set_resident_note(point, form.note.data, now=utcnow())):
        flash(_("The note for residents is saved.") if point.resident_note
              else _("The note for residents is removed."), "success")
        return redirect(url_for("dashboard.point", point_id=point.id))
    return _page(point, note_form=form, code=400)


@bp.route("/<int:point_id>/visitors", methods=["GET", "POST"])
@require_role(*ROLES)
def visitors(point_id: int):
    """Visitor counts per offering for a day (today unless ?day=), and the last two weeks."""
    point = _load(point_id)
    day = today()
    wanted = request.values.get("day")
    if wanted:
        try:
            day = date.fromisoformat(wanted)
        except ValueError:
            day = None
    bad_day = day is None or day > today()
    form = visitors_form(point, day if not bad_day else today(),
                         formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and not bad_day and form.validate_on_submit():
        counts = {o.id: form[f"count_{o.id}"].data for o in form.offerings}
        if run(form, lambda: dashboard.record_visitors(
                point, day=day, counts=counts, actor=current_user, now=utcnow(), today=today())):
            flash(_("Visitor counts saved."), "success")
            return redirect(url_for("dashboard.visitors", point_id=point.id, day=day.isoformat()))
    code = 400 if request.method == "POST" or bad_day else 200
    history = dashboard.visitor_counts(point, since=today() - timedelta(days=HISTORY_DAYS))
    return render_template("dashboard/visitors.html", point=point, form=form,
                           day=day if not bad_day else today(), bad_day=bad_day,
                           history=history, max_day=today()), code


@bp.post("/<int:point_id>/shift")
@require_role(*ROLES)
def shift(point_id: int):
    """Ask the coordinator for volunteers for a shift."""
    point = _load(point_id)
    form = ShiftForm()
    if form.validate_on_submit() and run(form, lambda: dashboard.request_shift(
            point, day=form.day.data, starts=form.starts.data, ends=form.ends.data,
            needed=form.volunteers_needed.data, note=form.note.data, actor=current_user,
            now=utcnow(), today=today())):
        flash(_("Your request has been sent to the coordinator."), "success")
        return redirect(url_for("dashboard.point", point_id=point.id))
    return _page(point, shift_form=form, code=400)
