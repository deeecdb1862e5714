"""Worker pair pages: create, edit and end a point's pair; warnings; who may."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from network.clock import today
from network.models import PairWorker, Role, WorkerPair
from tests import factories
from tests.web.test_points_pages import fresh, sign_in
from web.extensions import db

PAIR = {
    "starts_on": "2030-01-01", "ends_on": "",
    "worker1_name": "Maija Meikäläinen", "worker1_title": "sosiaaliohjaaja",
    "worker1_email": "maija@example.org", "worker1_phone": "040 123 4567",
    "worker2_name": "Diakoni Daniel", "worker2_title": "diakoni",
}


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def point_id(users):
    point = factories.point("Uusi tupa")
    db.session.commit()
    return point.id


@pytest.fixture
def admin(client, users):
    sign_in(client, users[Role.COORDINATOR])
    return client


def test_create_a_pair_with_a_linked_account(admin, users, point_id):
    worker = users[Role.POINT_WORKER]
    org = factories.organisation("Oulun seurakuntayhtymä")
    db.session.commit()
    url = f"/staff/points/{point_id}/pairs/new"
    page = admin.get(url).get_data(as_text=True)
    assert worker.email in page and users[Role.VOLUNTEER].email not in page
    response = admin.post(url, data=PAIR | {"worker1_user_id": worker.id,
                                            "worker2_organisation_id": org.id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/points/{point_id}")
    pair = fresh(point_id).pairs[0]
    assert pair.starts_on == date(2030, 1, 1) and pair.ends_on is None
    assert [(w.position, w.name, w.user_id) for w in pair.workers] == [
        (1, "Maija Meikäläinen", worker.id), (2, "Diakoni Daniel", None)]
    assert pair.workers[1].organisation.name == "Oulun seurakuntayhtymä"


def test_a_pair_with_one_worker_is_saved_with_a_warning(admin, point_id):
    day = today().isoformat()
    response = admin.post(f"/staff/points/{point_id}/pairs/new", data=PAIR | {
        "starts_on": day, "worker2_name": "", "worker2_title": ""})
    assert response.status_code == 302
    assert count(PairWorker) == 1
    page = admin.get(f"/staff/points/{point_id}").get_data(as_text=True)
    assert "Only one worker: the pair is not complete." in page
    assert "No complete worker pair runs this point today." in page


@pytest.mark.parametrize("change, field, message", [
    ({"ends_on": "2029-12-31"}, "ends_on", "The pair cannot end before it starts."),
    ({"starts_on": ""}, "starts_on", "This field is required."),
    ({"starts_on": "yesterday"}, "starts_on", "Not a valid date value."),
    ({"worker1_name": ""}, "worker1_name", "This field is required."),
    ({"worker1_name": "x" * 5000}, "worker1_name", "Field cannot be longer than 200"),
    ({"worker2_name": "", "worker2_title": "pastori"}, "worker2_name",
     "Give the worker&#39;s name."),
    ({"worker1_email": "no-at-sign"}, "worker1_email", "Invalid email address."),
    ({"worker1_user_id": "abc"}, "worker1_user_id", "Invalid Choice"),
    ({"worker2_organisation_id": "999"}, "worker2_organisation_id", "Not a valid choice"),
])
def test_bad_pairs_are_refused_and_nothing_is_saved(admin, point_id, change, field, message):
    response = admin.post(f"/staff/points/{point_id}/pairs/new", data=PAIR | change)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert count(WorkerPair) == count(PairWorker) == 0


def test_only_point_worker_accounts_can_be_linked(admin, users, point_id):
    for role in (Role.VOLUNTEER, Role.STEERING_ADMIN):
        response = admin.post(f"/staff/points/{point_id}/pairs/new",
                              data=PAIR | {"worker1_user_id": users[role].id})
        assert response.status_code == 400
    assert count(WorkerPair) == 0


def test_pairs_of_a_point_may_not_overlap(admin, users, point_id):
    assert admin.post(f"/staff/points/{point_id}/pairs/new", data=PAIR).status_code == 302
    response = admin.post(f"/staff/points/{point_id}/pairs/new",
                          data=PAIR | {"starts_on": "2030-06-01"})
    assert response.status_code == 400
    assert "overlaps another pair" in response.get_data(as_text=True)
    assert count(WorkerPair) == 1


def test_edit_a_pair_and_empty_the_second_place(admin, users, point_id):
    pair = factories.pair(fresh(point_id),
                          "<b>Maija</b>", "Daniel")
    db.session.commit()
    url = f"/staff/pairs/{pair.id}/edit"
    page = admin.get(url).get_data(as_text=True)
    assert 'value="&lt;b&gt;Maija&lt;/b&gt;"' in page and 'value="Daniel"' in page
    detail = admin.get(f"/staff/points/{point_id}").get_data(as_text=True)
    assert "&lt;b&gt;Maija&lt;/b&gt;" in detail and "<b>Maija</b>" not in detail
    response = admin.post(url, data=PAIR | {"starts_on": "2020-01-01", "worker1_name": "Maija M.",
                                            "worker2_name": "", "worker2_title": ""})
    assert response.status_code == 302
    pair = fresh(point_id).pairs[0]
    assert [w.name for w in pair.workers] == ["Maija M."]
    bad = admin.post(url, data=PAIR | {"starts_on": "2020-01-01", "ends_on": "2019-01-01"})
    assert bad.status_code == 400
    assert fresh(point_id).pairs[0].ends_on is None


def test_end_a_pair(admin, point_id):
    pair = factories.pair(fresh(point_id), starts_on=date(2020, 1, 1))
    db.session.commit()
    url = f"/staff/pairs/{pair.id}/end"
    page = admin.get(url).get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page
    assert admin.post(url, data={"ends_on": "2019-12-31"}).status_code == 400
    assert admin.post(url, data={"ends_on": ""}).status_code == 400
    assert fresh(point_id).pairs[0].ends_on is None
    yesterday = today() - timedelta(days=1)
    assert admin.post(url, data={"ends_on": yesterday.isoformat()}).status_code == 302
    assert fresh(point_id).pairs[0].ends_on == yesterday
    detail = admin.get(f"/staff/points/{point_id}").get_data(as_text=True)
    assert "Earlier pairs" in detail and "No pair runs the point today." in detail


def test_no_new_pair_for_a_retired_point(admin, point_id):
    assert admin.post(f"/staff/points/{point_id}/retire").status_code == 302
    response = admin.post(f"/staff/points/{point_id}/pairs/new", data=PAIR)
    assert response.status_code == 400
    assert "The point is retired." in response.get_data(as_text=True)
    assert count(WorkerPair) == 0


@pytest.mark.parametrize("role", [Role.POINT_WORKER, Role.VOLUNTEER])
def test_point_workers_and_volunteers_cannot_touch_pairs(client, users, role):
    ids = factories.sample_network(users)
    sign_in(client, users[role])
    assert client.post(f"/staff/points/{ids['point_id']}/pairs/new", data=PAIR
                       ).status_code == 403
    assert client.post(f"/staff/pairs/{ids['pair_id']}/edit", data=PAIR).status_code == 403
    assert client.post(f"/staff/pairs/{ids['pair_id']}/end", data={"ends_on": "2021-01-01"}
                       ).status_code == 403
    assert count(WorkerPair) == 1
    assert fresh(ids["point_id"]).pairs[0].ends_on is None


def test_unknown_pairs_are_404(admin):
    assert admin.get("/staff/pairs/999/edit").status_code == 404
    assert admin.get("/staff/pairs/abc/end").status_code == 404
