"""Folium map builders: our own assets only, escaped user text, light data layers."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from geo.map_layers import js_json
from geo.maps import (
    STATUS_SYMBOLS,
    CellData,
    CoverageText,
    MapAssets,
    MapPoint,
    Marker,
    TileSettings,
    coverage_map,
    location_map,
    network_map,
    population_breaks,
    resident_map,
    status_markers,
)

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"
ASSETS = MapAssets(
    leaflet_js="/static/vendor/leaflet/leaflet.js",
    leaflet_css="/static/vendor/leaflet/leaflet.css",
    cluster_js="/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
    cluster_css="/static/vendor/leaflet.markercluster/MarkerCluster.css",
    cluster_default_css="/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    app_js="/static/geo/maps.js", app_css="/static/geo/maps.css")
OSM = TileSettings()
ALLOWED = {OSM.url, "https://www.openstreetmap.org/copyright", "https://www.geonames.org/"}
XSS = "<img src=x onerror=alert(1)>"
LABELS = {"open": "Open", "closed": "Closed", "standby": "Standby"}
TEXT = CoverageText("Coverage map", "Uncovered", "Not covered", "People", "Distance", "Gaps",
                    "Sites", "Points")


def points(n=3, name="Tuiran asukastupa"):
    statuses = ("open", "closed", "standby")
    return [MapPoint(65.0 + i * 0.01, 25.4 + i * 0.01, f"{name} {i}" if n > 1 else name,
                     statuses[i % 3], (("Worker pair", "Maija & Daniel"),), url=f"/staff/p/{i}")
            for i in range(n)]


def staff_map(pts, **kw):
    return network_map(pts, status_labels=LABELS, status_field="Status", layer_name="Points",
                       label="Network map", assets=ASSETS, **kw)


def cells(n=1_000, size=250.0):
    rng = np.random.default_rng(1)
    lat = 64.5 + rng.random(n)
    lon = 25.0 + rng.random(n)
    return CellData(lat, lon, rng.integers(1, 200, n).astype(float),
                    rng.random(n) * 10_000, size)


def test_user_text_in_popups_and_titles_is_escaped():
    html = staff_map([MapPoint(65.01, 25.47, XSS, "open", (("Worker pair", XSS),))])
    whole = html.standalone()
    assert "<img" not in whole
    assert "onerror=alert(1)\\u003e" in html.script  # kept as data, shown as text by maps.js
    script = Path(VENDOR.parent / "geo" / "maps.js").read_text()
    assert "innerHTML" not in script and "textContent" in script


def test_js_json_cannot_close_the_script_element():
    text = js_json({"n": "</script><script>alert(1)</script> & 'x'"})
    assert "</script" not in text and "<" not in text and "'" not in text
    assert json.loads(text) == {"n": "</script><script>alert(1)</script> & 'x'"}


@pytest.mark.parametrize("build", [
    lambda: staff_map(points()),
    lambda: staff_map(points(400)),  # clustered
    lambda: resident_map(points(), status_labels=LABELS, layer_name="Open points",
                         label="Map", assets=ASSETS,
                         here=Marker(65.0, 25.5, "place", "•", "You are here")),
    lambda: coverage_map(cells=cells(), gaps=[Marker(65.0, 25.5, "gap", "1", "Gap 1")],
                         sites=[Marker(65.1, 25.5, "site", "1", "Site 1", radius_m=2000)],
                         points=status_markers(points(), LABELS), text=TEXT, assets=ASSETS),
    lambda: location_map(Marker(65.0, 25.5, "place", "•", "Tuira"), label="Place",
                         assets=ASSETS),
])
def test_no_url_but_ours_tiles_and_attributions(build):
    html = build()
    assert html.urls() <= ALLOWED, html.urls() - ALLOWED
    for cdn in ("cdn.jsdelivr", "cdnjs", "unpkg", "jquery", "bootstrap", "fontawesome"):
        assert cdn not in html.head + html.script
    scripts = re.findall(r'<script src="([^"]+)"', html.head)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.head)
    assert all(url.startswith("/static/") for url in scripts + styles)
    assert "/static/vendor/leaflet/leaflet.js" in scripts
    assert "GeoNames" in html.script  # the credit is in the attribution


def test_only_the_assets_a_map_uses_are_loaded():
    small = staff_map(points(3))
    assert "markercluster" not in small.head
    big = staff_map(points(400))
    assert ASSETS.cluster_js in big.head and ASSETS.cluster_css in big.head
    assert '"cluster":true' in big.script


def test_tiles_are_configurable_and_can_be_off():
    own = TileSettings(url="https://tiles.example.org/{z}/{x}/{y}.png",
                       attribution='&copy; <a href="https://example.org/">Example</a>')
    html = staff_map(points(), tiles=own)
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html.script
    assert "openstreetmap" not in html.script
    none = staff_map(points(), tiles=TileSettings(url=""))
    assert "L.tileLayer" not in none.script


def test_thousands_of_points_and_cells_stay_one_layer_each():
    pts = points(2_000)
    html = staff_map(pts)
    assert html.script.count("ApuMaps.markers(") == 1
    assert "L.marker(" not in html.script and "L.circleMarker(" not in html.script
    data = cells(20_000)
    cov = coverage_map(cells=data, gaps=[], sites=[], points=[], text=TEXT, assets=ASSETS)
    assert cov.script.count("ApuMaps.cells(") == 1
    assert cov.size < 20_000 * 40  # a few dozen bytes a cell, not a marker script each


def test_status_markers_differ_by_shape_and_symbol_not_only_colour():
    markers = status_markers(points(3), LABELS, status_field="Status")
    assert [m.css for m in markers] == ["open", "closed", "standby"]
    assert [m.letter for m in markers] == ["✓", "✕", "‖"]
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUS_SYMBOLS)
    assert markers[1].fields[0] == ("Status", "Closed")
    unknown = status_markers([MapPoint(65, 25, "X", "mystery")], LABELS)[0]
    assert (unknown.css, unknown.letter) == ("other", "?")
    css = (VENDOR.parent / "geo" / "maps.css").read_text()
    for status in STATUS_SYMBOLS:
        assert f".apu-marker-{status} " in css


def test_popup_links_only_to_this_site():
    html = staff_map([MapPoint(65, 25, "A", "open", url="/staff/points/1"),
                      MapPoint(65.1, 25, "B", "open", url="https://evil.example/"),
                      MapPoint(65.2, 25, "C", "open", url="//evil.example/")])
    assert '"u":"/staff/points/1"' in html.script
    assert "evil.example" not in html.script


def test_population_breaks_increase():
    assert population_breaks([]) == []
    assert population_breaks([5, 5, 5]) == []
    breaks = population_breaks(np.arange(1, 1001))
    assert breaks == sorted(set(breaks)) and breaks[0] == 501


def test_cells_are_written_compactly_with_distances():
    data = CellData(np.array([65.0]), np.array([25.5]), np.array([12.0]),
                    np.array([np.inf]), None)
    html = coverage_map(cells=data, gaps=[], sites=[], points=[], text=TEXT, assets=ASSETS)
    assert '"lat":[6500000]' in html.script and '"lon":[2550000]' in html.script
    assert '"pop":[12]' in html.script and '"dist":[-1]' in html.script
    assert '"size":null' in html.script


def test_vendored_libraries_match_the_lock_file_and_carry_licences():
    lock = json.loads((VENDOR / "package-lock.json").read_text())
    versions = {name.removeprefix("node_modules/"): entry["version"]
                for name, entry in lock["packages"].items() if name}
    assert versions == json.loads((VENDOR / "package.json").read_text())["dependencies"]
    assert f"Leaflet {versions['leaflet']}" in (VENDOR / "leaflet" / "leaflet.js").read_text()[:200]
    cluster = (VENDOR / "leaflet.markercluster" / "leaflet.markercluster.js").read_text()
    assert "markercluster" in cluster.lower()
    assert (VENDOR / "leaflet" / "LICENSE").is_file()
    assert (VENDOR / "leaflet.markercluster" / "MIT-LICENCE.txt").is_file()
    for asset in (ASSETS.leaflet_css, ASSETS.cluster_css, ASSETS.cluster_default_css):
        assert (VENDOR.parent / asset.removeprefix("/static/")).is_file()
