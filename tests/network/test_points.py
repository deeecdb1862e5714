"""Service point operations: fields checked, external ids, hours, exceptions, offerings."""

import math
from datetime import date, time

import pytest
from sqlalchemy import func, select

from network import points
from network.errors import ValidationError
from network.models import (
    OpeningHours,
    PointKind,
    PointStatus,
    ScheduleException,
    ServiceMode,
    ServicePoint,
)
from tests import factories
from web.extensions import db

VALID = {"name": "Tuiran asukastupa", "kind": "living_room", "latitude": 65.03,
         "longitude": 25.47, "languages": ["fi", "ru"], "target_groups": ["everyone"]}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_point_makes_a_unique_slug_from_the_name(app):
    first = points.create_point(VALID | {"name": "Äimärautio – Pyhän Tuomaan kirkko"})
    second = points.create_point(VALID | {"name": "Äimärautio – Pyhän Tuomaan kirkko"})
    assert first.external_id == "aimarautio-pyhan-tuomaan-kirkko"
    assert second.external_id == "aimarautio-pyhan-tuomaan-kirkko-2"
    assert points.create_point(VALID | {"name": "!!!"}).external_id == "point"


def test_create_point_keeps_an_external_id_given_by_an_import(app):
    point = points.create_point(VALID, external_id="OULU-17")
    assert point.external_id == "OULU-17"
    with pytest.raises(ValidationError) as error:
        points.create_point(VALID, external_id="OULU-17")
    assert error.value.field == "external_id"


def test_create_point_normalises_fields(app):
    point = points.create_point(VALID | {"name": "  Tupa  ", "city": "", "languages": ["FI", "fi",
                                                                                     "ru"]})
    assert point.name == "Tupa" and point.city is None
    assert point.languages == ["fi", "ru"]
    assert point.kind is PointKind.LIVING_ROOM and point.status is PointStatus.OPEN


@pytest.mark.parametrize("change, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"description": "x" * 5000}, "description"),
    ({"kind": "castle"}, "kind"),
    ({"status": "half-open"}, "status"),
    ({"latitude": 90.5}, "latitude"),
    ({"latitude": -91}, "latitude"),
    ({"longitude": 180.01}, "longitude"),
    ({"latitude": math.nan}, "latitude"),
    ({"longitude": math.inf}, "longitude"),
    ({"longitude": None}, "longitude"),
    ({"latitude": None}, "latitude"),
    ({"languages": ["fi", "xx"]}, "languages"),
    ({"languages": ["finnish"]}, "languages"),
    ({"target_groups": ["aliens"]}, "target_groups"),
    ({"area_id": 9999}, "area_id"),
    ({"organisation_id": 9999}, "organisation_id"),
])
def test_bad_point_fields_are_refused_and_nothing_is_saved(app, change, field):
    with pytest.raises(ValidationError) as error:
        points.create_point(VALID | change)
    assert error.value.field == field
    assert count(ServicePoint) == 0


def test_no_coordinates_at_all_is_allowed(app):
    point = points.create_point(VALID | {"latitude": None, "longitude": None})
    assert not point.has_coordinates


def test_update_point_keeps_the_external_id_and_refuses_bad_values(app):
    point = points.create_point(VALID)
    points.update_point(point, {"name": "Uusi nimi", "latitude": 65.1, "longitude": 25.5})
    assert point.external_id == "tuiran-asukastupa" and point.name == "Uusi nimi"
    with pytest.raises(ValidationError):
        points.update_point(point, {"latitude": 100.0})
    assert point.latitude == 65.1


def test_update_point_keeps_language_codes_it_already_has(app):
    point = factories.point(languages=["fi", "smn"])
    points.update_point(point, {"name": "Inarin tupa"})
    assert point.languages == ["fi", "smn"]
    with pytest.raises(ValidationError):
        points.update_point(point, {"languages": ["fi", "sms"]})


