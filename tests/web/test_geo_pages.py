"""The staff geo pages: network map, coverage (with a what-if), population import, candidate
sites and geocoding a point's address, on SQLite and PostgreSQL."""

import io
import json
import re
import threading
from html import unescape
from http.server import ThreadingHTTPServer

import pytest
import shapely
from flask import g
from sqlalchemy import func, select

from geo.population import PopulationGrid
from network import accounts
from network import points as network_points
from network.models import CandidateSite, PointStatus, PopulationDataset, Role, ServicePoint
from tests import factories
from tests.conftest import PASSWORD, _clean, login, make_app
from tests.geo.gpkg import write_gpkg
from tests.geo.test_geocoding import FakeGeocoder
from web.extensions import db
from web.geo import services

XSS = "<img src=x onerror=alert(1)>"


def english(client):
    """Pages in English from now on (the language cookie), as the assertions are."""
    client.get("/login?lang=en")
    return client


@pytest.fixture
def admin(client, users):
    login(english(client), users[Role.STEERING_ADMIN])
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def number(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', html).group(1)


def two_points():
    a = factories.point("Piste A", latitude=65.00, longitude=25.50)
    b = factories.point("Piste B", latitude=65.10, longitude=25.50)
    db.session.commit()
    return a, b


def hand_grid():
    """100 people next to A, 50 next to B, 7 far from both (250 m cells)."""
    grid = PopulationGrid.from_latlon([65.001, 65.002, 65.101, 65.30],
                                      [25.50, 25.501, 25.50, 25.50], [60, 40, 50, 7], 250.0)
    dataset = factories.population_dataset("Käsin tehty", grid)
    db.session.commit()
    return dataset


# Network map ----------------------------------------------------------------------------

def test_network_map_escapes_names_and_uses_our_own_leaflet(app, admin):
    factories.point(XSS)
    factories.point("Suljettu piste", latitude=65.05, longitude=25.45,
                    status=PointStatus.CLOSED)
    factories.point("Ilman paikkaa", latitude=None, longitude=None)
    db.session.commit()
    response = admin.get("/staff/geo/map")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "ApuMaps.markers(" in html
    assert "cdn" not in html.lower()
    assert "Ilman paikkaa" in html  # listed as a point the map cannot show
    assert admin.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert admin.get("/staff/geo/map?mode=nonsense").status_code == 400


def test_maps_are_built_once_per_network_version(app, admin):
    a, _ = two_points()
    maps = services.state().maps
    admin.get("/staff/geo/map")
    admin.get("/staff/geo/map")
    assert maps.builds == 1
    network_points.set_status(a, PointStatus.CLOSED)
    db.session.commit()
    html = admin.get("/staff/geo/map").get_data(as_text=True)
    assert maps.builds == 2
    assert '"c":"closed"' in html


# Coverage -------------------------------------------------------------------------------

def test_coverage_numbers_on_a_hand_built_grid_and_a_what_if(app, admin):
    a, b = two_points()
    dataset = hand_grid()
    url = f"/staff/geo/coverage?mode=normal&threshold_km=2&dataset={dataset.id}"
    html = admin.get(url).get_data(as_text=True)
    assert (number(html, "covered-population"), number(html, "uncovered-population")) == (
        "150", "7")
    assert "Käsin tehty" in html and 'id="baseline"' not in html
    closed = admin.get(f"{url}&closed={b.id}")
    html = closed.get_data(as_text=True)
    assert closed.status_code == 200
    assert (number(html, "covered-population"), number(html, "uncovered-population")) == (
        "100", "57")
    assert 'id="baseline"' in html and "150" in html
    wide = admin.get(f"/staff/geo/coverage?threshold_km=20&dataset={dataset.id}")
    assert number(wide.get_data(as_text=True), "uncovered-population") == "7"
    wider = admin.get(f"/staff/geo/coverage?threshold_km=20&dataset={dataset.id}"
                      f"&closed={a.id}")
    # At 20 km, B (11 km away) still reaches A's people.
    assert number(wider.get_data(as_text=True), "covered-population") == "150"


def test_coverage_suggests_candidate_sites_and_cells(app, admin):
    two_points()
    dataset = hand_grid()
    factories.candidate_site("Kaukainen koulu", latitude=65.301, longitude=25.50)
    factories.candidate_site("Turha paikka", latitude=66.0, longitude=26.0)
    db.session.commit()
    html = admin.get(f"/staff/geo/coverage?dataset={dataset.id}&suggestions=3"
                     "&candidates=sites").get_data(as_text=True)
    assert "Kaukainen koulu" in html and "Turha paikka" not in html.split("suggestions-h")[1]
    assert re.search(r'class="added-population">7<', html)
    cells = admin.get(f"/staff/geo/coverage?dataset={dataset.id}&candidates=cells")
    assert re.search(r'class="added-population">7<', cells.get_data(as_text=True))


def test_coverage_without_data_uses_the_labelled_stand_in(app, admin):
    factories.point("Tuiran piste", latitude=65.03, longitude=25.47)
    db.session.commit()
    html = admin.get("/staff/geo/coverage").get_data(as_text=True)
    assert "Rough stand-in" in html and "ApuMaps.cells(" in html


@pytest.mark.parametrize("query", ["threshold_km=0", "threshold_km=25", "threshold_km=abc",
                                   "suggestions=0", "dataset=12345", "closed=999999",
                                   "mode=other"])
def test_coverage_refuses_bad_settings_with_400(app, admin, query):
    two_points()
    response = admin.get(f"/staff/geo/coverage?{query}")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


# Population data ------------------------------------------------------------------------

def geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"asukkaita": pop}} for lat, lon, pop in features]}).encode()


