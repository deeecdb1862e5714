"""Messages about support requests: composed in the recipient's language and recorded.

Each message is a SupportMessage row (recipient, channel, language, subject, body). After the
caller commits, `send_pending` emails the email rows through the app's SMTP settings when
sending is enabled; SMS and phone rows stay recorded for the coordinator (the lead will route
all of them through the crisis outbox later). Messages to volunteers carry no client details:
those are read in the app, where every view is logged.
"""

import logging
import smtplib
from collections.abc import Iterable, Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from network.clock import local
from network.database import db
from network.models import SupportMessage, SupportRequest

log = logging.getLogger("apuverkko.notifications")

CLIENT, VOLUNTEER = "client", "volunteer"
EMAIL, SMS, PHONE = "email", "sms", "phone"
LANGUAGES = ("fi", "sv", "en")


def message_language(code: str | None) -> str:
    """The language to write in: the recipient's if the site has it, else Finnish."""
    return code if code in LANGUAGES else "fi"


def record(request: SupportRequest | None, *, purpose: str, recipient_kind: str, channel: str,
           address: str | None, language: str, subject: str, body: str,
           now: datetime) -> SupportMessage:
    """Store a message as it would be sent; the caller commits and then sends."""
    message = SupportMessage(
        request_id=request.id if request is not None else None, purpose=purpose,
        recipient_kind=recipient_kind, channel=channel, address=address, language=language,
        subject=subject[:200], body=body, created_at=now)
    db.session.add(message)
    db.session.flush()
    return message


def client_contact(request: SupportRequest) -> tuple[str, str | None]:
    """How to reach the client: email, else SMS to the phone, else a call by the coordinator."""
    if request.client_email:
        return EMAIL, request.client_email
    if request.client_phone:
        return SMS, request.client_phone
    return PHONE, None


def _when(request: SupportRequest) -> str:
    return format_datetime(local(request.starts_at), "EEEE d.M.yyyy HH:mm")


def confirm_to_client(request: SupportRequest, *, now: datetime) -> SupportMessage:
    """The confirmation that a support person is coming (the seed: it builds trust)."""
    language = message_language(request.client_language)
    channel, address = client_contact(request)
    volunteer = request.volunteer
    first_name = volunteer.name.split()[0] if volunteer and volunteer.name else ""
    with force_locale(language):
        subject = _("A support person is coming with you")
        body = _(
            "Hello %(name)s,\n\nA trained volunteer support person, %(volunteer)s, will "
            "come with you to your appointment on %(when)s (%(place)s).\n\nYou do not have "
            "to manage alone. If anything changes, the coordinator will contact you.\n\n"
            "Apuverkko", name=request.client_name or "", volunteer=first_name,
            when=_when(request), place=request.place or "")
    return record(request, purpose="client_confirmation", recipient_kind=CLIENT,
                  channel=channel, address=address, language=language, subject=subject,
                  body=body, now=now)


def details_to_volunteer(request: SupportRequest, *, site_url: str,
                         now: datetime) -> SupportMessage:
    """The new assignment for the volunteer: time, place, sector and a link to the details."""
    volunteer = request.volunteer
    language = message_language(volunteer.language)
    channel, address = ((EMAIL, volunteer.email) if volunteer.email
                        else (SMS, volunteer.phone) if volunteer.phone else (PHONE, None))
    link = f"{site_url.rstrip('/')}/staff/me/assignments/{request.id}"
    with force_locale(language):
        subject = _("New support assignment on %(when)s", when=_when(request))
        body = _(
            "Hello %(name)s,\n\nThe coordinator has assigned you to accompany a client on "
            "%(when)s for about %(minutes)d minutes at %(place)s.\n\nThe client's details and "
            "needs are on your assignment page: %(link)s\n\nRemember: you do not arrange or "
            "change visits yourself; all changes go through the coordinator. After the visit, "
            "file your report on the same page.\n\nApuverkko", name=volunteer.name,
            when=_when(request), minutes=request.duration_minutes, place=request.place or "",
            link=link)
    return record(request, purpose="volunteer_details", recipient_kind=VOLUNTEER,
                  channel=channel, address=address, language=language, subject=subject,
                  body=body, now=now)


