"""Communications-plan templates: known placeholders only, rendered safely."""

import pytest

from crisis.message_templates import TemplateError, check, render


def test_known_placeholders_are_found():
    assert check("{scenario}: {nearest_points} – {site_link}").used == {
        "scenario", "nearest_points", "site_link"}


@pytest.mark.parametrize("bad", [
    "Hello {name}",                 # unknown
    "{scenario.__class__}",         # attribute access
    "{scenario!r}",                 # conversion
    "{scenario:>10}",               # format spec
    "{0}",                          # positional
    "unclosed {scenario",           # broken braces
])
def test_bad_templates_are_refused(bad):
    with pytest.raises(TemplateError):
        check(bad)


def test_render_fills_and_leaves_missing_empty():
    assert render("{scenario} ({area})", {"scenario": "Sähkökatko"}) == "Sähkökatko ()"


def test_literal_braces_survive():
    assert render("{{not a placeholder}} {scenario}", {"scenario": "x"}) == "{not a placeholder} x"