def upload(client, data: bytes, filename: str, name="Väestö 2024", **extra):
    return client.post("/staff/geo/population/", data={
        "file": (io.BytesIO(data), filename), "name": name, **extra},
        content_type="multipart/form-data")


def test_import_geojson_shows_what_was_found(app, admin):
    response = upload(admin, geojson((65.0, 25.5, 10), (65.01, 25.5, 20), (65.3, 25.5, 5)),
                      "ruudut.geojson")
    assert response.status_code == 302
    dataset = db.session.scalar(select(PopulationDataset))
    assert (dataset.cell_count, dataset.total_population, dataset.crs) == (3, 35.0, "EPSG:4326")
    assert dataset.min_lat == pytest.approx(65.0) and dataset.max_lat == pytest.approx(65.3)
    page = admin.get("/staff/geo/population/").get_data(as_text=True)
    assert "Väestö 2024" in page and "3 cells, 35 people, EPSG:4326" in page
    assert "ruudut.geojson" in page


def test_import_csv_and_geopackage(app, admin, tmp_path):
    csv = b"lat;lon;vaesto\n65,0;25,5;12\n65,01;25,5;8\n"
    assert upload(admin, csv, "ruudut.csv", name="CSV").status_code == 302
    cells = [shapely.box(427_000 + i * 250, 7_210_000, 427_250 + i * 250, 7_210_250)
             for i in range(4)]
    gpkg = write_gpkg(tmp_path / "grid.gpkg", [(c, 5) for c in cells])
    assert upload(admin, gpkg.read_bytes(), "grid.gpkg", name="GPKG").status_code == 302
    found = {d.name: d for d in db.session.scalars(select(PopulationDataset))}
    assert found["CSV"].total_population == 20
    assert (found["GPKG"].cell_count, found["GPKG"].cell_size, found["GPKG"].crs) == (
        4, 250.0, "EPSG:3067")


