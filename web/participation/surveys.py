"""Staff survey pages: create surveys, configure their questions, open and close them,
make one-time links about a visit, and read the results (groups of five or more only)."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from network import surveys
from network.clock import local, utcnow
from network.errors import ValidationError
from network.models import RequestStatus, SupportRequest, Survey, SurveyQuestion, SurveyResponse
from web.auth.access import require_role
from web.extensions import db
from web.participation import bp
from web.participation.forms import InviteForm, QuestionForm, SurveyForm, SurveyTextsForm
from web.participation.posters import public_url
from web.participation.views_common import MANAGERS, check_post, period_from_request, saved
from web.people.common import run
from web.people.labels import people_label

INVITE_DAYS = 90


def _survey(survey_id: int) -> Survey:
    return db.get_or_404(Survey, survey_id)


def _question(survey: Survey, question_id: int) -> SurveyQuestion:
    question = db.get_or_404(SurveyQuestion, question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


@bp.get("/surveys/")
@require_role(*MANAGERS)
def surveys_index():
    """Every survey with its kind, audience, state and number of responses."""
    rows = list(db.session.scalars(select(Survey).order_by(Survey.retired_at.is_not(None),
                                                           Survey.created_at.desc())))
    counts = dict(db.session.execute(select(SurveyResponse.survey_id, func.count())
                                     .group_by(SurveyResponse.survey_id)).all())
    return render_template("participation/surveys/index.html", surveys=rows, counts=counts)


@bp.route("/surveys/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def surveys_create():
    """A new survey with the preset questions of its kind and audience."""
    form = SurveyForm()
    if form.validate_on_submit():
        survey = run(form, lambda: surveys.create_survey(form.data, actor=current_user,
                                                         now=utcnow()))
        if survey:
            saved(survey)
            return redirect(url_for("participation.surveys_detail", survey_id=survey.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/surveys/form.html", form=form, survey=None), status


@bp.route("/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def surveys_edit(survey_id: int):
    """Change a survey's title and introduction."""
    survey = _survey(survey_id)
    form = SurveyTextsForm(obj=survey)
    if form.validate_on_submit() and run(form, lambda: surveys.update_survey(survey, form.data)):
        saved(survey)
        return redirect(url_for("participation.surveys_detail", survey_id=survey.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/surveys/form.html", form=form, survey=survey), status


def _invite_form(survey: Survey) -> InviteForm:
    form = InviteForm()
    since = utcnow() - timedelta(days=INVITE_DAYS)
    visits = db.session.scalars(
        select(SupportRequest).where(SupportRequest.status == RequestStatus.CLOSED,
                                     SupportRequest.closed_at >= since)
        .order_by(SupportRequest.starts_at.desc()).limit(200))
    # No client details in the list: the number, the day and the sector say which visit.
    form.request_id.choices = [("", _("(no particular visit)"))] + [
        (r.id, f"#{r.id} · {local(r.starts_at):%d.%m.%Y} · {people_label(r.sector)}")
        for r in visits]
    return form


@bp.get("/surveys/<int:survey_id>")
@require_role(*MANAGERS)
def surveys_detail(survey_id: int):
    """A survey: its link, its questions, a one-time link form and its results."""
    survey = _survey(survey_id)
    form, period, valid = period_from_request()
    count, results = surveys.results(survey, period)
    return render_template(
        "participation/surveys/detail.html", survey=survey, periods=form, period=period,
        count=count, results=results, invite=_invite_form(survey),
        link=public_url("feedback.survey", slug=survey.slug), locale=str(get_locale()),
        question_text=surveys.question_text), 200 if valid else 400


@bp.post("/surveys/<int:survey_id>/accepting")
@require_role(*MANAGERS)
def surveys_accepting(survey_id: int):
    """Open a closed survey for answers, or close an open one."""
    survey = _survey(survey_id)
    check_post()
    if survey.retired_at is not None:
        abort(400)
    surveys.set_accepting(survey, not survey.accepting)
    db.session.commit()
    flash(_("The survey takes answers.") if survey.accepting
          else _("The survey is closed for answers."), "success")
    return redirect(url_for("participation.surveys_detail", survey_id=survey.id))


@bp.post("/surveys/<int:survey_id>/retire")
@require_role(*MANAGERS)
def surveys_retire(survey_id: int):
    """Take a survey out of use; its results stay readable."""
    survey = _survey(survey_id)
    check_post()
    surveys.retire(survey, now=utcnow())
    db.session.commit()
    flash(_("Retired: %(name)s", name=survey.title_fi), "success")
    return redirect(url_for("participation.surveys_index"))


@bp.route("/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@require_role(*MANAGERS)
def surveys_question_create(survey_id: int):
    """Add a question of one's own."""
    survey = _survey(survey_id)
    form = QuestionForm()
    if form.validate_on_submit() and run(form, lambda: surveys.save_question(
            survey, None, form.data)):
        flash(_("The question was added."), "success")
        return redirect(url_for("participation.surveys_detail", survey_id=survey.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/surveys/question_form.html", form=form,
                           survey=survey, question=None), status


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@require_role(*MANAGERS)
def surveys_question_edit(survey_id: int, question_id: int):
    """Change a question's texts (and its kind while it has no answers)."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit() and run(form, lambda: surveys.save_question(
            survey, question, form.data)):
        flash(_("The question was saved."), "success")
        return redirect(url_for("participation.surveys_detail", survey_id=survey.id))
    status = 400 if form.is_submitted() else 200
    return render_template("participation/surveys/question_form.html", form=form,
                           survey=survey, question=question,
                           preset_text=surveys.question_text(question, str(get_locale()))
                           if question.preset else None), status


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/remove")
@require_role(*MANAGERS)
def surveys_question_remove(survey_id: int, question_id: int):
    """Remove a question without answers."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    check_post()
    try:
        surveys.remove_question(question)
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The question was removed."), "success")
    return redirect(url_for("participation.surveys_detail", survey_id=survey.id))


@bp.post("/surveys/<int:survey_id>/invite")
@require_role(*MANAGERS)
def surveys_invite(survey_id: int):
    """Make a one-time link (shown once: only its hash is kept)."""
    survey = _survey(survey_id)
    form = _invite_form(survey)
    if not form.validate_on_submit():
        abort(400)
    visit = db.session.get(SupportRequest, form.request_id.data) if form.request_id.data else None
    try:
        _invitation, token = surveys.invite(survey, support_request=visit, now=utcnow())
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("participation.surveys_detail", survey_id=survey.id))
    db.session.commit()
    return render_template("participation/surveys/invitation.html", survey=survey, visit=visit,
                           link=public_url("feedback.invitation", token=token))
