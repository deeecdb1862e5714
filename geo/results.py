"""What place lookups answer: a found position or a NotFound with a reason code."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Source = Literal["geocoder", "gazetteer"]


class NotFoundReason(StrEnum):
    """Why a lookup found nothing; the web layer turns these codes into translated text."""

    EMPTY = "empty"
    POSTCODE = "postcode"
    NO_MATCH = "no_match"
    OUTSIDE_FINLAND = "outside_finland"


_MESSAGES = {
    NotFoundReason.EMPTY: "Type a place name or an address.",
    NotFoundReason.POSTCODE: (
        "Postcodes are not in the offline place list; type a place or district name."
    ),
    NotFoundReason.NO_MATCH: "Place not found.",
    NotFoundReason.OUTSIDE_FINLAND: "The place found is outside Finland.",
}


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    """A position found for a query: where, what it is called, and who answered."""

    lat: float
    lon: float
    label: str
    source: Source
    # True when the answer is a place named in the query, not the address itself.
    approximate: bool = False
    found: bool = True


@dataclass(frozen=True, slots=True)
class NotFound:
    """Nothing found for a query; `reason` is a code, `message` plain English."""

    query: str
    reason: NotFoundReason
    # Whether a configured geocoder could not be reached (the answer came offline).
    geocoder_failed: bool = False
    found: bool = False

    @property
    def message(self) -> str:
        """A plain-English explanation (the web layer translates by reason code)."""
        return _MESSAGES[self.reason]
