"""Coverage, what-if closures, gap clusters and greedy suggestions on hand-checked grids."""

import numpy as np
import pytest

from geo.coverage import analyse
from geo.population import PopulationGrid
from geo.suggest import coverage_matrix, suggest_sites

X0, Y0 = 430_000.0, 7_210_000.0  # near Oulu, EPSG:3067


@pytest.fixture
def five_cells() -> PopulationGrid:
    # cell:      0 (500 m from A), 1 (1.5 km from A), 2 (3 km from A, 7 km from B),
    #            3 (1.5 km from B, 8.5 km from A), 4 (10 km from B)
    xs = [X0 + 500, X0, X0 + 3000, X0 + 8500, X0 + 20_000]
    ys = [Y0, Y0 + 1500, Y0, Y0, Y0]
    return PopulationGrid.from_tm35(xs, ys, [100, 200, 50, 70, 30], cell_size=250)


POINTS_X = [X0, X0 + 10_000]  # A, B
POINTS_Y = [Y0, Y0]


def test_two_points_five_cells_two_km(five_cells):
    cov = analyse(five_cells, POINTS_X, POINTS_Y, threshold_m=2000)
    assert cov.covered.tolist() == [True, True, False, True, False]
    assert cov.covered_population == 370
    assert cov.uncovered_population == 80
    assert cov.total_population == 450
    assert cov.share_covered == pytest.approx(370 / 450)
    assert cov.nearest.tolist() == [0, 0, 0, 1, 1]
    assert cov.distance_m == pytest.approx([500, 1500, 3000, 1500, 10_000], rel=1e-3)


def test_what_if_closing_a_point(five_cells):
    cov = analyse(five_cells, POINTS_X, POINTS_Y, closed=[False, True])
    assert cov.covered_population == 300  # cell 3 loses its point
    assert cov.uncovered_population == 150
    assert cov.nearest.tolist() == [0, 0, 0, 0, 0]
    assert cov.distance_m[3] == pytest.approx(8500, rel=1e-3)


def test_threshold_is_configurable(five_cells):
    assert analyse(five_cells, POINTS_X, POINTS_Y, threshold_m=3500).uncovered_population == 30
    assert analyse(five_cells, POINTS_X, POINTS_Y, threshold_m=400).covered_population == 0


def test_no_points_at_all(five_cells):
    cov = analyse(five_cells, [], [])
    assert cov.covered_population == 0 and np.isinf(cov.distance_m).all()
    assert (cov.nearest == -1).all()
    assert [g.population for g in cov.gaps] == [200, 100, 70, 50, 30]  # cells far apart
    all_closed = analyse(five_cells, POINTS_X, POINTS_Y, closed=[True, True])
    assert all_closed.uncovered_population == 450


def test_closed_mask_must_match_points(five_cells):
    with pytest.raises(ValueError):
        analyse(five_cells, POINTS_X, POINTS_Y, closed=[True])


def tiny_grid():
    """250 m cells: a 2×2 block, a 3-cell line, a lone cell, an empty cell; far from points."""
    s = 250.0
    block = [(0, 0), (1, 0), (0, 1), (1, 1)]  # pop 10 each, diagonal touching included
    line = [(5, 0), (6, 0), (7, 0)]  # pop 5 each; 4 cells (1 km) from the block
    lone = [(0, 5)]  # pop 100
    empty = [(3, 5)]  # pop 0: uncovered but no gap
    cells = block + line + lone + empty
    pops = [10] * 4 + [5] * 3 + [100] + [0]
    xs = [400_000 + s * i for i, _ in cells]
    ys = [7_000_000 + s * j for _, j in cells]
    return PopulationGrid.from_tm35(xs, ys, pops, cell_size=s)


def test_gap_clusters_largest_first():
    grid = tiny_grid()
    cov = analyse(grid, [500_000.0], [7_500_000.0])  # one point far away
    assert [(g.population, g.cells) for g in cov.gaps] == [(100, 1), (40, 4), (15, 3)]
    lone, block, line = cov.gaps
    assert (lone.x, lone.y) == (400_000.0, 7_001_250.0)
    assert (block.x, block.y) == (400_125.0, 7_000_125.0)
    assert sorted(block.cell_indices.tolist()) == [0, 1, 2, 3]
    assert sorted(line.cell_indices.tolist()) == [4, 5, 6]
    assert cov.gaps.of_cell.tolist() == [1, 1, 1, 1, 2, 2, 2, 0, -1]
    assert 63.1 < block.lat < 63.2
    assert block.max_distance_m == pytest.approx(cov.distance_m[:4].max())


