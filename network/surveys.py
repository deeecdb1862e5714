"""Surveys: satisfaction after a support visit (client, volunteer, professional) and the
professional survey of information gathering; configurable questions; results by group.

A respondent may answer anonymously (the default): then only the date, the language and the
answers are kept. A client answers through the link in their feedback invitation; that
link's token is consumed, so the response cannot be traced back to the visit.
"""

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from statistics import mean
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from network.database import db
from network.errors import ValidationError
from network.feedback import ScoreResult
from network.models import (
    QuestionKind,
    RequestStatus,
    SupportRequest,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    User,
)
from network.reporting import Group, Period, group, month_of, protect

TEXT_LIMIT = 2000
LANGUAGES = ("fi", "sv", "en")

# Preset questions: the app translates them, so they read right in every language.
PRESETS: dict[str, tuple[QuestionKind, Any]] = {
    "client_overall": (QuestionKind.SCALE, _l("How satisfied are you with the support you got?")),
    "client_safe": (QuestionKind.SCALE, _l("Did you feel safe during the visit?")),
    "client_heard": (QuestionKind.SCALE, _l("Did you feel heard?")),
    "client_needs_met": (QuestionKind.YES_NO, _l("Did you get the support you needed?")),
    "volunteer_meaningful": (QuestionKind.SCALE, _l("How meaningful did the visit feel to you?")),
    "volunteer_supported": (QuestionKind.SCALE,
                            _l("Did you get enough support from the coordinator?")),
    "professional_cooperation": (QuestionKind.SCALE,
                                 _l("How smoothly did the cooperation with the support person "
                                    "work?")),
    "professional_quality": (QuestionKind.SCALE,
                             _l("How would you rate the quality of the visit?")),
    "improve": (QuestionKind.TEXT, _l("What should we do better?")),
    "info_reasons": (QuestionKind.TEXT, _l("Why do your clients need help with their errands and "
                                           "services, especially in exceptional situations?")),
    "info_partners": (QuestionKind.TEXT, _l("Which actors do you work with, and how does the "
                                            "cooperation work?")),
    "info_reach": (QuestionKind.TEXT, _l("What help is hardest for your clients to reach in "
                                         "exceptional situations?")),
    "info_digital": (QuestionKind.SCALE,
                     _l("How well do your clients manage electronic services?")),
    "info_ideas": (QuestionKind.TEXT, _l("What should the service points offer?")),
}
DEFAULT_PRESETS = {
    (SurveyKind.SATISFACTION, SurveyAudience.CLIENT): (
        "client_overall", "client_safe", "client_heard", "client_needs_met", "improve"),
    (SurveyKind.SATISFACTION, SurveyAudience.VOLUNTEER): (
        "volunteer_meaningful", "volunteer_supported", "improve"),
    (SurveyKind.SATISFACTION, SurveyAudience.PROFESSIONAL): (
        "professional_cooperation", "professional_quality", "improve"),
    (SurveyKind.PROFESSIONAL, SurveyAudience.PROFESSIONAL): (
        "info_reasons", "info_partners", "info_reach", "info_digital", "info_ideas"),
}
DEFAULT_TITLES = {
    (SurveyKind.SATISFACTION, SurveyAudience.CLIENT): "Asiakaspalaute asiointituesta",
    (SurveyKind.SATISFACTION, SurveyAudience.VOLUNTEER): "Vapaaehtoisten palaute asioinneista",
    (SurveyKind.SATISFACTION, SurveyAudience.PROFESSIONAL): "Ammattilaisten palaute yhteistyöstä",
    (SurveyKind.PROFESSIONAL, SurveyAudience.PROFESSIONAL): "Ammattilaiskysely",
}


def question_text(question: SurveyQuestion, locale: str) -> str:
    """A question's text in a language: the preset's translation, or the organiser's text."""
    if question.preset in PRESETS:
        return str(PRESETS[question.preset][1])
    return getattr(question, f"text_{locale}", None) or question.text_fi or ""


