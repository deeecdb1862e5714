"""Real local servers that receive what the app sends: an SMTP server and an SMS gateway.

Both count every raw message they accept (a duplicate is counted twice, never hidden).
"""

import json
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes
from email import policy as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    """One message as the SMTP server accepted it."""

    recipient: str
    data: bytes

    @property
    def message(self):
        """The parsed message."""
        return message_from_bytes(self.data, policy=email_policy.default)

    @property
    def message_id(self) -> str:
        """The Message-ID header."""
        return str(self.message["Message-ID"])

    @property
    def text(self) -> str:
        """The decoded plain-text body."""
        return self.message.get_content()


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        # aiosmtpd reads commands in order, so it can take them pipelined; say so, as real
        # mail servers do, and the sender pipelines (RFC 2920).
        session.host_name = hostname
        if not self.sink.pipelining:
            return responses
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.sink.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.sink.lock:
            for recipient in envelope.rcpt_tos:
                self.sink.received.append(Received(recipient, bytes(envelope.content)))
            self.sink.last_at = time.monotonic()
        return "250 Message accepted"


class SmtpSink:
    """An aiosmtpd server on a free local port, in a thread; a context manager."""

    def __init__(self, port: int | None = None, refuse: set[str] | None = None,
                 pipelining: bool = True):
        self.port = port or free_port()
        self.refuse = refuse or set()  # addresses answered 550 at RCPT
        self.pipelining = pipelining  # offer PIPELINING (RFC 2920) in the EHLO reply
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.last_at: float | None = None
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def count(self) -> int:
        """Raw messages accepted so far."""
        with self.lock:
            return len(self.received)

    def snapshot(self) -> list[Received]:
        """The messages accepted so far."""
        with self.lock:
            return list(self.received)

    def per_recipient(self) -> Counter:
        """Raw messages per recipient address."""
        return Counter(r.recipient for r in self.snapshot())

    def distinct_message_ids(self) -> int:
        """Different Message-IDs among the raw messages."""
        return len({r.message_id for r in self.snapshot()})

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until at least `count` messages arrived (False on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count() >= count:
                return True
            time.sleep(0.05)
        return self.count() >= count


class SmsGatewaySink:
    """A local HTTP server standing in for an SMS gateway (JSON POST of to/text/sender)."""

    def __init__(self, answers: list[int] | None = None):
        self.requests: list[dict] = []
        self.times: list[float] = []
        self.auth: list[str | None] = []
        self.answers = list(answers or [])  # status codes to answer first, then 202
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                with sink.lock:
                    status = sink.answers.pop(0) if sink.answers else 202
                    if status < 300:
                        sink.requests.append(payload)
                        sink.times.append(time.monotonic())
                    sink.auth.append(self.headers.get("Authorization"))
                body = json.dumps({"status": "accepted" if status < 300 else "error"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "SmsGatewaySink":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def per_recipient(self) -> Counter:
        """Accepted messages per phone number."""
        with self.lock:
            return Counter(r["to"] for r in self.requests)

    def busiest_second(self) -> int:
        """The most requests accepted within any one-second window (for the report only)."""
        with self.lock:
            times = sorted(self.times)
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] > 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best
