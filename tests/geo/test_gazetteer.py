"""The offline gazetteer: names, accents, prefixes, duplicates, postcodes."""

import pytest

from geo.gazetteer import DATA_FILE, Gazetteer, Place, default_gazetteer, normalise
from geo.results import NotFound, NotFoundReason


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def test_data_ships_with_credit():
    credits = (DATA_FILE.parent / "CREDITS").read_text(encoding="utf-8")
    assert "GeoNames" in credits and "CC BY 4.0" in credits
    assert len(default_gazetteer().places) == 930


@pytest.mark.parametrize("query", ["tuira", "Tuira", "TUIRA", "  tuira "])
def test_case_insensitive(gazetteer, query):
    match = gazetteer.lookup(query)
    assert match.place.name == "Tuira"
    assert match.place.lat == pytest.approx(65.02607)
    assert match.place.population == 7805


def test_upper_case_district(gazetteer):
    assert gazetteer.lookup("HAUKIPUDAS").place.name == "Haukipudas"


@pytest.mark.parametrize("query", ["hameenlinna", "Hämeenlinna", "HÄMEENLINNA", "hämeenlinna"])
def test_accent_insensitive(gazetteer, query):
    assert gazetteer.lookup(query).place.name == "Hämeenlinna"


def test_normalise_strips_finnish_and_swedish_letters():
    assert normalise("Ähtäri-Öjåsen") == "ahtari ojasen"


def test_exact_match_beats_bigger_prefix_match(gazetteer):
    # Iisalmi is twice as big, but "Ii" is a place of its own.
    assert gazetteer.lookup("Ii").place.name == "Ii"
    assert gazetteer.lookup("ii").exact
    assert gazetteer.lookup("Iisalmi").place.name == "Iisalmi"


def test_prefix_match_prefers_population(gazetteer):
    match = gazetteer.lookup("Hauki")
    assert match.place.name == "Haukipudas"
    assert not match.exact
    names = [p.name for p in gazetteer.search("oulu", limit=3)]
    assert names[0] == "Oulu"


def test_duplicate_names_by_population_or_context(gazetteer):
    assert gazetteer.lookup("Alppila").place.admin1 == "01"  # Helsinki's is bigger
    assert gazetteer.lookup("Alppila, Oulu").place.admin1 == "17"
    koskela = gazetteer.lookup("Koskela, Helsinki")
    assert koskela.place.admin1 == "01"
    assert not koskela.partial


def test_address_falls_back_to_the_town_as_approximate(gazetteer):
    match = gazetteer.lookup("Isokatu 1, 90100 Oulu")
    assert match.place.name == "Oulu"
    assert match.partial


@pytest.mark.parametrize("query", ["90100", " 00100 "])
def test_postcode_is_not_found_clearly(gazetteer, query):
    result = gazetteer.lookup(query)
    assert isinstance(result, NotFound)
    assert result.reason is NotFoundReason.POSTCODE
    assert "Postcodes" in result.message
    assert not result.found


def test_unknown_and_empty(gazetteer):
    assert gazetteer.lookup("Xyzzyville").reason is NotFoundReason.NO_MATCH
    assert gazetteer.lookup("Xyzzyville").message == "Place not found."
    assert gazetteer.lookup("  ").reason is NotFoundReason.EMPTY
    assert gazetteer.search("") == []


def test_custom_places():
    g = Gazetteer([Place("Åbo", 60.45, 22.27, 10), Place("Abborrträsk", 65.0, 20.0, 5)])
    assert g.lookup("abo").place.name == "Åbo"
    assert [p.name for p in g.search("ab")] == ["Åbo", "Abborrträsk"]
