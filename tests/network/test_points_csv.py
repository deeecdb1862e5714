"""The CSV format of service points: cells, export, import, round trips and refused rows."""

import csv
import io
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from network import points_csv
from network.clock import utcnow
from network.csv_format import (
    Period,
    decode_upload,
    escape_cell,
    format_bool,
    format_week,
    parse_bool,
    parse_week,
    read_records,
    sniff_delimiter,
    unescape_cell,
)
from network.errors import ValidationError
from network.models import (
    Area,
    OpeningHours,
    OrganisationKind,
    PointKind,
    PointOffering,
    PointStatus,
    ServiceMode,
    ServicePoint,
)
from tests import factories
from web.extensions import db

DATA = Path(__file__).parent.parent / "data"


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("yes", True), ("YES", True), ("true", True), ("1", True), ("kyllä", True), ("Kyllä", True),
    ("no", False), ("False", False), ("0", False), ("ei", False), ("", None), ("  ", None),
])
def test_booleans_are_read_in_many_spellings(text, expected):
    assert parse_bool(text) is expected


def test_an_unknown_boolean_is_refused_and_written_as_yes_or_no():
    with pytest.raises(ValidationError):
        parse_bool("maybe")
    assert (format_bool(True), format_bool(False)) == ("yes", "no")


@pytest.mark.parametrize("text", [
    "mon 09:00-12:00, 13:00-16:00; wed 12:00-16:00",
    "Mon 9-12, 13-16; WED 12.00-16.00",
    "ma 9:00–12:00, 13–16; ke 12-16",
    "mån 9-12, 13-16; ons 12-16",
    " ; mon 09:00 - 12:00 , 13:00-16:00 ;wed 12:00-16:00; ",
])
def test_weekly_hours_are_read_leniently_and_written_one_way(text):
    periods = parse_week(text)
    assert periods == [Period(0, time(9), time(12)), Period(0, time(13), time(16)),
                       Period(2, time(12), time(16))]
    assert format_week(periods) == "mon 09:00-12:00, 13:00-16:00; wed 12:00-16:00"


def test_day_ranges_expand_and_empty_means_no_hours():
    assert [p.weekday for p in parse_week("mon-fri 9-15")] == [0, 1, 2, 3, 4]
    assert format_week(parse_week("mon-fri 9-15")) == "mon-fri 09:00-15:00"
    assert format_week(parse_week("mon 9-15; tue 9-15; wed 9-12; thu-fri 9-12; sun 9-12")) == (
        "mon-tue 09:00-15:00; wed-fri 09:00-12:00; sun 09:00-12:00")
    assert [p.weekday for p in parse_week("la-su 10-14")] == [5, 6]
    assert parse_week("") == parse_week(None) == []
    assert format_week([]) == ""


@pytest.mark.parametrize("text, fragment", [
    ("mon 9-12; mon 11-14", "overlap"),
    ("mon 15-9", "not after"),
    ("mon 9-9", "not after"),
    ("funday 9-12", "not a weekday"),
    ("fri-mon 9-12", "backwards"),
    ("mon 25:00-26:00", "not a time"),
    ("mon 9:75-10", "not a time"),
    ("mon 9-24:00", "23:59"),
    ("mon", "not like"),
    ("mon nine to five", "not like"),
    ("mon 9-12 13-16", "not a time range"),
])
def test_bad_weekly_hours_are_refused_with_the_reason(text, fragment):
    with pytest.raises(ValidationError) as caught:
        parse_week(text)
    assert fragment in str(caught.value.message)


def test_touching_periods_do_not_overlap():
    assert len(parse_week("mon 9-12, 12-15")) == 2


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "=HYPERLINK(\"x\")"])
def test_formula_cells_are_escaped_and_read_back_unchanged(cell):
    assert escape_cell(cell) == "'" + cell
    assert unescape_cell(escape_cell(cell)) == cell


