"""What the population readers share, and the CSV reader.

Each reader (CSV here, `geo.geojson_reader`, `geo.geopackage_reader`) returns `RawCells`
in the file's own CRS and refuses a bad file with `ImportRefused(code, **details)`;
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
            raise ImportRefused("population_column_missing", column=explicit,
                                columns=listing(names))
        return found
    found = find_column(names, POPULATION_COLUMNS)
    if found is None:
        raise ImportRefused("no_population_column", expected=list(POPULATION_COLUMNS),
                            columns=listing(names))
    return found


def listing(names: Sequence[str]) -> list[str]:
    """The first 20 column names, for a refusal saying what the file has."""
    return [str(n) for n in names][:20]


def number(value, *, item: str, n: int, what: str) -> float:
    """A finite number from a cell value (accepts "1 234" and decimal commas)."""
    if isinstance(value, bool) or value is None:
        raise ImportRefused("not_a_number", item=item, n=n, column=what, value=value)
    if isinstance(value, (int, float)):
        result = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            result = float(text)
        except ValueError:
            raise ImportRefused("not_a_number", item=item, n=n, column=what,
                                value=str(value)[:40]) from None
    if not np.isfinite(result):
        raise ImportRefused("not_a_number", item=item, n=n, column=what, value=value)
    return result


def population_value(value, *, item: str, n: int) -> float:
    """A population count: a number, not negative."""
    result = number(value, item=item, n=n, what="population")
    if result < 0:
        raise ImportRefused("negative_population", item=item, n=n, value=value)
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
        raise ImportRefused("not_csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # what spreadsheets save on Finnish Windows
        except UnicodeDecodeError:
            raise ImportRefused("not_csv") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ImportRefused("empty_file")
    delimiter = max(";,\t", key=lines[0].count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused("unreadable_csv", detail=str(exc)) from None
    header = [h.strip() for h in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body:
        raise ImportRefused("no_data_rows")
    column = population_column(header, column)
    xcol, ycol = find_column(header, X_COLUMNS), find_column(header, Y_COLUMNS)
    latcol, loncol = find_column(header, LAT_COLUMNS), find_column(header, LON_COLUMNS)
    if xcol and ycol:
        epsg, first, second = TM35FIN, xcol, ycol
    elif latcol and loncol:
        epsg, first, second = WGS84, loncol, latcol
    else:
        raise ImportRefused("no_coordinate_columns", columns=listing(header))
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