def test_gaps_split_when_a_point_covers_the_middle():
    grid = tiny_grid()
    # A point on the second cell of the line covers the line only (threshold 300 m).
    cov = analyse(grid, [401_500.0], [7_000_000.0], threshold_m=300)
    assert cov.covered[[4, 5, 6]].all() and not cov.covered[:4].any()
    assert [(g.population, g.cells) for g in cov.gaps] == [(100, 1), (40, 4)]


def test_neighbour_distance_is_estimated_without_cell_size():
    grid = tiny_grid()
    unknown = PopulationGrid(grid.x, grid.y, grid.lat, grid.lon, grid.population)
    cov = analyse(unknown, [500_000.0], [7_500_000.0])
    assert cov.neighbour_distance_m == pytest.approx(375.0)
    assert [(g.population, g.cells) for g in cov.gaps] == [(100, 1), (40, 4), (15, 3)]


def demand_grid():
    """Uncovered clusters: A 1000 people, B 600 at 11 km, C 500 at 13 km."""
    xs = [X0, X0 + 11_000, X0 + 13_000]
    return PopulationGrid.from_tm35(xs, [Y0] * 3, [1000, 600, 500], cell_size=250)


def test_greedy_picks_the_site_covering_two_clusters_first():
    grid = demand_grid()
    cov = analyse(grid, [], [])
    # Candidates: s0 covers A, s1 (between B and C) covers both, s2 covers B only.
    cx = [X0 + 100, X0 + 12_000, X0 + 11_500]
    cy = [Y0, Y0, Y0]
    found = suggest_sites(grid, cov, k=3, candidate_x=cx, candidate_y=cy)
    assert [s.candidate_index for s in found] == [1, 0]  # s2 would add nobody: stop
    assert [s.added_population for s in found] == [1100, 1000]
    assert [s.cumulative_population for s in found] == [1100, 2100]
    assert found[0].cells_added == 2 and found[0].rank == 1
    assert 64.9 < found[0].lat < 65.1


def test_suggestions_ignore_already_covered_people():
    grid = demand_grid()
    cov = analyse(grid, [X0], [Y0])  # A is covered already
    cx = [X0 + 100, X0 + 11_000]
    found = suggest_sites(grid, cov, k=2, candidate_x=cx, candidate_y=[Y0, Y0])
    assert [(s.candidate_index, s.added_population) for s in found] == [(1, 600)]


def test_default_candidates_are_uncovered_cells():
    s = 250.0
    cluster = [(X0 + s * i, Y0 + s * j) for i in range(3) for j in range(2)]  # 6 × 100
    lone = [(X0 + 50_000, Y0)]  # 50
    xs, ys = zip(*(cluster + lone), strict=True)
    grid = PopulationGrid.from_tm35(xs, ys, [100] * 6 + [50], cell_size=s)
    cov = analyse(grid, [], [])
    found = suggest_sites(grid, cov, k=5)
    assert [s.added_population for s in found] == [600, 50]
    assert found[0].candidate_index is None
    assert (found[1].x, found[1].y) == (X0 + 50_000, Y0)


def test_many_default_candidates_are_merged_on_a_lattice():
    rng = np.random.default_rng(3)
    xs = 400_000 + 250 * rng.integers(0, 200, 3000)
    ys = 7_000_000 + 250 * rng.integers(0, 200, 3000)
    grid = PopulationGrid.from_tm35(xs, ys, rng.integers(1, 50, 3000), cell_size=250)
    cov = analyse(grid, [], [], find_gaps=False)
    few = suggest_sites(grid, cov, k=3, max_candidates=200)
    full = suggest_sites(grid, cov, k=3)
    assert len(few) == 3
    # Merged candidates lose little against using every cell as a candidate.
    assert few[-1].cumulative_population >= 0.8 * full[-1].cumulative_population


def test_coverage_matrix_uses_ground_distance():
    # 1999.5 m planar near the central meridian is 2000.3 m on the ground (scale 0.9996).
    m = coverage_matrix(np.array([500_000.0]), np.array([7_000_000.0]),
                        np.array([500_000.0, 500_000.0]), np.array([7_001_999.5, 7_001_000.0]))
    assert m.toarray().tolist() == [[0.0, 1.0]]


def test_gaps_as_arrays_and_objects():
    cov = analyse(tiny_grid(), [500_000.0], [7_500_000.0])
    gaps = cov.gaps
    assert len(gaps) == 3 and gaps.population.tolist() == [100, 40, 15]
    assert [g.rank for g in gaps.top(2)] == [0, 1]
    assert gaps[-1].population == 15 and gaps[-1].rank == 2
    with pytest.raises(IndexError):
        gaps[3]
    assert len(analyse(tiny_grid(), [400_500.0], [7_000_500.0], threshold_m=50_000).gaps) == 0
