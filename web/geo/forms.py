"""Forms of the geo pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from network.models import ServiceMode
from web.staff.fields import MultiCheckboxField, choices, strip_or_none
from web.staff.point_forms import CoordinateField, finite

TEXT = [strip_or_none]
STANDIN = 0  # the dataset choice meaning "the demo stand-in"
MIN_THRESHOLD_KM, MAX_THRESHOLD_KM, DEFAULT_THRESHOLD_KM = 0.1, 20.0, 2.0
MAX_SUGGESTIONS = 20


class ModeForm(FlaskForm):
    """Which network a map shows (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    mode = SelectField(_l("Network"), choices=choices(ServiceMode), default="normal",
                       validators=[Optional()])


class CoverageForm(FlaskForm):
    """What to analyse: network, what-if closures, threshold, population, suggestions."""

    class Meta:
        csrf = False

    mode = SelectField(_l("Network"), choices=choices(ServiceMode), default="normal",
                       validators=[Optional()])
    threshold_km = FloatField(
        _l("Threshold distance (km)"), default=DEFAULT_THRESHOLD_KM,
        description=_l("People farther than this from an open point count as not covered "
                       "(%(low)s–%(high)s km).", low=MIN_THRESHOLD_KM, high=MAX_THRESHOLD_KM),
        validators=[Optional(), finite,
                    NumberRange(min=MIN_THRESHOLD_KM, max=MAX_THRESHOLD_KM)])
    dataset = SelectField(_l("Population data"), coerce=int, validators=[Optional()])
    closed = MultiCheckboxField(_l("What-if: these points closed"), coerce=int)
    suggestions = IntegerField(_l("How many new sites to suggest"), default=5,
                               validators=[Optional(), NumberRange(min=1, max=MAX_SUGGESTIONS)])
    candidates = RadioField(
        _l("Suggest among"), default="auto",
        choices=[SelectChoice("auto", _l("Candidate sites if there are any, else cell centres")),
                 SelectChoice("sites", _l("Candidate sites entered by staff")),
                 SelectChoice("cells", _l("Centres of uncovered cells"))],
        validators=[Optional()])


class PopulationImportForm(FlaskForm):
    """A population file to import."""

    file = FileField(_l("Population file"), description=_l(
        "GeoJSON, GeoPackage or CSV: a grid of polygons or points with a population column "
        "(asukkaita, vaesto, population…), in any CRS with an EPSG code; CSV with lat/lon or "
        "EPSG:3067 x/y."), validators=[FileRequired(_l("Choose a file."))])
    name = StringField(_l("Name"), filters=TEXT, description=_l(
        "E.g. “Statistics Finland 1 km grid 2024”."), validators=[DataRequired(), Length(max=200)])
    population_column = StringField(
        _l("Population column"), filters=TEXT,
        description=_l("Leave empty to find it by its usual names."),
        validators=[Optional(), Length(max=120)])
    layer = StringField(_l("GeoPackage layer"), filters=TEXT,
                        description=_l("Leave empty to use the layer with a population column."),
                        validators=[Optional(), Length(max=200)])


class CandidateSiteForm(FlaskForm):
    """A candidate site: name, position (typed, or looked up from a place) and notes."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    place = StringField(
        _l("Place or address to look up"), filters=TEXT,
        description=_l("Optional: press “Look up” to fill in the coordinates, then check them."),
        validators=[Optional(), Length(max=300)])
    latitude = CoordinateField(_l("Latitude"), description=_l("Decimal degrees, e.g. 65.0121."),
                               validators=[Optional(), finite, NumberRange(min=-90, max=90)])
    longitude = CoordinateField(_l("Longitude"), description=_l("Decimal degrees, e.g. 25.4651."),
                                validators=[Optional(), finite, NumberRange(min=-180, max=180)])
    notes = TextAreaField(_l("Notes"), filters=TEXT, validators=[Optional(), Length(max=2000)])


class LocateForm(FlaskForm):
    """The place text to geocode (GET: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Place or address"), filters=TEXT,
                    validators=[Optional(), Length(max=300)])


class ConfirmLocationForm(FlaskForm):
    """The coordinates a person confirmed for a point."""

    latitude = FloatField(widget=HiddenInput(),
                          validators=[InputRequired(), finite, NumberRange(min=-90, max=90)])
    longitude = FloatField(widget=HiddenInput(),
                           validators=[InputRequired(), finite, NumberRange(min=-180, max=180)])
    label = HiddenField(validators=[Optional(), Length(max=500)])
