"""The staff landing page: the network at a glance."""

from flask import render_template
from flask_login import current_user

from network import overview as network_overview
from network.clock import local, utcnow
from web.auth.access import ANY_STAFF, require_role
from web.staff import bp
from web.staff.crud import READERS


@bp.get("/")
@require_role(*ANY_STAFF)
def overview():
    """Counts and warnings for steering and coordinators; others go to their own pages."""
    if current_user.role not in READERS:
        return render_template("staff/welcome.html")
    summary = network_overview.build(local(utcnow()).date())
    return render_template("staff/overview.html", summary=summary)

