"""Ask for a support person: who, what, where and when, all four required.

CSRF-protected and rate-limited per address; the request reaches the coordinators, who
confirm to the client once a volunteer is assigned.
"""

from flask import current_app, redirect, render_template, url_for
from flask_babel import get_locale

from network import support_requests
from network.clock import utcnow
from network.models import IntakeChannel
from web.auth.access import public
from web.extensions import limiter
from web.people.common import complain_all, run
from web.people.request_forms import PublicRequestForm
from web.public_requests import bp


def _limit() -> str:
    return current_app.config["SUPPORT_REQUEST_RATE_LIMIT"]


@bp.route("/", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def form():
    """The request form; a request missing any of the four is refused with what is missing."""
    form = PublicRequestForm().prepare()
    if not form.is_submitted():
        form.client_language.data = str(get_locale())
    if form.validate_on_submit():
        if run(form, lambda: support_requests.create_request(
                form.values(), channel=IntakeChannel.PUBLIC_FORM, actor=None, now=utcnow())):
            return redirect(url_for("public_requests.thanks"))
    elif form.is_submitted():
        complain_all(form)
    status = 400 if form.is_submitted() else 200
    return render_template("people/public/form.html", form=form), status


@bp.get("/thanks")
@public
def thanks():
    """What happens next."""
    return render_template("people/public/thanks.html")
