"""Benchmark: the staff coverage map and network map at Finland scale, with naive baselines.

Run from the repository root:

    .venv/bin/python bench/geo_maps.py          # add --json for machine-readable numbers

The synthetic Finland of bench/geo_coverage.py (300,000 populated 250 m cells, 2,000
points). Measured in one run, as medians of several repetitions:

1. the coverage page's work: the analysis at 2 km with 5 suggestions (web.geo.
   coverage_analysis.run), then the coverage map exactly as the page builds it (markers,
   one canvas layer of the uncovered cells, gaps, suggestions) and its HTML size;
2. beside it, the naive folium map: one folium.Rectangle per uncovered cell, timed on a
   sample and extrapolated (time and size);
3. the staff network map of the 2,000 points (one clustered marker layer);
4. storing the grid: one compressed blob (network.population_datasets) against one row
   per cell in SQLite, write and read back;
5. the whole import of a 300,000-row CSV as `flask geo import-population` does it: read
   and check (geo.population), then save as one dataset row (SQLite).
"""

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import folium
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geo_coverage import synthetic_finland  # noqa: E402

from geo.maps import MapPoint, network_map  # noqa: E402
from geo.nearest import PointSnapshot  # noqa: E402
from geo.opening import PointHours  # noqa: E402
from geo.projection import to_wgs84  # noqa: E402
from network.models import ServiceMode  # noqa: E402
from network.network_snapshot import NetworkSnapshot, PointInfo  # noqa: E402
from network.population_datasets import decode_cells, encode_cells  # noqa: E402


def median_time(fn, runs: int) -> tuple[float, list[float], object]:
    """Median wall time of fn() over runs, every time, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def snapshot_of(px, py) -> NetworkSnapshot:
    """A normal-mode snapshot of synthetic points (every fifth on standby)."""
    lat, lon = to_wgs84(px, py)
    n = len(lat)
    info = tuple(
        PointInfo(id=i + 1, name=f"Piste {i + 1} <b>&", kind="living_room",
                  status="standby" if i % 5 == 0 else "open", lat=float(lat[i]),
                  lon=float(lon[i]), address=f"Katu {i}, Kunta", area=None,
                  in_exceptional_network=False, pair=("Maija Meikäläinen", "Diakoni Daniel"),
                  offerings=())
        for i in range(n))
    points = PointSnapshot(np.arange(1, n + 1), lat, lon, offerings=[[]] * n,
                           target_groups=[[]] * n, languages=[[]] * n, step_free=[False] * n)
    return NetworkSnapshot(version="bench", mode=ServiceMode.NORMAL, day=date(2026, 1, 1),
                           points=points, info=info,
                           hours=tuple(PointHours(i.status) for i in info))


def naive_cells_map(cells, sample: int, cell_size: float):
    """Time and HTML size of folium.Rectangle per cell on `sample` cells."""
    fmap = folium.Map(location=[64.5, 26.0], zoom_start=6, tiles=None)
    half_lat = cell_size / 2 / 111_000
    for lat, lon, pop in zip(cells.lat[:sample], cells.lon[:sample],
                             cells.population[:sample], strict=True):
        half_lon = half_lat / np.cos(np.radians(lat))
        folium.Rectangle([[lat - half_lat, lon - half_lon], [lat + half_lat, lon + half_lon]],
                         color=None, fill=True, fill_opacity=0.7,
                         tooltip=f"{int(pop)}").add_to(fmap)
    return len(fmap.get_root().render().encode())


def store_rows(path: Path, grid) -> None:
    """The baseline: one row per cell."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS cell")
        conn.execute("CREATE TABLE cell (dataset INTEGER, x REAL, y REAL, population REAL)")
        conn.executemany("INSERT INTO cell VALUES (1, ?, ?, ?)",
                         zip(grid.x.tolist(), grid.y.tolist(), grid.population.tolist(),
                             strict=True))


def load_rows(path: Path):
    with sqlite3.connect(path) as conn:
        rows = np.array(conn.execute("SELECT x, y, population FROM cell WHERE dataset = 1")
                        .fetchall())
    return rows[:, 0], rows[:, 1], rows[:, 2]


def store_blob(path: Path, grid) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS dataset")
        conn.execute("CREATE TABLE dataset (id INTEGER PRIMARY KEY, cells BLOB)")
        conn.execute("INSERT INTO dataset VALUES (1, ?)", (encode_cells(grid),))


def load_blob(path: Path, cell_size):
    with sqlite3.connect(path) as conn:
        blob = conn.execute("SELECT cells FROM dataset WHERE id = 1").fetchone()[0]
    return decode_cells(blob, cell_size)


