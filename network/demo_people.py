"""The demo's people (issue 6): volunteers with profiles, availability and interviews, a
support-person course with attendance, a meetup, support requests in each state, checklists.

Loaded once through the network operations: nothing is added when the first demo volunteer
exists already. Dates are relative to the load's `now`, so the demo always looks current.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from network import accounts, support_requests, training, volunteers
from network.clock import local
from network.database import db
from network.demo_oulu import USERS
from network.models import (
    CourseKind,
    IntakeChannel,
    MeetupSeason,
    Organisation,
    Role,
    User,
    Volunteer,
    VolunteerChecklist,
)


@dataclass(frozen=True)
class Person:
    """A demo volunteer: the profile's fields, weekly hours (weekdays, start, end), whether
    they take the course to the end, and whether the volunteer login is theirs."""

    name: str
    home_place: str
    languages: tuple[str, ...]
    experience: tuple[str, ...]
    strengths: str
    interests: str
    challenges: str | None
    weekdays: tuple[int, ...]
    hours: tuple[str, str]
    completes: bool = True
    language: str = "fi"
    login: bool = False


PEOPLE = (
    Person("Ville Korhonen", "Tuira", ("fi", "en"), ("everyday_errands", "online_services",
                                                      "health_care"),
           "Rauhallinen, kärsivällinen; eläkkeellä oleva sairaanhoitaja.",
           "Ikäihmisten asiointi, lukupiiri.", None, (0, 1, 2, 3, 4), ("09:00", "16:00"),
           login=True),
    Person("Marjatta Hiltunen", "Kaukovainio", ("fi",), ("housing_debt_advice",
                                                        "legal_tax_services"),
           "Entinen pankkivirkailija; paperiasiat ja lomakkeet.", "Talousneuvonta.",
           "Ei ilta-aikoja.", (0, 2, 4), ("09:00", "14:00")),
    Person("Ahmed Hassan", "Tuira", ("fi", "ar", "en"), ("immigration_integration",
                                                          "employment_services"),
           "Tulkkaa arabiaa; tuntee maahanmuuttopalvelut.", "Nuoret aikuiset, jalkapallo.",
           None, (1, 3, 5), ("12:00", "19:00"), language="en"),
    Person("Sofia Lindqvist", "Oulunsalo", ("sv", "fi", "en"), ("child_protection",
                                                                 "disability_services"),
           "Sosionomiopiskelija; lapsiperheet.", "Perhekahvilat.", "Tenttikaudet kiireisiä.",
           (0, 1, 2, 3), ("14:00", "20:00"), language="sv"),
    Person("Juha Väänänen", "Haukipudas", ("fi",), ("everyday_errands", "health_care"),
           "Oma auto; kyydit haja-asutusalueelle.", "Liikkuva palvelu.", None,
           (0, 1, 2, 3, 4, 5), ("08:00", "18:00")),
    Person("Irina Petrova", "Kaakkuri", ("ru", "fi"), ("online_services",
                                                      "immigration_integration"),
           "Sähköinen asiointi, venäjä.", "Digiopastus.", "Vasta aloittanut.", (2, 4),
           ("10:00", "15:00"), completes=False),
)

CHECKLIST = {
    "title": "Vapaaehtoisen muistilista",
    "remember": "Henkilökortti ja vapaaehtoisen nimikyltti. Vaitiolovelvollisuus koskee "
                "kaikkea, mitä asioinnissa kuulet. Asiakas päättää omista asioistaan: "
                "sinä tuet ja kuljet rinnalla. Ilmoita koordinaattorille, jos käynti "
                "peruuntuu tai jokin huolestuttaa.",
    "insurance": "Oulun kaupungin vapaaehtoistoiminnan tapaturmavakuutus kattaa "
                 "koordinaattorin sopimat tehtävät ja niihin liittyvät matkat.",
    "expenses": "Julkisen liikenteen liput ja kilometrikorvaus maksetaan kuitteja vastaan "
                "kuukauden lopussa. Asiakkaan puolesta ei makseta mitään.",
}


def load(*, now: datetime, site_url: str) -> None:
    """Add the demo's people once; the caller commits."""
    _general_checklist()
    if db.session.scalar(select(Volunteer.id).where(
            Volunteer.name == PEOPLE[0].name).limit(1)) is not None:
        return
    today = local(now).date()
    coordinator = accounts.find_by_email(USERS[Role.COORDINATOR][0])
    bank = [_volunteer(person, today, coordinator) for person in PEOPLE]
    _course(bank, today)
    meetup = training.create_meetup(
        season=MeetupSeason.SPRING if today.month < 7 else MeetupSeason.AUTUMN,
        held_on=today - timedelta(days=20), title="Vapaaehtoisten tapaaminen",
        place="Tuiran asukastupa", notes="Kokemusten vaihtoa ja kiitokset kaudesta.")
    training.set_meetup_attendance(meetup, [v.id for v in bank[:4]])
    volunteers.thank(bank[1], note="Kiitos kevään asiointiavusta!",
                     given_on=today - timedelta(days=20), actor=coordinator, now=now)
    _requests(bank, coordinator, now, site_url)


