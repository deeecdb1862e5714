"""Forms of the participation pages (the survey answer form is built per survey in
web.participation.answer_form)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from network.models import (
    Compensation,
    PanelRole,
    QuestionKind,
    SurveyAudience,
    SurveyKind,
    TopicSource,
)
from web.participation.labels import SCALE_WORDS, participation_choices
from web.staff.fields import strip_or_none

TEXT = [strip_or_none]


def optional_id(value):
    """A select's record id; the empty first option (0 or '') means none."""
    if value in (None, "", "0", 0, "None"):
        return None
    return int(value)


def none_choice(choices: list, text=None) -> list:
    """Put an empty 'none' option before the records."""
    return [SelectChoice("", text or _l("(none)"))] + list(choices)


class FeedbackForm(FlaskForm):
    """Anonymous feedback: a score, a comment, or both."""

    score = RadioField(_l("How did we do?"), coerce=optional_id, validators=[Optional()],
                       choices=[SelectChoice(n, f"{n} – {SCALE_WORDS[n]}") for n in range(1, 6)])
    comment = TextAreaField(
        _l("Your feedback"), filters=TEXT, validators=[Optional(), Length(max=2000)],
        description=_l("Please do not write your name or other personal details."))


class SurveyForm(FlaskForm):
    """A new survey: its kind, audience and texts."""

    kind = SelectField(_l("Kind"), choices=participation_choices(SurveyKind),
                       validators=[DataRequired()])
    audience = SelectField(_l("Who answers"), choices=participation_choices(SurveyAudience),
                           validators=[DataRequired()],
                           description=_l("A professional survey is always for professionals."))
    title_fi = StringField(_l("Title in Finnish"), filters=TEXT,
                           validators=[DataRequired(), Length(max=200)])
    title_sv = StringField(_l("Title in Swedish"), filters=TEXT,
                           validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), filters=TEXT,
                           validators=[Optional(), Length(max=200)])
    intro_fi = TextAreaField(_l("Introduction in Finnish"), filters=TEXT,
                             validators=[Optional(), Length(max=4000)])
    intro_sv = TextAreaField(_l("Introduction in Swedish"), filters=TEXT,
                             validators=[Optional(), Length(max=4000)])
    intro_en = TextAreaField(_l("Introduction in English"), filters=TEXT,
                             validators=[Optional(), Length(max=4000)])


class SurveyTextsForm(SurveyForm):
    """A survey's texts (its kind and audience stay)."""

    kind = None
    audience = None


class QuestionForm(FlaskForm):
    """A question of the organiser's own, in up to three languages."""

    kind = SelectField(_l("Answered with"), choices=participation_choices(QuestionKind),
                       validators=[DataRequired()])
    text_fi = StringField(_l("Question in Finnish"), filters=TEXT,
                          validators=[Optional(), Length(max=500)],
                          description=_l("Leave the texts empty to keep a preset question's "
                                         "translated text."))
    text_sv = StringField(_l("Question in Swedish"), filters=TEXT,
                          validators=[Optional(), Length(max=500)])
    text_en = StringField(_l("Question in English"), filters=TEXT,
                          validators=[Optional(), Length(max=500)])
    required = BooleanField(_l("An answer is required"))


class InviteForm(FlaskForm):
    """A one-time link about one closed visit."""

    request_id = SelectField(_l("Support visit"), coerce=optional_id, validators=[Optional()])


