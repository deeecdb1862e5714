"""The open points as JSON for the resident map (web/static/js/resident.js draws them).

No map is built on the server: the static script reads this list, cached like the pages.
Names stay plain strings in the JSON and the script puts them in the page as text.
"""

import json

from flask import url_for
from flask_babel import gettext as _

from geo.maps import STATUS_SYMBOLS
from network.clock import utcnow
from web.auth.access import public
from web.resident import bp, presenting
from web.resident.caching import public_answer
from web.resident.state import SiteState, site_state


def points_json(state: SiteState) -> tuple[bytes, int]:
    """Rows in the format of ApuMaps.markers: the points open now, with popup fields."""
    snapshot = state.snapshot
    open_now, until = snapshot.open_state(utcnow())
    labels = [_("Open"), _("Address"), _("Help offered")]
    rows = []
    for index in open_now.nonzero()[0]:
        info = snapshot.info[int(index)]
        fields = [[0, presenting.open_until(until[index])]]
        if info.address:
            fields.append([1, info.address])
        fields.append([2, ", ".join(presenting.offerings(info)) or "–"])
        rows.append({"la": round(info.lat, 6), "lo": round(info.lon, 6),
                     "c": info.status, "t": STATUS_SYMBOLS.get(info.status, "?"),
                     "n": info.name, "d": presenting.status(info), "f": fields,
                     "u": url_for("resident.point", point_id=info.id)})
    data = {"labels": labels, "link": _("Open the point's page"), "points": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 200


@bp.get("/map/points.json")
@public
def map_points():
    """The points open now, for the map."""
    state = site_state()
    return public_answer(lambda: points_json(state), state, mimetype="application/json")
