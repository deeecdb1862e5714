"""The offerings table: points × offerings in both modes, as a page and as CSV."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from network.clock import utcnow
from network.models import Area, PointOffering, Role, ServiceMode
from tests import factories
from tests.conftest import login
from web.extensions import db


class Tables(HTMLParser):
    """The tables of a page: a caption and rows of (tag, scope, text) cells, the text as a
    screen reader gets it (aria-hidden spans left out)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list | None = None
        self._spans: list[bool] = []
        self._in_caption = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = [tag, attrs.get("scope"), ""]
        elif tag == "span":
            self._spans.append(attrs.get("aria-hidden") == "true")

    def handle_endtag(self, tag):
        if tag == "span":
            self._spans.pop()
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell[2] = " ".join(self._cell[2].split())
            self.tables[-1]["rows"][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data.strip()
        elif self._cell is not None and not any(self._spans):
            self._cell[2] += data


@pytest.fixture
def network(app):
    """Two points × two offerings with known marks (and a retired point and offering)."""
    tuira, keskusta = Area(name="Tuira"), Area(name="Keskusta")
    db.session.add_all([tuira, keskusta])
    food = factories.offering("food_aid", name_en="Food aid", sort_order=1)
    talk = factories.offering("conversation_help", name_fi="Keskusteluapu", name_sv="Samtal",
                              name_en="Conversation help", sort_order=2)
    factories.offering("old_service", name_en="Old service", retired_at=utcnow())
    living = factories.point("<b>Tupa</b> & co", external_id="p-tupa",
                             in_exceptional_network=True)
    hall = factories.point("Seurakuntatalo", external_id="p-hall")
    factories.point("Suljettu", external_id="p-retired", retired_at=utcnow())
    db.session.flush()
    living.area_id, hall.area_id = tuira.id, keskusta.id
    marks = [(living, food, ServiceMode.NORMAL), (living, talk, ServiceMode.NORMAL),
             (living, food, ServiceMode.EXCEPTIONAL), (hall, talk, ServiceMode.NORMAL),
             (hall, talk, ServiceMode.EXCEPTIONAL)]
    db.session.add_all(PointOffering(point_id=p.id, offering_id=o.id, mode=m)
                       for p, o, m in marks)
    db.session.commit()


@pytest.fixture
def reader(client, users, network):
    login(client, users[Role.COORDINATOR])
    return client


def test_the_page_shows_both_modes_with_text_marks(reader):
    response = reader.get("/staff/offerings/table?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    normal, exceptional = Tables(html).tables
    assert normal["caption"] == "Offerings by point: Normal mode"
    assert exceptional["caption"] == "Offerings by point: Exceptional mode"
    for table in (normal, exceptional):
        assert table["rows"][0] == [("th", "col", "Point"), ("th", "col", "Food aid"),
                                    ("th", "col", "Conversation help")]
    # Areas by name (Keskusta before Tuira), each a row group; marks as words.
    assert normal["rows"][1:] == [
        [("th", "rowgroup", "Keskusta")],
        [("th", "row", "Seurakuntatalo"), ("td", None, "No"), ("td", None, "Yes")],
        [("th", "rowgroup", "Tuira")],
        [("th", "row", "<b>Tupa</b> & co"), ("td", None, "Yes"), ("td", None, "Yes")],
        [("th", "row", "Points giving it"), ("td", None, "1"), ("td", None, "2")],
    ]
    assert exceptional["rows"][1:] == [
        [("th", "rowgroup", "Keskusta")],
        [("th", "row", "Seurakuntatalo (not in the exceptional-mode network)"),
         ("td", None, "No"), ("td", None, "Yes")],
        [("th", "rowgroup", "Tuira")],
        [("th", "row", "<b>Tupa</b> & co"), ("td", None, "Yes"), ("td", None, "No")],
        [("th", "row", "Points giving it"), ("td", None, "1"), ("td", None, "1")],
    ]
    assert "Old service" not in html and "Suljettu" not in html


def test_symbols_are_hidden_from_screen_readers_and_words_are_not(reader):
    html = reader.get("/staff/offerings/table?lang=en").get_data(as_text=True)
    assert '<span aria-hidden="true">✓</span> Yes' in html
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">No</span>' in html


def test_the_tables_scroll_in_labelled_regions(reader):
    html = reader.get("/staff/offerings/table?lang=en").get_data(as_text=True)
    regions = re.findall(r'<div class="table-wrap" role="region" aria-labelledby="([^"]+)" '
                         r'tabindex="0">', html)
    assert regions == ["mode-normal", "mode-exceptional"]
    for region in regions:
        assert f'<h2 id="{region}">' in html
    assert 'href="/staff/offerings/table.csv"' in html


def test_html_in_a_point_name_is_shown_escaped(reader):
    html = reader.get("/staff/offerings/table").get_data(as_text=True)
    assert "&lt;b&gt;Tupa&lt;/b&gt; &amp; co" in html
    assert "<b>Tupa</b>" not in html


def test_the_csv_has_a_row_per_point_and_a_column_per_offering_and_mode(reader):
    response = reader.get("/staff/offerings/table.csv?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.match(r'attachment; filename="offerings-table-\d{4}-\d{2}-\d{2}\.csv"',
                    response.headers["Content-Disposition"])
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["External id", "Point", "Area", "In the exceptional-mode network",
         "Food aid (Normal mode)", "Conversation help (Normal mode)",
         "Food aid (Exceptional mode)", "Conversation help (Exceptional mode)"],
        ["p-hall", "Seurakuntatalo", "Keskusta", "no", "no", "yes", "no", "yes"],
        ["p-tupa", "<b>Tupa</b> & co", "Tuira", "yes", "yes", "yes", "yes", "no"],
    ]


def test_the_csv_delimiter_follows_the_language_or_the_choice(reader):
    finnish = reader.get("/staff/offerings/table.csv?lang=fi").get_data().decode("utf-8-sig")
    assert finnish.splitlines()[1].startswith("p-hall;Seurakuntatalo;Keskusta;")
    chosen = reader.get("/staff/offerings/table.csv?lang=fi&sep=comma").get_data()
    assert chosen.decode("utf-8-sig").splitlines()[1].startswith("p-hall,Seurakuntatalo,")


def test_formulas_in_point_names_are_neutralised_in_the_csv(reader):
    factories.point("=cmd|' /C calc'!A0", external_id="p-evil")
    db.session.commit()
    body = reader.get("/staff/offerings/table.csv?sep=comma").get_data().decode("utf-8-sig")
    (evil,) = [row for row in csv.reader(io.StringIO(body)) if row[0] == "p-evil"]
    assert evil[1] == "'=cmd|' /C calc'!A0"


def test_points_without_an_area_come_last_and_an_empty_network_says_so(client, users, app):
    login(client, users[Role.STEERING_ADMIN])
    empty = client.get("/staff/offerings/table?lang=en").get_data(as_text=True)
    assert "There are no active service points or no active offerings yet." in empty
    factories.offering("food_aid")
    factories.point("Bussi", external_id="p-bus")
    db.session.commit()
    html = client.get("/staff/offerings/table?lang=en").get_data(as_text=True)
    assert [("th", "rowgroup", "No area")] in Tables(html).tables[0]["rows"]


def test_the_nav_links_to_the_table_for_readers_only(client, users, app):
    login(client, users[Role.COORDINATOR])
    assert 'href="/staff/offerings/table"' in client.get("/staff/").get_data(as_text=True)
    client.post("/logout")
    login(client, users[Role.POINT_WORKER])
    assert 'href="/staff/offerings/table"' not in client.get("/staff/").get_data(as_text=True)
