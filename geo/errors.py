"""Errors the geo package raises to its callers."""

# Each refusal code with its plain-English reason; the values fill the %(name)s places.
# `item` is "feature" or "row" and `n` its number; lists are shown joined by commas.
# Callers may show their own text per code (web/geo/refusals.py translates every one).
REASONS = {
    "missing_file": "The file does not exist.",
    "empty_file": "The file is empty.",
    "unknown_format": "Unknown format '%(format)s': use GeoJSON, GeoPackage or CSV.",
    "not_utf8": "The file is not GeoJSON: it is not UTF-8 text.",
    "invalid_json": "The file is not GeoJSON: invalid JSON at line %(line)s, column %(col)s.",
    "not_feature_collection": "The file is not a GeoJSON FeatureCollection.",
    "no_features": "The file contains no features.",
    "not_a_feature": "%(item)s %(n)s is not a GeoJSON Feature.",
    "crs_unreadable": "The GeoJSON 'crs' member cannot be read; name an EPSG code.",
    "unknown_crs": "Unknown coordinate reference system %(crs)r: the file must name an EPSG "
                   "code (e.g. EPSG:3067).",
    "undescribed_srs": "Unknown coordinate reference system: srs_id %(srs_id)s is not "
                       "described in the GeoPackage.",
    "unknown_layer_crs": "Unknown coordinate reference system (srs_id %(srs_id)s, "
                         "%(organization)s %(srs_code)s): the layer must use an EPSG code.",
    "unusable_crs": "Unknown coordinate reference system EPSG:%(epsg)s.",
    "not_sqlite": "The file is not a GeoPackage (not an SQLite database).",
    "not_geopackage": "The file is not a GeoPackage (the gpkg_* tables are missing).",
    "geopackage_unopenable": "The GeoPackage cannot be opened.",
    "geopackage_unreadable": "The GeoPackage cannot be read (%(detail)s).",
    "no_feature_layer": "The GeoPackage has no feature layer.",
    "no_such_layer": "The GeoPackage has no feature layer '%(layer)s'; layers: %(layers)s.",
    "layer_without_geometry": "The GeoPackage layer '%(layer)s' has no geometry column.",
    "empty_layer": "The GeoPackage layer '%(layer)s' contains no features.",
    "not_csv": "The file is not a CSV text file.",
    "unreadable_csv": "The file is not a readable CSV file (%(detail)s).",
    "no_data_rows": "The file has a header but no data rows.",
    "population_column_missing": "The population column '%(column)s' is not in the file; "
                                 "columns found: %(columns)s.",
    "no_population_column": "No population column: expected one of %(expected)s; columns "
                            "found: %(columns)s.",
    "no_coordinate_columns": "No coordinate columns: expected lat and lon (WGS84) or x and y "
                             "(EPSG:3067); columns found: %(columns)s.",
    "not_a_number": "%(item)s %(n)s: %(column)s %(value)r is not a number.",
    "negative_population": "%(item)s %(n)s: population %(value)s is negative.",
    "no_geometry": "%(item)s %(n)s has no geometry.",
    "unsupported_geometry": "%(item)s %(n)s: geometry type %(geometry_type)s is not supported "
                            "(use Point, Polygon or MultiPolygon).",
    "geometry_unreadable": "%(item)s %(n)s: the %(geometry_type)s geometry cannot be read.",
    "not_geopackage_binary": "%(item)s %(n)s: the geometry is not GeoPackage binary.",
    "invalid_geometry_header": "%(item)s %(n)s: the geometry header is invalid.",
    "bad_geometry": "%(item)s %(n)s: geometry is missing, unreadable or not a Point, Polygon "
                    "or MultiPolygon.",
    "geometries_unreadable": "The geometries cannot be read.",
    "outside_finland": "%(item)s %(n)s lies outside Finland's bounds (EPSG:%(epsg)s "
                       "coordinates read as %(where)s): check the CRS and the coordinate "
                       "columns.",
}


class GeoError(Exception):
    """Base class of geo errors."""


class ImportRefused(GeoError):
    """A population file was refused: a stable `code` (a key of REASONS) and its details."""

    def __init__(self, code: str, **values):
        if code not in REASONS:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(code)
        self.code = code
        self.values = values

    @property
    def reason(self) -> str:
        """The refusal in plain English, for the command line and logs."""
        shown = {name: joined(value, "none") for name, value in self.values.items()}
        if "item" in shown:
            shown["item"] = shown["item"].capitalize()
        return REASONS[self.code] % shown

    def __str__(self) -> str:
        return self.reason

    def __reduce__(self):
        return _rebuild, (self.code, self.values)


def joined(value, empty: str):
    """A list or tuple as comma-separated text (`empty` if it has nothing); other values as is."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else empty
    return value


def _rebuild(code: str, values: dict) -> ImportRefused:
    return ImportRefused(code, **values)

