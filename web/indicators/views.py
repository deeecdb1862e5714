"""The indicators page and its CSV export, for a period chosen by the reader."""

from datetime import timedelta

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from network import indicators
from network.clock import local, today
from network.csv_format import write_csv
from network.models import CourseKind, Role, SurveyAudience
from network.reporting import MIN_GROUP_SIZE, Group
from web.auth.access import require_role
from web.indicators import bp
from web.indicators.charts import Bar, columns, rows
from web.participation.labels import participation_label
from web.participation.views_common import period_from_request
from web.people.labels import people_label
from web.staff.offerings_table import csv_delimiter, csv_download
from web.staff.templating import label

READERS = (Role.STEERING_ADMIN, Role.COORDINATOR)


def minutes(delta: timedelta | None) -> str:
    """A duration as whole minutes (empty when there is none)."""
    return "" if delta is None else f"{delta.total_seconds() / 60:.0f}"


def mean_of(g: Group) -> float | None:
    """A group's mean score, or None when the group is too small to show."""
    if not g.shown:
        return None
    return g.value.mean if hasattr(g.value, "mean") else g.value


def _charts(board: indicators.Dashboard) -> dict:
    locale = str(get_locale())
    visitors_by_point: dict[str, int] = {}
    for row in board.visitors:
        visitors_by_point[row.point] = visitors_by_point.get(row.point, 0) + row.visitors
    return {
        "visits_month": columns([Bar(m, n) for m, n in board.visits.by_month.items()],
                                title=_("Support visits per month")),
        "visits_sector": rows([Bar(people_label(s), n) for s, n in board.visits.by_sector.items()],
                              title=_("Support visits per sector")),
        "feedback": columns([Bar(m, mean_of(g)) for m, g in board.scores.feedback.items()],
                            title=_("Mean feedback score per month (1–5)"), maximum=5),
        "visitors": rows([Bar(p, n) for p, n in visitors_by_point.items()],
                         title=_("Visitors per point")),
        "locale": locale,
    }


@bp.get("/")
@require_role(*READERS)
def index():
    """Every indicator for the period, as charts and tables."""
    form, period, valid = period_from_request()
    board = indicators.dashboard(period, today=today())
    return render_template("indicators/index.html", form=form, board=board, charts=_charts(board),
                           audiences=list(SurveyAudience), kinds=list(CourseKind),
                           minutes=minutes, mean_of=mean_of, local=local,
                           locale=str(get_locale())), 200 if valid else 400


def csv_rows(board: indicators.Dashboard) -> list[list]:
    """The indicators as rows of (indicator, item, value)."""
    few = _("fewer than %(n)d answers", n=MIN_GROUP_SIZE)
    locale = str(get_locale())

    def score(g: Group):
        value = mean_of(g)
        if value is None:
            return _("hidden to protect a smaller group") if g.hidden else few
        return f"{value:.2f}"

    out = [[_("Indicator"), _("Item"), _("Value")],
           [_("Period"), _("From"), board.period.start.isoformat()],
           [_("Period"), _("Until"), board.period.end.isoformat()]]
    v = board.volunteers
    out += [[_("Volunteers"), _("In the bank during the period"), v.in_bank],
            [_("Volunteers"), _("Active (at least one visit)"), v.active],
            [_("Volunteers"), _("Joined"), v.joined], [_("Volunteers"), _("Left"), v.left]]
    for r in board.retention:
        item = _("after %(n)d months", n=r.months)
        out += [[_("Retention"), f"{item}: {_('could be judged')}", r.eligible],
                [_("Retention"), f"{item}: {_('still in the bank')}", r.retained]]
    t = board.trainings
    out += [[_("Trainings held"), people_label(k), t.courses_held[k]] for k in CourseKind]
    out += [[_("Training sessions held"), "", t.sessions_held]]
    out += [[_("Trainings completed"), people_label(k), t.completed[k]] for k in CourseKind]
    out += [[_("Support visits"), _("All"), board.visits.total]]
    out += [[_("Support visits per month"), m, n] for m, n in board.visits.by_month.items()]
    out += [[_("Support visits per sector"), people_label(s), n]
            for s, n in board.visits.by_sector.items()]
    out += [[_("Partner organisations"), label(k), n] for k, n in board.partners.by_kind.items()]
    out += [[_("Support requests from partners"), name, n]
            for name, n in board.partners.referring]
    out += [[_("Visitors"), f"{r.point} / {r.offering.name(locale)}", r.visitors]
            for r in board.visitors]
    out += [[_("Mean feedback score"), m, score(g)] for m, g in board.scores.feedback.items()]
    for audience in SurveyAudience:
        out += [[_("Satisfaction: %(who)s", who=participation_label(audience)), m, score(g)]
                for m, g in board.scores.satisfaction[audience].items()]
    for d in board.deliveries:
        name = f"{d.scenario} ({local(d.opened_at):%d.%m.%Y %H:%M})"
        out += [[_("Activation"), f"{name}: {_('recipients')}", d.recipients],
                [_("Activation"), f"{name}: {_('sent')}", d.sent],
                [_("Activation"), f"{name}: {_('failed')}", d.failed],
                [_("Activation"), f"{name}: {_('waiting')}", d.waiting],
                [_("Activation"), f"{name}: {_('minutes to the first message')}",
                 minutes(d.first_after)],
                [_("Activation"), f"{name}: {_('minutes to the last message')}",
                 minutes(d.last_after)]]
    return out


@bp.get("/export.csv")
@require_role(*READERS)
def export_csv():
    """The same indicators for the same period, as CSV."""
    _form, period, valid = period_from_request()
    board = indicators.dashboard(period, today=today())
    response = csv_download(write_csv([[str(c) for c in row] for row in csv_rows(board)],
                                      delimiter=csv_delimiter()), "indicators")
    if not valid:
        response.status_code = 400
    return response
