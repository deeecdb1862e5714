"""Feedback results for staff: per point and per month, only for groups of five or more."""

from flask import render_template

from network import feedback
from web.auth.access import require_role
from web.participation import bp
from web.participation.views_common import MANAGERS, period_from_request


@bp.get("/feedback/")
@require_role(*MANAGERS)
def feedback_results():
    """The period's feedback per point: score, distribution, comments, months."""
    form, period, valid = period_from_request()
    return render_template("participation/feedback_results.html", form=form, period=period,
                           results=feedback.results(period),
                           months=list(period.months())), 200 if valid else 400
