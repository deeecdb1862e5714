"""Exceptional-mode pages for the steering group: scenarios, plans, activation, progress, audit.

Steering admins prepare and run everything here; coordinators may read it all.
"""

from flask import Blueprint, Flask

bp = Blueprint("crisis", __name__, url_prefix="/staff/crisis")


def register(app: Flask) -> None:
    """Import the view modules (they add their routes to `bp`) and mount the blueprint."""
    from web.crisis import activations, audit_log, participants, plan, scenarios  # noqa: F401
    from web.crisis.labels import register as register_labels

    register_labels(app)
    app.register_blueprint(bp)
