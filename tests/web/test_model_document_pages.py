"""The model document page and PDF in three languages, gaps as visible links, the texts."""

import re

import pytest

from network import demo
from network.clock import utcnow
from network.models import Role
from tests import factories
from tests.conftest import login
from web.extensions import db


@pytest.fixture
def demo_network(app):
    demo.load(now=utcnow())
    db.session.commit()


def test_an_empty_network_shows_every_gap_with_a_link(client, users):
    login(client, users[Role.STEERING_ADMIN])
    page = client.get("/staff/model-document/?lang=en").get_data(as_text=True)
    assert page.count("<h1>") == 1
    for part in ("Organisations taking part", "The steering and coordination group",
                 "Responsible persons for each area and service", "How coordination",
                 "What, how and where services are delivered",
                 "The service offering of each point", "The network", "Communications plan",
                 "Contact details of the actors", "Volunteer checklist",
                 "Local and national service contacts",
                 "Checklist for setting up a service point quickly"):
        assert part in page, part
    assert page.count('class="gap"') >= 12
    assert "/staff/organisations/new" in page and "/staff/model-document/texts/coordination" \
        in page and "/staff/contacts/new" in page


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_demo_document_in_each_language(client, users, demo_network, lang):
    login(client, users[Role.COORDINATOR])
    page = client.get(f"/staff/model-document/?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert "Oulun kaupunki" in page and "<svg" in page and 'class="offerings-table"' in page
    pdf = client.get(f"/staff/model-document/{lang}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and len(pdf.data) > 20000
    assert f"local-model-{lang}-" in pdf.headers["Content-Disposition"]


def test_the_demo_document_flags_only_what_the_demo_lacks(client, users, demo_network):
    login(client, users[Role.COORDINATOR])
    page = client.get("/staff/model-document/?lang=en").get_data(as_text=True)
    gaps = re.findall(r'<p class="gap"><strong>Missing:</strong> ([^<]+?)(?: – )?<', page)
    assert set(gaps) == {
        "How coordination between the actors and the points is arranged",
        "How services are delivered: electronic, mobile, traditional",
        "the communications plan of a scenario", "the volunteer checklist",
        "Checklist for setting up a service point quickly"}
    assert "Edit this text" not in page  # coordinators read, steering admins edit


def test_a_steering_admin_writes_the_texts(app, client, users):
    login(client, users[Role.STEERING_ADMIN])
    response = client.post("/staff/model-document/texts/coordination", data={
        "body_fi": "Ohjausryhmä kokoontuu kuukausittain.", "body_en": "The group meets monthly."})
    assert response.status_code == 302
    page = client.get("/staff/model-document/?lang=en").get_data(as_text=True)
    assert "The group meets monthly." in page
    page = client.get("/staff/model-document/?lang=sv").get_data(as_text=True)
    assert "Ohjausryhmä kokoontuu kuukausittain." in page
    assert client.get("/staff/model-document/texts/unknown").status_code == 404
    too_long = client.post("/staff/model-document/texts/quick_setup",
                           data={"body_fi": "x" * 20001})
    assert too_long.status_code == 400
    coordinator = app.test_client()
    login(coordinator, users[Role.COORDINATOR])
    assert coordinator.get("/staff/model-document/texts/coordination").status_code == 403


def test_names_are_escaped_in_the_diagram(client, users):
    point = factories.point('Piste "<b>&</b>"')
    factories.pair(point, "Anna <i>", "Bertta")
    db.session.commit()
    login(client, users[Role.STEERING_ADMIN])
    page = client.get("/staff/model-document/?lang=en").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<b>" not in svg and "<i>" not in svg and "&lt;b&gt;" in svg
    assert "Anna &lt;i&gt; &amp; Bertta" in svg
