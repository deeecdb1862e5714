"""The public resident site: the nearest open service point, a point's page, printable lists.

Pages render from the cached snapshot of the network (network.network_snapshot) and a small
per-process state (web.resident.state); public answers carry ETags and may be held by proxies.
"""

from flask import Blueprint, Flask

bp = Blueprint("resident", __name__)


def register(app: Flask) -> None:
    """Import the view modules (they add their routes to `bp`), mount it, set up the state."""
    from web.resident import map_data, pages  # noqa: F401
    from web.resident.state import init_app

    init_app(app)
    app.register_blueprint(bp)
