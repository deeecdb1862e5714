"""The exceptional-mode pages as a new steering admin uses them, and what they refuse.

The dispatch task is replaced by a recorder (nothing can be sent from here); it checks, over a
separate database connection, that the activation's rows were committed before it was called.
"""

import re

import pytest
from sqlalchemy import func, select

from crisis.models import Activation, AuditEntry, OutboxMessage, OutboxStatus, PlanRow, Scenario
from network.models import PointStatus, Role, ServicePoint
from tasks.crisis import dispatch_outbox
from tests.conftest import login
from tests.crisis.steering_builders import SITE, world
from web.extensions import db

PLAN_FORM = {
    "informer_organisation_id": "", "informer_name": "Kaisa Kriisi", "audience": "worker_pairs",
    "channel": "email", "timing": "at_activation", "delay_hours": "", "area_id": "",
    "language": "", "target_group": "",
    "subject_fi": "Avatkaa pisteet: {scenario}", "subject_sv": "Öppna punkterna: {scenario}",
    "subject_en": "Open the points: {scenario}",
    "body_fi": "Hei {recipient_name}! Avatkaa: {nearest_points}. {site_link}",
    "body_sv": "Hej {recipient_name}! Öppna: {nearest_points}. {site_link}",
    "body_en": "Hello {recipient_name}! Open: {nearest_points}. {site_link}",
}


@pytest.fixture
def dispatched(app, monkeypatch):
    """Calls of dispatch_outbox.delay: (activation id, rows committed at that moment)."""
    calls: list[tuple[int, int]] = []

    def record(activation_id):
        with db.engine.connect() as conn:  # sees only what was committed
            committed = conn.execute(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.activation_id == activation_id)).scalar()
        calls.append((activation_id, committed))

    monkeypatch.setattr(dispatch_outbox, "delay", record)
    app.config["SITE_URL"] = SITE
    return calls


@pytest.fixture
def admin(app, users):
    client = app.test_client()
    login(client, users[Role.STEERING_ADMIN])
    return client


