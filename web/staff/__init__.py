"""Staff pages: the network's records, for steering admins, coordinators and point workers."""

from flask import Blueprint, Flask

bp = Blueprint("staff", __name__, url_prefix="/staff")


def register(app: Flask) -> None:
    """Import the view modules (they add their routes to `bp`) and mount the blueprint."""
    from web.staff import (  # noqa: F401
        imports,
        mine,
        offerings_table,
        overview,
        pairs,
        point_hours,
        points,
        resources,
    )
    from web.staff.templating import register as register_templating

    register_templating(app)
    app.register_blueprint(bp)
