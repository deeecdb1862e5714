"""The exercise participants page: only steering admins choose, the choice is saved and
audited, names are escaped, and the exercise confirmation warns when nobody takes part."""

import re

import pytest
from sqlalchemy import func, select

from crisis import exercise_participants as participants
from crisis.models import AuditEntry
from network.clock import today, utcnow
from network.models import Organisation, PairWorker, Role, RosterMember, User
from tests.conftest import PASSWORD, login
from tests.crisis.steering_builders import world
from web.extensions import db

URL = "/staff/crisis/exercise-participants"


def page(response) -> str:
    return response.get_data(as_text=True)


def id_of(model, name: str) -> int:
    return db.session.scalar(select(model.id).where(model.name == name))


def checked(html: str, field: str) -> set[int]:
    """The ticked values of a checkbox group."""
    found = set()
    for tag in re.findall(rf'<input[^>]*name="{field}"[^>]*>', html):
        if " checked" in tag:
            found.add(int(re.search(r'value="(\d+)"', tag).group(1)))
    return found


def client_of(app, user):
    client = app.test_client()
    login(client, user)
    return client


@pytest.fixture
def admin(app, users):
    return client_of(app, users[Role.STEERING_ADMIN])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.POINT_WORKER, Role.VOLUNTEER])
def test_only_steering_admins_may_open_or_save(app, users, role):
    world(users)
    client = client_of(app, users[role])
    assert client.get(URL).status_code == 403
    riikka = id_of(RosterMember, "Riikka Rooster")
    assert client.post(URL, data={"steering_group": []}).status_code == 403
    assert db.session.get(RosterMember, riikka).exercise_participant
    anonymous = app.test_client().get(URL)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_page_shows_each_audience_with_its_participants_and_channels(app, users, admin):
    world(users)
    response = admin.get(URL + "?lang=en")
    assert response.status_code == 200
    html = page(response)
    for legend in ("Steering group", "Worker pairs of the scenario's points", "Volunteers",
                   "Partner organisations"):
        assert f"<legend>{legend}</legend>" in html
    assert checked(html, "steering_group") == {id_of(RosterMember, "Riikka Rooster")}
    assert checked(html, "worker_pairs") == {id_of(PairWorker, "Wilma Worker")}
    assert checked(html, "volunteers") == {id_of(User, "Vera Volunteer")}
    assert checked(html, "partners") == {id_of(Organisation, "Oulun kaupunki")}
    assert "Eläkkeellä Erkki" not in html and "Entinen Eeva" not in html  # retired, ended
    assert "1 of 2 take part." in html and "1 of 4 take part." in html
    # Sven's number is a landline: his SMS is missing, his email present.
    sven = html[html.index("Sven Styrgrupp"):]
    sven = sven[:sven.index("</tr>")]
    assert re.findall(r"<td>(.*?)</td>", sven, re.S)[0].strip() == "Yes"
    assert "Missing" in re.findall(r"<td>(.*?)</td>", sven, re.S)[1]


def test_saving_changes_the_flags_flashes_and_audits(app, users, admin):
    world(users)
    sven, daniel = id_of(RosterMember, "Sven Styrgrupp"), id_of(PairWorker, "Diakoni Daniel")
    wilma, city = id_of(PairWorker, "Wilma Worker"), id_of(Organisation, "Oulun kaupunki")
    saved = admin.post(URL + "?lang=en", data={
        "steering_group": [str(sven)], "worker_pairs": [str(wilma), str(daniel)],
        "partners": [str(city)], "reason": "Kevään harjoitus"})  # no volunteer ticked
    assert saved.status_code == 302 and saved.headers["Location"].endswith(URL)
    again = admin.get(URL + "?lang=en")
    assert "Exercise participants saved: 2 joined, 2 left." in page(again)  # flash
    assert checked(page(again), "steering_group") == {sven}
    assert checked(page(again), "volunteers") == set()
    assert not db.session.get(RosterMember, id_of(RosterMember, "Riikka Rooster")
                              ).exercise_participant
    assert db.session.get(PairWorker, daniel).exercise_participant
    assert not db.session.get(User, id_of(User, "Vera Volunteer")).exercise_participant
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.action == "exercise_participants" and entry.reason == "Kevään harjoitus"
    assert entry.actor_id == users[Role.STEERING_ADMIN].id
    # The audit log shows it; a coordinator reads it without a link to the admins' page.
    assert "Exercise participants changed" in page(admin.get("/staff/crisis/audit?lang=en"))
    coordinator = client_of(app, users[Role.COORDINATOR])
    log = page(coordinator.get("/staff/crisis/audit?lang=en"))
    assert "Exercise participants changed" in log and f'href="{URL}"' not in log

    unchanged = admin.post(URL + "?lang=en", data={
        "steering_group": [str(sven)], "worker_pairs": [str(wilma), str(daniel)],
        "partners": [str(city)]})
    assert unchanged.status_code == 302
    assert "Nothing changed." in page(admin.get(URL + "?lang=en"))


