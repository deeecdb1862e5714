"""What the population readers share, and the CSV reader.

Each reader (CSV here, `geo.geojson_reader`, `geo.geopackage_reader`) returns `RawCells`
in the file's own CRS and refuses a bad file with `ImportRefused(reason)`;
`geo.population` turns them into a PopulationGrid.
"""

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.errors import ImportRefused
from geo.projection import TM35FIN, WGS84

Progress = Callable[[int, int], None]

POPULATION_COLUMNS = ("asukkaita", "vaesto", "väestö", "population", "pop", "he_vakiy")
LAT_COLUMNS = ("lat", "latitude", "leveys", "lat_wgs84")
LON_COLUMNS = ("lon", "lng", "long", "longitude", "pituus", "lon_wgs84")
X_COLUMNS = ("x", "easting", "xkoord", "euref_x", "x_3067")
Y_COLUMNS = ("y", "northing", "ykoord", "euref_y", "y_3067")


@dataclass
class RawCells:
    """What a reader found, still in the file's CRS."""

    epsg: int
    population: np.ndarray
    numbers: np.ndarray  # the feature / row number of each cell, for messages
    item: str  # "feature" or "row"
    population_column: str
    geoms: np.ndarray | None = None  # shapely geometries (polygons or points)
    x: np.ndarray | None = None
    y: np.ndarray | None = None
    layer: str | None = None


def find_column(names: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The first of `wanted` present in `names` (case-insensitive); returns the file's spelling."""
    lowered = {_fold(n): n for n in names}
    for candidate in wanted:
        if _fold(candidate) in lowered:
            return lowered[_fold(candidate)]
    return None


def _fold(name) -> str:
    return unicodedata.normalize("NFC", str(name).strip()).casefold()


def population_column(names: Sequence[str], explicit: str | None) -> str:
    """The population column to use, or a refusal listing the columns found."""
    if explicit:
        found = find_column(names, [explicit])
        if found is None:
            raise ImportRefused(f"The population column '{explicit}' is not in the file; "
                                f"columns found: {listing(names)}.")
        return found
    found = find_column(names, POPULATION_COLUMNS)
    if found is None:
        raise ImportRefused(
            "No population column: expected one of " + ", ".join(POPULATION_COLUMNS)
            + f"; columns found: {listing(names)}."
        )
    return found


def listing(names: Sequence[str]) -> str:
    shown = [str(n) for n in names][:20]
    return ", ".join(shown) if shown else "none"


def number(value, *, item: str, n: int, what: str) -> float:
    """A finite number from a cell value (accepts "1 234" and decimal commas)."""
    if isinstance(value, bool) or value is None:
        raise ImportRefused(f"{item.capitalize()} {n}: {what} {value!r} is not a number.")
    if isinstance(value, (int, float)):
        result = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            result = float(text)
        except ValueError:
            raise ImportRefused(
                f"{item.capitalize()} {n}: {what} {str(value)[:40]!r} is not a number."
            ) from None
    if not np.isfinite(result):
        raise ImportRefused(f"{item.capitalize()} {n}: {what} {value!r} is not a number.")
    return result


def population_value(value, *, item: str, n: int) -> float:
    """A population count: a number, not negative."""
    result = number(value, item=item, n=n, what="population")
    if result < 0:
        raise ImportRefused(f"{item.capitalize()} {n}: population {value} is negative.")
    return result


def tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done == total or done % max(1, total // 100) == 0):
        progress(done, total)


def read_csv(path: Path, *, column: str | None, progress: Progress | None) -> RawCells:
    """Rows with lat/lon (WGS84) or x/y (EPSG:3067) and a population column.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise ImportRefused("The file is not a CSV text file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # what spreadsheets save on Finnish Windows
        except UnicodeDecodeError:
            raise ImportRefused("The file is not a CSV text file.") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ImportRefused("The file is empty.")
    delimiter = max(";,\t", key=lines[0].count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused(f"The file is not a readable CSV file ({exc}).") from None
    header = [h.strip() for h in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body:
        raise ImportRefused("The file has a header but no data rows.")
    column = population_column(header, column)
    xcol, ycol = find_column(header, X_COLUMNS), find_column(header, Y_COLUMNS)
    latcol, loncol = find_column(header, LAT_COLUMNS), find_column(header, LON_COLUMNS)
    if xcol and ycol:
        epsg, first, second = TM35FIN, xcol, ycol
    elif latcol and loncol:
        epsg, first, second = WGS84, loncol, latcol
    else:
        raise ImportRefused("No coordinate columns: expected lat and lon (WGS84) or x and y "
                            f"(EPSG:3067); columns found: {listing(header)}.")
    at = {name: header.index(name) for name in (column, first, second)}
    total = len(body)
    population, xs, ys = np.empty(total), np.empty(total), np.empty(total)
    numbers = np.empty(total, dtype=np.int64)
    for i, (n, row) in enumerate(body):
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        numbers[i] = n
        population[i] = population_value(row[at[column]], item="row", n=n)
        xs[i] = number(row[at[first]], item="row", n=n, what=first)
        ys[i] = number(row[at[second]], item="row", n=n, what=second)
        tick(progress, i + 1, total)
    return RawCells(epsg=epsg, population=population, numbers=numbers, item="row",
                    population_column=column, x=xs, y=ys)
