"""Participation pages: anonymous feedback and survey answers for everyone (`feedback`), and
for staff (`participation`, under /staff) the results, surveys, discussion events, client
panels and experience experts.

Steering admins and coordinators manage all of it; a point worker may print their own
point's feedback poster. The public pages need no account, are CSRF-protected and
rate-limited, and store nothing that identifies the sender.
"""

from flask import Blueprint, Flask

bp = Blueprint("participation", __name__, url_prefix="/staff")
public_bp = Blueprint("feedback", __name__)


def register(app: Flask) -> None:
    """Import the view modules (they add their routes), mount the blueprints."""
    from web.participation import (  # noqa: F401
        events,
        experts,
        panels,
        posters,
        public,
        results,
        surveys,
    )
    from web.participation.labels import register as register_labels

    register_labels(app)
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
