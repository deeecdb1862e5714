"""Forms of support requests: intake (staff and public), assignment, cancelling, the report.

The who/what/where/when fields are optional at the form level: network.support_requests
checks that all four are there and says what is missing, next to each field.
"""

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
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from network.models import IntakeChannel, ServiceSetting
from web.people.forms import all_languages, duration_choices, optional_minutes
from web.people.labels import people_choices
from web.staff.fields import strip_or_none
from web.staff.point_forms import BLANK, optional_int

TEXT = [strip_or_none]
FIELDS = ("client_name", "client_phone", "client_email", "client_language", "client_needs",
          "appointment_type", "sector", "place", "day", "time", "duration_minutes")


class RequestFieldsForm(FlaskForm):
    """Who, what, where and when."""

    client_name = StringField(_l("Client's name"), filters=TEXT,
                              validators=[Optional(), Length(max=200)])
    client_phone = TelField(_l("Client's phone"), filters=TEXT,
                            validators=[Optional(), Length(max=40)])
    client_email = EmailField(_l("Client's email"), filters=TEXT,
                              validators=[Optional(), Email(), Length(max=254)])
    client_language = SelectField(_l("Client's language"), validators=[Optional()])
    client_needs = TextAreaField(_l("What support does the client need?"), filters=TEXT,
                                 validators=[Optional(), Length(max=2000)], description=_l(
                                     "E.g. help to understand and to ask questions, moving with "
                                     "a wheelchair, nervousness."))
    appointment_type = StringField(_l("Appointment"), filters=TEXT,
                                   validators=[Optional(), Length(max=200)],
                                   description=_l("E.g. meeting with a social worker."))
    sector = SelectField(_l("Sector"), choices=[BLANK, *people_choices(ServiceSetting)],
                         validators=[Optional()])
    place = StringField(_l("Place"), filters=TEXT, validators=[Optional(), Length(max=300)],
                        description=_l("Address and town, e.g. Torikatu 10, Oulu."))
    day = DateField(_l("Date"), validators=[Optional()])
    time = TimeField(_l("Time"), validators=[Optional()])
    duration_minutes = SelectField(_l("Expected duration"), coerce=optional_minutes,
                                   choices=duration_choices(), validators=[Optional()])

    def prepare(self) -> "RequestFieldsForm":
        """Fill the language choices in the page's language."""
        self.client_language.choices = all_languages()
        return self

    def values(self) -> dict:
        """The request's fields for network.support_requests."""
        return {name: self[name].data for name in FIELDS} | {
            "sector": self.sector.data or None, "client_language": self.client_language.data}


class StaffRequestForm(RequestFieldsForm):
    """Intake by a coordinator, also for a partner organisation."""

    channel = SelectField(_l("Received from"), choices=people_choices(
        IntakeChannel, exclude=(IntakeChannel.PUBLIC_FORM,)), validators=[DataRequired()])
    partner_organisation_id = SelectField(_l("Partner organisation"), coerce=optional_int)
    requester = StringField(_l("Asked by"), filters=TEXT, validators=[Optional(), Length(max=300)],
                            description=_l("Who made the request and how to reach them, if not "
                                           "the client."))

    def values(self) -> dict:
        return super().values() | {"requester": self.requester.data,
                                   "partner_organisation_id": self.partner_organisation_id.data}


class PublicRequestForm(RequestFieldsForm):
    """The public form: a resident asks for a support person, for themselves or someone else."""

    requester = StringField(_l("Your name and phone, if you ask for someone else"), filters=TEXT,
                            validators=[Optional(), Length(max=300)])
    consent = BooleanField(_l("I agree that my details are stored to arrange the support. They "
                              "are erased after the visit."),
                           validators=[DataRequired(message=_l("Tick the box to send."))])

    def values(self) -> dict:
        return super().values() | {"requester": self.requester.data}


class AssignForm(FlaskForm):
    """The coordinator assigns one of the ranked volunteers."""

    volunteer_id = IntegerField(validators=[DataRequired()])
    override = BooleanField(_l("The volunteer has agreed to this time although their profile "
                               "says otherwise"))


class CancelForm(FlaskForm):
    """Cancel a request."""

    cancel_reason = StringField(_l("Reason"), filters=TEXT,
                                validators=[Optional(), Length(max=300)])


class ReportForm(FlaskForm):
    """The volunteer's report after the visit."""

    happened = RadioField(_l("Did the visit happen?"), choices=[
        SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[DataRequired(message=_l("Say whether the visit happened."))])
    duration_minutes = IntegerField(_l("Duration in minutes"),
                                    validators=[Optional(), NumberRange(min=1, max=1440)])
    notes = TextAreaField(_l("Notes"), filters=TEXT, validators=[Optional(), Length(max=4000)])
    concerns = TextAreaField(_l("Concerns for the coordinator"), filters=TEXT,
                             validators=[Optional(), Length(max=4000)])
    wants_debriefing = BooleanField(_l("I would like to talk this visit through (debriefing)"))
