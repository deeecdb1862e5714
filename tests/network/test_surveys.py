"""Surveys: presets and own questions, anonymous answers, the client's one-time link,
invitations, and results only for groups of at least five answers."""

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import inspect, select

from network import surveys
from network.clock import utcnow
from network.errors import ValidationError
from network.models import (
    QuestionKind,
    RequestStatus,
    Role,
    SurveyAudience,
    SurveyKind,
    SurveyResponse,
)
from network.reporting import Period
from tests import people_factories as pf
from web.extensions import db

DAY = date(2026, 3, 10)


def client_survey(**kw):
    return surveys.create_survey({"kind": "satisfaction", "audience": "client",
                                  "title_fi": "Asiakaspalaute"} | kw, actor=None, now=utcnow())


def answers_for(survey, scale=4, yes=True, text="Hyvä"):
    out = {}
    for q in survey.questions:
        out[q.id] = {QuestionKind.SCALE: scale, QuestionKind.YES_NO: "yes" if yes else "no",
                     QuestionKind.TEXT: text}[q.kind]
    return out


def test_a_satisfaction_survey_gets_the_preset_questions_of_its_audience(app):
    survey = client_survey()
    assert [q.preset for q in survey.questions] == list(
        surveys.DEFAULT_PRESETS[(SurveyKind.SATISFACTION, SurveyAudience.CLIENT)])
    assert len(survey.slug) >= 20 and survey.accepting
    with force_locale("en"):
        assert surveys.question_text(survey.questions[0], "en").startswith("How satisfied")


def test_the_professional_survey_is_always_for_professionals(app):
    survey = surveys.create_survey({"kind": "professional", "audience": "client",
                                    "title_fi": "Ammattilaiskysely"}, actor=None, now=utcnow())
    assert survey.audience == SurveyAudience.PROFESSIONAL
    assert all(q.preset.startswith("info_") for q in survey.questions)


def test_own_questions_in_three_languages(app):
    survey = client_survey()
    q = surveys.save_question(survey, None, {"kind": "yes_no", "text_fi": "Tuliko apua?",
                                             "text_sv": "Fick du hjälp?", "required": True})
    assert q.position == len(survey.questions) and q.required
    assert surveys.question_text(q, "sv") == "Fick du hjälp?"
    assert surveys.question_text(q, "en") == "Tuliko apua?"  # Finnish when not translated
    with pytest.raises(ValidationError) as error:
        surveys.save_question(survey, None, {"kind": "text", "text_fi": " "})
    assert error.value.field == "text_fi"


def test_an_answered_question_keeps_its_kind_and_cannot_be_removed(app):
    survey = client_survey()
    surveys.submit(survey, answers_for(survey), anonymous=True, language="fi", today=DAY)
    first = survey.questions[0]
    with pytest.raises(ValidationError):
        surveys.save_question(survey, first, {"kind": "text", "text_fi": "Muuta"})
    with pytest.raises(ValidationError):
        surveys.remove_question(first)
    unanswered = surveys.save_question(survey, None, {"kind": "text", "text_fi": "Uusi"})
    surveys.remove_question(unanswered)
    assert unanswered not in survey.questions


def test_an_anonymous_answer_keeps_no_name_contact_or_visit(app, users):
    survey = client_survey()
    visit = pf.support_request(status=RequestStatus.CLOSED)
    response = surveys.submit(survey, answers_for(survey), anonymous=True, name="Kalle",
                              contact="kalle@example.org", language="fi", today=DAY,
                              support_request=visit)
    db.session.commit()
    assert response.respondent_name is None and response.respondent_contact is None
    assert response.support_request_id is None
    columns = {c["name"] for c in inspect(db.engine).get_columns("survey_response")}
    assert columns == {"id", "survey_id", "anonymous", "respondent_name", "respondent_contact",
                       "support_request_id", "language", "submitted_on"}


def test_a_named_answer_keeps_what_the_respondent_gave(app):
    survey = client_survey()
    visit = pf.support_request(status=RequestStatus.CLOSED)
    response = surveys.submit(survey, answers_for(survey), anonymous=False, name="Kalle",
                              contact="040 1", language="en", today=DAY, support_request=visit)
    assert (response.respondent_name, response.respondent_contact,
            response.support_request_id) == ("Kalle", "040 1", visit.id)


def test_answers_are_checked(app):
    survey = client_survey()
    required = surveys.save_question(survey, None, {"kind": "scale", "text_fi": "Arvio",
                                                    "required": True})
    with pytest.raises(ValidationError) as error:
        surveys.submit(survey, {survey.questions[0].id: 4}, anonymous=True, language="fi",
                       today=DAY)
    assert error.value.field == f"q{required.id}"
    with pytest.raises(ValidationError) as error:
        surveys.submit(survey, {required.id: 9}, anonymous=True, language="fi", today=DAY)
    assert error.value.field == f"q{required.id}"
    yes_no = next(q for q in survey.questions if q.kind == QuestionKind.YES_NO)
    with pytest.raises(ValidationError):
        surveys.submit(survey, {required.id: 3, yes_no.id: "maybe"}, anonymous=True,
                       language="fi", today=DAY)
    with pytest.raises(ValidationError):
        surveys.submit(client_survey(title_fi="Toinen"), {}, anonymous=True, language="fi",
                       today=DAY)


