"""Writing minimal valid GeoPackages with the stdlib sqlite3, for the import tests."""

import sqlite3
import struct
from pathlib import Path

import shapely
from pyproj import CRS

SRS_DDL = """
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE,
  max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  PRIMARY KEY (table_name, column_name));
"""


def gp_blob(geom, srs_id: int, *, envelope: bool = False, big_endian: bool = False) -> bytes:
    """GeoPackage binary: 'GP', version 0, flags, srs_id, optional xy envelope, WKB."""
    order = ">" if big_endian else "<"
    flags = (0 if big_endian else 1) | ((1 << 1) if envelope else 0)
    header = b"GP" + bytes([0, flags]) + struct.pack(order + "i", srs_id)
    if envelope:
        minx, miny, maxx, maxy = geom.bounds
        header += struct.pack(order + "4d", minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geom, byte_order=0 if big_endian else 1)


def write_gpkg(path: Path, rows: list[tuple], *, epsg: int | None = 3067,
               organization: str = "EPSG", column: str = "vaesto", layer: str = "grid",
               geometry_type: str = "POLYGON", envelope: bool = False,
               big_endian: bool = False) -> Path:
    """A GeoPackage with one feature layer: rows of (geometry or None or raw bytes, population)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444487")
    conn.execute("PRAGMA user_version = 10400")
    conn.executescript(SRS_DDL)
    srs_id = epsg if epsg else 99999
    definition = CRS.from_epsg(epsg).to_wkt() if epsg else "undefined"
    conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)",
                 ("grid crs", srs_id, organization, epsg or 99999, definition))
    conn.execute(f'CREATE TABLE "{layer}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, '
                 f'geom BLOB, "{column}" REAL)')
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                 "VALUES (?, 'features', ?, ?)", (layer, layer, srs_id))
    conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                 (layer, geometry_type, srs_id))
    for geom, population in rows:
        if geom is None or isinstance(geom, bytes):
            blob = geom
        else:
            blob = gp_blob(geom, srs_id, envelope=envelope, big_endian=big_endian)
        conn.execute(f'INSERT INTO "{layer}" (geom, "{column}") VALUES (?, ?)',
                     (blob, population))
    conn.commit()
    conn.close()
    return path