def _general_checklist() -> None:
    if db.session.scalar(select(VolunteerChecklist.id).where(
            VolunteerChecklist.scenario_id.is_(None)).limit(1)) is None:
        training.save_checklist(None, CHECKLIST)


def _volunteer(person: Person, today: date, coordinator: User | None) -> Volunteer:
    user = accounts.find_by_email(USERS[Role.VOLUNTEER][0]) if person.login else None
    local_part = person.name.lower().replace(" ", ".").replace("ä", "a").replace("ö", "o")
    volunteer = volunteers.create_volunteer({
        "name": person.name, "email": user.email if user else f"{local_part}@example.org",
        "phone": f"050 000 {2000 + PEOPLE.index(person):04d}", "home_place": person.home_place,
        "language": person.language, "languages": list(person.languages),
        "experience": list(person.experience), "strengths": person.strengths,
        "interests": person.interests, "challenges": person.challenges,
        "joined_on": today - timedelta(days=400 - 50 * PEOPLE.index(person)),
        "user_id": user.id if user else None,
    }, today=today)
    starts, ends = (time.fromisoformat(t) for t in person.hours)
    for weekday in person.weekdays:
        volunteers.add_slot(volunteer, weekday=weekday, starts=starts, ends=ends)
    volunteers.add_dated(volunteer, day=today + timedelta(days=30), available=False,
                         note="Lomalla")
    if coordinator is not None:
        volunteers.save_interview(volunteer, {
            "interviewed_on": today - timedelta(days=120),
            "work_history": "Pitkä työura asiakaspalvelussa.",
            "life_situation": "Eläkkeellä tai osa-aikatyössä; aikaa viikoittain.",
            "earlier_volunteering": "Seurakunnan ja järjestöjen tapahtumat.",
            "motivation": "Haluaa auttaa niitä, joille asiointi on vaikeaa.",
        }, interviewer=coordinator)
    return volunteer


def _course(bank: list[Volunteer], today: date) -> None:
    """The basic course of four 3.5-hour sessions, held in the past; one participant missed
    the last session and has not completed it."""
    course = training.create_course(
        title="Asiointitukihenkilökoulutus", kind=CourseKind.BASIC,
        first_day=today - timedelta(days=90), start_time=time(9), interval_days=7,
        place="Oulun kaupungintalo, Torikatu 10",
        description="Peruskoulutus asiointitukihenkilöiksi (4 × 3,5 h).")
    participants = [training.add_participant(course, v) for v in bank]
    last = course.sessions[-1].id
    training.set_attendance(course, [
        (session.id, p.volunteer_id) for p in participants for session in course.sessions
        if session.id != last or _person(p.volunteer_id, bank).completes])
    for participant in participants:
        if _person(participant.volunteer_id, bank).completes:
            training.complete(course, participant, on=today - timedelta(days=68))