@pytest.mark.parametrize(("data", "filename", "reason"), [
    (b"", "tyhja.csv", "The file is empty."),
    (b'{"type": "FeatureCollection", "features": [', "rikki.geojson",
     "The file is not valid GeoJSON: the JSON has an error at line 1, column 44."),
    (b"a,b\n1,2\n", "sarakkeet.csv", "No population column found: expected one of "
     "asukkaita, vaesto, väestö, population, pop, he_vakiy; the file's columns: a, b."),
    (None, "negatiivinen.geojson", "Feature 2: the population -5 is negative."),
    (b"lat,lon,vaesto\n48.85,2.35,10\n", "pariisi.csv", "Row 2 lies outside Finland"),
    (b"lat,vaesto\n65,10\n", "koordinaatit.csv", "No coordinate columns: give lat and lon "
     "(WGS84) or x and y (EPSG:3067); the file's columns: lat, vaesto."),
    (b'{"type": "Feature", "properties": {"vaesto": 1}, "geometry": {"type": "LineString", '
     b'"coordinates": [[25, 65], [26, 65]]}}', "viiva.geojson", "Feature 1: the geometry "
     "type LineString is not supported; use Point, Polygon or MultiPolygon."),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_saved(app, admin, data, filename,
                                                                    reason):
    if data is None:
        data = geojson((65.0, 25.5, 10), (65.01, 25.5, -5))
    response = upload(admin, data, filename)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert reason in html
    assert count(PopulationDataset) == 0


def test_a_refusal_is_shown_in_the_users_language(app, admin):
    admin.get("/login?lang=fi")
    response = upload(admin, b"lat,lon,asukkaat\n65,25,1\n", "sarakkeet.csv")
    assert response.status_code == 400
    assert ("Asukaslukusaraketta ei löytynyt. Odotettiin jotakin näistä: asukkaita, vaesto, "
            "väestö, population, pop, he_vakiy. Tiedoston sarakkeet: lat, lon, asukkaat.") in (
        response.get_data(as_text=True))
    admin.get("/login?lang=sv")
    response = upload(admin, geojson((65.0, 25.5, 10), (65.01, 25.5, -5)), "a.geojson")
    assert "Objekt 2:" in response.get_data(as_text=True)
    assert count(PopulationDataset) == 0


def test_import_needs_a_unique_name_and_a_file(app, admin):
    factories.population_dataset("Väestö 2024")
    db.session.commit()
    response = upload(admin, geojson((65.0, 25.5, 10)), "a.geojson", name="väestö 2024")
    assert response.status_code == 400 and "already in use" in response.get_data(as_text=True)
    assert admin.post("/staff/geo/population/", data={"name": "X"}).status_code == 400
    assert count(PopulationDataset) == 1


def test_remove_a_dataset(app, admin):
    dataset = factories.population_dataset()
    db.session.commit()
    response = admin.post(f"/staff/geo/population/{dataset.id}/delete")
    assert response.status_code == 302 and count(PopulationDataset) == 0


def test_coordinators_read_but_do_not_import(app, client, users):
    login(english(client), users[Role.COORDINATOR])
    page = client.get("/staff/geo/population/").get_data(as_text=True)
    assert "Import a population file" not in page
    assert upload(client, geojson((65.0, 25.5, 10)), "a.geojson").status_code == 403


def test_cli_imports_with_a_progress_bar_or_refuses(app, tmp_path):
    good = tmp_path / "ruudut.geojson"
    good.write_bytes(geojson((65.0, 25.5, 10), (65.01, 25.5, 20)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["geo", "import-population", str(good), "--name", "Komento"])
    assert result.exit_code == 0, result.output
    assert "Found 2 cells" in result.output and "30 people" in result.output
    assert db.session.scalar(select(PopulationDataset.name)) == "Komento"
    bad = tmp_path / "rikki.csv"
    bad.write_bytes(b"lat,lon\n65,25\n")
    result = runner.invoke(args=["geo", "import-population", str(bad), "--name", "Rikki"])
    assert result.exit_code != 0 and "Nothing was saved" in result.output
    assert "No population column: expected one of asukkaita" in result.output
    assert "columns found: lat, lon." in result.output
    again = runner.invoke(args=["geo", "import-population", str(good), "--name", "komento"])
    assert again.exit_code != 0
    assert count(PopulationDataset) == 1


# Candidate sites ------------------------------------------------------------------------

def test_candidate_sites_create_edit_retire(app, admin):
    form = {"name": "Kaakkurin koulu", "latitude": "64,97", "longitude": "25.53", "notes": ""}
    assert admin.post("/staff/geo/candidates/new", data=form).status_code == 302
    site = db.session.scalar(select(CandidateSite))
    assert (site.latitude, site.longitude) == (64.97, 25.53)
    response = admin.post(f"/staff/geo/candidates/{site.id}/edit",
                          data=form | {"latitude": "48.0", "longitude": "2.0"})
    assert response.status_code == 400
    assert "must be in Finland" in response.get_data(as_text=True)
    assert admin.post("/staff/geo/candidates/new",
                      data=form | {"latitude": "95"}).status_code == 400
    assert admin.post(f"/staff/geo/candidates/{site.id}/retire").status_code == 302
    listed = admin.get("/staff/geo/candidates/").get_data(as_text=True)
    assert '<th scope="row">Kaakkurin koulu' not in listed
    assert count(CandidateSite) == 1


def test_candidate_lookup_fills_the_coordinates_without_saving(app, admin):
    response = admin.post("/staff/geo/candidates/new", data={
        "name": "Tuiran kirjasto", "place": "Tuira", "lookup": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Found Tuira" in html
    assert re.search(r'id="latitude"[^>]*value="65\.0', html)
    assert count(CandidateSite) == 0
    missing = admin.post("/staff/geo/candidates/new", data={
        "name": "X", "place": "Qwertyville", "lookup": "1"}).get_data(as_text=True)
    assert "Place not found." in missing


# Geocoding a point's address ------------------------------------------------------------

def test_locate_offline_answers_from_the_gazetteer_and_saves_on_confirmation(app, admin):
    point = factories.point("Osoitteeton", latitude=None, longitude=None,
                            street_address="Kemintie 6", postal_code="90500", city="Oulu")
    db.session.commit()
    html = admin.get(f"/staff/geo/points/{point.id}/locate").get_data(as_text=True)
    assert "Kemintie 6, 90500 Oulu" in html  # the query is the point's address
    assert "Offline place list" in html and "Approximate" in html
    assert "ApuMaps.markers(" in html
    response = admin.post(f"/staff/geo/points/{point.id}/locate",
                          data={"latitude": "65.0124", "longitude": "25.4682"})
    assert response.status_code == 302
    db.session.refresh(point)
    assert (point.latitude, point.longitude) == (65.0124, 25.4682)
    bad = admin.post(f"/staff/geo/points/{point.id}/locate", data={"latitude": "x"})
    assert bad.status_code == 400


def test_locate_says_clearly_when_nothing_is_found(app, admin):
    point = factories.point("Jossain")
    db.session.commit()
    nothing = admin.get(f"/staff/geo/points/{point.id}/locate")  # no address at all
    assert "Type a place name or an address." in nothing.get_data(as_text=True)
    html = admin.get(f"/staff/geo/points/{point.id}/locate?q=Qwertyville").get_data(
        as_text=True)
    assert "Place not found." in html and "Save these coordinates" not in html


@pytest.fixture(scope="module")
def nominatim_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeGeocoder)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def geocoding_app(database_url, url: str, **extra):
    settings = {"GEOCODER_PROVIDER": "nominatim", "GEOCODER_URL": url,
                "GEOCODER_MIN_DELAY": 0.0, "GEOCODER_TIMEOUT": 2.0} | extra
    return make_app(database_url, **settings)


def test_configured_geocoder_is_cached_in_the_database(database_url, nominatim_server):
    url = f"http://127.0.0.1:{nominatim_server.server_address[1]}"
    app = geocoding_app(database_url, url)
    nominatim_server.requests.clear()
    try:
        with app.app_context():
            user = accounts.create_user(email="a@example.org", name="A", password=PASSWORD,
                                        role=Role.STEERING_ADMIN)
            point = factories.point("Keskustan piste", street_address="Isokatu 1", city="Oulu")
            db.session.commit()
            client = english(app.test_client())
            login(client, user)
            pages = [client.get(f"/staff/geo/points/{point.id}/locate").get_data(as_text=True)
                     for _ in range(2)]
            point_id = point.id
        # Another process (a new app, its own geocoder) finds the answer in the database.
        other = geocoding_app(database_url, url)
        with other.app_context():
            client = english(other.test_client())
            login(client, db.session.scalar(select(accounts.User)))
            pages.append(client.get(f"/staff/geo/points/{point_id}/locate").get_data(
                as_text=True))
    finally:
        _clean(app)
    assert all("Address service (geocoder)" in page for page in pages)
    assert "Isokatu 1, Oulu" in pages[2]
    assert len(nominatim_server.requests) == 1


def test_unreachable_geocoder_falls_back_to_the_gazetteer(database_url):
    app = geocoding_app(database_url, "http://127.0.0.1:9", GEOCODER_TIMEOUT=0.5)
    try:
        with app.app_context():
            user = accounts.create_user(email="a@example.org", name="A", password=PASSWORD,
                                        role=Role.STEERING_ADMIN)
            point = factories.point("Piste", street_address="Tuntematon tie 1", city="Tuira")
            db.session.commit()
            client = english(app.test_client())
            login(client, user)
            found = client.get(f"/staff/geo/points/{point.id}/locate")
            missing = client.get(f"/staff/geo/points/{point.id}/locate?q=Qwertyville")
            found_html = found.get_data(as_text=True)
            missing_html = missing.get_data(as_text=True)
    finally:
        _clean(app)
    assert found.status_code == 200 and "Offline place list" in found_html
    assert missing.status_code == 200
    assert "Place not found." in missing_html and "could not be reached" in missing_html


def test_a_misconfigured_geocoder_means_offline_not_an_error(app, admin):
    app.config["GEOCODER_PROVIDER"] = "bogus"
    services.state().geocoder = None
    point = factories.point("Piste", city="Tuira")
    db.session.commit()
    response = admin.get(f"/staff/geo/points/{point.id}/locate")
    assert response.status_code == 200 and "Offline place list" in response.get_data(
        as_text=True)


def test_point_workers_cannot_geocode_points(app, client, users):
    point = db.session.get(ServicePoint, factories.point("P").id)
    db.session.commit()
    login(client, users[Role.POINT_WORKER])
    assert client.get(f"/staff/geo/points/{point.id}/locate").status_code == 403


def test_upload_limit_is_the_pages_own_and_csrf_is_still_checked(csrf_app):
    user = accounts.create_user(email="a@example.org", name="A", password=PASSWORD,
                                role=Role.STEERING_ADMIN)
    db.session.commit()
    csrf_app.config["MAX_CONTENT_LENGTH"] = 200  # smaller than the upload below
    client = csrf_app.test_client()
    page = client.get("/login?lang=en").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "csrf_token": token})
    page = client.get("/staff/geo/population/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = geojson(*[(65.0 + i / 1000, 25.5, 10) for i in range(20)])
    assert len(data) > 1_000
    # The test's requests share one app context (and g): forget the login's CSRF check.
    g.pop("csrf_valid", None)
    assert upload(client, data, "a.geojson").status_code == 400  # no token: refused
    assert count(PopulationDataset) == 0
    assert upload(client, data, "a.geojson", csrf_token=token).status_code == 302
    csrf_app.config["POPULATION_MAX_UPLOAD"] = 500
    too_big = upload(client, data, "b.geojson", name="Toinen", csrf_token=token)
    assert too_big.status_code == 413 and count(PopulationDataset) == 1
