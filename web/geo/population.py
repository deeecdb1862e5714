"""Population data: the imported datasets, importing a file, removing a dataset."""

import logging
import os
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from geo.errors import ImportRefused
from geo.population import import_population
from network import population_datasets
from network.clock import utcnow
from network.errors import ValidationError
from network.models import PopulationDataset, Role
from web.auth.access import require_role
from web.extensions import csrf, db
from web.geo import bp, refusals, services
from web.geo.forms import PopulationImportForm
from web.staff.crud import READERS

log = logging.getLogger(__name__)


def import_file(storage, **options):
    """Import an uploaded file via a temporary file (kept only while reading)."""
    suffix = Path(storage.filename or "").suffix.lower()[:10]
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="population-")
    try:
        with os.fdopen(fd, "wb") as fh:
            storage.save(fh)
        return import_population(name, **options)
    finally:
        os.unlink(name)


def summary(dataset: PopulationDataset) -> str:
    """What was imported, in one sentence."""
    return _("%(cells)s cells, %(people)s people, %(crs)s, from %(lat1)s, %(lon1)s to "
             "%(lat2)s, %(lon2)s.",
             cells=format_decimal(dataset.cell_count, "#,##0"),
             people=format_decimal(round(dataset.total_population), "#,##0"), crs=dataset.crs,
             lat1=f"{dataset.min_lat:.4f}", lon1=f"{dataset.min_lon:.4f}",
             lat2=f"{dataset.max_lat:.4f}", lon2=f"{dataset.max_lon:.4f}")


def _render(form: PopulationImportForm, status: int = 200):
    return render_template(
        "geo/population.html", form=form, datasets=population_datasets.datasets(),
        can_edit=current_user.role == Role.STEERING_ADMIN, delete_form=FlaskForm(),
    ), status


@bp.get("/population/")
@require_role(*READERS)
def population_index():
    """The imported population datasets (and the import form for steering admins)."""
    return _render(PopulationImportForm())


# The global CSRF check reads the form before the view could raise the upload limit for
# this page, so it is skipped here; the form checks its own CSRF token instead.
@csrf.exempt
@bp.post("/population/")
@require_role(Role.STEERING_ADMIN)
def population_import():
    """Import an uploaded population file; a bad file is refused with its reason, saving nothing."""
    request.max_content_length = current_app.config["POPULATION_MAX_UPLOAD"]
    form = PopulationImportForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        result = import_file(form.file.data, population_column=form.population_column.data,
                             layer=form.layer.data)
    except ImportRefused as refused:
        form.file.errors.append(refusals.translate(refused))
        return _render(form, 400)
    try:
        dataset = population_datasets.save_dataset(
            result, name=form.name.data, filename=form.file.data.filename,
            actor=current_user, now=utcnow())
    except ValidationError as error:
        db.session.rollback()
        form[error.field or "name"].errors.append(str(error.message))
        return _render(form, 400)
    db.session.commit()
    log.info("population dataset %s imported: %d cells", dataset.id, dataset.cell_count)
    flash(_("Imported %(name)s: %(summary)s", name=dataset.name, summary=summary(dataset)),
          "success")
    return redirect(url_for("geo.population_index"))


@bp.post("/population/<int:dataset_id>/delete")
@require_role(Role.STEERING_ADMIN)
def population_delete(dataset_id: int):
    """Remove a dataset and its cells."""
    dataset = db.get_or_404(PopulationDataset, dataset_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    name = dataset.name
    population_datasets.delete_dataset(dataset)
    db.session.commit()
    services.state().grids.forget(dataset_id)
    flash(_("Removed: %(name)s", name=name), "success")
    return redirect(url_for("geo.population_index"))
