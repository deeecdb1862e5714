"""The network's simple records: organisations, steering group, areas, offerings, contacts."""

import pytest
from sqlalchemy import func, select

from network.models import Area, Contact, Offering, Organisation, Role, RosterMember
from tests import factories
from tests.conftest import login
from web.extensions import db

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def admin(client, users):
    login(client, users[Role.STEERING_ADMIN])
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_creates_edits_and_retires_an_organisation(admin):
    response = admin.post("/staff/organisations/new", data={
        "name": "Oulun Diakonissat ry", "kind": "ngo", "email": "info@example.org"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert org.kind == "ngo"
    response = admin.post(f"/staff/organisations/{org.id}/edit", data={
        "name": "Oulun Diakonissat", "kind": "ngo", "phone": "08 123 4567", "email": ""})
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.phone, org.email) == ("Oulun Diakonissat", "08 123 4567", None)
    assert admin.post(f"/staff/organisations/{org.id}/retire").status_code == 302
    db.session.refresh(org)
    assert org.retired_at is not None
    listing = admin.get("/staff/organisations/").get_data(as_text=True)
    assert "<td>Oulun Diakonissat</td>" not in listing
    assert "<td>Oulun Diakonissat</td>" in admin.get("/staff/organisations/?retired=1").get_data(
        as_text=True)


def test_coordination_is_handed_over_never_dropped(admin):
    city = factories.organisation("Oulun kaupunki", holds_coordination=True)
    parish = factories.organisation("Oulun seurakuntayhtymä", kind="parish")
    db.session.commit()
    response = admin.post(f"/staff/organisations/{parish.id}/edit", data={
        "name": parish.name, "kind": "parish", "holds_coordination": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    holders = db.session.scalars(select(Organisation).where(Organisation.holds_coordination))
    assert [o.name for o in holders] == ["Oulun seurakuntayhtymä"]
    # Unticking the holder is refused: someone must always hold it.
    response = admin.post(f"/staff/organisations/{parish.id}/edit", data={
        "name": parish.name, "kind": "parish"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Organisation, parish.id).holds_coordination
    assert not db.session.get(Organisation, city.id).holds_coordination


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "", "kind": "ngo"}, "name"),
    ({"name": "x" * 201, "kind": "ngo"}, "name"),
    ({"name": "Valid", "kind": "spaceship"}, "kind"),
    ({"name": "Valid", "kind": "ngo", "email": "not-an-email"}, "email"),
    ({"name": "Valid", "kind": "ngo", "website": "javascript:alert(1)"}, "website"),
])
def test_bad_organisation_input_is_refused_next_to_the_field(admin, data, field):
    response = admin.post("/staff/organisations/new", data=data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert count(Organisation) == 0


def test_duplicate_names_are_refused(admin):
    factories.organisation("Oulun kaupunki")
    db.session.commit()
    response = admin.post("/staff/organisations/new", data={"name": "OULUN KAUPUNKI",
                                                           "kind": "municipality"})
    assert response.status_code == 400
    assert count(Organisation) == 1


def test_html_in_names_is_shown_escaped(admin):
    admin.post("/staff/organisations/new", data={"name": XSS, "kind": "ngo"})
    page = admin.get("/staff/organisations/").get_data(as_text=True)
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_roster_member_answers_for_areas_and_services(admin):
    org = factories.organisation()
    area = Area(name="Tuira")
    db.session.add(area)
    food = factories.offering()
    db.session.commit()
    response = admin.post("/staff/roster/new", data={
        "name": "Riikka Puheenjohtaja", "organisation_id": org.id, "group_role": "chair",
        "email": "riikka@example.org", "area_ids": [area.id], "service_ids": [food.id]})
    assert response.status_code == 302
    member = db.session.scalar(select(RosterMember))
    assert [a.name for a in member.areas] == ["Tuira"]
    assert [o.code for o in member.services] == ["food_aid"]
    areas_page = admin.get("/staff/areas/").get_data(as_text=True)
    assert "Riikka Puheenjohtaja" in areas_page  # the area's responsible person
    edit = admin.get(f"/staff/roster/{member.id}/edit").get_data(as_text=True)
    assert f'value="{area.id}" checked' in edit or f'checked value="{area.id}"' in edit or \
        "checked" in edit


@pytest.mark.parametrize("data", [
    {"name": "", "organisation_id": "1", "group_role": "member"},
    {"name": "Name", "organisation_id": "999", "group_role": "member"},
    {"name": "Name", "organisation_id": "1", "group_role": "boss"},
    {"name": "Name", "organisation_id": "1", "group_role": "member", "area_ids": ["abc"]},
])
def test_bad_roster_input_saves_nothing(admin, data):
    factories.organisation()
    db.session.commit()
    assert admin.post("/staff/roster/new", data=data).status_code == 400
    assert count(RosterMember) == 0


def test_offering_catalogue_is_extendable_with_three_languages(admin):
    response = admin.post("/staff/offerings/new", data={
        "code": "laundry", "name_fi": "Pyykkiapu", "name_sv": "Tvätthjälp",
        "name_en": "Laundry help", "sort_order": "50"})
    assert response.status_code == 302
    assert db.session.scalar(select(Offering)).name("sv") == "Tvätthjälp"


@pytest.mark.parametrize("data", [
    {"code": "Bad Code", "name_fi": "a", "name_sv": "b", "name_en": "c"},
    {"code": "ok", "name_fi": "", "name_sv": "b", "name_en": "c"},
    {"code": "ok", "name_fi": "a", "name_sv": "b", "name_en": "c", "sort_order": "-1"},
    {"code": "ok", "name_fi": "a" * 121, "name_sv": "b", "name_en": "c"},
])
def test_bad_offering_input_saves_nothing(admin, data):
    assert admin.post("/staff/offerings/new", data=data).status_code == 400
    assert count(Offering) == 0


def test_contacts_directory(admin):
    response = admin.post("/staff/contacts/new", data={
        "name": "Kriisipuhelin", "scope": "national", "phone": "09 2525 0111",
        "website": "https://mieli.fi", "description": "<script>x</script>"})
    assert response.status_code == 302
    page = admin.get("/staff/contacts/").get_data(as_text=True)
    assert "Kriisipuhelin" in page
    bad = admin.post("/staff/contacts/new", data={"name": "X", "scope": "galactic"})
    assert bad.status_code == 400
    assert count(Contact) == 1


def test_unknown_ids_are_404_not_500(admin):
    assert admin.get("/staff/organisations/999/edit").status_code == 404
    assert admin.post("/staff/areas/999/retire").status_code == 404
    assert admin.get("/staff/contacts/abc/edit").status_code == 404


def test_coordinator_reads_but_cannot_edit_records(client, users):
    login(client, users[Role.COORDINATOR])
    assert client.get("/staff/organisations/").status_code == 200
    assert client.post("/staff/organisations/new", data={"name": "X", "kind": "ngo"}) \
        .status_code == 403
    assert count(Organisation) == 0
