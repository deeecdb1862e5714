"""The resident pages: home, search results, a point's page, the printable list."""

import logging

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from geo.results import NotFound
from network.clock import today, utcnow
from network.network_snapshot import PointInfo
from web.auth.access import public
from web.extensions import limiter
from web.geo.lookup import describe
from web.resident import bp, formatting, presenting
from web.resident.caching import in_cache, public_answer
from web.resident.search import (
    IN_SERVICE,
    SearchForm,
    locate_point,
    locate_text,
    nearest_rows,
    next_opening,
    period_rows,
)
from web.resident.state import SiteState, resident_state, site_state

log = logging.getLogger(__name__)


def _search_limit() -> str:
    return current_app.config["RESIDENT_SEARCH_RATE_LIMIT"]


def _not_counted() -> bool:
    """Only searches that need work count: a page without a place, or an answer this process
    has already rendered (no geocoding, no query) costs what any cached page costs."""
    searching = request.args.get("q") or request.args.get("lat") or request.args.get("lon")
    return not searching or in_cache(site_state())


def _render(template: str, state: SiteState, status: int = 200, **context) -> tuple[str, int]:
    lang = formatting.locale()
    return render_template(template, notice=state.notice(lang), mode=state.mode,
                           fmt=formatting, show=presenting, **context), status


def _form(state: SiteState) -> SearchForm:
    return SearchForm(request.args).prepare(state.snapshot, formatting.locale())


@bp.get("/")
@public
def home():
    """The notice when exceptional mode is on, the search and the map of open points."""
    state = site_state()

    def render():
        form = SearchForm().prepare(state.snapshot, formatting.locale())
        open_now, _until = state.snapshot.open_state(utcnow())
        return _render("resident/home.html", state, form=form, open_count=int(open_now.sum()))

    return public_answer(render, state)


def _search(state: SiteState):
    form = _form(state)
    if not form.validate():
        return _render("resident/results.html", state, 400, form=form, place=None,
                       message=_("Please check the search: %(fields)s",
                                 fields=", ".join(str(getattr(form, name).label.text)
                                                  for name in form.errors)),
                       open_rows=[], later_rows=[])
    if not form.has_place():
        return _render("resident/results.html", state, 200, form=form, place=None,
                       message=_("Type a place name or an address."), open_rows=[],
                       later_rows=[])
    if (form.q.data or "").strip():  # typed text wins over a position kept by the form
        place = locate_text(form.q.data, state.snapshot, resident_state().places)
    else:
        place = locate_point(form.lat.data, form.lon.data)
    if isinstance(place, NotFound):
        return _render("resident/results.html", state, 200, form=form, place=None,
                       message=describe(place), open_rows=[], later_rows=[])
    open_rows, later_rows = nearest_rows(state.snapshot, place, form.filters(), utcnow())
    return _render("resident/results.html", state, 200, form=form, place=place, message=None,
                   open_rows=open_rows, later_rows=later_rows, today=today())


@bp.get("/results")
@public
@limiter.limit(_search_limit, exempt_when=_not_counted)
def results():
    """The nearest open points to a place, as a list (always) and a map (with JavaScript)."""
    state = site_state()
    return public_answer(lambda: _search(state), state)


def _point_page(state: SiteState, index: int):
    snapshot = state.snapshot
    info: PointInfo = snapshot.info[index]
    moment = utcnow()
    open_now, until = snapshot.open_state(moment)
    day = today()
    opens = None
    if not open_now[index] and info.status in IN_SERVICE:
        opens = next_opening(snapshot, index, moment)
    return _render("resident/point.html", state, info=info, open_until=until[index],
                   opens_next=opens, week=period_rows(snapshot, index, day), today=day)


@bp.get("/points/<int:point_id>")
@public
def point(point_id: int):
    """A point: address, hours today and this week, offerings, access, status and note."""
    state = site_state()
    index = state.snapshot.index_of(point_id)
    if index is None:
        abort(404)
    return public_answer(lambda: _point_page(state, index), state)


def _list_page(state: SiteState):
    snapshot = state.snapshot
    areas = sorted({i.area for i in snapshot.info if i.area and i.status in IN_SERVICE},
                   key=str.casefold)
    chosen = request.args.get("area") or ""
    if chosen and chosen not in areas:
        chosen_error = _("No open points in that area.")
    else:
        chosen_error = None
    day = today()
    groups: dict[str, list] = {}
    for index, info in enumerate(snapshot.info):
        if info.status not in IN_SERVICE or (chosen and info.area != chosen):
            continue
        groups.setdefault(info.area or _("Other places"), []).append(
            (info, period_rows(snapshot, index, day)))
    ordered = [(name, sorted(rows, key=lambda r: r[0].name.casefold()))
               for name, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold())]
    return _render("resident/list.html", state, 404 if chosen_error else 200, areas=areas,
                   chosen=chosen, error=chosen_error, groups=ordered, today=day,
                   printed_at=utcnow())


@bp.get("/list")
@public
def printable_list():
    """The open points of the network per area, with this week's hours, for a notice board."""
    state = site_state()
    return public_answer(lambda: _list_page(state), state)