def _clean(value: Any, limit: int, field: str, required: bool = False) -> str | None:
    text = value.strip() if isinstance(value, str) else None
    if not text:
        if required:
            raise ValidationError(_l("This field is required."), field)
        return None
    if len(text) > limit:
        raise ValidationError(_l("Write at most %(n)d characters.", n=limit), field)
    return text


def _audience(kind: SurveyKind | str, audience: SurveyAudience | str | None) -> tuple:
    try:
        kind = SurveyKind(kind)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "kind") from None
    if kind == SurveyKind.PROFESSIONAL:
        return kind, SurveyAudience.PROFESSIONAL
    try:
        return kind, SurveyAudience(audience)
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "audience") from None


def _texts(survey: Survey, values: Mapping[str, Any]) -> None:
    survey.title_fi = _clean(values.get("title_fi"), 200, "title_fi", required=True)
    for lang in ("sv", "en"):
        setattr(survey, f"title_{lang}", _clean(values.get(f"title_{lang}"), 200, f"title_{lang}"))
    for lang in LANGUAGES:
        setattr(survey, f"intro_{lang}", _clean(values.get(f"intro_{lang}"), 4000, f"intro_{lang}"))


def create_survey(values: Mapping[str, Any], *, actor: User | None, now: datetime,
                  with_presets: bool = True) -> Survey:
    """A new survey, open for answers, with the default questions of its kind and audience."""
    kind, audience = _audience(values.get("kind"), values.get("audience"))
    survey = Survey(kind=kind, audience=audience, slug=secrets.token_urlsafe(16),
                    accepting=True, created_at=now,
                    created_by_id=actor.id if actor is not None else None)
    _texts(survey, values)
    if with_presets:
        for position, key in enumerate(DEFAULT_PRESETS[(kind, audience)], start=1):
            survey.questions.append(SurveyQuestion(position=position, kind=PRESETS[key][0],
                                                   preset=key, required=False))
    db.session.add(survey)
    db.session.flush()
    return survey


def update_survey(survey: Survey, values: Mapping[str, Any]) -> Survey:
    """Change a survey's title and introduction."""
    _texts(survey, values)
    db.session.flush()
    return survey


def set_accepting(survey: Survey, accepting: bool) -> Survey:
    """Open or close a survey for answers."""
    survey.accepting = bool(accepting)
    db.session.flush()
    return survey


def retire(survey: Survey, *, now: datetime) -> Survey:
    """Take a survey out of use; its results stay."""
    survey.accepting, survey.retired_at = False, survey.retired_at or now
    db.session.flush()
    return survey


def answer_count(question: SurveyQuestion) -> int:
    """How many answers a question has."""
    return db.session.scalar(select(func.count()).select_from(SurveyAnswer)
                             .where(SurveyAnswer.question_id == question.id)) or 0


def save_question(survey: Survey, question: SurveyQuestion | None,
                  values: Mapping[str, Any]) -> SurveyQuestion:
    """Add a question of the organiser's own, or change one (its kind only while unanswered)."""
    try:
        kind = QuestionKind(values.get("kind"))
    except ValueError:
        raise ValidationError(_l("Choose one of the options."), "kind") from None
    if question is None:
        position = max((q.position for q in survey.questions), default=0) + 1
        question = SurveyQuestion(position=position, kind=kind)
        survey.questions.append(question)
    elif question.kind != kind and answer_count(question):
        raise ValidationError(_l("This question has answers: its kind cannot change."), "kind")
    question.kind = kind
    keep_preset = question.preset and not any(values.get(f"text_{lang}") for lang in LANGUAGES)
    if not keep_preset:
        question.preset = None
        question.text_fi = _clean(values.get("text_fi"), 500, "text_fi", required=True)
        for lang in ("sv", "en"):
            setattr(question, f"text_{lang}", _clean(values.get(f"text_{lang}"), 500,
                                                     f"text_{lang}"))
    question.required = bool(values.get("required"))
    db.session.flush()
    return question


def remove_question(question: SurveyQuestion) -> None:
    """Remove a question that has no answers yet."""
    if answer_count(question):
        raise ValidationError(_l("This question has answers and cannot be removed; close the "
                                 "survey and make a new one instead."), None)
    survey = question.survey
    survey.questions.remove(question)
    db.session.flush()


