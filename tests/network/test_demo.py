"""The Oulu demo network: complete, placed in its districts, loadable twice, with working logins."""

import csv
from datetime import UTC, datetime
from math import cos, hypot, radians
from pathlib import Path

import pytest
from sqlalchemy import func, select

from network import catalogue, demo, organisations
from network.models import (
    Area,
    Contact,
    GroupRole,
    Offering,
    OpeningHours,
    Organisation,
    OrganisationKind,
    PairWorker,
    PointKind,
    PointOffering,
    Role,
    RosterMember,
    ServiceMode,
    ServicePoint,
    User,
    WorkerPair,
)
from network.overview import has_complete_pair
from tests import services
from web.extensions import db

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
PLACES = [ROOT / "geo" / "data" / "fi_places.csv",
          ROOT.parent / "shared" / "data" / "fi_places.csv"]
COUNTED = (Organisation, Area, User, RosterMember, ServicePoint, OpeningHours, PointOffering,
           WorkerPair, PairWorker, Contact, Offering)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on a local flat approximation, good to a few metres at these ranges."""
    d_lat = (a[0] - b[0]) * 111.32
    d_lon = (a[1] - b[1]) * 111.32 * cos(radians(a[0]))
    return hypot(d_lat, d_lon)


def oulu_places() -> dict[str, tuple[float, float]]:
    """The North Ostrobothnia rows of the GeoNames place file, by name."""
    path = next((p for p in PLACES if p.exists()), None)
    if path is None:
        services.missing("fi_places.csv (geo/data/ or ../shared/data/)")
    with path.open(encoding="utf-8") as f:
        return {row["name"]: (float(row["latitude"]), float(row["longitude"]))
                for row in csv.DictReader(f) if row["admin1code"] == "17"}


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


@pytest.fixture
def loaded(app):
    logins = demo.load(now=NOW)
    db.session.commit()
    return logins


def points() -> list[ServicePoint]:
    return list(db.session.scalars(select(ServicePoint).order_by(ServicePoint.name)))


def test_at_least_twenty_points_each_run_by_a_complete_pair(loaded):
    found = points()
    assert len(found) >= 20
    kinds = {p.kind for p in found}
    assert {PointKind.LIVING_ROOM, PointKind.PARISH_HALL, PointKind.LIBRARY,
            PointKind.MOBILE} <= kinds
    for point in found:
        assert has_complete_pair(point, NOW.date()), point.name
        first, second = point.pairs[0].workers
        assert first.organisation.kind != OrganisationKind.PARISH, point.name
        assert second.organisation.kind == OrganisationKind.PARISH, point.name
        assert second.title in ("Diakoniatyöntekijä", "Pappi"), point.name
        assert point.hours_in(ServiceMode.NORMAL), point.name
        assert point.offerings_in(ServiceMode.NORMAL), point.name


def test_points_sit_near_their_districts_rows_and_never_on_top_of_each_other(loaded):
    places = oulu_places()
    oulu = places["Oulu"]
    found = points()
    for point in found:
        spot = (point.latitude, point.longitude)
        assert point.area is not None and point.area.name in places, point.name
        assert km_between(spot, places[point.area.name]) < 2, point.name
        assert km_between(spot, oulu) < 60, point.name
    assert len({(p.latitude, p.longitude) for p in found}) == len(found)
    assert len({p.area.name for p in found}) >= 15


def test_about_two_thirds_are_in_the_exceptional_network_with_their_own_hours(loaded):
    found = points()
    exceptional = [p for p in found if p.in_exceptional_network]
    assert 0.5 <= len(exceptional) / len(found) <= 0.8
    for point in exceptional:
        assert point.hours_in(ServiceMode.EXCEPTIONAL), point.name
        assert point.offerings_in(ServiceMode.EXCEPTIONAL), point.name
    for point in set(found) - set(exceptional):
        assert not point.hours_in(ServiceMode.EXCEPTIONAL), point.name
    assert len({tuple(p.languages) for p in found}) > 1
    assert len({tuple(p.target_groups) for p in found}) > 1


def test_exactly_one_organisation_coordinates_and_the_group_spans_the_sectors(loaded):
    holders = db.session.scalars(select(Organisation).where(Organisation.holds_coordination))
    assert [o.name for o in holders] == ["Oulun kaupunki"]
    roster = list(db.session.scalars(select(RosterMember)))
    chair = [m for m in roster if m.group_role == GroupRole.CHAIR]
    assert len(chair) == 1 and chair[0].organisation.kind == OrganisationKind.MUNICIPALITY
    assert {OrganisationKind.MUNICIPALITY, OrganisationKind.PARISH, OrganisationKind.NGO} <= {
        m.organisation.kind for m in roster}
    assert "Oulun seurakuntayhtymä" in {m.organisation.name for m in roster}
    assert any(m.areas for m in roster) and any(m.services for m in roster)


def test_directory_has_national_and_local_services(loaded):
    phones = {c.name: c.phone for c in db.session.scalars(select(Contact))}
    assert phones["Hätänumero"] == "112"
    assert phones["Päivystysapu"] == "116 117"
    assert "Oulun kaupungin neuvonta" in phones


def test_catalogue_is_complete_and_idempotent(app):
    first = catalogue.ensure_default_offerings()
    first["food_aid"].name_en = "Food help"  # an admin's edit survives
    again = catalogue.ensure_default_offerings()
    assert set(again) == set(catalogue.DEFAULT_CODES) and len(again) == 7
    assert again["food_aid"].name_en == "Food help"
    assert db.session.scalar(select(func.count()).select_from(Offering)) == 7
    assert all(o.name_fi and o.name_sv and o.name_en for o in again.values())


def test_loading_twice_creates_nothing_new_and_keeps_edits(loaded):
    before = counts()
    tuira = db.session.scalar(select(ServicePoint).where(ServicePoint.name == "Tuiran asukastupa"))
    tuira.phone = "040 000 0000"
    other = db.session.scalar(select(Organisation).where(Organisation.name == "SPR Oulun osasto"))
    organisations.set_coordination(other, True)
    db.session.commit()
    assert demo.load(now=datetime(2026, 1, 5, tzinfo=UTC)) == loaded
    db.session.commit()
    assert counts() == before
    assert tuira.phone == "040 000 0000"
    assert organisations.coordinating_organisation() is other


def test_the_point_worker_login_works_at_its_points(loaded):
    email, _ = loaded[Role.POINT_WORKER.value]
    worker = db.session.scalar(select(User).where(User.email == email))
    linked = db.session.scalars(select(PairWorker).where(PairWorker.user_id == worker.id)).all()
    assert linked and all(w.pair.point.name for w in linked)


def test_one_login_per_role_logs_in(loaded, app):
    assert set(loaded) == {r.value for r in Role}
    for role, (email, password) in loaded.items():
        assert len(password) >= 10
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, role
        assert client.get("/staff/", follow_redirects=True).status_code == 200, role


def test_flask_demo_load_prints_the_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    for email, password in demo.LOGINS.values():
        assert f"{email} / {password}" in second.output
    assert db.session.scalar(select(func.count()).select_from(ServicePoint)) == len(
        demo.data.POINTS)
