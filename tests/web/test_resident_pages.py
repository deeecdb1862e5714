"""The resident site: search, results, a point's page, the printable list, languages, input."""

import re
from datetime import time

import pytest

from network import dashboard
from network import points as network_points
from network.clock import utcnow
from network.models import Role, ServiceMode, TargetGroup
from tests import factories
from tests.conftest import login
from tests.web.resident_helpers import XSS, english, food, open_point
from web.extensions import db


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_in_finnish_by_default_with_search_and_links(client):
    html = text_of(client.get("/"))
    assert '<html lang="fi">' in html
    assert "Etsi lähin avoin apupiste" in html
    assert 'action="/results"' in html and 'method="get"' in html and 'name="q"' in html
    for href in ("/alerts/subscribe", "/feedback/", "/support/", "/list"):
        assert f'href="{href}"' in html
    # The language switcher is visible and the choice is remembered.
    assert 'hreflang="sv"' in html and 'hreflang="en"' in html
    swedish = client.get("/?lang=sv")
    assert "lang=sv" in swedish.headers["Set-Cookie"]
    assert '<html lang="sv">' in text_of(client.get("/"))
    assert "Hitta närmaste öppna hjälppunkt" in text_of(client.get("/"))


def test_search_by_district_lists_open_points_with_what_residents_need(client):
    near = open_point("Tuiran asukastupa", 65.0261, 25.4706, offerings=[food()],
                      street_address="Kemintie 6", postal_code="90500", city="Oulu",
                      languages=["fi", "sv"], target_groups=["older_people"],
                      step_free_access=True, walk_in=True)
    open_point("Kaukainen piste", 65.10, 25.60)
    db.session.commit()
    html = text_of(english(client).get("/results?q=Tuira"))
    assert "Near Tuira." in html
    first, second = html.index("Tuiran asukastupa"), html.index("Kaukainen piste")
    assert first < second  # nearest first
    assert f'href="/points/{near.id}"' in html
    assert "Kemintie 6, 90500 Oulu" in html
    assert re.search(r"\d+ m", html)  # the distance
    assert "Open until 11:59" in html
    assert "Food aid" in html and "Walk in, no appointment needed" in html
    assert "Step-free access" in html and "Swedish (sv)" in html and "Older people" in html
    assert "https://www.openstreetmap.org/directions?" in html


def test_dates_times_and_distances_follow_the_language(client):
    open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    fi = text_of(client.get("/results?q=Tuira&lang=fi"))
    assert "Avoinna klo 23.59 asti" in fi
    sv = text_of(client.get("/results?q=Tuira&lang=sv"))
    assert "Öppet till kl. 23:59" in sv
    far = text_of(client.get("/results?lat=65.2&lon=25.47&lang=fi"))
    assert re.search(r"\d+,\d km", far)  # Finnish decimal comma
    en_far = text_of(client.get("/results?lat=65.2&lon=25.47&lang=en"))
    assert re.search(r"\d+\.\d km", en_far)


def test_filters_offering_language_access_and_target_group(client):
    offering = food()
    open_point("Ruokapiste", 65.03, 25.47, offerings=[offering], languages=["fi"],
               target_groups=["everyone"])
    open_point("Ruotsinkielinen", 65.031, 25.471, languages=["sv"], step_free_access=True,
               target_groups=[TargetGroup.FAMILIES.value])
    db.session.commit()
    english(client)

    def names(query):
        html = text_of(client.get("/results?q=Tuira&" + query))
        return {n for n in ("Ruokapiste", "Ruotsinkielinen") if f">{n}</a>" in html}

    assert names("") == {"Ruokapiste", "Ruotsinkielinen"}
    assert names("offering=food_aid") == {"Ruokapiste"}
    assert names("language=sv") == {"Ruotsinkielinen"}
    assert names("step_free=y") == {"Ruotsinkielinen"}
    # A point for everyone also serves families; a families' point is not for older people.
    assert names("target_group=families") == {"Ruokapiste", "Ruotsinkielinen"}
    assert names("target_group=older_people") == {"Ruokapiste"}