def test_set_status_and_retire(app):
    point = factories.point()
    points.set_status(point, "standby")
    assert point.status is PointStatus.STANDBY
    with pytest.raises(ValidationError):
        points.set_status(point, "maybe")
    assert point.status is PointStatus.STANDBY
    from network.clock import utcnow

    points.retire_point(point, now=utcnow())
    assert point.retired_at is not None


def test_hours_periods_are_checked(app):
    point = factories.point()
    points.add_hours(point, mode="normal", weekday=0, opens=time(9), closes=time(12))
    # Touching periods and the same hours in the other mode or on another day are fine.
    points.add_hours(point, mode="normal", weekday=0, opens=time(12), closes=time(15))
    points.add_hours(point, mode="exceptional", weekday=0, opens=time(10), closes=time(11))
    points.add_hours(point, mode="normal", weekday=1, opens=time(10), closes=time(11))
    bad = [
        ({"opens": time(10), "closes": time(10)}, "closes"),
        ({"opens": time(16), "closes": time(15)}, "closes"),
        ({"opens": time(11), "closes": time(13)}, "opens"),
        ({"opens": time(8), "closes": time(16)}, "opens"),
        ({"opens": time(13), "closes": time(14)}, "opens"),
        ({"opens": None, "closes": time(14)}, "opens"),
        ({"weekday": 7}, "weekday"),
        ({"mode": "holiday"}, "mode"),
    ]
    for change, field in bad:
        values = {"mode": "normal", "weekday": 0, "opens": time(17), "closes": time(18)} | change
        with pytest.raises(ValidationError) as error:
            points.add_hours(point, **values)
        assert error.value.field == field, change
    assert count(OpeningHours) == 4
    assert [(h.opens, h.closes) for h in point.hours_in(ServiceMode.NORMAL) if h.weekday == 0] \
        == [(time(9), time(12)), (time(12), time(15))]


def test_remove_hours(app):
    point = factories.point()
    period = points.add_hours(point, mode="normal", weekday=0, opens=time(9), closes=time(12))
    other = factories.point("Toinen")
    with pytest.raises(ValueError):
        points.remove_hours(other, period)
    points.remove_hours(point, period)
    assert count(OpeningHours) == 0


def test_exceptions_one_per_day_closed_or_other_hours(app):
    point = factories.point()
    christmas = points.add_exception(point, day=date(2030, 12, 24), closed=True,
                                     opens=time(9), closes=time(10), note=" Jouluaatto ")
    assert christmas.opens is None and christmas.note == "Jouluaatto"
    points.add_exception(point, day=date(2030, 12, 27), closed=False, opens=time(10),
                         closes=time(12))
    for values, field in [
        ({"day": date(2030, 12, 24), "closed": True}, "day"),
        ({"day": date(2030, 12, 28), "closed": False}, "opens"),
        ({"day": date(2030, 12, 28), "closed": False, "opens": time(12), "closes": time(11)},
         "closes"),
        ({"day": date(2030, 12, 28), "closed": True, "note": "x" * 201}, "note"),
        ({"day": None, "closed": True}, "day"),
    ]:
        with pytest.raises(ValidationError) as error:
            points.add_exception(point, **values)
        assert error.value.field == field
    assert count(ScheduleException) == 2
    assert points.exception_on(point, date(2030, 12, 27)).opens == time(10)
    points.remove_exception(point, christmas)
    assert count(ScheduleException) == 1


def test_set_offerings_per_mode(app):
    point = factories.point()
    food, talk = factories.offering(), factories.offering("conversation", name_fi="Keskustelu")
    points.set_offerings(point, ServiceMode.NORMAL, [food, talk])
    points.set_offerings(point, ServiceMode.EXCEPTIONAL, [food])
    db.session.commit()
    points.set_offerings(point, ServiceMode.NORMAL, [talk])
    db.session.commit()
    db.session.expire_all()
    assert [o.code for o in point.offerings_in(ServiceMode.NORMAL)] == ["conversation"]
    assert [o.code for o in point.offerings_in(ServiceMode.EXCEPTIONAL)] == ["food_aid"]
    assert [o.code for o in points.active_offerings()] == ["conversation", "food_aid"]
