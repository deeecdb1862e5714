"""The GeoPackage population reader: stdlib sqlite3, geometry = GP header + WKB (shapely)."""

import sqlite3
from pathlib import Path

import numpy as np
import shapely
from shapely.errors import GEOSException

from geo.errors import ImportRefused
from geo.population_readers import (
    POPULATION_COLUMNS,
    Progress,
    RawCells,
    find_column,
    population_column,
    population_value,
)
from geo.projection import epsg_of

SQLITE_MAGIC = b"SQLite format 3\x00"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def read_geopackage(path: Path, *, column: str | None, layer: str | None,
                    progress: Progress | None) -> RawCells:
    """A feature layer of a GeoPackage, read with sqlite3; geometry = GP header + WKB."""
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise ImportRefused("not_sqlite")
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        raise ImportRefused("geopackage_unopenable") from None
    try:
        return _read_gpkg(conn, column=column, layer=layer, progress=progress)
    except sqlite3.DatabaseError as exc:
        raise ImportRefused("geopackage_unreadable", detail=str(exc)) from None
    finally:
        conn.close()


def _read_gpkg(conn: sqlite3.Connection, *, column, layer, progress) -> RawCells:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"} <= tables:
        raise ImportRefused("not_geopackage")
    layers = [r[0] for r in conn.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name"
    )]
    if not layers:
        raise ImportRefused("no_feature_layer")
    if layer is not None and layer not in layers:
        raise ImportRefused("no_such_layer", layer=layer, layers=layers)
    candidates = [layer] if layer else layers
    chosen = names = None
    for name in candidates:
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({_quote(name)})")]
        if column or find_column(names, POPULATION_COLUMNS):
            chosen = name
            break
    if chosen is None:
        chosen = candidates[0]
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({_quote(chosen)})")]
    column = population_column(names, column)
    row = conn.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns "
                       "WHERE table_name = ?", (chosen,)).fetchone()
    if row is None:
        raise ImportRefused("layer_without_geometry", layer=chosen)
    geometry_column, srs_id = row
    epsg = _gpkg_epsg(conn, srs_id)
    # Identifiers come from the file's own catalogue, are quoted, and the connection is
    # read-only.
    total = conn.execute(f"SELECT COUNT(*) FROM {_quote(chosen)}").fetchone()[0]  # noqa: S608
    if total == 0:
        raise ImportRefused("empty_layer", layer=chosen)
    population = np.empty(total)
    numbers = np.empty(total, dtype=np.int64)
    blobs: list[bytes] = []
    cursor = conn.execute(
        f"SELECT rowid, {_quote(column)}, {_quote(geometry_column)} "  # noqa: S608
        f"FROM {_quote(chosen)} ORDER BY rowid"
    )
    i = 0
    while batch := cursor.fetchmany(10_000):
        for fid, value, blob in batch:
            numbers[i] = fid
            population[i] = population_value(value, item="feature", n=fid)
            blobs.append(_gpkg_wkb(blob, fid))
            i += 1
        if progress is not None:
            progress(i, total)
    geoms = _from_wkb(blobs, numbers)
    return RawCells(epsg=epsg, population=population, numbers=numbers, item="feature",
                    population_column=column, geoms=geoms, layer=chosen)


def _quote(identifier: str) -> str:
    return '"' + str(identifier).replace('"', '""') + '"'


def _gpkg_epsg(conn: sqlite3.Connection, srs_id: int) -> int:
    row = conn.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?", (srs_id,)
    ).fetchone()
    if row is None:
        raise ImportRefused("undescribed_srs", srs_id=srs_id)
    organization, code, definition = row
    if str(organization or "").upper() == "EPSG" and code and int(code) > 0:
        if epsg_of(f"EPSG:{int(code)}") is not None:
            return int(code)
    found = epsg_of(definition or "") if definition and definition != "undefined" else None
    if found is None:
        raise ImportRefused("unknown_layer_crs", srs_id=srs_id, organization=organization,
                            srs_code=code)
    return found


def _gpkg_wkb(blob, fid: int) -> bytes:
    """The WKB inside a GeoPackage geometry blob (magic, version, flags, srs_id, envelope)."""
    if blob is None:
        raise ImportRefused("no_geometry", item="feature", n=fid)
    data = bytes(blob)
    if len(data) < 8 or data[:2] != b"GP":
        raise ImportRefused("not_geopackage_binary", item="feature", n=fid)
    flags = data[3]
    envelope = (flags >> 1) & 0b111
    if envelope not in _ENVELOPE_BYTES:
        raise ImportRefused("invalid_geometry_header", item="feature", n=fid)
    if flags & 0b10000:
        raise ImportRefused("no_geometry", item="feature", n=fid)
    return data[8 + _ENVELOPE_BYTES[envelope]:]


def _from_wkb(blobs: list[bytes], numbers: np.ndarray) -> np.ndarray:
    try:
        geoms = shapely.from_wkb(np.array(blobs, dtype=object))
    except GEOSException:
        geoms = np.array([shapely.from_wkb(b, on_invalid="ignore") for b in blobs], dtype=object)
    kinds = shapely.get_type_id(geoms)
    ok = np.isin(kinds, (0, 3, 6)) & ~shapely.is_empty(geoms)  # Point, Polygon, MultiPolygon
    if not ok.all():
        bad = int(np.flatnonzero(~ok)[0])
        raise ImportRefused("bad_geometry", item="feature", n=int(numbers[bad]))
    return geoms


