"""Logging in and out; hashing; rate limits; secure sessions."""

from network.models import Role
from tests.conftest import PASSWORD, login, make_app


def test_password_is_hashed_with_argon2id(users):
    assert users[Role.COORDINATOR].password_hash.startswith("$argon2id$")
    assert PASSWORD not in users[Role.COORDINATOR].password_hash


def test_login_then_logout(client, users):
    login(client, users[Role.STEERING_ADMIN])
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Test steering_admin" in page.get_data(as_text=True)
    assert client.post("/logout").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(client, users):
    response = client.post("/login", data={"email": "coordinator@example.org", "password": "nope"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "nope"})
    assert response.status_code == unknown.status_code == 400
    assert "Väärä sähköposti tai salasana" in response.get_data(as_text=True) or \
        "Wrong email or password" in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(client, users, app):
    from web.extensions import db

    users[Role.COORDINATOR].active = False
    db.session.commit()
    response = client.post("/login", data={"email": "coordinator@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 400


def test_login_is_rate_limited(client, users):
    for _ in range(10):
        client.post("/login", data={"email": "coordinator@example.org", "password": "wrong"})
    response = client.post("/login", data={"email": "coordinator@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 429


def test_next_only_follows_local_paths(client, users):
    response = client.post("/login?next=https://evil.example/",
                           data={"email": "coordinator@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/staff/"


def test_production_session_cookie_is_secure(database_url, users):
    app = make_app(database_url, ENV_NAME="production", SECRET_KEY="x" * 32)
    client = app.test_client()
    response = client.post("/login", data={"email": "coordinator@example.org",
                                           "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_need_csrf_token(csrf_app, users):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "coordinator@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 400
