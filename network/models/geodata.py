"""Geographic data kept in the database: geocoder answers, population datasets, candidate sites.

Also the network's change log, whose latest entry is the version that per-process caches
(point snapshots, maps) compare against; see network.network_snapshot.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    event,
    insert,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from network.clock import utcnow
from network.database import UTCDateTime, db
from network.models.offerings import Offering, PointOffering
from network.models.pairs import PairWorker, WorkerPair
from network.models.points import OpeningHours, ScheduleException, ServicePoint


class GeocodeCacheEntry(db.Model):
    """An online geocoder's answer to a normalised query (only found places are kept)."""

    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("provider", "query_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    query_key: Mapped[str] = mapped_column(String(400))
    latitude: Mapped[float]
    longitude: Mapped[float]
    label: Mapped[str] = mapped_column(String(500))
    approximate: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PopulationDataset(db.Model):
    """An imported population grid: what the importer found, and the cells as one blob.

    `cells` holds a compressed numpy archive (x, y in EPSG:3067 metres and population):
    300,000 cells are a few megabytes in one row instead of 300,000 rows.
    """

    __tablename__ = "population_dataset"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source_filename: Mapped[str | None] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(10))
    crs: Mapped[str] = mapped_column(String(40))
    population_column: Mapped[str] = mapped_column(String(120))
    geometry: Mapped[str] = mapped_column(String(10))
    layer: Mapped[str | None] = mapped_column(String(200))
    cell_count: Mapped[int]
    total_population: Mapped[float]
    cell_size: Mapped[float | None]
    min_lat: Mapped[float]
    min_lon: Mapped[float]
    max_lat: Mapped[float]
    max_lon: Mapped[float]
    cells: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    def __str__(self) -> str:
        return self.name


class CandidateSite(db.Model):
    """An existing facility staff consider for a new point (a suggestion candidate)."""

    __tablename__ = "candidate_site"
    __table_args__ = (
        CheckConstraint("latitude >= -90 AND latitude <= 90", name="lat"),
        CheckConstraint("longitude >= -180 AND longitude <= 180", name="lon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float]
    longitude: Mapped[float]
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __str__(self) -> str:
        return self.name


class NetworkChange(db.Model):
    """One transaction that changed the network (points, hours, offerings, pairs).

    Rows are appended (never updated) so concurrent transactions never wait on each other;
    the count and the latest row together are the network's version.
    """

    __tablename__ = "network_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Changes to these make every cached snapshot and map of the network stale.
WATCHED = (ServicePoint, OpeningHours, ScheduleException, PointOffering, Offering, WorkerPair,
           PairWorker)
_LOGGED = "network_change_logged_in"
PRUNE_EVERY = 1000


def log_network_change(connection) -> None:
    """Append a change row on the connection (in the caller's transaction); prune old rows."""
    table = NetworkChange.__table__
    new_id = connection.execute(insert(table).values(changed_at=utcnow())).inserted_primary_key[0]
    if new_id and new_id % PRUNE_EVERY == 0:
        connection.execute(delete(table).where(table.c.id <= new_id - 100))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, WATCHED) for obj in changed):
        return
    # Once per transaction (a savepoint counts as its own: its rollback drops its row).
    current = session.get_nested_transaction() or session.get_transaction()
    if session.info.get(_LOGGED) is current:
        return
    log_network_change(session.connection())
    session.info[_LOGGED] = current


@event.listens_for(Session, "do_orm_execute")
def _after_bulk(state) -> None:
    # Bulk INSERT/UPDATE/DELETE statements bypass the flush; catch them here.
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, WATCHED):
        log_network_change(state.session.connection())
