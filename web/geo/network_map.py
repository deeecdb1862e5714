"""The staff network map: every point of a mode, coloured and shaped by status."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from geo.maps import MapPoint, network_map
from network.models import PointKind, PointStatus, ServiceMode, ServicePoint
from network.network_snapshot import NetworkSnapshot, PointInfo
from web.auth.access import require_role
from web.extensions import db
from web.geo import bp, services
from web.geo.forms import ModeForm
from web.staff.crud import READERS
from web.staff.templating import label


def status_labels() -> dict[str, str]:
    """Each status's translated label."""
    return {s.value: label(s) for s in PointStatus}


def offering_list(info: PointInfo, locale: str) -> str:
    """The point's offerings in the page's language, or a dash."""
    return ", ".join(o.name(locale) for o in info.offerings) or "–"


def staff_points(snapshot: NetworkSnapshot, locale: str) -> list[MapPoint]:
    """The snapshot's points with what staff see in the popup."""
    points = []
    for info in snapshot.info:
        fields = [(_("Kind"), label(PointKind(info.kind)))]
        if info.address:
            fields.append((_("Address"), info.address))
        if info.area:
            fields.append((_("Area"), info.area))
        fields.append((_("Worker pair"), " & ".join(info.pair) if info.pair
                       else _("No worker pair today")))
        fields.append((_("Offerings"), offering_list(info, locale)))
        points.append(MapPoint(lat=info.lat, lon=info.lon, name=info.name, status=info.status,
                               fields=tuple(fields),
                               url=url_for("staff.points_detail", point_id=info.id)))
    return points


def mode_from(form: ModeForm) -> tuple[ServiceMode, bool]:
    """The chosen mode (normal when none or invalid) and whether the choice was valid."""
    valid = form.validate()
    chosen = form.mode.data if valid and form.mode.data else ServiceMode.NORMAL.value
    return ServiceMode(chosen), valid


def without_coordinates(mode: ServiceMode) -> list[ServicePoint]:
    """The mode's active points that cannot be placed on a map."""
    query = (select(ServicePoint)
             .where(ServicePoint.retired_at.is_(None),
                    or_(ServicePoint.latitude.is_(None), ServicePoint.longitude.is_(None)))
             .order_by(ServicePoint.name))
    if mode == ServiceMode.EXCEPTIONAL:
        query = query.where(ServicePoint.in_exceptional_network.is_(True))
    return list(db.session.scalars(query))


@bp.get("/map", endpoint="network_map")
@require_role(*READERS)
def network_map_page():
    """All points of the chosen network on a map, with a legend and the points it cannot show."""
    form = ModeForm(formdata=request.args)
    mode, valid = mode_from(form)
    snapshot = services.snapshot(mode)
    locale = services.locale()
    tiles = services.tile_settings()

    def build():
        return network_map(
            staff_points(snapshot, locale), status_labels=status_labels(),
            status_field=_("Status"), layer_name=_("Service points"),
            label=_("Map of the service points"), assets=services.map_assets(), tiles=tiles,
            link_text=_("Open the point's page"), credit=services.credit())

    key = ("network", snapshot.version, mode, snapshot.day, locale, tiles)
    rendered = services.state().maps.get_or_build(key, build)
    counts = {s: sum(1 for i in snapshot.info if i.status == s.value) for s in PointStatus}
    return render_template(
        "geo/network_map.html", form=form, mode=mode, map=rendered, counts=counts,
        total=len(snapshot), missing=without_coordinates(mode), statuses=list(PointStatus),
    ), 200 if valid else 400
