"""Email over SMTP: one connection per batch, a deterministic Message-ID per outbox row.

When the server offers PIPELINING (RFC 2920), MAIL, RCPT and DATA go in one write and the
message with its final dot in a second: two round trips a message instead of four.
"""

import base64
import functools
import hashlib
import quopri
import re
import smtplib
import ssl
from datetime import datetime
from email.utils import format_datetime, formataddr, parseaddr

from flask_babel import force_locale
from flask_babel import gettext as _

from crisis.delivery.errors import PermanentFailure, TemporaryFailure, TransportDown
from crisis.delivery.settings import DeliverySettings
from crisis.models.outbox import Channel, OutboxMessage
from network.clock import utcnow

URL_MARK = "\x00url\x00"
_LEADING_DOT = re.compile(rb"(?m)^\.")


def message_id(key: str, domain: str) -> str:
    """The Message-ID of an outbox row: the same for every attempt, so receivers can dedupe."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return f"<{digest}.outbox@{domain}>"


def unsubscribe_footer(language: str) -> str:
    """The unsubscribe line in a language, with URL_MARK where the link goes."""
    with force_locale(language):
        return _("To stop receiving these alerts, open this link: %(url)s", url=URL_MARK)


@functools.lru_cache(maxsize=1024)
def _header(text: str) -> str:
    """A header value; RFC 2047 base64 words (≤ 75 characters each) when not plain ASCII."""
    if text.isascii():
        return text
    words, chunk, size = [], [], 0
    for char in text:
        length = len(char.encode("utf-8"))
        if size + length > 45:  # 45 bytes are 60 base64 characters: a word of 72
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += length
    words.append("".join(chunk))
    return "\r\n ".join(
        "=?utf-8?b?" + base64.b64encode(word.encode("utf-8")).decode("ascii") + "?="
        for word in words)


def _date_header(now: datetime) -> str:
    """The Date header of a moment, to the second (the same for a second's messages)."""
    return _date_of_second(now.replace(microsecond=0))


@functools.lru_cache(maxsize=4)
def _date_of_second(moment: datetime) -> str:
    return format_datetime(moment)


def _address_header(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else address


def compose(row: OutboxMessage, *, settings: DeliverySettings, now: datetime,
            unsubscribe_url: str | None = None, footer: str = "",
            from_header: str | None = None) -> bytes:
    """The message as bytes, ready for SMTP DATA (plain text, UTF-8, quoted-printable)."""
    body = row.body
    if unsubscribe_url and footer and unsubscribe_url not in body:
        body = f"{body.rstrip()}\n\n-- \n{footer.replace(URL_MARK, unsubscribe_url)}\n"
    headers = [
        f"From: {from_header or _address_header(settings.mail_from)}",
        f"To: {row.address}",
        f"Subject: {_header(row.subject or '')}",
        f"Date: {_date_header(now)}",
        f"Message-ID: {message_id(row.key, settings.mail_domain)}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Language: {row.language}",
        "Auto-Submitted: auto-generated",
    ]
    if unsubscribe_url:
        headers.append(f"List-Unsubscribe: <{unsubscribe_url}>")
        headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    encoded = quopri.encodestring(body.replace("\r\n", "\n").encode("utf-8"))
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + encoded.replace(b"\n", b"\r\n")


def _failure(code: int, what: str) -> Exception:
    if code == 421:
        return TransportDown(f"SMTP server closing: {what}")
    if code >= 500:
        return PermanentFailure(f"SMTP {code}: {what}")
    return TemporaryFailure(f"SMTP {code}: {what}")


class SmtpTransport:
    """Sends the rows of one batch over one SMTP connection."""

    channel = Channel.EMAIL

    def __init__(self, settings: DeliverySettings, clock=utcnow):
        self.settings = settings
        self.clock = clock
        self.connection: smtplib.SMTP | None = None
        self.pipelining = False
        self._ahead: str | None = None  # the address after the next message (see ahead())
        self._primed: str | None = None  # whose envelope was written and not yet answered
        self._footers: dict[str, str] = {}
        self._from_header = _address_header(settings.mail_from)
        self._sender = settings.sender_address

    def open(self) -> None:
        """Connect, STARTTLS and log in as configured."""
        s = self.settings
        try:
            connection = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            connection.ehlo()
            if s.smtp_starttls:
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if s.smtp_user:
                connection.login(s.smtp_user, s.smtp_password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise TransportDown(f"SMTP login refused ({error.smtp_code})") from error
        except (OSError, smtplib.SMTPException) as error:
            raise TransportDown(f"SMTP server {s.smtp_host}:{s.smtp_port} unreachable: "
                                f"{error}") from error
        self.connection = connection
        self.pipelining = connection.has_extn("pipelining")

    def footer(self, language: str) -> str:
        """The unsubscribe line for a language (translated once per batch)."""
        if language not in self._footers:
            self._footers[language] = unsubscribe_footer(language)
        return self._footers[language]

    def send(self, row: OutboxMessage, unsubscribe_url: str | None = None) -> None:
        """Hand one message to the server; returns once the server has accepted it."""
        if not row.address:
            raise PermanentFailure("no email address")
        assert self.connection is not None, "open() first"
        data = compose(row, settings=self.settings, now=self.clock(),
                       unsubscribe_url=unsubscribe_url,
                       footer=self.footer(row.language) if unsubscribe_url else "",
                       from_header=self._from_header)
        try:
            self._transaction(row.address, data)
        except UnicodeEncodeError as error:
            raise PermanentFailure("address not supported (not ASCII)") from error
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise TransportDown(f"SMTP connection lost: {error}") from error

    def _transaction(self, to: str, data: bytes) -> None:
        """MAIL, RCPT, DATA: smtplib's sendmail without re-parsing addresses per message."""
        if self.pipelining:
            self._pipelined(to, data)
            return
        connection = self.connection
        code, text = connection.docmd("mail", f"FROM:<{self._sender}>")
        if code != 250:
            self._reset()
            raise _failure(code, f"sender refused: {text!r}")
        code, text = connection.docmd("rcpt", f"TO:<{to}>")
        if code not in (250, 251):
            self._reset()
            raise _failure(code, f"recipient refused: {text!r}")
        code, text = connection.docmd("data")
        if code != 354:
            self._reset()
            raise _failure(code, f"data refused: {text!r}")
        self._content(data)

    def _content(self, data: bytes, then: bytes = b"") -> None:
        """The message after DATA's 354, its final dot, and the server's verdict; `then`
        (the next message's envelope, pipelined) goes in the same write."""
        payload = _LEADING_DOT.sub(b"..", data)
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        self.connection.send(payload + b".\r\n" + then)
        code, text = self.connection.getreply()
        if code != 250:
            raise _failure(code, f"message refused: {text!r}")

    def ahead(self, address: str | None) -> None:
        """The address of the message sent after the next one, if that is known: its envelope
        then travels with the next message's final dot (one round trip a message)."""
        self._ahead = address if address and address.isascii() else None

    def _envelope(self, to: str) -> bytes:
        return f"MAIL FROM:<{self._sender}>\r\nRCPT TO:<{to}>\r\nDATA\r\n".encode("ascii")

    def _pipelined(self, to: str, data: bytes) -> None:
        """MAIL, RCPT and DATA in one write (RFC 2920), then their three replies in order;
        they were already written with the previous message when it knew this address."""
        connection = self.connection
        if self._primed is None:
            connection.send(self._envelope(to))
        elif self._primed != to:
            # Another message's DATA is open: anything written now would become its text.
            raise TransportDown("SMTP pipelining out of step")
        self._primed = None
        replies = [connection.getreply() for _ in range(3)]
        (mail, mail_text), (rcpt, rcpt_text), (data_code, data_text) = replies
        if data_code == 354 and (mail != 250 or rcpt not in (250, 251)):
            # A server may still open DATA after refusing a command: end the empty message.
            connection.send(b".\r\n")
            connection.getreply()
        if mail != 250:
            self._reset()
            raise _failure(mail, f"sender refused: {mail_text!r}")
        if rcpt not in (250, 251):
            self._reset()
            raise _failure(rcpt, f"recipient refused: {rcpt_text!r}")
        if data_code != 354:
            self._reset()
            raise _failure(data_code, f"data refused: {data_text!r}")
        following, self._ahead = self._ahead, None
        self._primed = following
        self._content(data, self._envelope(following) if following else b"")

    def _reset(self) -> None:
        try:
            self.connection.rset()
        except smtplib.SMTPServerDisconnected:
            pass

    def close(self) -> None:
        """Say goodbye to the server (or just drop the connection)."""
        if self.connection is None:
            return
        try:
            if self._primed is not None:
                # The server waits for a message we will not send: dropping the connection
                # discards it (a QUIT now would be read as its text).
                self.connection.close()
            else:
                self.connection.quit()
        except (OSError, smtplib.SMTPException):
            self.connection.close()
        self.connection = None
        self._primed = self._ahead = None
