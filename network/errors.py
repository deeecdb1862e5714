"""Errors that domain operations raise for bad input."""


class ValidationError(ValueError):
    """Input that breaks a rule of the domain; `field` names what to fix."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
