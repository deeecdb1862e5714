"""Residents' alert subscriptions: subscribe, confirm (link or code), unsubscribe, export, delete.

No account: an address proves itself by receiving a secret. An email gets a confirmation link,
a phone a 6-digit code; only an HMAC of the secret is stored. A repeated subscribe for an
address updates its row (never a second one) and never tells whether the address was known:
changes to an active subscription wait in `pending` until the new secret is used.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crisis import phones
from crisis.models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientKind
from crisis.models.subscriptions import Subscription
from network.database import db
from network.errors import ValidationError
from network.models import Area

LANGUAGES = ("fi", "sv", "en")
CODE_LIFETIME = timedelta(hours=48)
CODE_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
DELETED = "cancelled: the resident deleted their data"


@dataclass(frozen=True)
class Choices:
    """What a resident chose when subscribing."""

    language: str
    area_id: int | None
    target_group: str | None
    consent_text: str

    def as_dict(self, now: datetime) -> dict[str, Any]:
        """The choices as JSON (kept in `pending` until confirmed)."""
        return {"language": self.language, "area_id": self.area_id,
                "target_group": self.target_group, "consent_text": self.consent_text,
                "consent_at": now.isoformat()}


def normalise_address(channel: Channel, raw: str) -> str:
    """An email address (lower-case) or an E.164 mobile number; ValidationError otherwise."""
    raw = (raw or "").strip()
    if channel == Channel.EMAIL:
        try:
            checked = validate_email(raw, check_deliverability=False)
        except EmailNotValidError as error:
            raise ValidationError(_l("Enter a valid email address."), "email") from error
        return checked.normalized.lower()
    try:
        number = phones.normalise(raw)
    except phones.InvalidPhone as error:
        raise ValidationError(_l("Enter a valid phone number, e.g. 040 123 4567."),
                              "phone") from error
    if not phones.can_receive_sms(number):
        raise ValidationError(_l("This number cannot receive text messages."), "phone")
    return number


def secret_hash(key: bytes, token: str, secret: str) -> str:
    """The stored form of a confirmation secret: HMAC-SHA256 over the row's token and it."""
    return hmac.new(key, f"{token}:{secret}".encode(), hashlib.sha256).hexdigest()


def _new_secret(channel: Channel) -> str:
    if channel == Channel.SMS:
        return f"{secrets.randbelow(1_000_000):06d}"
    return secrets.token_urlsafe(24)


def _check_choices(choices: Choices) -> None:
    if choices.language not in LANGUAGES:
        raise ValidationError(_l("Choose a language."), "language")
    if choices.area_id is not None:
        area = db.session.get(Area, choices.area_id)
        if area is None or area.retired_at is not None:
            raise ValidationError(_l("Choose an area from the list."), "area_id")


def find(channel: Channel, address: str) -> Subscription | None:
    """The subscription of an address on a channel."""
    return db.session.scalars(select(Subscription).where(
        Subscription.channel == channel, Subscription.address == address)).first()


def by_token(token: str) -> Subscription | None:
    """The subscription of an unsubscribe/manage token."""
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(Subscription).where(Subscription.token == token)).first()


def subscribe(channel: Channel, address: str, choices: Choices, *, key: bytes,
              now: datetime) -> tuple[Subscription, str | None]:
    """Start (or restart) a subscription; returns it and the secret to send, if any.

    The secret is None when one was sent to this address less than a minute ago (the caller
    says the same thing either way, so the answer reveals nothing).
    """
    if channel not in (Channel.EMAIL, Channel.SMS):
        raise ValidationError(_l("Give an email address or a phone number."), "email")
    address = normalise_address(channel, address)
    _check_choices(choices)
    sub = find(channel, address)
    if sub is None:
        sub = Subscription(channel=channel, address=address, language=choices.language,
                           area_id=choices.area_id, target_group=choices.target_group,
                           consent_text=choices.consent_text[:500], consent_at=now,
                           token=secrets.token_urlsafe(32))
        try:
            with db.session.begin_nested():
                db.session.add(sub)
        except IntegrityError:  # the same address at the same moment: use that row
            sub = find(channel, address)
            if sub is None:
                raise
    elif sub.active:
        sub.pending = choices.as_dict(now)
    else:
        sub.language, sub.area_id = choices.language, choices.area_id
        sub.target_group = choices.target_group
        sub.consent_text, sub.consent_at = choices.consent_text[:500], now
        sub.pending = None
    if sub.confirm_sent_at is not None and now - sub.confirm_sent_at < RESEND_AFTER:
        db.session.flush()
        return sub, None
    secret = _new_secret(channel)
    sub.confirm_code_hash = secret_hash(key, sub.token, secret)
    sub.confirm_sent_at, sub.confirm_attempts = now, 0
    db.session.flush()
    return sub, secret


