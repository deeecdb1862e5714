"""Forms of the service point pages: the point, its status, hours, exceptions, offerings, pairs."""

import math

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    HiddenField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.validators import ValidationError as FieldError

from network.models import PointKind, PointStatus, ServiceMode, TargetGroup
from network.points import LANGUAGE_CODES, MAIN_LANGUAGES
from web.staff.fields import MultiCheckboxField, choices, strip_or_none

TEXT = [strip_or_none]
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))
LANGUAGE_NAMES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
BLANK = SelectChoice("", "—")


def optional_int(value):
    """An id from a select, or None for the blank option."""
    if value in (None, "", "None"):
        return None
    return int(value)


def split_codes(text: str | None) -> list[str]:
    """Language codes from a free list separated by commas or spaces."""
    return [c.lower() for c in (text or "").replace(",", " ").split()]


class LanguageInputs:
    """For forms with the main languages as checkboxes and the others as a free list."""

    def language_codes(self) -> list[str]:
        """The codes of both inputs, checkboxes first."""
        return list(self.languages.data or ()) + split_codes(self.other_languages.data)

    def fill_languages(self, codes: list[str]) -> None:
        """Show languages: main ones as checkboxes, the rest as the free list."""
        self.languages.data = [c for c in codes if c in MAIN_LANGUAGES]
        self.other_languages.data = ", ".join(c for c in codes if c not in MAIN_LANGUAGES)


class CoordinateField(FloatField):
    """A decimal number that also accepts a comma as the decimal separator."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        super().process_formdata(valuelist)


def finite(form, field):
    """Refuse NaN and infinities, which float() accepts."""
    if field.data is not None and not math.isfinite(field.data):
        raise FieldError(_l("Give a number."))


def known_languages(form, field):
    """Every code of the free list must be an ISO 639-1 code."""
    kept = getattr(form, "kept_languages", ())
    unknown = [c for c in split_codes(field.data) if c not in LANGUAGE_CODES and c not in kept]
    if unknown:
        raise FieldError(_l("Unknown language codes: %(codes)s. Use two-letter ISO 639-1 codes "
                            "such as ru, ar or so.", codes=", ".join(c[:10] for c in unknown)))


class PointForm(LanguageInputs, FlaskForm):
    """Every field of a service point but its external id."""

    kept_languages: tuple[str, ...] = ()  # the point's own codes stay valid (see known_languages)

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(PointKind), validators=[DataRequired()])
    organisation_id = SelectField(_l("Host organisation"), coerce=optional_int)
    area_id = SelectField(_l("Area"), coerce=optional_int)
    street_address = StringField(_l("Street address"), filters=TEXT,
                                 validators=[Optional(), Length(max=200)])
    postal_code = StringField(_l("Postal code"), filters=TEXT,
                              validators=[Optional(), Length(max=10)])
    city = StringField(_l("City"), filters=TEXT, validators=[Optional(), Length(max=100)])
    latitude = CoordinateField(_l("Latitude"), description=_l("Decimal degrees, e.g. 65.0121."),
                               validators=[Optional(), finite, NumberRange(min=-90, max=90)])
    longitude = CoordinateField(_l("Longitude"), description=_l("Decimal degrees, e.g. 25.4651."),
                                validators=[Optional(), finite, NumberRange(min=-180, max=180)])
    phone = TelField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=2000)])
    step_free_access = BooleanField(_l("Step-free access"))
    accessibility_notes = TextAreaField(_l("Accessibility notes"), filters=TEXT,
                                        validators=[Optional(), Length(max=2000)])
    languages = MultiCheckboxField(_l("Languages served"),
                                   choices=[SelectChoice(c, LANGUAGE_NAMES[c])
                                            for c in MAIN_LANGUAGES])
    other_languages = StringField(
        _l("Other languages"), filters=TEXT,
        description=_l("Two-letter ISO 639-1 codes separated by commas, e.g. ru, ar, so."),
        validators=[Optional(), Length(max=200), known_languages])
    target_groups = MultiCheckboxField(_l("Target groups"), choices=choices(TargetGroup))
    walk_in = BooleanField(_l("Walk-in without appointment"), default=True)
    status = SelectField(_l("Status"), choices=choices(PointStatus), validators=[DataRequired()])
    in_exceptional_network = BooleanField(_l("Belongs to the exceptional-mode network"))

    def values(self) -> dict:
        """The point's fields for network.points, the two language inputs joined."""
        values = {f.name: f.data for f in self if f.name not in (
            "csrf_token", "languages", "other_languages")}
        values["languages"] = self.language_codes()
        values["target_groups"] = list(self.target_groups.data or ())
        return values


