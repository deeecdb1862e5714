"""Delivery settings, read once from the app's configuration."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from functools import cached_property
from typing import Any

from crisis.outbox import RetryPolicy


@dataclass(frozen=True)
class DeliverySettings:
    """Servers, limits and retry rules for sending outbox rows."""

    site_url: str = "http://127.0.0.1:5000"
    mail_from: str = "Apuverkko <apuverkko@localhost>"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 20.0
    sms_url: str | None = None
    sms_user: str | None = None
    sms_password: str | None = None
    sms_sender: str = "Apuverkko"
    sms_rate: float = 10.0
    sms_timeout: float = 10.0
    sms_max_segments: int = 6
    redis_url: str | None = None
    batch_size: int = 300
    mark_every: int = 100
    policy: RetryPolicy = RetryPolicy()
    lease: timedelta = timedelta(seconds=300)
    requeue_after: timedelta = timedelta(seconds=120)

    @cached_property
    def sender_address(self) -> str:
        """The bare address of MAIL_FROM (also the CAP sender)."""
        return parseaddr(self.mail_from)[1] or "apuverkko@localhost"

    @cached_property
    def mail_domain(self) -> str:
        """The domain of MAIL_FROM, used in Message-IDs."""
        return self.sender_address.rpartition("@")[2] or "localhost"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "DeliverySettings":
        """The settings of a Flask app's config (see web.config.BaseConfig)."""
        return cls(
            site_url=config["SITE_URL"].rstrip("/"),
            mail_from=config["MAIL_FROM"],
            smtp_host=config["SMTP_HOST"],
            smtp_port=int(config["SMTP_PORT"]),
            smtp_user=config.get("SMTP_USER") or None,
            smtp_password=config.get("SMTP_PASSWORD") or None,
            smtp_starttls=bool(config["SMTP_STARTTLS"]),
            smtp_timeout=float(config["SMTP_TIMEOUT"]),
            sms_url=config.get("SMS_GATEWAY_URL") or None,
            sms_user=config.get("SMS_GATEWAY_USER") or None,
            sms_password=config.get("SMS_GATEWAY_PASSWORD") or None,
            sms_sender=config["SMS_SENDER"],
            sms_rate=float(config["SMS_RATE_PER_SECOND"]),
            sms_timeout=float(config["SMS_TIMEOUT"]),
            sms_max_segments=int(config["SMS_MAX_SEGMENTS"]),
            redis_url=config.get("REDIS_URL") or None,
            batch_size=int(config["OUTBOX_BATCH_SIZE"]),
            mark_every=max(1, int(config["OUTBOX_MARK_EVERY"])),
            policy=RetryPolicy(
                max_attempts=int(config["OUTBOX_MAX_ATTEMPTS"]),
                base_seconds=float(config["OUTBOX_RETRY_BASE_SECONDS"]),
                max_seconds=float(config["OUTBOX_RETRY_MAX_SECONDS"]),
            ),
            lease=timedelta(seconds=float(config["OUTBOX_LEASE_SECONDS"])),
            requeue_after=timedelta(seconds=float(config["OUTBOX_REQUEUE_AFTER_SECONDS"])),
        )
