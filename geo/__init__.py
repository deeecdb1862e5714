"""Geography as plain Python over coordinates and arrays: no database, no web.

Modules, in the order a reader meets them:

- ``projection``: WGS84 ⇄ EPSG:3067 (ETRS-TM35FIN), vectorised.
- ``distance``: vectorised distances; geopy's geodesic only for distances shown to a person.
- ``gazetteer``: offline place-name lookup from GeoNames (package data).
- ``geocoding``: a configurable geopy geocoder with a cache and the gazetteer as fallback.
- ``opening``: whether a point is open at a moment, and until when.
- ``nearest``: the k nearest matching open points to a location.
- ``population``: importing population grids (readers: ``geojson_reader``,
  ``geopackage_reader``, ``population_readers`` for CSV).
- ``coverage``: covered and uncovered population, what-if closures, coverage gaps.
- ``suggest``: greedy maximum-coverage placement of new points.
- ``maps`` (with ``map_layers``): folium maps whose Leaflet comes from the app's own static
  files; the only module here that imports folium.
"""
