"""Folium elements for maps that load nothing from the internet but the background tiles.

`AppMap` is a folium Map whose Leaflet JS/CSS come from URLs the caller gives (the app's own
static files), with a plain header (no page-wide styles, no zoom-disabling viewport tag).
`MarkerLayer` and `CellLayer` write their data once as a JSON array and let the app's
script (web/static/geo/maps.js, `ApuMaps`) draw it: thousands of points or cells stay one
layer, not thousands of marker scripts. JSON is escaped for a <script> element (<, >, &
and ' as \\u escapes), and maps.js puts user text in the page as text, never as HTML.
"""

import json
from dataclasses import dataclass
from html import escape

import folium
import numpy as np
from folium.map import Layer
from folium.template import Template

GEONAMES_CREDIT = ('Place data: <a href="https://www.geonames.org/">GeoNames</a> '
                   '(CC BY 4.0)')


@dataclass(frozen=True)
class MapAssets:
    """Where the browser gets Leaflet, its marker-cluster plugin and the app's map script."""

    leaflet_js: str
    leaflet_css: str
    cluster_js: str
    cluster_css: str
    cluster_default_css: str
    app_js: str
    app_css: str


@dataclass(frozen=True)
class TileSettings:
    """The background tiles: URL template and attribution HTML (empty URL: no tiles)."""

    url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                        'OpenStreetMap</a> contributors')
    max_zoom: int = 19


@dataclass(frozen=True)
class Marker:
    """One marker: where, its style (css class and letter), name, and popup fields.

    `fields` are (label, value) pairs of plain text; `radius_m` draws a dashed circle.
    """

    lat: float
    lon: float
    css: str
    letter: str
    name: str
    description: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    radius_m: float | None = None
    url: str = ""  # a link in the popup: a path on this site ("/staff/…") only


def js_json(value) -> str:
    """JSON safe inside an HTML <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def int_array(values) -> str:
    """A JSON array of integers, written fast for hundreds of thousands of values."""
    return "[" + ",".join(map(str, np.asarray(values, dtype=np.int64).tolist())) + "]"


class AppMap(folium.Map):
    """A folium Map that takes Leaflet from `assets` and registers itself with ApuMaps."""

    _template = Template("""
        {% macro html(this, kwargs) %}
            <div class="apu-map{{ ' ' ~ this.css_class if this.css_class }}"
                 id="{{ this.get_name() }}" role="region" aria-label="{{ this.label|e }}"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {{ this.get_name() }}.attributionControl.addAttribution({{ this.credit|tojson }});
            ApuMaps.register({{ this.get_name()|tojson }}, {{ this.get_name() }});
        {% endmacro %}
        """)

    def __init__(self, *, assets: MapAssets, tiles: TileSettings, label: str,
                 location=(65.0, 25.5), zoom_start: int = 11, css_class: str = "",
                 credit: str = GEONAMES_CREDIT):
        super().__init__(location=list(location), zoom_start=zoom_start, tiles=None,
                         control_scale=False)
        self.label = label
        self.css_class = css_class
        self.credit = credit
        self.default_js = [("leaflet", assets.leaflet_js), ("apu_maps", assets.app_js)]
        self.default_css = [("leaflet_css", assets.leaflet_css), ("apu_maps_css", assets.app_css)]
        if tiles.url:
            folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, max_zoom=tiles.max_zoom,
                             name="tiles", control=False).add_to(self)


class MarkerLayer(Layer):
    """Markers drawn by ApuMaps.markers from one data array (clustered when asked)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = ApuMaps.markers({{ this.rows }}, {{ this.settings }});
        {% endmacro %}
        """)

    def __init__(self, markers: list[Marker], *, name: str, assets: MapAssets,
                 cluster: bool = False, show: bool = True, link_text: str = ""):
        super().__init__(name=escape(name), overlay=True, control=True, show=show)
        self._name = "MarkerLayer"
        labels: dict[str, int] = {}
        rows = []
        for m in markers:
            row = {"la": round(m.lat, 6), "lo": round(m.lon, 6), "c": m.css, "t": m.letter,
                   "n": m.name}
            if m.description:
                row["d"] = m.description
            if m.fields:
                row["f"] = [[labels.setdefault(label, len(labels)), value]
                            for label, value in m.fields]
            if m.radius_m:
                row["r"] = round(float(m.radius_m), 1)
            if m.url.startswith("/") and not m.url.startswith("//"):
                row["u"] = m.url
            rows.append(row)
        self.rows = js_json(rows)
        self.settings = js_json({"labels": list(labels), "cluster": cluster,
                                 "linkText": link_text})
        self.cluster = cluster
        self.assets = assets

    def render(self, **kwargs):
        if self.cluster:
            figure = self.get_root()
            figure.header.add_child(folium.JavascriptLink(self.assets.cluster_js),
                                    name="markercluster_js")
            for name, url in (("markercluster_css", self.assets.cluster_css),
                              ("markercluster_default_css", self.assets.cluster_default_css)):
                figure.header.add_child(folium.CssLink(url), name=name)
        super().render(**kwargs)


@dataclass(frozen=True)
class CellData:
    """Cells to draw: WGS84 centres, population, distance to the nearest point, cell size."""

    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    distance_m: np.ndarray | None = None
    cell_size: float | None = None

    def __len__(self) -> int:
        return len(self.population)


# ColorBrewer OrRd, light to dark: more uncovered people, darker cell.
CELL_COLOURS = ("#fdcc8a", "#fc8d59", "#d7301f", "#7f0000")


def population_breaks(population) -> list[int]:
    """Class limits for the cell colours: rounded quantiles (50 %, 80 %, 95 %), increasing."""
    pop = np.asarray(population, dtype=float)
    if len(pop) == 0:
        return []
    breaks: list[int] = []
    for q in (0.5, 0.8, 0.95):
        value = int(np.ceil(np.quantile(pop, q)))
        if value > (breaks[-1] if breaks else 0) and value > int(pop.min()):
            breaks.append(value)
    return breaks


class CellLayer(Layer):
    """Uncovered cells on one canvas grid layer (ApuMaps.cells)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = ApuMaps.cells({{ this.data }}, {{ this.settings }});
        {% endmacro %}
        """)

    def __init__(self, cells: CellData, *, name: str, title: str, population_label: str,
                 distance_label: str, breaks: list[int] | None = None):
        super().__init__(name=escape(name), overlay=True, control=True, show=True)
        self._name = "CellLayer"
        breaks = population_breaks(cells.population) if breaks is None else breaks
        parts = [
            '"lat":' + int_array(np.round(np.asarray(cells.lat) * 1e5)),
            '"lon":' + int_array(np.round(np.asarray(cells.lon) * 1e5)),
            '"pop":' + int_array(np.round(np.asarray(cells.population))),
            '"size":' + js_json(round(cells.cell_size, 1) if cells.cell_size else None),
            '"breaks":' + js_json(breaks),
            '"colours":' + js_json(list(CELL_COLOURS[:len(breaks) + 1])),
        ]
        if cells.distance_m is not None:
            dist = np.asarray(cells.distance_m, dtype=float)
            tenths = np.where(np.isfinite(dist), np.round(dist / 100.0), -1)
            parts.append('"dist":' + int_array(tenths))
        self.data = "{" + ",".join(parts) + "}"
        self.settings = js_json({"title": title, "populationLabel": population_label,
                                 "distanceLabel": distance_label})
