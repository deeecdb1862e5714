"""Coverage of a population grid by open points, what-if closures and coverage gaps.

Everything is vectorised on EPSG:3067: one cKDTree over the points answers every
cell's nearest point; planar distances are turned into ground metres with the
projection's scale factor (see geo.distance). Gaps (katvealueet) are connected clusters
of populated uncovered cells, neighbours being cells within 1.5 × the cell size, found
with scipy.sparse.csgraph.connected_components over a cKDTree.query_pairs graph.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from geo.distance import ground_from_planar
from geo.population import PopulationGrid
from geo.projection import to_wgs84

DEFAULT_THRESHOLD_M = 2_000.0
NEIGHBOUR_FACTOR = 1.5


@dataclass(frozen=True)
class Gap:
    """A connected cluster of uncovered populated cells."""

    rank: int  # 0 = the most populous gap
    population: float
    cells: int
    # Population-weighted centre, where a new point would serve the most people.
    x: float
    y: float
    lat: float
    lon: float
    # The farthest any of its cells is from an open point (inf: no open points at all).
    max_distance_m: float
    cell_indices: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Gaps:
    """All gaps as arrays, most populous first; `gaps[i]` or `gaps.top(n)` give Gap objects.

    A Finland-scale grid can have 100,000 gaps (mostly single rural cells), so they are
    kept as arrays and turned into objects only for the ones shown.
    """

    population: np.ndarray
    cells: np.ndarray
    x: np.ndarray
    y: np.ndarray
    max_distance_m: np.ndarray
    of_cell: np.ndarray = field(repr=False)  # gap rank of each grid cell, -1 when in none

    @classmethod
    def none(cls, n_cells: int) -> "Gaps":
        empty = np.empty(0)
        return cls(empty, np.empty(0, dtype=np.int64), empty, empty, empty,
                   np.full(n_cells, -1, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.population)

    def __getitem__(self, rank: int) -> Gap:
        if not -len(self) <= rank < len(self):
            raise IndexError(rank)
        rank %= len(self)
        lat, lon = to_wgs84(self.x[rank], self.y[rank])
        return Gap(rank=rank, population=float(self.population[rank]),
                   cells=int(self.cells[rank]), x=float(self.x[rank]), y=float(self.y[rank]),
                   lat=float(lat), lon=float(lon),
                   max_distance_m=float(self.max_distance_m[rank]),
                   cell_indices=np.flatnonzero(self.of_cell == rank))

    def __iter__(self) -> Iterator[Gap]:
        return (self[i] for i in range(len(self)))

    def top(self, n: int) -> list[Gap]:
        """The n most populous gaps."""
        return [self[i] for i in range(min(n, len(self)))]


@dataclass(frozen=True)
class Coverage:
    """The answer of a coverage analysis; arrays are per grid cell."""

    threshold_m: float
    distance_m: np.ndarray  # to the nearest open point (inf when there is none)
    nearest: np.ndarray  # index of that point in the points given (-1 when none)
    covered: np.ndarray  # distance_m <= threshold_m
    covered_population: float
    uncovered_population: float
    gaps: Gaps
    neighbour_distance_m: float | None

    @property
    def total_population(self) -> float:
        """Covered plus uncovered population."""
        return self.covered_population + self.uncovered_population

    @property
    def share_covered(self) -> float:
        """The covered share of the population, 0…1 (1 for an empty grid)."""
        total = self.total_population
        return self.covered_population / total if total > 0 else 1.0


def nearest_distances(cell_x, cell_y, point_x, point_y) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's ground distance (m) to its nearest point and that point's index."""
    cell_x = np.asarray(cell_x, dtype=float)
    cell_y = np.asarray(cell_y, dtype=float)
    point_x = np.asarray(point_x, dtype=float)
    point_y = np.asarray(point_y, dtype=float)
    if len(point_x) == 0:
        return np.full(len(cell_x), np.inf), np.full(len(cell_x), -1, dtype=np.int64)
    tree = cKDTree(np.column_stack([point_x, point_y]))
    planar, idx = tree.query(np.column_stack([cell_x, cell_y]), k=1, workers=-1)
    return ground_from_planar(planar, cell_x, point_x[idx]), idx.astype(np.int64)


