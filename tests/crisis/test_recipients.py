"""Who each audience reaches, with which address and language; exercises reach participants."""

import pytest

from crisis import recipients
from crisis.models import Audience, PlanRow
from crisis.recipients import Recipient
from network.clock import today, utcnow
from network.models import Area, PairWorker, TargetGroup
from tests import factories
from tests.crisis.steering_builders import world
from web.extensions import db


def reach(made, name, exercise=False):
    row = db.session.get(PlanRow, made.rows[name])
    return recipients.for_row(row, made.scenario, today=today(), exercise=exercise)


def names(found) -> list[str]:
    return sorted(r.name for r in found.recipients)


def test_each_audience_reaches_its_people(app, users):
    made = world(users)
    assert names(reach(made, "steering_email")) == ["Riikka Rooster", "Sven Styrgrupp"]
    # Only today's pairs of the scenario's points (not an ended pair, not other points).
    assert names(reach(made, "pairs_email")) == ["Diakoni Daniel", "Erik English",
                                                 "Wilma Worker"]
    assert names(reach(made, "volunteers_timed")) == ["Test volunteer", "Vera Volunteer"]
    assert names(reach(made, "partners_email")) == ["Oulun kaupunki", "Oulun seurakunnat"]
    residents = reach(made, "residents_email").recipients
    assert sorted(r.email for r in residents) == ["s1@example.org", "s2@example.org"]
    assert all(r.token and r.kind == "subscription" for r in residents)
    sms = reach(made, "residents_sms_tuira").recipients
    assert [r.phone for r in sms] == ["+358401112233"]
    public = reach(made, "public_cap").recipients
    assert [(r.kind, r.language) for r in public] == [("public", "fi"), ("public", "sv"),
                                                      ("public", "en")]


def test_languages_come_from_each_recipient(app, users):
    made = world(users)
    langs = {r.name: r.language for r in reach(made, "pairs_email").recipients}
    assert langs == {"Wilma Worker": "sv", "Diakoni Daniel": "fi", "Erik English": "en"}
    assert {r.name: r.language for r in reach(made, "steering_email").recipients} == {
        "Riikka Rooster": "fi", "Sven Styrgrupp": "sv"}
    assert recipients.language_of("de") == "fi" and recipients.language_of(None) == "fi"


def test_an_exercise_reaches_only_participants_never_residents_or_the_web_notice(app, users):
    made = world(users)
    assert names(reach(made, "steering_email", True)) == ["Riikka Rooster"]
    assert names(reach(made, "pairs_email", True)) == ["Wilma Worker"]
    assert names(reach(made, "volunteers_timed", True)) == ["Vera Volunteer"]
    assert names(reach(made, "partners_email", True)) == ["Oulun kaupunki"]
    residents = reach(made, "residents_email", True)
    assert residents.recipients == [] and residents.left_out == 2
    web = reach(made, "public_web", True)
    assert web.recipients == [] and web.left_out == 3
    assert len(reach(made, "public_cap", True).recipients) == 3  # status Exercise, own feed
    assert reach(made, "pairs_email", True).left_out == 2


def test_residents_filters_area_language_and_target_group(app, users):
    made = world(users)
    row = db.session.get(PlanRow, made.rows["residents_email"])

    def emails(**filters) -> list[str]:
        for key, value in {"area_id": None, "language": None, "target_group": None}.items():
            setattr(row, key, filters.get(key, value))
        return sorted(r.email for r in recipients.residents(row))

    assert emails() == ["s1@example.org", "s2@example.org"]
    assert emails(area_id=made.areas["tuira"]) == ["s1@example.org"]
    assert emails(language="sv") == ["s2@example.org"]
    assert emails(target_group=TargetGroup.OLDER_PEOPLE.value) == ["s2@example.org"]
    assert emails(area_id=made.areas["tuira"], language="sv") == []
    db.session.rollback()


@pytest.mark.parametrize(("phone", "expected"), [
    ("040 123 4567", "+358401234567"),
    ("+358 50 765 4321", "+358507654321"),
    ("08 558 41000", None),  # a landline cannot receive an SMS
    ("12", None),
    ("not a number", None),
])
def test_sms_numbers_are_normalised_and_must_be_mobile(phone, expected):
    person = Recipient("roster_member", 1, "X", None, phone, "fi", None, False)
    assert recipients.address(person, "sms") == expected


@pytest.mark.parametrize(("email", "expected"), [
    (" riikka@ouka.fi ", "riikka@ouka.fi"), ("", None), (None, None), ("no-at-sign", None)])
def test_email_addresses_need_an_at_sign(email, expected):
    person = Recipient("user", 1, "X", email, None, "fi", None, False)
    assert recipients.address(person, "email") == expected


def test_a_worker_linked_to_an_account_uses_its_email_when_the_pair_has_none(app, users):
    made = world(users)
    worker = db.session.scalar(db.select(PairWorker).where(PairWorker.name == "Diakoni Daniel"))
    worker.user_id = users[list(users)[2]].id  # the point worker's account
    db.session.commit()
    emails = {r.name: r.email for r in reach(made, "pairs_email").recipients}
    assert emails["Diakoni Daniel"] == "point_worker@example.org"


def test_the_steering_group_area_is_a_members_first_area(app, users):
    made = world(users)
    org = factories.organisation("Toinen org")
    area = db.session.get(Area, made.areas["keskusta"])
    member = factories.RosterMember(name="Aino Alue", organisation=org, email="aino@example.org")
    member.areas.append(area)
    db.session.add(member)
    db.session.commit()
    found = {r.name: r.area_id for r in recipients.steering_group()}
    assert found["Aino Alue"] == area.id and found["Riikka Rooster"] is None


def test_retired_points_have_no_pairs_in_the_reach(app, users):
    made = world(users)
    db.session.get(factories.ServicePoint, made.points["p2"]).retired_at = utcnow()
    db.session.commit()
    assert "Erik English" not in names(reach(made, "pairs_email"))
    assert Audience.WORKER_PAIRS.value == "worker_pairs"
