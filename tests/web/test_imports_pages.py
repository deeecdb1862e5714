"""The points import and export pages, as a coordinator uses them."""

import csv
import io
import re
from pathlib import Path

import flask_babel
import pytest
from sqlalchemy import func, select

from network.models import Area, Role, ServicePoint
from tests import factories
from tests.conftest import login
from web.extensions import db

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def coordinator(client, users):
    factories.organisation("Oulun kaupunki")
    factories.organisation("Oulun seurakuntayhtymä")
    db.session.add(Area(name="Tuira"))
    factories.offering("food_aid")
    factories.offering("conversation_help", name_fi="Keskusteluapu")
    db.session.commit()
    login(client, users[Role.COORDINATOR])
    client.set_cookie("lang", "en")  # the messages below are checked in English
    return client


def point_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(ServicePoint))


def upload(client, data: bytes, filename: str = "points.csv"):
    return client.post("/staff/points/import", data={"csv_file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_page_offers_upload_and_export_links(coordinator):
    page = coordinator.get("/staff/points/import")
    html = text_of(page)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert 'for="csv_file"' in html
    assert "/staff/points/export.csv?sep=semicolon" in html
    assert "/staff/points/export.csv?sep=comma" in html
    assert "/staff/offerings/table" in html
    assert html.count("<h1") == 1


def test_a_good_file_is_imported_twice_without_duplicates(coordinator):
    data = (DATA / "points_semicolon_bom.csv").read_bytes()
    first = upload(coordinator, data)
    assert first.status_code == 302
    summary = text_of(coordinator.get(first.headers["Location"]))
    assert re.search(r"2 points created, 0 updated, 0 unchanged", summary)
    assert point_count() == 2

    second = upload(coordinator, data)
    assert second.status_code == 302
    assert "0 points created, 0 updated, 2 unchanged" in text_of(
        coordinator.get("/staff/points/import"))
    assert point_count() == 2

    changed = data.replace(b"Tuiran asukastupa", b"Tuiran olohuone")
    upload(coordinator, changed)
    assert "0 points created, 1 updated, 1 unchanged" in text_of(
        coordinator.get("/staff/points/import"))
    assert point_count() == 2
    names = set(db.session.scalars(select(ServicePoint.name)))
    assert "Tuiran olohuone" in names and "Tuiran asukastupa" not in names


def test_bad_rows_are_listed_with_row_numbers_and_nothing_is_saved(coordinator):
    response = upload(coordinator, (DATA / "points_bad_rows.csv").read_bytes())
    html = text_of(response)
    assert response.status_code == 400
    assert "12 problems" in html and "Nothing was saved" in html
    assert "<td>7</td><td>area</td>" in html and "Atlantis" in html
    assert "<td>10</td><td>external_id</td>" in html
    assert point_count() == 0


@pytest.mark.parametrize("data, filename, fragment", [
    (b"", "points.csv", "The file is empty"),
    (b"  \r\n", "points.csv", "The file is empty"),
    ((DATA / "points_latin1.csv").read_bytes(), "points.csv", "not in UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00", "points.csv", "spreadsheet workbook"),
    (b"%PDF-1.7\n", "points.pdf", "Choose a CSV file"),
    (b"external_id,name\np-1,Nimi\n", "points.csv", "kind"),
])
def test_unusable_uploads_get_a_clear_message(coordinator, data, filename, fragment):
    response = upload(coordinator, data, filename)
    assert response.status_code == 400
    assert fragment in text_of(response)
    assert point_count() == 0


def test_sending_no_file_asks_for_one(coordinator):
    response = coordinator.post("/staff/points/import", data={},
                                content_type="multipart/form-data")
    html = text_of(response)
    assert response.status_code == 400
    assert "Choose a file to import." in html
    assert 'aria-describedby="csv_file-hint csv_file-error"' in html


def test_a_file_over_the_size_limit_is_refused(coordinator, app):
    app.config["POINTS_IMPORT_MAX_BYTES"] = 100
    data = b"external_id,name,kind\n" + b"".join(
        f"p-{i},Piste {i},library\n".encode() for i in range(20))
    response = upload(coordinator, data)
    assert response.status_code == 400
    assert "too large" in text_of(response)
    assert point_count() == 0


def test_a_file_over_the_request_limit_gets_the_error_page(coordinator, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(coordinator, b"x" * 5000)
    assert response.status_code == 413


def test_export_is_a_utf8_bom_attachment_with_escaped_formulas(coordinator):
    factories.point("=SUM(A1:A2)", external_id="p-1", city="Oulu")
    factories.point("Tuiran tupa", external_id="p-2", phone="+358 40 1")
    db.session.commit()
    response = coordinator.get("/staff/points/export.csv?sep=comma")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.match(r'attachment; filename="service-points-\d{4}-\d{2}-\d{2}\.csv"',
                    response.headers["Content-Disposition"])
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["'=SUM(A1:A2)", "Tuiran tupa"]
    assert rows[1]["phone"] == "'+358 40 1"


def test_export_uses_semicolons_for_finnish_and_imports_back(coordinator):
    factories.point("Tuiran tupa", external_id="p-1")
    db.session.commit()
    body = coordinator.get("/staff/points/export.csv?lang=fi").get_data()
    assert body.decode("utf-8-sig").startswith("external_id;name;kind;")
    # The test's app context outlives requests, and Flask-Babel keeps the locale in it.
    flask_babel.refresh()
    assert coordinator.get("/staff/points/export.csv?lang=en").get_data().decode(
        "utf-8-sig").startswith("external_id,name,kind,")
    response = upload(coordinator, body)
    assert response.status_code == 302
    assert point_count() == 1


def test_point_workers_may_not_import(client, users):
    login(client, users[Role.POINT_WORKER])
    response = upload(client, (DATA / "points_semicolon_bom.csv").read_bytes())
    assert response.status_code == 403
    assert point_count() == 0


def test_the_import_needs_a_csrf_token(csrf_app, users):
    client = csrf_app.test_client()

    def token(url: str) -> str:
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          text_of(client.get(url)))
        assert found is not None
        return found[1]

    logged_in = client.post("/login", data={"email": "coordinator@example.org",
                                             "password": "correct horse battery",
                                             "csrf_token": token("/login")})
    assert logged_in.status_code == 302
    data = b"external_id,name,kind\np-1,Nimi,library\n"
    assert upload(client, data).status_code == 400
    assert point_count() == 0
    response = client.post("/staff/points/import", content_type="multipart/form-data", data={
        "csv_file": (io.BytesIO(data), "points.csv"), "csrf_token": token("/staff/points/import")})
    assert response.status_code == 302
    assert point_count() == 1


def test_imported_points_without_coordinates_are_listed_to_locate(coordinator):
    data = (b"external_id,name,kind,street_address,postal_code,city\n"
            b"oulu-kaakkuri-1,Kaakkurin olohuone,living_room,Kemintie 6,90500,Oulu\n")
    assert upload(coordinator, data).status_code == 302
    point = db.session.scalars(select(ServicePoint)).one()
    page = coordinator.get("/staff/points/import").get_data(as_text=True)
    assert "Points waiting for coordinates (1)" in page
    assert f'href="/staff/geo/points/{point.id}/locate"' in page
    # The address is looked up (offline: the gazetteer) and shown for confirmation, not saved.
    found = coordinator.get(f"/staff/geo/points/{point.id}/locate").get_data(as_text=True)
    assert "Kemintie 6, 90500 Oulu" in found and 'name="latitude"' in found
    db.session.refresh(point)
    assert point.latitude is None
    overview = coordinator.get("/staff/").get_data(as_text=True)
    assert f'href="/staff/geo/points/{point.id}/locate"' in overview
