"""The indicators dashboard (/staff/indicators): charts drawn as SVG on the server, each
with its data table; a period to choose; CSV export. For steering admins and coordinators."""

from flask import Blueprint, Flask

bp = Blueprint("indicators", __name__, url_prefix="/staff/indicators")


def register(app: Flask) -> None:
    """Import the views (they add their routes to `bp`) and mount the blueprint."""
    from web.indicators import views  # noqa: F401

    app.register_blueprint(bp)
