"""Translated names of the participation terms, for templates and select fields."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from wtforms.fields import SelectChoice

from network.models import (
    Compensation,
    PanelRole,
    QuestionKind,
    SurveyAudience,
    SurveyKind,
    TopicSource,
)
from network.reporting import MIN_GROUP_SIZE

LABELS = {
    SurveyKind.SATISFACTION: _l("Satisfaction survey after a support visit"),
    SurveyKind.PROFESSIONAL: _l("Professional survey (information gathering)"),
    SurveyAudience.CLIENT: _l("Clients"),
    SurveyAudience.VOLUNTEER: _l("Volunteers"),
    SurveyAudience.PROFESSIONAL: _l("Professionals"),
    QuestionKind.SCALE: _l("Scale from 1 to 5"),
    QuestionKind.YES_NO: _l("Yes or no"),
    QuestionKind.TEXT: _l("Free text"),
    PanelRole.CHAIR: _l("Chair"),
    PanelRole.SECRETARY: _l("Secretary"),
    PanelRole.MEMBER: _l("Member"),
    TopicSource.MEMBER: _l("From a panel member"),
    TopicSource.ORGANISATION: _l("From the organisation"),
    Compensation.EMPLOYED: _l("Employed"),
    Compensation.FEE: _l("Paid a fee"),
    Compensation.VOLUNTEER: _l("Volunteer"),
}
SCALE_WORDS = {1: _l("very poor"), 2: _l("poor"), 3: _l("fair"), 4: _l("good"),
               5: _l("very good")}


def participation_label(value) -> str:
    """The translated label of a participation term (the raw value when it has none)."""
    return str(LABELS.get(value, value))


def participation_choices(enum_cls) -> list[SelectChoice]:
    """Select options for an enum with translated labels."""
    return [SelectChoice(m.value, LABELS.get(m, m.value)) for m in enum_cls]


def register(app: Flask) -> None:
    """Make the labels available in every template."""
    app.jinja_env.globals.update(participation_label=participation_label,
                                 scale_words=SCALE_WORDS, min_group=MIN_GROUP_SIZE)
