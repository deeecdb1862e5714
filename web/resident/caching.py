"""Public answers of the resident site: rendered once per state, minute and query, with ETags.

A page is the same for everyone asking the same thing in the same language in the same
minute (the clock moves "open until"), so anonymous answers are kept per process and sent
with an ETag and `Cache-Control: public, max-age=30`: a repeat is a 304, and a proxy may
hold them. A logged-in user (the header shows their name), a page with a flash message, or a
language switch (it sets the language cookie) gets a private, uncached answer.
"""

import hashlib
from collections.abc import Callable

from flask import Response, current_app, request, session
from flask_login import current_user

from network.clock import utcnow
from web.i18n import LANG_COOKIE
from web.resident.formatting import locale
from web.resident.state import SiteState, resident_state

PUBLIC_MAX_AGE = 30
VARY = "Cookie, Accept-Language"


def shareable() -> bool:
    """Whether this request's answer is the same for anyone asking it."""
    if current_user.is_authenticated or "_flashes" in session:
        return False
    chosen = request.args.get("lang")
    return not (chosen in current_app.config["LANGUAGES"]
                and request.cookies.get(LANG_COOKIE) != chosen)


def _key(state: SiteState, extra: str) -> str:
    lang = locale()
    args = "&".join(f"{k}={v}" for k, v in sorted(request.args.items(multi=True)))
    minute = utcnow().strftime("%Y%m%d%H%M")
    parts = (request.endpoint or "", request.path, lang, state.key(lang), minute, args,
             extra)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def in_cache(state: SiteState) -> bool:
    """Whether this request's shareable answer is already rendered in this process."""
    return shareable() and resident_state().pages.peek(_key(state, "")) is not None


def public_answer(render: Callable[[], tuple[str | bytes, int]], state: SiteState, *,
                  mimetype: str = "text/html", extra: str = "") -> Response:
    """The answer of `render()` (body, status), cached and conditional when shareable."""
    if not shareable():
        body, status = render()
        response = Response(body, status=status, mimetype=mimetype)
        response.headers["Cache-Control"] = "private, no-store"
        return response
    key = _key(state, extra)
    if request.if_none_match.contains(key):
        response = Response(status=304)
        response.set_etag(key)
        _public_headers(response)
        return response
    body, status = resident_state().pages.get_or_build(key, render)
    response = Response(body, status=status, mimetype=mimetype)
    if status == 200:
        response.set_etag(key)
        _public_headers(response)
    else:
        response.headers["Cache-Control"] = "no-cache"
        response.vary.update(h.strip() for h in VARY.split(","))
    return response


def _public_headers(response: Response) -> None:
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.vary.update(h.strip() for h in VARY.split(","))