def test_ordinary_cells_and_numbers_are_not_escaped():
    assert escape_cell("Tuira") == "Tuira"
    assert escape_cell(-25.5) == -25.5
    assert unescape_cell("'quoted") == "'quoted"


def test_uploads_are_utf8_with_or_without_bom():
    assert decode_upload(b"a,b\n") == "a,b\n"
    assert decode_upload("\ufeffa,ä\n".encode()) == "a,ä\n"
    for data, fragment in [
        (b"", "empty"), (b" \r\n", "empty"), ((DATA / "points_latin1.csv").read_bytes(), "UTF-8"),
        (b"PK\x03\x04rest-of-a-zip", "workbook"), (b"%PDF\x00\x01", "not a CSV"),
    ]:
        with pytest.raises(ValidationError) as caught:
            decode_upload(data)
        assert fragment in str(caught.value.message)


def test_the_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n") == ";"
    assert sniff_delimiter("\ufeffa,b,c\n1;2;3\n") == ","
    assert read_records('a;b\n"x;y";2\n') == [["a", "b"], ["x;y", "2"]]


# --- the database side ------------------------------------------------------------------------


@pytest.fixture
def catalogue(app):
    """An organisation, an area and two offerings that files can refer to.

    A request context (in English) lets the lazily translated messages be read as text.
    """
    with app.test_request_context("/?lang=en"):
        yield _catalogue()


def _catalogue():
    org = factories.organisation("Oulun kaupunki")
    parish = factories.organisation("Oulun seurakuntayhtymä", kind=OrganisationKind.PARISH)
    tuira = Area(name="Tuira")
    db.session.add(tuira)
    food = factories.offering("food_aid", sort_order=1)
    talk = factories.offering("conversation_help", name_fi="Keskusteluapu",
                              name_sv="Samtalsstöd", name_en="Conversation help", sort_order=2)
    db.session.commit()
    return {"org": org, "parish": parish, "tuira": tuira, "food": food, "talk": talk}


def point_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ServicePoint))


def point(external_id: str) -> ServicePoint:
    db.session.expire_all()
    return db.session.scalar(select(ServicePoint).where(ServicePoint.external_id == external_id))


def import_text(text: str) -> points_csv.ImportResult:
    result = points_csv.import_points(text, now=utcnow())
    if result.ok:
        db.session.commit()
    else:
        db.session.rollback()
    return result


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def full_point(catalogue, name="Tuiran asukastupa", external_id="oulu-tuira-1"):
    p = factories.point(name, external_id=external_id, organisation_id=catalogue["org"].id,
                        street_address="Tuiranpuistikko 1", postal_code="90500", city="Oulu",
                        phone="+358 40 123 4567", email="tupa@example.org",
                        step_free_access=True, accessibility_notes="Ramppi pihan puolella",
                        languages=["fi", "sv"], target_groups=["everyone", "older_people"],
                        status=PointStatus.STANDBY, in_exceptional_network=True,
                        walk_in=False)
    p.area_id = catalogue["tuira"].id
    factories.hours(p, weekday=0, opens=time(9), closes=time(12))
    factories.hours(p, weekday=0, opens=time(13), closes=time(16))
    factories.hours(p, weekday=4, opens=time(10), closes=time(14), mode=ServiceMode.EXCEPTIONAL)
    db.session.add_all([
        PointOffering(point_id=p.id, offering_id=catalogue["food"].id, mode=ServiceMode.NORMAL),
        PointOffering(point_id=p.id, offering_id=catalogue["talk"].id, mode=ServiceMode.NORMAL),
        PointOffering(point_id=p.id, offering_id=catalogue["food"].id,
                      mode=ServiceMode.EXCEPTIONAL),
    ])
    db.session.commit()
    return p


