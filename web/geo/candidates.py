"""Candidate sites: existing facilities staff consider for new points (suggestion candidates)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from geo.results import GeocodeResult
from network import candidate_sites
from network.clock import utcnow
from network.errors import ValidationError
from network.models import CandidateSite, Role
from web.auth.access import require_role
from web.extensions import db
from web.geo import bp
from web.geo.forms import CandidateSiteForm
from web.geo.lookup import describe, lookup
from web.staff.crud import READERS


@bp.get("/candidates/")
@require_role(*READERS)
def candidates_index():
    """The candidate sites in use (or also the retired ones)."""
    show_retired = request.args.get("retired") == "1"
    query = select(CandidateSite).order_by(CandidateSite.name, CandidateSite.id)
    if not show_retired:
        query = query.where(CandidateSite.retired_at.is_(None))
    return render_template("geo/candidates.html", sites=db.session.scalars(query).all(),
                           show_retired=show_retired, retire_form=FlaskForm(),
                           can_edit=current_user.role == Role.STEERING_ADMIN)


def _edit(site: CandidateSite | None):
    form = CandidateSiteForm(obj=site)
    found = None
    if form.is_submitted() and "lookup" in request.form:
        form.validate()  # show other problems too, but save nothing
        answer = lookup(form.place.data or "")
        if isinstance(answer, GeocodeResult):
            found = describe(answer)
            for field, value in ((form.latitude, answer.lat), (form.longitude, answer.lon)):
                field.errors = []
                field.raw_data, field.data = [], round(value, 6)
        else:
            form.place.errors.append(describe(answer))
        return render_template("geo/candidate_form.html", form=form, site=site, found=found)
    if form.validate_on_submit():
        record = site or CandidateSite()
        try:
            candidate_sites.save_site(record, {
                "name": form.name.data, "notes": form.notes.data,
                "latitude": form.latitude.data, "longitude": form.longitude.data})
        except ValidationError as error:
            db.session.rollback()
            target = form[error.field] if error.field in form else None
            (target.errors if target is not None else form.form_errors).append(
                str(error.message))
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=record.name), "success")
            return redirect(url_for("geo.candidates_index"))
    status = 400 if form.is_submitted() else 200
    return render_template("geo/candidate_form.html", form=form, site=site, found=None), status


@bp.route("/candidates/new", methods=["GET", "POST"])
@require_role(Role.STEERING_ADMIN)
def candidates_create():
    """A new candidate site."""
    return _edit(None)


@bp.route("/candidates/<int:site_id>/edit", methods=["GET", "POST"])
@require_role(Role.STEERING_ADMIN)
def candidates_edit(site_id: int):
    """Change a candidate site."""
    return _edit(db.get_or_404(CandidateSite, site_id))


@bp.post("/candidates/<int:site_id>/retire")
@require_role(Role.STEERING_ADMIN)
def candidates_retire(site_id: int):
    """Take a site off the candidate list."""
    site = db.get_or_404(CandidateSite, site_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    candidate_sites.retire_site(site, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=site.name), "success")
    return redirect(url_for("geo.candidates_index"))