def analyse(grid: PopulationGrid, point_x, point_y, *, threshold_m: float = DEFAULT_THRESHOLD_M,
            closed=None, neighbour_distance_m: float | None = None,
            find_gaps: bool = True) -> Coverage:
    """Coverage of the grid by the points (EPSG:3067 x/y of the network's open points).

    `closed` is an optional boolean mask over the points: a what-if in which those
    points are closed. Indices in `nearest` still refer to the points as given.
    `neighbour_distance_m` defaults to 1.5 × the grid's cell size (estimated from the
    cells' spacing when the grid does not know it).
    """
    point_x = np.asarray(point_x, dtype=float)
    point_y = np.asarray(point_y, dtype=float)
    kept = np.arange(len(point_x))
    if closed is not None:
        closed = np.asarray(closed, dtype=bool)
        if closed.shape != point_x.shape:
            raise ValueError("the closed mask must have one value per point")
        kept = kept[~closed]
    distance, idx = nearest_distances(grid.x, grid.y, point_x[kept], point_y[kept])
    nearest = np.where(idx >= 0, kept[np.maximum(idx, 0)] if len(kept) else -1, -1)
    covered = distance <= threshold_m
    population = grid.population
    covered_population = float(population[covered].sum())
    uncovered_population = float(population[~covered].sum())
    gaps = Gaps.none(len(grid))
    if neighbour_distance_m is None:
        neighbour_distance_m = _neighbour_distance(grid)
    if find_gaps and neighbour_distance_m is not None:
        gaps = find_gaps_in(grid, ~covered & (population > 0), distance, neighbour_distance_m)
    return Coverage(threshold_m=threshold_m, distance_m=distance, nearest=nearest,
                    covered=covered, covered_population=covered_population,
                    uncovered_population=uncovered_population, gaps=gaps,
                    neighbour_distance_m=neighbour_distance_m)


def _neighbour_distance(grid: PopulationGrid) -> float | None:
    if grid.cell_size:
        return NEIGHBOUR_FACTOR * grid.cell_size
    if len(grid) < 2:
        return None
    tree = cKDTree(np.column_stack([grid.x, grid.y]))
    dist, _ = tree.query(np.column_stack([grid.x, grid.y]), k=2, workers=-1)
    spacing = float(np.median(dist[:, 1]))
    return NEIGHBOUR_FACTOR * spacing if spacing > 0 else None


def find_gaps_in(grid: PopulationGrid, uncovered: np.ndarray, distance_m: np.ndarray,
                 neighbour_distance_m: float) -> Gaps:
    """Connected clusters of the `uncovered` cells, most populous first."""
    cells = np.flatnonzero(uncovered)
    m = len(cells)
    if m == 0:
        return Gaps.none(len(grid))
    xy = np.column_stack([grid.x[cells], grid.y[cells]])
    # A tree used once: the unbalanced (sliding midpoint) build is much quicker.
    tree = cKDTree(xy, balanced_tree=False)
    pairs = tree.query_pairs(neighbour_distance_m, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])),
                       shape=(m, m))
    count, labels = connected_components(graph, directed=False)
    pop = grid.population[cells]
    gap_pop = np.bincount(labels, weights=pop, minlength=count)
    gap_cells = np.bincount(labels, minlength=count)
    weight = np.where(gap_pop > 0, gap_pop, 1.0)
    cx = np.bincount(labels, weights=pop * xy[:, 0], minlength=count) / weight
    cy = np.bincount(labels, weights=pop * xy[:, 1], minlength=count) / weight
    far = np.full(count, -np.inf)
    np.maximum.at(far, labels, distance_m[cells])
    order = np.lexsort((-gap_cells, -gap_pop))  # population, then size, descending
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    of_cell = np.full(len(grid), -1, dtype=np.int64)
    of_cell[cells] = rank[labels]
    return Gaps(population=gap_pop[order], cells=gap_cells[order], x=cx[order], y=cy[order],
                max_distance_m=far[order], of_cell=of_cell)