def page(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_admin_prepares_a_scenario_runs_an_exercise_and_activates(app, users, admin,
                                                                        dispatched):
    made = world(users)
    p1, p2, p3 = (made.points[name] for name in ("p1", "p2", "p3"))
    home = admin.get("/staff/crisis/?lang=en")
    assert home.status_code == 200 and "Exceptional mode" in page(home)
    assert "Pitkä sähkökatko" in page(home)

    # A new scenario: the exceptional-mode network is ticked to start with.
    form = admin.get("/staff/crisis/scenarios/new")
    assert form.status_code == 200
    assert re.search(rf'<input[^>]*checked[^>]*value="{p2}"|<input[^>]*value="{p2}"[^>]*checked',
                     page(form))
    created = admin.post("/staff/crisis/scenarios/new", data={
        "name": "Tulva", "kind": "flood", "description": "Joki tulvii", "cap_category": "Met",
        "other_points": "closed", "point_ids": [str(p1), str(p2)],
        f"instructions_{p1}": "Nostakaa tavarat ylös."})
    assert created.status_code == 302, page(created)
    scenario = db.session.scalar(select(Scenario).where(Scenario.name == "Tulva"))
    detail = admin.get(created.headers["Location"])
    assert detail.status_code == 200
    assert "Nostakaa tavarat ylös." in page(detail) and "Tuiran asukastupa" in page(detail)

    # A plan row: preview first (three languages with real data), then save.
    plan_url = f"/staff/crisis/scenarios/{scenario.id}/plan/new"
    assert admin.get(plan_url).status_code == 200
    preview = admin.post(plan_url, data=PLAN_FORM | {"preview": "Preview"})
    assert preview.status_code == 200, page(preview)
    text = page(preview)
    assert "Avatkaa pisteet: Tulva" in text and "Öppna punkterna: Tulva" in text
    assert "Open the points: Tulva" in text
    assert "Tuiran asukastupa (Tuirantie 1, Oulu)" in text and SITE in text
    assert 'name="save"' in text
    assert count(PlanRow) == len(made.scenario.plan)  # nothing saved by a preview
    digest = re.search(r'name="preview_digest"[^>]*value="([0-9a-f]+)"', text).group(1)
    changed = admin.post(plan_url, data=PLAN_FORM | {"body_fi": "Muutettu {scenario}",
                                                     "save": "Save",
                                                     "preview_digest": digest})
    assert changed.status_code == 200 and "changed after the preview" in page(changed)
    assert not scenario.plan
    saved = admin.post(plan_url, data=PLAN_FORM | {"save": "Save", "preview_digest": digest})
    assert saved.status_code == 302
    db.session.refresh(scenario)
    assert [row.informer_name for row in scenario.plan] == ["Kaisa Kriisi"]

    # An exercise: the confirmation page first, nothing done until confirmed.
    activate_url = f"/staff/crisis/scenarios/{scenario.id}/activate"
    assert admin.get(activate_url).status_code == 200
    confirm = admin.post(activate_url, data={"reason": "Syysharjoitus", "mode": "exercise"})
    assert confirm.status_code == 200
    text = page(confirm)
    assert "Exercise" in text and "Tuiran asukastupa" in text and "Tuiran kirjasto" in text
    assert count(Activation) == 0 and not dispatched
    started = admin.post(activate_url + "/confirm", data={"reason": "Syysharjoitus",
                                                          "mode": "exercise"})
    assert started.status_code == 302
    exercise = db.session.scalar(select(Activation))
    assert exercise.exercise and started.headers["Location"].endswith(
        f"/staff/crisis/activations/{exercise.id}")
    assert dispatched == [(exercise.id, 1)]  # Wilma, the only participant; rows committed
    assert db.session.get(ServicePoint, p1).status == PointStatus.CLOSED  # exercise: unchanged
    progress = admin.get(started.headers["Location"])
    assert progress.status_code == 200 and 'aria-live="polite"' in page(progress)
    data = admin.get(f"/staff/crisis/activations/{exercise.id}/progress.json").get_json()
    assert data["counts"]["email"]["queued"] == 1 and data["exercise"] is True
    assert data["timing"]["activation"] == {"first_s": None, "last_s": None}

    # While it runs, another activation is refused with a link to it.
    busy = admin.get(activate_url)
    assert busy.status_code == 409 and f"/activations/{exercise.id}" in page(busy)

    # End the exercise, then activate for real.
    end_url = f"/staff/crisis/activations/{exercise.id}/deactivate"
    assert admin.get(end_url).status_code == 200
    ended = admin.post(end_url, data={"reason": "Harjoitus ohi"})
    assert ended.status_code == 302
    assert dispatched[-1] == (exercise.id, 1)
    admin.post(activate_url + "/confirm", data={"reason": "Joki tulvii", "mode": "actual"})
    actual = db.session.scalar(select(Activation).where(Activation.exercise.is_(False)))
    assert dispatched[-1] == (actual.id, 2)  # Wilma and Erik
    db.session.expire_all()
    assert db.session.get(ServicePoint, p1).status == PointStatus.OPEN
    assert db.session.get(ServicePoint, p3).status == PointStatus.CLOSED  # "close the others"
    bodies = db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.activation_id == actual.id)).all()
    assert sorted(b.split("!")[0] for b in bodies) == ["Hej Wilma Worker", "Hello Erik English"]
    admin.post(f"/staff/crisis/activations/{actual.id}/deactivate", data={"reason": "Ohi"})
    db.session.expire_all()
    assert db.session.get(ServicePoint, p1).status == PointStatus.CLOSED
    assert db.session.get(ServicePoint, p3).status == PointStatus.OPEN

    log = page(admin.get("/staff/crisis/audit?lang=en"))
    for action in ("Scenario created", "Plan row added", "Exceptional mode activated",
                   "Exceptional mode deactivated"):
        assert action in log
    assert "Syysharjoitus" in log and "Harjoitus ohi" in log


def test_a_bad_placeholder_is_refused_next_to_its_field(app, users, admin, dispatched):
    made = world(users)
    response = admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/plan/new?lang=en",
                          data=PLAN_FORM | {"body_sv": "Hej {namn}", "preview": "Preview"})
    assert response.status_code == 400
    error = re.search(r'id="body_sv-error">([^<]*)<', page(response))
    assert error and "{namn}" in error.group(1)
    assert 'aria-invalid="true"' in page(response)
    finnish = admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/plan/new?lang=fi",
                         data=PLAN_FORM | {"audience": "public", "preview": "Preview"})
    assert finnish.status_code == 400 and 'id="channel-error"' in page(finnish)


