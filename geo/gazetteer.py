"""An offline gazetteer of Finnish places and districts (GeoNames, CC BY 4.0).

Names are matched case- and accent-insensitively ("hameenlinna" finds Hämeenlinna,
"TUIRA" finds Tuira). Exact name matches come before prefix matches ("Ii" is Ii, not
Iisalmi), and among equals the larger population wins. Postcodes are not in the data: a
five-digit query answers a NotFound that says so.
"""

import csv
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.results import NotFound, NotFoundReason

DATA_FILE = Path(__file__).with_name("data") / "fi_places.csv"
CREDIT = "GeoNames (www.geonames.org), CC BY 4.0"

_POSTCODE = re.compile(r"^\d{5}$")
_POSTCODE_TOKEN = re.compile(r"\b\d{5}\b")
_SPACES = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class Place:
    """A named place with its WGS84 position and population."""

    name: str
    lat: float
    lon: float
    population: int
    geonameid: int | None = None
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A gazetteer answer: the place and the part of the query it matched."""

    place: Place
    matched: str
    exact: bool
    # True when the query's first part named nothing and a later one (the town in
    # "Isokatu 1, Oulu") answered: the position is only roughly right.
    partial: bool = False


def normalise(text: str) -> str:
    """Casefold, strip accents (ä→a, ö→o, å→a) and collapse spaces and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip(" ,.")


class Gazetteer:
    """Place lookup by name over an in-memory list of places."""

    def __init__(self, places: list[Place]):
        self.places = sorted(places, key=lambda p: -p.population)
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        for place in self.places:  # already in descending population
            self._by_key[normalise(place.name)].append(place)
        self._keys = sorted(self._by_key)

    @classmethod
    def from_csv(cls, path: Path | str = DATA_FILE) -> "Gazetteer":
        """Load places from a GeoNames-style CSV (name, latitude, longitude, population)."""
        with open(path, newline="", encoding="utf-8") as fh:
            places = [
                Place(
                    name=row["name"],
                    lat=float(row["latitude"]),
                    lon=float(row["longitude"]),
                    population=int(row.get("population") or 0),
                    geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
                    admin1=row.get("admin1code") or None,
                )
                for row in csv.DictReader(fh)
            ]
        return cls(places)

    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Places whose name equals or starts with the query: exact first, then by population."""
        key = normalise(query)
        if not key:
            return []
        exact = list(self._by_key.get(key, ()))
        prefixed = [
            place
            for name in self._keys_with_prefix(key)
            if name != key
            for place in self._by_key[name]
        ]
        prefixed.sort(key=lambda p: -p.population)
        return (exact + prefixed)[:limit]

    def lookup(self, query: str) -> PlaceMatch | NotFound:
        """The best place for a query, or a NotFound that says why.

        A query with commas ("Isokatu 1, Oulu", "Alppila, Helsinki") that matches nothing
        as a whole is tried part by part, exact names only: the first part that names a
        place wins, and among places of that name the one nearest to a place named in
        another part (else the most populous). When the first part named nothing (a street
        address), the answer is marked partial.
        """
        text = (query or "").strip()
        if not normalise(text):
            return NotFound(query=text, reason=NotFoundReason.EMPTY)
        if _POSTCODE.match(text):
            return NotFound(query=text, reason=NotFoundReason.POSTCODE)
        found = self._best(text)
        if found is not None:
            return found
        # "Isokatu 1, 90100 Oulu": drop postcodes, then try each comma-separated part.
        parts = [_POSTCODE_TOKEN.sub(" ", p).strip() for p in text.split(",")]
        parts = [p for p in parts if normalise(p)]
        if len(parts) > 1 or (parts and parts[0] != text):
            for i, part in enumerate(parts):
                named = self._by_key.get(normalise(part))
                if not named:
                    continue
                context = [
                    self._by_key[normalise(other)][0]
                    for other in parts[i + 1:]
                    if normalise(other) in self._by_key
                ]
                place = named[0]
                if context and len(named) > 1:
                    anchor = context[0]
                    place = min(named, key=lambda p: _squared_degrees(p, anchor))
                return PlaceMatch(place, matched=part, exact=True, partial=i > 0)
        return NotFound(query=text, reason=NotFoundReason.NO_MATCH)

    def _best(self, text: str) -> PlaceMatch | None:
        found = self.search(text, limit=1)
        if not found:
            return None
        place = found[0]
        return PlaceMatch(place, matched=text, exact=normalise(place.name) == normalise(text))

    def _keys_with_prefix(self, key: str) -> list[str]:
        start = bisect_left(self._keys, key)
        out = []
        for name in self._keys[start:]:
            if not name.startswith(key):
                break
            out.append(name)
        return out


def _squared_degrees(a: Place, b: Place) -> float:
    """A cheap distance ranking between places (longitude shrunk at Finnish latitudes)."""
    return (a.lat - b.lat) ** 2 + (0.45 * (a.lon - b.lon)) ** 2


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the shipped GeoNames places, loaded once."""
    return Gazetteer.from_csv(DATA_FILE)
