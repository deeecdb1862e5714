"""Errors the geo package raises to its callers."""


class GeoError(Exception):
    """Base class of geo errors."""


class ImportRefused(GeoError):
    """A population file was refused; `reason` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
