"""The simple records of the network, each declared once as a Resource."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network import organisations
from network.models import Area, Contact, Offering, Organisation, RosterMember
from web.extensions import db
from web.staff import bp
from web.staff.crud import Column, Resource, register_resource
from web.staff.fields import record_choices
from web.staff.forms import AreaForm, ContactForm, OfferingForm, OrganisationForm, RosterMemberForm
from web.staff.templating import label


def active(model) -> list:
    """Records of a model still in use, by name."""
    order = model.sort_order if model is Offering else model.name
    return list(db.session.scalars(select(model).where(model.retired_at.is_(None)).order_by(order)))


def offering_name(offering: Offering) -> str:
    """An offering's name in the page's language."""
    return offering.name(str(get_locale()))


def _apply_organisation(form: OrganisationForm, org: Organisation) -> None:
    holds = form.holds_coordination.data
    del form.holds_coordination  # handed over by the operation, not copied
    form.populate_obj(org)
    organisations.set_coordination(org, holds)


def _prepare_roster(form: RosterMemberForm) -> None:
    form.organisation_id.choices = record_choices(active(Organisation))
    form.area_ids.choices = record_choices(active(Area))
    form.service_ids.choices = record_choices(active(Offering), offering_name)
    record = form._record
    if record is not None and not form.is_submitted():
        form.area_ids.data = [a.id for a in record.areas]
        form.service_ids.data = [o.id for o in record.services]


def _apply_roster(form: RosterMemberForm, member: RosterMember) -> None:
    area_ids, service_ids = set(form.area_ids.data or ()), set(form.service_ids.data or ())
    for name in ("area_ids", "service_ids"):
        delattr(form, name)
    form.populate_obj(member)
    member.areas = [a for a in active(Area) if a.id in area_ids]
    member.services = [o for o in active(Offering) if o.id in service_ids]


ORGANISATIONS = Resource(
    name="organisations", model=Organisation, form=OrganisationForm,
    title=_l("Organisations"), singular=_l("organisation"),
    columns=[
        Column(_l("Name"), lambda o: o.name),
        Column(_l("Kind"), lambda o: label(o.kind)),
        Column(_l("Email"), lambda o: o.email),
        Column(_l("Phone"), lambda o: o.phone),
        Column(_l("Coordination responsibility"),
               lambda o: _l("Yes") if o.holds_coordination else ""),
    ],
    order_by=Organisation.name, apply=_apply_organisation,
)

ROSTER = Resource(
    name="roster", model=RosterMember, form=RosterMemberForm,
    title=_l("Steering group"), singular=_l("steering group member"),
    columns=[
        Column(_l("Name"), lambda m: m.name),
        Column(_l("Organisation"), lambda m: m.organisation.name),
        Column(_l("Role in the group"), lambda m: label(m.group_role)),
        Column(_l("Contact"), lambda m: ", ".join(filter(None, [m.email, m.phone]))),
        Column(_l("Areas"), lambda m: ", ".join(a.name for a in m.areas)),
        Column(_l("Services"), lambda m: ", ".join(offering_name(o) for o in m.services)),
    ],
    order_by=RosterMember.name, prepare=_prepare_roster, apply=_apply_roster,
)

AREAS = Resource(
    name="areas", model=Area, form=AreaForm, title=_l("Areas"), singular=_l("area"),
    columns=[
        Column(_l("Name"), lambda a: a.name),
        Column(_l("Responsible persons"),
               lambda a: ", ".join(m.name for m in a.responsible if m.retired_at is None)),
    ],
    order_by=Area.name,
)

OFFERINGS = Resource(
    name="offerings", model=Offering, form=OfferingForm,
    title=_l("Offering catalogue"), singular=_l("offering"),
    columns=[
        Column(_l("Code"), lambda o: o.code),
        Column(_l("Name in Finnish"), lambda o: o.name_fi),
        Column(_l("Name in Swedish"), lambda o: o.name_sv),
        Column(_l("Name in English"), lambda o: o.name_en),
    ],
    order_by=Offering.sort_order,
)

CONTACTS = Resource(
    name="contacts", model=Contact, form=ContactForm,
    title=_l("Contact directory"), singular=_l("contact"),
    columns=[
        Column(_l("Name"), lambda c: c.name),
        Column(_l("Local or national"), lambda c: label(c.scope)),
        Column(_l("Category"), lambda c: c.category),
        Column(_l("Phone"), lambda c: c.phone),
        Column(_l("Website"), lambda c: c.website),
    ],
    order_by=Contact.name,
)

for resource in (ORGANISATIONS, ROSTER, AREAS, OFFERINGS, CONTACTS):
    register_resource(bp, resource)
