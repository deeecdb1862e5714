"""What the resident pages say about a point, in the page's language."""

from datetime import datetime
from urllib.parse import quote

from flask_babel import gettext as _

from geo.opening import HELSINKI
from network.models import PointStatus, TargetGroup
from network.network_snapshot import PointInfo
from web.resident import formatting
from web.staff.points import language_name
from web.staff.templating import label


def offerings(info: PointInfo) -> list[str]:
    """The point's offerings in the current mode, named in the page's language."""
    lang = formatting.locale()
    return [o.name(lang) for o in info.offerings]


def languages(info: PointInfo) -> list[str]:
    """The languages served, named in the page's language."""
    return [language_name(code) for code in info.languages]


def target_groups(info: PointInfo) -> list[str]:
    """For whom the point is; "Everyone" when it names no group."""
    known = {g.value for g in TargetGroup}
    groups = [label(TargetGroup(g)) if g in known else g for g in info.target_groups]
    return groups or [label(TargetGroup.EVERYONE)]


def status(info: PointInfo) -> str:
    """The point's status in words."""
    try:
        return label(PointStatus(info.status))
    except ValueError:
        return info.status


def access(info: PointInfo) -> str:
    """Step-free access in words."""
    return _("Step-free access") if info.step_free else _("No step-free access")


def walk_in(info: PointInfo) -> str:
    """Walk-in or not, in words."""
    return _("Walk in, no appointment needed") if info.walk_in else _("By appointment")


def open_until(until: datetime | None) -> str:
    """"Open until 16.00", or "Closed now"."""
    if until is None:
        return _("Closed now")
    return _("Open until %(time)s", time=formatting.clock(until))


def opens_at(moment: datetime, today) -> str:
    """"Opens at 9.00" today, else with the day."""
    local = moment.astimezone(HELSINKI)
    if local.date() == today:
        return _("Opens today at %(time)s", time=formatting.clock(local))
    return _("Opens %(day)s at %(time)s", day=formatting.day_name(local.date()),
             time=formatting.clock(local))


def directions_url(info: PointInfo, lat: float | None = None, lon: float | None = None) -> str:
    """Walking directions on OpenStreetMap, from the resident's place when known."""
    start = f"{lat:.5f},{lon:.5f}" if lat is not None and lon is not None else ""
    route = quote(f"{start};{info.lat:.5f},{info.lon:.5f}", safe="")
    return f"https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route={route}"


def closed_now() -> str:
    """"Closed now"."""
    return _("Closed now")
