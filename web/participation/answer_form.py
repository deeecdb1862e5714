"""The answer form of a survey, built from its questions (field `q<id>` per question)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from network.models import QuestionKind, Survey
from network.surveys import TEXT_LIMIT, question_text
from web.participation.labels import SCALE_WORDS
from web.staff.fields import strip_or_none


class AnswerBase(FlaskForm):
    """What every survey asks besides its questions: anonymity and, if not, who answers."""

    anonymous = BooleanField(_l("Answer anonymously"), default=True,
                             description=_l("Nothing that identifies you is stored with an "
                                            "anonymous answer."))
    name = StringField(_l("Your name (only if not anonymous)"), filters=[strip_or_none],
                       validators=[Optional(), Length(max=200)])
    contact = StringField(_l("Your email or phone, if you want us to contact you"),
                          filters=[strip_or_none], validators=[Optional(), Length(max=254)])


def _optional_int(value):
    return int(value) if value not in (None, "") else None


def answer_form(survey: Survey, locale: str) -> AnswerBase:
    """A form with one field per question, labelled in the locale."""

    class AnswerForm(AnswerBase):
        pass

    for question in survey.questions:
        label = question_text(question, locale)
        needed = [InputRequired(message=_l("Answer this question."))] if question.required \
            else [Optional()]
        if question.kind == QuestionKind.SCALE:
            field = RadioField(label, coerce=_optional_int, validators=needed, choices=[
                SelectChoice(n, f"{n} – {SCALE_WORDS[n]}") for n in range(1, 6)])
        elif question.kind == QuestionKind.YES_NO:
            field = RadioField(label, validators=needed, choices=[
                SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))])
        else:
            field = TextAreaField(label, filters=[strip_or_none],
                                  validators=needed + [Length(max=TEXT_LIMIT)])
        setattr(AnswerForm, f"q{question.id}", field)
    return AnswerForm()


def answers_of(form: AnswerBase, survey: Survey) -> dict[int, object]:
    """The answers by question id, as the domain operation takes them."""
    return {q.id: form[f"q{q.id}"].data for q in survey.questions}