def cancellation_to_volunteer(request: SupportRequest, *, now: datetime) -> SupportMessage:
    """Tell the assigned volunteer that the visit is off."""
    volunteer = request.volunteer
    language = message_language(volunteer.language)
    channel, address = ((EMAIL, volunteer.email) if volunteer.email
                        else (SMS, volunteer.phone) if volunteer.phone else (PHONE, None))
    with force_locale(language):
        subject = _("Support assignment cancelled")
        body = _("Hello %(name)s,\n\nThe support visit on %(when)s has been cancelled by the "
                 "coordinator. Thank you for being ready to help.\n\nApuverkko",
                 name=volunteer.name, when=_when(request))
    return record(request, purpose="volunteer_cancellation", recipient_kind=VOLUNTEER,
                  channel=channel, address=address, language=language, subject=subject,
                  body=body, now=now)


def feedback_invitation(request: SupportRequest, *, site_url: str,
                        now: datetime) -> SupportMessage:
    """After the visit: invite the client to give feedback (the form itself is issue 7)."""
    language = message_language(request.client_language)
    channel, address = client_contact(request)
    link = f"{site_url.rstrip('/')}/feedback/{request.feedback_token}"
    with force_locale(language):
        subject = _("How did the support visit go?")
        body = _("Hello %(name)s,\n\nThank you for using the support person service. We would "
                 "like to hear how the visit went; you can answer anonymously: %(link)s\n\n"
                 "Apuverkko", name=request.client_name or "", link=link)
    return record(request, purpose="feedback_invitation", recipient_kind=CLIENT,
                  channel=channel, address=address, language=language, subject=subject,
                  body=body, now=now)


def sending_enabled(settings: Mapping) -> bool:
    """Email goes out when SUPPORT_SEND_EMAIL says so; by default when SMTP is set, not in tests."""
    default = bool(settings.get("SMTP_HOST")) and not settings.get("TESTING")
    return bool(settings.get("SUPPORT_SEND_EMAIL", default))


def _email(row: SupportMessage, settings: Mapping) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.get("MAIL_FROM") or "Apuverkko <apuverkko@localhost>"
    email["To"] = row.address
    email["Subject"] = row.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"support{row.id}")
    email["Content-Language"] = row.language
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(row.body)
    return email


def send_pending(message_ids: Iterable[int], *, settings: Mapping, now: datetime) -> int:
    """Email the unsent email rows among the ids over one SMTP connection; the caller commits."""
    ids = list(message_ids)
    if not ids or not sending_enabled(settings):
        return 0
    rows = list(db.session.scalars(
        select(SupportMessage).where(SupportMessage.id.in_(ids), SupportMessage.channel == EMAIL,
                                     SupportMessage.sent_at.is_(None),
                                     SupportMessage.address.is_not(None))
        .order_by(SupportMessage.id)))
    if not rows:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(settings.get("SMTP_HOST") or "localhost",
                          int(settings.get("SMTP_PORT") or 25),
                          timeout=float(settings.get("SMTP_TIMEOUT") or 20)) as smtp:
            if settings.get("SMTP_STARTTLS"):
                smtp.starttls()
            if settings.get("SMTP_USER"):
                smtp.login(settings["SMTP_USER"], settings.get("SMTP_PASSWORD") or "")
            for row in rows:
                try:
                    smtp.send_message(_email(row, settings))
                except smtplib.SMTPException as error:
                    row.error = type(error).__name__  # no addresses in the log or the row
                    continue
                row.sent_at, row.error = now, None
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("support messages not sent: %s", type(error).__name__)
        for row in rows:
            if row.sent_at is None:
                row.error = type(error).__name__
    db.session.flush()
    return sent
