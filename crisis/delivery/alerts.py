"""CAP publishing: outbox CAP rows become a stored CAP 1.2 alert in the feed.

The plan writes one CAP row per language for a plan row; they make one alert with an `info`
block per language (fi, sv, en). Actual activations publish status Actual (the public
feed), exercises status Exercise (the steering feed only). A later row of the same
activation publishes an Update, a deactivation row a Cancel, each referencing the
activation's earlier alerts; when an activation closes without a CAP deactivation row,
`cancel_ended` publishes the Cancel.
"""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from crisis import cap
from crisis.delivery.settings import DeliverySettings
from crisis.models.activations import Activation
from crisis.models.alerts import PublishedAlert
from crisis.models.outbox import Channel, OutboxMessage, Phase
from network.database import db

LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
HEADLINE_LIMIT = 160
ACTUAL, EXERCISE = "Actual", "Exercise"


def _headline(subject: str | None, body: str) -> str:
    text = (subject or "").strip() or (body.strip().splitlines() or [""])[0]
    return text if len(text) <= HEADLINE_LIMIT else text[:HEADLINE_LIMIT - 1] + "…"


def _identifier(activation: Activation, suffix: str) -> str:
    return f"apuverkko-{activation.opened_at:%Y%m%dT%H%M%S}-{activation.id}-{suffix}"


def _earlier(activation_id: int) -> list[PublishedAlert]:
    return list(db.session.scalars(
        select(PublishedAlert)
        .where(PublishedAlert.activation_id == activation_id, PublishedAlert.msg_type != "Cancel")
        .order_by(PublishedAlert.sent_at, PublishedAlert.id)))


def _store(alert: cap.CapAlert, *, group_key: str, activation_id: int) -> PublishedAlert:
    """Insert the alert once; a concurrent or repeated publish finds the first one."""
    record = PublishedAlert(
        identifier=alert.identifier, group_key=group_key, activation_id=activation_id,
        status=alert.status, msg_type=alert.msg_type, sent_at=alert.sent,
        headline=alert.infos[0].headline if alert.infos else alert.identifier,
        xml=cap.to_xml(alert).decode("utf-8"))
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        return db.session.scalars(
            select(PublishedAlert).where(PublishedAlert.group_key == group_key)).one()
    return record


def group_key(row: OutboxMessage) -> str:
    """The alert a CAP row belongs to: its activation, plan row and phase."""
    return f"{row.activation_id}:{row.plan_row_id or 0}:{row.phase}:cap"


