"""Forms of the volunteer bank, training, meetups, checklists and support requests."""

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from network.models import CourseKind, MeetupSeason, ServiceSetting, VolunteerStatus
from network.points import LANGUAGE_CODES, MAIN_LANGUAGES
from web.people.labels import people_choices
from web.staff.fields import MultiCheckboxField, strip_or_none
from web.staff.point_forms import (
    BLANK,
    LANGUAGE_NAMES,
    WEEKDAYS,
    LanguageInputs,
    known_languages,
    optional_int,
)

TEXT = [strip_or_none]
DURATIONS = (10, 15, 20, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 480)
LONG = 4000


def duration_choices() -> list[SelectChoice]:
    """Expected durations from 10 minutes to a few hours."""
    out = [BLANK]
    for minutes in DURATIONS:
        if minutes < 60:
            text = _l("%(n)d minutes", n=minutes)
        elif minutes % 60:
            text = _l("%(h)d h %(m)d min", h=minutes // 60, m=minutes % 60)
        else:
            text = _l("%(h)d hours", h=minutes // 60) if minutes > 60 else _l("1 hour")
        out.append(SelectChoice(str(minutes), text))
    return out


def all_languages() -> list[SelectChoice]:
    """Every two-letter language, Finnish, Swedish and English first, named in the page's
    language."""
    names = Locale.parse(str(get_locale())).languages
    rest = sorted((c for c in LANGUAGE_CODES if c not in MAIN_LANGUAGES),
                  key=lambda c: (names.get(c) or c).casefold())
    return [BLANK] + [SelectChoice(c, f"{names.get(c) or c} ({c})")
                      for c in (*MAIN_LANGUAGES, *rest)]


def optional_minutes(value):
    """A duration from a select, or None for the blank option."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # refused by the domain with a message next to the field


class OwnProfileForm(LanguageInputs, FlaskForm):
    """What a volunteer keeps up to date on their own profile."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    phone = TelField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    language = SelectField(_l("Language for messages"), choices=[
        SelectChoice(c, LANGUAGE_NAMES[c]) for c in MAIN_LANGUAGES])
    home_place = StringField(
        _l("Home area"), filters=TEXT, validators=[Optional(), Length(max=200)],
        description=_l("A district and town, e.g. Tuira, Oulu: used to suggest nearby visits."))
    languages = MultiCheckboxField(_l("Languages spoken"), choices=[
        SelectChoice(c, LANGUAGE_NAMES[c]) for c in MAIN_LANGUAGES])
    other_languages = StringField(
        _l("Other languages"), filters=TEXT,
        description=_l("Two-letter ISO 639-1 codes separated by commas, e.g. ru, ar, so."),
        validators=[Optional(), Length(max=200), known_languages])
    experience = MultiCheckboxField(_l("Experience of service settings"),
                                    choices=people_choices(ServiceSetting))
    strengths = TextAreaField(_l("Strengths"), filters=TEXT,
                              validators=[Optional(), Length(max=2000)])
    interests = TextAreaField(_l("Interests"), filters=TEXT,
                              validators=[Optional(), Length(max=2000)])
    challenges = TextAreaField(_l("Challenges"), filters=TEXT,
                               validators=[Optional(), Length(max=2000)], description=_l(
                                   "Situations the volunteer would rather not take on."))

    def values(self) -> dict:
        """The profile's fields for network.volunteers, the two language inputs joined."""
        values = {f.name: f.data for f in self if f.name not in (
            "csrf_token", "languages", "other_languages")}
        values["languages"] = self.language_codes()
        values["experience"] = list(self.experience.data or ())
        return values


class VolunteerForm(OwnProfileForm):
    """The whole profile, as the coordinator keeps it."""

    status = SelectField(_l("Status"), choices=people_choices(VolunteerStatus),
                         validators=[DataRequired()])
    joined_on = DateField(_l("In the bank since"), validators=[InputRequired()])
    user_id = SelectField(_l("Login account"), coerce=optional_int, description=_l(
        "Link a volunteer account so the volunteer can keep their profile and see their "
        "assignments."))


class SlotForm(FlaskForm):
    """A weekly period of free time."""

    weekday = SelectField(_l("Weekday"), coerce=int,
                          choices=[SelectChoice(i, name) for i, name in enumerate(WEEKDAYS)])
    starts = TimeField(_l("From"), validators=[InputRequired()])
    ends = TimeField(_l("Until"), validators=[InputRequired()])


