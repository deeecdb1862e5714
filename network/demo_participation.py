"""The demo's participation (issue 7): anonymous feedback, a satisfaction survey and a
professional survey with answers, a client panel with its meetings, experience experts,
resident discussion events, and the steering group's texts of the local model document.

Each part is added once, found by its natural key; everything goes through the operations.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from network import accounts, discussion_events, feedback, model_document, panels, surveys
from network.clock import local
from network.database import db
from network.demo_oulu import USERS
from network.models import (
    Area,
    ClientPanel,
    DiscussionEvent,
    ExperienceExpert,
    Feedback,
    ModelText,
    Organisation,
    Role,
    ServicePoint,
    Survey,
    SurveyKind,
)

# Feedback: (point external id or None for general, score, comment, language, days ago).
FEEDBACK = (
    ("oulu-tuira-tupa", 5, "Ystävällinen vastaanotto ja hyvää kahvia.", "fi", 3),
    ("oulu-tuira-tupa", 4, None, "fi", 9),
    ("oulu-tuira-tupa", 5, "Sain apua Kela-hakemukseen.", "fi", 15),
    ("oulu-tuira-tupa", 3, "Aukioloajat voisivat olla pidemmät.", "fi", 22),
    ("oulu-tuira-tupa", 4, "Thank you for the help with the forms.", "en", 40),
    ("oulu-tuira-tupa", 5, None, "fi", 52),
    ("oulu-pokkinen-srk", 5, "Lämmin ateria ja hyvä seura.", "fi", 5),
    ("oulu-pokkinen-srk", 4, None, "fi", 12),
    ("oulu-pokkinen-srk", 4, "Trevligt bemötande.", "sv", 25),
    ("oulu-pokkinen-srk", 2, "Jonoa oli paljon ruoka-avussa.", "fi", 33),
    ("oulu-pokkinen-srk", 5, None, "fi", 61),
    (None, 4, "Hyvä, että apua saa läheltä.", "fi", 7),
    (None, 5, None, "fi", 18),
    (None, 3, "Tietoa pisteistä voisi olla enemmän netissä.", "fi", 30),
    (None, 4, None, "en", 44),
    (None, 5, "Kiitos vapaaehtoisille!", "fi", 70),
)

CLIENT_SURVEY = "Asiakaspalaute asiointituesta"
PROFESSIONAL_SURVEY = "Ammattilaiskysely poikkeustilanteiden avun tarpeista"
# Client answers by preset: overall, safe, heard (1-5), needs met (yes/no), improve (text).
CLIENT_ANSWERS = (
    (5, 5, 5, True, "Tukihenkilö oli ajoissa ja rauhallinen."),
    (4, 5, 4, True, None),
    (5, 4, 5, True, "Toivoisin samaa tukihenkilöä jatkossakin."),
    (3, 4, 3, False, "Odotin tukihenkilöä kauan."),
    (4, 4, 4, True, None),
    (5, 5, 5, True, "Kiitos!"),
)
PROFESSIONAL_ANSWERS = (
    ("Digitaaliset palvelut ja jonot puhelinpalveluissa.", "Seurakunnat, SPR ja Kela.",
     "Keskusteluapu iltaisin.", 2, "Sähköisen asioinnin opastusta."),
    ("Kielimuuri ja pelko virastoja kohtaan.", "Kotoutumispalvelut ja järjestöt.",
     "Tulkkaus.", 2, "Tulkkausta ja saattajia."),
    ("Yksinäisyys korostuu poikkeusaikana.", "Asukastuvat ja kotihoito.",
     "Kotikäynnit.", 3, "Kohtaamispaikka ja ruoka-apu."),
    ("Liikkumisen vaikeudet.", "Kotihoito ja seurakunnat.", "Kuljetukset.", 3,
     "Liikkuvaa palvelua kyliin."),
    ("Pankkitunnusten puute.", "Pankit, Kela ja DigiTuki.", "Verkkoasiointi.", 1,
     "Apua tunnistautumiseen."),
)

PANEL_NAME = "Oulu-avun asiakasraati"
PANEL_MEMBERS = (
    ("Helena Koivisto", "Aikuissosiaalityö", "chair"),
    ("Matti Saarinen", "Asumisneuvonta", "secretary"),
    ("Aila Karvonen", "Vanhuspalvelut"),
    ("Jari Nieminen", "Mielenterveyspalvelut"),
    ("Fatima Omar", "Kotoutumispalvelut"),
    ("Pirjo Laakso", "Vammaispalvelut"),
    ("Timo Huttunen", "Työllisyyspalvelut"),
    ("Sanna Kemppainen", "Lapsiperheiden palvelut"),
    ("Eino Räsänen", "Ruoka-apu"),
    ("Leila Rautio", "Asukastuvat"),
    ("Oskari Vähä", "Nuorten palvelut"),
)

EXPERTS = (
    ("Yrjö Kallio", "Asunnottomuus ja päihdekuntoutus", "fee", "union",
     (("Asumisneuvonnan työryhmä", 60, 365), ("Luento vapaaehtoisille", 20, None))),
    ("Minna Aho", "Omaishoito ja ikäihmisten asiointi", "volunteer", "spr",
     (("Asiakasraadin kokous: saavutettavuus", 10, None),)),
    ("Karim Haddad", "Kotoutuminen ja kieliapu", "employed", "kotiranta",
     (("Monikielisen viestinnän suunnittelu", 30, 120),)),
)

EVENTS = (
    (45, "Tuiran asukastupa", "Tuira", "Oulun kaupunki", 18, "Ikäihmiset ja yksin asuvat",
     "Asukkaat toivovat tietoa paperilla ja puhelimitse, eivät vain netissä. Asukastupa koetaan "
     "turvalliseksi paikaksi; tarjoilu ja tuttu ohjaaja madaltavat kynnystä."),
    (30, "Kaakkurin asukastupa", "Kaakkuri", "MLL:n Oulun yhdistys", 11, "Lapsiperheet",
     "Perheet toivovat iltapäivän aukioloja ja apua sähköiseen asiointiin."),
)

MODEL_TEXTS = {
    "coordination": {
        "fi": "Oulun kaupunki vastaa koordinaatiosta. Ohjaus- ja koordinaatioryhmä kokoontuu "
              "normaalioloissa neljästi vuodessa ja poikkeustilanteessa päivittäin. "
              "Verkostokoordinaattori pitää yhteyttä palvelupisteiden työpareihin ja "
              "vapaaehtoiskoordinaattori vapaaehtoispankkiin.",
        "sv": "Uleåborgs stad ansvarar för samordningen. Styr- och samordningsgruppen möts "
              "fyra gånger om året under normala förhållanden och dagligen i undantagsläge. "
              "Nätverkskoordinatorn håller kontakt med servicepunkternas arbetspar och "
              "frivilligkoordinatorn med frivilligbanken.",
        "en": "The City of Oulu holds coordination. The steering and coordination group meets "
              "four times a year in normal times and daily in exceptional mode. The network "
              "coordinator keeps in touch with the points' worker pairs and the volunteer "
              "coordinator with the volunteer bank.",
    },
    "service_delivery": {
        "fi": "Palvelut annetaan perinteisesti asukastuvilla ja seurakuntien tiloissa, "
              "liikkuvana palveluna haja-asutusalueilla ja sähköisesti etäryhminä ja "
              "puhelimitse. Poikkeustilassa aukioloja pidennetään ja ruoka-apua lisätään.",
        "sv": "Tjänsterna ges traditionellt i invånarstugor och församlingarnas lokaler, som "
              "mobil service på glesbygden och elektroniskt som distansgrupper och per "
              "telefon. I undantagsläge förlängs öppettiderna och mathjälpen utökas.",
        "en": "Services are given in person at residents' living rooms and parish halls, as a "
              "mobile service in rural areas, and electronically as remote groups and by "
              "phone. In exceptional mode hours are extended and food aid is increased.",
    },
    "quick_setup": {
        "fi": "1. Sovi tila ja avaimet. 2. Nimeä työpari. 3. Kirjaa piste ja aukiolot "
              "sovellukseen. 4. Tarkista esteettömyys. 5. Tuo muistilista ja yhteystiedot "
              "pisteelle. 6. Ilmoita koordinaattorille, kun piste on auki.",
        "sv": "1. Kom överens om lokal och nycklar. 2. Utse arbetsparet. 3. Registrera "
              "punkten och öppettiderna i appen. 4. Kontrollera tillgängligheten. 5. Ta med "
              "checklistan och kontaktuppgifterna. 6. Meddela koordinatorn när punkten är "
              "öppen.",
        "en": "1. Agree on the premises and keys. 2. Name the worker pair. 3. Record the "
              "point and its hours in the app. 4. Check accessibility. 5. Bring the checklist "
              "and contact details to the point. 6. Tell the coordinator when the point is "
              "open.",
    },
}


def load(*, now: datetime) -> None:
    """Add the demo's participation records once; the caller commits."""
    today = local(now).date()
    coordinator = accounts.find_by_email(USERS[Role.COORDINATOR][0])
    admin = accounts.find_by_email(USERS[Role.STEERING_ADMIN][0])
    orgs = {o.name: o.id for o in db.session.scalars(select(Organisation))}
    _feedback(today)
    _surveys(coordinator, now, today)
    _panel(orgs, now, today)
    _experts(orgs, today)
    _events(orgs, today)
    for key, bodies in MODEL_TEXTS.items():
        if db.session.scalar(select(ModelText.id).where(ModelText.key == key).limit(1)) is None:
            model_document.save_text(key, bodies, actor=admin)


