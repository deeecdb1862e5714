"""The matching rules on hand-built cases where the right answer is known (no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from network.matching import (
    Candidate,
    DatedChange,
    Need,
    Slot,
    conflicts,
    is_available,
    rank,
)

HKI = ZoneInfo("Europe/Helsinki")
MONDAY = date(2031, 3, 3)  # a Monday
START = datetime(2031, 3, 3, 10, 0, tzinfo=HKI)
NEED = Need(starts=START, ends=START + timedelta(hours=1), language="ar",
            sector="child_protection", latitude=65.0121, longitude=25.4651, client_key="k1")
MONDAY_MORNINGS = (Slot(0, time(8), time(12)),)


def volunteer(vid, name, **kw) -> Candidate:
    values = {"slots": MONDAY_MORNINGS, "trained": True, "languages": ("fi",)} | kw
    return Candidate(volunteer_id=vid, name=name, **values)


def order(ranking) -> list[str]:
    return [r.candidate.name for r in ranking.ranked]


def test_weekly_slot_must_cover_the_whole_visit():
    assert is_available(MONDAY_MORNINGS, (), START, START + timedelta(hours=2))
    assert not is_available(MONDAY_MORNINGS, (), START, START + timedelta(hours=3))
    tuesday = START + timedelta(days=1)
    assert not is_available(MONDAY_MORNINGS, (), tuesday, tuesday + timedelta(hours=1))


def test_touching_slots_count_as_one():
    slots = (Slot(0, time(8), time(10, 30)), Slot(0, time(10, 30), time(14)))
    assert is_available(slots, (), START, START + timedelta(hours=2))


def test_dated_changes_away_and_extra_hours():
    away_all_day = (DatedChange(MONDAY, available=False),)
    assert not is_available(MONDAY_MORNINGS, away_all_day, START, START + timedelta(hours=1))
    away_morning = (DatedChange(MONDAY, False, time(9), time(10, 30)),)
    assert not is_available(MONDAY_MORNINGS, away_morning, START, START + timedelta(hours=1))
    away_later = (DatedChange(MONDAY, False, time(11), time(12)),)
    assert is_available(MONDAY_MORNINGS, away_later, START, START + timedelta(hours=1))
    evening = datetime(2031, 3, 3, 18, tzinfo=HKI)
    extra = (DatedChange(MONDAY, True, time(17), time(20)),)
    assert not is_available(MONDAY_MORNINGS, (), evening, evening + timedelta(hours=1))
    assert is_available(MONDAY_MORNINGS, extra, evening, evening + timedelta(hours=1))
    other_day = (DatedChange(MONDAY + timedelta(days=7), False),)
    assert is_available(MONDAY_MORNINGS, other_day, START, START + timedelta(hours=1))


def test_a_visit_across_midnight_is_never_covered():
    late = datetime(2031, 3, 3, 23, 30, tzinfo=HKI)
    assert not is_available((Slot(0, time(0), time(23, 59)),), (), late, late + timedelta(hours=1))


def test_conflicts_include_the_travel_buffer():
    other = [(START + timedelta(hours=1, minutes=15), START + timedelta(hours=2))]
    assert conflicts(other, START, START + timedelta(hours=1))
    later = [(START + timedelta(hours=2), START + timedelta(hours=3))]
    assert not conflicts(later, START, START + timedelta(hours=1))


def test_untrained_or_unavailable_never_rank_above_eligible():
    best_but_away = volunteer(1, "Aino", slots=(), languages=("ar",),
                              experience=("child_protection",), latitude=65.0121,
                              longitude=25.4651, served_client=True)
    best_but_untrained = volunteer(2, "Bertta", trained=False, languages=("ar",),
                                   experience=("child_protection",), latitude=65.0121,
                                   longitude=25.4651, served_client=True)
    plain = volunteer(3, "Cecilia", recent=5)  # nothing in her favour but being free and trained
    busy = volunteer(4, "Doris", languages=("ar",), busy=[(START, START + timedelta(hours=1))])
    ranking = rank(NEED, [best_but_away, best_but_untrained, plain, busy])
    assert order(ranking)[0] == "Cecilia"
    assert ranking.ranked[0].eligible and not ranking.nobody_available
    assert [r.eligible for r in ranking.ranked] == [True, False, False, False]
    # Among the rest: available (untrained) before unavailable ones.
    assert order(ranking)[1] == "Bertta"
    assert {r.candidate.name for r in ranking.ranked[2:]} == {"Aino", "Doris"}


def test_score_orders_eligible_volunteers_with_reasons():
    speaks = volunteer(1, "Kielitaitoinen", languages=("fi", "ar"))
    sector = volunteer(2, "Kokenut", experience=("child_protection",))
    near = volunteer(3, "Naapuri", latitude=65.02, longitude=25.47)
    ranking = rank(NEED, [near, sector, speaks])
    assert order(ranking) == ["Kielitaitoinen", "Kokenut", "Naapuri"]
    top = {r.code: r for r in ranking.ranked[0].reasons}
    assert top["language"].ok and top["language"].points == 30
    assert not top["sector"].ok and top["near"].detail == {"km": None}
    nearest = {r.code: r for r in ranking.ranked[2].reasons}
    assert nearest["near"].ok and nearest["near"].detail["km"] < 2


def test_nearer_scores_higher_and_far_scores_nothing():
    close = volunteer(1, "Lähellä", latitude=65.02, longitude=25.47)
    far = volunteer(2, "Kaukana", latitude=60.17, longitude=24.94)  # Helsinki
    ranking = rank(NEED, [far, close])
    assert order(ranking) == ["Lähellä", "Kaukana"]
    far_near = {r.code: r for r in ranking.ranked[1].reasons}["near"]
    assert far_near.points == 0 and not far_near.ok


def test_fair_share_and_continuity():
    busy_lately = volunteer(1, "Ahkera", recent=3)
    rested = volunteer(2, "Levännyt")
    ranking = rank(NEED, [busy_lately, rested])
    assert order(ranking) == ["Levännyt", "Ahkera"]
    same_client = volunteer(1, "Ahkera", recent=3, served_client=True)
    assert order(rank(NEED, [same_client, rested])) == ["Ahkera", "Levännyt"]


def test_ties_share_a_rank_and_are_listed_by_name_whatever_the_input_order():
    a, b = volunteer(7, "Eeva"), volunteer(3, "Anna")
    c = volunteer(5, "Outi", languages=("ar",))
    d = volunteer(9, "Untrained", trained=False)
    for given in ([a, b, c, d], [d, c, b, a], [b, d, a, c]):
        ranking = rank(NEED, given)
        assert order(ranking) == ["Outi", "Anna", "Eeva", "Untrained"]
        assert [r.rank for r in ranking.ranked] == [1, 2, 2, 4]
        assert [r.tied for r in ranking.ranked] == [False, True, True, False]


def test_same_name_tie_is_broken_by_id():
    ranking = rank(NEED, [volunteer(8, "Maria"), volunteer(2, "Maria")])
    assert [r.candidate.volunteer_id for r in ranking.ranked] == [2, 8]
    assert all(r.tied and r.rank == 1 for r in ranking.ranked)


def test_nobody_available():
    assert rank(NEED, []).nobody_available
    away = volunteer(1, "Poissa", slots=())
    untrained = volunteer(2, "Kouluttamaton", trained=False)
    ranking = rank(NEED, [away, untrained])
    assert ranking.nobody_available and ranking.eligible == []
    assert order(ranking) == ["Kouluttamaton", "Poissa"]
