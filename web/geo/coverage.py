"""The coverage page: who is within reach of an open point, the gaps, and where to add points."""

import math
from dataclasses import dataclass

from flask import render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms.fields import SelectChoice

from geo.maps import STATUS_SYMBOLS, CoverageText, Marker, coverage_map, population_breaks
from geo.population import PopulationGrid
from network import candidate_sites, population_datasets
from network.models import PointStatus, PopulationDataset, ServiceMode
from network.network_snapshot import NetworkSnapshot
from web.auth.access import require_role
from web.extensions import db
from web.geo import bp, coverage_analysis, services
from web.geo.forms import DEFAULT_THRESHOLD_KM, STANDIN, CoverageForm
from web.geo.network_map import status_labels
from web.staff.crud import READERS

WHATIF_SYMBOL = "–"


@dataclass(frozen=True)
class Population:
    """The population data chosen: a key for caches, the grid, and how to describe it."""

    key: tuple
    grid: PopulationGrid | None
    name: str
    standin: bool


def population_for(dataset_id: int) -> Population:
    """An imported dataset's grid, or the stand-in around the normal network's points."""
    if dataset_id != STANDIN:
        dataset = db.session.get(PopulationDataset, dataset_id)
        if dataset is not None:
            return Population(("dataset", dataset.id), services.state().grids.get(dataset),
                              dataset.name, False)
    normal = services.snapshot(ServiceMode.NORMAL)
    grid = services.state().coverage.get_or_build(
        ("standin", normal.version),
        lambda: population_datasets.standin_grid(normal.points.lat, normal.points.lon))
    return Population(("standin", normal.version), grid, _("Rough stand-in"), True)


def _km(metres: float) -> str:
    return _("%(km)s km", km=format_decimal(metres / 1000.0, "#,##0.0"))


def _people(value: float) -> str:
    return format_decimal(round(value), "#,##0")


def map_markers(snapshot: NetworkSnapshot, result: coverage_analysis.Result,
                threshold_m: float):
    """The coverage map's points, gaps and suggested sites."""
    labels = status_labels()
    whatif = _("Closed in the what-if")
    points = []
    for i, info in enumerate(snapshot.info):
        if result.closed_mask[i]:
            points.append(Marker(info.lat, info.lon, "whatif", WHATIF_SYMBOL, info.name, whatif))
        else:
            points.append(Marker(info.lat, info.lon, info.status,
                                 STATUS_SYMBOLS.get(info.status, "?"), info.name,
                                 labels.get(info.status, info.status)))
    gaps = []
    for row in result.gaps:
        gap, n = row.gap, row.gap.rank + 1
        farthest = _km(gap.max_distance_m) if math.isfinite(gap.max_distance_m) else "–"
        gaps.append(Marker(
            gap.lat, gap.lon, "gap", str(n),
            _("Gap %(n)d near %(place)s", n=n, place=row.near) if row.near
            else _("Gap %(n)d", n=n),
            fields=((_("People not covered"), _people(gap.population)),
                    (_("Cells"), str(gap.cells)),
                    (_("Farthest from an open point"), farthest))))
    sites = [Marker(s.suggestion.lat, s.suggestion.lon, "site", str(s.suggestion.rank),
                    site_name(s), fields=(
                        (_("People it would add"), _people(s.suggestion.added_population)),
                        (_("Together with the sites before it"),
                         _people(s.suggestion.cumulative_population))),
                    radius_m=threshold_m)
             for s in result.suggestions]
    return points, gaps, sites


def site_name(s: coverage_analysis.SiteSuggestion) -> str:
    """A suggestion's name: the candidate site's, or the nearest place's."""
    if s.site is not None:
        return s.site.name
    if s.near:
        return _("Suggested site %(n)d near %(place)s", n=s.suggestion.rank, place=s.near)
    return _("Suggested site %(n)d", n=s.suggestion.rank)


def prepare(form: CoverageForm, snapshot: NetworkSnapshot, datasets) -> None:
    """Fill the form's choices: datasets (newest first, then the stand-in) and the points."""
    form.dataset.choices = [SelectChoice(d.id, d.name) for d in datasets] + [
        SelectChoice(STANDIN, _("Rough stand-in: GeoNames places around the network"))]
    mask = snapshot.coverage_mask()
    form.closed.choices = [SelectChoice(info.id, info.name)
                           for info, counts in zip(snapshot.info, mask, strict=True) if counts]


@bp.get("/coverage")
@require_role(*READERS)
def coverage():
    """The coverage analysis of the chosen network, population data and threshold."""
    datasets = population_datasets.datasets()
    raw_mode = request.args.get("mode")
    mode = ServiceMode(raw_mode) if raw_mode in {m.value for m in ServiceMode} else (
        ServiceMode.NORMAL)
    snapshot = services.snapshot(mode)
    form = CoverageForm(formdata=request.args if request.args else None)
    prepare(form, snapshot, datasets)
    if not request.args:
        form.dataset.data = datasets[0].id if datasets else STANDIN
    valid = form.validate() if request.args else True
    if not valid:
        return render_template("geo/coverage.html", form=form, mode=mode, result=None,
                               population=None, map=None, snapshot=snapshot), 400
    threshold_m = (form.threshold_km.data or DEFAULT_THRESHOLD_KM) * 1000.0
    population = population_for(form.dataset.data if form.dataset.data is not None else (
        datasets[0].id if datasets else STANDIN))
    sites = candidate_sites.active_sites()
    kind = form.candidates.data or "auto"
    if kind == "auto":
        kind = "sites" if sites else "cells"
    settings = coverage_analysis.Settings(
        threshold_m=threshold_m, closed_ids=tuple(sorted(set(form.closed.data or ()))),
        k=form.suggestions.data or 5, candidates=kind)
    if population.grid is None or len(population.grid) == 0:
        return render_template("geo/coverage.html", form=form, mode=mode, result=None,
                               population=population, map=None, snapshot=snapshot)
    sites_key = tuple((s.id, s.latitude, s.longitude, s.name) for s in sites)
    key = ("coverage", snapshot.version, snapshot.day, mode, population.key, settings,
           sites_key if kind == "sites" else ())
    state = services.state()
    result = state.coverage.get_or_build(
        key, lambda: coverage_analysis.run(snapshot, population.grid, settings, sites))
    locale, tiles = services.locale(), services.tile_settings()
    breaks = population_breaks(result.cells.population)

    def build():
        points, gaps, sites_markers = map_markers(snapshot, result, threshold_m)
        text = CoverageText(
            label=_("Coverage map"), cells_layer=_("Population not covered"),
            cells_title=_("Not covered"), population=_("People"),
            distance=_("Distance to the nearest open point"), gaps_layer=_("Gaps"),
            sites_layer=_("Suggested sites"), points_layer=_("Service points"))
        return coverage_map(cells=result.cells, gaps=gaps, sites=sites_markers, points=points,
                            text=text, assets=services.map_assets(), tiles=tiles, breaks=breaks,
                            credit=services.credit())

    rendered = state.maps.get_or_build((*key, locale, tiles), build)
    return render_template(
        "geo/coverage.html", form=form, mode=mode, result=result, population=population,
        map=rendered, snapshot=snapshot, breaks=breaks, threshold_m=threshold_m,
        statuses=list(PointStatus), site_name=site_name, sites_count=len(sites),
        candidates_kind=kind)
