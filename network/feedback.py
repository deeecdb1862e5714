"""Anonymous feedback from residents, per point or in general, and its results.

Nothing that identifies the sender is taken in: the operation has no parameter for an
account, an address or a time of day, and keeps only the date it was given.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from statistics import mean

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.database import db
from network.errors import ValidationError
from network.models import Feedback, ServicePoint
from network.reporting import Group, Period, group, hide_all, month_of, protect

COMMENT_LIMIT = 2000
LANGUAGES = ("fi", "sv", "en")


def give(*, point: ServicePoint | None, score: int | None, comment: str | None,
         language: str, today: date) -> Feedback:
    """Record one anonymous feedback; a score (1-5) or a comment is needed."""
    if point is not None and point.retired_at is not None:
        raise ValidationError(_l("This point no longer takes feedback."), "comment")
    if score is not None and (not isinstance(score, int) or not 1 <= score <= 5):
        raise ValidationError(_l("Choose a number from 1 to 5."), "score")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_LIMIT:
        raise ValidationError(_l("Write at most %(n)d characters.", n=COMMENT_LIMIT), "comment")
    if score is None and comment is None:
        raise ValidationError(_l("Choose a score or write a comment."), "score")
    feedback = Feedback(point_id=point.id if point is not None else None, score=score,
                        comment=comment, language=language if language in LANGUAGES else "fi",
                        received_on=today)
    db.session.add(feedback)
    db.session.flush()
    return feedback


@dataclass(frozen=True)
class ScoreResult:
    """The scores of a group large enough to show: mean and how many gave each score."""

    mean: float
    distribution: dict[int, int]


def _scores(rows: list[Feedback]) -> Group:
    scores = [r.score for r in rows if r.score is not None]
    return group(len(scores), lambda: ScoreResult(
        round(mean(scores), 2), {n: scores.count(n) for n in range(1, 6)}))


def _comments(rows: list[Feedback]) -> Group:
    # Shown in alphabetical order, without dates or scores, so none can be tied to a visit.
    texts = [r.comment for r in rows if r.comment]
    return group(len(rows), lambda: sorted(texts, key=str.casefold))


@dataclass(frozen=True)
class PointFeedback:
    """One point's (or the general channel's, point None) feedback in a period."""

    point: ServicePoint | None
    answers: int
    scores: Group
    comments: Group
    by_month: dict[str, Group]


def rows_in(period: Period) -> list[Feedback]:
    """The feedback received in a period."""
    return list(db.session.scalars(
        select(Feedback).where(Feedback.received_on >= period.start,
                               Feedback.received_on <= period.end)
        .order_by(Feedback.received_on, Feedback.id)))


def results(period: Period) -> list[PointFeedback]:
    """Feedback per point (general feedback last), every group under the minimum hidden."""
    by_point: dict[int | None, list[Feedback]] = defaultdict(list)
    for row in rows_in(period):
        by_point[row.point_id].append(row)
    points = {p.id: p for p in db.session.scalars(
        select(ServicePoint).where(ServicePoint.id.in_([k for k in by_point if k])))}
    out = []
    for point_id, rows in by_point.items():
        months: dict[str, list[Feedback]] = defaultdict(list)
        for row in rows:
            months[month_of(row.received_on)].append(row)
        out.append(PointFeedback(
            point=points.get(point_id) if point_id else None, answers=len(rows),
            scores=_scores(rows), comments=_comments(rows),
            by_month=protect({m: _scores(months[m])
                              for m in period.months() if m in months})))
    # Points are a breakdown too: a small point's score must not follow from the others.
    scores = protect({i: r.scores for i, r in enumerate(out)})
    out = [replace(r, scores=scores[i], by_month=r.by_month if scores[i].shown else hide_all(
        r.by_month)) for i, r in enumerate(out)]
    out.sort(key=lambda r: (r.point is None, r.point.name.casefold() if r.point else ""))
    return out


def scores_by_month(period: Period) -> dict[str, Group]:
    """All feedback scores of the period per month (mean and distribution when shown)."""
    months: dict[str, list[Feedback]] = defaultdict(list)
    for row in rows_in(period):
        months[month_of(row.received_on)].append(row)
    return protect({m: _scores(months.get(m, [])) for m in period.months()})
