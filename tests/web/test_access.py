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
    "health.healthz": PUBLIC,
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
    # Residents' alert pages and the CAP feed are public; exercise alerts only for A and C.
    **{f"alerts.{name}": PUBLIC for name in (
        "subscribe", "confirm", "confirm_code", "unsubscribe", "resubscribe", "my_data_request",
        "my_data", "my_data_export", "my_data_delete", "cap_feed", "cap_alert",
        "notice_fragment", "notice_json")},
    "alerts.exercise_feed": READ,
    # Exceptional mode: steering admins prepare and run it; coordinators read it.
    **{f"crisis.{name}": READ for name in ("index", "scenario_detail", "progress_page",
                                           "progress_json", "audit_log")},
    **{f"crisis.{name}": {A} for name in (
        "scenario_create", "scenario_edit", "scenario_retire", "plan_create", "plan_edit",
        "plan_delete", "activate", "activate_confirm", "deactivate", "resend",
        "exercise_participants")},
    # Geo: maps, coverage, datasets and candidate sites are read by A and C; importing
    # population data and editing candidate sites is for steering admins.
    **{f"geo.{name}": READ for name in ("network_map", "coverage", "population_index",
                                        "candidates_index", "point_locate",
                                        "point_locate_save")},
    **{f"geo.{name}": {A} for name in ("population_import", "population_delete",
                                       "candidates_create", "candidates_edit",
                                       "candidates_retire")},
    # Issue 6. The volunteer bank, training, meetups, requests: coordinators and steering
    # admins. A volunteer reaches their own profile (object check) and their own assignments.
    **{f"people.{name}": READ for name in (
        "volunteers_index", "volunteers_create", "volunteers_interview", "volunteers_thanks",
        "volunteers_leave", "training_index", "training_create", "training_detail",
        "training_add_participant", "training_attendance", "training_complete",
        "training_session_edit", "training_session_add", "meetups_index", "meetups_create",
        "meetups_detail", "checklists_create", "checklists_edit", "requests_index",
        "requests_create", "requests_detail", "requests_match", "requests_assign",
        "requests_cancel", "requests_access_log", "shifts_index", "shifts_handle",
        "debriefings_index", "debriefings_handle")},
    **{f"people.{name}": {A, C, V} for name in (
        "volunteers_detail", "volunteers_edit", "volunteers_availability", "volunteers_slot_add",
        "volunteers_slot_remove", "volunteers_dated_add", "volunteers_dated_remove",
        "volunteers_certificate", "training_certificate", "checklists_index")},
    **{f"people.{name}": {V} for name in ("my_volunteer", "my_assignments", "my_assignment",
                                          "my_report", "my_debriefing")},
    # The point dashboard: worker pairs for their own points (object check), A and C for all.
    **{f"dashboard.{name}": {A, C, P} for name in ("index", "point", "status", "note",
                                                   "visitors", "shift")},
    **{f"public_requests.{name}": PUBLIC for name in ("form", "thanks")},
    # Issue 7. Anonymous feedback and survey answers are public; results, surveys, events,
    # panels, experts, indicators and the model document are for A and C; a point worker
    # prints their own point's poster (object check); only A edits the model's texts.
    **{f"feedback.{name}": PUBLIC for name in ("general", "point", "thanks", "visit", "survey",
                                               "invitation", "survey_thanks")},
    **{f"participation.{name}": READ for name in (
        "feedback_results", "poster_general", "surveys_index", "surveys_create", "surveys_edit",
        "surveys_detail", "surveys_accepting", "surveys_retire", "surveys_question_create",
        "surveys_question_edit", "surveys_question_remove", "surveys_invite", "events_index",
        "events_create", "events_edit", "events_retire", "experts_index", "experts_create",
        "experts_edit", "experts_detail", "experts_task_remove", "experts_retire",
        "panels_index", "panels_create", "panels_edit", "panels_detail", "panels_retire",
        "panels_member_create", "panels_member_edit", "panels_member_leave",
        "panels_meeting_create", "panels_meeting", "panels_topic_add", "panels_topic_remove",
        "panels_minutes")},
    **{f"participation.{name}": {A, C, P} for name in ("posters_index", "poster")},
    **{f"indicators.{name}": READ for name in ("index", "export_csv")},
    **{f"model_document.{name}": READ for name in ("page", "pdf")},
    "model_document.text_edit": {A},
    # Issue 5. The resident site and the health check are public.
    **{f"resident.{name}": PUBLIC for name in ("home", "results", "point", "printable_list",
                                               "map_points")},
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
