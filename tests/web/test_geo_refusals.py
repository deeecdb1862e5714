"""The population importer's refusals shown in the page's language, chosen by code."""

import re

import pytest
from flask_babel import force_locale

from geo.errors import REASONS, ImportRefused
from tests.conftest import make_app
from web.geo import refusals

PLACES = re.compile(r"%\((\w+)\)")


def case(code, en, fi, **values):
    return pytest.param(ImportRefused(code, **values), en, fi, id=code)


# Each refusal the geo and page tests provoke, as the page shows it in English and Finnish.
# The English is what the regex-matching translation showed before codes, except where
# marked better.
CASES = [
    case("missing_file", "The file does not exist.",  # better: it used to say "empty"
         "Tiedostoa ei ole olemassa."),
    case("empty_file", "The file is empty.", "Tiedosto on tyhjä."),
    case("unknown_format", "Unknown format shapefile: use GeoJSON, GeoPackage or CSV.",
         "Tuntematon tiedostomuoto shapefile: käytä GeoJSON-, GeoPackage- tai CSV-muotoa.",
         format="shapefile"),
    case("not_utf8", "The file is not valid GeoJSON.", "Tiedosto ei ole kelvollista GeoJSONia."),
    case("invalid_json",  # better: says where
         "The file is not valid GeoJSON: the JSON has an error at line 1, column 44.",
         "Tiedosto ei ole kelvollista GeoJSONia: JSON-rakenteessa on virhe rivillä 1, "
         "sarakkeessa 44.", line=1, col=44),
    case("not_feature_collection", "The file is not a GeoJSON FeatureCollection.",
         "Tiedosto ei ole GeoJSON FeatureCollection."),
    case("no_features", "The file contains no features.", "Tiedostossa ei ole kohteita."),
    case("not_a_feature", "Feature 3 is not a GeoJSON feature.",
         "Kohde 3 ei ole GeoJSON-kohde.", item="feature", n=3),
    case("crs_unreadable", "The coordinate reference system is unknown: the file must name an "
         "EPSG code (e.g. EPSG:3067).", "Koordinaattijärjestelmä ei ole tiedossa: tiedostossa "
         "on oltava EPSG-koodi (esim. EPSG:3067)."),
    case("unknown_crs", "The coordinate reference system is unknown: the file must name an "
         "EPSG code (e.g. EPSG:3067).", "Koordinaattijärjestelmä ei ole tiedossa: tiedostossa "
         "on oltava EPSG-koodi (esim. EPSG:3067).", crs="my local grid"),
    case("undescribed_srs", "The coordinate reference system is unknown: the file must name "
         "an EPSG code (e.g. EPSG:3067).", "Koordinaattijärjestelmä ei ole tiedossa: "
         "tiedostossa on oltava EPSG-koodi (esim. EPSG:3067).", srs_id=9),
    case("unknown_layer_crs", "The coordinate reference system is unknown: the file must name "
         "an EPSG code (e.g. EPSG:3067).", "Koordinaattijärjestelmä ei ole tiedossa: "
         "tiedostossa on oltava EPSG-koodi (esim. EPSG:3067).",
         srs_id=9, organization="NONE", srs_code=0),
    case("unusable_crs", "The coordinate reference system EPSG:99999 cannot be used.",  # better
         "Koordinaattijärjestelmää EPSG:99999 ei voi käyttää.", epsg=99999),
    case("not_sqlite", "The file is not a GeoPackage.", "Tiedosto ei ole GeoPackage."),
    case("not_geopackage", "The file is not a GeoPackage.", "Tiedosto ei ole GeoPackage."),
    case("geopackage_unopenable", "The GeoPackage cannot be read.", "GeoPackagea ei voi lukea."),
    case("geopackage_unreadable", "The GeoPackage cannot be read.", "GeoPackagea ei voi lukea.",
         detail="file is not a database"),
    case("no_feature_layer", "The GeoPackage has no feature layer.",
         "GeoPackagessa ei ole kohdetasoa."),
    case("no_such_layer", "The GeoPackage has no layer ruudut; its layers: grid, points.",
         "GeoPackagessa ei ole tasoa ruudut. Sen tasot: grid, points.",
         layer="ruudut", layers=["grid", "points"]),
    case("layer_without_geometry", "The GeoPackage layer grid has no features to read.",
         "GeoPackagen tasossa grid ei ole luettavia kohteita.", layer="grid"),
    case("empty_layer", "The GeoPackage layer grid has no features to read.",
         "GeoPackagen tasossa grid ei ole luettavia kohteita.", layer="grid"),
    case("not_csv", "The file is not a readable CSV file.",
         "Tiedosto ei ole luettava CSV-tiedosto."),
    case("unreadable_csv", "The file is not a readable CSV file.",
         "Tiedosto ei ole luettava CSV-tiedosto.", detail="field larger than field limit"),
    case("no_data_rows", "The file has a header but no data rows.",
         "Tiedostossa on otsikkorivi mutta ei tietorivejä."),
    case("population_column_missing",
         "The population column väki is not in the file; its columns: fid, asukasluku.",
         "Asukaslukusaraketta väki ei ole tiedostossa. Tiedoston sarakkeet: fid, asukasluku.",
         column="väki", columns=["fid", "asukasluku"]),
    case("no_population_column", "No population column found: expected one of asukkaita, "
         "vaesto; the file's columns: (none).",  # better: "(none)" is translated
         "Asukaslukusaraketta ei löytynyt. Odotettiin jotakin näistä: asukkaita, vaesto. "
         "Tiedoston sarakkeet: (ei mitään).", expected=["asukkaita", "vaesto"], columns=[]),
    case("no_coordinate_columns", "No coordinate columns: give lat and lon (WGS84) or x and y "
         "(EPSG:3067); the file's columns: lat, vaesto.", "Koordinaattisarakkeita ei ole: anna "
         "lat ja lon (WGS84) tai x ja y (EPSG:3067). Tiedoston sarakkeet: lat, vaesto.",
         columns=["lat", "vaesto"]),
    case("not_a_number", "Row 3: population 'many' is not a number.",
         "Rivi 3: sarakkeen population arvo 'many' ei ole luku.",
         item="row", n=3, column="population", value="many"),
    case("negative_population", "Feature 2: the population -5 is negative.",
         "Kohde 2: asukasluku -5 on negatiivinen.", item="feature", n=2, value=-5),
    case("no_geometry", "Feature 2 has no geometry.", "Kohde 2: geometria puuttuu.",
         item="feature", n=2),
    case("unsupported_geometry",  # better: names the type
         "Feature 1: the geometry type LineString is not supported; use Point, Polygon or "
         "MultiPolygon.", "Kohde 1: geometriatyyppiä LineString ei tueta; käytä tyyppiä Point, "
         "Polygon tai MultiPolygon.", item="feature", n=1, geometry_type="LineString"),
    case("geometry_unreadable", "Feature 2: the geometry is missing, unreadable or not a point "
         "or polygon.", "Kohde 2: geometria puuttuu, sitä ei voi lukea tai se ei ole piste tai "
         "monikulmio.", item="feature", n=2, geometry_type="Polygon"),
    case("not_geopackage_binary", "Feature 1: the geometry is missing, unreadable or not a "
         "point or polygon.", "Kohde 1: geometria puuttuu, sitä ei voi lukea tai se ei ole "
         "piste tai monikulmio.", item="feature", n=1),
    case("invalid_geometry_header", "Feature 1: the geometry is missing, unreadable or not a "
         "point or polygon.", "Kohde 1: geometria puuttuu, sitä ei voi lukea tai se ei ole "
         "piste tai monikulmio.", item="feature", n=1),
    case("bad_geometry", "Feature 4: the geometry is missing, unreadable or not a point or "
         "polygon.", "Kohde 4: geometria puuttuu, sitä ei voi lukea tai se ei ole piste tai "
         "monikulmio.", item="feature", n=4),
    case("geometries_unreadable", "The geometries cannot be read.", "Geometrioita ei voi lukea."),
    case("outside_finland", "Row 2 lies outside Finland: check the coordinate reference system "
         "and the coordinate columns.", "Rivi 2 on Suomen ulkopuolella: tarkista "
         "koordinaattijärjestelmä ja koordinaattisarakkeet.",
         item="row", n=2, epsg=3067, where="25.47, 65.01"),
]


