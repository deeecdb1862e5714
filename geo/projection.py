"""WGS84 ⇄ EPSG:3067 (ETRS-TM35FIN), vectorised over numpy arrays.

Arguments and results are in the order people write them: (lat, lon) for WGS84 and
(x, y) = (easting, northing) in metres for EPSG:3067. The pyproj transformers are built
once (always_xy) and are thread-safe (pyproj ≥ 3.1).
"""

from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

WGS84 = 4326
TM35FIN = 3067

# Generous bounds of Finland (with Åland and the sea areas) in WGS84 degrees.
FINLAND_LAT = (59.0, 70.5)
FINLAND_LON = (19.0, 32.0)

_TO_TM35 = Transformer.from_crs(WGS84, TM35FIN, always_xy=True)
_TO_WGS84 = Transformer.from_crs(TM35FIN, WGS84, always_xy=True)


def to_tm35(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 latitude/longitude (scalars or arrays) to EPSG:3067 x, y in metres."""
    x, y = _TO_TM35.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def to_wgs84(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Unproject EPSG:3067 x, y (scalars or arrays) to WGS84 latitude, longitude."""
    lon, lat = _TO_WGS84.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lat), np.asarray(lon)


def epsg_of(text: str) -> int | None:
    """The EPSG code a CRS name or definition carries (URN, 'EPSG:n', WKT), or None."""
    if not text or not text.strip():
        return None
    try:
        crs = CRS.from_user_input(text.strip())
    except CRSError:
        return None
    return crs.to_epsg()


@lru_cache(maxsize=16)
def transformer_to_tm35(epsg: int) -> Transformer:
    """A cached always_xy transformer from an EPSG code to EPSG:3067 (raises CRSError)."""
    return Transformer.from_crs(CRS.from_epsg(epsg), TM35FIN, always_xy=True)


def from_epsg(epsg: int, x, y) -> tuple[np.ndarray, np.ndarray]:
    """Transform x, y (lon, lat for geographic CRSs) from an EPSG code to EPSG:3067."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if epsg == TM35FIN:
        return x, y
    if epsg == WGS84:
        return to_tm35(y, x)
    tx, ty = transformer_to_tm35(epsg).transform(x, y)
    return np.asarray(tx), np.asarray(ty)


def in_finland(lat, lon) -> np.ndarray:
    """A boolean mask: which WGS84 positions fall inside Finland's (generous) bounds."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    return (
        np.isfinite(lat) & np.isfinite(lon)
        & (lat >= FINLAND_LAT[0]) & (lat <= FINLAND_LAT[1])
        & (lon >= FINLAND_LON[0]) & (lon <= FINLAND_LON[1])
    )