class DatedForm(FlaskForm):
    """A dated change to the weekly pattern."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    available = SelectField(_l("Change"), choices=[
        SelectChoice("away", _l("Away (all day, or the hours below)")),
        SelectChoice("free", _l("Free at extra hours (give them below)"))])
    starts = TimeField(_l("From"), validators=[Optional()])
    ends = TimeField(_l("Until"), validators=[Optional()])
    note = StringField(_l("Note"), filters=TEXT, validators=[Optional(), Length(max=200)])


class InterviewForm(FlaskForm):
    """The coordinator's recruitment interview form."""

    interviewed_on = DateField(_l("Interview date"), validators=[InputRequired()])
    work_history = TextAreaField(_l("Work history"), filters=TEXT,
                                 validators=[Optional(), Length(max=LONG)])
    life_situation = TextAreaField(_l("Current life situation"), filters=TEXT,
                                   validators=[Optional(), Length(max=LONG)])
    earlier_volunteering = TextAreaField(_l("Earlier volunteering"), filters=TEXT,
                                         validators=[Optional(), Length(max=LONG)])
    motivation = TextAreaField(_l("Motivation and wishes"), filters=TEXT,
                               validators=[Optional(), Length(max=LONG)])
    notes = TextAreaField(_l("Coordinator's notes"), filters=TEXT,
                          validators=[Optional(), Length(max=LONG)])


class ThanksForm(FlaskForm):
    """Thanks given to a volunteer."""

    given_on = DateField(_l("Date"), validators=[InputRequired()])
    note = StringField(_l("What for, and how"), filters=TEXT,
                       validators=[DataRequired(), Length(max=500)])


class LeaveForm(FlaskForm):
    """The last day of a volunteer in the bank."""

    left_on = DateField(_l("Last day"), validators=[InputRequired()])


class DebriefingForm(FlaskForm):
    """A volunteer's request to talk a visit through."""

    support_request_id = SelectField(_l("About the visit"), coerce=optional_int)
    message = TextAreaField(_l("What would you like to talk about?"), filters=TEXT,
                            validators=[Optional(), Length(max=2000)])


class HandledForm(FlaskForm):
    """Mark a request to the coordinator dealt with."""

    handled_note = StringField(_l("Note"), filters=TEXT, validators=[Optional(), Length(max=500)])


class CourseForm(FlaskForm):
    """A new course; a support person course gets the default four sessions of 3.5 hours."""

    title = StringField(_l("Title"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=people_choices(CourseKind), validators=[DataRequired()])
    first_day = DateField(_l("Date of the first session"), validators=[InputRequired()])
    start_time = TimeField(_l("Starting time"), validators=[InputRequired()])
    interval_days = IntegerField(_l("Days between sessions"), default=7,
                                 validators=[InputRequired(), NumberRange(min=1, max=60)])
    place = StringField(_l("Place"), filters=TEXT, validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=2000)])


class SessionForm(FlaskForm):
    """A session's title, time and length."""

    title = StringField(_l("Title"), filters=TEXT, validators=[Optional(), Length(max=200)],
                        description=_l("Leave empty to use the default programme's title."))
    day = DateField(_l("Date"), validators=[InputRequired()])
    start_time = TimeField(_l("Starting time"), validators=[InputRequired()])
    duration_minutes = IntegerField(_l("Length in minutes"), default=210,
                                    validators=[InputRequired(), NumberRange(min=15, max=720)])


class ParticipantForm(FlaskForm):
    """Add a volunteer to a course."""

    volunteer_id = SelectField(_l("Volunteer"), coerce=optional_int,
                               validators=[InputRequired()])


class CompleteForm(FlaskForm):
    """The day a participant completed a course."""

    completed_on = DateField(_l("Completed on"), validators=[InputRequired()])


class MeetupForm(FlaskForm):
    """A get-together of volunteers."""

    season = SelectField(_l("Kind"), choices=people_choices(MeetupSeason),
                         validators=[DataRequired()])
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    title = StringField(_l("Title"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    place = StringField(_l("Place"), filters=TEXT, validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), filters=TEXT, validators=[Optional(), Length(max=LONG)])


class AttendanceForm(FlaskForm):
    """Who came to a meetup."""

    volunteer_ids = MultiCheckboxField(_l("Attended"), coerce=int)


class ChecklistForm(FlaskForm):
    """The volunteer checklist: general, or for one scenario."""

    scenario_id = SelectField(_l("Scenario"), coerce=optional_int, description=_l(
        "Leave empty for the general checklist."))
    title = StringField(_l("Title"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    remember = TextAreaField(_l("What to remember"), filters=TEXT,
                             validators=[Optional(), Length(max=LONG)])
    insurance = TextAreaField(_l("Insurance"), filters=TEXT,
                              validators=[Optional(), Length(max=LONG)])
    expenses = TextAreaField(_l("Expenses"), filters=TEXT,
                             validators=[Optional(), Length(max=LONG)])
