"""Browser tier: the app served on a real port, driven by a real Chromium through Playwright."""

import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from crisis import demo
from network.clock import utcnow
from tests import services
from web import create_app
from web.extensions import db

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


class LiveServer:
    """A werkzeug server running the app in a thread on a free port."""

    def __init__(self, app):
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on its own migrated SQLite file with the full Oulu demo, CSRF on."""
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "LOGIN_RATE_LIMIT": "1000 per minute"})
    with app.app_context():
        upgrade()
        demo.load(now=utcnow())
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    """The demo app served over HTTP on 127.0.0.1."""
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's), shared by the session's browser tests."""
    if not services.chromium_available():
        services.missing("Chromium at " + services.CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=services.CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page; requests beyond localhost are blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    context.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
        else route.abort(),
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core in the page against WCAG 2.1 A and AA; return the violations."""
    if not AXE.exists():
        services.missing(f"axe-core at {AXE} (make test installs it with npm)")
    # Evaluated through the DevTools protocol, not added as a <script>: the page's Content
    # Security Policy refuses inline scripts, as it should.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text() + "\n;void 0")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def describe(violations: list[dict]) -> str:
    """Violations as readable text for an assertion message."""
    return json.dumps(violations, indent=1, ensure_ascii=False)
