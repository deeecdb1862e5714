"""One message sent at once, outside the outbox: confirmation codes and my-data links.

These carry a secret that must not be stored, so they are not written to the outbox; they go
through the same transports (SMTP, the SMS gateway and its rate limit) as the alerts.
"""

from dataclasses import dataclass

from crisis.delivery.email import SmtpTransport
from crisis.delivery.settings import DeliverySettings
from crisis.delivery.sms_gateway import SmsGateway
from crisis.models.outbox import Channel


@dataclass(frozen=True)
class DirectMessage:
    """What the transports read of a message."""

    key: str
    address: str
    language: str
    subject: str | None
    body: str
    id: int = 0


def send_now(channel: Channel, message: DirectMessage, *, settings: DeliverySettings) -> None:
    """Send one email or SMS now; raises crisis.delivery.errors.DeliveryError on failure."""
    transport = SmtpTransport(settings) if channel == Channel.EMAIL else SmsGateway(settings)
    transport.open()
    try:
        transport.send(message)
    finally:
        transport.close()
