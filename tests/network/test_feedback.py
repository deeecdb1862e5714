"""Anonymous feedback: nothing identifying is stored, and results hide groups under five."""

from datetime import date

import pytest
from sqlalchemy import inspect

from network import feedback
from network.errors import ValidationError
from network.models import Feedback
from network.reporting import MIN_GROUP_SIZE, Period
from tests import factories
from web.extensions import db

DAY = date(2026, 3, 10)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def test_feedback_keeps_no_identifier(app):
    point = factories.point()
    given = feedback.give(point=point, score=4, comment="Hyvä palvelu", language="fi", today=DAY)
    db.session.commit()
    columns = {c["name"] for c in inspect(db.engine).get_columns("feedback")}
    # The table has no place for an account, an address, a browser or a time of day.
    assert columns == {"id", "point_id", "score", "comment", "language", "received_on"}
    assert given.received_on == DAY and given.point_id == point.id


def test_general_feedback_has_no_point(app):
    given = feedback.give(point=None, score=None, comment="Lisää aukioloaikoja", language="sv",
                          today=DAY)
    assert given.point_id is None and given.language == "sv"


@pytest.mark.parametrize("score, comment, field", [
    (None, None, "score"), (0, None, "score"), (6, "x", "score"), (None, "x" * 2001, "comment")])
def test_bad_feedback_is_refused(app, score, comment, field):
    with pytest.raises(ValidationError) as error:
        feedback.give(point=None, score=score, comment=comment, language="fi", today=DAY)
    assert error.value.field == field


def test_an_unknown_language_is_stored_as_finnish(app):
    assert feedback.give(point=None, score=3, comment=None, language="xx",
                         today=DAY).language == "fi"


def test_results_are_hidden_below_five_answers(app):
    big, small = factories.point("Iso piste"), factories.point("Pieni piste")
    medium = factories.point("Keski piste")
    for score in (5, 4, 4, 3, 5, 4):
        feedback.give(point=big, score=score, comment=f"kommentti {score}", language="fi",
                      today=DAY)
    for score in (1, 2):
        feedback.give(point=small, score=score, comment="Huono", language="fi", today=DAY)
    for _ in range(5):
        feedback.give(point=medium, score=3, comment=None, language="fi", today=DAY)
    results = {r.point.name: r for r in feedback.results(MARCH)}
    shown, hidden = results["Iso piste"], results["Pieni piste"]
    assert shown.scores.shown and shown.scores.value.mean == 4.17
    assert shown.scores.value.distribution == {1: 0, 2: 0, 3: 1, 4: 3, 5: 2}
    assert shown.comments.value == ["kommentti 3", "kommentti 4", "kommentti 4", "kommentti 4",
                                    "kommentti 5", "kommentti 5"]  # alphabetical, not by arrival
    assert not hidden.scores.shown and hidden.scores.value is None
    assert hidden.comments.value is None
    assert hidden.scores.count < MIN_GROUP_SIZE
    # The medium point is hidden too: else all − big − medium would give the small point away;
    # so are its months, which would add up to it.
    protected = results["Keski piste"]
    assert protected.scores.hidden and protected.scores.value is None
    assert not any(g.shown for g in protected.by_month.values())


def test_every_month_is_a_group_of_its_own(app):
    point = factories.point()
    for day in (1, 2, 3, 4, 5):
        feedback.give(point=point, score=5, comment=None, language="fi", today=date(2026, 3, day))
    for day in (1, 2, 3, 4, 5, 6):
        feedback.give(point=point, score=2, comment=None, language="fi", today=date(2026, 4, day))
    spring = Period(date(2026, 3, 1), date(2026, 5, 31))
    by_month = feedback.scores_by_month(spring)
    assert by_month["2026-03"].value.mean == 5 and by_month["2026-04"].value.mean == 2
    assert not by_month["2026-05"].shown and by_month["2026-05"].count == 0
    (row,) = feedback.results(spring)
    assert row.scores.value.mean == pytest.approx(37 / 11, abs=0.01)
    assert row.by_month["2026-03"].shown and row.by_month["2026-04"].shown


def test_feedback_outside_the_period_is_not_counted(app):
    feedback.give(point=None, score=5, comment=None, language="fi", today=date(2026, 2, 28))
    assert feedback.results(MARCH) == []
    assert not feedback.rows_in(MARCH)
    assert db.session.query(Feedback).count() == 1
