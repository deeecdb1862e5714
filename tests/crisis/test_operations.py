"""Activation and deactivation: one transaction each, idempotent, exercise kept apart from real."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crisis import network_mode, operations
from crisis.models import (
    Activation,
    ActivationPoint,
    AuditEntry,
    OutboxMessage,
    OutboxStatus,
    PlanRow,
)
from network.clock import utcnow
from network.errors import ValidationError
from network.models import PointStatus, ServiceMode, ServicePoint
from tests.crisis.steering_builders import SITE, world
from web.extensions import db

EXPECTED_ACTUAL = {"steering_email": 2, "steering_sms": 1, "pairs_email": 2,
                   "volunteers_timed": 2, "partners_email": 2, "residents_email": 2,
                   "residents_sms_tuira": 1, "public_web": 3, "public_cap": 3}
EXPECTED_EXERCISE = {"steering_email": 1, "steering_sms": 1, "pairs_email": 1,
                     "volunteers_timed": 1, "partners_email": 1, "public_cap": 3}
PREFIX = {"fi": "HARJOITUS – ", "sv": "ÖVNING – ", "en": "EXERCISE – "}


def rows_of(activation: Activation) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.activation_id == activation.id).order_by(OutboxMessage.id)))


def per_plan_row(made, messages) -> dict[str, int]:
    names = {row_id: name for name, row_id in made.rows.items()}
    return dict(Counter(names[m.plan_row_id] for m in messages))


def point_state(point_id: int) -> tuple[PointStatus, bool]:
    point = db.session.get(ServicePoint, point_id)
    db.session.refresh(point)
    return point.status, point.in_exceptional_network


def activate(made, *, exercise=False, reason="Myrsky katkaisi sähköt", now=None):
    activation = operations.activate(made.scenario, actor=made.admin, reason=reason,
                                     exercise=exercise, now=now or utcnow(), site_url=SITE)
    db.session.commit()
    return activation


def test_activation_writes_one_row_per_recipient_and_channel(app, users):
    made = world(users)
    now = utcnow()
    activation = activate(made, now=now)
    messages = rows_of(activation)
    assert per_plan_row(made, messages) == EXPECTED_ACTUAL
    assert len({m.key for m in messages}) == len(messages)
    assert all(m.status == OutboxStatus.QUEUED and m.attempts == 0 for m in messages)
    timed = [m for m in messages if m.plan_row_id == made.rows["volunteers_timed"]]
    assert {m.phase for m in timed} == {"timed"}
    assert all(m.due_at == now + timedelta(hours=24) for m in timed)
    assert all(m.due_at == now for m in messages if m not in timed)
    first = messages[0]
    assert first.key == (f"{activation.id}:{first.plan_row_id}:activation:"
                         f"{first.recipient_kind}:{first.recipient_id}:{first.channel}")
    public = [m for m in messages if m.recipient_kind == "public"]
    assert sorted((m.channel, m.language) for m in public) == sorted(
        (c, lang) for c in ("web_notice", "cap") for lang in ("fi", "sv", "en"))
    assert all(m.address is None for m in public)
    sms = [m for m in messages if m.channel == "sms"]
    assert {m.address for m in sms} == {"+358401234567", "+358401112233"}
    assert all(m.subject is None for m in sms)


def test_each_message_is_in_its_recipients_language(app, users):
    made = world(users)
    activation = activate(made)
    by_address = {m.address: m for m in rows_of(activation) if m.address}
    assert by_address["riikka@ouka.fi"].language == "fi"
    assert by_address["riikka@ouka.fi"].body.startswith("Hei Riikka Rooster! Myrsky")
    assert by_address["riikka@ouka.fi"].subject == "Poikkeustila: Pitkä sähkökatko"
    assert by_address["sven@ouka.fi"].language == "sv"
    assert by_address["sven@ouka.fi"].subject == "Undantagsläge: Pitkä sähkökatko"
    assert by_address["wilma@example.org"].body.startswith("Hej Wilma Worker!")
    assert by_address["erik@example.org"].body.startswith("Hello Erik English!")
    assert by_address["vera@example.org"].language == "en"
    resident = by_address["s2@example.org"]
    assert resident.language == "sv" and resident.body.startswith("Hej! Myrsky")
    # The resident's own area's point is the nearest text; the link is their own.
    assert "Keskustan seurakuntatalo" in resident.body and "Tuiran" not in resident.body
    assert f"Avsluta: {SITE}/unsubscribe/" in resident.body
    tuira = by_address["s1@example.org"]
    assert "Tuiran asukastupa (Tuirantie 1, Oulu)" in tuira.body
    assert "Vanha piste" not in tuira.body  # a retired point is never offered
    cap_sv = next(m for m in rows_of(activation) if m.channel == "cap" and m.language == "sv")
    assert cap_sv.subject == "Undantagsläge: Pitkä sähkökatko"


def test_activation_is_idempotent(app, users):
    made = world(users)
    first = activate(made)
    count = len(rows_of(first))
    again = operations.activate(made.scenario, actor=made.admin, reason="Toinen klikkaus",
                                exercise=False, now=utcnow(), site_url=SITE)
    db.session.commit()
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Activation)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == count


@pytest.mark.parametrize("other_points", ["keep", "closed"])
def test_actual_switches_points_and_deactivation_restores_them_exactly(app, users,
                                                                        other_points):
    made = world(users, other_points=other_points)
    before = {name: point_state(pid) for name, pid in made.points.items()}
    activation = activate(made)
    assert network_mode.current_mode() == ServiceMode.EXCEPTIONAL
    assert point_state(made.points["p1"]) == (PointStatus.OPEN, True)
    assert point_state(made.points["p2"]) == (PointStatus.OPEN, True)
    expected_p3 = PointStatus.OPEN if other_points == "keep" else PointStatus.CLOSED
    assert point_state(made.points["p3"]) == (expected_p3, False)
    assert point_state(made.points["p4"]) == before["p4"]  # retired: untouched
    operations.deactivate(activation, actor=made.admin, reason="Sähköt palasivat",
                          now=utcnow(), site_url=SITE)
    db.session.commit()
    assert {name: point_state(pid) for name, pid in made.points.items()} == before
    assert network_mode.current_mode() == ServiceMode.NORMAL
    db.session.refresh(activation)
    assert activation.open_slot is None and activation.closed_at is not None
    assert activation.closed_by_id == made.admin.id
    assert activation.close_reason == "Sähköt palasivat"


def test_exercise_reaches_only_participants_and_changes_no_point(app, users):
    made = world(users)
    before = {name: point_state(pid) for name, pid in made.points.items()}
    activation = activate(made, exercise=True)
    messages = rows_of(activation)
    assert per_plan_row(made, messages) == EXPECTED_EXERCISE
    assert not [m for m in messages if m.recipient_kind == "subscription"]
    assert not [m for m in messages if m.channel == "web_notice"]
    assert {m.address for m in messages if m.address} == {
        "riikka@ouka.fi", "+358401234567", "wilma@example.org", "vera@example.org",
        "kirjaamo@ouka.fi"}
    for message in messages:
        assert message.body.startswith(PREFIX[message.language]), message.body
        if message.subject is not None:
            assert message.subject.startswith(PREFIX[message.language])
    assert next(m for m in messages if m.address == "wilma@example.org").body.startswith(
        "ÖVNING – Hej Wilma")
    # Residents see nothing: no point changes, and the mode stays normal.
    assert {name: point_state(pid) for name, pid in made.points.items()} == before
    assert network_mode.current_mode() == ServiceMode.NORMAL
    recorded = db.session.scalars(select(ActivationPoint)).all()
    assert {(s.point_id, s.status, s.applied) for s in recorded} == {
        (made.points["p1"], PointStatus.OPEN, False), (made.points["p3"], PointStatus.OPEN, False)}
    operations.deactivate(activation, actor=made.admin, reason="Harjoitus päättyi",
                          now=utcnow(), site_url=SITE)
    db.session.commit()
    assert {name: point_state(pid) for name, pid in made.points.items()} == before
    ends = [m for m in rows_of(activation) if m.phase == "deactivation"]
    assert [m.address for m in ends] == ["riikka@ouka.fi"]  # residents_end: never in exercise
    assert ends[0].body.startswith("HARJOITUS – ")


def test_deactivation_cancels_timed_rows_writes_its_own_and_is_idempotent(app, users):
    made = world(users)
    activation = activate(made)
    sent = next(m for m in rows_of(activation) if m.phase == "activation")
    sent.status = OutboxStatus.SENT
    db.session.commit()
    now = utcnow()
    operations.deactivate(activation, actor=made.admin, reason="Ohi", now=now, site_url=SITE)
    db.session.commit()
    messages = rows_of(activation)
    timed = [m for m in messages if m.phase == "timed"]
    assert timed and all(m.status == OutboxStatus.CANCELLED for m in timed)
    assert all(m.last_error == operations.CANCELLED for m in timed)
    ends = [m for m in messages if m.phase == "deactivation"]
    assert per_plan_row(made, ends) == {"steering_end": 2, "residents_end": 2}
    assert all(m.due_at == now and m.status == OutboxStatus.QUEUED for m in ends)
    db.session.refresh(sent)
    assert sent.status == OutboxStatus.SENT
    count = len(messages)
    again = operations.deactivate(activation, actor=made.admin, reason="Uudestaan",
                                  now=utcnow(), site_url=SITE)
    db.session.commit()
    assert again.close_reason == "Ohi"
    assert len(rows_of(activation)) == count
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("deactivate") == 1


def test_a_new_activation_can_follow_a_closed_one(app, users):
    made = world(users)
    first = activate(made, exercise=True)
    operations.deactivate(first, actor=made.admin, reason="Ohi", now=utcnow(), site_url=SITE)
    db.session.commit()
    second = activate(made)
    assert second.id != first.id and operations.open_activation().id == second.id


def test_resend_failed_queues_failed_rows_again_but_not_cancelled_ones(app, users):
    made = world(users)
    activation = activate(made)
    messages = rows_of(activation)
    messages[0].status, messages[0].attempts = OutboxStatus.FAILED, 5
    messages[0].last_error = "550 mailbox unavailable"
    messages[1].status, messages[1].last_error = OutboxStatus.CANCELLED, "cancelled: unsubscribed"
    db.session.commit()
    assert operations.resend_failed(activation, actor=made.admin, now=utcnow()) == 1
    db.session.commit()
    db.session.refresh(messages[0])
    db.session.refresh(messages[1])
    assert messages[0].status == OutboxStatus.QUEUED and messages[0].attempts == 0
    assert messages[1].status == OutboxStatus.CANCELLED
    assert operations.resend_failed(activation, actor=made.admin, now=utcnow()) == 0


def test_the_confirmation_preview_counts_exactly_what_is_written(app, users):
    made = world(users)
    for exercise in (False, True):
        preview = operations.preview_activation(made.scenario, exercise=exercise, now=utcnow())
        counted = {made_name: r.messages for r in preview.reaches
                   for made_name, rid in made.rows.items() if rid == r.row.id and r.messages}
        activation = activate(made, exercise=exercise)
        operations.deactivate(activation, actor=made.admin, reason="Ohi", now=utcnow(),
                              site_url=SITE)
        db.session.commit()
        assert counted == per_plan_row(made, rows_of(activation))
    preview = operations.preview_activation(made.scenario, exercise=False, now=utcnow())
    by_row = {r.row.id: r for r in preview.reaches}
    assert by_row[made.rows["steering_sms"]].no_address == 1  # a landline
    assert by_row[made.rows["pairs_email"]].no_address == 1
    assert [c.point.name for c in preview.opening] == ["Tuiran asukastupa"]
    assert [c.point.name for c in preview.other_changes] == ["Tuiran kirjasto"]
    assert preview.totals[("residents", "email")] == 2
    exercise = operations.preview_activation(made.scenario, exercise=True, now=utcnow())
    left = {r.row.id: r.left_out for r in exercise.reaches}
    assert left[made.rows["residents_email"]] == 2 and left[made.rows["public_web"]] == 3
    assert left[made.rows["pairs_email"]] == 2


def test_activation_and_deactivation_are_audited_with_reasons(app, users):
    made = world(users)
    activation = activate(made, reason="Myrsky")
    operations.deactivate(activation, actor=made.admin, reason="Ohi", now=utcnow(),
                          site_url=SITE)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.subject_type, e.subject_id, e.reason, e.actor_id) for e in entries] == [
        ("activate", "activation", activation.id, "Myrsky", made.admin.id),
        ("deactivate", "activation", activation.id, "Ohi", made.admin.id)]
    assert entries[0].details["exercise"] is False
    assert entries[0].details["messages"] == sum(EXPECTED_ACTUAL.values())


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 2001])
def test_a_reason_is_required_and_limited(app, users, reason):
    made = world(users)
    with pytest.raises(ValidationError) as refused:
        operations.activate(made.scenario, actor=made.admin, reason=reason, exercise=False,
                            now=utcnow())
    assert refused.value.field == "reason"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Activation)) == 0


def test_a_retired_scenario_cannot_be_activated(app, users):
    made = world(users)
    made.scenario.retired_at = utcnow()
    db.session.commit()
    with pytest.raises(ValidationError):
        operations.activate(made.scenario, actor=made.admin, reason="Myrsky", exercise=False,
                            now=utcnow())


def test_a_deleted_plan_row_keeps_its_queued_messages(app, users):
    made = world(users)
    activation = activate(made)
    count = len(rows_of(activation))
    db.session.delete(db.session.get(PlanRow, made.rows["partners_email"]))
    db.session.commit()
    assert len(rows_of(activation)) == count
