"""The k nearest matching open points to a location, over a snapshot of the network.

A `PointSnapshot` holds the points' positions and attributes as arrays and boolean
matrices, with a cKDTree on EPSG:3067 coordinates built once. It is meant to be built
when the network changes and shared by every request.

Whether each point is open changes with the clock, not with the network, so it is not
part of the snapshot: the caller computes `open_now` (bool array) and `open_until`
(array of datetime|None) for the moment with `geo.opening.open_mask` — e.g. once a
minute — and passes them to `nearest()`. Ranking uses the tree's planar distances; the
distances returned (for the k shown) are WGS84 geodesics (geo.distance.geodesics_m).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.spatial import cKDTree

from geo.distance import geodesics_m
from geo.projection import to_tm35

EVERYONE = "everyone"


def _matrix(values: Sequence[Iterable[str]], n: int) -> tuple[np.ndarray, dict[str, int]]:
    """A boolean point × code matrix and the code → column index."""
    if len(values) != n:
        raise ValueError(f"expected {n} attribute lists, got {len(values)}")
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, codes in enumerate(values):
        for code in codes or ():
            rows.append(i)
            cols.append(columns.setdefault(str(code), len(columns)))
    matrix = np.zeros((n, len(columns)), dtype=bool)
    matrix[rows, cols] = True
    return matrix, columns


@dataclass(frozen=True)
class PointFilter:
    """What a resident asks for; None / False means no restriction."""

    offering: str | None = None
    target_group: str | None = None
    language: str | None = None
    step_free: bool = False


@dataclass(frozen=True, slots=True)
class NearestPoint:
    """One answer: which point, where, how far (metres, geodesic) and open until when."""

    index: int
    id: int
    lat: float
    lon: float
    distance_m: float
    open_until: datetime | None


class PointSnapshot:
    """Points as arrays plus a cKDTree on EPSG:3067, built once per network version."""

    def __init__(self, ids, lat, lon, *, offerings: Sequence[Iterable[str]],
                 target_groups: Sequence[Iterable[str]], languages: Sequence[Iterable[str]],
                 step_free) -> None:
        """Build from per-point values; target groups empty or containing "everyone" = anyone."""
        self.ids = np.asarray(ids, dtype=np.int64)
        self.lat = np.asarray(lat, dtype=float)
        self.lon = np.asarray(lon, dtype=float)
        n = len(self.ids)
        if self.lat.shape != (n,) or self.lon.shape != (n,):
            raise ValueError("ids, lat and lon must be one-dimensional and of equal length")
        if not (np.isfinite(self.lat).all() and np.isfinite(self.lon).all()):
            raise ValueError("every point in a snapshot needs coordinates")
        self.step_free = np.asarray(step_free, dtype=bool).reshape(n)
        self.offerings, self.offering_columns = _matrix(offerings, n)
        self.groups, self.group_columns = _matrix(target_groups, n)
        self.languages, self.language_columns = _matrix(languages, n)
        everyone = self.group_columns.get(EVERYONE)
        no_groups = ~self.groups.any(axis=1)
        marked = self.groups[:, everyone] if everyone is not None else False
        self.for_everyone = no_groups | marked
        x, y = to_tm35(self.lat, self.lon)
        self.xy = np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]).reshape(n, 2)
        self.tree = cKDTree(self.xy)

    def __len__(self) -> int:
        return len(self.ids)

    def matching(self, filters: PointFilter | None) -> np.ndarray:
        """A boolean mask of the points that pass the filters (open state aside)."""
        mask = np.ones(len(self), dtype=bool)
        if filters is None:
            return mask
        if filters.offering:
            mask &= self._column(self.offerings, self.offering_columns, filters.offering)
        if filters.target_group and filters.target_group != EVERYONE:
            mask &= self.for_everyone | self._column(
                self.groups, self.group_columns, filters.target_group
            )
        if filters.language:
            mask &= self._column(self.languages, self.language_columns, filters.language)
        if filters.step_free:
            mask &= self.step_free
        return mask

    def _column(self, matrix: np.ndarray, columns: dict[str, int], code: str) -> np.ndarray:
        col = columns.get(code)
        if col is None:
            return np.zeros(len(self), dtype=bool)
        return matrix[:, col]


def nearest(snapshot: PointSnapshot, lat: float, lon: float, *, k: int = 5,
            open_now: np.ndarray | None = None, open_until: Sequence | None = None,
            filters: PointFilter | None = None,
            max_distance_m: float | None = None) -> list[NearestPoint]:
    """The k nearest points that pass the filters and are open now, nearest first.

    `open_now` None means: ignore opening state. Tree queries grow k until enough
    matching points are found, so a strict filter costs at most one query over all points.
    """
    n = len(snapshot)
    if n == 0 or k <= 0:
        return []
    allowed = snapshot.matching(filters)
    if open_now is not None:
        allowed &= np.asarray(open_now, dtype=bool)
    available = int(allowed.sum())
    if available == 0:
        return []
    x, y = to_tm35(lat, lon)
    here = (float(x), float(y))
    # Planar bound a little larger than the ground distance (scale factor ≤ 1.0018).
    bound = np.inf if max_distance_m is None else max_distance_m * 1.002
    want = min(k, available)
    tries = min(n, max(4 * k, 16))
    while True:
        dist, idx = snapshot.tree.query(here, k=tries, distance_upper_bound=bound)
        dist, idx = np.atleast_1d(dist), np.atleast_1d(idx)
        reachable = idx < n
        idx = idx[reachable]
        chosen = idx[allowed[idx]][:want]
        if len(chosen) == want or tries >= n or not reachable.all():
            break
        tries = min(n, tries * 4)
    if len(chosen) == 0:
        return []
    metres = geodesics_m(lat, lon, snapshot.lat[chosen], snapshot.lon[chosen])
    found = [
        NearestPoint(index=int(i), id=int(snapshot.ids[i]), lat=float(snapshot.lat[i]),
                     lon=float(snapshot.lon[i]), distance_m=float(d),
                     open_until=open_until[i] if open_until is not None else None)
        for i, d in zip(chosen, metres, strict=True)
        if max_distance_m is None or d <= max_distance_m
    ]
    found.sort(key=lambda p: p.distance_m)
    return found
