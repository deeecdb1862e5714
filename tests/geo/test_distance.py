"""Projection and distances against geopy's geodesic."""

import numpy as np
import pytest
from geopy.distance import geodesic

from geo.distance import geodesic_m, haversine_m, tm35_m
from geo.projection import epsg_of, from_epsg, in_finland, to_tm35, to_wgs84

OULU_CATHEDRAL = (65.01349, 25.47230)
HELSINKI_CATHEDRAL = (60.17034, 24.95225)


def test_central_meridian_maps_to_false_easting():
    x, y = to_tm35(64.0, 27.0)
    assert float(x) == pytest.approx(500_000.0, abs=1e-6)
    assert 7_090_000 < float(y) < 7_110_000


def test_projection_round_trip_is_exact_over_arrays():
    rng = np.random.default_rng(1)
    lat = rng.uniform(59.8, 70.0, 1000)
    lon = rng.uniform(20.0, 31.5, 1000)
    x, y = to_tm35(lat, lon)
    back_lat, back_lon = to_wgs84(x, y)
    assert x.shape == (1000,)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)


def test_from_epsg_handles_other_finnish_crs():
    # EPSG:3879 is ETRS-GK25 (Helsinki's local grid): same place, different numbers.
    x, y = to_tm35(*HELSINKI_CATHEDRAL)
    from pyproj import Transformer

    gx, gy = Transformer.from_crs(4326, 3879, always_xy=True).transform(
        HELSINKI_CATHEDRAL[1], HELSINKI_CATHEDRAL[0])
    tx, ty = from_epsg(3879, gx, gy)
    assert float(tx) == pytest.approx(float(x), abs=0.01)
    assert float(ty) == pytest.approx(float(y), abs=0.01)
    assert epsg_of("urn:ogc:def:crs:EPSG::3067") == 3067
    assert epsg_of("not a crs") is None


def test_in_finland():
    assert in_finland([65.0, 59.33, 60.1], [25.5, 18.07, 19.9]).tolist() == [True, False, True]


def test_oulu_to_helsinki_cathedral():
    expected = geodesic(OULU_CATHEDRAL, HELSINKI_CATHEDRAL).meters
    assert 500_000 < expected < 600_000
    assert geodesic_m(*OULU_CATHEDRAL, *HELSINKI_CATHEDRAL) == pytest.approx(expected)
    (x1, x2), (y1, y2) = to_tm35(*zip(OULU_CATHEDRAL, HELSINKI_CATHEDRAL, strict=True))
    assert float(tm35_m(x1, y1, x2, y2)) == pytest.approx(expected, rel=0.005)
    assert float(haversine_m(*OULU_CATHEDRAL, *HELSINKI_CATHEDRAL)) == pytest.approx(
        expected, rel=0.005)


def test_short_distances_across_finland_agree_with_geodesic():
    rng = np.random.default_rng(7)
    n = 300
    lat1 = rng.uniform(59.9, 69.8, n)
    lon1 = rng.uniform(20.5, 31.0, n)
    bearing = rng.uniform(0, 360, n)
    length = rng.uniform(50, 50_000, n)
    ends = [geodesic(meters=d).destination((a, o), b)
            for a, o, b, d in zip(lat1, lon1, bearing, length, strict=True)]
    lat2 = np.array([p.latitude for p in ends])
    lon2 = np.array([p.longitude for p in ends])
    truth = np.array([geodesic((a, o), (b, p)).meters
                      for a, o, b, p in zip(lat1, lon1, lat2, lon2, strict=True)])
    x1, y1 = to_tm35(lat1, lon1)
    x2, y2 = to_tm35(lat2, lon2)
    projected = tm35_m(x1, y1, x2, y2)
    spherical = haversine_m(lat1, lon1, lat2, lon2)
    assert np.max(np.abs(projected / truth - 1)) < 0.005
    assert np.max(np.abs(spherical / truth - 1)) < 0.005
    # The scale-factor correction makes the projected distances far better than required.
    assert np.max(np.abs(projected / truth - 1)) < 1e-4


def test_vectorised_geodesics_equal_geopy():
    from geo.distance import geodesics_m

    lat2 = np.array([65.02607, 60.17034, 65.01349])
    lon2 = np.array([25.47064, 24.95225, 25.47230])
    many = geodesics_m(OULU_CATHEDRAL[0], OULU_CATHEDRAL[1], lat2, lon2)
    one_by_one = [geodesic(OULU_CATHEDRAL, (a, o)).meters for a, o in zip(lat2, lon2, strict=True)]
    np.testing.assert_allclose(many, one_by_one, rtol=1e-9, atol=1e-6)