def test_export_writes_every_column_of_active_points(catalogue):
    full_point(catalogue)
    retired = factories.point("Suljettu tupa", retired_at=utcnow())
    db.session.commit()
    text = points_csv.export_csv()
    assert text.startswith("\ufeff") and "\r\n" in text
    (row,) = rows_of(text)
    assert list(row) == list(points_csv.COLUMNS)
    assert row == {
        "external_id": "oulu-tuira-1", "name": "Tuiran asukastupa", "kind": "living_room",
        "organisation": "Oulun kaupunki", "area": "Tuira", "street_address": "Tuiranpuistikko 1",
        "postal_code": "90500", "city": "Oulu", "latitude": "65.03", "longitude": "25.47",
        "phone": "'+358 40 123 4567", "email": "tupa@example.org", "walk_in": "no",
        "step_free_access": "yes", "accessibility_notes": "Ramppi pihan puolella",
        "languages": "fi; sv", "target_groups": "everyone; older_people", "status": "standby",
        "in_exceptional_network": "yes", "offerings_normal": "food_aid; conversation_help",
        "offerings_exceptional": "food_aid", "hours_normal": "mon 09:00-12:00, 13:00-16:00",
        "hours_exceptional": "fri 10:00-14:00",
    }
    assert retired.external_id not in text


