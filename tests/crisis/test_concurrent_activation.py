"""Two activations at the same moment (a double click, two admins): one activation, one set of
messages. Each thread has its own app context, session and database connection, on SQLite and
on real PostgreSQL; both pass the "is one open already?" check before either inserts, so the
unique `open_slot` is what decides.
"""

import threading

from sqlalchemy import func, select

from crisis import operations
from crisis.models import Activation, AuditEntry, OutboxMessage, Scenario
from network.clock import utcnow
from network.models import Role, User
from tests.crisis.steering_builders import SITE, world
from web.extensions import db


def race(app, monkeypatch, scenario_id: int, actor_ids: list[int], exercise=(False, False)):
    """Run one activation per actor in its own thread; returns the ids each thread got."""
    assert len(actor_ids) == 2
    barrier = threading.Barrier(len(actor_ids), timeout=20)
    real_check = operations.open_activation
    local = threading.local()
    checks: list[int] = []

    def checked_together():
        found = real_check()
        checks.append(found.id if found else 0)
        if not getattr(local, "met", False):  # only the first check waits for the other
            local.met = True
            barrier.wait()
        return found

    monkeypatch.setattr(operations, "open_activation", checked_together)
    results: list[int] = []
    errors: list[BaseException] = []

    def run(actor_id: int, is_exercise: bool):
        try:
            with app.app_context():
                activation = operations.activate(
                    db.session.get(Scenario, scenario_id), actor=db.session.get(User, actor_id),
                    reason=f"Klikkaus {actor_id}", exercise=is_exercise, now=utcnow(),
                    site_url=SITE)
                found = activation.id
                db.session.commit()
                results.append(found)
                db.session.remove()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(actor_id, is_exercise))
               for actor_id, is_exercise in zip(actor_ids, exercise, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(operations, "open_activation", real_check)
    assert not errors, errors
    # Both first checks found nothing; the loser checked again after its insert was refused.
    assert sorted(checks) == [0, 0, results[0]], checks
    return results


def test_two_admins_at_once_get_one_activation_and_one_set_of_messages(app, users, monkeypatch):
    made = world(users)
    second_admin = User(email="toinen@example.org", name="Toinen Admin", password_hash="x",
                        role=Role.STEERING_ADMIN)
    db.session.add(second_admin)
    db.session.commit()
    expected = sum(r.messages for r in operations.preview_activation(
        made.scenario, exercise=False, now=utcnow()).reaches if r.row.timing != "at_deactivation")
    scenario_id, ids = made.scenario.id, [made.admin.id, second_admin.id]
    db.session.remove()

    results = race(app, monkeypatch, scenario_id, ids)

    assert len(results) == 2 and results[0] == results[1]
    assert db.session.scalar(select(func.count()).select_from(Activation)) == 1
    messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert messages == expected
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "activate")) == 1


def test_a_double_click_with_exercise_and_actual_keeps_the_first_one_only(app, users,
                                                                          monkeypatch):
    made = world(users)
    scenario_id, admin_id = made.scenario.id, made.admin.id
    db.session.remove()

    results = race(app, monkeypatch, scenario_id, [admin_id, admin_id], exercise=(True, False))

    assert results[0] == results[1]
    winner = db.session.get(Activation, results[0])
    rows = db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.activation_id == winner.id)).all()
    # Whichever won, its messages are all of one kind: all exercise or none.
    marked = [body.startswith(("HARJOITUS", "ÖVNING", "EXERCISE")) for body in rows]
    assert rows and (all(marked) if winner.exercise else not any(marked))
