"""Public pages: anonymous feedback (general or per point, from the QR poster) and survey
answers (through a survey's link, a one-time invitation, or the client's visit link).

No account is needed. Forms are CSRF-protected and rate-limited per address; the address
is used only by the rate limiter's short-lived counters and is never stored or logged.
"""

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from sqlalchemy import select

from network import feedback, surveys
from network.clock import today, utcnow
from network.models import ServicePoint, Survey, SurveyAudience, SurveyKind
from web.auth.access import public
from web.extensions import db, limiter
from web.participation import public_bp as bp
from web.participation.answer_form import answer_form, answers_of
from web.participation.forms import FeedbackForm
from web.people.common import run


def _limit() -> str:
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def _locale() -> str:
    return str(get_locale())


def _feedback_page(point: ServicePoint | None):
    form = FeedbackForm()
    if form.validate_on_submit() and run(form, lambda: feedback.give(
            point=point, score=form.score.data, comment=form.comment.data,
            language=_locale(), today=today())):
        return redirect(url_for("feedback.thanks"))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/public/feedback.html", form=form, point=point), status


@bp.route("/feedback/", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def general():
    """Feedback on the network in general."""
    return _feedback_page(None)


@bp.route("/feedback/point/<int:point_id>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def point(point_id: int):
    """Feedback on one point (the QR poster at the point leads here)."""
    found = db.session.get(ServicePoint, point_id)
    if found is None or found.retired_at is not None:
        abort(404)
    return _feedback_page(found)


@bp.get("/feedback/thanks")
@public
def thanks():
    """Thanks, and what happens with the feedback."""
    return render_template("participation/public/thanks.html")


def _answer_page(survey: Survey, submit, *, title_note=None):
    form = answer_form(survey, _locale())
    if form.validate_on_submit():
        anonymous = bool(form.anonymous.data)
        if run(form, lambda: submit(answers_of(form, survey), anonymous=anonymous,
                                    name=None if anonymous else form.name.data,
                                    contact=None if anonymous else form.contact.data,
                                    language=_locale(), today=today())):
            return redirect(url_for("feedback.survey_thanks"))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/public/answer.html", form=form, survey=survey,
                           locale=_locale(), note=title_note), status


def _unavailable():
    return render_template("participation/public/unavailable.html"), 404


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def visit(token: str):
    """The client's survey about their support visit, from the link in the invitation."""
    visit_request = surveys.visit_for_token(token)
    if visit_request is None:
        return _unavailable()
    survey = surveys.current_survey(SurveyKind.SATISFACTION, SurveyAudience.CLIENT, now=utcnow())
    db.session.commit()  # a default survey made on first use

    def submit(answers, **kw):
        return surveys.submit_for_visit(visit_request, survey, answers, **kw)

    return _answer_page(survey, submit)


@bp.route("/survey/<slug>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def survey(slug: str):
    """A survey through its own link (e.g. the professional survey sent by email)."""
    found = db.session.scalar(select(Survey).where(Survey.slug == slug[:40]))
    if found is None or not found.accepting or found.retired_at is not None:
        return _unavailable()

    def submit(answers, **kw):
        return surveys.submit(found, answers, **kw)

    return _answer_page(found, submit)


@bp.route("/survey/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
def invitation(token: str):
    """A survey through a one-time invitation about one visit."""
    found = surveys.invitation_for(token)
    if found is None or not found.survey.accepting or found.survey.retired_at is not None:
        return _unavailable()

    def submit(answers, **kw):
        return surveys.submit_invited(found, answers, **kw)

    return _answer_page(found.survey, submit)


@bp.get("/survey/thanks")
@public
def survey_thanks():
    """Thanks for answering."""
    return render_template("participation/public/thanks.html", survey=True)
