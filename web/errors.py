"""Error pages: a clear message in the user's language, never a stack trace."""

import logging
import traceback

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

log = logging.getLogger("apuverkko.errors")


def without_messages(error: BaseException) -> str:
    """The exception's class and stack without messages (which can quote personal data)."""
    # An SQL error lists the row's values; a lookup error can quote the typed address.
    lines = [type(error).__qualname__, *traceback.format_tb(error.__traceback__)]
    cause = error.__cause__ or error.__context__
    if cause is not None:
        lines += ["caused by " + type(cause).__qualname__,
                  *traceback.format_tb(cause.__traceback__)]
    return "\n".join(line.rstrip() for line in lines)


def register(app: Flask) -> None:
    """Render HTTP errors with the site's layout."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("The request could not be understood. Please check what you sent."),
            403: _("You do not have permission to see this page."),
            404: _("The page was not found."),
            405: _("This address does not accept that kind of request."),
            413: _("The file is too large."),
            429: _("Too many attempts. Please wait a moment and try again."),
        }
        message = messages.get(error.code or 500, _("Something went wrong."))
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.error("unhandled error at %s: %s", request.endpoint, without_messages(error))
        return render_template("error.html", code=500, message=_("Something went wrong.")), 500
