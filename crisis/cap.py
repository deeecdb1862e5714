"""CAP 1.2 alerts (OASIS Common Alerting Protocol) as XML, one `info` block per language."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES = ("Alert", "Update", "Cancel")
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
              "Transport", "Infra", "CBRNE", "Other")


@dataclass(frozen=True)
class CapInfo:
    """The alert in one language."""

    language: str  # RFC 3066, e.g. "fi-FI"
    event: str
    headline: str
    description: str
    instruction: str = ""
    category: str = "Safety"
    urgency: str = "Expected"
    severity: str = "Moderate"
    certainty: str = "Likely"
    sender_name: str = ""
    web: str = ""
    area_desc: str = ""
    circles: Sequence[tuple[float, float, float]] = ()  # (lat, lon, radius km)


@dataclass(frozen=True)
class CapAlert:
    """One CAP message."""

    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str = "Alert"
    scope: str = "Public"
    note: str = ""
    references: Sequence[tuple[str, str, datetime]] = ()  # (sender, identifier, sent)
    infos: Sequence[CapInfo] = field(default_factory=tuple)


def cap_time(moment: datetime) -> str:
    """CAP's dateTime: seconds precision with a numeric offset ("Z" is not allowed)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "-00:00" if text.endswith("+00:00") else text


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def to_xml(alert: CapAlert) -> bytes:
    """The alert as CAP 1.2 XML (UTF-8, with declaration), elements in the schema's order."""
    if alert.status not in STATUSES or alert.msg_type not in MSG_TYPES:
        raise ValueError("status or msgType not allowed by CAP 1.2")
    ET.register_namespace("", CAP_NS)
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", alert.sender)
    _sub(root, "sent", cap_time(alert.sent))
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", alert.scope)
    if alert.note:
        _sub(root, "note", alert.note)
    if alert.references:
        _sub(root, "references", " ".join(
            f"{sender},{identifier},{cap_time(sent)}"
            for sender, identifier, sent in alert.references
        ))
    for info in alert.infos:
        if info.category not in CATEGORIES:
            raise ValueError(f"unknown CAP category {info.category}")
        block = _sub(root, "info")
        _sub(block, "language", info.language)
        _sub(block, "category", info.category)
        _sub(block, "event", info.event)
        _sub(block, "urgency", info.urgency)
        _sub(block, "severity", info.severity)
        _sub(block, "certainty", info.certainty)
        if info.sender_name:
            _sub(block, "senderName", info.sender_name)
        _sub(block, "headline", info.headline)
        _sub(block, "description", info.description)
        if info.instruction:
            _sub(block, "instruction", info.instruction)
        if info.web:
            _sub(block, "web", info.web)
        if info.area_desc:
            area = _sub(block, "area")
            _sub(area, "areaDesc", info.area_desc)
            for lat, lon, radius in info.circles:
                _sub(area, "circle", f"{lat:.5f},{lon:.5f} {radius:.2f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