def _texts(row: OutboxMessage) -> list[tuple[str, str | None, str]]:
    """(language, subject, body) of the row's group: the plan writes one row per language."""
    same_row = (OutboxMessage.plan_row_id == row.plan_row_id if row.plan_row_id is not None
                else OutboxMessage.plan_row_id.is_(None))
    found = db.session.execute(
        select(OutboxMessage.language, OutboxMessage.subject, OutboxMessage.body)
        .where(OutboxMessage.activation_id == row.activation_id,
               OutboxMessage.channel == Channel.CAP, OutboxMessage.phase == row.phase, same_row)
        .order_by(OutboxMessage.id)).all()
    by_language = {language: (language, subject, body) for language, subject, body in found}
    by_language.setdefault(row.language, (row.language, row.subject, row.body))
    order = list(LANGUAGE_TAGS)
    return sorted(by_language.values(),
                  key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def publish(row: OutboxMessage, *, settings: DeliverySettings, now: datetime) -> PublishedAlert:
    """The CAP alert of an outbox CAP row's group, published now unless it already is."""
    key = group_key(row)
    found = db.session.scalars(
        select(PublishedAlert).where(PublishedAlert.group_key == key)).first()
    if found is not None:
        return found
    activation = db.session.get(Activation, row.activation_id)
    scenario = activation.scenario
    category = scenario.cap_category if scenario.cap_category in cap.CATEGORIES else "Other"
    infos = [cap.CapInfo(language=LANGUAGE_TAGS.get(lang, lang), category=category,
                         event=scenario.name, headline=_headline(subject, body),
                         description=body, web=settings.site_url)
             for lang, subject, body in _texts(row)]
    earlier = _earlier(activation.id)
    msg_type = "Alert"
    if earlier and row.phase == Phase.DEACTIVATION:
        msg_type = "Cancel"
    elif earlier:
        msg_type = "Update"
    alert = cap.CapAlert(
        identifier=_identifier(activation, f"r{row.plan_row_id or 0}-{row.phase}"),
        sender=settings.sender_address, sent=now,
        status=EXERCISE if activation.exercise else ACTUAL, msg_type=msg_type,
        references=[(settings.sender_address, a.identifier, a.sent_at) for a in earlier]
        if msg_type != "Alert" else (),
        infos=infos)
    return _store(alert, group_key=key, activation_id=activation.id)


def cancel_ended(*, settings: DeliverySettings, now: datetime,
                 activation_id: int | None = None) -> list[PublishedAlert]:
    """Publish a Cancel for closed activations whose alerts are still standing.

    Only for activations whose plan sends no CAP row at deactivation (that row's Cancel is
    published by the workers, with the plan's own text).
    """
    cancelled = exists().where(PublishedAlert.activation_id == Activation.id,
                               PublishedAlert.msg_type == "Cancel")
    planned = exists().where(OutboxMessage.activation_id == Activation.id,
                             OutboxMessage.channel == Channel.CAP,
                             OutboxMessage.phase == Phase.DEACTIVATION)
    standing = exists().where(PublishedAlert.activation_id == Activation.id)
    query = select(Activation).where(Activation.closed_at.is_not(None), standing,
                                     ~cancelled, ~planned)
    if activation_id is not None:
        query = query.where(Activation.id == activation_id)
    published = []
    for activation in db.session.scalars(query).all():
        earlier = _earlier(activation.id)
        infos = []
        for lang, tag in LANGUAGE_TAGS.items():
            with force_locale(lang):
                infos.append(cap.CapInfo(
                    language=tag, event=activation.scenario.name,
                    headline=_("The exceptional mode has ended"),
                    description=_("The exceptional mode \"%(scenario)s\" has ended. Service "
                                  "points are back to their usual hours.",
                                  scenario=activation.scenario.name),
                    category=activation.scenario.cap_category
                    if activation.scenario.cap_category in cap.CATEGORIES else "Other",
                    urgency="Past", severity="Minor", certainty="Observed",
                    web=settings.site_url))
        alert = cap.CapAlert(
            identifier=_identifier(activation, "cancel"), sender=settings.sender_address,
            sent=now, status=EXERCISE if activation.exercise else ACTUAL, msg_type="Cancel",
            references=[(settings.sender_address, a.identifier, a.sent_at) for a in earlier],
            infos=infos)
        published.append(_store(alert, group_key=f"cancel:{activation.id}",
                                activation_id=activation.id))
    return published


def alerts(status: str, limit: int = 50) -> list[PublishedAlert]:
    """The newest published alerts of a CAP status (Actual or Exercise)."""
    return list(db.session.scalars(
        select(PublishedAlert).where(PublishedAlert.status == status)
        .order_by(PublishedAlert.sent_at.desc(), PublishedAlert.id.desc()).limit(limit)))


def find(identifier: str) -> PublishedAlert | None:
    """A published alert by its CAP identifier."""
    return db.session.scalars(
        select(PublishedAlert).where(PublishedAlert.identifier == identifier)).first()


class CapPublisher:
    """Publishing a CAP row: store its alert; the 'sent' mark follows."""

    channel = Channel.CAP

    def __init__(self, settings: DeliverySettings, clock):
        self.settings, self.clock = settings, clock

    def open(self) -> None:
        """Nothing to connect."""

    def send(self, row: OutboxMessage, unsubscribe_url: str | None = None) -> None:
        """Publish the row's alert."""
        publish(row, settings=self.settings, now=self.clock())

    def close(self) -> None:
        """Nothing to close."""