def test_a_bad_id_is_refused_and_nothing_is_saved(app, users, admin):
    world(users)
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    retired = id_of(RosterMember, "Eläkkeellä Erkki")
    refused = admin.post(URL + "?lang=en", data={
        "steering_group": [str(retired)], "partners": []})
    assert refused.status_code == 400
    assert 'class="error-summary"' in page(refused)
    assert db.session.get(Organisation, id_of(Organisation, "Oulun kaupunki")).exercise_participant
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert admin.post(URL, data={"steering_group": ["x"]}).status_code == 400


def test_the_form_needs_its_csrf_token(csrf_app, users):
    world(users)
    client = csrf_app.test_client()
    login_page = page(client.get("/login"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": users[Role.STEERING_ADMIN].email,
                                "password": PASSWORD, "csrf_token": token})
    html = page(client.get(URL))
    assert 'name="csrf_token"' in html
    assert client.post(URL, data={"steering_group": []}).status_code == 400
    assert db.session.get(RosterMember, id_of(RosterMember, "Riikka Rooster")
                          ).exercise_participant
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    assert client.post(URL, data={"csrf_token": token, "steering_group": []}).status_code == 302
    assert not db.session.get(RosterMember, id_of(RosterMember, "Riikka Rooster")
                              ).exercise_participant


def test_names_are_escaped(app, users, admin):
    world(users)
    member = db.session.get(RosterMember, id_of(RosterMember, "Sven Styrgrupp"))
    member.name = '<script>alert("x")</script>'
    db.session.get(PairWorker, id_of(PairWorker, "Wilma Worker")).name = "<b>Wilma</b>"
    db.session.commit()
    html = page(admin.get(URL))
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<b>Wilma</b>" not in html and "&lt;b&gt;Wilma&lt;/b&gt;" in html
    # The saved name is escaped in the audit log too.
    admin.post(URL, data={"steering_group": [str(member.id)]})
    log = page(admin.get("/staff/crisis/audit"))
    assert "<script>alert" not in log and "&lt;script&gt;" in log


def exercise_confirmation(admin, made, mode="exercise") -> str:
    response = admin.post(f"/staff/crisis/scenarios/{made.scenario.id}/activate?lang=en",
                          data={"reason": "Harjoitus", "mode": mode})
    assert response.status_code == 200
    return page(response)


def test_the_exercise_confirmation_warns_when_nobody_takes_part(app, users, admin):
    made = world(users)
    html = exercise_confirmation(admin, made)
    assert 'id="no-participants"' not in html
    # Steering email, SMS and deactivation, pairs, volunteers (timed), partners: one each.
    assert "6 messages to exercise participants." in html
    assert f'href="{URL}"' in html and "Who takes part in exercises" in html

    # Only the volunteers (whose plan row is timed) take part: other audiences are named.
    participants.set_participants(
        users[Role.STEERING_ADMIN],
        {"steering_group": set(), "worker_pairs": set(), "partners": set()}, None, now=utcnow())
    db.session.commit()
    html = exercise_confirmation(admin, made)
    assert "1 message to exercise participants." in html
    assert ("No exercise participant in: Steering group, Worker pairs of the scenario&#39;s "
            "points, Partner organisations.") in html

    participants.set_participants(users[Role.STEERING_ADMIN], {"volunteers": set()}, None,
                                  now=utcnow())
    db.session.commit()
    html = exercise_confirmation(admin, made)
    warning = html[html.index('id="no-participants"'):]
    warning = warning[:warning.index("</div>")]
    assert "No exercise participant gets a message: this exercise informs nobody." in warning
    assert f'href="{URL}"' in warning and "Choose who takes part in exercises" in warning
    # An actual activation informs everyone: no warning.
    assert 'id="no-participants"' not in exercise_confirmation(admin, made, "actual")


def test_the_exceptional_mode_home_links_the_page_for_admins_only(app, users, admin):
    world(users)
    assert f'href="{URL}"' in page(admin.get("/staff/crisis/"))
    coordinator = client_of(app, users[Role.COORDINATOR])
    assert f'href="{URL}"' not in page(coordinator.get("/staff/crisis/"))


def test_candidates_today_match_the_page(app, users, admin):
    world(users)
    found = participants.candidates(today=today())
    html = page(admin.get(URL))
    for people in found.values():
        for candidate in people:
            assert f'value="{candidate.id}"' in html
