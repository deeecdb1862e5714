"""Opening hours: weekly periods, dated exceptions, status, Helsinki time."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from geo.opening import (
    HELSINKI,
    DatedException,
    PointHours,
    WeeklyPeriod,
    is_open,
    open_mask,
    open_until,
)

MONDAY = date(2025, 3, 3)
SUNDAY = date(2025, 3, 9)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=HELSINKI)


WEEKDAYS_9_16 = [WeeklyPeriod(d, time(9), time(16)) for d in range(5)]


def test_open_within_weekly_period_until_closing():
    hours = PointHours("open", WEEKDAYS_9_16)
    assert open_until(hours, at(MONDAY, 10)) == at(MONDAY, 16)
    assert is_open(hours, at(MONDAY, 9))
    assert not is_open(hours, at(MONDAY, 8, 59))
    assert not is_open(hours, at(MONDAY, 16))  # closing time is exclusive
    assert not is_open(hours, at(SUNDAY, 12))


def test_utc_moment_is_read_in_helsinki_time():
    hours = PointHours("open", WEEKDAYS_9_16)
    # 07:30 UTC on a summer Monday is 10:30 in Helsinki (UTC+3).
    summer = datetime(2025, 6, 2, 7, 30, tzinfo=UTC)
    assert open_until(hours, summer) == datetime(2025, 6, 2, 16, 0, tzinfo=HELSINKI)
    assert open_until(hours, summer).utcoffset() == timedelta(hours=3)
    # 06:30 UTC in winter is 08:30 in Helsinki (UTC+2): not yet open.
    assert not is_open(hours, datetime(2025, 3, 3, 6, 30, tzinfo=UTC))


def test_naive_moment_is_refused():
    with pytest.raises(ValueError):
        is_open(PointHours("open", WEEKDAYS_9_16), datetime(2025, 3, 3, 10))


def test_touching_periods_are_one_opening():
    hours = PointHours("open", [WeeklyPeriod(0, time(12), time(16)),
                                WeeklyPeriod(0, time(9), time(12)),
                                WeeklyPeriod(0, time(17), time(19))])
    assert open_until(hours, at(MONDAY, 10)) == at(MONDAY, 16)
    assert not is_open(hours, at(MONDAY, 16, 30))
    assert open_until(hours, at(MONDAY, 18)) == at(MONDAY, 19)


def test_exception_closes_the_day():
    hours = PointHours("open", WEEKDAYS_9_16, [DatedException(MONDAY, closed=True)])
    assert not is_open(hours, at(MONDAY, 10))
    assert is_open(hours, at(MONDAY + timedelta(days=1), 10))


def test_exception_with_other_hours_overrides_weekly_hours():
    hours = PointHours("open", WEEKDAYS_9_16, [
        DatedException(MONDAY, closed=False, opens=time(12), closes=time(20)),
        DatedException(SUNDAY, closed=False, opens=time(10), closes=time(14)),
    ])
    assert not is_open(hours, at(MONDAY, 10))
    assert open_until(hours, at(MONDAY, 18)) == at(MONDAY, 20)
    assert open_until(hours, at(SUNDAY, 11)) == at(SUNDAY, 14)


@pytest.mark.parametrize("status", ["standby", "closed"])
def test_standby_or_closed_status_is_never_open(status):
    assert not is_open(PointHours(status, WEEKDAYS_9_16), at(MONDAY, 10))


def test_open_mask_over_many_points():
    points = [PointHours("open", WEEKDAYS_9_16), PointHours("standby", WEEKDAYS_9_16),
              PointHours("open", [WeeklyPeriod(0, time(8), time(11))]), PointHours("open")]
    mask, until = open_mask(points, at(MONDAY, 10))
    assert mask.tolist() == [True, False, True, False]
    assert list(until) == [at(MONDAY, 16), None, at(MONDAY, 11), None]
