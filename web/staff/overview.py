"""The staff landing page: the network at a glance."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from network import overview as network_overview
from network.clock import today
from network.models import Role
from web.auth.access import ANY_STAFF, require_role
from web.staff import bp
from web.staff.crud import READERS


@bp.get("/")
@require_role(*ANY_STAFF)
def overview():
    """Counts and warnings for steering and coordinators; others go to their own pages."""
    if current_user.role == Role.POINT_WORKER:
        return redirect(url_for("staff.my_points"))
    if current_user.role not in READERS:
        return redirect(url_for("staff.my_profile"))
    summary = network_overview.build(today())
    return render_template("staff/overview.html", summary=summary)

