"""The network snapshot for geo, and its invalidation when the network changes."""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select, update

from network import points as network_points
from network.models import (
    NetworkChange,
    Organisation,
    PointOffering,
    PointStatus,
    ServiceMode,
    ServicePoint,
)
from network.network_snapshot import SnapshotCache, build_snapshot, ids_in, network_version
from tests import factories
from web.extensions import db

DAY = date(2030, 6, 3)  # a Monday
MONDAY_NOON = datetime(2030, 6, 3, 9, 0, tzinfo=UTC)  # 12:00 in Helsinki


def network():
    org = factories.organisation()
    food = factories.offering()
    tuira = factories.point("Tuiran asukastupa", organisation_id=org.id,
                            street_address="Kemintie 6", postal_code="90500", city="Oulu",
                            in_exceptional_network=True)
    factories.hours(tuira, weekday=0, opens=time(9), closes=time(15))
    factories.pair(tuira, "Maija", "Daniel", starts_on=date(2030, 1, 1))
    db.session.add(PointOffering(point_id=tuira.id, offering_id=food.id,
                                 mode=ServiceMode.EXCEPTIONAL))
    toppila = factories.point("Toppilan asukastupa", latitude=65.04, longitude=25.43,
                              status=PointStatus.STANDBY)
    factories.point("Ilman sijaintia", latitude=None, longitude=None)
    factories.point("Lakkautettu", retired_at=datetime(2029, 1, 1, tzinfo=UTC))
    db.session.commit()
    return tuira, toppila


def test_snapshot_holds_the_modes_active_points_with_coordinates(app):
    tuira, toppila = network()
    normal = build_snapshot(ServiceMode.NORMAL, DAY)
    assert [i.name for i in normal.info] == ["Tuiran asukastupa", "Toppilan asukastupa"]
    info = normal.info[0]
    assert info.address == "Kemintie 6, 90500 Oulu"
    assert info.pair == ("Maija", "Daniel")
    assert info.offerings == ()  # food aid is offered in exceptional mode only
    exceptional = build_snapshot(ServiceMode.EXCEPTIONAL, DAY)
    assert list(exceptional.points.ids) == [tuira.id]
    assert [o.code for o in exceptional.info[0].offerings] == ["food_aid"]
    assert exceptional.info[0].offerings[0].name("sv") == "Mathjälp"
    assert list(ids_in(normal, [toppila.id])) == [False, True]
    assert normal.index_of(toppila.id) == 1 and normal.index_of(999_999) is None
    assert build_snapshot(ServiceMode.NORMAL, date(2029, 6, 1)).info[0].pair == ()


def test_open_state_and_what_counts_for_coverage(app):
    tuira, toppila = network()
    snap = build_snapshot(ServiceMode.NORMAL, DAY)
    now_open, until = snap.open_state(MONDAY_NOON)
    assert list(now_open) == [True, False]
    assert until[0].hour == 15
    assert list(snap.coverage_mask()) == [True, False]  # standby does not count normally
    network_points.set_status(tuira, PointStatus.FULL)
    db.session.commit()
    full = build_snapshot(ServiceMode.NORMAL, DAY)
    assert list(full.open_state(MONDAY_NOON)[0]) == [True, False]  # full is still open
    assert list(full.coverage_mask()) == [True, False]
    toppila.in_exceptional_network = True
    db.session.commit()
    assert list(build_snapshot(ServiceMode.EXCEPTIONAL, DAY).coverage_mask()) == [True, True]


def test_cache_is_reused_until_the_network_changes(app):
    tuira, _ = network()
    cache = SnapshotCache()
    first = cache.get(ServiceMode.NORMAL, DAY)
    assert cache.get(ServiceMode.NORMAL, DAY) is first and cache.builds == 1

    network_points.set_status(tuira, PointStatus.CLOSED)  # a status change
    db.session.commit()
    second = cache.get(ServiceMode.NORMAL, DAY)
    assert second is not first and second.info[0].status == "closed"

    factories.hours(tuira, weekday=2)  # opening hours
    db.session.commit()
    third = cache.get(ServiceMode.NORMAL, DAY)
    assert third is not second

    db.session.execute(update(ServicePoint).values(name="Uusi nimi"))  # a bulk statement
    db.session.commit()
    fourth = cache.get(ServiceMode.NORMAL, DAY)
    assert fourth.info[0].name == "Uusi nimi"

    assert cache.get(ServiceMode.NORMAL, date(2030, 6, 4)) is not fourth  # a new day
    assert cache.builds == 5


def test_changes_outside_the_network_and_rolled_back_ones_keep_the_version(app):
    tuira, _ = network()
    version = network_version()
    db.session.add(Organisation(name="Uusi yhdistys", kind="ngo"))
    db.session.commit()
    assert network_version() == version
    network_points.set_status(tuira, PointStatus.CLOSED)
    db.session.rollback()
    assert network_version() == version
    # A savepoint rolled back loses its change log row; the outer change still logs one.
    outer = db.session.get(ServicePoint, tuira.id)
    with db.session.begin_nested() as nested:
        outer.name = "Väliaikainen"
        db.session.flush()
        nested.rollback()
    outer.phone = "040 123"
    db.session.commit()
    assert network_version() != version


def test_one_change_row_per_transaction(app):
    tuira, toppila = network()
    before = db.session.scalar(select(func.count(NetworkChange.id)))
    tuira.phone = "040 1"
    db.session.flush()
    toppila.phone = "040 2"
    db.session.flush()
    db.session.commit()
    assert db.session.scalar(select(func.count(NetworkChange.id))) == before + 1
