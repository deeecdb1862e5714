"""Service point pages: list, detail, create, edit, retire, status, hours, exceptions, offerings."""

from datetime import date, time

import pytest
from flask import g
from flask_babel import refresh
from sqlalchemy import func, select

from network.clock import today, utcnow
from network.models import (
    OpeningHours,
    PointKind,
    PointStatus,
    Role,
    ScheduleException,
    ServiceMode,
    ServicePoint,
)
from tests import factories
from tests.conftest import login
from web.extensions import db

FULL = {
    "name": "Kaukovainion asukastupa", "kind": "living_room", "street_address": "Kaukovainiontie 5",
    "postal_code": "90570", "city": "Oulu", "latitude": "65.0",
    "longitude": "25.5", "phone": "040 111 2222", "email": "tupa@example.org",
    "description": "Kahvia ja juttuseuraa.", "step_free_access": "y",
    "accessibility_notes": "Ramppi sisäpihalla.", "languages": ["fi", "en"],
    "other_languages": "ru, so", "target_groups": ["everyone", "older_people"],
    "walk_in": "y", "status": "standby", "in_exceptional_network": "y",
}


def sign_in(client, user):
    """Log in and read pages in English.

    The tests share one app context, so the user and locale cached in it are forgotten first.
    """
    g.pop("_login_user", None)
    login(client, user)
    client.set_cookie("lang", "en")
    refresh()