def test_export_neutralises_formulas(catalogue):
    factories.point("=HYPERLINK(\"http://evil.example\",\"click\")", external_id="@evil",
                    accessibility_notes="-2+3", city="+cmd")
    db.session.commit()
    (row,) = rows_of(points_csv.export_csv())
    assert row["name"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert row["external_id"] == "'@evil"
    assert row["accessibility_notes"] == "'-2+3"
    assert row["city"] == "'+cmd"


def test_export_then_import_round_trips(catalogue):
    full_point(catalogue)
    factories.point("=Kaava", external_id="oulu-2", latitude=None, longitude=None,
                    languages=[], target_groups=[])
    db.session.commit()
    exported = points_csv.export_csv(delimiter=";")

    again = import_text(exported)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    for p in db.session.scalars(select(ServicePoint)):
        db.session.delete(p)
    db.session.commit()
    assert point_count() == 0
    fresh = import_text(exported)
    assert fresh.ok, fresh.problems
    assert (fresh.created, fresh.updated, fresh.unchanged) == (2, 0, 0)
    assert points_csv.export_csv(delimiter=";") == exported
    assert point("oulu-2").name == "=Kaava"


def test_a_second_import_updates_rather_than_duplicates(catalogue):
    text = (DATA / "points_semicolon_bom.csv").read_bytes()
    first = points_csv.import_upload(text, now=utcnow())
    assert first.ok, first.problems
    db.session.commit()
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert point_count() == 2

    second = points_csv.import_upload(text, now=utcnow())
    db.session.commit()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert point_count() == 2

    changed = text.decode("utf-8-sig").replace("Tuiran asukastupa", "Tuiran olohuone").replace(
        "ma-pe 9-15", "ma-pe 10-15").encode()
    third = points_csv.import_upload(changed, now=utcnow())
    db.session.commit()
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert point_count() == 2
    tuira = point("oulu-tuira-1")
    assert tuira.name == "Tuiran olohuone"
    assert {(h.weekday, h.opens) for h in tuira.hours} == {(d, time(10)) for d in range(5)}
    assert db.session.scalar(select(func.count()).select_from(OpeningHours)) == 5 + 2


def test_semicolons_bom_decimal_commas_and_any_case_names_are_understood(catalogue):
    result = points_csv.import_upload((DATA / "points_semicolon_bom.csv").read_bytes(),
                                      now=utcnow())
    assert result.ok, result.problems
    db.session.commit()
    tuira = point("oulu-tuira-1")
    assert (tuira.latitude, tuira.longitude) == (65.0301, 25.4712)
    assert tuira.organisation_id == catalogue["org"].id and tuira.area_id == catalogue["tuira"].id
    assert tuira.walk_in is True and tuira.languages == ["fi", "sv"]
    assert tuira.kind == PointKind.LIVING_ROOM and tuira.status == PointStatus.OPEN
    hall = point("oulu-keskusta-1")
    assert hall.name == "Keskustan seurakuntatalo; sali"
    assert hall.organisation_id == catalogue["parish"].id and hall.area_id is None
    assert hall.walk_in is False
    assert [o.code for o in hall.offerings_in(ServiceMode.NORMAL)] == [
        "food_aid", "conversation_help"]
    assert format_week((h.weekday, h.opens, h.closes) for h in hall.hours) == (
        "mon 09:00-12:00, 13:00-16:00")


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_saved(catalogue):
    before = point_count()
    result = points_csv.import_upload((DATA / "points_bad_rows.csv").read_bytes(), now=utcnow())
    db.session.rollback()
    assert point_count() == before == 0
    found = {(p.row, p.column): str(p.message) for p in result.problems}
    expected = {
        (3, "external_id"): "required",
        (4, "kind"): "castle",
        (5, "latitude"): "between -90 and 90",
        (6, "organisation"): "Ei ole olemassa ry",
        (7, "area"): "Atlantis",
        (8, "hours_normal"): "overlap",
        (9, "offerings_normal"): "teleportation",
        (10, "external_id"): "also on row 2",
        (11, "walk_in"): "maybe",
        (12, "target_groups"): "aliens",
        (13, "status"): "sleeping",
        (14, "longitude"): "both latitude and longitude",
    }
    assert set(found) == set(expected), found
    for key, fragment in expected.items():
        assert fragment in found[key], (key, found[key])
    assert "no organisation" in found[(6, "organisation")]
    assert "no area" in found[(7, "area")]


@pytest.mark.parametrize("header, row, column, fragment", [
    ("external_id,name,kind", "x" * 65 + ",Nimi,library", "external_id", "at most 64"),
    ("external_id,name,kind", "p-1," + "n" * 201 + ",library", "name", "at most 200"),
    ("external_id,name,kind", "p-1,,library", "name", "required"),
    ("external_id,name,kind", "p-1,Nimi,", "kind", "required"),
    ("external_id,name,kind,postal_code", "p-1,Nimi,library,12345678901", "postal_code", "10"),
    ("external_id,name,kind,email", "p-1,Nimi,library,not-an-email", "email", "email"),
    ("external_id,name,kind,latitude,longitude", "p-1,Nimi,library,65,-181", "longitude",
     "between -180 and 180"),
    ("external_id,name,kind,latitude,longitude", "p-1,Nimi,library,north,25", "latitude",
     "not a number"),
    ("external_id,name,kind,latitude,longitude", "p-1,Nimi,library,nan,25", "latitude",
     "between"),
    ("external_id,name,kind,languages", "p-1,Nimi,library,finnish", "languages", "finnish"),
    ("external_id,name,kind,hours_exceptional", "p-1,Nimi,library,sun 18-9", "hours_exceptional",
     "not after"),
])
def test_each_bad_cell_is_refused_on_its_row(catalogue, header, row, column, fragment):
    result = import_text(f"{header}\nok-1,Hyvä,library\n{row}\n")
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    assert fragment in str(result.problems[0].message)
    assert point_count() == 0


def test_a_retired_offering_organisation_area_or_point_is_refused(catalogue):
    catalogue["talk"].retired_at = utcnow()
    catalogue["parish"].retired_at = utcnow()
    catalogue["tuira"].retired_at = utcnow()
    factories.point("Vanha", external_id="old-1", retired_at=utcnow())
    db.session.commit()
    result = import_text("external_id,name,kind,offerings_normal,organisation,area\n"
                         "p-1,Uusi,library,conversation_help,,\nold-1,Vanha,library,,,\n"
                         "p-2,Uusi,library,,oulun seurakuntayhtymä,tuira\n")
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "offerings_normal"), (3, "external_id"), (4, "organisation"), (4, "area")]
    assert "Retired" in str(result.problems[0].message)
    assert "has been retired" in str(result.problems[1].message)
    assert str(result.problems[2].message) == (
        "The organisation “Oulun seurakuntayhtymä” has been retired.")
    assert str(result.problems[3].message) == "The area “Tuira” has been retired."