def _feedback(today: date) -> None:
    if db.session.scalar(select(Feedback.id).where(
            Feedback.comment == FEEDBACK[0][2]).limit(1)) is not None:
        return
    points = {p.external_id: p for p in db.session.scalars(select(ServicePoint))}
    for key, score, comment, language, days_ago in FEEDBACK:
        feedback.give(point=points.get(key) if key else None, score=score, comment=comment,
                      language=language, today=today - timedelta(days=days_ago))


def _surveys(actor, now: datetime, today: date) -> None:
    if db.session.scalar(select(Survey.id).where(Survey.title_fi == CLIENT_SURVEY)) is None:
        survey = surveys.create_survey(
            {"kind": SurveyKind.SATISFACTION, "audience": "client", "title_fi": CLIENT_SURVEY,
             "title_sv": "Kundrespons om stöd vid ärenden",
             "title_en": "Client feedback on errand support",
             "intro_fi": "Kiitos, että kerrot kokemuksestasi. Vastaus on nimetön."},
            actor=actor, now=now)
        for n, answer in enumerate(CLIENT_ANSWERS):
            surveys.submit(survey, {q.id: _value(v) for q, v in zip(survey.questions, answer,
                                                                    strict=True)},
                           anonymous=True, language="fi", today=today - timedelta(days=3 * n))
    if db.session.scalar(select(Survey.id).where(
            Survey.title_fi == PROFESSIONAL_SURVEY)) is None:
        survey = surveys.create_survey(
            {"kind": SurveyKind.PROFESSIONAL, "title_fi": PROFESSIONAL_SURVEY,
             "title_sv": "Enkät till yrkesverksamma om hjälpbehov i undantagssituationer",
             "title_en": "Survey of professionals on needs for help in exceptional situations"},
            actor=actor, now=now)
        for n, answer in enumerate(PROFESSIONAL_ANSWERS):
            surveys.submit(survey, {q.id: v for q, v in zip(survey.questions, answer,
                                                            strict=True)},
                           anonymous=True, language="fi", today=today - timedelta(days=50 + n))


