"""The search of the resident site: where the resident is, what they ask for, and the answer.

A place comes from typed text (the app's geocoder, then the offline gazetteer, then the
postcodes and areas of the network's own points), or from coordinates (browser location or
a click on the map). Typed text and coordinates are never logged.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from geo.nearest import NearestPoint, PointFilter, nearest
from geo.opening import HELSINKI
from geo.projection import in_finland
from geo.results import GeocodeResult, NotFound, NotFoundReason
from network.models import TargetGroup
from network.network_snapshot import OPEN_STATUSES, NetworkSnapshot, PointInfo
from web.geo.lookup import lookup
from web.geo.services import LruCache
from web.staff.point_forms import CoordinateField
from web.staff.templating import label

OPEN_RESULTS = 10
LATER_RESULTS = 5
IN_SERVICE = frozenset(s.value for s in OPEN_STATUSES)
MAX_QUERY = 200


class SearchForm(Form):
    """The search: a GET form, so it works without JavaScript and can be bookmarked."""

    q = StringField(_l("Address, district or postcode"),
                    validators=[Optional(), Length(max=MAX_QUERY)])
    lat = CoordinateField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    lon = CoordinateField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])
    offering = SelectField(_l("Help offered"), validate_choice=True, default="")
    language = SelectField(_l("Language"), validate_choice=True, default="")
    target_group = SelectField(_l("For whom"), validate_choice=True, default="")
    step_free = BooleanField(_l("Step-free access only"))

    def prepare(self, snapshot: NetworkSnapshot, locale: str) -> "SearchForm":
        """Choices from what the network has."""
        from web.staff.points import language_name

        offerings = {}
        for info in snapshot.info:
            for o in info.offerings:
                offerings.setdefault(o.code, o.name(locale))
        self.offering.choices = [("", _("Any"))] + sorted(offerings.items(),
                                                           key=lambda kv: kv[1].casefold())
        codes = {code for info in snapshot.info for code in info.languages}
        self.language.choices = [("", _("Any"))] + sorted(
            ((c, language_name(c)) for c in codes), key=lambda kv: kv[1].casefold())
        self.target_group.choices = [("", _("Anyone"))] + [
            (g.value, label(g)) for g in TargetGroup if g != TargetGroup.EVERYONE]
        return self

    def filters(self) -> PointFilter:
        """The filters chosen."""
        return PointFilter(offering=self.offering.data or None,
                           target_group=self.target_group.data or None,
                           language=self.language.data or None,
                           step_free=bool(self.step_free.data))

    def has_place(self) -> bool:
        """Whether a place was asked for (text or coordinates)."""
        return bool((self.q.data or "").strip()) or (
            self.lat.data is not None and self.lon.data is not None)



@dataclass(frozen=True)
class Place:
    """Where the search starts from."""

    lat: float
    lon: float
    label: str
    approximate: bool = False


def _centre(snapshot: NetworkSnapshot, mask: np.ndarray) -> tuple[float, float] | None:
    if not mask.any():
        return None
    return float(snapshot.points.lat[mask].mean()), float(snapshot.points.lon[mask].mean())


def from_network(snapshot: NetworkSnapshot, text: str) -> Place | None:
    """A postcode or an area name of the network's own points, at their centre."""
    wanted = " ".join(text.split()).casefold()
    codes = np.array([(i.postal_code or "").strip() for i in snapshot.info])
    areas = np.array([(i.area or "").casefold() for i in snapshot.info])
    for mask in (codes == wanted, areas == wanted):
        centre = _centre(snapshot, mask) if len(snapshot) else None
        if centre is not None:
            return Place(centre[0], centre[1], text.strip(), approximate=True)
    return None


def locate_text(text: str, snapshot: NetworkSnapshot, cache: LruCache
                ) -> Place | NotFound:
    """The place of typed text, or a NotFound with its reason (found places are cached)."""
    key = " ".join(text.split()).casefold()
    answer = cache.peek(key)
    if answer is None:
        answer = lookup(text)
        if isinstance(answer, GeocodeResult):
            cache.get_or_build(key, lambda: answer)
    if isinstance(answer, GeocodeResult):
        return Place(answer.lat, answer.lon, answer.label, answer.approximate)
    return from_network(snapshot, text) or answer


def locate_point(lat: float, lon: float) -> Place | NotFound:
    """A position given as coordinates (refused outside Finland)."""
    if not bool(in_finland(lat, lon)):
        return NotFound(query="", reason=NotFoundReason.OUTSIDE_FINLAND)
    return Place(lat, lon, _("the place you chose"))


@dataclass(frozen=True)
class Row:
    """One point in the answer: the point, how far, and when it is open."""

    info: PointInfo
    distance_m: float
    open_until: datetime | None
    opens_next: datetime | None = None


def next_opening(snapshot: NetworkSnapshot, index: int, moment: datetime,
                 days: int = 7) -> datetime | None:
    """When a point not open now opens next within a week (Helsinki time), or None."""
    hours = snapshot.hours[index]
    here = moment.astimezone(HELSINKI)
    for offset in range(days + 1):
        day: date = here.date() + timedelta(days=offset)
        for opens, _closes in hours.periods_on(day):
            start = datetime.combine(day, opens, tzinfo=HELSINKI)
            if start > here:
                return start
    return None


def _rows(snapshot: NetworkSnapshot, found: list[NearestPoint]) -> list[Row]:
    return [Row(snapshot.info[p.index], p.distance_m, p.open_until) for p in found]


def nearest_rows(snapshot: NetworkSnapshot, place: Place, filters: PointFilter,
                 moment: datetime) -> tuple[list[Row], list[Row]]:
    """The nearest matching points open now, and (when few are) the nearest opening later."""
    open_now, until = snapshot.open_state(moment)
    now_rows = _rows(snapshot, nearest(snapshot.points, place.lat, place.lon, k=OPEN_RESULTS,
                                       open_now=open_now, open_until=until, filters=filters))
    later: list[Row] = []
    if len(now_rows) < OPEN_RESULTS:
        in_service = np.array([i.status in IN_SERVICE for i in snapshot.info], dtype=bool)
        candidates = nearest(snapshot.points, place.lat, place.lon, k=LATER_RESULTS * 3,
                             open_now=in_service & ~open_now, filters=filters)
        for p in candidates:
            opens = next_opening(snapshot, p.index, moment)
            if opens is not None:
                later.append(Row(snapshot.info[p.index], p.distance_m, None, opens))
            if len(later) == LATER_RESULTS:
                break
    return now_rows, later


def period_rows(snapshot: NetworkSnapshot, index: int, first: date, days: int = 7
                ) -> list[tuple[date, list[tuple[time, time]]]]:
    """A point's opening periods day by day from a day on."""
    hours = snapshot.hours[index]
    return [(first + timedelta(days=n), hours.periods_on(first + timedelta(days=n)))
            for n in range(days)]