def test_without_javascript_the_search_form_returns_the_list(client):
    open_point("Listan piste", 65.0261, 25.4706)
    db.session.commit()
    home = text_of(client.get("/"))
    form = re.search(r'<form class="resident-search" method="get" action="([^"]+)"', home)
    assert form and form.group(1) == "/results"
    # The map and "use my location" are enhancements: hidden until the script shows them.
    assert re.search(r'class="locate-me" hidden', home)
    assert re.search(r'class="resident-map-box no-print" hidden', home)
    listed = text_of(client.get(form.group(1), query_string={"q": "Tuira"}))
    assert '<ol class="results"' in listed and "Listan piste" in listed


def test_points_opening_later_are_listed_with_their_time(client):
    open_point("Iltapiste", 65.0261, 25.4706, hours=(time(0, 0), time(0, 1)))
    db.session.commit()
    html = text_of(english(client).get("/results?q=Tuira"))
    assert "Opening later" in html and "Iltapiste" in html and "Opens " in html


def test_a_status_change_and_a_note_show_at_once(client, users):
    point = open_point("Muuttuva piste", 65.0261, 25.4706)
    db.session.commit()
    english(client)
    assert "Open until" in text_of(client.get(f"/points/{point.id}"))
    network_points.set_status(point, "closed")
    dashboard.set_resident_note(point, "Suljettu vesivahingon takia.", now=utcnow())
    db.session.commit()
    page = text_of(client.get(f"/points/{point.id}"))
    assert "Closed now" in page and "Suljettu vesivahingon takia." in page
    assert "Muuttuva piste" not in text_of(client.get("/results?q=Tuira")).split(
        "Nearest open points")[-1].split("More for residents")[0]
    network_points.set_status(point, "full")
    db.session.commit()
    page = text_of(client.get(f"/points/{point.id}"))
    assert "Open until" in page and "Full" in page


def test_exceptional_mode_switches_the_schedule_and_shows_the_notice(client, users):
    from crisis.models import Audience, OutboxStatus

    normal_only = open_point("Tavallinen piste", 65.0261, 25.4706)
    crisis = open_point("Kriisipiste", 65.03, 25.48, hours=(time(8), time(20)),
                        in_exceptional_network=True)
    for weekday in range(7):
        factories.hours(crisis, weekday=weekday, opens=time(0), closes=time(23, 59, 59),
                        mode=ServiceMode.EXCEPTIONAL)
    db.session.commit()
    english(client)
    assert "Exceptional mode" not in text_of(client.get("/"))
    scenario = factories.plan_scenario(rows=[{
        "audience": Audience.PUBLIC, "channel": "web_notice", "subject_fi": "Sähkökatko",
        "subject_sv": "Strömavbrott", "subject_en": "Power cut", "body_fi": "Pisteet auki.",
        "body_sv": "Punkterna öppna.", "body_en": "Go to the nearest open point."}])
    made = factories.activation(users[Role.STEERING_ADMIN], scenario)
    for row in factories.public_rows(made, channel="web_notice"):
        row.status, row.sent_at = OutboxStatus.SENT, utcnow()
    db.session.commit()
    home = text_of(client.get("/"))
    assert "Power cut" in home and "Go to the nearest open point." in home
    assert home.index("Power cut") < home.index("<h1>")
    results = text_of(client.get("/results?q=Tuira"))
    assert "Kriisipiste" in results and "Tavallinen piste" not in results
    point_page = text_of(client.get(f"/points/{crisis.id}"))
    assert "Hours of exceptional mode." in point_page
    assert re.search(r"12:00\sAM–11:59\sPM", point_page)
    assert client.get(f"/points/{normal_only.id}").status_code == 404
    assert "Strömavbrott" in text_of(client.get("/?lang=sv"))


