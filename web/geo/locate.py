"""Finding a point's coordinates from its address, shown for confirmation before saving."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from geo.maps import Marker, location_map
from geo.results import GeocodeResult, NotFound, NotFoundReason
from network import permissions
from network import points as network_points
from network.clock import today
from network.errors import ValidationError
from network.models import ServicePoint
from web.auth.access import require_role
from web.extensions import db
from web.geo import bp, services
from web.geo.forms import ConfirmLocationForm, LocateForm
from web.geo.lookup import describe, lookup, source_label
from web.staff.crud import READERS


def address_of(point: ServicePoint) -> str:
    """The point's address as one line for the geocoder ("Isokatu 1, 90100 Oulu")."""
    town = " ".join(p for p in (point.postal_code, point.city) if p)
    return ", ".join(p for p in (point.street_address, town) if p)


def load_point(point_id: int) -> ServicePoint:
    """The point, if the user may edit it (404 / 403 otherwise)."""
    point = db.get_or_404(ServicePoint, point_id)
    if not permissions.can_edit_point(current_user, point, today()):
        abort(403)
    return point


def _page(point: ServicePoint, form: LocateForm, answer, confirm: ConfirmLocationForm | None,
          status: int = 200):
    rendered = None
    if isinstance(answer, GeocodeResult):
        marker = Marker(answer.lat, answer.lon, "place", "•", answer.label,
                        source_label(answer))
        tiles = services.tile_settings()
        rendered = services.state().maps.get_or_build(
            ("place", answer.lat, answer.lon, answer.label, services.locale(), tiles),
            lambda: location_map(marker, label=_("Map of the place found"),
                                 assets=services.map_assets(), tiles=tiles,
                                 credit=services.credit()))
    return render_template("geo/locate.html", point=point, form=form, answer=answer,
                           message=describe(answer) if answer is not None else None,
                           confirm=confirm, map=rendered), status


@bp.get("/points/<int:point_id>/locate")
@require_role(*READERS)
def point_locate(point_id: int):
    """Geocode the point's address (or the text typed) and show the answer for confirmation."""
    point = load_point(point_id)
    form = LocateForm(formdata=request.args if "q" in request.args else None)
    if "q" not in request.args:
        form.q.data = address_of(point)
    if not form.validate():
        return _page(point, form, None, None, 400)
    text = form.q.data or ""
    answer = lookup(text) if text else NotFound(query="", reason=NotFoundReason.EMPTY)
    confirm = None
    if isinstance(answer, GeocodeResult):
        confirm = ConfirmLocationForm(formdata=None, latitude=round(answer.lat, 6),
                                      longitude=round(answer.lon, 6), label=answer.label[:500])
    return _page(point, form, answer, confirm)


@bp.post("/points/<int:point_id>/locate")
@require_role(*READERS)
def point_locate_save(point_id: int):
    """Save the confirmed coordinates to the point."""
    point = load_point(point_id)
    confirm = ConfirmLocationForm()
    if confirm.validate_on_submit():
        try:
            network_points.update_point(point, {"latitude": confirm.latitude.data,
                                                "longitude": confirm.longitude.data})
        except ValidationError as error:
            db.session.rollback()
            confirm.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Coordinates of %(name)s saved.", name=point.name), "success")
            return redirect(url_for("staff.points_detail", point_id=point.id))
    form = LocateForm(formdata=None, q=address_of(point))
    flash(_("The coordinates were not saved: look the place up again."), "error")
    return _page(point, form, None, None, 400)