@pytest.fixture(scope="module")
def app():
    app = make_app("sqlite://")
    with app.test_request_context("/"):
        yield app


def shown(refused: ImportRefused, locale: str) -> str:
    with force_locale(locale):
        return refusals.translate(refused)


def test_every_code_geo_can_raise_has_a_translation(app):
    assert set(refusals.MESSAGES) == set(REASONS)
    with force_locale("en"):
        for code, message in refusals.MESSAGES.items():
            used = set(PLACES.findall(str(message)))
            assert used <= set(PLACES.findall(REASONS[code])), code


def test_the_cases_cover_every_code():
    assert {param.values[0].code for param in CASES} == set(REASONS)


@pytest.mark.parametrize(("refused", "en", "fi"), CASES)
def test_each_refusal_reads_well_in_every_language(app, refused, en, fi):
    assert shown(refused, "en") == en
    assert shown(refused, "fi") == fi
    swedish = shown(refused, "sv")
    assert swedish != en and "%(" not in swedish


def test_a_code_without_a_translation_still_shows_the_reason(app, monkeypatch):
    monkeypatch.delitem(refusals.MESSAGES, "no_data_rows")
    assert shown(ImportRefused("no_data_rows"), "fi") == (
        "Tiedostoa ei hyväksytty: The file has a header but no data rows.")