def test_names_are_escaped_in_pages_and_plain_text_in_the_map_data(client):
    point = open_point(XSS, 65.0261, 25.4706, street_address=XSS)
    dashboard.set_resident_note(point, XSS, now=utcnow())
    db.session.commit()
    for url in ("/results?q=Tuira", f"/points/{point.id}", "/list"):
        html = text_of(client.get(url))
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url
        assert "<img src=x" not in html, url
    response = client.get("/map/points.json")
    assert response.mimetype == "application/json"
    rows = response.get_json()["points"]
    assert [r["n"] for r in rows] == [XSS]
    assert rows[0]["u"] == f"/points/{point.id}"


def test_bad_input_gets_a_clear_message_not_a_server_error(client):
    open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    english(client)
    for query in ("lat=abc&lon=25", "offering=nope&q=Tuira", "language=xx&q=Tuira",
                  "target_group=cats&q=Tuira", "q=" + "x" * 201, "lat=95&lon=25"):
        response = client.get("/results?" + query)
        assert response.status_code == 400, query
        assert "Please check the search" in text_of(response), query
    outside = client.get("/results?lat=48.85&lon=2.35")
    assert outside.status_code == 200 and "outside Finland" in text_of(outside)
    empty = client.get("/results?q=")
    assert empty.status_code == 200 and "Type a place name or an address." in text_of(empty)
    nothing = client.get("/results?q=Qwertyville")
    assert nothing.status_code == 200 and "Place not found." in text_of(nothing)
    assert client.get("/points/999999").status_code == 404
    assert client.get("/list?area=Nowhere").status_code == 404


def test_a_postcode_of_the_network_finds_its_points(client):
    open_point("Postinumeropiste", 65.0261, 25.4706, postal_code="90500")
    db.session.commit()
    html = text_of(english(client).get("/results?q=90500"))
    assert "Postinumeropiste" in html and "approximate position" in html


def test_printable_list_per_area_with_print_styles(client):
    area_a = factories.Area(name="Tuira")
    area_b = factories.Area(name="Kaakkuri")
    db.session.add_all([area_a, area_b])
    db.session.flush()
    open_point("Tuiran piste", area_id=area_a.id, phone="040 123 4567")
    open_point("Kaakkurin piste", 64.96, 25.53, area_id=area_b.id)
    closed = open_point("Suljettu piste", area_id=area_a.id)
    network_points.set_status(closed, "closed")
    db.session.commit()
    html = text_of(english(client).get("/list"))
    assert "<h2" in html and ">Kaakkuri</h2>" in html and ">Tuira</h2>" in html
    assert "Tuiran piste" in html and "040 123 4567" in html and "Suljettu piste" not in html
    only = text_of(client.get("/list?area=Tuira"))
    assert "Tuiran piste" in only and "Kaakkurin piste" not in only
    css = text_of(client.get("/static/css/resident.css"))
    assert "@media print" in css


def test_logged_in_staff_see_the_site_with_their_header(client, users):
    login(client, users[Role.COORDINATOR])
    response = client.get("/")
    assert response.status_code == 200
    assert users[Role.COORDINATOR].name in text_of(response)
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_renders_in_each_language(client, lang):
    point = open_point("Kielipiste", 65.0261, 25.4706)
    db.session.commit()
    for url in ("/", "/results?q=Tuira", f"/points/{point.id}", "/list"):
        response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in text_of(response), url


def test_typed_text_wins_over_a_position_the_form_kept(client):
    open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    html = text_of(english(client).get("/results?q=Tuira&lat=65.2&lon=25.47"))
    assert "Near Tuira." in html
    clicked = text_of(client.get("/results?q=&lat=65.2&lon=25.47"))
    assert "Near the place you chose." in clicked


def test_pages_have_no_inline_scripts_or_styles_and_healthz_is_ok(client):
    point = open_point("Piste", 65.0261, 25.4706)
    db.session.commit()
    for url in ("/", "/results?q=Tuira", f"/points/{point.id}", "/list"):
        html = text_of(client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_data(as_text=True) == "ok"
