"""Looking up a place or address for staff, with answers and failures in the page's language.

The app's geocoder never raises for network trouble (geo.geocoding); anything unexpected
here still ends in the offline gazetteer's answer or a clear "place not found", never a 500.
"""

import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from geo.geocoding import Geocoder, GeocoderSettings
from geo.results import GeocodeResult, NotFound, NotFoundReason
from web.geo import services

log = logging.getLogger(__name__)

NOT_FOUND = {
    NotFoundReason.EMPTY: _l("Type a place name or an address."),
    NotFoundReason.POSTCODE: _l(
        "Postcodes are not in the offline place list; type a place or district name."),
    NotFoundReason.NO_MATCH: _l("Place not found."),
    NotFoundReason.OUTSIDE_FINLAND: _l("The place found is outside Finland."),
}


def lookup(text: str) -> GeocodeResult | NotFound:
    """The position of a place or address, or a NotFound with its reason."""
    try:
        return services.geocoder().geocode(text)
    except Exception as exc:  # noqa: BLE001 - a lookup must never become a server error
        # The class only: a message (or a traceback's last line) can quote the typed address.
        log.error("geocoding failed (%s); using the offline gazetteer", type(exc).__name__)
        return Geocoder(GeocoderSettings()).geocode(text)


def source_label(result: GeocodeResult) -> str:
    """Who answered, in words."""
    if result.source == "geocoder":
        return _("the address service")
    return _("the offline place list (GeoNames)")


def describe(answer: GeocodeResult | NotFound) -> str:
    """One sentence about the answer."""
    if isinstance(answer, NotFound):
        message = str(NOT_FOUND.get(answer.reason, NOT_FOUND[NotFoundReason.NO_MATCH]))
        if answer.geocoder_failed:
            message += " " + _("The address service could not be reached, so only the offline "
                               "place list was searched.")
        return message
    if answer.approximate:
        return _("Found %(label)s (from %(source)s). This is only the place named in the "
                 "address, not the address itself: check the position.",
                 label=answer.label, source=source_label(answer))
    return _("Found %(label)s (from %(source)s).", label=answer.label,
             source=source_label(answer))
