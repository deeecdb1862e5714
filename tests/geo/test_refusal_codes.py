"""Every population refusal geo raises has a known code with the details its reason needs."""

import ast
import pickle
import re
from pathlib import Path

import pytest

import geo
from geo.errors import REASONS, ImportRefused

PLACES = re.compile(r"%\((\w+)\)")


def raised_refusals() -> list[tuple[str, int, str | None, set[str]]]:
    """(file, line, code, value names) of each ImportRefused(...) call in geo's sources."""
    found = []
    for path in sorted(Path(geo.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ImportRefused":
                first = node.args[0] if node.args else None
                code = first.value if isinstance(first, ast.Constant) else None
                found.append((path.name, node.lineno, code, {k.arg for k in node.keywords}))
    return found


def test_every_refusal_raised_has_a_known_code_and_exactly_its_values():
    calls = [c for c in raised_refusals() if c[0] != "errors.py"]
    assert len(calls) > 40
    for name, line, code, values in calls:
        assert code in REASONS, f"{name}:{line}: code {code!r} is not in geo.errors.REASONS"
        assert values == set(PLACES.findall(REASONS[code])), f"{name}:{line}: {code}"


def test_every_code_is_raised_somewhere():
    assert {c[2] for c in raised_refusals()} >= set(REASONS)


def test_reason_reads_as_plain_english():
    refused = ImportRefused("no_such_layer", layer="ruudut", layers=["grid", "points"])
    assert refused.reason == str(refused) == (
        "The GeoPackage has no feature layer 'ruudut'; layers: grid, points.")
    assert str(ImportRefused("no_data_rows")) == "The file has a header but no data rows."
    assert ImportRefused("not_a_number", item="row", n=4, column="x", value="4,5,6").reason == (
        "Row 4: x '4,5,6' is not a number.")


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown refusal code"):
        ImportRefused("the file is bad")


def test_a_refusal_survives_pickling():
    refused = pickle.loads(pickle.dumps(ImportRefused("empty_layer", layer="grid")))
    assert (refused.code, refused.values) == ("empty_layer", {"layer": "grid"})
    assert refused.reason == "The GeoPackage layer 'grid' contains no features."
