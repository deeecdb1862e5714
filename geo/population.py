"""Population grids as users bring them: GeoJSON, GeoPackage or CSV → a PopulationGrid.

`import_population(path)` detects the format (by extension, checked against the
content), finds the population column (asukkaita, vaesto, väestö, population, pop or
he_vakiy), reads the CRS's EPSG code, turns polygons into centroids, projects
everything to EPSG:3067 and checks that it lies in Finland. It returns the grid and a
report of what it found, or raises `ImportRefused(code, **details)`: nothing is
half-imported.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from scipy.spatial import cKDTree

from geo.errors import ImportRefused
from geo.geojson_reader import read_geojson
from geo.geopackage_reader import read_geopackage
from geo.population_readers import Progress, RawCells, read_csv
from geo.projection import from_epsg, in_finland, to_tm35, to_wgs84, transformer_to_tm35

FORMATS = ("geojson", "gpkg", "csv")
_EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv",
               ".txt": "csv"}


@dataclass(frozen=True)
class PopulationGrid:
    """Populated cells: centres in EPSG:3067 and WGS84, population, and cell size if known."""

    x: np.ndarray
    y: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    cell_size: float | None = None

    @classmethod
    def from_tm35(cls, x, y, population, cell_size: float | None = None) -> "PopulationGrid":
        """A grid from EPSG:3067 centres (WGS84 computed)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        lat, lon = to_wgs84(x, y)
        return cls(x, y, np.atleast_1d(lat), np.atleast_1d(lon),
                   np.asarray(population, dtype=float), cell_size)

    @classmethod
    def from_latlon(cls, lat, lon, population, cell_size: float | None = None) -> "PopulationGrid":
        """A grid from WGS84 centres (EPSG:3067 computed)."""
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        x, y = to_tm35(lat, lon)
        return cls(np.atleast_1d(x), np.atleast_1d(y), lat, lon,
                   np.asarray(population, dtype=float), cell_size)

    def __len__(self) -> int:
        return len(self.population)

    @property
    def total(self) -> float:
        """The total population."""
        return float(self.population.sum())


@dataclass(frozen=True)
class ImportReport:
    """What an import found, for the person who brought the file."""

    format: str
    cells: int
    total_population: float
    crs: str
    bbox: tuple[float, float, float, float]  # min lat, min lon, max lat, max lon (WGS84)
    population_column: str
    geometry: str  # "polygon" (centroids taken) or "point"
    cell_size: float | None
    layer: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """A successful import: the grid and its report."""

    grid: PopulationGrid
    report: ImportReport


def detect_format(path: Path, claimed: str | None = None) -> str:
    """The file's format from the claim or extension, or from its first bytes."""
    if claimed:
        claimed = claimed.lower().lstrip(".")
        claimed = {"json": "geojson", "geopackage": "gpkg"}.get(claimed, claimed)
        if claimed not in FORMATS:
            raise ImportRefused("unknown_format", format=claimed)
        return claimed
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    if head.startswith(b"{"):
        return "geojson"
    return "csv"


def import_population(path: Path | str, *, fmt: str | None = None,
                      population_column: str | None = None, layer: str | None = None,
                      progress: Progress | None = None) -> ImportResult:
    """Read a population file into a grid with a report, or raise ImportRefused."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused("missing_file")
    if path.stat().st_size == 0:
        raise ImportRefused("empty_file")
    fmt = detect_format(path, fmt)
    if fmt == "geojson":
        raw = read_geojson(path, column=population_column, progress=progress)
    elif fmt == "gpkg":
        raw = read_geopackage(path, column=population_column, layer=layer, progress=progress)
    else:
        raw = read_csv(path, column=population_column, progress=progress)
    return _build(raw, fmt)


def import_population_bytes(data: bytes, filename: str, **options) -> ImportResult:
    """Import an uploaded file's bytes (kept in a temporary file only while reading)."""
    suffix = Path(filename or "").suffix.lower()[:10]
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="population-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return import_population(name, **options)
    finally:
        os.unlink(name)


def _build(raw: RawCells, fmt: str) -> ImportResult:
    try:
        transformer_to_tm35(raw.epsg)
    except Exception:  # pyproj raises several types for an unusable CRS
        raise ImportRefused("unusable_crs", epsg=raw.epsg) from None
    geometry, cell_size = "point", None
    if raw.geoms is not None:
        projected = _project_geometries(raw.geoms, raw.epsg)
        kinds = shapely.get_type_id(projected)
        polygons = kinds != 0
        centres = shapely.centroid(projected)
        x, y = shapely.get_x(centres), shapely.get_y(centres)
        if polygons.any():
            geometry = "polygon" if polygons.all() else "mixed"
            cell_size = float(np.median(np.sqrt(shapely.area(projected[polygons]))))
    else:
        x, y = from_epsg(raw.epsg, raw.x, raw.y)
    x, y = np.atleast_1d(np.asarray(x, dtype=float)), np.atleast_1d(np.asarray(y, dtype=float))
    lat, lon = to_wgs84(x, y)
    lat, lon = np.atleast_1d(lat), np.atleast_1d(lon)
    inside = in_finland(lat, lon)
    if not inside.all():
        bad = int(np.flatnonzero(~inside)[0])
        raise ImportRefused("outside_finland", item=raw.item, n=int(raw.numbers[bad]),
                            epsg=raw.epsg, where=_where(raw, bad))
    if cell_size is None:
        cell_size = regular_spacing(x, y)
    grid = PopulationGrid(x, y, lat, lon, raw.population, cell_size)
    report = ImportReport(
        format=fmt, cells=len(grid), total_population=grid.total, crs=f"EPSG:{raw.epsg}",
        bbox=(float(lat.min()), float(lon.min()), float(lat.max()), float(lon.max())),
        population_column=raw.population_column, geometry=geometry,
        cell_size=None if cell_size is None else round(cell_size, 1), layer=raw.layer,
    )
    return ImportResult(grid, report)


def _project_geometries(geoms: np.ndarray, epsg: int) -> np.ndarray:
    """All geometries to EPSG:3067 in one vectorised pyproj call."""
    if epsg == 3067:
        return geoms

    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = from_epsg(epsg, coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, transform)


def _where(raw: RawCells, i: int) -> str:
    if raw.geoms is not None:
        point = shapely.centroid(raw.geoms[i])
        return f"{point.x:.5g}, {point.y:.5g}"
    return f"{raw.x[i]:.5g}, {raw.y[i]:.5g}"


def regular_spacing(x: np.ndarray, y: np.ndarray) -> float | None:
    """The spacing of points on a regular grid (most nearest neighbours equal), else None."""
    if len(x) < 4:
        return None
    sample = slice(None) if len(x) <= 20_000 else slice(None, None, len(x) // 20_000)
    tree = cKDTree(np.column_stack([x, y]))
    dist, _ = tree.query(np.column_stack([x[sample], y[sample]]), k=2)
    nearest = dist[:, 1]
    spacing = float(np.median(nearest))
    if spacing <= 0:
        return None
    if np.mean(np.abs(nearest - spacing) <= 0.01 * spacing) < 0.8:
        return None
    return spacing


class TqdmProgress:
    """A progress callback that draws a tqdm bar (for the CLI); use as a context manager."""

    def __init__(self, description: str = "Reading", **tqdm_options):
        from tqdm import tqdm  # only the CLI needs it

        self.bar = tqdm(total=0, desc=description, unit="cells", **tqdm_options)

    def __call__(self, done: int, total: int) -> None:
        if self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()

    def __enter__(self) -> "TqdmProgress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