def _answer(question: SurveyQuestion, raw: Any) -> SurveyAnswer | None:
    field = f"q{question.id}"
    if raw in (None, "", []):
        if question.required:
            raise ValidationError(_l("Answer this question."), field)
        return None
    if question.kind == QuestionKind.SCALE:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise ValidationError(_l("Choose a number from 1 to 5."), field)
        return SurveyAnswer(question_id=question.id, scale=value)
    if question.kind == QuestionKind.YES_NO:
        if raw in (True, "yes"):
            return SurveyAnswer(question_id=question.id, yes=True)
        if raw in (False, "no"):
            return SurveyAnswer(question_id=question.id, yes=False)
        raise ValidationError(_l("Choose yes or no."), field)
    return SurveyAnswer(question_id=question.id, text=_clean(raw, TEXT_LIMIT, field))


def submit(survey: Survey, answers: Mapping[int, Any], *, anonymous: bool,
           name: str | None = None, contact: str | None = None, language: str,
           today: date, support_request: SupportRequest | None = None) -> SurveyResponse:
    """Store one response; an anonymous one drops the name, the contact and the visit."""
    if not survey.accepting or survey.retired_at is not None:
        raise ValidationError(_l("This survey is closed."), None)
    made = [a for a in (_answer(q, answers.get(q.id)) for q in survey.questions) if a]
    if not made:
        raise ValidationError(_l("Answer at least one question."), None)
    response = SurveyResponse(survey_id=survey.id, anonymous=bool(anonymous),
                              language=language if language in LANGUAGES else "fi",
                              submitted_on=today, answers=made)
    if not anonymous:
        response.respondent_name = _clean(name, 200, "name")
        response.respondent_contact = _clean(contact, 254, "contact")
        response.support_request_id = support_request.id if support_request else None
    db.session.add(response)
    db.session.flush()
    return response


# --- Links: the client's feedback token, and one-time invitations -------------------------

def visit_for_token(token: str) -> SupportRequest | None:
    """The closed visit whose feedback link this is, while the link is unused."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(SupportRequest).where(
        SupportRequest.feedback_token == token, SupportRequest.status == RequestStatus.CLOSED))


def current_survey(kind: SurveyKind, audience: SurveyAudience, *, now: datetime) -> Survey:
    """The newest open survey of a kind and audience; a default one is made if there is none."""
    survey = db.session.scalar(
        select(Survey).where(Survey.kind == kind, Survey.audience == audience,
                             Survey.accepting.is_(True), Survey.retired_at.is_(None))
        .order_by(Survey.created_at.desc(), Survey.id.desc()).limit(1))
    if survey is None:
        survey = create_survey({"kind": kind, "audience": audience,
                                "title_fi": DEFAULT_TITLES[(kind, audience)]},
                               actor=None, now=now)
    return survey


def submit_for_visit(request: SupportRequest, survey: Survey, answers: Mapping[int, Any], *,
                     anonymous: bool, name: str | None, contact: str | None, language: str,
                     today: date) -> SurveyResponse:
    """The client's answer through their link; the link's token is used up."""
    response = submit(survey, answers, anonymous=anonymous, name=name, contact=contact,
                      language=language, today=today, support_request=request)
    request.feedback_token = None
    db.session.flush()
    return response


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(survey: Survey, *, support_request: SupportRequest | None,
           now: datetime) -> tuple[SurveyInvitation, str]:
    """A one-time link to a survey (e.g. for the visit's volunteer or professional)."""
    if survey.retired_at is not None or not survey.accepting:
        raise ValidationError(_l("This survey is closed."), None)
    token = secrets.token_urlsafe(24)
    invitation = SurveyInvitation(survey_id=survey.id, token_hash=_hash(token), created_at=now,
                                  support_request_id=support_request.id if support_request
                                  else None)
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def invitation_for(token: str) -> SurveyInvitation | None:
    """The unused invitation a token opens, if any."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(SurveyInvitation).where(
        SurveyInvitation.token_hash == _hash(token), SurveyInvitation.used.is_(False)))


def submit_invited(invitation: SurveyInvitation, answers: Mapping[int, Any], *, anonymous: bool,
                   name: str | None, contact: str | None, language: str,
                   today: date) -> SurveyResponse:
    """An answer through a one-time invitation, which is then used up."""
    visit = (db.session.get(SupportRequest, invitation.support_request_id)
             if invitation.support_request_id else None)
    response = submit(invitation.survey, answers, anonymous=anonymous, name=name,
                      contact=contact, language=language, today=today, support_request=visit)
    invitation.used = True
    db.session.flush()
    return response


# --- Results --------------------------------------------------------------------------------

@dataclass(frozen=True)
class YesNoResult:
    """How many said yes and no, in a group large enough to show."""

    yes: int
    no: int

    @property
    def yes_share(self) -> float:
        """The share of yes answers, 0 to 1."""
        return self.yes / (self.yes + self.no)


@dataclass(frozen=True)
class QuestionResult:
    """A question's answers in a period, hidden under the minimum group size."""

    question: SurveyQuestion
    result: Group
    by_month: dict[str, Group]


def _result(question: SurveyQuestion, answers: list[SurveyAnswer]) -> Group:
    if question.kind == QuestionKind.SCALE:
        values = [a.scale for a in answers if a.scale is not None]
        return group(len(values), lambda: ScoreResult(
            round(mean(values), 2), {n: values.count(n) for n in range(1, 6)}))
    if question.kind == QuestionKind.YES_NO:
        values = [a.yes for a in answers if a.yes is not None]
        return group(len(values), lambda: YesNoResult(values.count(True), values.count(False)))
    texts = [a.text for a in answers if a.text]
    return group(len(texts), lambda: sorted(texts, key=str.casefold))


def responses_in(survey: Survey, period: Period | None) -> list[SurveyResponse]:
    """A survey's responses (in a period, if given)."""
    query = select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)
    if period is not None:
        query = query.where(SurveyResponse.submitted_on >= period.start,
                            SurveyResponse.submitted_on <= period.end)
    return list(db.session.scalars(query.order_by(SurveyResponse.id)))


