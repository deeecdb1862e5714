"""Residents' alert pages (no account): subscribe, confirm, unsubscribe, my data; the CAP feed
and the current web notice.

Routes carry their full paths (the unsubscribe link is /unsubscribe/<token>, the rest under
/alerts/), so the blueprint has no prefix.
"""

from flask import Blueprint, Flask

bp = Blueprint("alerts", __name__)


def register(app: Flask) -> None:
    """Import the view modules (they add their routes to `bp`) and mount the blueprint."""
    from web.alerts import feeds, subscribe  # noqa: F401

    app.register_blueprint(bp)