def test_sms_rows_show_length_and_segments_in_the_preview(app, users, admin, dispatched):
    made = world(users)
    data = PLAN_FORM | {"channel": "sms", "subject_fi": "", "subject_sv": "", "subject_en": "",
                        "preview": "Preview"}
    response = admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/plan/new?lang=en",
                          data=data)
    assert response.status_code == 200, page(response)
    assert page(response).count("SMS length:") == 3 and "segments" in page(response)


def test_editing_and_deleting_a_plan_row(app, users, admin, dispatched):
    made = world(users)
    row_id = made.rows["volunteers_timed"]
    form = admin.get(f"/staff/crisis/plan/{row_id}/edit")
    assert form.status_code == 200 and 'value="24"' in page(form)
    values = PLAN_FORM | {"audience": "volunteers", "timing": "after_hours", "delay_hours": "48"}
    preview = admin.post(f"/staff/crisis/plan/{row_id}/edit", data=values | {"preview": "1"})
    digest = re.search(r'name="preview_digest"[^>]*value="([0-9a-f]+)"', page(preview)).group(1)
    saved = admin.post(f"/staff/crisis/plan/{row_id}/edit",
                       data=values | {"save": "1", "preview_digest": digest})
    assert saved.status_code == 302
    assert db.session.get(PlanRow, row_id).delay_hours == 48
    assert admin.post(f"/staff/crisis/plan/{row_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanRow, row_id) is None
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["plan_row_edit", "plan_row_delete"]


def test_activation_needs_a_reason_and_a_choice(app, users, admin, dispatched):
    made = world(users)
    url = f"/staff/crisis/scenarios/{made.scenario.id}/activate"
    for data in ({"reason": "", "mode": "actual"}, {"reason": "   ", "mode": "exercise"},
                 {"reason": "Myrsky"}, {"reason": "Myrsky", "mode": "maybe"},
                 {"reason": "x" * 2001, "mode": "actual"}):
        assert admin.post(url, data=data).status_code == 400, data
        assert admin.post(url + "/confirm", data=data).status_code == 400, data
    assert count(Activation) == 0 and not dispatched


@pytest.mark.parametrize("url", [
    "/staff/crisis/scenarios/999999", "/staff/crisis/scenarios/999999/edit",
    "/staff/crisis/scenarios/999999/activate", "/staff/crisis/scenarios/999999/plan/new",
    "/staff/crisis/plan/999999/edit", "/staff/crisis/activations/999999",
    "/staff/crisis/activations/999999/progress.json",
    "/staff/crisis/activations/999999/deactivate"])
def test_unknown_ids_are_not_found(app, users, admin, url):
    assert admin.get(url).status_code == 404


def test_overlong_and_html_input_is_refused_or_shown_as_text(app, users, admin, dispatched):
    world(users)
    too_long = admin.post("/staff/crisis/scenarios/new", data={
        "name": "x" * 201, "kind": "flood", "other_points": "keep", "cap_category": "Safety"})
    assert too_long.status_code == 400 and 'id="name-error"' in page(too_long)
    bad_kind = admin.post("/staff/crisis/scenarios/new", data={
        "name": "A", "kind": "meteor", "other_points": "keep", "cap_category": "Safety"})
    assert bad_kind.status_code == 400
    assert count(Scenario) == 1
    evil = "<script>alert(1)</script>"
    created = admin.post("/staff/crisis/scenarios/new", data={
        "name": evil, "kind": "other", "other_points": "keep", "cap_category": "Safety",
        "description": evil})
    assert created.status_code == 302
    text = page(admin.get(created.headers["Location"]))
    assert evil not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert evil not in page(admin.get("/staff/crisis/"))
    scenario = db.session.scalar(select(Scenario).where(Scenario.name == evil))
    preview = admin.post(f"/staff/crisis/scenarios/{scenario.id}/plan/new",
                         data=PLAN_FORM | {"body_en": evil + " {scenario}", "preview": "1"})
    assert preview.status_code == 200 and evil not in page(preview)


def test_coordinators_read_everything_and_change_nothing(app, users, dispatched):
    made = world(users)
    client = app.test_client()
    login(client, users[Role.COORDINATOR])
    detail = client.get(f"/staff/crisis/scenarios/{made.scenario.id}")
    assert detail.status_code == 200
    assert "/activate" not in page(detail) and "/plan/new" not in page(detail)
    assert client.get("/staff/crisis/audit").status_code == 200
    assert client.post(f"/staff/crisis/scenarios/{made.scenario.id}/activate/confirm",
                       data={"reason": "x", "mode": "actual"}).status_code == 403
    assert count(Activation) == 0 and not dispatched


def test_failed_messages_can_be_resent(app, users, admin, dispatched):
    made = world(users)
    url = f"/staff/crisis/scenarios/{made.scenario.id}/activate/confirm"
    admin.post(url, data={"reason": "Myrsky", "mode": "actual"})
    activation = db.session.scalar(select(Activation))
    failed = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.channel == "email").limit(2)).all()
    for message in failed:
        message.status, message.attempts = OutboxStatus.FAILED, 5
        message.last_error = "550 no such mailbox <b>x</b>"
    db.session.commit()
    progress = page(admin.get(f"/staff/crisis/activations/{activation.id}?lang=en"))
    assert "550 no such mailbox &lt;b&gt;x&lt;/b&gt;" in progress
    assert "Resend 2 failed messages" in progress
    data = admin.get(f"/staff/crisis/activations/{activation.id}/progress.json").get_json()
    assert data["totals"]["failed"] == 2 and data["failures"][0]["count"] == 2
    calls = len(dispatched)
    assert admin.post(f"/staff/crisis/activations/{activation.id}/resend").status_code == 302
    assert len(dispatched) == calls + 1
    db.session.expire_all()
    assert all(m.status == OutboxStatus.QUEUED and m.attempts == 0 for m in failed)
    # Nothing failed: nothing to enqueue.
    admin.post(f"/staff/crisis/activations/{activation.id}/resend")
    assert len(dispatched) == calls + 1