def results(survey: Survey, period: Period | None = None) -> tuple[Group, list[QuestionResult]]:
    """The response count and each question's result, every group under the minimum hidden."""
    responses = responses_in(survey, period)
    month = {r.id: month_of(r.submitted_on) for r in responses}
    by_question: dict[int, list[SurveyAnswer]] = defaultdict(list)
    for response in responses:
        for answer in response.answers:
            by_question[answer.question_id].append(answer)
    out = []
    for question in survey.questions:
        answers = by_question.get(question.id, [])
        months: dict[str, list[SurveyAnswer]] = defaultdict(list)
        for answer in answers:
            months[month[answer.response_id]].append(answer)
        by_month = (protect({m: _result(question, months[m]) for m in sorted(months)})
                    if question.kind != QuestionKind.TEXT else {})
        out.append(QuestionResult(question, _result(question, answers), by_month))
    return group(len(responses), lambda: len(responses)), out


def satisfaction_by_month(period: Period) -> dict[SurveyAudience, dict[str, Group]]:
    """Mean of the scale answers of satisfaction surveys per audience and month.

    A group is the responses of a month that gave at least one scale answer.
    """
    rows = db.session.execute(
        select(Survey.audience, SurveyResponse.id, SurveyResponse.submitted_on,
               SurveyAnswer.scale)
        .join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .where(Survey.kind == SurveyKind.SATISFACTION, SurveyAnswer.scale.is_not(None),
               SurveyResponse.submitted_on >= period.start,
               SurveyResponse.submitted_on <= period.end))
    cells: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for audience, response_id, day, scale in rows:
        cells[(SurveyAudience(audience), month_of(day))][response_id].append(scale)
    out: dict[SurveyAudience, dict[str, Group]] = {}
    for audience in SurveyAudience:
        out[audience] = {}
        for m in period.months():
            by_response = cells.get((audience, m), {})
            values = [v for vs in by_response.values() for v in vs]
            out[audience][m] = group(len(by_response), lambda values=values: round(
                mean(values), 2))
        out[audience] = protect(out[audience])
    return out
