"""Worker pairs: periods, workers, linked accounts; and who may do what to a point."""

from datetime import date

import pytest
from sqlalchemy import func, select

from network import pairs, permissions
from network.clock import utcnow
from network.errors import ValidationError
from network.models import PairWorker, Role, WorkerPair
from network.overview import has_complete_pair
from tests import factories
from web.extensions import db

TODAY = date(2030, 6, 15)
DEACON = pairs.Worker(name="Diakoni Daniel", title="diakoni", phone="040 123 4567")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_a_complete_pair(app, users):
    point = factories.point()
    worker = users[Role.POINT_WORKER]
    pair = pairs.create_pair(point, starts_on=date(2030, 1, 1), workers=[
        pairs.Worker(name="Maija Meikäläinen", user_id=worker.id), DEACON])
    assert [w.position for w in pair.workers] == [1, 2]
    assert pair.complete and has_complete_pair(point, TODAY)
    assert pairs.current_pair(point, TODAY) is pair
    assert pairs.points_of_worker(worker, TODAY) == [point]


def test_a_pair_with_one_worker_is_saved_but_not_complete(app):
    point = factories.point()
    pair = pairs.create_pair(point, starts_on=date(2030, 1, 1),
                             workers=[pairs.Worker(), DEACON])
    assert [w.name for w in pair.workers] == ["Diakoni Daniel"]
    assert pair.workers[0].position == 1
    assert not has_complete_pair(point, TODAY)


@pytest.mark.parametrize("starts_on, ends_on, workers, field", [
    (date(2030, 2, 1), date(2030, 1, 31), [DEACON], "ends_on"),
    (None, None, [DEACON], "starts_on"),
    (date(2030, 1, 1), None, [], "worker1_name"),
    (date(2030, 1, 1), None, [pairs.Worker(), pairs.Worker()], "worker1_name"),
    (date(2030, 1, 1), None, [DEACON, pairs.Worker(title="pastori")], "worker2_name"),
    (date(2030, 1, 1), None, [pairs.Worker(name="x" * 201)], "worker1_name"),
    (date(2030, 1, 1), None, [pairs.Worker(name="A", phone="1" * 41)], "worker1_phone"),
    (date(2030, 1, 1), None, [pairs.Worker(name="A", organisation_id=999)],
     "worker1_organisation_id"),
])
def test_bad_pairs_are_refused_and_nothing_is_saved(app, starts_on, ends_on, workers, field):
    point = factories.point()
    with pytest.raises(ValidationError) as error:
        pairs.create_pair(point, starts_on=starts_on, ends_on=ends_on,
                          workers=[pairs.Worker(**vars(w)) for w in workers])
    assert error.value.field == field
    assert count(WorkerPair) == count(PairWorker) == 0


def test_linked_accounts_must_be_distinct_active_point_workers(app, users):
    point = factories.point()
    worker = users[Role.POINT_WORKER]
    for user, second, field in [
        (users[Role.VOLUNTEER], None, "worker1_user_id"),
        (users[Role.COORDINATOR], None, "worker1_user_id"),
        (worker, worker, "worker2_user_id"),
    ]:
        with pytest.raises(ValidationError) as error:
            pairs.create_pair(point, starts_on=date(2030, 1, 1), workers=[
                pairs.Worker(name="A", user_id=user.id),
                pairs.Worker(name="B", user_id=second.id if second else None)])
        assert error.value.field == field
    worker.active = False
    with pytest.raises(ValidationError):
        pairs.create_pair(point, starts_on=date(2030, 1, 1),
                          workers=[pairs.Worker(name="A", user_id=worker.id)])
    assert count(WorkerPair) == 0


def test_periods_of_a_point_may_not_overlap(app):
    point = factories.point()
    first = pairs.create_pair(point, starts_on=date(2030, 1, 1), workers=[DEACON])
    with pytest.raises(ValidationError) as error:
        pairs.create_pair(point, starts_on=date(2030, 6, 1), workers=[DEACON])
    assert error.value.field == "starts_on"
    with pytest.raises(ValidationError):
        pairs.end_pair(first, ends_on=date(2029, 12, 31))
    pairs.end_pair(first, ends_on=date(2030, 5, 31))
    second = pairs.create_pair(point, starts_on=date(2030, 6, 1), workers=[DEACON])
    assert pairs.current_pair(point, TODAY) is second
    # A pair before the first one fits too, but not one reaching into it.
    pairs.create_pair(point, starts_on=date(2029, 1, 1), ends_on=date(2029, 12, 31),
                      workers=[DEACON])
    with pytest.raises(ValidationError):
        pairs.create_pair(point, starts_on=date(2028, 1, 1), ends_on=date(2029, 1, 1),
                          workers=[DEACON])


