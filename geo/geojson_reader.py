"""The GeoJSON population reader: Point, Polygon and MultiPolygon features."""

import json
import re
from pathlib import Path

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape

from geo.errors import ImportRefused
from geo.population_readers import Progress, RawCells, population_column, population_value, tick
from geo.projection import WGS84, epsg_of

_EPSG_IN_TEXT = re.compile(r"EPSG[:/]+(?:[\d.]*[:/]+)?(\d{4,5})\b", re.IGNORECASE)


def geojson_epsg(crs) -> int:
    """The EPSG code of a GeoJSON "crs" member; EPSG:4326 when there is none."""
    if crs is None:
        return WGS84
    props = crs.get("properties") if isinstance(crs, dict) else None
    if not isinstance(props, dict):
        raise ImportRefused("crs_unreadable")
    if crs.get("type") == "EPSG" and str(props.get("code", "")).isdigit():
        return int(props["code"])
    name = str(props.get("name", ""))
    if "CRS84" in name.upper():
        return WGS84
    match = _EPSG_IN_TEXT.search(name)
    code = int(match.group(1)) if match else epsg_of(name)
    if code is None or epsg_of(f"EPSG:{code}") is None:
        raise ImportRefused("unknown_crs", crs=name[:80])
    return code


def read_geojson(path: Path, *, column: str | None, progress: Progress | None) -> RawCells:
    """Features with Point, Polygon or MultiPolygon geometry and a population property."""
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused("not_utf8") from None
    except json.JSONDecodeError as exc:
        raise ImportRefused("invalid_json", line=exc.lineno, col=exc.colno) from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc], "crs": doc.get("crs")}
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" \
            or not isinstance(doc.get("features"), list):
        raise ImportRefused("not_feature_collection")
    features = doc["features"]
    if not features:
        raise ImportRefused("no_features")
    epsg = geojson_epsg(doc.get("crs"))
    names: dict[str, None] = {}
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            names.update(dict.fromkeys(props))
    column = population_column(list(names), column)
    total = len(features)
    population = np.empty(total)
    geoms = np.empty(total, dtype=object)
    # Points and Polygons are gathered as flat coordinate arrays and built in one
    # vectorised shapely call (3× quicker than shape() per feature); others go one by one.
    point_at: list[int] = []
    point_xy: list = []
    polygon_at: list[int] = []
    ring_xy: list = []
    ring_ends, polygon_ends = [0], [0]
    for i, feature in enumerate(features):
        n = i + 1
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportRefused("not_a_feature", item="feature", n=n)
        props = feature.get("properties") or {}
        population[i] = population_value(props.get(column), item="feature", n=n)
        geometry = feature.get("geometry")
        kind = _geojson_kind(geometry, n)
        coords = geometry.get("coordinates")
        if kind == "Point" and isinstance(coords, list) and len(coords) >= 2:
            point_at.append(i)
            point_xy.append(coords[:2])
        elif kind == "Polygon" and isinstance(coords, list) and coords \
                and all(isinstance(ring, list) for ring in coords):
            polygon_at.append(i)
            for ring in coords:
                ring_xy.extend(ring)
                ring_ends.append(len(ring_xy))
            polygon_ends.append(len(ring_ends) - 1)
        else:
            geoms[i] = _geojson_geometry(geometry, n)
        tick(progress, n, total)
    try:
        if point_at:
            geoms[point_at] = shapely.points(np.asarray(point_xy, dtype=float))
        if polygon_at:
            xy = np.asarray(ring_xy, dtype=float)[:, :2]
            geoms[polygon_at] = shapely.from_ragged_array(
                shapely.GeometryType.POLYGON, np.ascontiguousarray(xy),
                (np.asarray(ring_ends), np.asarray(polygon_ends)))
    except (ValueError, TypeError, IndexError, GEOSException):
        # Some coordinates are malformed: build one by one to name the feature.
        for i in point_at + polygon_at:
            geoms[i] = _geojson_geometry(features[i]["geometry"], i + 1)
        raise ImportRefused("geometries_unreadable") from None
    empty = shapely.is_empty(geoms)
    if empty.any():
        raise ImportRefused("no_geometry", item="feature", n=int(np.flatnonzero(empty)[0]) + 1)
    return RawCells(epsg=epsg, population=population, numbers=np.arange(1, total + 1),
                    item="feature", population_column=column, geoms=geoms)


def _geojson_kind(geometry, n: int) -> str:
    if not isinstance(geometry, dict) or not geometry.get("type"):
        raise ImportRefused("no_geometry", item="feature", n=n)
    kind = geometry["type"]
    if kind not in ("Point", "Polygon", "MultiPolygon"):
        raise ImportRefused("unsupported_geometry", item="feature", n=n, geometry_type=kind)
    return kind


def _geojson_geometry(geometry, n: int):
    kind = _geojson_kind(geometry, n)
    try:
        geom = shape(geometry)
    except (GEOSException, ValueError, TypeError, IndexError, AttributeError, KeyError):
        raise ImportRefused("geometry_unreadable", item="feature", n=n,
                            geometry_type=kind) from None
    if geom.is_empty:
        raise ImportRefused("no_geometry", item="feature", n=n)
    return geom


