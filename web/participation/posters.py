"""Printable feedback posters with a QR code: one per point, and one for general feedback.

The QR code is an SVG drawn by segno from SITE_URL and the point's id only (no user data).
"""

import io

import segno
from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from network import pairs as network_pairs
from network.clock import today
from network.models import Role, ServicePoint
from web.auth.access import require_role
from web.participation import bp
from web.participation.views_common import MANAGERS, active_points
from web.staff.points import load_point


def public_url(endpoint: str, **values) -> str:
    """An absolute address on the public site (SITE_URL), as printed on paper."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def qr_svg(address: str) -> Markup:
    """A QR code of an address as inline SVG (segno's own markup: no user text in it)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", scale=8, border=4, xmldecl=False,
                                         svgns=True, nl=False, svgclass="qr", lineclass=None)
    return Markup(buffer.getvalue().decode("ascii"))  # noqa: S704 - generated, not user text


def poster_texts() -> list[tuple[str, str, str]]:
    """The poster's words in each language at once: (language, heading, instructions)."""
    texts = []
    for language in ("fi", "sv", "en"):
        with force_locale(language):
            texts.append((language, _("Tell us how we did"),
                          _("Scan the code with your phone's camera or type the address. "
                            "Your feedback is anonymous.")))
    return texts


@bp.get("/feedback/posters/")
@require_role(Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER)
def posters_index():
    """The points whose poster the user may print (a point worker: their own)."""
    if current_user.role in MANAGERS:
        points = active_points()
    else:
        points = network_pairs.points_of_worker(current_user, today())
    return render_template("participation/posters_index.html", points=points)


@bp.get("/feedback/posters/<int:point_id>")
@require_role(Role.STEERING_ADMIN, Role.COORDINATOR, Role.POINT_WORKER)
def poster(point_id: int):
    """The printable poster of a point, in Finnish, Swedish and English at once."""
    point: ServicePoint = load_point(point_id)
    address = public_url("feedback.point", point_id=point.id)
    return render_template("participation/poster.html", point=point, address=address,
                           qr=qr_svg(address), texts=poster_texts())


@bp.get("/feedback/posters/general")
@require_role(*MANAGERS)
def poster_general():
    """The printable poster for feedback on the network in general."""
    address = public_url("feedback.general")
    return render_template("participation/poster.html", point=None, address=address,
                           qr=qr_svg(address), texts=poster_texts())
