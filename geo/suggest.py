"""Where to add points: greedy maximum-coverage location over uncovered population.

Candidates are sites staff entered (EPSG:3067 x/y) or, by default, the centres of the
uncovered populated cells. The candidate × cell coverage relation ("within the threshold
on the ground") is built once as a sparse matrix with cKDTree; each greedy step takes
the candidate adding the most still-uncovered population and updates every candidate's
gain with one sparse product over the cells it newly covered. Greedy is the classic
(1 − 1/e)-approximation of the maximum coverage location problem.
"""

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.spatial import cKDTree

from geo.coverage import DEFAULT_THRESHOLD_M, Coverage
from geo.distance import ground_from_planar, tm35_scale
from geo.population import PopulationGrid
from geo.projection import to_wgs84

# Default candidates above this count are merged on a coarser lattice (see _lattice).
MAX_CANDIDATES = 20_000


@dataclass(frozen=True)
class Suggestion:
    """A proposed site and the uncovered population it would add."""

    rank: int
    x: float
    y: float
    lat: float
    lon: float
    added_population: float
    cumulative_population: float
    cells_added: int
    # Index into the candidates given, or None for a generated candidate.
    candidate_index: int | None


def suggest_sites(grid: PopulationGrid, coverage: Coverage, *, k: int = 5,
                  threshold_m: float | None = None, candidate_x=None, candidate_y=None,
                  max_candidates: int = MAX_CANDIDATES) -> list[Suggestion]:
    """Up to k sites chosen greedily to cover the most population `coverage` leaves uncovered."""
    threshold = coverage.threshold_m if threshold_m is None else threshold_m
    demand = np.flatnonzero(~coverage.covered & (grid.population > 0))
    if k <= 0 or len(demand) == 0:
        return []
    dx, dy = grid.x[demand], grid.y[demand]
    remaining = grid.population[demand].astype(float)
    given = candidate_x is not None
    if given:
        cx = np.atleast_1d(np.asarray(candidate_x, dtype=float))
        cy = np.atleast_1d(np.asarray(candidate_y, dtype=float))
        if cx.shape != cy.shape:
            raise ValueError("candidate_x and candidate_y must have the same length")
    else:
        cx, cy = _lattice(dx, dy, remaining, grid.cell_size, threshold, max_candidates)
    if len(cx) == 0:
        return []
    reach = coverage_matrix(cx, cy, dx, dy, threshold)
    by_cell = reach.tocsc()
    gains = reach @ remaining
    chosen: list[Suggestion] = []
    total = 0.0
    for rank in range(1, k + 1):
        c = int(np.argmax(gains))
        if gains[c] <= 1e-9:
            break
        cells = reach.indices[reach.indptr[c]:reach.indptr[c + 1]]
        newly = cells[remaining[cells] > 0]
        added = float(remaining[newly].sum())
        gains -= by_cell[:, newly] @ remaining[newly]
        remaining[newly] = 0.0
        gains[c] = 0.0
        total += added
        lat, lon = to_wgs84(cx[c], cy[c])
        chosen.append(Suggestion(
            rank=rank, x=float(cx[c]), y=float(cy[c]), lat=float(lat), lon=float(lon),
            added_population=added, cumulative_population=total, cells_added=len(newly),
            candidate_index=c if given else None,
        ))
    return chosen


def coverage_matrix(cx, cy, dx, dy, threshold_m: float = DEFAULT_THRESHOLD_M) -> csr_matrix:
    """A sparse candidate × cell matrix of ones where the cell is within the threshold."""
    cand = cKDTree(np.column_stack([cx, cy]))
    cells = cKDTree(np.column_stack([dx, dy]))
    # Largest planar radius that can be within the ground threshold, then exact filtering.
    radius = threshold_m * float(np.max(tm35_scale(np.concatenate([cx, dx]))))
    pairs = cand.sparse_distance_matrix(cells, radius, output_type="ndarray")
    i, j = pairs["i"], pairs["j"]
    near = ground_from_planar(pairs["v"], cx[i], dx[j]) <= threshold_m
    i, j = i[near], j[near]
    return csr_matrix((np.ones(len(i)), (i, j)), shape=(len(cx), len(dx)))


def _lattice(x, y, weight, cell_size, threshold_m, max_candidates):
    """Candidate sites: the cells themselves, or weighted centres on a coarser lattice.

    With more cells than `max_candidates` the cells are grouped into lattice squares
    (starting at a quarter of the threshold, doubling) and each square's
    population-weighted centre becomes one candidate: it keeps the matrix small while
    losing little, since a point covers a disc four times wider than the square.
    """
    if len(x) <= max_candidates:
        return x.copy(), y.copy()
    step = max(cell_size or 0.0, threshold_m / 4.0)
    while True:
        # One int64 key per lattice square (EPSG:3067 coordinates are positive).
        keys = np.floor(x / step).astype(np.int64) * (1 << 32) + np.floor(y / step).astype(
            np.int64)
        _, group = np.unique(keys, return_inverse=True)
        count = int(group.max()) + 1
        if count <= max_candidates:
            break
        step *= 2.0
    w = np.where(weight > 0, weight, 1e-9)
    total = np.bincount(group, weights=w, minlength=count)
    return (np.bincount(group, weights=w * x, minlength=count) / total,
            np.bincount(group, weights=w * y, minlength=count) / total)