def test_retiring_a_scenario(app, users, admin, dispatched):
    made = world(users)
    admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/activate/confirm",
               data={"reason": "Myrsky", "mode": "exercise"})
    refused = admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/retire",
                         follow_redirects=True)
    assert refused.status_code == 200 and made.scenario.retired_at is None
    activation = db.session.scalar(select(Activation))
    admin.post(f"/staff/crisis/activations/{activation.id}/deactivate", data={"reason": "Ohi"})
    assert admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/retire").status_code == 302
    db.session.expire_all()
    assert db.session.get(Scenario, made.scenario.id).retired_at is not None
    assert admin.get(f"/staff/crisis/scenarios/{made.scenario.id}/activate").status_code == 404


def test_the_nav_links_to_exceptional_mode_for_admins_and_coordinators(app, users):
    for role, shown in ((Role.STEERING_ADMIN, True), (Role.COORDINATOR, True),
                        (Role.POINT_WORKER, False), (Role.VOLUNTEER, False)):
        client = app.test_client()
        login(client, users[role])
        text = page(client.get("/staff/mine/profile"))
        assert ('href="/staff/crisis/"' in text) is shown, role


def test_forms_need_the_csrf_token(csrf_app, users):
    made = world(users)
    client = csrf_app.test_client()
    login_page = page(client.get("/login"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": users[Role.STEERING_ADMIN].email,
                                "password": "correct horse battery", "csrf_token": token})
    refused = client.post(f"/staff/crisis/scenarios/{made.scenario.id}/activate/confirm",
                          data={"reason": "Myrsky", "mode": "actual"})
    assert refused.status_code == 400 and count(Activation) == 0


def test_the_deactivation_page_says_what_will_happen(app, users, admin, dispatched):
    made = world(users)
    admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/activate/confirm",
               data={"reason": "Myrsky", "mode": "actual"})
    activation = db.session.scalar(select(Activation))
    url = f"/staff/crisis/activations/{activation.id}/deactivate?lang=en"
    text = page(admin.get(url))
    assert "2 timed messages not sent yet are cancelled." in text
    assert "2 points return exactly to their state before the activation." in text
    assert "Subscribed residents, Email: 2" in text
    refused = admin.post(url, data={"reason": ""})
    assert refused.status_code == 400 and 'id="reason-error"' in page(refused)
    db.session.refresh(activation)
    assert activation.is_open
    admin.post(url, data={"reason": "Ohi"})
    again = admin.get(url, follow_redirects=True)
    assert "already ended" in page(again)
