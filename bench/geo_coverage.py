"""Benchmark: Finland-scale coverage analysis and nearest-point queries, with baselines.

Run from the repository root:

    .venv/bin/python bench/geo_coverage.py

A synthetic Finland: 300,000 populated 250 m cells clustered around the 930 GeoNames
places (geo/data/fi_places.csv) plus rural scatter, and 2,000 service points near the
places. Measured in one run, as medians of several repetitions:

1. full coverage analysis at 2 km (nearest distances for every cell + gap clusters);
2. the naive baseline side by side: a Python loop of geopy geodesic calls for a sample
   of cells × all points, extrapolated to every cell, and the ratio;
3. agreement of the vectorised distances with geopy's geodesic on that sample and on
   random pairs up to 50 km;
4. one nearest-open-point query among 2,000 points (k = 5, geodesic for the 5 shown).
"""

import argparse
import json
import statistics
import time
from datetime import UTC, datetime
from datetime import time as clock

import numpy as np
from geopy.distance import geodesic
from scipy.spatial import cKDTree

from geo.coverage import analyse
from geo.distance import haversine_m, tm35_m
from geo.gazetteer import default_gazetteer
from geo.nearest import PointFilter, PointSnapshot, nearest
from geo.opening import PointHours, WeeklyPeriod, open_mask
from geo.population import PopulationGrid
from geo.projection import in_finland, to_tm35, to_wgs84
from geo.suggest import suggest_sites

CELL = 250.0


def synthetic_finland(cells: int, points: int, seed: int):
    """A population grid and service points shaped like Finland's settlement."""
    rng = np.random.default_rng(seed)
    places = default_gazetteer().places
    plat = np.array([p.lat for p in places])
    plon = np.array([p.lon for p in places])
    ppop = np.array([p.population for p in places], dtype=float)
    px, py = to_tm35(plat, plon)
    chosen: np.ndarray = np.empty((0, 2))
    while len(chosen) < cells:
        n = cells * 2
        town = rng.random(n) < 0.8
        weights = np.sqrt(ppop) / np.sqrt(ppop).sum()
        centre = rng.choice(len(places), size=n, p=weights)
        spread = np.where(town, 1_500 + 2_000 * np.log10(ppop[centre] / 500 + 1), 15_000)
        x = px[centre] + rng.normal(0, 1, n) * spread
        y = py[centre] + rng.normal(0, 1, n) * spread
        x = (np.floor(x / CELL) + 0.5) * CELL
        y = (np.floor(y / CELL) + 0.5) * CELL
        lat, lon = to_wgs84(x, y)
        inside = in_finland(lat, lon)
        chosen = np.unique(np.vstack([chosen, np.column_stack([x[inside], y[inside]])]), axis=0)
    keep = rng.permutation(len(chosen))[:cells]
    x, y = chosen[keep, 0], chosen[keep, 1]
    # Denser cells near the places: ~5.5 million people in all, as in Finland.
    near, _ = cKDTree(np.column_stack([px, py])).query(np.column_stack([x, y]))
    mean = np.where(near < 5_000, 3.0, 1.0)
    population = np.maximum(1, np.round(rng.lognormal(mean, 1.0)))
    grid = PopulationGrid.from_tm35(x, y, population, cell_size=CELL)
    # Points stand where people live: cells drawn by population, a few hundred metres off.
    site = rng.choice(cells, size=points, replace=False, p=population / population.sum())
    qx = x[site] + rng.normal(0, 300, points)
    qy = y[site] + rng.normal(0, 300, points)
    return grid, qx, qy


