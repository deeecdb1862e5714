"""The offerings table page and its CSV version."""

from flask import Response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from network import offerings_table
from network.clock import today
from network.csv_format import write_csv
from web.auth.access import require_role
from web.staff import bp
from web.staff.crud import READERS
from web.staff.templating import label


def csv_delimiter() -> str:
    """`?sep=comma|semicolon`, else what spreadsheets in the page's language expect.

    Excel in Finnish and Swedish splits CSV files on semicolons, in English on commas.
    """
    chosen = request.args.get("sep")
    if chosen in ("comma", "semicolon"):
        return "," if chosen == "comma" else ";"
    return "," if str(get_locale()) == "en" else ";"


def csv_download(text: str, filename: str) -> Response:
    """CSV text as a file to save, named with today's date."""
    day = today().isoformat()
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}-{day}.csv"',
        "Cache-Control": "no-store",
    })


@bp.get("/offerings/table", endpoint="offerings_table")
@require_role(*READERS)
def table_page():
    """Points × offerings, one table for normal and one for exceptional mode."""
    table = offerings_table.build()
    return render_template("staff/offerings_table.html", table=table,
                           modes=offerings_table.MODES, locale=str(get_locale()))


@bp.get("/offerings/table.csv", endpoint="offerings_table_csv")
@require_role(*READERS)
def table_csv():
    """The offerings table as CSV: one row per point, a column per offering and mode."""
    table = offerings_table.build()
    locale = str(get_locale())
    modes = offerings_table.MODES
    header = [_("External id"), _("Point"), _("Area"), _("In the exceptional-mode network")]
    header += [f"{o.name(locale)} ({label(mode)})" for mode in modes for o in table.offerings]
    yes, no = _("yes"), _("no")
    rows = [header]
    for row in table.rows:
        point = row.point
        rows.append([point.external_id, point.name, point.area.name if point.area else "",
                     yes if point.in_exceptional_network else no]
                    + [yes if row.offers(o, mode) else no
                       for mode in modes for o in table.offerings])
    return csv_download(write_csv(rows, delimiter=csv_delimiter()), "offerings-table")
