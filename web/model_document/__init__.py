"""The local model document (/staff/model-document): a print-ready page and a PDF, in
Finnish, Swedish or English, assembled from live data; steering admins edit its texts."""

from flask import Blueprint, Flask

bp = Blueprint("model_document", __name__, url_prefix="/staff/model-document")


def register(app: Flask) -> None:
    """Import the views (they add their routes to `bp`) and mount the blueprint."""
    from web.model_document import views  # noqa: F401

    app.register_blueprint(bp)
