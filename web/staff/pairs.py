"""Worker pair pages: create a pair for a point, edit it, end it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from network import pairs as network_pairs
from network import permissions
from network.clock import today
from network.models import Organisation, Role, User, WorkerPair
from web.auth.access import require_role
from web.extensions import db
from web.staff import bp
from web.staff.crud import READERS
from web.staff.fields import record_choices
from web.staff.point_forms import BLANK, WORKER_FIELDS, EndPairForm, PairForm
from web.staff.points import load_point, run


def _prepare(form: PairForm, pair: WorkerPair | None) -> PairForm:
    """Fill the organisation and account choices; on first show, the pair's workers."""
    workers = {w.position: w for w in pair.workers} if pair else {}
    org_ids = {w.organisation_id for w in workers.values()} - {None}
    user_ids = {w.user_id for w in workers.values()} - {None}
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.retired_at.is_(None) | Organisation.id.in_(org_ids))
        .order_by(Organisation.name)).all()
    accounts = db.session.scalars(
        select(User).where((User.active & (User.role == Role.POINT_WORKER)) | User.id.in_(user_ids))
        .order_by(User.name)).all()
    for position in (1, 2):
        form[f"worker{position}_organisation_id"].choices = [BLANK, *record_choices(organisations)]
        form[f"worker{position}_user_id"].choices = [
            BLANK, *record_choices(accounts, lambda u: f"{u.name} ({u.email})")]
        worker = workers.get(position)
        if worker is not None and not form.is_submitted():
            for name in WORKER_FIELDS:
                form[f"worker{position}_{name}"].data = getattr(worker, name)
    return form


def _workers(form: PairForm) -> list[network_pairs.Worker]:
    return [network_pairs.Worker(**{name: form[f"worker{position}_{name}"].data
                                    for name in WORKER_FIELDS})
            for position in (1, 2)]


def _load_pair(pair_id: int) -> WorkerPair:
    pair = db.get_or_404(WorkerPair, pair_id)
    load_point(pair.point_id, permissions.can_manage_pairs)
    return pair


def _render(form, point, pair, template="staff/points/pair_form.html"):
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, point=point, pair=pair), status


@bp.route("/points/<int:point_id>/pairs/new", methods=["GET", "POST"])
@require_role(*READERS)
def pairs_create(point_id: int):
    """A new pair for a point: its period and one or two named workers."""
    point = load_point(point_id, permissions.can_manage_pairs)
    form = _prepare(PairForm(), None)
    if not form.is_submitted():
        form.starts_on.data = today()
    if form.validate_on_submit() and run(form, lambda: network_pairs.create_pair(
            point, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            workers=_workers(form))):
        flash(_("Worker pair saved."), "success")
        return redirect(url_for("staff.points_detail", point_id=point.id))
    return _render(form, point, None)


@bp.route("/pairs/<int:pair_id>/edit", methods=["GET", "POST"])
@require_role(*READERS)
def pairs_edit(pair_id: int):
    """Change a pair's period or workers."""
    pair = _load_pair(pair_id)
    point = pair.point
    form = _prepare(PairForm(obj=pair), pair)
    if form.validate_on_submit() and run(form, lambda: network_pairs.update_pair(
            pair, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            workers=_workers(form))):
        flash(_("Worker pair saved."), "success")
        return redirect(url_for("staff.points_detail", point_id=point.id))
    return _render(form, point, pair)


@bp.route("/pairs/<int:pair_id>/end", methods=["GET", "POST"])
@require_role(*READERS)
def pairs_end(pair_id: int):
    """Set a pair's last day (today by default)."""
    pair = _load_pair(pair_id)
    point = pair.point
    form = EndPairForm()
    if not form.is_submitted():
        form.ends_on.data = max(today(), pair.starts_on)
    if form.validate_on_submit() and run(
            form, lambda: network_pairs.end_pair(pair, ends_on=form.ends_on.data)):
        flash(_("The worker pair ends on %(day)s.", day=form.ends_on.data.isoformat()), "success")
        return redirect(url_for("staff.points_detail", point_id=point.id))
    return _render(form, point, pair, "staff/points/pair_end.html")