def fresh(point_id: int) -> ServicePoint:
    """The point as committed in the database."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(ServicePoint, point_id)


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def net(users):
    return factories.sample_network(users)


@pytest.fixture
def admin(client, users):
    sign_in(client, users[Role.STEERING_ADMIN])
    return client


def test_index_lists_points_and_filters_them(admin, net):
    church = factories.point("Tuomiokirkon seurakuntatalo", kind=PointKind.PARISH_HALL,
                             status=PointStatus.CLOSED, in_exceptional_network=True)
    factories.point("Vanha tupa", retired_at=utcnow())
    db.session.commit()
    page = admin.get("/staff/points/?lang=en").get_data(as_text=True)
    assert "Tuiran asukastupa" in page and church.name in page and "Vanha tupa" not in page
    assert f'href="/staff/points/{church.id}"' in page
    assert "no complete worker pair today" in page  # the church has no pair
    for query, shown, hidden in [
        (f"area={net['area_id']}", "Tuiran asukastupa", church.name),
        ("status=closed", church.name, "Tuiran asukastupa"),
        ("kind=parish_hall", church.name, "Tuiran asukastupa"),
        ("exceptional=yes", church.name, "Tuiran asukastupa"),
        ("exceptional=no", "Tuiran asukastupa", church.name),
        ("retired=y", "Vanha tupa", "no such name"),
    ]:
        response = admin.get(f"/staff/points/?{query}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert shown in text and f">{hidden}</a>" not in text, query


@pytest.mark.parametrize("query", ["status=bogus", "kind=castle", "area=abc", "area=999",
                                   "exceptional=maybe"])
def test_index_answers_bad_filters_with_400(admin, net, query):
    response = admin.get(f"/staff/points/?{query}&lang=en")
    assert response.status_code == 400
    assert '<p class="error"' in response.get_data(as_text=True)


def test_detail_shows_every_field_escaped_and_the_warnings(admin, net):
    point = factories.point(
        "<script>alert(1)</script> tupa", external_id="html-tupa", latitude=None, longitude=None,
        description='<b onclick="x()">bold</b>', street_address="Koskitie 1",
        postal_code="90500", city="Oulu", phone="040 1", email="t@example.org",
        accessibility_notes="Hissi", languages=["fi", "ru"], target_groups=["immigrants"],
        step_free_access=True, walk_in=False, in_exceptional_network=True)
    factories.hours(point, weekday=2, mode=ServiceMode.EXCEPTIONAL)
    db.session.commit()
    page = admin.get(f"/staff/points/{point.id}?lang=en").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<b onclick' not in page and "&lt;b onclick=" in page
    for text in ["Koskitie 1", "90500", "Oulu", "040 1", "t@example.org", "Hissi",
                 "Finnish (fi)", "Russian (ru)", "Immigrants", point.external_id,
                 "Wednesday", "No opening hours in this mode yet."]:
        assert text in page, text
    assert "No complete worker pair runs this point today." in page
    assert "No opening hours in normal mode." in page
    assert "No coordinates" in page
    sample = admin.get(f"/staff/points/{net['point_id']}?lang=en").get_data(as_text=True)
    assert "Needs attention" not in sample
    assert "Maija Meikäläinen" in sample and "Diakoni Daniel" in sample
    assert "Food aid" in sample and "09:00–15:00" in sample


def test_create_a_point_with_every_field(admin, net):
    response = admin.post("/staff/points/new", data=FULL | {"area_id": net["area_id"],
                                                            "organisation_id": net["record_id"]})
    assert response.status_code == 302
    point = db.session.scalar(select(ServicePoint).where(ServicePoint.name == FULL["name"]))
    assert response.headers["Location"].endswith(f"/staff/points/{point.id}")
    assert point.external_id == "kaukovainion-asukastupa"
    assert point.languages == ["fi", "en", "ru", "so"]
    assert point.target_groups == ["everyone", "older_people"]
    assert (point.latitude, point.longitude) == (65.0, 25.5)
    assert point.status is PointStatus.STANDBY and point.in_exceptional_network
    assert point.step_free_access and point.walk_in
    assert point.area_id == net["area_id"] and point.organisation_id == net["record_id"]
    again = admin.post("/staff/points/new", data=FULL)
    assert again.status_code == 302
    assert count(ServicePoint) == 3


def test_the_create_form_shows_every_field(admin, net):
    page = admin.get("/staff/points/new?lang=en").get_data(as_text=True)
    for name in ["name", "kind", "organisation_id", "area_id", "street_address", "postal_code",
                 "city", "latitude", "longitude", "phone", "email", "description",
                 "step_free_access", "accessibility_notes", "languages-0", "other_languages",
                 "target_groups-0", "walk_in", "status", "in_exceptional_network"]:
        assert f'id="{name}"' in page and f'for="{name}"' in page, name


@pytest.mark.parametrize("change, field", [
    ({"latitude": "91"}, "latitude"),
    ({"latitude": "-90.5"}, "latitude"),
    ({"longitude": "181"}, "longitude"),
    ({"longitude": "-180.1"}, "longitude"),
    ({"latitude": "nan"}, "latitude"),
    ({"longitude": "inf"}, "longitude"),
    ({"latitude": "north"}, "latitude"),
    ({"longitude": ""}, "longitude"),
    ({"latitude": ""}, "latitude"),
    ({"kind": "castle"}, "kind"),
    ({"status": "sometimes"}, "status"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"description": "x" * 5000}, "description"),
    ({"accessibility_notes": "x" * 5000}, "accessibility_notes"),
    ({"street_address": "x" * 5000}, "street_address"),
    ({"postal_code": "123456789012"}, "postal_code"),
    ({"email": "not-an-email"}, "email"),
    ({"other_languages": "ru, klingon"}, "other_languages"),
    ({"other_languages": "xx"}, "other_languages"),
    ({"languages": ["de"]}, "languages"),
    ({"target_groups": ["aliens"]}, "target_groups"),
    ({"area_id": "999"}, "area_id"),
    ({"organisation_id": "abc"}, "organisation_id"),
])
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(admin, net, change, field):
    response = admin.post("/staff/points/new?lang=en", data=FULL | change)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert count(ServicePoint) == 1
    # The same value refused on the edit page leaves the point as it was.
    before = fresh(net["point_id"])
    name, lat = before.name, before.latitude
    response = admin.post(f"/staff/points/{net['point_id']}/edit",
                          data=FULL | {"name": "Changed"} | change)
    assert response.status_code == 400
    after = fresh(net["point_id"])
    assert (after.name, after.latitude) == (name, lat)


def test_edit_keeps_the_external_id(admin, net):
    page = admin.get(f"/staff/points/{net['point_id']}/edit?lang=en").get_data(as_text=True)
    assert "tuiran-asukastupa" in page and 'name="external_id"' not in page
    response = admin.post(f"/staff/points/{net['point_id']}/edit",
                          data=FULL | {"name": "Tuiran uusi tupa", "external_id": "hacked"})
    assert response.status_code == 302
    point = fresh(net["point_id"])
    assert point.name == "Tuiran uusi tupa" and point.external_id == "tuiran-asukastupa"


def test_retire_a_point(admin, net):
    response = admin.post(f"/staff/points/{net['point_id']}/retire")
    assert response.status_code == 302
    assert fresh(net["point_id"]).retired_at is not None
    assert ">Tuiran asukastupa</a>" not in admin.get("/staff/points/").get_data(as_text=True)
    assert ">Tuiran asukastupa</a>" in admin.get("/staff/points/?retired=y").get_data(
        as_text=True)


def test_status_change_and_bad_status(admin, net):
    response = admin.post(f"/staff/points/{net['point_id']}/status", data={"status": "closed"})
    assert response.status_code == 302
    assert fresh(net["point_id"]).status is PointStatus.CLOSED
    for data in ({"status": "exploded"}, {}, {"status": "open", "back": "http://evil.example"}):
        assert admin.post(f"/staff/points/{net['point_id']}/status",
                          data=data).status_code == 400
    assert fresh(net["point_id"]).status is PointStatus.CLOSED


@pytest.mark.parametrize("url", [
    "/staff/points/abc", "/staff/points/1.5", "/staff/points/abc/edit", "/staff/points/99999",
    "/staff/points/99999/hours", "/staff/points/-1", "/staff/pairs/xyz/edit",
    "/staff/points/abc/offerings", "/staff/points/1/pairs/new/x",
])
def test_bad_ids_in_urls_are_404(admin, net, url):
    assert admin.get(url).status_code == 404


def test_hours_of_another_point_are_404(admin, net):
    other = factories.point("Toinen")
    period = factories.hours(other)
    closed = factories.exception(other)
    db.session.commit()
    assert admin.post(f"/staff/points/{net['point_id']}/hours/{period.id}/remove"
                      ).status_code == 404
    assert admin.post(f"/staff/points/{net['point_id']}/exceptions/{closed.id}/remove"
                      ).status_code == 404
    assert count(OpeningHours) == 2 and count(ScheduleException) == 2


def test_add_and_remove_weekly_hours(admin, net):
    url = f"/staff/points/{net['point_id']}/hours"
    page = admin.get(url + "?lang=en").get_data(as_text=True)
    assert "Normal mode" in page and "Exceptional mode" in page
    response = admin.post(url + "/add", data={"hours-mode": "exceptional", "hours-weekday": "4",
                                              "hours-opens": "10:00", "hours-closes": "18:00"})
    assert response.status_code == 302
    point = fresh(net["point_id"])
    added = point.hours_in(ServiceMode.EXCEPTIONAL)
    assert [(h.weekday, h.opens, h.closes) for h in added] == [(4, time(10), time(18))]
    assert "10:00–18:00" in admin.get(url).get_data(as_text=True)
    assert admin.post(f"{url}/{added[0].id}/remove").status_code == 302
    assert count(OpeningHours) == 1


@pytest.mark.parametrize("opens, closes, weekday, message", [
    ("15:00", "15:00", "0", "The closing time must be after the opening time."),
    ("16:00", "09:00", "0", "The closing time must be after the opening time."),
    ("14:00", "17:00", "0", "This overlaps the period 09:00–15:00 on the same day."),
    ("08:00", "16:00", "0", "This overlaps the period 09:00–15:00 on the same day."),
    ("25:00", "26:00", "0", "Not a valid time value."),
    ("", "12:00", "0", "This field is required."),
    ("09:00", "12:00", "9", "Not a valid choice."),
    ("09:00", "12:00", "mon", "Invalid Choice"),
])
def test_bad_hours_are_refused(admin, net, opens, closes, weekday, message):
    response = admin.post(f"/staff/points/{net['point_id']}/hours/add?lang=en", data={
        "hours-mode": "normal", "hours-weekday": weekday, "hours-opens": opens,
        "hours-closes": closes})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(OpeningHours) == 1


def test_add_and_remove_exceptions(admin, net):
    url = f"/staff/points/{net['point_id']}/exceptions"
    day = today().replace(year=today().year + 1, month=1, day=6)
    response = admin.post(url + "/add", data={
        "exception-day": day.isoformat(), "exception-opens": "10:00",
        "exception-closes": "12:00", "exception-note": "<i>Loppiainen</i>"})
    assert response.status_code == 302
    added = [e for e in fresh(net["point_id"]).exceptions if e.day == day][0]
    assert not added.closed and added.opens == time(10) and added.note == "<i>Loppiainen</i>"
    page = admin.get(f"/staff/points/{net['point_id']}/hours").get_data(as_text=True)
    assert "&lt;i&gt;Loppiainen&lt;/i&gt;" in page and "10:00–12:00" in page
    for data, message in [
        ({"exception-day": day.isoformat(), "exception-closed": "y"},
         "This day has an exception already"),
        ({"exception-day": "2031-02-30", "exception-closed": "y"}, "Not a valid date value."),
        ({"exception-day": "2031-02-03"}, "Give the opening time."),
        ({"exception-day": "2031-02-03", "exception-opens": "12:00", "exception-closes": "11:00"},
         "The closing time must be after the opening time."),
        ({"exception-day": "2031-02-03", "exception-closed": "y", "exception-note": "x" * 5000},
         "Field cannot be longer than 200 characters."),
    ]:
        response = admin.post(url + "/add?lang=en", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert count(ScheduleException) == 2
    assert admin.post(f"{url}/{added.id}/remove").status_code == 302
    assert count(ScheduleException) == 1


def test_offerings_per_mode(admin, net):
    talk = factories.offering("conversation", name_fi="Keskusteluapu", name_en="Conversation help")
    old = factories.offering("old", name_en="Old help", retired_at=utcnow())
    db.session.commit()
    url = f"/staff/points/{net['point_id']}/offerings"
    page = admin.get(url + "?lang=en").get_data(as_text=True)
    assert "Conversation help" in page and "Old help" not in page
    assert admin.post(url, data={"normal_ids": [talk.id],
                                 "exceptional_ids": [talk.id, net["offering_id"]]}
                      ).status_code == 302
    point = fresh(net["point_id"])
    assert [o.code for o in point.offerings_in(ServiceMode.NORMAL)] == ["conversation"]
    assert {o.code for o in point.offerings_in(ServiceMode.EXCEPTIONAL)} == {
        "conversation", "food_aid"}
    for data in ({"normal_ids": [old.id]}, {"normal_ids": ["abc"]}, {"normal_ids": [9999]}):
        assert admin.post(url, data=data).status_code == 400
    assert [o.code for o in fresh(net["point_id"]).offerings_in(ServiceMode.NORMAL)] == [
        "conversation"]


def test_point_worker_keeps_their_own_point_true(client, users, net):
    sign_in(client, users[Role.POINT_WORKER])
    pid = net["point_id"]
    assert client.get(f"/staff/points/{pid}").status_code == 200
    assert client.post(f"/staff/points/{pid}/status", data={"status": "standby"}
                       ).status_code == 302
    assert client.post(f"/staff/points/{pid}/hours/add", data={
        "hours-mode": "normal", "hours-weekday": "1", "hours-opens": "09:00",
        "hours-closes": "12:00"}).status_code == 302
    assert client.post(f"/staff/points/{pid}/exceptions/add", data={
        "exception-day": "2031-01-01", "exception-closed": "y"}).status_code == 302
    assert client.post(f"/staff/points/{pid}/offerings", data={}).status_code == 302
    point = fresh(pid)
    assert point.status is PointStatus.STANDBY and len(point.hours) == 2
    assert len(point.exceptions) == 2 and point.offerings == []
    page = client.get(f"/staff/points/{pid}?lang=en").get_data(as_text=True)
    assert "Change offerings" in page and "Edit the details" not in page
    assert "Add a worker pair" not in page and "Retire" not in page


def test_point_worker_is_refused_elsewhere(client, users, net):
    other = factories.point("Muu tupa")
    other_hours = factories.hours(other)
    db.session.commit()
    sign_in(client, users[Role.POINT_WORKER])
    oid, pid = other.id, net["point_id"]
    refused = [
        ("GET", f"/staff/points/{oid}", None),
        ("POST", f"/staff/points/{oid}/status", {"status": "closed"}),
        ("GET", f"/staff/points/{oid}/hours", None),
        ("POST", f"/staff/points/{oid}/hours/add", {"hours-mode": "normal", "hours-weekday": "1",
                                                    "hours-opens": "09:00",
                                                    "hours-closes": "12:00"}),
        ("POST", f"/staff/points/{oid}/hours/{other_hours.id}/remove", {}),
        ("POST", f"/staff/points/{oid}/exceptions/add", {"exception-day": "2031-01-01",
                                                         "exception-closed": "y"}),
        ("POST", f"/staff/points/{oid}/offerings", {}),
        ("GET", "/staff/points/", None),
        ("GET", "/staff/points/new", None),
        ("POST", f"/staff/points/{pid}/edit", FULL),
        ("POST", f"/staff/points/{pid}/retire", {}),
    ]
    for method, url, data in refused:
        assert client.open(url, method=method, data=data).status_code == 403, url
    point, other = fresh(pid), fresh(oid)
    assert other.status is PointStatus.OPEN and len(other.hours) == 1
    assert point.name == "Tuiran asukastupa" and point.retired_at is None


def test_point_worker_loses_access_when_the_pair_ends(client, users, net):
    from network.models import WorkerPair

    db.session.get(WorkerPair, net["pair_id"]).ends_on = date(2021, 1, 1)
    db.session.commit()
    sign_in(client, users[Role.POINT_WORKER])
    assert client.get(f"/staff/points/{net['point_id']}").status_code == 403
    assert client.post(f"/staff/points/{net['point_id']}/status",
                       data={"status": "closed"}).status_code == 403


def test_volunteer_is_refused_every_point_page(client, users, net):
    sign_in(client, users[Role.VOLUNTEER])
    pid = net["point_id"]
    for url in ["/staff/points/", f"/staff/points/{pid}", f"/staff/points/{pid}/hours",
                f"/staff/points/{pid}/offerings", f"/staff/points/{pid}/edit"]:
        assert client.get(url).status_code == 403
    assert client.post(f"/staff/points/{pid}/status", data={"status": "closed"}
                       ).status_code == 403
    assert fresh(pid).status is PointStatus.OPEN


def test_forms_need_the_csrf_token(csrf_app, users):
    ids = factories.sample_network(users)
    client = csrf_app.test_client()
    g.pop("_login_user", None)
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    token = token.split('"')[0]
    client.post("/login", data={"email": users[Role.COORDINATOR].email,
                                "password": "correct horse battery", "csrf_token": token})
    url = f"/staff/points/{ids['point_id']}/status"
    assert client.post(url, data={"status": "closed"}).status_code == 400
    assert client.post(f"/staff/points/{ids['point_id']}/retire").status_code == 400
    assert fresh(ids["point_id"]).status is PointStatus.OPEN
    detail = client.get(f"/staff/points/{ids['point_id']}").get_data(as_text=True)
    token = detail.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post(url, data={"status": "closed", "csrf_token": token}).status_code == 302
    assert fresh(ids["point_id"]).status is PointStatus.CLOSED
