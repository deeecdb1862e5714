"""A user's own pages: landing redirects, a point worker's points, everyone's own profile."""

from datetime import date

import pytest

from network import accounts
from network.clock import utcnow
from network.models import PointStatus, Role
from tests import factories
from tests.conftest import PASSWORD, login
from tests.web.test_points_pages import fresh, sign_in
from web.extensions import db

NEW_PASSWORD = "a much longer new password"


@pytest.mark.parametrize("role, target", [(Role.POINT_WORKER, "/staff/mine/points"),
                                          (Role.VOLUNTEER, "/staff/mine/profile")])
def test_landing_page_sends_workers_and_volunteers_to_their_own_pages(client, users, role,
                                                                      target):
    sign_in(client, users[role])
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].endswith(target)


def test_overview_links_points_to_their_detail_pages(client, users):
    point = factories.point("Ilman paria")
    db.session.commit()
    sign_in(client, users[Role.STEERING_ADMIN])
    page = client.get("/staff/").get_data(as_text=True)
    assert f'href="/staff/points/{point.id}">Ilman paria</a>' in page


@pytest.mark.parametrize("role, shown, hidden", [
    (Role.STEERING_ADMIN, ["Service points", "My profile"], ["My points"]),
    (Role.COORDINATOR, ["Service points", "My profile"], ["My points"]),
    (Role.POINT_WORKER, ["My points", "My profile"], ["Service points"]),
    (Role.VOLUNTEER, ["My profile"], ["Service points", "My points"]),
])
def test_navigation_by_role(client, users, role, shown, hidden):
    sign_in(client, users[role])
    nav = client.get("/staff/mine/profile").get_data(as_text=True).split("staff-nav")[1]
    nav = nav.split("</nav>")[0]
    for text in shown:
        assert f">{text}</a>" in nav
    for text in hidden:
        assert f">{text}</a>" not in nav


def test_my_points_lists_todays_points_with_a_quick_status_change(client, users):
    worker = users[Role.POINT_WORKER]
    mine = factories.point("Oma tupa")
    ended = factories.point("Entinen tupa")
    factories.point("Vieras tupa")
    factories.pair(mine, user=worker)
    old = factories.pair(ended, user=worker, starts_on=date(2019, 1, 1))
    old.ends_on = date(2019, 12, 31)
    db.session.commit()
    sign_in(client, worker)
    page = client.get("/staff/mine/points").get_data(as_text=True)
    assert "Oma tupa" in page and "Entinen tupa" not in page and "Vieras tupa" not in page
    assert f'<label for="status-{mine.id}">' in page and f'id="status-{mine.id}"' in page
    response = client.post(f"/staff/points/{mine.id}/status",
                           data={"status": "closed", "back": "mine"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/mine/points")
    assert fresh(mine.id).status is PointStatus.CLOSED
    assert client.post(f"/staff/points/{ended.id}/status",
                       data={"status": "closed", "back": "mine"}).status_code == 403


def test_my_points_without_a_pair(client, users):
    sign_in(client, users[Role.POINT_WORKER])
    page = client.get("/staff/mine/points").get_data(as_text=True)
    assert "You are not a worker of any point" in page


def test_my_points_is_only_for_point_workers(client, users):
    sign_in(client, users[Role.COORDINATOR])
    assert client.get("/staff/mine/points").status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_profile_shows_only_the_own_account(client, users, role):
    sign_in(client, users[role])
    page = client.get("/staff/mine/profile").get_data(as_text=True)
    assert users[role].email in page
    others = [u.email for r, u in users.items() if r != role]
    assert not any(email in page for email in others)


def test_profile_lists_a_point_workers_points(client, users):
    point = factories.point("Oma tupa", retired_at=None)
    factories.pair(point, user=users[Role.POINT_WORKER])
    db.session.commit()
    sign_in(client, users[Role.POINT_WORKER])
    page = client.get("/staff/mine/profile").get_data(as_text=True)
    assert f'href="/staff/points/{point.id}">Oma tupa</a>' in page


@pytest.mark.parametrize("data, field, message", [
    ({"current_password": "wrong password!", "new_password": NEW_PASSWORD,
      "confirm": NEW_PASSWORD}, "current_password", "The current password is wrong."),
    ({"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
     "new_password", "Field must be between 10 and 200 characters long."),
    ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"},
     "confirm", "The two new passwords differ."),
    ({"current_password": "", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
     "current_password", "This field is required."),
    ({"current_password": PASSWORD, "new_password": "x" * 5000, "confirm": "x" * 5000},
     "new_password", "Field must be between"),
])
def test_bad_password_changes_are_refused(client, users, data, field, message):
    user = users[Role.VOLUNTEER]
    sign_in(client, user)
    before = user.password_hash
    response = client.post("/staff/mine/profile", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    db.session.rollback()
    db.session.refresh(user)
    assert user.password_hash == before


def test_change_own_password(client, users, app):
    user = users[Role.POINT_WORKER]
    sign_in(client, user)
    response = client.post("/staff/mine/profile", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert accounts.authenticate(user.email, NEW_PASSWORD, now=utcnow()) is not None
    assert accounts.authenticate(user.email, PASSWORD, now=utcnow()) is None
    other = app.test_client()
    client.post("/logout")
    login(other, user, NEW_PASSWORD)
