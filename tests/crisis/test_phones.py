"""Phone numbers are validated and normalised to E.164 with Finnish defaults."""

import pytest

from crisis.phones import InvalidPhone, can_receive_sms, normalise


@pytest.mark.parametrize(("raw", "e164"), [
    ("040 123 4567", "+358401234567"),
    ("+358 40 1234567", "+358401234567"),
    ("00358401234567", "+358401234567"),
    ("(08) 558 41111", "+358855841111"),
    ("+46 70 123 45 67", "+46701234567"),
])
def test_normalise(raw, e164):
    assert normalise(raw) == e164


@pytest.mark.parametrize("raw", ["", "abc", "123", "040 123", "+358 40 1234567890123"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise(raw)


def test_mobile_numbers_can_receive_sms():
    assert can_receive_sms("+358401234567")
    assert not can_receive_sms("+358855841111")
