"""Translated names of the volunteer bank's terms and of the matching reasons."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields import SelectChoice

from network.matching import Reason
from network.models import (
    CourseKind,
    IntakeChannel,
    MeetupSeason,
    RequestStatus,
    ServiceSetting,
    ShiftRequestStatus,
    VolunteerStatus,
)
from web.staff.points import language_name

LABELS = {
    ServiceSetting.DISABILITY: _l("Disability services"),
    ServiceSetting.CHILD_PROTECTION: _l("Child protection"),
    ServiceSetting.IMMIGRATION: _l("Immigration and integration services"),
    ServiceSetting.HOUSING_DEBT: _l("Housing and debt advice"),
    ServiceSetting.EMPLOYMENT: _l("Employment services"),
    ServiceSetting.LEGAL_TAX: _l("Legal and tax services"),
    ServiceSetting.HEALTH_CARE: _l("Health care"),
    ServiceSetting.ONLINE: _l("Online services"),
    ServiceSetting.EVERYDAY: _l("Everyday errands (e.g. public transport)"),
    ServiceSetting.OTHER: _l("Other"),
    VolunteerStatus.ACTIVE: _l("Active"),
    VolunteerStatus.PAUSED: _l("On a break"),
    VolunteerStatus.LEFT: _l("Left"),
    CourseKind.BASIC: _l("Support person course"),
    CourseKind.REFRESHER: _l("Refresher training"),
    MeetupSeason.SPRING: _l("Spring meetup"),
    MeetupSeason.AUTUMN: _l("Autumn meetup"),
    MeetupSeason.OTHER: _l("Other get-together"),
    IntakeChannel.COORDINATOR: _l("Taken by a coordinator"),
    IntakeChannel.PARTNER: _l("From a partner organisation"),
    IntakeChannel.PUBLIC_FORM: _l("Public form"),
    RequestStatus.OPEN: _l("Waiting for a volunteer"),
    RequestStatus.ASSIGNED: _l("Volunteer assigned"),
    RequestStatus.CLOSED: _l("Closed"),
    RequestStatus.CANCELLED: _l("Cancelled"),
    ShiftRequestStatus.OPEN: _l("Waiting"),
    ShiftRequestStatus.HANDLED: _l("Handled"),
}
CHANNELS = {"email": _l("Email"), "sms": _l("SMS"), "phone": _l("Phone call by the coordinator")}


def people_label(value) -> str:
    """The translated label of a volunteer-bank term (the raw value when it has none)."""
    return str(LABELS.get(value, value))


def people_choices(enum_cls, exclude=()) -> list[SelectChoice]:
    """Select options for an enum with translated labels."""
    return [SelectChoice(m.value, LABELS.get(m, m.value)) for m in enum_cls if m not in exclude]


def reason_text(reason: Reason) -> str:
    """A matching reason in words, e.g. "Speaks Arabic (ar)"."""
    d = reason.detail
    match reason.code, reason.ok:
        case "available", True:
            return _("Available then according to their profile")
        case "available", False:
            return _("Not available then according to their profile")
        case "free", True:
            return _("No other assignment at that time")
        case "free", False:
            return _("Has another assignment at that time")
        case "trained", True:
            return _("Has completed the support person course")
        case "trained", False:
            return _("Has not completed the support person course")
        case "language", True:
            return _("Speaks %(language)s", language=language_name(d["language"]))
        case "language", False:
            return _("Does not speak %(language)s", language=language_name(d["language"]))
        case "sector", True:
            return _("Experienced in %(sector)s", sector=people_label(ServiceSetting(d["sector"])))
        case "sector", False:
            return _("No experience in %(sector)s",
                     sector=people_label(ServiceSetting(d["sector"])))
        case "continuity", True:
            return _("Has accompanied this client before")
        case "continuity", False:
            return _("Has not accompanied this client before")
        case "near", _ if d.get("km") is None:
            return _("Distance unknown (no home place or the place was not found)")
        case "near", True:
            return _("%(km)s km from the place", km=d["km"])
        case "near", False:
            return _("%(km)s km from the place: far", km=d["km"])
        case "fair_share", True:
            return _("No assignments in the last %(days)d days", days=d["days"])
        case "fair_share", False:
            return _("%(n)d assignments in the last %(days)d days", n=d["recent"], days=d["days"])
    return reason.code


def register(app: Flask) -> None:
    """Make the labels available in every template."""
    app.jinja_env.globals.update(people_label=people_label, reason_text=reason_text,
                                 language_name=language_name, channel_label=lambda c: str(
                                     CHANNELS.get(c, c)))
