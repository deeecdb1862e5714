"""Staff geo pages under /staff/geo: network map, coverage, population data, candidate sites,
and finding a point's coordinates from its address.

Steering admins and coordinators read the maps, the coverage analysis, the datasets and the
candidate sites, and confirm geocoded coordinates for points (they edit points anyway).
Importing or deleting population data and editing candidate sites is planning data of the
steering group: steering admins only.
"""

from flask import Blueprint, Flask

bp = Blueprint("geo", __name__, url_prefix="/staff/geo")


@bp.context_processor
def map_symbols() -> dict:
    """The status symbols of the map markers, for the legends."""
    from geo.maps import STATUS_SYMBOLS

    return {"status_symbols": STATUS_SYMBOLS, "whatif_symbol": "–"}


def register(app: Flask) -> None:
    """Import the view modules (they add their routes to `bp`), mount it, set up the caches."""
    from web.geo import candidates, coverage, locate, network_map, population  # noqa: F401
    from web.geo.services import init_app

    init_app(app)
    app.register_blueprint(bp)
