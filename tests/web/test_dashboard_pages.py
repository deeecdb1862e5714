"""The point dashboard: a worker pair keeps their own point up to date from a phone."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crisis.models import OutboxMessage
from network import dashboard
from network.clock import utcnow
from network.models import (
    PointStatus,
    Role,
    ServicePoint,
    ShiftRequest,
    ShiftRequestStatus,
    VisitorCount,
)
from tests import factories
from tests.web.test_people_pages import sign_in, text
from web.extensions import db
from web.people.common import today


@pytest.fixture
def net(users):
    return factories.sample_network(users)


@pytest.fixture
def worker(client, users, net):
    sign_in(client, users[Role.POINT_WORKER])
    return client


def fresh(point_id: int) -> ServicePoint:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(ServicePoint, point_id)


def test_the_worker_lands_on_their_own_point(worker, net):
    response = worker.get("/staff/dashboard/")
    assert response.headers["Location"].endswith(f"/staff/dashboard/{net['point_id']}")
    page = text(worker.get(f"/staff/dashboard/{net['point_id']}"))
    assert "Tuiran asukastupa" in page and "Status now" in page
    assert 'name="viewport"' in page and "people.css" in page
    assert "Food aid" in page  # today's offerings (normal mode)
    assert "Maija Meikäläinen" in page


def test_a_worker_may_not_open_another_point(worker, net):
    other = factories.point("Kaukovainion tupa")
    db.session.commit()
    for url in (f"/staff/dashboard/{other.id}", f"/staff/dashboard/{other.id}/visitors"):
        assert worker.get(url).status_code == 403
    for action in ("status", "note", "shift", "visitors"):
        assert worker.post(f"/staff/dashboard/{other.id}/{action}",
                           data={"status": "closed"}).status_code == 403
    assert fresh(other.id).status == PointStatus.OPEN


@pytest.mark.parametrize("status", ["full", "food_aid_out", "closed"])
def test_status_changes(worker, net, status):
    response = worker.post(f"/staff/dashboard/{net['point_id']}/status", data={"status": status})
    assert response.status_code == 302
    assert fresh(net["point_id"]).status == PointStatus(status)


def test_a_bad_status_changes_nothing(worker, net):
    response = worker.post(f"/staff/dashboard/{net['point_id']}/status", data={"status": "party"})
    assert response.status_code == 400 and '<p class="error" id="status-error">' in text(response)
    assert fresh(net["point_id"]).status == PointStatus.OPEN


def test_the_note_for_residents(worker, net):
    url = f"/staff/dashboard/{net['point_id']}/note"
    too_long = worker.post(url, data={"note": "x" * 501})
    assert too_long.status_code == 400 and fresh(net["point_id"]).resident_note is None
    assert worker.post(url, data={"note": "Ruoka-apu loppui, lisää torstaina."}).status_code == 302
    point = fresh(net["point_id"])
    note = dashboard.resident_note(point)
    assert note.text == "Ruoka-apu loppui, lisää torstaina." and note.written_at
    assert dashboard.resident_notes([point.id]) == {point.id: note}
    assert "Ruoka-apu loppui" in text(worker.get(f"/staff/dashboard/{point.id}"))
    assert worker.post(url, data={"note": ""}).status_code == 302
    assert dashboard.resident_note(fresh(net["point_id"])) is None


def test_visitor_counts(worker, net):
    url = f"/staff/dashboard/{net['point_id']}/visitors"
    field = f"count_{net['offering_id']}"
    negative = worker.post(url, data={field: "-3"})
    assert negative.status_code == 400 and re.search(rf'id="{field}-error"', text(negative))
    assert worker.post(url, data={field: "many"}).status_code == 400
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert worker.post(f"{url}?day={tomorrow}", data={field: "3"}).status_code == 400
    assert worker.get(f"{url}?day=not-a-day").status_code == 400
    assert db.session.scalar(select(func.count(VisitorCount.id))) == 0
    assert worker.post(url, data={field: "42"}).status_code == 302
    assert worker.post(url, data={field: "45"}).status_code == 302  # corrected, not doubled
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert worker.post(f"{url}?day={yesterday}", data={field: "7"}).status_code == 302
    counts = db.session.scalars(select(VisitorCount).order_by(VisitorCount.day)).all()
    assert [c.visitors for c in counts] == [7, 45]
    page = text(worker.get(url))
    assert "45" in page and "7" in page


def test_asking_the_coordinator_for_volunteers(worker, client, users, net):
    url = f"/staff/dashboard/{net['point_id']}/shift"
    day = (today() + timedelta(days=3)).isoformat()
    bad = worker.post(url, data={"day": day, "starts": "14:00", "ends": "10:00",
                                 "volunteers_needed": "2"})
    assert bad.status_code == 400 and "after the start" in text(bad)
    before = db.session.scalar(select(func.count(ShiftRequest.id)))
    assert worker.post(url, data={"day": day, "starts": "10:00", "ends": "14:00",
                                  "volunteers_needed": "0"}).status_code == 400
    assert worker.post(url, data={"day": day, "starts": "10:00", "ends": "14:00",
                                  "volunteers_needed": "3",
                                  "note": "Ruoka-avun jako"}).status_code == 302
    assert db.session.scalar(select(func.count(ShiftRequest.id))) == before + 1
    sign_in(client, users[Role.COORDINATOR])
    page = text(client.get("/staff/shift-requests/"))
    assert "Ruoka-avun jako" in page
    shift = db.session.scalar(select(ShiftRequest).where(ShiftRequest.note == "Ruoka-avun jako"))
    assert client.post(f"/staff/shift-requests/{shift.id}/handled",
                       data={"handled_note": "Aino ja Pekka tulevat"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ShiftRequest, shift.id).status == ShiftRequestStatus.HANDLED


def test_crisis_messages_sent_to_the_pair_are_shown(worker, users, net):
    point = db.session.get(ServicePoint, net["point_id"])
    worker_row = point.pairs[0].workers[0]
    other_point = factories.point("Muu piste")
    other_pair = factories.pair(other_point, "Muu Työntekijä")
    for key, recipient, subject in [("a", worker_row.id, "Avatkaa ovet klo 12"),
                                    ("b", other_pair.workers[0].id, "Toisen pisteen viesti")]:
        db.session.add(OutboxMessage(
            key=key, activation_id=net["activation_id"], phase="activation", channel="email",
            recipient_kind="pair_worker", recipient_id=recipient, address="x@example.org",
            language="fi", subject=subject, body=f"{subject}. Kiitos!", due_at=utcnow()))
    db.session.commit()
    page = text(worker.get(f"/staff/dashboard/{net['point_id']}"))
    assert "Avatkaa ovet klo 12" in page and "Toisen pisteen viesti" not in page


def test_coordinators_see_every_point(client, users, net):
    sign_in(client, users[Role.COORDINATOR])
    page = text(client.get("/staff/dashboard/"))
    assert f"/staff/dashboard/{net['point_id']}" in page
    assert client.get(f"/staff/dashboard/{net['point_id']}").status_code == 200
