"""Importing population grids: each format, and each way a file is refused."""

import io
import json

import numpy as np
import pytest
from shapely.geometry import Point, box

from geo.errors import ImportRefused
from geo.population import (
    PopulationGrid,
    TqdmProgress,
    import_population,
    import_population_bytes,
)
from geo.projection import to_tm35
from tests.geo.gpkg import write_gpkg

# Two 250 m cells in Oulu (EPSG:3067), south-west corners.
CORNERS = [(427_000.0, 7_210_000.0), (427_250.0, 7_210_000.0), (430_000.0, 7_212_000.0)]


def cells_3067(size=250.0):
    return [box(x, y, x + size, y + size) for x, y in CORNERS]


def feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


def write_json(tmp_path, doc, name="grid.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def polygon_json(poly):
    return {"type": "Polygon", "coordinates": [list(map(list, poly.exterior.coords))]}


# --- GeoJSON ---------------------------------------------------------------------------


def test_geojson_polygons_in_3067_with_crs_member(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}},
        "features": [feature(polygon_json(c), ASUKKAITA=p, id=i)
                     for i, (c, p) in enumerate(zip(cells_3067(), [12, 30, 7], strict=True))],
    }
    calls = []
    result = import_population(write_json(tmp_path, doc),
                               progress=lambda d, t: calls.append((d, t)))
    grid, report = result.grid, result.report
    assert grid.x.tolist() == [427_125.0, 427_375.0, 430_125.0]
    assert grid.y.tolist() == [7_210_125.0] * 2 + [7_212_125.0]
    assert grid.population.tolist() == [12, 30, 7]
    assert grid.cell_size == pytest.approx(250.0)
    assert report.cells == 3 and report.total_population == 49
    assert report.crs == "EPSG:3067" and report.population_column == "ASUKKAITA"
    assert report.geometry == "polygon" and report.format == "geojson"
    min_lat, min_lon, max_lat, max_lon = report.bbox
    assert 64.9 < min_lat < max_lat < 65.1 and 25.3 < min_lon < max_lon < 25.6
    assert calls[-1] == (3, 3)


def test_geojson_points_without_crs_are_wgs84(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        feature({"type": "Point", "coordinates": [25.47, 65.01]}, population=100),
        feature({"type": "Point", "coordinates": [24.94, 60.17]}, population=5.5),
    ]}
    result = import_population(write_json(tmp_path, doc, "points.json"))
    x, y = to_tm35(65.01, 25.47)
    assert result.grid.x[0] == pytest.approx(float(x))
    assert result.grid.lat.tolist() == pytest.approx([65.01, 60.17])
    assert result.report.crs == "EPSG:4326" and result.report.geometry == "point"
    assert result.report.total_population == 105.5


def test_geojson_multipolygons_in_another_epsg(tmp_path):
    from pyproj import Transformer

    to_gk25 = Transformer.from_crs(3067, 3879, always_xy=True)
    parts = []
    for cell in cells_3067()[:2]:
        xs, ys = to_gk25.transform(*np.array(cell.exterior.coords).T)
        parts.append([list(zip(xs, ys, strict=True))])
    doc = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "EPSG:3879"}},
           "features": [feature({"type": "MultiPolygon", "coordinates": parts}, vaesto=40)]}
    result = import_population(write_json(tmp_path, doc))
    assert result.report.crs == "EPSG:3879"
    assert result.grid.x[0] == pytest.approx(427_250.0, abs=0.5)
    assert result.grid.y[0] == pytest.approx(7_210_125.0, abs=0.5)


def test_geojson_ogc_crs84_and_he_vakiy(tmp_path):
    doc = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
           "features": [feature({"type": "Point", "coordinates": [25.0, 62.0]}, he_vakiy=3)]}
    assert import_population(write_json(tmp_path, doc)).report.crs == "EPSG:4326"


# --- GeoPackage ------------------------------------------------------------------------


def test_geopackage_polygons(tmp_path):
    path = write_gpkg(tmp_path / "grid.gpkg", list(zip(cells_3067(), [5, 0, 9], strict=True)))
    result = import_population(path)
    assert result.grid.x.tolist() == [427_125.0, 427_375.0, 430_125.0]
    assert result.grid.population.tolist() == [5, 0, 9]
    assert result.report.format == "gpkg" and result.report.layer == "grid"
    assert result.report.population_column == "vaesto" and result.report.crs == "EPSG:3067"
    assert result.report.cell_size == 250.0


