"""The public form where a resident asks for a support person (fi, sv, en; no account)."""

from flask import Blueprint, Flask

bp = Blueprint("public_requests", __name__, url_prefix="/support")


def register(app: Flask) -> None:
    """Import the views (they add their routes to `bp`) and mount the blueprint."""
    from web.public_requests import views  # noqa: F401

    app.register_blueprint(bp)