def test_a_closed_survey_takes_no_answers(app):
    survey = surveys.set_accepting(client_survey(), False)
    with pytest.raises(ValidationError):
        surveys.submit(survey, answers_for(survey), anonymous=True, language="fi", today=DAY)


def test_the_clients_link_works_once_and_leaves_no_trace(app):
    visit = pf.support_request(status=RequestStatus.CLOSED, feedback_token="tok-123")
    assert surveys.visit_for_token("tok-123") is visit
    survey = surveys.current_survey(SurveyKind.SATISFACTION, SurveyAudience.CLIENT, now=utcnow())
    assert survey.questions  # a default survey was made
    response = surveys.submit_for_visit(visit, survey, answers_for(survey), anonymous=True,
                                        name=None, contact=None, language="fi", today=DAY)
    assert response.support_request_id is None
    assert visit.feedback_token is None
    assert surveys.visit_for_token("tok-123") is None


def test_an_open_visit_has_no_feedback_link(app):
    pf.support_request(feedback_token="tok-open")
    assert surveys.visit_for_token("tok-open") is None


def test_the_current_survey_is_the_newest_open_one(app):
    older = client_survey(title_fi="Vanha")
    newer = client_survey(title_fi="Uusi")
    assert surveys.current_survey(SurveyKind.SATISFACTION, SurveyAudience.CLIENT,
                                  now=utcnow()) is newer
    surveys.set_accepting(newer, False)
    assert surveys.current_survey(SurveyKind.SATISFACTION, SurveyAudience.CLIENT,
                                  now=utcnow()) is older


def test_an_invitation_is_used_once_and_only_its_hash_is_kept(app):
    survey = surveys.create_survey({"kind": "satisfaction", "audience": "volunteer",
                                    "title_fi": "Vapaaehtoiset"}, actor=None, now=utcnow())
    visit = pf.support_request(status=RequestStatus.CLOSED)
    invitation, token = surveys.invite(survey, support_request=visit, now=utcnow())
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert surveys.invitation_for(token) is invitation
    response = surveys.submit_invited(invitation, answers_for(survey), anonymous=True, name="V",
                                      contact=None, language="fi", today=DAY)
    assert response.support_request_id is None and invitation.used
    assert surveys.invitation_for(token) is None
    assert surveys.invitation_for("not-a-token") is None


def test_results_show_only_groups_of_five(app):
    survey = client_survey()
    for scale in (5, 4, 3, 4, 4):
        surveys.submit(survey, answers_for(survey, scale=scale, text=f"t{scale}"),
                       anonymous=True, language="fi", today=DAY)
    count, results = surveys.results(survey)
    assert count.shown and count.value == 5
    by_kind = {r.question.preset: r for r in results}
    overall = by_kind["client_overall"]
    assert overall.result.value.mean == 4.0
    assert overall.result.value.distribution == {1: 0, 2: 0, 3: 1, 4: 3, 5: 1}
    assert by_kind["client_needs_met"].result.value.yes == 5
    assert by_kind["improve"].result.value == ["t3", "t4", "t4", "t4", "t5"]
    assert overall.by_month["2026-03"].shown
    # A sixth answer in April: April's cell has one answer and is hidden.
    surveys.submit(survey, answers_for(survey, scale=1), anonymous=True, language="fi",
                   today=date(2026, 4, 2))
    _, results = surveys.results(survey)
    overall = next(r for r in results if r.question.preset == "client_overall")
    assert not overall.by_month["2026-04"].shown and overall.by_month["2026-04"].value is None
    _, march_only = surveys.results(survey, Period(date(2026, 4, 1), date(2026, 4, 30)))
    assert not march_only[0].result.shown


def test_a_question_with_few_answers_is_hidden_even_when_the_survey_has_many(app):
    survey = client_survey()
    extra = surveys.save_question(survey, None, {"kind": "scale", "text_fi": "Lisä"})
    for n in range(6):
        answers = answers_for(survey)
        if n > 1:
            answers.pop(extra.id)
        surveys.submit(survey, answers, anonymous=True, language="fi", today=DAY)
    count, results = surveys.results(survey)
    assert count.shown
    assert not next(r for r in results if r.question is extra).result.shown


def test_satisfaction_by_month_and_audience(app, users):
    client = client_survey()
    volunteer = surveys.create_survey({"kind": "satisfaction", "audience": "volunteer",
                                       "title_fi": "V"}, actor=users[Role.COORDINATOR],
                                      now=utcnow())
    for _ in range(5):
        surveys.submit(client, answers_for(client, scale=4), anonymous=True, language="fi",
                       today=DAY)
    surveys.submit(volunteer, answers_for(volunteer, scale=2), anonymous=True, language="fi",
                   today=DAY)
    by = surveys.satisfaction_by_month(Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert by[SurveyAudience.CLIENT]["2026-03"].value == 4
    assert not by[SurveyAudience.VOLUNTEER]["2026-03"].shown
    assert not by[SurveyAudience.PROFESSIONAL]["2026-03"].shown
    assert db.session.scalar(select(SurveyResponse.id).limit(1))