@pytest.mark.parametrize("text, fragment", [
    ("external_id,name,kind,colour\np-1,Nimi,library,red\n", "Unknown column “colour”"),
    ("external_id,name\np-1,Nimi\n", "required column “kind”"),
    ("external_id,name,kind,name\np-1,Nimi,library,Toinen\n", "appears twice"),
    ("external_id,name,kind,latitude\np-1,Nimi,library,65\n", "together"),
    ("external_id,name,kind\n", "no points"),
    ("\n\n", "empty"),
    ("hello world, this is a letter\nnot a csv file\n", "Unknown column"),
])
def test_a_wrong_header_or_an_empty_file_is_refused(catalogue, text, fragment):
    result = import_text(text)
    assert not result.ok
    assert any(fragment in str(p.message) for p in result.problems), result.problems
    assert point_count() == 0


def test_extra_cells_and_unnamed_columns(catalogue):
    result = import_text("external_id,name,kind,\np-1,Nimi,library,\np-2,Nimi,library,x\n"
                         "p-3,Nimi,library,,extra\n")
    assert [(p.row, p.column) for p in result.problems] == [(3, None), (4, None)]
    ok = import_text("external_id,name,kind,\r\np-1,Nimi,library,\r\n\r\np-2,Toinen,mobile\r\n")
    assert ok.ok and ok.created == 2


def test_blank_rows_still_count_for_row_numbers(catalogue):
    result = import_text("external_id,name,kind\n\np-1,Nimi,castle\n")
    assert [(p.row, p.column) for p in result.problems] == [(3, "kind")]


def test_a_quoted_cell_with_a_line_break_is_one_spreadsheet_row(catalogue):
    result = import_text('external_id,name,kind,accessibility_notes\n'
                         'p-1,Nimi,library,"line one\nline two"\np-2,Nimi,castle,\n')
    assert [(p.row, p.column) for p in result.problems] == [(3, "kind")]


def test_left_out_columns_keep_existing_values_and_empty_cells_clear(catalogue):
    full_point(catalogue)
    result = import_text("external_id,name,kind,phone,walk_in,offerings_exceptional\n"
                         "oulu-tuira-1,Tuiran asukastupa,living_room,,,conversation_help\n")
    assert (result.updated, result.unchanged) == (1, 0)
    p = point("oulu-tuira-1")
    assert p.phone is None  # an empty cell clears
    assert p.walk_in is False  # an empty yes/no cell keeps
    assert p.email == "tupa@example.org" and p.area_id == catalogue["tuira"].id  # left out
    assert [o.code for o in p.offerings_in(ServiceMode.EXCEPTIONAL)] == ["conversation_help"]
    assert [o.code for o in p.offerings_in(ServiceMode.NORMAL)] == [
        "food_aid", "conversation_help"]
    assert len(p.hours) == 3


def test_offerings_of_retired_catalogue_entries_are_left_alone(catalogue):
    full_point(catalogue)
    catalogue["talk"].retired_at = utcnow()
    db.session.commit()
    (row,) = rows_of(points_csv.export_csv())
    assert row["offerings_normal"] == "food_aid"
    result = import_text("external_id,name,kind,offerings_normal\n"
                         "oulu-tuira-1,Tuiran asukastupa,living_room,\n")
    assert result.updated == 1
    p = point("oulu-tuira-1")
    assert {po.offering_id for po in p.offerings if po.mode == ServiceMode.NORMAL} == {
        catalogue["talk"].id}


def test_html_in_text_is_stored_as_text(catalogue):
    result = import_text('external_id,name,kind\np-1,"<b>Tupa</b> & <script>x</script>",other\n')
    assert result.ok
    assert point("p-1").name == "<b>Tupa</b> & <script>x</script>"
