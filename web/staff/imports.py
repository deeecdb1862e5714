"""CSV import and export of service points."""

import logging

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy.exc import IntegrityError

from network import points as network_points
from network import points_csv
from network.clock import utcnow
from network.models import PointKind, PointStatus, TargetGroup
from web.auth.access import require_role
from web.extensions import db
from web.staff import bp
from web.staff.crud import READERS
from web.staff.offerings_table import csv_delimiter, csv_download

log = logging.getLogger("apuverkko.imports")

# Steering admins and coordinators edit points, so both may import them.
EDITORS = READERS
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

COLUMN_HELP = {
    "external_id": _l("Required. A stable id of the point, e.g. oulu-tuira-1; a second import "
                      "with the same id updates the point."),
    "name": _l("Required. At most 200 characters."),
    "kind": _l("Required. One of: %(values)s.", values=", ".join(PointKind)),
    "organisation": _l("The host organisation's name as in Organisations."),
    "area": _l("The area's name as in Areas."),
    "latitude": _l("Decimal degrees, e.g. 65.0121; give latitude and longitude together."),
    "longitude": _l("Decimal degrees, e.g. 25.4651."),
    "walk_in": _l("yes or no (also true/false, 1/0, kyllä/ei)."),
    "step_free_access": _l("yes or no."),
    "languages": _l("Language codes separated by semicolons, e.g. fi; sv; en."),
    "target_groups": _l("Separated by semicolons; of: %(values)s.",
                        values=", ".join(TargetGroup)),
    "status": _l("One of: %(values)s.", values=", ".join(PointStatus)),
    "in_exceptional_network": _l("yes or no."),
    "offerings_normal": _l("Offering codes from the offering catalogue, separated by "
                           "semicolons, e.g. food_aid; conversation_help."),
    "offerings_exceptional": _l("As offerings_normal, for exceptional mode."),
    "hours_normal": _l("Weekly hours, e.g. mon 09:00-12:00, 13:00-16:00; wed 12:00-16:00. "
                       "Day ranges such as mon-fri 9-15 are understood."),
    "hours_exceptional": _l("As hours_normal, for exceptional mode."),
}


class ImportForm(FlaskForm):
    """The upload of a CSV file of service points."""

    csv_file = FileField(
        _l("CSV file of service points"),
        description=_l("UTF-8 text separated by commas or semicolons, as the export gives. "
                       "At most 2 MB."),
        render_kw={"accept": ".csv,text/csv"},
        validators=[FileRequired(_l("Choose a file to import.")),
                    FileAllowed(["csv", "txt"], _l("Choose a CSV file (name ending in .csv)."))],
    )


def _max_bytes() -> int:
    return current_app.config.get("POINTS_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES)


def _render(form: ImportForm, result: points_csv.ImportResult | None = None, status: int = 200):
    return render_template("staff/imports/points.html", form=form, result=result,
                           columns=points_csv.COLUMNS, column_help=COLUMN_HELP,
                           required=points_csv.REQUIRED,
                           to_locate=network_points.waiting_for_coordinates()), status


@bp.route("/points/import", methods=["GET", "POST"], endpoint="points_import")
@require_role(*EDITORS)
def import_page():
    """Upload a CSV file of points: every row checked, all saved or nothing."""
    form = ImportForm()
    if not form.is_submitted():
        return _render(form)
    if not form.validate():
        return _render(form, status=400)
    data = form.csv_file.data.stream.read(_max_bytes() + 1)
    if len(data) > _max_bytes():
        form.csv_file.errors.append(_("The file is too large: at most %(size)s MB.",
                                      size=round(_max_bytes() / 1024 / 1024, 1)))
        return _render(form, status=400)
    result = points_csv.import_upload(data, now=utcnow())
    if not result.ok:
        db.session.rollback()
        if all(problem.row is None for problem in result.problems):
            # The file as a whole is unusable: say so next to the upload field.
            form.csv_file.errors.extend(problem.message for problem in result.problems)
            return _render(form, status=400)
        return _render(form, result, 400)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.csv_file.errors.append(_("The points changed while the file was being imported. "
                                      "Nothing was saved; please import the file again."))
        return _render(form, status=409)
    log.info("points import: %d created, %d updated, %d unchanged",
             result.created, result.updated, result.unchanged)
    flash(_("The file was imported: %(created)s points created, %(updated)s updated, "
            "%(unchanged)s unchanged.", created=result.created, updated=result.updated,
            unchanged=result.unchanged), "success")
    return redirect(url_for("staff.points_import"))


@bp.get("/points/export.csv", endpoint="points_export")
@require_role(*EDITORS)
def export_csv():
    """Every active point as CSV, in the format the import reads."""
    return csv_download(points_csv.export_csv(delimiter=csv_delimiter()), "service-points")
