"""Folium map builders: the staff network map, the coverage map, the resident map, a place.

Every builder returns a `MapHtml` (head links, the map's element, its script) for a page to
embed, built from plain data: markers, cells and texts already translated by the caller.
Leaflet, its plugin and the app's map script come from `MapAssets` (the app's own static
files): no request leaves for any other host except the background tiles of
`TileSettings`. Build a map once per network version and keep it; never per request.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from geo.map_layers import (
    CELL_COLOURS,
    GEONAMES_CREDIT,
    AppMap,
    CellData,
    CellLayer,
    MapAssets,
    Marker,
    MarkerLayer,
    TileSettings,
    population_breaks,
)

__all__ = [
    "CELL_COLOURS", "GEONAMES_CREDIT", "STATUS_SYMBOLS", "CellData", "MapAssets", "MapHtml",
    "MapPoint", "Marker", "TileSettings", "coverage_map", "location_map", "network_map",
    "population_breaks", "resident_map", "status_markers",
]

OSM = TileSettings()  # OpenStreetMap's tiles, the default
# More markers than this are clustered (a municipality's network stays unclustered).
CLUSTER_ABOVE = 300
# Each status's symbol, drawn in the marker; with the shape (by CSS class) it says the same
# as the colour, so colour is never the only signal. Symbols need no translation.
STATUS_SYMBOLS = {"open": "✓", "full": "!", "food_aid_out": "∅", "standby": "‖",
                  "closed": "✕"}
_URL = re.compile(r"""https?://[^\s"'<>)\\]+""")


@dataclass(frozen=True)
class MapHtml:
    """A rendered map in three parts for a page: <head> links, the element, the script."""

    head: str
    body: str
    script: str

    def standalone(self, title: str = "Map") -> str:
        """A whole HTML document (for files, size checks and benchmarks)."""
        return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
                f"{self.head}</head><body>{self.body}<script>{self.script}</script>"
                "</body></html>")

    @property
    def size(self) -> int:
        """Bytes of the map's HTML (UTF-8)."""
        return sum(len(part.encode()) for part in (self.head, self.body, self.script))

    def urls(self) -> set[str]:
        """Every http(s) URL written in the map's HTML."""
        return set(_URL.findall(self.head + self.body + self.script))


@dataclass(frozen=True)
class MapPoint:
    """A service point for a map: where, its name and status, and its popup fields."""

    lat: float
    lon: float
    name: str
    status: str  # "open", "standby" or "closed"
    fields: tuple[tuple[str, str], ...] = ()
    url: str = ""  # the point's page on this site, linked from the popup


def status_markers(points: Sequence[MapPoint], status_labels: Mapping[str, str],
                   *, status_field: str | None = None) -> list[Marker]:
    """Markers for points: colour, shape and symbol by status (see STATUS_SYMBOLS).

    With `status_field` the status is also the popup's first field under that label.
    """
    markers = []
    for p in points:
        label = str(status_labels.get(p.status, p.status))
        fields = ((status_field, label), *p.fields) if status_field else p.fields
        known = p.status in STATUS_SYMBOLS
        markers.append(Marker(lat=p.lat, lon=p.lon, css=p.status if known else "other",
                              letter=STATUS_SYMBOLS.get(p.status, "?"), name=p.name,
                              description=label, fields=tuple(fields), url=p.url))
    return markers


def _bounds(lat: Sequence[float], lon: Sequence[float]) -> list[list[float]] | None:
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if len(lat) == 0:
        return None
    return [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]


