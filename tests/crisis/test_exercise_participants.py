"""Choosing who takes part in exercises: the candidates per audience, the choice, its audit."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crisis import exercise_participants as participants
from crisis import recipients
from crisis.audit import Action
from crisis.models import Audience, AuditEntry, PlanRow
from network.clock import today, utcnow
from network.errors import ValidationError
from network.models import Organisation, PairWorker, Role, RosterMember, User
from tests.crisis.steering_builders import world
from web.extensions import db

STEERING, PAIRS = Audience.STEERING_GROUP, Audience.WORKER_PAIRS
VOLUNTEERS, PARTNERS = Audience.VOLUNTEERS, Audience.PARTNERS


def ids(model, *names) -> set[int]:
    return set(db.session.scalars(select(model.id).where(model.name.in_(names))))


def flagged() -> dict[str, list[str]]:
    """Who is marked as an exercise participant, per table, by name."""
    return {model.__tablename__: sorted(db.session.scalars(
        select(model.name).where(model.exercise_participant.is_(True))))
        for model in (RosterMember, PairWorker, User, Organisation)}


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_candidates_are_everyone_an_exercise_could_reach_with_their_flag_and_channels(
        app, users):
    world(users)
    found = participants.candidates(today=today())
    assert list(found) == [STEERING, PAIRS, VOLUNTEERS, PARTNERS]

    def rows(audience):
        return [(c.name, c.point, c.email, c.sms, c.participant) for c in found[audience]]

    # Not retired members, not ended pairs, not inactive volunteers or retired organisations.
    assert rows(STEERING) == [("Riikka Rooster", None, True, True, True),
                              ("Sven Styrgrupp", None, True, False, False)]  # a landline
    assert rows(PAIRS) == [  # today's pairs of every active point, by point
        ("Erik English", "Keskustan seurakuntatalo", True, False, False),
        ("Wilma Worker", "Tuiran asukastupa", True, False, True),
        ("Diakoni Daniel", "Tuiran asukastupa", False, True, False),
        ("Muu Matti", "Tuiran kirjasto", True, False, False)]
    assert rows(VOLUNTEERS) == [("Test volunteer", None, True, False, False),
                                ("Vera Volunteer", None, True, False, True)]
    assert rows(PARTNERS) == [("Oulun kaupunki", None, True, True, True),
                              ("Oulun seurakunnat", None, True, False, False)]


def test_the_choice_sets_the_flags_and_is_audited_once(app, users):
    made = world(users)
    admin, now = users[Role.STEERING_ADMIN], utcnow()
    before = audit_count()
    chosen = {STEERING: ids(RosterMember, "Sven Styrgrupp"),
              PAIRS: ids(PairWorker, "Wilma Worker", "Diakoni Daniel"),
              VOLUNTEERS: set(),
              "partners": ids(Organisation, "Oulun kaupunki", "Oulun seurakunnat")}
    changes = participants.set_participants(admin, chosen, "  Syysharjoitus  ", now=now)
    db.session.commit()

    assert {a: ([c.name for c in ch.added], [c.name for c in ch.removed])
            for a, ch in changes.items()} == {
        STEERING: (["Sven Styrgrupp"], ["Riikka Rooster"]),
        PAIRS: (["Diakoni Daniel"], []),
        VOLUNTEERS: ([], ["Vera Volunteer"]),
        PARTNERS: (["Oulun seurakunnat"], [])}
    assert flagged() == {"roster_member": ["Sven Styrgrupp"],
                         "pair_worker": ["Diakoni Daniel", "Wilma Worker"],
                         "user_account": [],
                         "organisation": ["Oulun kaupunki", "Oulun seurakunnat"]}
    assert audit_count() == before + 1
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.actor_id, entry.subject_type, entry.reason) == (
        Action.EXERCISE_PARTICIPANTS, admin.id, "exercise_participants", "Syysharjoitus")
    assert entry.at.replace(tzinfo=None) == now.replace(tzinfo=None)
    sven, daniel = ids(RosterMember, "Sven Styrgrupp").pop(), ids(PairWorker, "Diakoni Daniel")
    riikka, vera = ids(RosterMember, "Riikka Rooster").pop(), ids(User, "Vera Volunteer").pop()
    seurakunnat = ids(Organisation, "Oulun seurakunnat").pop()
    assert entry.details == {
        "steering_group_added": [f"Sven Styrgrupp (#{sven})"],
        "steering_group_removed": [f"Riikka Rooster (#{riikka})"],
        "worker_pairs_added": [f"Diakoni Daniel (#{daniel.pop()})"],
        "volunteers_removed": [f"Vera Volunteer (#{vera})"],
        "partners_added": [f"Oulun seurakunnat (#{seurakunnat})"]}

    # The next exercise reaches the new choice.
    row = db.session.get(PlanRow, made.rows["steering_email"])
    reach = recipients.for_row(row, made.scenario, today=today(), exercise=True)
    assert [r.name for r in reach.recipients] == ["Sven Styrgrupp"]


def test_audiences_left_out_keep_their_flags_and_no_change_writes_no_audit(app, users):
    world(users)
    admin = users[Role.STEERING_ADMIN]
    participants.set_participants(admin, {VOLUNTEERS: ids(User, "Test volunteer",
                                                          "Vera Volunteer")}, None, now=utcnow())
    assert flagged()["roster_member"] == ["Riikka Rooster"]
    assert flagged()["user_account"] == ["Test volunteer", "Vera Volunteer"]
    before = audit_count()
    same = {STEERING: ids(RosterMember, "Riikka Rooster")}
    assert participants.set_participants(admin, same, "no-op", now=utcnow()) == {}
    assert audit_count() == before


@pytest.mark.parametrize("bad", [
    {STEERING: {"Eläkkeellä Erkki"}},  # retired
    {PAIRS: {"Entinen Eeva"}},  # her pair has ended
    {VOLUNTEERS: {"Passive"}},  # inactive
    {VOLUNTEERS: {"Test steering_admin"}},  # not a volunteer
    {PARTNERS: {"Lakkautettu ry"}},  # retired
    {STEERING: {999999}},  # no such member
    {STEERING: {"1"}},  # not an id
    {Audience.RESIDENTS: set()},
    {"public": set()},
    {"nobody": set()},
])
def test_a_bad_id_or_audience_refuses_the_whole_choice_and_saves_nothing(app, users, bad):
    world(users)
    models = {STEERING: RosterMember, PAIRS: PairWorker, VOLUNTEERS: User,
              PARTNERS: Organisation}
    resolved = {}
    for audience, values in bad.items():
        resolved[audience] = {ids(models[audience], v).pop() if isinstance(v, str)
                              and not v.isdigit() else v for v in values}
    # A valid change in the same call is not saved either.
    chosen = {PARTNERS: ids(Organisation, "Oulun seurakunnat")} | resolved
    before, flags = audit_count(), flagged()
    with pytest.raises(ValidationError):
        participants.set_participants(users[Role.STEERING_ADMIN], chosen, "x", now=utcnow())
    assert not db.session.dirty and not db.session.new
    assert flagged() == flags and audit_count() == before


def test_a_too_long_reason_is_refused(app, users):
    world(users)
    with pytest.raises(ValidationError) as refused:
        participants.set_participants(users[Role.STEERING_ADMIN], {STEERING: set()}, "x" * 2001,
                                      now=utcnow())
    assert refused.value.field == "reason"
    assert flagged()["roster_member"] == ["Riikka Rooster"]


def test_candidates_follow_the_day_a_pair_ends(app, users):
    world(users)
    later = participants.candidates(today=today() + timedelta(days=3650))
    assert [c.name for c in later[PAIRS]] == [c.name for c in participants.candidates(
        today=today())[PAIRS]]  # open-ended pairs still run
    earlier = participants.candidates(today=today() - timedelta(days=60))
    assert [c.name for c in earlier[PAIRS]] == ["Entinen Eeva"]
