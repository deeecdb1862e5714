"""The k nearest matching open points over a snapshot."""

from datetime import datetime

import numpy as np
import pytest
from geopy.distance import geodesic

from geo.gazetteer import default_gazetteer
from geo.nearest import PointFilter, PointSnapshot, nearest

OULU = (65.01236, 25.46816)


@pytest.fixture(scope="module")
def places():
    """Real places within ~150 km of Oulu as service points."""
    found = [p for p in default_gazetteer().places
             if abs(p.lat - OULU[0]) < 1.3 and abs(p.lon - OULU[1]) < 3]
    assert len(found) > 20
    return found


def snapshot_of(places, **overrides) -> PointSnapshot:
    n = len(places)
    values = {
        "offerings": [["food_aid"] if i % 2 == 0 else ["conversation"] for i in range(n)],
        "target_groups": [["everyone"] if i % 3 == 0 else ["older_people"] for i in range(n)],
        "languages": [["fi", "en"] if i % 4 == 0 else ["fi"] for i in range(n)],
        "step_free": [i % 5 == 0 for i in range(n)],
    }
    values.update(overrides)
    return PointSnapshot(np.arange(100, 100 + n), [p.lat for p in places],
                         [p.lon for p in places], **values)


def brute_force(places, mask, k):
    dists = [(geodesic(OULU, (p.lat, p.lon)).meters, i) for i, p in enumerate(places) if mask[i]]
    return sorted(dists)[:k]


def test_nearest_without_filters_matches_brute_force(places):
    snap = snapshot_of(places)
    found = nearest(snap, *OULU, k=4)
    expected = brute_force(places, [True] * len(places), 4)
    assert [p.index for p in found] == [i for _, i in expected]
    assert [p.distance_m for p in found] == pytest.approx([d for d, _ in expected])
    assert found[0].id == 100 + found[0].index
    assert found[0].open_until is None


def test_filters_and_open_mask(places):
    snap = snapshot_of(places)
    n = len(places)
    open_now = np.array([i % 7 != 0 for i in range(n)])
    until = np.array([datetime(2025, 3, 3, 16, i % 60) for i in range(n)], dtype=object)
    filters = PointFilter(offering="food_aid", target_group="older_people", language="en",
                          step_free=True)
    found = nearest(snap, *OULU, k=3, open_now=open_now, open_until=until, filters=filters)
    mask = [open_now[i] and i % 2 == 0 and i % 4 == 0 and i % 5 == 0 for i in range(n)]
    assert [p.index for p in found] == [i for _, i in brute_force(places, mask, 3)]
    assert all(p.open_until == until[p.index] for p in found)


def test_everyone_point_matches_any_group(places):
    snap = snapshot_of(places)
    mask = snap.matching(PointFilter(target_group="families"))
    assert mask.tolist() == [i % 3 == 0 for i in range(len(places))]
    assert snap.matching(PointFilter(target_group="everyone")).all()


def test_rare_match_far_away_is_still_found(places):
    n = len(places)
    far = max(range(n), key=lambda i: geodesic(OULU, (places[i].lat, places[i].lon)).meters)
    offerings = [["food_aid"]] * n
    offerings[far] = ["sauna"]
    snap = snapshot_of(places, offerings=offerings)
    found = nearest(snap, *OULU, k=3, filters=PointFilter(offering="sauna"))
    assert [p.index for p in found] == [far]


def test_nothing_matches(places):
    snap = snapshot_of(places)
    assert nearest(snap, *OULU, filters=PointFilter(offering="unknown")) == []
    assert nearest(snap, *OULU, open_now=np.zeros(len(places), dtype=bool)) == []
    assert nearest(snap, *OULU, k=0) == []


def test_max_distance(places):
    snap = snapshot_of(places)
    found = nearest(snap, *OULU, k=50, max_distance_m=10_000)
    within = [d for d, _ in brute_force(places, [True] * len(places), 50) if d <= 10_000]
    assert found and len(found) == len(within)
    assert all(p.distance_m <= 10_000 for p in found)


def test_snapshot_refuses_points_without_coordinates():
    with pytest.raises(ValueError, match="coordinates"):
        PointSnapshot([1], [np.nan], [25.0], offerings=[[]], target_groups=[[]],
                      languages=[[]], step_free=[False])


def test_empty_snapshot():
    snap = PointSnapshot([], [], [], offerings=[], target_groups=[], languages=[], step_free=[])
    assert nearest(snap, *OULU) == []
