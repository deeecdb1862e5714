"""What each gap of the model document says and where it is filled."""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from network.model_document import Gap

TEXT_TITLES = {
    "coordination": _l("How coordination between the actors and the points is arranged"),
    "service_delivery": _l("How services are delivered: electronic, mobile, traditional"),
    "quick_setup": _l("Checklist for setting up a service point quickly"),
}
# kind -> (what is missing, endpoint where it is filled, URL argument taking the subject id)
GAPS = {
    "organisations": (_l("the organisations taking part"), "staff.organisations_create", None),
    "coordination_holder": (_l("the organisation that holds coordination responsibility"),
                            "staff.organisations_index", None),
    "roster": (_l("the steering group's members"), "staff.roster_create", None),
    "roster_chair": (_l("the steering group's chair"), "staff.roster_index", None),
    "areas": (_l("the areas of the municipality"), "staff.areas_create", None),
    "area_responsible": (_l("a responsible person for the area %(subject)s"),
                         "staff.roster_index", None),
    "service_responsible": (_l("a responsible person for the service %(subject)s"),
                            "staff.roster_index", None),
    "points": (_l("service points"), "staff.points_create", None),
    "offerings": (_l("offerings in the catalogue"), "staff.offerings_create", None),
    "coordinators": (_l("coordinators: create their accounts with “flask users create --role "
                        "coordinator”"), None, None),
    "point_pair": (_l("a complete worker pair for the point %(subject)s"), "staff.points_detail",
                   "point_id"),
    "plan": (_l("the communications plan of a scenario"), "crisis.index", None),
    "organisation_contact": (_l("the contact details of %(subject)s"),
                             "staff.organisations_edit", "record_id"),
    "checklist": (_l("the volunteer checklist"), "people.checklists_create", None),
    "contacts_local": (_l("local service contacts"), "staff.contacts_create", None),
    "contacts_national": (_l("national service contacts"), "staff.contacts_create", None),
}


@dataclass(frozen=True)
class ShownGap:
    """A gap as the reader sees it: what is missing and the address where to fill it."""

    message: str
    url: str | None


def absolute(path: str) -> str:
    """An address on the site (SITE_URL), usable on paper and in the PDF too."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def shown(gap: Gap) -> ShownGap:
    """The gap's message and link."""
    if gap.kind == "text":
        return ShownGap(str(TEXT_TITLES[gap.subject]),
                        absolute(url_for("model_document.text_edit", key=gap.subject)))
    text, endpoint, argument = GAPS[gap.kind]
    message = str(text)
    if "%(subject)s" in message:
        message = message % {"subject": gap.subject or ""}
    if endpoint is None:
        return ShownGap(message, None)
    values = {argument: gap.subject_id} if argument else {}
    return ShownGap(message, absolute(url_for(endpoint, **values)))
