"""SMS encoding and segment counting."""

import pytest

from crisis.sms import measure


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), [
    ("", "GSM-7", 0, 0),
    ("Hei! Palvelupiste on auki klo 9–15.", "UCS-2", 35, 1),   # en dash is not GSM
    ("Hei! Palvelupiste on auki klo 9-15.", "GSM-7", 35, 1),
    ("ä" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("€" * 80, "GSM-7", 160, 1),      # extension characters count double
    ("€" * 81, "GSM-7", 162, 2),
    ("я" * 70, "UCS-2", 70, 1),
    ("я" * 71, "UCS-2", 71, 2),
    ("я" * 134, "UCS-2", 134, 2),
    ("я" * 135, "UCS-2", 135, 3),
])
def test_measure(text, encoding, units, segments):
    result = measure(text)
    assert (result.encoding, result.units, result.segments) == (encoding, units, segments)
