"""The indicators dashboard: charts with their tables, the period, CSV export, access."""

from datetime import UTC, date, datetime

import pytest

from network import feedback
from network.models import RequestStatus, Role, ServiceSetting, VisitorCount, VisitReport
from tests import factories
from tests import people_factories as pf
from tests.conftest import login
from web.extensions import db

PERIOD = "start=2025-01-01&end=2025-12-31"


@pytest.fixture
def data(app, users):
    v = pf.volunteer(trained=False)
    for day, sector in ((5, ServiceSetting.DISABILITY), (6, ServiceSetting.EMPLOYMENT)):
        r = pf.support_request(starts_at=datetime(2025, 3, day, 10, tzinfo=UTC), volunteer=v,
                               status=RequestStatus.CLOSED, sector=sector)
        db.session.add(VisitReport(request_id=r.id, volunteer_id=v.id, happened=True,
                                   duration_minutes=60))
    point = factories.point("Piste <script>alert(1)</script>")
    food = factories.offering()
    db.session.add(VisitorCount(point_id=point.id, offering_id=food.id, day=date(2025, 5, 2),
                                visitors=17))
    for n in range(5):
        feedback.give(point=None, score=4, comment=None, language="fi", today=date(2025, 6, n + 1))
    db.session.commit()
    return point


def test_the_dashboard_shows_charts_and_tables(client, users, data):
    login(client, users[Role.COORDINATOR])
    response = client.get(f"/staff/indicators/?{PERIOD}&lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("<h1>") == 1
    assert page.count("<svg") >= 4 and 'role="img"' in page
    assert "Visits that happened in the period: 2" in page
    assert "Disability services" in page and "Employment services" in page
    assert ">17<" in page and "4.00" in page
    assert "fewer than 5 answers" in page  # the other months
    # Names are escaped in the charts and the tables alike.
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "No activations in this period." in page


def test_a_bad_period_is_refused_with_the_message(client, users, data):
    login(client, users[Role.STEERING_ADMIN])
    response = client.get("/staff/indicators/?start=2025-12-31&end=2025-01-01&lang=en")
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.get_data(as_text=True)
    assert client.get("/staff/indicators/?start=31.2.2025").status_code == 400


def test_csv_export_of_the_same_period(client, users, data):
    login(client, users[Role.COORDINATOR])
    response = client.get(f"/staff/indicators/export.csv?{PERIOD}&lang=en&sep=comma")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Indicator,Item,Value"
    assert "Support visits,All,2" in lines
    assert "Support visits per month,2025-03,2" in lines
    assert "Mean feedback score,2025-06,4.00" in lines
    assert "Mean feedback score,2025-07,fewer than 5 answers" in lines
    assert any(line.startswith("Visitors,") and line.endswith(",17") for line in lines)


def test_point_workers_and_volunteers_cannot_read_it(app, users):
    for role in (Role.POINT_WORKER, Role.VOLUNTEER):
        client = app.test_client()
        login(client, users[role])
        assert client.get("/staff/indicators/").status_code == 403
        assert client.get("/staff/indicators/export.csv").status_code == 403