class StatusForm(FlaskForm):
    """The quick status change, from the detail page or the point worker's own list."""

    status = SelectField(_l("Status"), choices=choices(PointStatus), validators=[DataRequired()])
    back = HiddenField(validators=[Optional(), AnyOf(["detail", "mine"])])


class HoursForm(FlaskForm):
    """A weekly opening period in a mode."""

    mode = SelectField(_l("Mode"), choices=choices(ServiceMode), validators=[DataRequired()])
    weekday = SelectField(_l("Weekday"), coerce=int,
                          choices=[SelectChoice(i, name) for i, name in enumerate(WEEKDAYS)])
    opens = TimeField(_l("Opens"), validators=[InputRequired()])
    closes = TimeField(_l("Closes"), validators=[InputRequired()])


class ExceptionForm(FlaskForm):
    """A dated change: closed all day, or open at other hours."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    closed = BooleanField(_l("Closed all day"), default=True, description=_l(
        "Uncheck and give the hours if the point is open at other hours that day."))
    opens = TimeField(_l("Opens"), validators=[Optional()])
    closes = TimeField(_l("Closes"), validators=[Optional()])
    note = StringField(_l("Note"), filters=TEXT, validators=[Optional(), Length(max=200)])


class OfferingsForm(FlaskForm):
    """What a point offers, in normal and in exceptional mode."""

    normal_ids = MultiCheckboxField(_l("Offered in normal mode"), coerce=int)
    exceptional_ids = MultiCheckboxField(_l("Offered in exceptional mode"), coerce=int)


class PairForm(FlaskForm):
    """A worker pair: its period and its two workers (worker1_…, worker2_… fields)."""

    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[Optional()],
                        description=_l("Leave empty if the pair continues until further notice."))

    def worker_fields(self, position: int) -> list:
        """The fields of worker 1 or 2, in order."""
        return [self[f"worker{position}_{name}"] for name in WORKER_FIELDS]


WORKER_FIELDS = ("name", "title", "organisation_id", "email", "phone", "user_id")


def _add_worker_fields(position: int) -> None:
    required = [DataRequired()] if position == 1 else [Optional()]
    fields = {
        "name": StringField(_l("Name"), filters=TEXT, validators=[*required, Length(max=200)]),
        "title": StringField(_l("Title"), filters=TEXT, description=_l("e.g. deacon"),
                             validators=[Optional(), Length(max=200)]),
        "organisation_id": SelectField(_l("Organisation"), coerce=optional_int),
        "email": EmailField(_l("Email"), filters=TEXT,
                            validators=[Optional(), Email(), Length(max=254)]),
        "phone": TelField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)]),
        "user_id": SelectField(_l("Staff account"), coerce=optional_int, description=_l(
            "Link a point worker account so this person can keep the point's status, hours "
            "and offerings up to date.")),
    }
    for name in WORKER_FIELDS:
        setattr(PairForm, f"worker{position}_{name}", fields[name])


for _position in (1, 2):
    _add_worker_fields(_position)


class EndPairForm(FlaskForm):
    """The last day of a pair."""

    ends_on = DateField(_l("Last day"), validators=[InputRequired()])


class PointFilterForm(FlaskForm):
    """Filters of the points list, sent as query arguments."""

    class Meta:
        csrf = False

    area = SelectField(_l("Area"), coerce=optional_int)
    status = SelectField(_l("Status"), choices=[BLANK, *choices(PointStatus)], default="")
    kind = SelectField(_l("Kind"), choices=[BLANK, *choices(PointKind)], default="")
    exceptional = SelectField(_l("In the exceptional-mode network"), default="", choices=[
        BLANK, SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))])
    retired = BooleanField(_l("Show retired points"))
