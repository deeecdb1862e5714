"""Forms for the network's simple records."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, Regexp

from network.models import (
    Area,
    ContactScope,
    GroupRole,
    Offering,
    Organisation,
    OrganisationKind,
)
from web.staff.fields import MultiCheckboxField, Unique, choices, strip_or_none

TEXT = [strip_or_none]


class OrganisationForm(FlaskForm):
    """An organisation taking part."""

    name = StringField(_l("Name"), filters=TEXT, validators=[
        DataRequired(), Length(max=200), Unique(Organisation, Organisation.name)])
    kind = SelectField(_l("Kind"), choices=choices(OrganisationKind), validators=[DataRequired()])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), filters=TEXT, validators=[Optional(), Length(max=300)])
    website = URLField(_l("Website"), filters=TEXT, validators=[Optional(), URL(), Length(max=300)])
    holds_coordination = BooleanField(_l("Holds coordination responsibility"))


class AreaForm(FlaskForm):
    """A district; its responsible persons are chosen on the roster members' forms."""

    name = StringField(_l("Name"), filters=TEXT, validators=[
        DataRequired(), Length(max=120), Unique(Area, Area.name)])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=2000)])


class RosterMemberForm(FlaskForm):
    """A steering group member and what they answer for."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    group_role = SelectField(_l("Role in the group"), choices=choices(GroupRole),
                             validators=[DataRequired()])
    title = StringField(_l("Title"), filters=TEXT, validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    area_ids = MultiCheckboxField(_l("Responsible for areas"), coerce=int)
    service_ids = MultiCheckboxField(_l("Responsible for services"), coerce=int)
    responsibilities = TextAreaField(_l("Other responsibilities"), filters=TEXT,
                                     validators=[Optional(), Length(max=2000)])


class OfferingForm(FlaskForm):
    """An offering of the catalogue, named in each language."""

    code = StringField(_l("Code"), filters=TEXT, description=_l(
        "Short identifier used in CSV files, e.g. food_aid."), validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^[a-z0-9_]+$", message=_l("Use lower-case letters, digits and _ only.")),
        Unique(Offering, Offering.code, message=_l("This code is already in use."))])
    name_fi = StringField(_l("Name in Finnish"), filters=TEXT,
                          validators=[DataRequired(), Length(max=120)])
    name_sv = StringField(_l("Name in Swedish"), filters=TEXT,
                          validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), filters=TEXT,
                          validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=2000)])
    sort_order = IntegerField(_l("Order in lists"), default=100,
                              validators=[Optional(), NumberRange(min=0, max=10000)])


class ContactForm(FlaskForm):
    """A local or national service in the contact directory."""

    name = StringField(_l("Name"), filters=TEXT, validators=[DataRequired(), Length(max=200)])
    scope = SelectField(_l("Local or national"), choices=choices(ContactScope),
                        validators=[DataRequired()])
    category = StringField(_l("Category"), filters=TEXT, validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), filters=TEXT, validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email"), filters=TEXT, validators=[Optional(), Email(), Length(max=254)])
    website = URLField(_l("Website"), filters=TEXT, validators=[Optional(), URL(), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=TEXT,
                                validators=[Optional(), Length(max=2000)])
