"""The public CAP feed (Atom), each alert's CAP XML, the exercise feed for the steering group,
and the current web notice as an HTML fragment and as JSON."""

from xml.etree import ElementTree as ET

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from crisis.delivery import alerts, web_notice
from crisis.models import PublishedAlert
from network.models import Role
from web.alerts import bp
from web.auth.access import public, require_role

ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_TYPE = "application/cap+xml"
FEED_ENTRIES = 50
STEERING_READERS = (Role.STEERING_ADMIN, Role.COORDINATOR)


def _atom_time(moment) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def atom_feed(items: list[PublishedAlert], *, title: str, self_path: str) -> bytes:
    """An Atom index of CAP alerts, each entry linking to the alert's CAP XML."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", _site() + self_path)
    sub(feed, "title", title)
    sub(feed, "updated", _atom_time(items[0].sent_at) if items else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="self", type="application/atom+xml", href=_site() + self_path)
    author = sub(feed, "author")
    sub(author, "name", "Apuverkko")
    for item in items:
        entry = sub(feed, "entry")
        href = _site() + url_for("alerts.cap_alert", identifier=item.identifier)
        sub(entry, "id", href)
        sub(entry, "title", item.headline)
        sub(entry, "updated", _atom_time(item.sent_at))
        sub(entry, "category", term=item.msg_type)
        sub(entry, "link", rel="alternate", type=CAP_TYPE, href=href)
        sub(entry, "summary", f"{item.status} {item.msg_type}: {item.headline}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _feed_response(body: bytes, *, public_cache: bool) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = ("public, max-age=30" if public_cache
                                         else "private, no-store")
    return response


@bp.get("/alerts/cap.atom")
@public
def cap_feed():
    """The public feed of actual CAP alerts, newest first."""
    items = alerts.alerts(alerts.ACTUAL, limit=FEED_ENTRIES)
    body = atom_feed(items, title=_("Apuverkko crisis alerts"), self_path=request.path)
    return _feed_response(body, public_cache=True)


@bp.get("/alerts/exercise/cap.atom")
@require_role(*STEERING_READERS)
def exercise_feed():
    """Exercise alerts: never public, for the steering group's checks."""
    items = alerts.alerts(alerts.EXERCISE, limit=FEED_ENTRIES)
    body = atom_feed(items, title=_("Apuverkko exercise alerts"), self_path=request.path)
    return _feed_response(body, public_cache=False)


@bp.get("/alerts/cap/<identifier>.xml")
@public
def cap_alert(identifier: str):
    """One alert's CAP 1.2 XML; an exercise alert only for the steering group."""
    item = alerts.find(identifier)
    steering = current_user.is_authenticated and current_user.role in STEERING_READERS
    if item is None or (item.status != alerts.ACTUAL and not steering):
        return Response(_("The page was not found."), status=404, mimetype="text/plain")
    response = Response(item.xml.encode("utf-8"), mimetype=CAP_TYPE)
    response.headers["Cache-Control"] = ("public, max-age=300" if item.status == alerts.ACTUAL
                                         else "private, no-store")
    return response


def _current():
    locale = request.args.get("lang")
    if locale not in current_app.config["LANGUAGES"]:
        locale = str(get_locale())
    return web_notice.current(locale)


@bp.get("/alerts/notice")
@public
def notice_fragment():
    """The current web notice as an HTML fragment for the resident site (empty if none)."""
    notice = _current()
    response = Response(render_template("alerts/_notice.html", notice=notice),
                        mimetype="text/html")
    response.headers["Cache-Control"] = "public, max-age=15"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/alerts/notice.json")
@public
def notice_json():
    """The current web notice as JSON: {"notice": null} or its language, subject and text."""
    notice = _current()
    data = None if notice is None else {
        "language": notice.language, "subject": notice.subject, "text": notice.body,
        "published_at": notice.sent_at.isoformat()}
    response = jsonify({"notice": data})
    response.headers["Cache-Control"] = "public, max-age=15"
    response.add_etag()
    return response.make_conditional(request)
