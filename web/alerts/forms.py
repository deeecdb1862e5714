"""Forms of the residents' alert pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from network.models import TargetGroup
from web.staff.fields import strip_or_none
from web.staff.point_forms import BLANK, LANGUAGE_NAMES, optional_int
from web.staff.templating import LABELS

TEXT = [strip_or_none]
CONSENT = _l("I agree that Apuverkko sends crisis alerts to this address and keeps it for "
             "that purpose until I unsubscribe or delete my data.")


def _either(form) -> bool:
    """Exactly one of email and phone; the error goes next to the email field."""
    if bool(form.email.data) == bool(form.phone.data):
        form.email.errors = [*form.email.errors,
                             _l("Give either an email address or a phone number.")]
        return False
    return True


class SubscribeForm(FlaskForm):
    """Subscribe to crisis alerts by email or text message."""

    email = EmailField(_l("Email address"), filters=TEXT,
                       validators=[Optional(), Email(), Length(max=254)])
    phone = TelField(_l("Mobile phone number"), filters=TEXT,
                     description=_l("For text messages, e.g. 040 123 4567."),
                     validators=[Optional(), Length(max=40)])
    language = SelectField(_l("Language of the alerts"), validators=[DataRequired()],
                           choices=[SelectChoice(c, LANGUAGE_NAMES[c]) for c in ("fi", "sv",
                                                                                 "en")])
    area_id = SelectField(_l("Area (optional)"), coerce=optional_int,
                          description=_l("Leave empty to get the alerts of every area."))
    target_group = SelectField(_l("Target group (optional)"), validators=[Optional()],
                               choices=[BLANK] + [SelectChoice(g.value, LABELS[g])
                                                  for g in TargetGroup
                                                  if g != TargetGroup.EVERYONE])
    consent = BooleanField(CONSENT, validators=[DataRequired(
        message=_l("Alerts can be sent only with your consent."))])

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: exactly one of email and phone."""
        valid = super().validate(extra_validators)
        return _either(self) and valid


class ConfirmForm(FlaskForm):
    """The button that confirms an email subscription (a link alone changes nothing)."""


class CodeForm(FlaskForm):
    """Confirm a phone subscription with the code from the text message."""

    phone = TelField(_l("Mobile phone number"), filters=TEXT,
                     validators=[DataRequired(), Length(max=40)])
    code = StringField(_l("Code from the text message"), filters=TEXT, validators=[
        DataRequired(), Length(min=6, max=6),
        Regexp(r"^[0-9]{6}$", message=_l("The code has six digits."))])


class ResubscribeForm(FlaskForm):
    """Undo an unsubscribe."""


class MyDataForm(FlaskForm):
    """Ask for a link to one's own data."""

    email = EmailField(_l("Email address"), filters=TEXT,
                       validators=[Optional(), Email(), Length(max=254)])
    phone = TelField(_l("Mobile phone number"), filters=TEXT,
                     validators=[Optional(), Length(max=40)])

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: exactly one of email and phone."""
        valid = super().validate(extra_validators)
        return _either(self) and valid


class DeleteForm(FlaskForm):
    """Delete one's own subscription and data."""
