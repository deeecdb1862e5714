"""Every route declares who may call it, and every role is tried against every route.

A new route fails this suite until it is added to ACCESS with the roles it admits.
"""

import re

import pytest

from network.models import Role
from tests.conftest import login
from tests.factories import sample_network
from web.auth.access import PUBLIC, access_of

A, C, P, V = Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER, Role.VOLUNTEER
STAFF = {A, C, P, V}
READ = {A, C}

# endpoint -> who may call it ("public" or a set of roles).
ACCESS: dict[str, object] = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": STAFF,
    "staff.overview": STAFF,
    **{f"staff.{name}_index": READ for name in ("organisations", "roster", "areas", "offerings",
                                                "contacts")},
    **{f"staff.{name}_{verb}": {A} for name in ("organisations", "roster", "areas", "offerings",
                                                "contacts")
       for verb in ("create", "edit", "retire")},
    **{f"staff.{name}": READ for name in ("offerings_table", "offerings_table_csv",
                                          "points_import", "points_export")},
    # Service points and pairs; point workers pass the role check and meet an object check.
    **{f"staff.{name}": READ for name in ("points_index", "points_create", "points_edit",
                                          "points_retire", "pairs_create", "pairs_edit",
                                          "pairs_end")},
    **{f"staff.{name}": {A, C, P} for name in (
        "points_detail", "points_status", "points_hours", "points_hours_add",
        "points_hours_remove", "points_exception_add", "points_exception_remove",
        "points_offerings")},
    "staff.my_points": {P},
    "staff.my_profile": STAFF,
}


def test_every_route_declares_access_and_is_listed(app):
    undeclared, unlisted, mismatched = [], [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        # Flask's own static file view serves public assets only.
        declared = PUBLIC if rule.endpoint == "static" else access_of(view)
        if declared is None:
            undeclared.append(rule.endpoint)
        if rule.endpoint not in ACCESS:
            unlisted.append(rule.endpoint)
        elif declared is not None and declared != ACCESS[rule.endpoint] and not (
            declared != PUBLIC and ACCESS[rule.endpoint] != PUBLIC
            and set(declared) == set(ACCESS[rule.endpoint])
        ):
            mismatched.append((rule.endpoint, declared, ACCESS[rule.endpoint]))
    assert not undeclared, f"routes without @require_role or @public: {undeclared}"
    assert not unlisted, f"routes missing from tests/web/test_access.py ACCESS: {unlisted}"
    assert not mismatched, f"declared access differs from ACCESS: {mismatched}"


def _url_for_rule(rule, ids: dict[str, int]) -> str:
    """A concrete URL for a rule, filling each argument with an existing record's id."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_against_every_route(app, users, role):
    ids = sample_network(users)
    client = app.test_client()
    login(client, users[role])
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint == "auth.logout":
            continue
        allowed = ACCESS[rule.endpoint]
        url = _url_for_rule(rule, ids)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        if allowed == PUBLIC or role in allowed:
            assert response.status_code != 403, f"{role} refused at {method} {url}"
        else:
            assert response.status_code == 403, (
                f"{role} was let into {method} {url}: {response.status_code}")


def test_anonymous_is_sent_to_login(app):
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        if ACCESS.get(rule.endpoint) == PUBLIC:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(_url_for_rule(rule, {}), method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], rule.rule
