"""Message templates of the communications plan: `{placeholder}` text checked before saving."""

import string
from collections.abc import Mapping
from dataclasses import dataclass

# The placeholders a template may use, and what each stands for (shown to the author).
PLACEHOLDERS: dict[str, str] = {
    "scenario": "the scenario's name",
    "reason": "why the exceptional mode was activated",
    "nearest_points": "the open points nearest to the recipient (or of their area)",
    "area": "the recipient's area",
    "site_link": "the link to the resident site",
    "unsubscribe_link": "the one-step unsubscribe link (subscribed residents only)",
    "organisation": "the organisation that informs",
    "sender": "the person who informs",
    "recipient_name": "the recipient's name, where known",
    "point": "the recipient's own service point (worker pairs only)",
    "instructions": "the scenario's instructions for the recipient's point (worker pairs only)",
}

_FORMATTER = string.Formatter()


class TemplateError(ValueError):
    """A template that cannot be rendered: unknown placeholder or bad syntax."""


@dataclass(frozen=True)
class TemplateCheck:
    """The placeholders a template uses."""

    used: frozenset[str]


def check(template: str, allowed: Mapping[str, str] = PLACEHOLDERS) -> TemplateCheck:
    """Parse a template; refuse unknown placeholders, attribute access and format specs."""
    used: set[str] = set()
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise TemplateError(f"broken braces: {error}") from error
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise TemplateError(f"only plain {{name}} placeholders are allowed, not {{{name}}}")
        if name not in allowed:
            raise TemplateError(f"unknown placeholder {{{name}}}")
        used.add(name)
    return TemplateCheck(used=frozenset(used))


def render(template: str, values: Mapping[str, object]) -> str:
    """Fill a checked template; a placeholder without a value renders empty."""
    check(template)
    return _FORMATTER.vformat(template, (), _Defaulting(values))


class _Defaulting(dict):
    def __init__(self, values: Mapping[str, object]):
        super().__init__({k: "" if v is None else v for k, v in values.items()})

    def __missing__(self, key: str) -> str:
        return ""
