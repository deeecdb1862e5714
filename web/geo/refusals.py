"""Translations of the population importer's refusals (geo.errors.ImportRefused).

Each refusal code geo can raise (geo.errors.REASONS) has a message here; the refusal's
values fill its %(name)s places.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from geo.errors import ImportRefused, joined

ITEMS = {"feature": _l("Feature"), "row": _l("Row")}

_UNKNOWN_CRS = _l("The coordinate reference system is unknown: the file must name an EPSG code "
                  "(e.g. EPSG:3067).")
_NOT_GEOJSON = _l("The file is not valid GeoJSON.")
_NOT_GEOPACKAGE = _l("The file is not a GeoPackage.")
_GEOPACKAGE_UNREADABLE = _l("The GeoPackage cannot be read.")
_NOT_CSV = _l("The file is not a readable CSV file.")
_EMPTY_LAYER = _l("The GeoPackage layer %(layer)s has no features to read.")
_BAD_GEOMETRY = _l("%(item)s %(n)s: the geometry is missing, unreadable or not a point or "
                   "polygon.")

MESSAGES = {
    "missing_file": _l("The file does not exist."),
    "empty_file": _l("The file is empty."),
    "unknown_format": _l("Unknown format %(format)s: use GeoJSON, GeoPackage or CSV."),
    "not_utf8": _NOT_GEOJSON,
    "invalid_json": _l("The file is not valid GeoJSON: the JSON has an error at line "
                       "%(line)s, column %(col)s."),
    "not_feature_collection": _l("The file is not a GeoJSON FeatureCollection."),
    "no_features": _l("The file contains no features."),
    "not_a_feature": _l("%(item)s %(n)s is not a GeoJSON feature."),
    "crs_unreadable": _UNKNOWN_CRS,
    "unknown_crs": _UNKNOWN_CRS,
    "undescribed_srs": _UNKNOWN_CRS,
    "unknown_layer_crs": _UNKNOWN_CRS,
    "unusable_crs": _l("The coordinate reference system EPSG:%(epsg)s cannot be used."),
    "not_sqlite": _NOT_GEOPACKAGE,
    "not_geopackage": _NOT_GEOPACKAGE,
    "geopackage_unopenable": _GEOPACKAGE_UNREADABLE,
    "geopackage_unreadable": _GEOPACKAGE_UNREADABLE,
    "no_feature_layer": _l("The GeoPackage has no feature layer."),
    "no_such_layer": _l("The GeoPackage has no layer %(layer)s; its layers: %(layers)s."),
    "layer_without_geometry": _EMPTY_LAYER,
    "empty_layer": _EMPTY_LAYER,
    "not_csv": _NOT_CSV,
    "unreadable_csv": _NOT_CSV,
    "no_data_rows": _l("The file has a header but no data rows."),
    "population_column_missing": _l("The population column %(column)s is not in the file; its "
                                    "columns: %(columns)s."),
    "no_population_column": _l("No population column found: expected one of %(expected)s; the "
                               "file's columns: %(columns)s."),
    "no_coordinate_columns": _l("No coordinate columns: give lat and lon (WGS84) or x and y "
                                "(EPSG:3067); the file's columns: %(columns)s."),
    "not_a_number": _l("%(item)s %(n)s: %(column)s %(value)r is not a number."),
    "negative_population": _l("%(item)s %(n)s: the population %(value)s is negative."),
    "no_geometry": _l("%(item)s %(n)s has no geometry."),
    "unsupported_geometry": _l("%(item)s %(n)s: the geometry type %(geometry_type)s is not "
                               "supported; use Point, Polygon or MultiPolygon."),
    "geometry_unreadable": _BAD_GEOMETRY,
    "not_geopackage_binary": _BAD_GEOMETRY,
    "invalid_geometry_header": _BAD_GEOMETRY,
    "bad_geometry": _BAD_GEOMETRY,
    "geometries_unreadable": _l("The geometries cannot be read."),
    "outside_finland": _l("%(item)s %(n)s lies outside Finland: check the coordinate reference "
                          "system and the coordinate columns."),
}


def translate(refused: ImportRefused) -> str:
    """The refusal in the page's language."""
    message = MESSAGES.get(refused.code)
    if message is None:  # a code without a translation yet (a test keeps this from happening)
        return _("The file was refused: %(reason)s", reason=refused.reason)
    values = {name: joined(value, str(_("(none)"))) for name, value in refused.values.items()}
    if "item" in values:
        values["item"] = str(ITEMS.get(values["item"], values["item"]))
    return str(message) % values