def _apply(sub: Subscription, now: datetime) -> Subscription:
    if sub.pending:
        pending = sub.pending
        sub.language, sub.area_id = pending["language"], pending.get("area_id")
        sub.target_group = pending.get("target_group")
        sub.consent_text = pending["consent_text"]
        sub.consent_at = datetime.fromisoformat(pending["consent_at"])
        sub.pending = None
    sub.confirmed_at = sub.confirmed_at or now
    sub.unsubscribed_at = None
    sub.confirm_code_hash, sub.confirm_sent_at, sub.confirm_attempts = None, None, 0
    db.session.flush()
    return sub


def _verify(sub: Subscription | None, secret: str, *, key: bytes, now: datetime) -> bool:
    if sub is None or not sub.confirm_code_hash or sub.confirm_sent_at is None:
        return False
    if now - sub.confirm_sent_at > CODE_LIFETIME or sub.confirm_attempts >= CODE_ATTEMPTS:
        return False
    if hmac.compare_digest(sub.confirm_code_hash, secret_hash(key, sub.token, secret or "")):
        return True
    sub.confirm_attempts += 1
    if sub.confirm_attempts >= CODE_ATTEMPTS:
        sub.confirm_code_hash = None  # too many guesses: a new code must be asked for
    db.session.flush()
    return False


def confirm_link(token: str, secret: str, *, key: bytes, now: datetime) -> Subscription | None:
    """Confirm an email subscription with its link's token and secret (None if not valid)."""
    sub = by_token(token)
    if not _verify(sub, secret, key=key, now=now):
        return None
    return _apply(sub, now)


def confirm_code(phone: str, code: str, *, key: bytes, now: datetime) -> Subscription | None:
    """Confirm a phone subscription with the code sent to it (None if not valid)."""
    try:
        address = normalise_address(Channel.SMS, phone)
    except ValidationError:
        return None
    sub = find(Channel.SMS, address)
    if not _verify(sub, (code or "").strip(), key=key, now=now):
        return None
    return _apply(sub, now)


def unsubscribe(sub: Subscription, *, now: datetime) -> Subscription:
    """Stop alerts to a subscription at once (idempotent)."""
    sub.unsubscribed_at = sub.unsubscribed_at or now
    sub.pending = None
    db.session.flush()
    return sub


def resubscribe(sub: Subscription, *, now: datetime) -> Subscription:
    """Undo an unsubscribe from its own link (the token proves the address was confirmed)."""
    if sub.confirmed_at is not None:
        sub.unsubscribed_at = None
        db.session.flush()
    return sub


def export(sub: Subscription) -> dict[str, Any]:
    """Everything kept about a subscription, and the alerts sent to it."""
    area = db.session.get(Area, sub.area_id) if sub.area_id is not None else None
    messages = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.subject, OutboxMessage.body,
               OutboxMessage.status, OutboxMessage.sent_at)
        .where(OutboxMessage.recipient_kind == RecipientKind.SUBSCRIPTION,
               OutboxMessage.recipient_id == sub.id)
        .order_by(OutboxMessage.id)).all()

    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "channel": str(sub.channel), "address": sub.address, "language": sub.language,
        "area": area.name if area else None, "target_group": sub.target_group,
        "consent_text": sub.consent_text, "consent_at": moment(sub.consent_at),
        "confirmed_at": moment(sub.confirmed_at), "unsubscribed_at": moment(sub.unsubscribed_at),
        "pending_changes": sub.pending,
        "messages": [{"channel": str(m.channel), "subject": m.subject, "text": m.body,
                      "status": str(m.status), "sent_at": moment(m.sent_at)} for m in messages],
    }


def delete(sub: Subscription) -> None:
    """Erase a subscription: unsent alerts are cancelled, sent ones lose the address."""
    mine = (OutboxMessage.recipient_kind == RecipientKind.SUBSCRIPTION,
            OutboxMessage.recipient_id == sub.id)
    db.session.execute(
        update(OutboxMessage)
        .where(*mine, OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.FAILED]))
        .values(status=OutboxStatus.CANCELLED, last_error=DELETED),
        execution_options={"synchronize_session": False})
    db.session.execute(
        update(OutboxMessage).where(*mine).values(address=None, body="", subject=None),
        execution_options={"synchronize_session": False})
    db.session.delete(sub)
    db.session.flush()