def test_geopackage_points_in_wgs84_with_envelopes_big_endian(tmp_path):
    rows = [(Point(25.47, 65.01), 10), (Point(24.94, 60.17), 20)]
    path = write_gpkg(tmp_path / "points.gpkg", rows, epsg=4326, column="Väestö",
                      geometry_type="POINT", envelope=True, big_endian=True)
    result = import_population(path)
    assert result.grid.lat.tolist() == pytest.approx([65.01, 60.17])
    assert result.report.crs == "EPSG:4326" and result.report.population_column == "Väestö"


def test_geopackage_regular_point_grid_knows_its_cell_size(tmp_path):
    rows = [(Point(400_125 + 1000 * i, 7_000_125 + 1000 * j), 1)
            for i in range(4) for j in range(3)]
    result = import_population(write_gpkg(tmp_path / "g.gpkg", rows, geometry_type="POINT"))
    assert result.report.cell_size == 1000.0


# --- CSV -------------------------------------------------------------------------------


def test_csv_lat_lon(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("name,lat,lon,population\nTuira,65.026,25.470,7805\n"
                    "Oulu,65.012,25.468,216066\n", encoding="utf-8")
    result = import_population(path)
    assert result.report.crs == "EPSG:4326" and result.report.cells == 2
    assert result.grid.population.tolist() == [7805, 216066]


def test_csv_x_y_semicolon_decimal_comma_cp1252(tmp_path):
    path = tmp_path / "ruudut.csv"
    text = "X;Y;Väestö\n427125,5;7210125;1 234\n427375;7210125;7\n\n"
    path.write_bytes(text.encode("cp1252"))
    result = import_population(path)
    assert result.report.crs == "EPSG:3067" and result.report.population_column == "Väestö"
    assert result.grid.x.tolist() == [427_125.5, 427_375.0]
    assert result.grid.population.tolist() == [1234, 7]


def test_bytes_upload_and_tqdm_progress(tmp_path):
    data = b"lat,lon,pop\n65.0,25.5,3\n61.5,23.8,4\n"
    out = io.StringIO()
    with TqdmProgress("Cells", file=out) as bar:
        result = import_population_bytes(data, "upload.csv", progress=bar)
    assert result.report.total_population == 7
    assert "Cells" in out.getvalue() and "2/2" in out.getvalue()


def test_grid_constructors_agree():
    a = PopulationGrid.from_latlon([65.0], [25.5], [1])
    b = PopulationGrid.from_tm35(a.x, a.y, [1])
    assert b.lat == pytest.approx(a.lat) and b.lon == pytest.approx(a.lon)
    assert len(a) == 1 and a.total == 1


# --- Refusals --------------------------------------------------------------------------


def refused(path, **options) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        import_population(path, **options)
    return caught.value


def fc(*features, crs=None):
    doc = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        doc["crs"] = crs
    return doc


OULU_POINT = {"type": "Point", "coordinates": [25.47, 65.01]}


def test_refuses_missing_population_column(tmp_path):
    caught = refused(write_json(tmp_path, fc(feature(OULU_POINT, people=3, name="x"))))
    assert caught.code == "no_population_column"
    assert caught.values["columns"] == ["people", "name"]
    assert caught.reason == ("No population column: expected one of asukkaita, vaesto, "
                             "väestö, population, pop, he_vakiy; columns found: people, name.")
    csv = tmp_path / "a.csv"
    csv.write_text("lat,lon,people\n65,25,1\n", encoding="utf-8")
    assert refused(csv).code == "no_population_column"
    gpkg = write_gpkg(tmp_path / "a.gpkg", [(box(0, 0, 1, 1), 1)], column="asukasluku")
    assert "asukasluku" in refused(gpkg).values["columns"]
    caught = refused(gpkg, population_column="väki")
    assert caught.code == "population_column_missing" and caught.values["column"] == "väki"
    nothing = refused(write_json(tmp_path, fc(feature(OULU_POINT))))
    assert nothing.values["columns"] == [] and nothing.reason.endswith("columns found: none.")


def test_refuses_unknown_crs(tmp_path):
    doc = fc(feature(OULU_POINT, pop=1),
             crs={"type": "name", "properties": {"name": "my local grid"}})
    caught = refused(write_json(tmp_path, doc))
    assert (caught.code, caught.values) == ("unknown_crs", {"crs": "my local grid"})
    assert caught.reason.startswith("Unknown coordinate reference system 'my local grid'")
    doc["crs"] = {"type": "name", "properties": "EPSG:3067"}
    assert refused(write_json(tmp_path, doc)).code == "crs_unreadable"
    gpkg = write_gpkg(tmp_path / "local.gpkg", [(box(0, 0, 1, 1), 1)], epsg=None,
                      organization="NONE")
    assert refused(gpkg).code == "unknown_layer_crs"
    assert "Unknown coordinate reference system" in refused(gpkg).reason


def test_refuses_negative_population_with_feature_number(tmp_path):
    doc = fc(feature(OULU_POINT, vaesto=3), feature(OULU_POINT, vaesto=-1))
    caught = refused(write_json(tmp_path, doc))
    assert (caught.code, caught.values) == ("negative_population",
                                            {"item": "feature", "n": 2, "value": -1})
    assert caught.reason == "Feature 2: population -1 is negative."
    gpkg = write_gpkg(tmp_path / "neg.gpkg", [(c, p) for c, p in zip(
        cells_3067(), [1, 2, -5], strict=True)])
    assert str(refused(gpkg)) == "Feature 3: population -5.0 is negative."


def test_refuses_non_numeric_population_with_row_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("lat,lon,population\n65,25,1\n65,25,many\n", encoding="utf-8")
    caught = refused(path)
    assert (caught.code, caught.values) == (
        "not_a_number", {"item": "row", "n": 3, "column": "population", "value": "many"})
    assert caught.reason == "Row 3: population 'many' is not a number."
    doc = fc(feature(OULU_POINT, pop=None))
    assert refused(write_json(tmp_path, doc)).reason == (
        "Feature 1: population None is not a number.")
    path.write_text("lat,lon,population\n65,east,1\n", encoding="utf-8")
    assert refused(path).reason == "Row 2: lon 'east' is not a number."


@pytest.mark.parametrize("name", ["empty.csv", "empty.geojson", "empty.gpkg"])
def test_refuses_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert refused(path).code == "empty_file"
    assert refused(path).reason == "The file is empty."


def test_refuses_files_without_data(tmp_path):
    assert refused(write_json(tmp_path, fc())).code == "no_features"
    path = tmp_path / "header.csv"
    path.write_text("lat,lon,population\n", encoding="utf-8")
    assert refused(path).code == "no_data_rows"
    gpkg = write_gpkg(tmp_path / "none.gpkg", [])
    caught = refused(gpkg)
    assert (caught.code, caught.values) == ("empty_layer", {"layer": "grid"})
    assert caught.reason == "The GeoPackage layer 'grid' contains no features."


def test_refuses_file_that_is_not_what_it_claims(tmp_path):
    fake_gpkg = tmp_path / "grid.gpkg"
    fake_gpkg.write_text("lat,lon,population\n65,25,1\n", encoding="utf-8")
    assert refused(fake_gpkg).code == "not_sqlite"
    fake_json = tmp_path / "grid.geojson"
    fake_json.write_text("lat,lon,population\n65,25,1\n", encoding="utf-8")
    caught = refused(fake_json)
    assert (caught.code, caught.values) == ("invalid_json", {"line": 1, "col": 1})
    assert caught.reason == "The file is not GeoJSON: invalid JSON at line 1, column 1."
    fake_json.write_bytes(b'{"type": "\xff"}')
    assert refused(fake_json).code == "not_utf8"
    not_fc = write_json(tmp_path, {"type": "Topology"}, "topo.json")
    assert refused(not_fc).code == "not_feature_collection"
    fake_csv = tmp_path / "grid.csv"
    fake_csv.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert refused(fake_csv).code == "not_csv"
    sqlite_only = tmp_path / "plain.gpkg"
    import sqlite3

    with sqlite3.connect(sqlite_only) as conn:
        conn.execute("CREATE TABLE t (a)")
    assert refused(sqlite_only).code == "not_geopackage"
    assert "gpkg_* tables are missing" in refused(sqlite_only).reason


def test_refuses_a_layer_the_geopackage_does_not_have(tmp_path):
    gpkg = write_gpkg(tmp_path / "grid.gpkg", [(c, 1) for c in cells_3067()])
    caught = refused(gpkg, layer="ruudut")
    assert (caught.code, caught.values) == ("no_such_layer",
                                            {"layer": "ruudut", "layers": ["grid"]})
    assert caught.reason == "The GeoPackage has no feature layer 'ruudut'; layers: grid."


def test_refuses_coordinates_outside_finland(tmp_path):
    stockholm = {"type": "Point", "coordinates": [18.07, 59.33]}
    doc = fc(feature(OULU_POINT, pop=1), feature(stockholm, pop=2))
    caught = refused(write_json(tmp_path, doc))
    assert caught.code == "outside_finland"
    assert caught.values == {"item": "feature", "n": 2, "epsg": 4326, "where": "18.07, 59.33"}
    assert caught.reason.startswith("Feature 2 lies outside Finland's bounds")
    # lat/lon values typed into x/y columns read as metres of EPSG:3067: refused, not guessed.
    path = tmp_path / "xy.csv"
    path.write_text("x,y,population\n25.47,65.01,10\n", encoding="utf-8")
    assert refused(path).reason.startswith("Row 2 lies outside Finland's bounds")


def test_refuses_unsupported_or_missing_geometry(tmp_path):
    line = {"type": "LineString", "coordinates": [[25, 65], [26, 65]]}
    caught = refused(write_json(tmp_path, fc(feature(line, pop=1))))
    assert (caught.code, caught.values) == (
        "unsupported_geometry", {"item": "feature", "n": 1, "geometry_type": "LineString"})
    assert "LineString is not supported" in caught.reason
    caught = refused(write_json(tmp_path, fc(feature(None, pop=1))))
    assert (caught.code, caught.values) == ("no_geometry", {"item": "feature", "n": 1})
    assert caught.reason == "Feature 1 has no geometry."
    gpkg = write_gpkg(tmp_path / "nogeom.gpkg", [(box(400_000, 7_000_000, 400_250, 7_000_250), 1),
                                                 (None, 2)])
    assert refused(gpkg).reason == "Feature 2 has no geometry."
    junk = write_gpkg(tmp_path / "junk.gpkg", [(b"XX\x00\x01junk", 1)])
    assert refused(junk).code == "not_geopackage_binary"
    assert "not GeoPackage binary" in refused(junk).reason


def test_refuses_unknown_format_and_missing_file(tmp_path):
    assert refused(tmp_path / "nothing.csv").code == "missing_file"
    path = tmp_path / "grid.shp"
    path.write_bytes(b"\x00\x00\x27\x0a")
    caught = refused(path, fmt="shapefile")
    assert (caught.code, caught.values) == ("unknown_format", {"format": "shapefile"})
    assert caught.reason == "Unknown format 'shapefile': use GeoJSON, GeoPackage or CSV."


def test_geojson_polygons_with_holes_and_mixed_geometries(tmp_path):
    outer = [[427_000, 7_210_000], [428_000, 7_210_000], [428_000, 7_211_000],
             [427_000, 7_211_000], [427_000, 7_210_000]]
    hole = [[427_000, 7_210_000], [427_500, 7_210_000], [427_500, 7_211_000],
            [427_000, 7_211_000], [427_000, 7_210_000]]
    doc = fc(feature({"type": "Polygon", "coordinates": [outer, hole[::-1]]}, pop=1),
             feature({"type": "Point", "coordinates": [430_000, 7_212_000, 12.0]}, pop=2),
             crs={"type": "name", "properties": {"name": "EPSG:3067"}})
    result = import_population(write_json(tmp_path, doc))
    assert result.grid.x.tolist() == [427_750.0, 430_000.0]  # the hole moves the centroid
    assert result.report.geometry == "mixed"


def test_refuses_malformed_coordinates_with_feature_number(tmp_path):
    bad_ring = {"type": "Polygon", "coordinates": [[[25, 65], [25.1, 65]]]}
    doc = fc(feature(OULU_POINT, pop=1), feature(bad_ring, pop=1))
    caught = refused(write_json(tmp_path, doc))
    assert (caught.code, caught.values) == (
        "geometry_unreadable", {"item": "feature", "n": 2, "geometry_type": "Polygon"})
    assert caught.reason == "Feature 2: the Polygon geometry cannot be read."
    doc = fc(feature({"type": "Point", "coordinates": ["x", "y"]}, pop=1))
    assert refused(write_json(tmp_path, doc)).reason == (
        "Feature 1: the Point geometry cannot be read.")
    doc = fc(feature({"type": "Polygon", "coordinates": []}, pop=1))
    assert refused(write_json(tmp_path, doc)).reason == "Feature 1 has no geometry."