def _person(volunteer_id: int, bank: list[Volunteer]) -> Person:
    return PEOPLE[[v.id for v in bank].index(volunteer_id)]


def _next(today: date, weekday: int, weeks: int = 1) -> date:
    return today + timedelta(days=7 * weeks - (today.weekday() - weekday))


def _request_values(client: str, needs: str, appointment: str, sector: str, place: str,
                    day: date, at: str, minutes: int, language: str = "fi") -> dict:
    phone = f"040 000 {3000 + len(client):04d}"
    return {"client_name": client, "client_phone": phone, "client_language": language,
            "client_needs": needs, "appointment_type": appointment, "sector": sector,
            "place": place, "day": day, "time": time.fromisoformat(at),
            "duration_minutes": minutes}


def _requests(bank: list[Volunteer], coordinator: User | None, now: datetime,
              site_url: str) -> None:
    """One request open, one assigned, one reported and closed, one cancelled."""
    if coordinator is None:
        return
    today = local(now).date()
    ville, ahmed = bank[0], bank[2]
    # Closed with a report: taken in three weeks ago for a visit last week.
    earlier = now - timedelta(days=21)
    visit_day = _next(local(earlier).date(), 1, weeks=2)
    closed = support_requests.create_request(_request_values(
        "Elsa Mäkinen", "Kuulo heikentynyt; tarvitsee apua kysymiseen ja muistiinpanoihin.",
        "Kuulokeskuksen vastaanotto", "health_care", "Oulun yliopistollinen sairaala, Oulu",
        visit_day, "10:00", 90), channel=IntakeChannel.COORDINATOR, actor=coordinator,
        now=earlier)
    support_requests.assign(closed, ville, actor=coordinator, now=earlier, site_url=site_url,
                            override=True)
    support_requests.file_report(
        closed, user=ville.user, happened=True, duration_minutes=100,
        notes="Käynti sujui hyvin; asiakas sai uudet kuulokojeet.", concerns=None,
        now=now - timedelta(days=5), site_url=site_url)
    # Assigned: next week's appointment at the employment services.
    assigned = support_requests.create_request(_request_values(
        "Yusuf Ali", "Tarvitsee tulkkausta arabiaksi ja tukea lomakkeisiin.",
        "TE-palvelujen tapaaminen", "employment_services", "Kauppurienkatu 12, Oulu",
        _next(today, 3), "13:00", 60, language="ar"), channel=IntakeChannel.COORDINATOR,
        actor=coordinator, now=now)
    support_requests.assign(assigned, ahmed, actor=coordinator, now=now, site_url=site_url,
                            override=True)
    # Open: from a partner organisation, waiting for a volunteer.
    partner = db.session.scalar(select(Organisation.id).where(
        Organisation.name == "Pohjolan Diakoniasäätiö"))
    support_requests.create_request(_request_values(
        "Raili Pesonen", "Liikkuu rollaattorilla; jännittää virastoja.",
        "Sosiaalityöntekijän tapaaminen", "housing_debt_advice", "Kajaanintie 50, Oulu",
        _next(today, 0, weeks=2), "10:00", 60) | {"partner_organisation_id": partner},
        channel=IntakeChannel.PARTNER if partner else IntakeChannel.COORDINATOR,
        actor=coordinator, now=now)
    # Cancelled: the client found a relative to go with them.
    cancelled = support_requests.create_request(_request_values(
        "Kalevi Oja", "Ei käytä verkkopankkia; tarvitsee apua Kela-asiointiin.",
        "Kelan palvelupiste", "online_services", "Isokatu 5, Oulu", _next(today, 2),
        "11:00", 45), channel=IntakeChannel.COORDINATOR, actor=coordinator, now=now)
    support_requests.cancel(cancelled, actor=coordinator,
                            reason="Omainen lähtee mukaan.", now=now)
