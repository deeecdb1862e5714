"""The local model document: every required part is present or flagged as missing, for an
empty network and for the Oulu demo network, in each language."""

from datetime import date

import pytest

from network import demo, model_document
from network.clock import utcnow
from network.models import Role, VolunteerChecklist
from tests import factories
from web.extensions import db

TODAY = date(2026, 3, 1)
PARTS = ["organisations", "steering_group", "responsible", "coordination", "delivery",
         "offerings_table", "diagram"]
ATTACHMENTS = ["communications_plan", "contacts", "volunteer_checklist", "service_contacts",
               "quick_setup"]


def kinds(document):
    return {gap.kind for _key, gap in document.gaps}


def test_an_empty_network_flags_every_part(app):
    document = model_document.build("fi", today=TODAY)
    assert [p.key for p in document.parts] == PARTS
    assert [p.key for p in document.attachments] == ATTACHMENTS
    for part in document.parts + document.attachments:
        assert part.gaps, f"{part.key} should be flagged as missing"
    assert {"organisations", "roster", "areas", "text", "points", "offerings", "coordinators",
            "plan", "checklist", "contacts_local", "contacts_national"} <= kinds(document)


def test_the_demo_network_has_its_data_and_flags_only_what_it_lacks(app):
    demo.load(now=utcnow())
    db.session.commit()
    document = model_document.build("en", today=TODAY)
    assert document.coordinator is not None
    assert not document.part("organisations").gaps
    assert not document.part("steering_group").gaps
    assert document.part("offerings_table").data.rows
    assert not document.part("offerings_table").gaps
    diagram = document.part("diagram").data
    assert diagram.steering and diagram.points and diagram.coordinators
    assert all(len(p.pair) == 2 for p in diagram.points)
    delivery = document.part("delivery").data["modes"]
    assert any(mode.electronic for mode in delivery) and any(mode.mobile for mode in delivery)
    assert not document.part("service_contacts").gaps
    # The demo has no steering group texts, plan or checklist: each is flagged to be filled.
    assert {g.subject for g in document.part("coordination").gaps} == {"coordination"}
    assert document.part("quick_setup").gaps
    assert document.part("communications_plan").gaps == [model_document.Gap("plan")]
    assert document.part("volunteer_checklist").gaps


def test_texts_are_written_per_language_and_fall_back_to_finnish(app, users):
    model_document.save_text("coordination", {"fi": "Koordinaatio sovitaan ryhmässä.",
                                              "sv": "", "en": "Agreed in the group."},
                             actor=users[Role.STEERING_ADMIN])
    assert model_document.model_text("coordination", "en").body == "Agreed in the group."
    swedish = model_document.model_text("coordination", "sv")
    assert swedish.language == "fi" and swedish.fallback("sv")
    model_document.save_text("coordination", {"fi": "", "en": ""}, actor=None)
    assert model_document.model_text("coordination", "fi") is None
    with pytest.raises(ValueError):
        model_document.save_text("unknown", {}, actor=None)


def test_filled_parts_lose_their_gaps(app, users):
    org = factories.organisation("Koordinoiva", holds_coordination=True,
                                 email="info@example.org")
    sample = factories.sample_network(users)
    assert sample["point_id"]
    for key in model_document.TEXT_KEYS:
        model_document.save_text(key, {"fi": f"Teksti {key}"}, actor=None)
    db.session.add(VolunteerChecklist(title="Yleinen", remember="Henkilökortti"))
    db.session.commit()
    document = model_document.build("sv", today=TODAY)
    for key in ("coordination", "quick_setup", "communications_plan", "volunteer_checklist",
                "steering_group"):
        assert not document.part(key).gaps, key
    assert document.part("coordination").data.fallback("sv")
    plan = document.part("communications_plan").data
    assert plan and plan[0].scenario == "Harjoitusskenaario"
    contacts = document.part("contacts").data
    assert org in contacts["organisations"]
    gaps = {gap.kind for gap in document.part("service_contacts").gaps}
    assert gaps == {"contacts_local"}  # the sample has one national contact only
