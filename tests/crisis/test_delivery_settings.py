"""Delivery settings: defaults, typed environment overrides, and what the transports read."""

from datetime import timedelta

from crisis.delivery.settings import DeliverySettings
from web import config


def test_environment_overrides_keep_their_types(tmp_path):
    settings = config.load(str(tmp_path), environ={
        "SMTP_HOST": "mail.example.org", "SMTP_PORT": "2525", "SMTP_STARTTLS": "true",
        "SMTP_USER": "apu", "SMS_RATE_PER_SECOND": "2.5", "OUTBOX_BATCH_SIZE": "100",
        "SMS_GATEWAY_URL": "https://sms.example.org/send", "OUTBOX_SWEEP_SECONDS": "15"})
    assert settings["SMTP_PORT"] == 2525 and settings["SMTP_STARTTLS"] is True
    assert settings["SMS_RATE_PER_SECOND"] == 2.5 and settings["OUTBOX_BATCH_SIZE"] == 100
    delivery = DeliverySettings.from_config(settings)
    assert (delivery.smtp_host, delivery.smtp_port, delivery.smtp_user) == (
        "mail.example.org", 2525, "apu")
    assert delivery.sms_url == "https://sms.example.org/send" and delivery.sms_rate == 2.5
    assert settings["OUTBOX_SWEEP_SECONDS"] == 15.0


def test_defaults(tmp_path):
    settings = config.load(str(tmp_path), environ={})
    delivery = DeliverySettings.from_config(settings)
    assert delivery.smtp_starttls is False and delivery.sms_url is None
    assert delivery.policy.max_attempts == 5
    assert delivery.lease == timedelta(seconds=300)
    assert delivery.sender_address == "apuverkko@localhost"
    assert delivery.mail_domain == "localhost"