def test_update_pair_changes_and_removes_workers(app, users):
    point = factories.point()
    pair = pairs.create_pair(point, starts_on=date(2030, 1, 1), workers=[
        pairs.Worker(name="Maija"), DEACON])
    db.session.commit()
    pairs.update_pair(pair, starts_on=date(2030, 2, 1), ends_on=None,
                      workers=[pairs.Worker(name="Matti", user_id=users[Role.POINT_WORKER].id),
                               pairs.Worker()])
    db.session.commit()
    db.session.expire_all()
    assert [(w.position, w.name) for w in pair.workers] == [(1, "Matti")]
    assert pair.starts_on == date(2030, 2, 1)
    assert pairs.worker_of(pair.workers[0]).user_id == users[Role.POINT_WORKER].id


def test_a_linked_account_deactivated_later_does_not_block_editing(app, users):
    point = factories.point()
    worker = users[Role.POINT_WORKER]
    pair = pairs.create_pair(point, starts_on=date(2030, 1, 1),
                             workers=[pairs.Worker(name="Maija", user_id=worker.id)])
    worker.active = False
    pairs.update_pair(pair, starts_on=date(2030, 1, 1), ends_on=None,
                      workers=[pairs.Worker(name="Maija M.", user_id=worker.id)])
    assert pair.workers[0].name == "Maija M."


def test_no_pair_for_a_retired_point(app):
    point = factories.point(retired_at=utcnow())
    with pytest.raises(ValidationError):
        pairs.create_pair(point, starts_on=date(2030, 1, 1), workers=[DEACON])


def test_points_of_worker_only_today_and_in_use(app, users):
    worker = users[Role.POINT_WORKER]
    now = factories.point("Nyt")
    ended = factories.point("Ennen")
    later = factories.point("Myöhemmin")
    retired = factories.point("Lopetettu", retired_at=utcnow())
    factories.pair(now, user=worker, starts_on=date(2030, 1, 1))
    old = factories.pair(ended, user=worker, starts_on=date(2029, 1, 1))
    old.ends_on = date(2030, 6, 14)
    factories.pair(later, user=worker, starts_on=date(2030, 6, 16))
    factories.pair(retired, user=worker, starts_on=date(2030, 1, 1))
    assert pairs.points_of_worker(worker, TODAY) == [now]


def test_permissions(app, users):
    admin, coordinator = users[Role.STEERING_ADMIN], users[Role.COORDINATOR]
    worker, volunteer = users[Role.POINT_WORKER], users[Role.VOLUNTEER]
    mine, other = factories.point("Oma"), factories.point("Muu")
    pair = factories.pair(mine, user=worker, starts_on=date(2030, 1, 1))
    factories.pair(other, starts_on=date(2030, 1, 1))
    worker_may = (permissions.can_view_point, permissions.can_change_status,
                  permissions.can_edit_hours, permissions.can_edit_offerings)
    worker_may_not = (permissions.can_edit_point, permissions.can_manage_pairs)
    for check in worker_may + worker_may_not:
        assert check(admin, other, TODAY) and check(coordinator, other, TODAY)
        assert not check(volunteer, mine, TODAY)
        assert not check(worker, other, TODAY)
    for check in worker_may:
        assert check(worker, mine, TODAY)
        assert not check(worker, mine, date(2029, 12, 31))  # before the pair starts
    for check in worker_may_not:
        assert not check(worker, mine, TODAY)
    pair.ends_on = date(2030, 6, 14)
    assert not permissions.works_at(worker, mine, TODAY)
    pair.ends_on = None
    worker.active = False
    assert not permissions.works_at(worker, mine, TODAY)
    worker.active = True
    mine.retired_at = utcnow()
    assert not permissions.works_at(worker, mine, TODAY)
    # A volunteer linked to a pair by mistake still gets nothing.
    pair.workers[1].user = volunteer
    mine.retired_at = None
    assert not permissions.can_view_point(volunteer, mine, TODAY)
