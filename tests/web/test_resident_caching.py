"""The resident site on a crisis day: ETags, the per-process state, rate limits, logs, weight."""

import logging
import re

from network import points as network_points
from network.models import Role
from tests.conftest import _clean, login, make_app
from tests.web.resident_helpers import english, open_point, page_weight
from web.extensions import db
from web.resident.state import resident_state

PUBLIC_PAGES = ("/", "/results?q=Tuira", "/list", "/map/points.json")


def test_public_answers_carry_an_etag_and_a_repeat_is_a_304(client):
    point = open_point("Välimuistipiste", 65.0261, 25.4706)
    db.session.commit()
    for url in (*PUBLIC_PAGES, f"/points/{point.id}"):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers["Cache-Control"] == "public, max-age=30", url
        assert {"Cookie", "Accept-Language"} <= set(first.vary), url
        etag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", url
        assert again.headers["ETag"] == etag


def test_a_change_to_the_network_changes_the_etag_and_the_page_at_once(client):
    point = open_point("Muuttuva piste", 65.0261, 25.4706)
    db.session.commit()
    english(client)
    first = client.get(f"/points/{point.id}")
    network_points.set_status(point, "closed")
    db.session.commit()
    second = client.get(f"/points/{point.id}",
                        headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and "Closed now" in second.get_data(as_text=True)
    assert second.headers["ETag"] != first.headers["ETag"]


def test_language_and_login_make_different_or_private_answers(client, users):
    open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    fi = client.get("/", headers={"Accept-Language": "fi"})
    en = client.get("/", headers={"Accept-Language": "en"})
    assert fi.headers["ETag"] != en.headers["ETag"]
    switching = client.get("/?lang=sv")  # sets the cookie: not for a shared cache
    assert switching.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in switching.headers
    login(client, users[Role.STEERING_ADMIN])
    mine = client.get("/")
    assert mine.headers["Cache-Control"] == "private, no-store" and "ETag" not in mine.headers


def test_repeated_pages_are_rendered_once_per_state(client):
    open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    pages = resident_state().pages
    before = pages.builds
    for _ in range(5):
        assert client.get("/results?q=Tuira").status_code == 200
    assert pages.builds - before == 1


def test_the_state_is_reread_after_its_seconds_when_configured(database_url):
    app = make_app(database_url, RESIDENT_STATE_SECONDS=3600.0)
    try:
        with app.app_context():
            point = open_point("Hidas piste", 65.0261, 25.4706)
            db.session.commit()
            client = english(app.test_client())
            assert "Open until" in client.get(f"/points/{point.id}").get_data(as_text=True)
            network_points.set_status(point, "closed")
            db.session.commit()
            # Within the configured seconds the process answers from what it read.
            assert "Open until" in client.get(f"/points/{point.id}").get_data(as_text=True)
            resident_state().read_at -= 7200
            assert "Closed now" in client.get(f"/points/{point.id}").get_data(as_text=True)
    finally:
        _clean(app)


def test_searches_that_need_work_are_rate_limited_per_client(database_url):
    app = make_app(database_url, RESIDENT_SEARCH_RATE_LIMIT="3 per minute")
    try:
        with app.app_context():
            client = app.test_client()
            codes = [client.get(f"/results?q=Tuira{i}").status_code for i in range(4)]
            assert 429 not in codes[:3] and codes[3] == 429
            # A repeat of an answer already rendered costs no geocoding: it is not counted.
            assert client.get("/results?q=Tuira0").status_code == 200
            other = app.test_client()
            assert other.get("/results?q=Tuira",
                             environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200
            assert all(client.get(url).status_code == 200 for url in ("/", "/list", "/results"))
    finally:
        _clean(app)


def test_an_unreachable_geocoder_means_the_gazetteer_or_place_not_found(database_url):
    app = make_app(database_url, GEOCODER_PROVIDER="nominatim", GEOCODER_URL="http://127.0.0.1:9",
                   GEOCODER_TIMEOUT=0.5, GEOCODER_MIN_DELAY=0.0)
    try:
        with app.app_context():
            open_point("Tuiran piste", 65.0261, 25.4706)
            db.session.commit()
            client = english(app.test_client())
            found = client.get("/results?q=Tuira")
            missing = client.get("/results?q=Qwertyville")
            assert found.status_code == 200 and "Tuiran piste" in found.get_data(as_text=True)
            html = missing.get_data(as_text=True)
            assert missing.status_code == 200 and "Place not found." in html
            assert "could not be reached" in html
    finally:
        _clean(app)


def test_typed_places_and_coordinates_never_reach_the_logs(database_url, caplog):
    app = make_app(database_url, GEOCODER_PROVIDER="nominatim", GEOCODER_URL="http://127.0.0.1:9",
                   GEOCODER_TIMEOUT=0.5, GEOCODER_MIN_DELAY=0.0)
    caplog.set_level(logging.DEBUG)
    try:
        with app.app_context():
            open_point("Piste", 65.0261, 25.4706)
            db.session.commit()
            client = app.test_client()
            client.get("/results?q=Salaisenkuja 17, Tuira")
            client.get("/results?lat=65.04321&lon=25.41234")
            client.get("/results?q=Salaisenkuja 17&lat=abc")
    finally:
        _clean(app)
    logged = caplog.text
    assert "Salaisenkuja" not in logged
    assert "65.04321" not in logged and "25.41234" not in logged


def test_page_weight_of_the_home_page_with_and_without_the_map(client):
    for i in range(30):
        open_point(f"Painava piste {i}", 65.0 + i / 100, 25.47, street_address="Isokatu 1")
    db.session.commit()
    home = client.get("/")
    without_map, with_map = page_weight(home.get_data(as_text=True), lambda url: client.get(url))
    print(f"home page weight: {without_map} B without the map, {with_map} B with it")
    assert without_map <= 50 * 1024
    assert with_map <= 300 * 1024
    # Only our own assets: nothing from another host.
    assert not re.search(r'(src|href)="https?://', home.get_data(as_text=True).split(
        "<main")[0])
