"""Imported population datasets: save a geo import as one compact row, load it back as a grid.

Also the demo's stand-in when no dataset has been imported: GeoNames population points of the
places around the network (rough: district rows, not a grid).
"""

import io
import math
import threading
import zlib
from datetime import datetime

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from geo.gazetteer import default_gazetteer
from geo.population import ImportResult, PopulationGrid
from network.database import db
from network.errors import ValidationError
from network.models import PopulationDataset, User

NAME_LENGTH = 200
# Places this far (km) around the network's points make up the stand-in population.
STANDIN_MARGIN_KM = 5.0


def encode_cells(grid: PopulationGrid) -> bytes:
    """x, y (EPSG:3067 metres) and population as a compressed numpy archive."""
    buffer = io.BytesIO()
    np.savez(buffer, x=np.asarray(grid.x, dtype=np.float64),
             y=np.asarray(grid.y, dtype=np.float64),
             population=np.asarray(grid.population, dtype=np.float64))
    # zlib level 1: nearly the size of level 6 at a fraction of the time.
    return zlib.compress(buffer.getvalue(), 1)


def decode_cells(blob: bytes, cell_size: float | None) -> PopulationGrid:
    """The grid stored by encode_cells."""
    with np.load(io.BytesIO(zlib.decompress(blob)), allow_pickle=False) as arrays:
        return PopulationGrid.from_tm35(arrays["x"], arrays["y"], arrays["population"],
                                        cell_size)


def check_name(name: str | None, *, exclude_id: int | None = None) -> str:
    """A dataset name that is given, short enough and not in use (case-insensitive)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_l("Give a name."), "name")
    if len(name) > NAME_LENGTH:
        raise ValidationError(_l("Use at most %(n)d characters.", n=NAME_LENGTH), "name")
    query = select(PopulationDataset.id).where(func.lower(PopulationDataset.name) == name.lower())
    if exclude_id is not None:
        query = query.where(PopulationDataset.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ValidationError(_l("This name is already in use."), "name")
    return name


def save_dataset(result: ImportResult, *, name: str, filename: str | None,
                 actor: User | None, now: datetime) -> PopulationDataset:
    """Store an import's grid and report as a new dataset; flushes, the caller commits."""
    name = check_name(name)
    report = result.report
    dataset = PopulationDataset(
        name=name, source_filename=(filename or None) and filename[:255], format=report.format,
        crs=report.crs[:40], population_column=report.population_column[:120],
        geometry=report.geometry[:10], layer=(report.layer or None) and report.layer[:200],
        cell_count=report.cells, total_population=report.total_population,
        cell_size=report.cell_size, min_lat=report.bbox[0], min_lon=report.bbox[1],
        max_lat=report.bbox[2], max_lon=report.bbox[3], cells=encode_cells(result.grid),
        created_at=now, created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(dataset)
    db.session.flush()
    return dataset


def delete_dataset(dataset: PopulationDataset) -> None:
    """Remove a dataset and its cells; flushes, the caller commits."""
    db.session.delete(dataset)
    db.session.flush()


def datasets() -> list[PopulationDataset]:
    """Every dataset, newest first (cells not loaded)."""
    return list(db.session.scalars(
        select(PopulationDataset).order_by(PopulationDataset.created_at.desc(),
                                           PopulationDataset.id.desc())))


class GridCache:
    """Decoded grids by dataset id (a dataset never changes once imported)."""

    def __init__(self, max_items: int = 4):
        self.max_items = max_items
        self._items: dict[int, PopulationGrid] = {}
        self._lock = threading.Lock()

    def get(self, dataset: PopulationDataset) -> PopulationGrid:
        """The dataset's grid, decoded once per process."""
        grid = self._items.get(dataset.id)
        if grid is None:
            grid = decode_cells(dataset.cells, dataset.cell_size)
            with self._lock:
                while len(self._items) >= self.max_items:
                    self._items.pop(next(iter(self._items)))
                self._items[dataset.id] = grid
        return grid

    def forget(self, dataset_id: int) -> None:
        """Drop a deleted dataset's grid."""
        with self._lock:
            self._items.pop(dataset_id, None)


def standin_grid(lat, lon) -> PopulationGrid | None:
    """Rough population for the demo: GeoNames places around the given points.

    Takes the places within the points' bounding box widened by STANDIN_MARGIN_KM. A place
    with more people than all the others together is the municipality's own row, whose
    population the district rows already hold: it is left out. None when nothing is found.
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if len(lat) == 0:
        return None
    dlat = STANDIN_MARGIN_KM / 111.0
    dlon = dlat / max(0.2, math.cos(math.radians(float(np.mean(lat)))))
    places = [p for p in default_gazetteer().places
              if lat.min() - dlat <= p.lat <= lat.max() + dlat
              and lon.min() - dlon <= p.lon <= lon.max() + dlon and p.population > 0]
    if len(places) > 1:
        biggest = max(places, key=lambda p: p.population)
        if biggest.population > sum(p.population for p in places) - biggest.population:
            places.remove(biggest)
    if not places:
        return None
    return PopulationGrid.from_latlon([p.lat for p in places], [p.lon for p in places],
                                      [p.population for p in places])
