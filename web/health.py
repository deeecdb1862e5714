"""A trivial liveness route for load balancers and benchmarks."""

from flask import Blueprint, Flask, Response

from web.auth.access import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> Response:
    """"ok" without touching the database."""
    return Response("ok", mimetype="text/plain")


def register(app: Flask) -> None:
    """Mount the blueprint."""
    app.register_blueprint(bp)