class EventForm(FlaskForm):
    """A resident discussion event."""

    held_on = DateField(_l("Date"), validators=[InputRequired()])
    place = StringField(_l("Place"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    organiser = StringField(_l("Organiser"), filters=TEXT,
                            validators=[DataRequired(), Length(max=200)],
                            description=_l("Who invited the people, e.g. the area's deacon."))
    organisation_id = SelectField(_l("Organisation"), coerce=optional_id,
                                  validators=[Optional()])
    area_id = SelectField(_l("Area"), coerce=optional_id, validators=[Optional()])
    target_group = StringField(_l("Target group"), filters=TEXT,
                               validators=[Optional(), Length(max=200)])
    attendees = IntegerField(_l("Number of attendees"),
                             validators=[InputRequired(), NumberRange(min=0, max=100000)])
    findings = TextAreaField(_l("Findings"), filters=TEXT,
                             validators=[Optional(), Length(max=20000)])


class PanelForm(FlaskForm):
    """A client panel and the organisation responsible for it."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Responsible organisation"), coerce=optional_id,
                                  validators=[Optional()])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=4000)])


class MemberForm(FlaskForm):
    """A panel member."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    service = StringField(_l("Service the member comes from"), filters=TEXT,
                          validators=[DataRequired(), Length(max=200)],
                          description=_l("Members from different services bring different "
                                         "views."))
    role = SelectField(_l("Role in the panel"), choices=participation_choices(PanelRole),
                       validators=[DataRequired()],
                       description=_l("Choosing a new chair or secretary hands the role over "
                                      "from the current one."))
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    joined_on = DateField(_l("Member since"), validators=[InputRequired()])


class LeaveForm(FlaskForm):
    """A member's last day in the panel."""

    left_on = DateField(_l("Last day"), validators=[InputRequired()])


class MeetingForm(FlaskForm):
    """A panel meeting."""

    held_on = DateField(_l("Date"), validators=[InputRequired()])
    place = StringField(_l("Place"), filters=TEXT, validators=[Optional(), Length(max=200)])


class TopicForm(FlaskForm):
    """A topic for the agenda and who brought it."""

    topic = StringField(_l("Topic"), filters=TEXT, validators=[DataRequired(), Length(max=300)])
    source = SelectField(_l("Where the topic comes from"),
                         choices=participation_choices(TopicSource), validators=[DataRequired()])
    member_id = SelectField(_l("Member who brought it"), coerce=optional_id,
                            validators=[Optional()])
    proposed_by = StringField(_l("Who in the organisation brought it"), filters=TEXT,
                              validators=[Optional(), Length(max=200)])


class MinutesForm(FlaskForm):
    """The minutes of a meeting."""

    minutes = TextAreaField(_l("Minutes"), filters=TEXT,
                            validators=[DataRequired(), Length(max=20000)])


class ExpertForm(FlaskForm):
    """An experience expert."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    expertise = StringField(_l("Area of lived experience"), filters=TEXT,
                            validators=[DataRequired(), Length(max=300)])
    compensation = SelectField(_l("Works"), choices=participation_choices(Compensation),
                               validators=[DataRequired()])
    organisation_id = SelectField(_l("Organisation"), coerce=optional_id,
                                  validators=[Optional()])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    notes = TextAreaField(_l("Notes"), filters=TEXT, validators=[Optional(), Length(max=4000)])


class TaskForm(FlaskForm):
    """A task of an experience expert."""

    title = StringField(_l("Task"), filters=TEXT, validators=[DataRequired(), Length(max=200)],
                        description=_l("E.g. working group, lecture, client work, training."))
    starts_on = DateField(_l("From"), validators=[InputRequired()])
    ends_on = DateField(_l("Until"), validators=[Optional()])
    notes = StringField(_l("Notes"), filters=TEXT, validators=[Optional(), Length(max=500)])


class ModelTextForm(FlaskForm):
    """A steering group text of the model document in three languages."""

    body_fi = TextAreaField(_l("In Finnish"), filters=TEXT,
                            validators=[Optional(), Length(max=20000)])
    body_sv = TextAreaField(_l("In Swedish"), filters=TEXT,
                            validators=[Optional(), Length(max=20000)])
    body_en = TextAreaField(_l("In English"), filters=TEXT,
                            validators=[Optional(), Length(max=20000)])


__all__ = [name for name in dir() if name.endswith("Form")] + ["none_choice", "optional_id"]


class PeriodForm(FlaskForm):
    """The period a results page shows (a GET form: nothing is changed, so no CSRF token)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until"), validators=[Optional()])