def import_csv(folder: Path, grid) -> dict[str, float]:
    """Time reading a CSV of the grid (EPSG:3067 x/y) and saving it as a dataset."""
    from geo.population import import_population
    from network.clock import utcnow
    from network.population_datasets import save_dataset
    from web import create_app
    from web.extensions import db

    path = folder / "grid.csv"
    with open(path, "w") as fh:
        fh.write("x,y,vaesto\n")
        fh.writelines(f"{x:.0f},{y:.0f},{p:.0f}\n" for x, y, p in zip(
            grid.x.tolist(), grid.y.tolist(), grid.population.tolist(), strict=True))
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'app.sqlite'}"})
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        result = import_population(path)
        read = time.perf_counter() - start
        save_dataset(result, name="bench", filename=path.name, actor=None, now=utcnow())
        db.session.commit()
        total = time.perf_counter() - start
        db.session.remove()
        db.engine.dispose()
    return {"csv_read_s": read, "csv_import_total_s": total,
            "csv_bytes": path.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=300_000)
    parser.add_argument("--points", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive-sample", type=int, default=3_000,
                        help="cells drawn by the naive folium baseline (extrapolated)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()

    from web import create_app
    from web.geo import coverage_analysis, services
    from web.geo.coverage import map_markers
    from web.geo.network_map import staff_points, status_labels

    grid, px, py = synthetic_finland(args.cells, args.points, args.seed)
    snapshot = snapshot_of(px, py)
    settings = coverage_analysis.Settings(threshold_m=2_000.0, closed_ids=(), k=5,
                                          candidates="cells")
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SERVER_NAME": "bench.invalid"})
    out: dict[str, object] = {"cells": len(grid), "points": args.points}
    with app.test_request_context("/staff/geo/coverage?lang=en"):
        from geo.maps import CoverageText, coverage_map, population_breaks

        analysis_s, analysis_all, result = median_time(
            lambda: coverage_analysis.run(snapshot, grid, settings, []), args.runs)
        assets, tiles = services.map_assets(), services.tile_settings()
        text = CoverageText("Coverage map", "Population not covered", "Not covered", "People",
                            "Distance", "Gaps", "Suggested sites", "Service points")

        def build_coverage_map():
            points, gaps, sites = map_markers(snapshot, result, 2_000.0)
            return coverage_map(cells=result.cells, gaps=gaps, sites=sites, points=points,
                                text=text, assets=assets, tiles=tiles,
                                breaks=population_breaks(result.cells.population))

        map_s, map_all, rendered = median_time(build_coverage_map, args.runs)
        totals = [a + m for a, m in zip(analysis_all, map_all, strict=True)]
        html = rendered.standalone("Coverage")
        out |= {
            "uncovered_cells": len(result.cells),
            "gaps": len(result.coverage.gaps),
            "analysis_s": analysis_s, "coverage_map_build_s": map_s,
            "coverage_total_s": statistics.median(totals),
            "coverage_map_bytes": len(html.encode()),
            "foreign_urls": sorted(rendered.urls()),
        }
        sample = min(args.naive_sample, len(result.cells))
        start = time.perf_counter()
        naive_bytes = naive_cells_map(result.cells, sample, grid.cell_size or 250.0)
        naive_s = time.perf_counter() - start
        scale = len(result.cells) / sample
        out |= {"naive_sample": sample, "naive_sample_s": naive_s,
                "naive_extrapolated_s": naive_s * scale,
                "naive_extrapolated_bytes": naive_bytes * scale}

        def build_network_map():
            return network_map(
                [MapPoint(p.lat, p.lon, p.name, p.status, p.fields)
                 for p in staff_points(snapshot, "en")],
                status_labels=status_labels(), status_field="Status", layer_name="Points",
                label="Network map", assets=assets, tiles=tiles)

        network_s, _, network = median_time(build_network_map, args.runs)
        out |= {"network_map_build_s": network_s, "network_map_bytes": network.size}

    with tempfile.TemporaryDirectory() as folder:
        rows_db, blob_db = Path(folder) / "rows.sqlite", Path(folder) / "blob.sqlite"
        out["rows_store_s"], _, _ = median_time(lambda: store_rows(rows_db, grid), 3)
        out["rows_load_s"], _, _ = median_time(lambda: load_rows(rows_db), 3)
        out["blob_store_s"], _, _ = median_time(lambda: store_blob(blob_db, grid), 3)
        out["blob_load_s"], _, loaded = median_time(lambda: load_blob(blob_db, grid.cell_size),
                                                    3)
        assert np.array_equal(loaded.population, grid.population)
        out["blob_bytes"] = len(encode_cells(grid))
        out["rows_db_bytes"] = rows_db.stat().st_size

    with tempfile.TemporaryDirectory() as folder:
        out |= import_csv(Path(folder), grid)

    if args.json:
        print(json.dumps(out, indent=1))
        return
    mb = 1024 * 1024
    print(f"Synthetic Finland: {out['cells']:,} cells, {out['points']:,} points; "
          f"{out['uncovered_cells']:,} uncovered cells in {out['gaps']:,} gaps at 2 km")
    print(f"coverage analysis + 5 suggestions       {out['analysis_s']:8.3f} s")
    print(f"coverage map build (markers + layers)   {out['coverage_map_build_s']:8.3f} s")
    print(f"coverage page total (median of sums)    {out['coverage_total_s']:8.3f} s  "
          "(target < 5 s)")
    print(f"coverage map HTML                       {out['coverage_map_bytes'] / mb:8.2f} MB "
          "(target < 10 MB)")
    print(f"  hosts in it: {out['foreign_urls']}")
    print(f"naive folium.Rectangle per cell: {out['naive_sample']:,} cells in "
          f"{out['naive_sample_s']:.2f} s → all {out['naive_extrapolated_s']:8.1f} s, "
          f"{out['naive_extrapolated_bytes'] / mb:8.1f} MB")
    print(f"network map of {args.points:,} points         {out['network_map_build_s']:8.3f} s, "
          f"{out['network_map_bytes'] / mb:.2f} MB")
    print(f"grid as one blob: store {out['blob_store_s']:.3f} s, load {out['blob_load_s']:.3f} s,"
          f" {out['blob_bytes'] / mb:.2f} MB")
    print(f"grid as rows:     store {out['rows_store_s']:.3f} s, load {out['rows_load_s']:.3f} s,"
          f" {out['rows_db_bytes'] / mb:.2f} MB")
    print(f"import of a {out['csv_bytes'] / mb:.1f} MB CSV of {out['cells']:,} rows: read and "
          f"check {out['csv_read_s']:.2f} s, with the save {out['csv_import_total_s']:.2f} s")


if __name__ == "__main__":
    main()
