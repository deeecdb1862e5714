"""The messages the alert pages send at once: confirmation links and codes, my-data links."""

import logging
import secrets

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from crisis.delivery.direct import DirectMessage, send_now
from crisis.delivery.errors import DeliveryError
from crisis.delivery.settings import DeliverySettings
from crisis.models import Channel, Subscription

log = logging.getLogger("apuverkko.alerts")
MY_DATA_MAX_AGE = 24 * 3600


def secret_key() -> bytes:
    """The key of the confirmation secrets' HMAC."""
    return current_app.config["SECRET_KEY"].encode("utf-8")


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="alerts-my-data")


def my_data_token(sub: Subscription) -> str:
    """A signed, time-limited token for the my-data pages of a subscription."""
    return _signer().dumps(sub.token)


def token_of_my_data(signed: str) -> str | None:
    """The subscription token inside a my-data token, or None if forged or expired."""
    try:
        return _signer().loads(signed, max_age=MY_DATA_MAX_AGE)
    except BadSignature:
        return None


def _send(sub: Subscription, subject: str | None, body: str) -> bool:
    settings = DeliverySettings.from_config(current_app.config)
    message = DirectMessage(key=f"direct:{secrets.token_hex(12)}", address=sub.address,
                            language=sub.language, subject=subject, body=body)
    try:
        send_now(Channel(sub.channel), message, settings=settings)
    except DeliveryError as error:  # the reason may quote the address: log only its kind
        log.warning("a %s message could not be sent (%s)", sub.channel, type(error).__name__)
        return False
    return True


def send_confirmation(sub: Subscription, secret: str) -> bool:
    """Send the confirmation link (email) or code (SMS) in the subscriber's language."""
    site = current_app.config["SITE_URL"].rstrip("/")
    with force_locale(sub.language):
        if sub.channel == Channel.EMAIL:
            link = site + url_for("alerts.confirm", token=sub.token, code=secret)
            return _send(sub, _("Confirm your crisis alert subscription"), _(
                "Open this link to confirm that you want Apuverkko's crisis alerts: %(link)s\n\n"
                "If you did not ask for them, ignore this message: nothing will be sent.",
                link=link))
        return _send(sub, None, _("Apuverkko confirmation code: %(code)s. Valid for 48 hours.",
                                  code=secret))


def send_my_data_link(sub: Subscription) -> bool:
    """Send the link to the pages where a subscriber sees, downloads or deletes their data."""
    site = current_app.config["SITE_URL"].rstrip("/")
    link = site + url_for("alerts.my_data", signed=my_data_token(sub))
    with force_locale(sub.language):
        return _send(sub, _("Your data in Apuverkko's alert service"), _(
            "Open this link within 24 hours to see, download or delete your data: %(link)s",
            link=link))
