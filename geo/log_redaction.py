"""Keep typed addresses out of the logs of the geocoder's HTTP libraries.

geopy logs each request URL at DEBUG and urllib3 logs the URL of a retried request at WARNING;
both carry the typed address in the query string. A filter on their loggers replaces every
query string with "?…" before any handler sees the record.
"""

import logging
import re

_QUERY = re.compile(r"\?[^\s'\")]*")
LOGGERS = ("geopy", "urllib3.connectionpool", "urllib3.util.retry")


class RedactQueryStrings(logging.Filter):
    """Replace query strings in a record's message with "?…"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _QUERY.sub("?…", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


_FILTER = RedactQueryStrings()


def install(names: tuple[str, ...] = LOGGERS) -> None:
    """Add the filter to the named loggers, by default the geocoder's HTTP ones (once)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