def _new_map(assets: MapAssets, tiles: TileSettings, label: str, bounds, *,
             css_class: str = "", zoom: int = 11, max_zoom: int = 15,
             credit: str = GEONAMES_CREDIT) -> AppMap:
    centre = (65.01, 25.47)  # Oulu, when there is nothing to show
    if bounds is not None:
        centre = ((bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2)
    fmap = AppMap(assets=assets, tiles=tiles, label=label, location=centre, zoom_start=zoom,
                  css_class=css_class, credit=credit)
    if bounds is not None and bounds[0] != bounds[1]:
        fmap.fit_bounds(bounds, padding=(20, 20), max_zoom=max_zoom)
    return fmap


def render(fmap: AppMap) -> MapHtml:
    """The map's three parts."""
    figure = fmap.get_root()
    figure.header._children.pop("meta_http", None)  # the page has its own charset
    fmap.render()
    return MapHtml(head=figure.header.render(), body=figure.html.render(),
                   script=figure.script.render())


def _layer_control(fmap: AppMap) -> None:
    import folium

    folium.LayerControl(collapsed=False).add_to(fmap)


def network_map(points: Sequence[MapPoint], *, status_labels: Mapping[str, str],
                status_field: str, layer_name: str, label: str, assets: MapAssets,
                tiles: TileSettings = OSM, link_text: str = "",
                cluster_above: int = CLUSTER_ABOVE, credit: str = GEONAMES_CREDIT) -> MapHtml:
    """The staff map of the network: every point with its status in colour, shape and symbol."""
    fmap = _new_map(assets, tiles, label, _bounds([p.lat for p in points],
                                                  [p.lon for p in points]), credit=credit)
    MarkerLayer(status_markers(points, status_labels, status_field=status_field),
                name=layer_name, assets=assets, cluster=len(points) > cluster_above,
                link_text=link_text).add_to(fmap)
    return render(fmap)


def resident_map(points: Sequence[MapPoint], *, status_labels: Mapping[str, str],
                 layer_name: str, label: str, assets: MapAssets,
                 tiles: TileSettings = OSM, here: Marker | None = None,
                 link_text: str = "", cluster_above: int = CLUSTER_ABOVE,
                 credit: str = GEONAMES_CREDIT) -> MapHtml:
    """The residents' map of open points (name, address, offerings, open until in the popup).

    `here` marks the place the resident asked about. Give only what residents may see: no
    worker names.
    """
    lat = [p.lat for p in points] + ([here.lat] if here else [])
    lon = [p.lon for p in points] + ([here.lon] if here else [])
    fmap = _new_map(assets, tiles, label, _bounds(lat, lon), max_zoom=16, credit=credit)
    MarkerLayer(status_markers(points, status_labels), name=layer_name, assets=assets,
                cluster=len(points) > cluster_above, link_text=link_text).add_to(fmap)
    if here is not None:
        MarkerLayer([here], name=here.name, assets=assets).add_to(fmap)
    return render(fmap)


@dataclass(frozen=True)
class CoverageText:
    """The coverage map's texts, translated by the caller."""

    label: str
    cells_layer: str
    cells_title: str
    population: str
    distance: str
    gaps_layer: str
    sites_layer: str
    points_layer: str
    link: str = ""


def coverage_map(*, cells: CellData | None, gaps: Sequence[Marker], sites: Sequence[Marker],
                 points: Sequence[Marker], text: CoverageText, assets: MapAssets,
                 tiles: TileSettings = OSM, breaks: list[int] | None = None,
                 cluster_above: int = CLUSTER_ABOVE, credit: str = GEONAMES_CREDIT) -> MapHtml:
    """Uncovered population as one canvas layer, numbered gaps and suggested sites, points."""
    lat = [m.lat for m in (*gaps, *sites, *points)]
    lon = [m.lon for m in (*gaps, *sites, *points)]
    if cells is not None and len(cells):
        lat += [float(np.min(cells.lat)), float(np.max(cells.lat))]
        lon += [float(np.min(cells.lon)), float(np.max(cells.lon))]
    fmap = _new_map(assets, tiles, text.label, _bounds(lat, lon), credit=credit)
    if cells is not None and len(cells):
        CellLayer(cells, name=text.cells_layer, title=text.cells_title,
                  population_label=text.population, distance_label=text.distance,
                  breaks=breaks).add_to(fmap)
    if points:
        MarkerLayer(list(points), name=text.points_layer, assets=assets,
                    cluster=len(points) > cluster_above, link_text=text.link).add_to(fmap)
    if gaps:
        MarkerLayer(list(gaps), name=text.gaps_layer, assets=assets).add_to(fmap)
    if sites:
        MarkerLayer(list(sites), name=text.sites_layer, assets=assets).add_to(fmap)
    _layer_control(fmap)
    return render(fmap)


def location_map(marker: Marker, *, label: str, assets: MapAssets,
                 tiles: TileSettings = OSM, zoom: int = 15,
                 credit: str = GEONAMES_CREDIT) -> MapHtml:
    """A small map of one place (e.g. a geocoder's answer shown for confirmation)."""
    fmap = AppMap(assets=assets, tiles=tiles, label=label, location=(marker.lat, marker.lon),
                  zoom_start=zoom, css_class="apu-map-small", credit=credit)
    MarkerLayer([marker], name=marker.name, assets=assets).add_to(fmap)
    return render(fmap)