def median_time(fn, runs: int) -> tuple[float, object]:
    """Median wall time of fn() over runs, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def naive_nearest(cells_lat, cells_lon, pts_lat, pts_lon) -> list[float]:
    """The baseline: a Python loop of geopy geodesic calls, every cell × every point."""
    out = []
    for a, o in zip(cells_lat, cells_lon, strict=True):
        out.append(min(geodesic((a, o), (b, p)).meters
                       for b, p in zip(pts_lat, pts_lon, strict=True)))
    return out


def snapshot_for(lat, lon, rng) -> tuple[PointSnapshot, list[PointHours]]:
    n = len(lat)
    offerings = [["food_aid", "conversation"] if i % 3 else ["conversation"] for i in range(n)]
    groups = [["everyone"] if i % 4 else ["older_people"] for i in range(n)]
    languages = [["fi", "sv"] if i % 5 == 0 else ["fi"] for i in range(n)]
    snap = PointSnapshot(np.arange(n), lat, lon, offerings=offerings, target_groups=groups,
                         languages=languages, step_free=rng.random(n) < 0.5)
    hours = [PointHours("open" if i % 10 else "standby",
                        [WeeklyPeriod(d, clock(9 + i % 3), clock(16)) for d in range(5)])
             for i in range(n)]
    return snap, hours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=300_000)
    parser.add_argument("--points", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sample-cells", type=int, default=30,
                        help="cells in the naive geodesic baseline (× all points)")
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed + 1)

    t0 = time.perf_counter()
    grid, px, py = synthetic_finland(args.cells, args.points, args.seed)
    setup = time.perf_counter() - t0
    plat, plon = to_wgs84(px, py)

    # 1. Full coverage analysis at 2 km.
    coverage_s, cov = median_time(lambda: analyse(grid, px, py, threshold_m=2_000), args.runs)
    distances_s, _ = median_time(
        lambda: analyse(grid, px, py, threshold_m=2_000, find_gaps=False), args.runs)
    closed = rng.random(args.points) < 0.1
    whatif_s, whatif = median_time(
        lambda: analyse(grid, px, py, threshold_m=2_000, closed=closed), args.runs)
    suggest_s, suggestions = median_time(lambda: suggest_sites(grid, cov, k=10), 3)

    # 2. Naive geodesic loop over a sample of cells × all points, extrapolated.
    sample = rng.choice(len(grid), size=args.sample_cells, replace=False)
    start = time.perf_counter()
    naive = np.array(naive_nearest(grid.lat[sample], grid.lon[sample], plat, plon))
    naive_sample_s = time.perf_counter() - start
    naive_full_s = naive_sample_s / args.sample_cells * len(grid)

    # 3. Distance agreement with geodesic.
    nearest_error = np.abs(cov.distance_m[sample] / naive - 1)
    a = rng.choice(len(grid), size=2_000, replace=False)
    bearing = rng.uniform(0, 360, 2_000)
    length = rng.uniform(100, 50_000, 2_000)
    ends = [geodesic(meters=d).destination((grid.lat[i], grid.lon[i]), b)
            for i, b, d in zip(a, bearing, length, strict=True)]
    elat = np.array([p.latitude for p in ends])
    elon = np.array([p.longitude for p in ends])
    truth = np.array([geodesic((grid.lat[i], grid.lon[i]), (la, lo)).meters
                      for i, la, lo in zip(a, elat, elon, strict=True)])
    ex, ey = to_tm35(elat, elon)
    projected_error = np.abs(tm35_m(grid.x[a], grid.y[a], ex, ey) / truth - 1)
    haversine_error = np.abs(haversine_m(grid.lat[a], grid.lon[a], elat, elon) / truth - 1)

    # 4. Nearest open point among 2,000 points.
    snap_start = time.perf_counter()
    snap, hours = snapshot_for(plat, plon, rng)
    snapshot_s = time.perf_counter() - snap_start
    moment = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)  # a Tuesday, 12:30 in Helsinki
    mask_s, (open_now, open_until) = median_time(lambda: open_mask(hours, moment), args.runs)
    where = rng.choice(len(grid), size=args.queries)
    query_ms = {}
    for label, filters in (("no filter", None),
                           ("food aid + Swedish", PointFilter(offering="food_aid",
                                                              language="sv"))):
        times = []
        for i in where:
            start = time.perf_counter()
            nearest(snap, grid.lat[i], grid.lon[i], k=5, open_now=open_now,
                    open_until=open_until, filters=filters)
            times.append(time.perf_counter() - start)
        query_ms[label] = (statistics.median(times) * 1e3,
                           float(np.percentile(times, 95)) * 1e3)

    numbers = {
        "cells": len(grid), "points": args.points, "runs": args.runs, "setup_s": setup,
        "coverage_s": coverage_s, "distances_only_s": distances_s, "whatif_s": whatif_s,
        "suggest_k10_s": suggest_s, "gaps": len(cov.gaps),
        "covered_share": cov.share_covered, "whatif_covered_share": whatif.share_covered,
        "naive_sample_cells": args.sample_cells, "naive_sample_s": naive_sample_s,
        "naive_extrapolated_s": naive_full_s, "ratio": naive_full_s / coverage_s,
        "nearest_vs_geodesic_max_error": float(nearest_error.max()),
        "projected_vs_geodesic_max_error": float(projected_error.max()),
        "haversine_vs_geodesic_max_error": float(haversine_error.max()),
        "snapshot_build_s": snapshot_s, "open_mask_s": mask_s,
        "query_ms": query_ms, "top_suggestion_adds": suggestions[0].added_population,
    }
    if args.json:
        print(json.dumps(numbers, indent=2))
        return
    print(f"synthetic Finland: {len(grid):,} cells, {args.points:,} points "
          f"(built in {setup:.1f} s); medians of {args.runs} runs")
    print(f"coverage at 2 km, full (distances + {len(cov.gaps):,} gaps): {coverage_s:.3f} s "
          f"[target ≤ 1 s]; covered {cov.share_covered:.1%}")
    print(f"  distances only: {distances_s:.3f} s; what-if (10 % closed): {whatif_s:.3f} s "
          f"→ covered {whatif.share_covered:.1%}")
    print(f"  greedy suggestions k=10 (median of 3): {suggest_s:.3f} s; "
          f"first adds {suggestions[0].added_population:,.0f} people")
    print(f"naive geopy loop: {args.sample_cells} cells × {args.points:,} points in "
          f"{naive_sample_s:.2f} s → {naive_full_s:,.0f} s for all cells; "
          f"ratio {naive_full_s / coverage_s:,.0f}× [target ≥ 10,000×]")
    print(f"distance agreement with geodesic (max relative error) [target ≤ 0.5 %]: "
          f"nearest on sample {nearest_error.max():.5%}, projected pairs ≤50 km "
          f"{projected_error.max():.5%}, haversine {haversine_error.max():.3%}")
    print(f"snapshot build {snapshot_s * 1e3:.1f} ms; open mask for {args.points:,} points "
          f"{mask_s * 1e3:.1f} ms")
    for label, (med, p95) in query_ms.items():
        print(f"nearest open point, k=5, {label}: median {med:.3f} ms, p95 {p95:.3f} ms "
              f"over {args.queries:,} queries [target < 1 ms]")


if __name__ == "__main__":
    main()
