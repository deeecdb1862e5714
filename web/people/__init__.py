"""People pages: the volunteer bank, training, meetups, checklists, support requests, and the
point dashboard of worker pairs (its own blueprint, `dashboard`)."""

from flask import Blueprint, Flask

bp = Blueprint("people", __name__, url_prefix="/staff")


def register(app: Flask) -> None:
    """Import the view modules (they add their routes) and mount the blueprints."""
    from web.people import (  # noqa: F401
        checklists,
        meetups,
        mine,
        requests,
        training,
        volunteers,
    )
    from web.people.dashboard import bp as dashboard_bp
    from web.people.labels import register as register_labels

    register_labels(app)
    app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
