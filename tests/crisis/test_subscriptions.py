"""Subscription operations: normalised addresses, double opt-in, duplicates, leaving, erasing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from crisis import subscriptions
from crisis.models import Channel, OutboxMessage, OutboxStatus, Subscription
from crisis.subscriptions import Choices
from network.clock import utcnow
from network.errors import ValidationError
from network.models import Area, Role
from tests import factories
from web.extensions import db

KEY = b"test-key"
FI = Choices(language="fi", area_id=None, target_group=None, consent_text="Suostun.")


def everything() -> list[Subscription]:
    db.session.expire_all()
    return list(db.session.scalars(select(Subscription).order_by(Subscription.id)))


@pytest.mark.parametrize(("channel", "raw", "stored"), [
    (Channel.EMAIL, " Maija.Meikalainen@Example.ORG ", "maija.meikalainen@example.org"),
    (Channel.SMS, "040 123 4567", "+358401234567"),
    (Channel.SMS, "+46 70 123 45 67", "+46701234567"),
])
def test_addresses_are_normalised(channel, raw, stored):
    assert subscriptions.normalise_address(channel, raw) == stored


@pytest.mark.parametrize(("channel", "raw", "field"), [
    (Channel.EMAIL, "maija@", "email"),
    (Channel.SMS, "123", "phone"),
    (Channel.SMS, "09 310 1691", "phone"),  # a landline cannot take text messages
])
def test_bad_addresses_are_refused(channel, raw, field):
    with pytest.raises(ValidationError) as refused:
        subscriptions.normalise_address(channel, raw)
    assert refused.value.field == field


def test_a_new_subscription_waits_for_its_code(app):
    now = utcnow()
    sub, code = subscriptions.subscribe(Channel.SMS, "0401234567", FI, key=KEY, now=now)
    assert len(code) == 6 and code.isdigit()
    assert not sub.active and sub.consent_text == "Suostun." and sub.consent_at == now
    assert sub.confirm_code_hash == subscriptions.secret_hash(KEY, sub.token, code)
    assert subscriptions.confirm_code("040 123 4567", "000000" if code != "000000" else "111111",
                                      key=KEY, now=now) is None
    assert subscriptions.confirm_code("+358401234567", code, key=KEY, now=now) is sub
    assert sub.active and sub.confirm_code_hash is None


def test_codes_expire_after_48_hours(app):
    now = utcnow()
    sub, secret = subscriptions.subscribe(Channel.EMAIL, "a@example.org", FI, key=KEY, now=now)
    assert subscriptions.confirm_link(sub.token, secret, key=KEY,
                                      now=now + timedelta(hours=49)) is None
    assert subscriptions.confirm_link(sub.token, secret, key=KEY,
                                      now=now + timedelta(hours=47)) is sub


def test_repeating_within_a_minute_sends_nothing_new(app):
    now = utcnow()
    _sub, first = subscriptions.subscribe(Channel.EMAIL, "a@example.org", FI, key=KEY, now=now)
    _sub, second = subscriptions.subscribe(Channel.EMAIL, "A@example.org", FI, key=KEY,
                                           now=now + timedelta(seconds=30))
    assert first and second is None
    assert len(everything()) == 1


def test_changes_to_an_active_subscription_wait_for_confirmation(app):
    area = Area(name="Tuira")
    db.session.add(area)
    db.session.flush()
    now = utcnow()
    sub, secret = subscriptions.subscribe(Channel.EMAIL, "a@example.org", FI, key=KEY, now=now)
    subscriptions.confirm_link(sub.token, secret, key=KEY, now=now)
    change = Choices(language="sv", area_id=area.id, target_group="older_people",
                     consent_text="Jag samtycker.")
    later = now + timedelta(minutes=5)
    same, secret = subscriptions.subscribe(Channel.EMAIL, "a@example.org", change, key=KEY,
                                           now=later)
    assert same is sub and sub.active and sub.language == "fi"  # nothing changed yet
    subscriptions.confirm_link(sub.token, secret, key=KEY, now=later)
    assert (sub.language, sub.area_id, sub.target_group, sub.consent_text, sub.consent_at) == (
        "sv", area.id, "older_people", "Jag samtycker.", later)
    assert sub.active and sub.pending is None


def test_an_unknown_or_retired_area_is_refused(app):
    with pytest.raises(ValidationError) as refused:
        subscriptions.subscribe(Channel.EMAIL, "a@example.org",
                                Choices("fi", 999, None, "x"), key=KEY, now=utcnow())
    assert refused.value.field == "area_id"


def test_unsubscribe_and_resubscribe(app):
    sub = factories.subscription("a@example.org")
    subscriptions.unsubscribe(sub, now=utcnow())
    assert not sub.active
    subscriptions.resubscribe(sub, now=utcnow())
    assert sub.active
    pending = factories.subscription("b@example.org", confirmed=False)
    subscriptions.resubscribe(pending, now=utcnow())
    assert not pending.active  # never confirmed: the link alone does not confirm it


def test_unsubscribed_then_subscribing_again_needs_confirmation(app):
    now = utcnow()
    sub = factories.subscription("a@example.org")
    subscriptions.unsubscribe(sub, now=now)
    again, secret = subscriptions.subscribe(Channel.EMAIL, "a@example.org", FI, key=KEY,
                                            now=now)
    assert again is sub and not sub.active
    subscriptions.confirm_link(sub.token, secret, key=KEY, now=now)
    assert sub.active


def test_export_and_delete(app, users):
    sub = factories.subscription("a@example.org", language="en")
    other = factories.subscription("b@example.org")
    made = factories.activation(users[Role.STEERING_ADMIN])
    factories.resident_rows(made, [sub, other])
    db.session.commit()
    data = subscriptions.export(sub)
    assert data["address"] == "a@example.org" and data["language"] == "en"
    assert [m["status"] for m in data["messages"]] == ["queued"]
    subscriptions.delete(sub)
    db.session.commit()
    assert [s.address for s in everything()] == ["b@example.org"]
    mine, theirs = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert (mine.address, mine.body, mine.status) == (None, "", OutboxStatus.CANCELLED)
    assert theirs.address == "b@example.org" and theirs.status == OutboxStatus.QUEUED
