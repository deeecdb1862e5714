"""The coverage analysis behind the coverage page, cached per network version and settings.

At Finland scale (300,000 cells, 2,000 points) one analysis with suggestions takes about
0.8 s on this 2-core machine (docs/performance.md), so it runs in the request; the result
is kept per (network version, population, threshold, what-if, suggestion settings).
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from geo.coverage import Coverage, Gap, analyse
from geo.gazetteer import default_gazetteer
from geo.maps import CellData
from geo.population import PopulationGrid
from geo.projection import to_tm35
from geo.suggest import Suggestion, suggest_sites
from network.models import CandidateSite
from network.network_snapshot import NetworkSnapshot

SHOWN_GAPS = 20


@dataclass(frozen=True)
class Settings:
    """What the person asked for."""

    threshold_m: float
    closed_ids: tuple[int, ...]
    k: int
    candidates: str  # "sites" or "cells" (resolved from "auto" by the caller)


@dataclass(frozen=True)
class SiteSuggestion:
    """A suggestion with the candidate site's name when it is one."""

    suggestion: Suggestion
    site: CandidateSite | None
    near: str | None


@dataclass(frozen=True)
class GapRow:
    """A gap with the nearest named place, for the table."""

    gap: Gap
    near: str | None


@dataclass(frozen=True)
class Result:
    """Everything the page and the map show."""

    coverage: Coverage
    baseline: Coverage | None  # the same without the what-if closures
    gaps: list[GapRow]
    suggestions: list[SiteSuggestion]
    cells: CellData
    point_mask: np.ndarray  # the snapshot's points that count for coverage
    closed_mask: np.ndarray  # of those, the ones closed in the what-if (snapshot-wide)


@lru_cache(maxsize=1)
def _places() -> tuple[np.ndarray, np.ndarray, list[str]]:
    places = default_gazetteer().places
    x, y = to_tm35([p.lat for p in places], [p.lon for p in places])
    return np.asarray(x), np.asarray(y), [p.name for p in places]


def nearest_place(x: float, y: float, within_m: float = 15_000.0) -> str | None:
    """The name of the nearest GeoNames place (EPSG:3067 input), if one is near."""
    px, py, names = _places()
    if len(names) == 0:
        return None
    distance = np.hypot(px - x, py - y)
    i = int(np.argmin(distance))
    return names[i] if distance[i] <= within_m else None


def run(snapshot: NetworkSnapshot, grid: PopulationGrid, settings: Settings,
        sites: list[CandidateSite]) -> Result:
    """Coverage of the grid by the snapshot's points, with the what-if and suggestions."""
    counts = snapshot.coverage_mask()
    xy = snapshot.points.xy[counts]
    ids = snapshot.points.ids[counts]
    closed = np.isin(ids, np.asarray(settings.closed_ids, dtype=np.int64))
    coverage = analyse(grid, xy[:, 0], xy[:, 1], threshold_m=settings.threshold_m,
                       closed=closed if closed.any() else None)
    baseline = None
    if closed.any():
        baseline = analyse(grid, xy[:, 0], xy[:, 1], threshold_m=settings.threshold_m,
                           find_gaps=False)
    chosen: list[SiteSuggestion] = []
    if settings.candidates == "sites":
        if sites:
            cx, cy = to_tm35([s.latitude for s in sites], [s.longitude for s in sites])
            for s in suggest_sites(grid, coverage, k=settings.k, candidate_x=np.atleast_1d(cx),
                                   candidate_y=np.atleast_1d(cy)):
                chosen.append(SiteSuggestion(s, sites[s.candidate_index], None))
    else:
        for s in suggest_sites(grid, coverage, k=settings.k):
            chosen.append(SiteSuggestion(s, None, nearest_place(s.x, s.y)))
    gaps = [GapRow(g, nearest_place(g.x, g.y)) for g in coverage.gaps.top(SHOWN_GAPS)]
    uncovered = ~coverage.covered & (grid.population > 0)
    cells = CellData(lat=grid.lat[uncovered], lon=grid.lon[uncovered],
                     population=grid.population[uncovered],
                     distance_m=coverage.distance_m[uncovered], cell_size=grid.cell_size)
    closed_mask = np.zeros(len(snapshot), dtype=bool)
    closed_mask[np.flatnonzero(counts)[closed]] = True
    return Result(coverage=coverage, baseline=baseline, gaps=gaps, suggestions=chosen,
                  cells=cells, point_mask=counts, closed_mask=closed_mask)
