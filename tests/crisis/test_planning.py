"""The plan as text: templates checked before saving, previews, rendering, bulk outbox rows."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from crisis import operations, planning
from crisis import scenarios as crisis_scenarios
from crisis.models import (
    Activation,
    Audience,
    AuditEntry,
    OutboxMessage,
    PlanRow,
    Scenario,
    ScenarioPoint,
)
from network.clock import utcnow
from network.errors import ValidationError
from network.models import PairWorker, Role
from tests import factories
from tests.crisis.steering_builders import SITE, TEXTS, world
from web.extensions import db

LANGS = ("fi", "sv", "en")
RESIDENT_BODIES = {f"body_{lang}": "{scenario} {unsubscribe_link}" for lang in ("fi", "sv", "en")}


def row_values(**changes) -> dict:
    return {"audience": "steering_group", "channel": "email", "timing": "at_activation",
            "delay_hours": None, "informer_organisation_id": None, "informer_name": None,
            "area_id": None, "language": None, "target_group": None} | TEXTS | changes


# --- Templates -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "problem"), [
    ("{scenario} {site_link}", None),
    ("Literal {{braces}} are fine", None),
    ("Hello {name}", "Unknown placeholder {name}"),
    ("Broken {scenario", "is not closed"),
    ("Broken scenario}", "is not closed"),
    ("{scenario.name}", "Write placeholders plainly"),
    ("{scenario!r}", "Write placeholders plainly"),
    ("{scenario:>10}", "Write placeholders plainly"),
    ("{0}", "Write placeholders plainly"),
    ("{}", "Write placeholders plainly"),
])
def test_template_problems_are_named(app, text, problem):
    with app.test_request_context("/?lang=en"):
        found = crisis_scenarios.template_problem(text)
        if problem is None:
            assert found is None
        else:
            assert problem in str(found)


def test_template_problems_are_in_the_users_language(app):
    with app.test_request_context("/?lang=fi"), force_locale("fi"):
        message = str(crisis_scenarios.template_problem("{nimi}"))
    assert "{nimi}" in message


def test_the_unsubscribe_link_is_only_for_residents(app):
    assert crisis_scenarios.template_problem("{unsubscribe_link}",
                                             audience=Audience.VOLUNTEERS) is not None
    assert crisis_scenarios.template_problem("{unsubscribe_link}",
                                             audience=Audience.RESIDENTS) is None


# --- Plan rows -----------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"audience": "public", "channel": "email"}, "channel"),
    ({"audience": "public", "channel": "sms"}, "channel"),
    ({"audience": "residents", "channel": "web_notice"}, "channel"),
    ({"audience": "volunteers", "channel": "cap"}, "channel"),
    ({"channel": "fax"}, "channel"),
    ({"audience": "everyone"}, "audience"),
    ({"timing": "after_hours", "delay_hours": None}, "delay_hours"),
    ({"timing": "after_hours", "delay_hours": 0}, "delay_hours"),
    ({"timing": "after_hours", "delay_hours": 721}, "delay_hours"),
    ({"language": "sv"}, "language"),
    ({"target_group": "families"}, "target_group"),
    ({"audience": "residents", "language": "de", **RESIDENT_BODIES}, "language"),
    ({"audience": "residents", "target_group": "aliens", **RESIDENT_BODIES}, "target_group"),
    ({"audience": "residents"}, "body_fi"),  # no {unsubscribe_link}
    ({"channel": "sms", "subject_fi": "Aihe"}, "subject_fi"),
    ({"subject_fi": None}, "subject_fi"),
    ({"body_sv": None}, "body_sv"),
    ({"body_en": "Hello {whom}"}, "body_en"),
    ({"subject_sv": "{scenario"}, "subject_sv"),
    ({"body_fi": "x" * 5001}, "body_fi"),
    ({"channel": "sms", "subject_fi": None, "subject_sv": None, "subject_en": None,
      "body_fi": "x" * 1001}, "body_fi"),
    ({"informer_name": "x" * 201}, "informer_name"),
    ({"informer_organisation_id": 999999}, "informer_organisation_id"),
])
def test_bad_plan_rows_are_refused_next_to_the_field(app, users, changes, field):
    made = world(users)
    with pytest.raises(ValidationError) as refused:
        crisis_scenarios.create_plan_row(made.scenario, row_values(**changes), actor=made.admin,
                                         now=utcnow())
    assert refused.value.field == field
    db.session.rollback()


def test_good_plan_rows_are_saved_and_audited(app, users):
    made = world(users)
    count = len(made.scenario.plan)
    timed = crisis_scenarios.create_plan_row(made.scenario, row_values(
        audience="residents", channel="sms", timing="after_hours", delay_hours=720,
        area_id=made.areas["tuira"], language="fi", target_group="families",
        subject_fi=None, subject_sv=None, subject_en=None, **RESIDENT_BODIES),
        actor=made.admin, now=utcnow())
    public = crisis_scenarios.create_plan_row(made.scenario, row_values(
        audience="public", channel="cap", delay_hours=5), actor=made.admin, now=utcnow())
    db.session.commit()
    assert len(made.scenario.plan) == count + 2
    assert (timed.delay_hours, timed.area_id, timed.language) == (720, made.areas["tuira"], "fi")
    assert public.delay_hours == 0  # only "hours after" keeps a delay
    crisis_scenarios.update_plan_row(public, row_values(audience="public", channel="web_notice",
                                                        body_fi="Uusi {scenario}"),
                                     actor=made.admin, now=utcnow())
    crisis_scenarios.delete_plan_row(timed, actor=made.admin, now=utcnow())
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["plan_row_create", "plan_row_create",
                                           "plan_row_edit", "plan_row_delete"]
    assert set(entries[2].details["changed"]) == {"channel", "body_fi"}
    assert all(e.actor_id == made.admin.id for e in entries)


# --- Scenarios -----------------------------------------------------------------------------

def test_scenarios_are_created_edited_and_retired_with_audit(app, users):
    made = world(users)
    admin = made.admin
    scenario = crisis_scenarios.create_scenario(
        {"name": "Helle", "kind": "heat", "description": "Kuuma", "cap_category": "Met",
         "other_points": "standby"},
        {made.points["p1"]: " Jaa vettä. ", made.points["p3"]: ""}, actor=admin, now=utcnow())
    db.session.commit()
    assert {sp.point_id: sp.instructions for sp in scenario.points} == {
        made.points["p1"]: "Jaa vettä.", made.points["p3"]: None}
    with pytest.raises(ValidationError) as refused:
        crisis_scenarios.create_scenario({"name": "helle", "kind": "heat"}, {}, actor=admin,
                                         now=utcnow())
    assert refused.value.field == "name"
    db.session.rollback()
    crisis_scenarios.update_scenario(scenario, {"name": "Helle 2", "kind": "heat",
                                                "cap_category": "Met"},
                                     {made.points["p2"]: "Uusi"}, actor=admin, now=utcnow())
    db.session.commit()
    assert [sp.point_id for sp in scenario.points] == [made.points["p2"]]
    crisis_scenarios.retire_scenario(scenario, actor=admin, now=utcnow())
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["scenario_create", "scenario_edit",
                                           "scenario_retire"]
    assert set(entries[1].details["changed"]) >= {"name", "other_points", "points"}
    assert entries[1].details["points_added"] == [made.points["p2"]]


@pytest.mark.parametrize(("values", "points", "field"), [
    ({"name": "", "kind": "heat"}, {}, "name"),
    ({"name": "x" * 201, "kind": "heat"}, {}, "name"),
    ({"name": "A", "kind": "meteor"}, {}, "kind"),
    ({"name": "A", "kind": "heat", "cap_category": "Zombies"}, {}, "cap_category"),
    ({"name": "A", "kind": "heat", "other_points": "explode"}, {}, "other_points"),
    ({"name": "A", "kind": "heat", "description": "x" * 4001}, {}, "description"),
    ({"name": "A", "kind": "heat"}, {999999: None}, "points"),
])
def test_bad_scenarios_are_refused(app, users, values, points, field):
    made = world(users)
    with pytest.raises(ValidationError) as refused:
        crisis_scenarios.create_scenario(values, points, actor=made.admin, now=utcnow())
    assert refused.value.field == field
    db.session.rollback()


def test_instructions_are_limited_and_retired_points_refused(app, users):
    made = world(users)
    with pytest.raises(ValidationError) as refused:
        crisis_scenarios.create_scenario({"name": "A", "kind": "heat"},
                                         {made.points["p1"]: "x" * 2001}, actor=None,
                                         now=utcnow())
    assert refused.value.field == f"instructions_{made.points['p1']}"
    db.session.rollback()
    with pytest.raises(ValidationError):
        crisis_scenarios.create_scenario({"name": "A", "kind": "heat"},
                                         {made.points["p4"]: None}, actor=None, now=utcnow())
    db.session.rollback()
    # The scenario that already has the retired point keeps it when edited.
    crisis_scenarios.update_scenario(made.scenario, {"name": made.scenario.name,
                                                     "kind": "power_cut"},
                                     {pid: None for pid in made.points.values()
                                      if pid != made.points["p3"]}, actor=None, now=utcnow())


def test_an_active_scenario_cannot_be_retired(app, users):
    made = world(users)
    operations.activate(made.scenario, actor=made.admin, reason="Myrsky", exercise=True,
                        now=utcnow(), site_url=SITE)
    db.session.commit()
    with pytest.raises(ValidationError):
        crisis_scenarios.retire_scenario(made.scenario, actor=made.admin, now=utcnow())


# --- Rendering and preview -----------------------------------------------------------------

def test_render_fills_placeholders_and_marks_exercises(app):
    row = PlanRow(audience=Audience.STEERING_GROUP, channel="email", **TEXTS)
    values = {"scenario": "Tulva", "reason": "Joki tulvii", "recipient_name": "Sven",
              "nearest_points": "A; B", "site_link": SITE}
    sv = planning.render(row, "sv", values, exercise=False)
    assert sv.subject == "Undantagsläge: Tulva"
    assert sv.body == f"Hej Sven! Joki tulvii Punkter: A; B {SITE}"
    ex = planning.render(row, "en", values, exercise=True)
    assert ex.subject == "EXERCISE – Exceptional mode: Tulva"
    assert ex.body.startswith("EXERCISE – Hello Sven!")
    row.subject_fi = "Rivi\nvaihto {scenario}"
    assert planning.render(row, "fi", values, exercise=False).subject == "Rivi vaihto Tulva"
    row.channel = "sms"
    assert planning.render(row, "fi", values, exercise=True).subject is None


def test_the_key_names_activation_row_phase_recipient_and_channel():
    assert planning.message_key(7, 3, "timed", "subscription", 42, "sms") == (
        "7:3:timed:subscription:42:sms")
    assert planning.message_key(7, 3, "activation", "public", "sv", "cap") == (
        "7:3:activation:public:sv:cap")


def test_the_preview_shows_three_languages_with_real_data(app, users):
    made = world(users)
    app.config["SITE_URL"] = SITE + "/"
    row = crisis_scenarios.build_plan_row(made.scenario, row_values(
        audience="residents", area_id=made.areas["tuira"], informer_name="Kaisa",
        body_fi="{scenario}: {nearest_points} {site_link} {unsubscribe_link} {sender} {area}",
        body_sv="{scenario} sv {unsubscribe_link}", body_en="{scenario} en {unsubscribe_link}"))
    previews = planning.preview(row, made.scenario, reason="(syy)", sample_name="Ada")
    assert [p.language for p in previews] == ["fi", "sv", "en"]
    assert previews[0].body == (f"Pitkä sähkökatko: Tuiran asukastupa (Tuirantie 1, Oulu) "
                                f"{SITE} {SITE}/unsubscribe/EXAMPLE Kaisa Tuira")
    assert previews[1].body.startswith("Pitkä sähkökatko sv ")
    assert previews[1].subject == "Undantagsläge: Pitkä sähkökatko"
    assert db.session.scalar(select(func.count()).select_from(PlanRow).where(
        PlanRow.body_sv.like("%sv%"))) == 0  # the preview saved nothing


def test_sms_previews_show_length_and_segments(app, users):
    made = world(users)
    row = crisis_scenarios.build_plan_row(made.scenario, row_values(
        channel="sms", subject_fi=None, subject_sv=None, subject_en=None,
        body_fi="a" * 161, body_sv="ö" * 10, body_en="Привет"))
    fi, sv, en = planning.preview(row, made.scenario, reason="", sample_name="")
    assert (fi.sms_length.segments, fi.sms_length.encoding) == (2, "GSM-7")
    assert (sv.sms_length.units, sv.sms_length.segments) == (10, 1)
    assert en.sms_length.encoding == "UCS-2"


def test_the_nearest_points_list_is_short(app, users):
    factories.organisation()
    scenario = Scenario(name="Iso", kind="other")
    db.session.add(scenario)
    for n in range(5):
        point = factories.point(f"Piste {n}", external_id=f"p{n}")
        scenario.points.append(ScenarioPoint(point_id=point.id))
    db.session.flush()
    text = planning.Nearest(scenario.id).text(None)
    assert text == "Piste 0; Piste 1; Piste 2; …"


# --- Writing the outbox --------------------------------------------------------------------

def test_one_message_per_address_even_if_a_person_is_listed_twice(app, users):
    made = world(users)
    erik = db.session.scalar(select(PairWorker).where(PairWorker.name == "Erik English"))
    erik.email = "WILMA@example.org"  # the same person in two pairs, written differently
    db.session.commit()
    preview = operations.preview_activation(made.scenario, exercise=False, now=utcnow())
    pairs = next(r for r in preview.reaches if r.row.id == made.rows["pairs_email"])
    assert (pairs.messages, pairs.duplicates) == (1, 1)


def test_many_residents_are_written_in_one_bulk_insert(app, users):
    admin = users[Role.STEERING_ADMIN]
    scenario = factories.plan_scenario("Suuri", rows=[{}])
    rows = [{"channel": "email", "address": f"r{n}@example.org", "language": LANGS[n % 3],
             "consent_text": "ok", "consent_at": utcnow(), "confirmed_at": utcnow(),
             "token": f"token{n:06d}"} for n in range(3000)]
    from crisis.models import Subscription

    db.session.execute(db.insert(Subscription), rows)
    db.session.commit()
    activation = operations.activate(scenario, actor=admin, reason="Myrsky", exercise=False,
                                     now=utcnow(), site_url=SITE)
    db.session.commit()
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.activation_id == activation.id)).all()
    assert len(messages) == 3000
    assert len({m.key for m in messages}) == 3000
    by_address = {m.address: m for m in messages}
    assert by_address["r1@example.org"].language == "sv"
    assert by_address["r1@example.org"].body.endswith(f"{SITE}/unsubscribe/token000001")
    assert db.session.scalar(select(func.count()).select_from(Activation)) == 1


def test_each_pair_worker_gets_their_own_points_instructions(app, users):
    made = world(users)
    texts = {f"body_{lang}": "{point}: {instructions}" for lang in ("fi", "sv", "en")}
    row = crisis_scenarios.build_plan_row(made.scenario, row_values(audience="worker_pairs",
                                                                    **texts))
    fi = planning.preview(row, made.scenario, reason="", sample_name="Ada")[0]
    assert fi.body == "Tuiran asukastupa: Avaa lämpimät tilat."
    made.scenario.plan.append(row)
    db.session.commit()
    activation = operations.activate(made.scenario, actor=made.admin, reason="Myrsky",
                                     exercise=False, now=utcnow(), site_url=SITE)
    db.session.commit()
    bodies = dict(db.session.execute(select(OutboxMessage.address, OutboxMessage.body).where(
        OutboxMessage.activation_id == activation.id, OutboxMessage.plan_row_id == row.id)).all())
    assert bodies == {"wilma@example.org": "Tuiran asukastupa: Avaa lämpimät tilat.",
                      "erik@example.org": "Keskustan seurakuntatalo: "}


def test_other_audiences_get_no_point_or_instructions(app, users):
    made = world(users)
    row = crisis_scenarios.build_plan_row(made.scenario, row_values(
        audience="steering_group", body_fi="[{point}{instructions}]"))
    assert planning.preview(row, made.scenario, reason="", sample_name="Ada")[0].body == "[]"
