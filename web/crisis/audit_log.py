"""The audit log page: who activated, deactivated or edited scenarios and plans, when and why."""

from flask import render_template, request

from crisis import audit
from web.auth.access import require_role
from web.crisis import bp
from web.crisis.common import READERS

PAGE_SIZE = 50


@bp.get("/audit")
@require_role(*READERS)
def audit_log():
    """The newest entries first, a page at a time."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries = audit.entries(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render_template("crisis/audit.html", entries=entries[:PAGE_SIZE], page=page,
                           has_next=len(entries) > PAGE_SIZE)
