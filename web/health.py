"""A liveness check for load balancers and containers: no database, no rate limit."""

from flask import Blueprint

from web.auth.access import public
from web.extensions import limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
@public
def healthz():
    """Plain "ok" while the process serves requests."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