def _value(answer):
    """A yes/no answer as the form gives it; others as they are."""
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    return answer


def _panel(orgs: dict[str, int], now: datetime, today: date) -> None:
    if db.session.scalar(select(ClientPanel.id).where(ClientPanel.name == PANEL_NAME)):
        return
    panel = panels.save_panel(None, {
        "name": PANEL_NAME, "organisation_id": orgs.get("Oulun kaupunki"),
        "description": "Palveluja käyttävät asukkaat kehittävät Oulu-apua yhdessä "
                       "ohjausryhmän kanssa."})
    members = {}
    for n, (name, service, *role) in enumerate(PANEL_MEMBERS):
        member, _ = panels.save_member(panel, None, {
            "name": name, "service": service, "role": role[0] if role else "member",
            "joined_on": today - timedelta(days=200 - n)})
        members[name] = member
    past = panels.save_meeting(panel, None, {"held_on": today - timedelta(days=28),
                                             "place": "Oulun kaupungintalo"})
    panels.add_topic(past, {"topic": "Palvelupisteiden aukioloajat poikkeustilassa",
                            "source": "organisation", "proposed_by": "Jussi Rantala"})
    panels.add_topic(past, {"topic": "Tiedotus ikäihmisille ilman nettiä",
                            "source": "member", "member_id": members["Aila Karvonen"].id})
    panels.record_minutes(past, "1. Aukioloajat: raati toivoo iltapäiväaukioloja. "
                                "2. Tiedotus: paperitiedotteet asukastupiin ja kauppoihin.",
                          now=now)
    upcoming = panels.save_meeting(panel, None, {"held_on": today + timedelta(days=21),
                                                 "place": "Tuiran asukastupa"})
    panels.add_topic(upcoming, {"topic": "Palautekyselyn tulokset", "source": "organisation",
                                "proposed_by": "Anne Laitinen"})
    panels.add_topic(upcoming, {"topic": "Tulkkaus palvelupisteillä", "source": "member",
                                "member_id": members["Fatima Omar"].id})


def _experts(orgs: dict[str, int], today: date) -> None:
    org_names = {"union": "Oulun seurakuntayhtymä", "spr": "SPR Oulun osasto",
                 "kotiranta": "Monikulttuurinen yhdistys Kotiranta ry"}
    for name, expertise, compensation, org, tasks in EXPERTS:
        if db.session.scalar(select(ExperienceExpert.id).where(ExperienceExpert.name == name)):
            continue
        expert = panels.save_expert(None, {"name": name, "expertise": expertise,
                                           "compensation": compensation,
                                           "organisation_id": orgs.get(org_names[org])})
        for title, started_days_ago, length in tasks:
            starts = today - timedelta(days=started_days_ago)
            panels.add_task(expert, {"title": title, "starts_on": starts,
                                     "ends_on": starts + timedelta(days=length)
                                     if length else None})


def _events(orgs: dict[str, int], today: date) -> None:
    areas = {a.name: a.id for a in db.session.scalars(select(Area))}
    for days_ago, place, area, organiser, attendees, target, findings in EVENTS:
        held_on = today - timedelta(days=days_ago)
        if db.session.scalar(select(DiscussionEvent.id).where(
                DiscussionEvent.place == place, DiscussionEvent.organiser == organiser)):
            continue
        discussion_events.save(None, {
            "held_on": held_on, "place": place, "area_id": areas.get(area),
            "organiser": organiser, "organisation_id": orgs.get(organiser),
            "attendees": attendees, "target_group": target, "findings": findings})
