"""Translations of the population importer's refusals (geo.errors.ImportRefused).

geo writes its reasons in plain English with the details filled in; each pattern below
recognises one reason and gives its translatable message with the same details. A reason
no pattern knows is shown in English inside a translated sentence.
"""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ITEMS = {"Feature": _l("Feature"), "Row": _l("Row")}

PATTERNS = [
    (r"The file is empty\.", _l("The file is empty.")),
    (r"The file does not exist\.", _l("The file is empty.")),
    (r"Unknown format '(?P<what>.*)': use GeoJSON, GeoPackage or CSV\.",
     _l("Unknown format %(what)s: use GeoJSON, GeoPackage or CSV.")),
    (r"The file is not GeoJSON: .*", _l("The file is not valid GeoJSON.")),
    (r"The file is not a GeoJSON FeatureCollection\.",
     _l("The file is not a GeoJSON FeatureCollection.")),
    (r"The file contains no features\.", _l("The file contains no features.")),
    (r"The file is not a GeoPackage.*", _l("The file is not a GeoPackage.")),
    (r"The GeoPackage cannot be (?:opened|read).*", _l("The GeoPackage cannot be read.")),
    (r"The GeoPackage has no feature layer\.", _l("The GeoPackage has no feature layer.")),
    (r"The GeoPackage has no feature layer '(?P<what>[^']*)'; layers: (?P<list>.*)\.",
     _l("The GeoPackage has no layer %(what)s; its layers: %(list)s.")),
    (r"The GeoPackage layer '(?P<what>[^']*)' (?:has no geometry column|contains no "
     r"features)\.", _l("The GeoPackage layer %(what)s has no features to read.")),
    (r"The file is not a (?:readable )?CSV (?:text )?file.*",
     _l("The file is not a readable CSV file.")),
    (r"The file has a header but no data rows\.", _l("The file has a header but no data rows.")),
    (r"The population column '(?P<what>.*)' is not in the file; columns found: (?P<list>.*)\.",
     _l("The population column %(what)s is not in the file; its columns: %(list)s.")),
    (r"No population column: expected one of (?P<expected>.*); columns found: (?P<list>.*)\.",
     _l("No population column found: expected one of %(expected)s; the file's columns: "
        "%(list)s.")),
    (r"No coordinate columns: .*; columns found: (?P<list>.*)\.",
     _l("No coordinate columns: give lat and lon (WGS84) or x and y (EPSG:3067); the file's "
        "columns: %(list)s.")),
    (r"Unknown coordinate reference system.*",
     _l("The coordinate reference system is unknown: the file must name an EPSG code "
        "(e.g. EPSG:3067).")),
    (r"The GeoJSON 'crs' member cannot be read.*",
     _l("The coordinate reference system is unknown: the file must name an EPSG code "
        "(e.g. EPSG:3067).")),
    (r"(?P<item>Feature|Row) (?P<n>\d+) lies outside Finland's bounds.*",
     _l("%(item)s %(n)s lies outside Finland: check the coordinate reference system and the "
        "coordinate columns.")),
    (r"(?P<item>Feature|Row) (?P<n>\d+): population (?P<what>.*) is negative\.",
     _l("%(item)s %(n)s: the population %(what)s is negative.")),
    (r"(?P<item>Feature|Row) (?P<n>\d+): (?P<column>.*) (?P<what>'.*'|\S+) is not a number\.",
     _l("%(item)s %(n)s: %(column)s %(what)s is not a number.")),
    (r"(?P<item>Feature|Row) (?P<n>\d+) has no geometry\.",
     _l("%(item)s %(n)s has no geometry.")),
    (r"(?P<item>Feature|Row) (?P<n>\d+)(?::| is) .*geometry.*",
     _l("%(item)s %(n)s: the geometry is missing, unreadable or not a point or polygon.")),
    (r"The geometries cannot be read\.", _l("The geometries cannot be read.")),
    (r"(?P<item>Feature|Row) (?P<n>\d+) is not a GeoJSON Feature\.",
     _l("%(item)s %(n)s is not a GeoJSON feature.")),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), message) for pattern, message in PATTERNS]


def translate(reason: str) -> str:
    """The refusal in the page's language."""
    for pattern, message in _COMPILED:
        match = pattern.fullmatch(reason.strip())
        if match:
            values = {k: v for k, v in match.groupdict().items() if v is not None}
            if "item" in values:
                values["item"] = str(ITEMS.get(values["item"], values["item"]))
            return str(message) % values if values else str(message)
    return _("The file was refused: %(reason)s", reason=reason)
