"""SMS through an HTTP gateway: JSON POST of to/text/sender; 2xx means accepted.

429 and 5xx answers and timeouts are retried later; other 4xx answers fail the message; a
gateway that cannot be reached at all fails the rest of the batch for a later retry. Every
request first takes one token per SMS segment from the gateway's token bucket.
"""

import base64
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import redis
from flask_babel import force_locale
from flask_babel import gettext as _

from crisis import sms
from crisis.delivery.errors import PermanentFailure, TemporaryFailure, TransportDown
from crisis.delivery.ratelimit import bucket_for
from crisis.delivery.settings import DeliverySettings
from crisis.models.outbox import Channel, OutboxMessage

URL_MARK = "\x00url\x00"


def sms_text(row: OutboxMessage, unsubscribe_url: str | None, footer: str) -> str:
    """The text sent: the body, and the unsubscribe link for residents if it is not in it."""
    if unsubscribe_url and unsubscribe_url not in row.body:
        return f"{row.body.rstrip()}\n{footer.replace(URL_MARK, unsubscribe_url)}"
    return row.body


class SmsGateway:
    """Posts one SMS per outbox row to the configured gateway, within its rate limit."""

    channel = Channel.SMS

    def __init__(self, settings: DeliverySettings, bucket=None):
        self.settings = settings
        self._bucket = bucket
        self._footers: dict[str, str] = {}
        self.segments = 0  # segments accepted by the gateway through this adapter

    @property
    def bucket(self):
        """The gateway's token bucket (shared through Redis when REDIS_URL is set)."""
        if self._bucket is None:
            host = urlsplit(self.settings.sms_url or "").netloc or "none"
            self._bucket = bucket_for(host, self.settings.sms_rate, self.settings.redis_url)
        return self._bucket

    def open(self) -> None:
        """Nothing to connect; refuse early when no gateway is configured."""
        if not self.settings.sms_url:
            raise TransportDown("no SMS gateway configured (SMS_GATEWAY_URL)")
        if urlsplit(self.settings.sms_url).scheme not in ("http", "https"):
            raise TransportDown("SMS_GATEWAY_URL must be an http(s) URL")

    def footer(self, language: str) -> str:
        """The short unsubscribe line for a language."""
        if language not in self._footers:
            with force_locale(language):
                self._footers[language] = _("Stop alerts: %(url)s", url=URL_MARK)
        return self._footers[language]

    def send(self, row: OutboxMessage, unsubscribe_url: str | None = None) -> None:
        """Post one message; returns once the gateway answered 2xx."""
        if not row.address:
            raise PermanentFailure("no phone number")
        text = sms_text(row, unsubscribe_url, self.footer(row.language))
        self.post(row.address, text)

    def post(self, to: str, text: str) -> sms.SmsLength:
        """Send a text to a number through the gateway (waiting for the rate limit)."""
        length = sms.measure(text)
        if length.segments > self.settings.sms_max_segments:
            raise PermanentFailure(f"text too long: {length.segments} SMS segments "
                                   f"(at most {self.settings.sms_max_segments})")
        try:
            self.bucket.acquire(length.segments)
        except redis.RedisError as error:
            raise TransportDown(f"SMS rate limiter unavailable: {error}") from error
        payload = json.dumps({"to": to, "text": text, "sender": self.settings.sms_sender})
        request = urllib.request.Request(  # noqa: S310 - open() allows http(s) only
            self.settings.sms_url or "", data=payload.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        if self.settings.sms_user:
            pair = f"{self.settings.sms_user}:{self.settings.sms_password or ''}"
            request.add_header("Authorization",
                               "Basic " + base64.b64encode(pair.encode()).decode("ascii"))
        try:
            with urllib.request.urlopen(request, timeout=self.settings.sms_timeout) as answer:  # noqa: S310
                answer.read()
        except urllib.error.HTTPError as error:
            if error.code in (408, 429) or error.code >= 500:
                raise TemporaryFailure(f"SMS gateway answered {error.code}") from error
            raise PermanentFailure(f"SMS gateway refused the message ({error.code})") from error
        except TimeoutError as error:
            raise TemporaryFailure("SMS gateway timed out (it may have accepted the message)"
                                   ) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise TemporaryFailure("SMS gateway timed out") from error
            raise TransportDown(f"SMS gateway unreachable: {error.reason}") from error
        except OSError as error:
            raise TransportDown(f"SMS gateway connection failed: {error}") from error
        self.segments += length.segments
        return length

    def close(self) -> None:
        """Nothing to close (one HTTP request per message)."""
