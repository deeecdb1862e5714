"""The Finnish and Swedish catalogues cover every message the code uses, none fuzzy or empty."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ("fi", "sv")
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
SOURCES = ("web", "network", "crisis", "geo", "tasks")


@pytest.fixture(scope="module")
def used_messages() -> set[str]:
    found: set[str] = set()
    for package in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=METHODS, keywords=KEYWORDS,
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalogue_is_complete(used_messages, locale):
    path = ROOT / "web" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"missing catalogue {path}; run `make messages`"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    missing, untranslated, fuzzy = [], [], []
    for msgid in sorted(used_messages):
        message = catalogue.get(msgid)
        if message is None:
            missing.append(msgid)
        elif message.fuzzy:
            fuzzy.append(msgid)
        elif not (message.string if isinstance(message.string, str) else all(message.string)):
            untranslated.append(msgid)
    assert not missing, f"{locale}: not in the catalogue (run `make messages`): {missing}"
    assert not untranslated, f"{locale}: untranslated: {untranslated}"
    assert not fuzzy, f"{locale}: fuzzy: {fuzzy}"


def test_used_messages_are_found(used_messages):
    assert "Log in" in used_messages
