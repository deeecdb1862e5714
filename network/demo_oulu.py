"""The records of the Oulu demo network: organisations, districts, people, points, contacts.

District coordinates are the GeoNames rows of `fi_places.csv` (GeoNames, CC BY 4.0).
Names of people are invented; emails use the reserved `.example` domain.
"""

from dataclasses import dataclass

from network.models import ContactScope, GroupRole, OrganisationKind, PointKind, PointStatus, Role

# Organisations by a short key: (name, kind, email, phone, address, website).
ORGANISATIONS: dict[str, tuple] = {
    "city": ("Oulun kaupunki", OrganisationKind.MUNICIPALITY, "neuvonta@oulu.example",
             "08 558 410", "Torikatu 10, 90100 Oulu", "https://www.ouka.fi"),
    "wellbeing": ("Pohjois-Pohjanmaan hyvinvointialue", OrganisationKind.AUTHORITY,
                  "kirjaamo@pohde.example", "08 315 2011", "Kajaanintie 50, 90220 Oulu",
                  "https://pohde.fi"),
    "union": ("Oulun seurakuntayhtymä", OrganisationKind.PARISH, "diakonia@seurakunnat.example",
              "08 316 1400", "Isokatu 17, 90100 Oulu", "https://www.oulunseurakunnat.fi"),
    "cathedral": ("Oulun tuomiokirkkoseurakunta", OrganisationKind.PARISH,
                  "tuomiokirkko@seurakunnat.example", "08 316 1300", "Isokatu 17, 90100 Oulu",
                  None),
    "tuira": ("Tuiran seurakunta", OrganisationKind.PARISH, "tuira@seurakunnat.example",
              "08 316 1700", "Kastellin kirkko, Kaitoväylä 1, 90570 Oulu", None),
    "karjasilta": ("Karjasillan seurakunta", OrganisationKind.PARISH,
                   "karjasilta@seurakunnat.example", "08 316 1600", "Nokelantie 2, 90140 Oulu",
                   None),
    "oulujoki": ("Oulujoen seurakunta", OrganisationKind.PARISH, "oulujoki@seurakunnat.example",
                 "08 316 1800", "Mäntylänkatu 9, 90580 Oulu", None),
    "haukipudas": ("Haukiputaan seurakunta", OrganisationKind.PARISH,
                   "haukipudas@seurakunnat.example", "08 563 1100", "Kirkkotie 4, 90830 Haukipudas",
                   None),
    "kiiminki": ("Kiimingin seurakunta", OrganisationKind.PARISH, "kiiminki@seurakunnat.example",
                 "08 816 3400", "Kirkkotie 10, 90900 Kiiminki", None),
    "oulunsalo": ("Oulunsalon seurakunta", OrganisationKind.PARISH,
                  "oulunsalo@seurakunnat.example", "08 885 4300",
                  "Salonsaarentie 1, 90460 Oulunsalo", None),
    "mll": ("MLL:n Oulun yhdistys", OrganisationKind.NGO, "oulu@mll.example", "044 500 1201",
            "Pakkahuoneenkatu 15, 90100 Oulu", None),
    "spr": ("SPR Oulun osasto", OrganisationKind.NGO, "oulu@spr.example", "044 500 1302",
            "Sepänkatu 20, 90100 Oulu", None),
    "diaconia": ("Pohjolan Diakoniasäätiö", OrganisationKind.NGO, "info@pohjolandiakonia.example",
                 "044 500 1403", "Kirkkokatu 46, 90100 Oulu", None),
    "livingrooms": ("Oulun Asukastuvat ry", OrganisationKind.NGO, "tuvat@asukastuvat.example",
                    "044 500 1504", "Kasarmintie 12, 90130 Oulu", None),
    "kotiranta": ("Monikulttuurinen yhdistys Kotiranta ry", OrganisationKind.NGO,
                  "info@kotiranta.example", "044 500 1605", "Isokatu 47, 90100 Oulu", None),
}

COORDINATING = "city"

# Districts from fi_places.csv (admin1code 17): name -> (latitude, longitude, parish key).
DISTRICTS: dict[str, tuple[float, float, str]] = {
    "Pokkinen": (65.01306, 25.47253, "cathedral"),
    "Tuira": (65.02607, 25.47064, "tuira"),
    "Toppila": (65.03843, 25.44331, "tuira"),
    "Koskela": (65.04509, 25.44528, "tuira"),
    "Pateniemi": (65.07936, 25.40889, "tuira"),
    "Rajakylä": (65.06553, 25.42116, "tuira"),
    "Linnanmaa": (65.05559, 25.46639, "tuira"),
    "Kaijonharju": (65.0599, 25.48047, "tuira"),
    "Herukka": (65.09712, 25.40485, "tuira"),
    "Karjasilta": (64.99906, 25.49051, "karjasilta"),
    "Höyhtyä": (64.99565, 25.49592, "karjasilta"),
    "Kaukovainio": (64.99206, 25.518, "karjasilta"),
    "Kaakkuri": (64.96038, 25.53049, "karjasilta"),
    "Maikkula": (64.98357, 25.5686, "oulujoki"),
    "Myllyoja": (65.01908, 25.55286, "oulujoki"),
    "Hiukkavaara": (65.01585, 25.58402, "oulujoki"),
    "Talvikangas": (65.042, 25.59695, "oulujoki"),
    "Ylikiiminki": (65.08333, 26.25, "oulujoki"),
    "Haukipudas": (65.17654, 25.35233, "haukipudas"),
    "Kello": (65.1285, 25.3567, "haukipudas"),
    "Kiiminki": (65.13139, 25.79744, "kiiminki"),
    "Oulunsalo": (64.93456, 25.41121, "oulunsalo"),
}

# One demo login per role: (email, password, name, organisation key).
USERS: dict[Role, tuple[str, str, str, str]] = {
    Role.STEERING_ADMIN: ("ohjaus@demo.apuverkko.example", "ohjaus-demo-2025",
                          "Anne Laitinen", "city"),
    Role.COORDINATOR: ("koordinaattori@demo.apuverkko.example", "koordinaattori-demo-2025",
                       "Jussi Rantala", "city"),
    Role.POINT_WORKER: ("piste@demo.apuverkko.example", "piste-demo-2025", "Paula Niemi", "city"),
    Role.VOLUNTEER: ("vapaaehtoinen@demo.apuverkko.example", "vapaaehtoinen-demo-2025",
                     "Ville Korhonen", "spr"),
}

# Offerings in the point table, one letter each.
OFFERING_LETTERS = {
    "C": "conversation_help", "F": "food_aid", "E": "errand_help", "S": "service_guidance",
    "D": "digital_guidance", "M": "meeting_place", "L": "mobile_service",
}


@dataclass(frozen=True)
class Member:
    """A steering group member: areas by name, services by offering letter."""

    name: str
    org: str
    role: GroupRole
    title: str
    areas: tuple[str, ...] = ()
    services: str = ""
    responsibilities: str | None = None


ROSTER: tuple[Member, ...] = (
    Member("Anne Laitinen", "city", GroupRole.CHAIR, "Hyvinvointipalvelujen johtaja",
           responsibilities="Puheenjohtaja; tilannekuva ja päätös poikkeustilaan siirtymisestä."),
    Member("Jussi Rantala", "city", GroupRole.COORDINATION, "Verkostokoordinaattori",
           ("Pokkinen", "Tuira", "Toppila", "Koskela"), "MS",
           "Palvelupisteverkoston päivittäinen koordinointi ja viestintä."),
    Member("Hanna Väisänen", "union", GroupRole.MEMBER, "Diakoniajohtaja",
           ("Haukipudas", "Kello", "Kiiminki", "Oulunsalo"), "CF",
           "Seurakuntien tilat ja diakoniatyöntekijät työpareihin."),
    Member("Markku Tervo", "karjasilta", GroupRole.MEMBER, "Johtava diakoni",
           ("Karjasilta", "Höyhtyä", "Kaukovainio", "Kaakkuri"), "F"),
    Member("Elina Kangas", "mll", GroupRole.MEMBER, "Toiminnanjohtaja",
           ("Linnanmaa", "Kaijonharju", "Rajakylä"), "C",
           "Lapsiperheiden tuki ja vapaaehtoiset."),
    Member("Tomi Pesonen", "spr", GroupRole.MEMBER, "Valmiuspäällikkö",
           ("Ylikiiminki", "Hiukkavaara", "Talvikangas"), "LE",
           "Vapaaehtoispankki, liikkuva palvelu ja asiointiapu."),
    Member("Leena Hyvönen", "diaconia", GroupRole.MEMBER, "Palvelujohtaja",
           ("Maikkula", "Myllyoja"), "ES"),
    Member("Aino Ahola", "wellbeing", GroupRole.MEMBER, "Sosiaalityön päällikkö",
           ("Herukka", "Pateniemi"), "S", "Yhteys sosiaali- ja terveyspalveluihin."),
    Member("Samira Yusuf", "kotiranta", GroupRole.MEMBER, "Toiminnanjohtaja", ("Tuira",), "DS",
           "Vieraskielisten palveluohjaus ja tulkkaus."),
)

# Weekly schedules: name -> periods of (weekdays with 0 = Monday, opens, closes).
SCHEDULES: dict[str, tuple[tuple[tuple[int, ...], str, str], ...]] = {
    "weekdays": (((0, 1, 2, 3, 4), "09:00", "15:00"),),
    "mon_thu": (((0, 1, 2, 3), "10:00", "14:00"),),
    "tue_thu": (((1, 3), "10:00", "14:00"),),
    "wed_fri": (((2, 4), "12:00", "16:00"),),
    "split": (((0, 2), "09:00", "11:30"), ((0, 2), "12:30", "15:00"), ((4,), "10:00", "13:00")),
    "library": (((0, 1, 2, 3, 4), "10:00", "20:00"), ((5,), "10:00", "16:00")),
    "mobile": (((2,), "10:00", "14:00"),),
    "long": (((0, 1, 2, 3, 4), "08:00", "18:00"), ((5,), "10:00", "14:00")),
    "long_weekdays": (((0, 1, 2, 3, 4), "09:00", "17:00"),),
    "daily": (((0, 1, 2, 3, 4, 5, 6), "10:00", "16:00"),),
    "mobile_crisis": (((0, 2, 4), "09:00", "15:00"),),
}


@dataclass(frozen=True)
class Point:
    """A demo service point; `worker` is (name, title, organisation key) of the non-parish half."""

    external_id: str
    name: str
    kind: PointKind
    district: str
    host: str
    street: str
    postal_code: str
    normal: str
    worker: tuple[str, str, str]
    parish_worker: tuple[str, str]
    exceptional: str = ""  # offering letters; empty: not in the exceptional network
    hours: str = "weekdays"
    crisis_hours: str = "long_weekdays"
    languages: tuple[str, ...] = ("fi",)
    targets: tuple[str, ...] = ("everyone",)
    status: PointStatus = PointStatus.OPEN
    walk_in: bool = True
    step_free: bool = True
    notes: str | None = None


LR, PH = PointKind.LIVING_ROOM, PointKind.PARISH_HALL
DEACON, PRIEST, LEADER = "Diakoniatyöntekijä", "Pappi", "Asukastupaohjaaja"

POINTS: tuple[Point, ...] = (
    Point("oulu-tuira-tupa", "Tuiran asukastupa", LR, "Tuira", "city", "Kemintie 6", "90500",
          "CMSD", ("Paula Niemi", LEADER, "city"), ("Kaisa Mattila", DEACON), "CFESDM",
          languages=("fi", "en", "ar"), targets=("everyone", "immigrants"), crisis_hours="long"),
    Point("oulu-tuira-srk", "Tuiran seurakuntatalo", PH, "Tuira", "tuira", "Myllytie 5", "90500",
          "CF", ("Mervi Kallio", "Sosiaaliohjaaja", "city"), ("Olli Karjalainen", PRIEST), "CFM"),
    Point("oulu-toppila-tupa", "Toppilan asukastupa", LR, "Toppila", "livingrooms",
          "Toppilansaarentie 3", "90510", "MDS", ("Paula Niemi", LEADER, "city"),
          ("Riitta Lehto", DEACON), "CFSDM", targets=("everyone", "older_people")),
    Point("oulu-koskela-tupa", "Koskelan asukastupa", LR, "Koskela", "livingrooms",
          "Koskelankatu 21", "90540", "MC", ("Jaana Heikkilä", LEADER, "livingrooms"),
          ("Pekka Jokela", DEACON), hours="mon_thu", step_free=False,
          notes="Sisäänkäynnissä kaksi porrasta; kynnysluiska pyydettäessä."),
    Point("oulu-pateniemi-srk", "Pateniemen seurakuntatalo", PH, "Pateniemi", "tuira",
          "Pateniementie 50", "90150", "CFM", ("Tiina Salo", "Perhetyöntekijä", "mll"),
          ("Antti Kemppainen", PRIEST), "CFEM", hours="tue_thu",
          targets=("families", "older_people")),
    Point("oulu-rajakyla-tupa", "Rajakylän asukastupa", LR, "Rajakylä", "mll",
          "Rajakyläntie 12", "90420", "MC", ("Sanna Virtanen", "Perhekahvilaohjaaja", "mll"),
          ("Liisa Hietala", DEACON), "CFM", targets=("families",), languages=("fi", "so")),
    Point("oulu-linnanmaa-tupa", "Linnanmaan asukastupa", LR, "Linnanmaa", "mll",
          "Kaitoväylä 22", "90570", "MDC", ("Eetu Koskinen", "Nuorisotyöntekijä", "mll"),
          ("Johanna Pietilä", PRIEST), "CSDM", targets=("young_adults",),
          languages=("fi", "en"), hours="wed_fri"),
    Point("oulu-kaijonharju-tupa", "Kaijonharjun asukastupa", LR, "Kaijonharju", "livingrooms",
          "Kaijonkuja 4", "90570", "MD", ("Marja Oikarinen", LEADER, "livingrooms"),
          ("Timo Räsänen", DEACON), hours="split", languages=("fi", "en")),
    Point("oulu-herukka-srk", "Herukan seurakuntakoti", PH, "Herukka", "tuira",
          "Herukantie 38", "90650", "CF", ("Hannu Lappalainen", "Sosiaaliohjaaja", "wellbeing"),
          ("Kirsi Alatalo", DEACON), hours="tue_thu", status=PointStatus.CLOSED,
          notes="Remontti käynnissä; palvelut Pateniemen seurakuntatalolla."),
    Point("oulu-pokkinen-kirjasto", "Oulun pääkirjasto", PointKind.LIBRARY, "Pokkinen", "city",
          "Kaarlenväylä 3", "90100", "DSM", ("Minna Honkanen", "Kirjastonhoitaja", "city"),
          ("Juha Leinonen", PRIEST), "CSDM", hours="library", crisis_hours="long",
          languages=("fi", "sv", "en", "ru", "ar")),
    Point("oulu-pokkinen-srk", "Tuomiokirkon seurakuntatalo", PH, "Pokkinen", "cathedral",
          "Isokatu 17", "90100", "CFS", ("Niina Karppinen", "Sosiaaliohjaaja", "city"),
          ("Heikki Tapio", PRIEST), "CFESM", languages=("fi", "sv"), crisis_hours="daily"),
    Point("oulu-karjasilta-srk", "Karjasillan seurakuntatalo", PH, "Karjasilta", "karjasilta",
          "Nokelantie 2", "90140", "CFM", ("Outi Rautio", "Sosiaaliohjaaja", "city"),
          ("Sari Ylitalo", DEACON), "CFESM", hours="mon_thu"),
    Point("oulu-hoyhtya-tupa", "Höyhtyän asukastupa", LR, "Höyhtyä", "kotiranta",
          "Sammonkatu 8", "90140", "MDS", ("Abdi Hassan", "Ohjaaja", "kotiranta"),
          ("Marika Pulkkinen", DEACON), "CSDM", targets=("immigrants",),
          languages=("fi", "en", "so", "ar")),
    Point("oulu-kaukovainio-tupa", "Kaukovainion asukastupa", LR, "Kaukovainio", "city",
          "Kaukovainiontie 3", "90570", "MCE", ("Tuula Niskanen", LEADER, "city"),
          ("Aki Kauppinen", DEACON), "CFESM", targets=("older_people",), crisis_hours="long"),
    Point("oulu-kaakkuri-tupa", "Kaakkurin asukastupa", LR, "Kaakkuri", "city",
          "Ruismetsäntie 1", "90420", "MDC", ("Heidi Koivisto", LEADER, "city"),
          ("Petri Vesala", DEACON), "CFESDM", targets=("families", "everyone"),
          languages=("fi", "en", "ru")),
    Point("oulu-kaakkuri-srk", "Kaakkurin seurakuntatalo", PH, "Kaakkuri", "union",
          "Kaakkurinkulma 2", "90420", "CF", ("Mikaela Nyström", "Vapaaehtoiskoordinaattori",
                                              "spr"), ("Ville Haapala", PRIEST),
          hours="tue_thu", languages=("fi", "sv")),
    Point("oulu-maikkula-srk", "Maikkulan seurakuntatalo", PH, "Maikkula", "oulujoki",
          "Paulaharjuntie 40", "90530", "CF", ("Eija Tolonen", "Palveluohjaaja", "diaconia"),
          ("Jari Hannula", DEACON), "CFEM"),
    Point("oulu-myllyoja-tupa", "Myllyojan asukastupa", LR, "Myllyoja", "diaconia",
          "Myllyojantie 47", "90630", "MES", ("Kari Kinnunen", "Palveluohjaaja", "diaconia"),
          ("Päivi Turpeinen", DEACON), "CFESM", targets=("older_people", "working_age"),
          crisis_hours="daily"),
    Point("oulu-hiukkavaara-tupa", "Hiukkavaaran asukastupa", LR, "Hiukkavaara", "city",
          "Kivivaarantie 2", "90240", "MD", ("Laura Määttä", LEADER, "city"),
          ("Simo Luukkonen", DEACON), "CDSM", targets=("families",), hours="wed_fri"),
    Point("oulu-talvikangas-tupa", "Talvikankaan asukastupa", LR, "Talvikangas", "spr",
          "Talvikankaantie 28", "90560", "MCF", ("Anu Jääskeläinen", "Vapaaehtoisohjaaja", "spr"),
          ("Esa Keränen", DEACON), hours="mon_thu", targets=("working_age", "everyone")),
    Point("oulu-haukipudas-srk", "Haukiputaan seurakuntakeskus", PH, "Haukipudas", "haukipudas",
          "Kirkkotie 4", "90830", "CFM", ("Reijo Kyllönen", "Sosiaaliohjaaja", "city"),
          ("Anneli Pirttikoski", DEACON), "CFESM", crisis_hours="long"),
    Point("oulu-haukipudas-tupa", "Haukiputaan asukastupa", LR, "Haukipudas", "livingrooms",
          "Revontie 1", "90830", "MD", ("Sirpa Tervonen", LEADER, "livingrooms"),
          ("Markus Kinnunen", PRIEST), "CDSM", targets=("older_people",)),
    Point("oulu-kello-srk", "Kellon seurakuntatalo", PH, "Kello", "haukipudas", "Kellontie 680",
          "90820", "CM", ("Pirkko Hautala", LEADER, "city"), ("Raimo Ukkola", DEACON),
          hours="tue_thu", status=PointStatus.STANDBY, walk_in=False,
          notes="Avataan tarvittaessa; soita etukäteen."),
    Point("oulu-kiiminki-srk", "Kiimingin seurakuntakeskus", PH, "Kiiminki", "kiiminki",
          "Kirkkotie 10", "90900", "CFM", ("Merja Väänänen", "Sosiaaliohjaaja", "city"),
          ("Kalle Ojala", PRIEST), "CFESM", crisis_hours="long"),
    Point("oulu-kiiminki-tupa", "Kiimingin asukastupa", LR, "Kiiminki", "spr",
          "Kiimingintie 28", "90900", "MDE", ("Satu Paakkonen", "Vapaaehtoisohjaaja", "spr"),
          ("Helena Kurttila", DEACON), hours="split", targets=("older_people", "everyone")),
    Point("oulu-oulunsalo-srk", "Oulunsalon seurakuntatalo", PH, "Oulunsalo", "oulunsalo",
          "Salonsaarentie 1", "90460", "CF", ("Ilkka Mustonen", "Sosiaaliohjaaja", "city"),
          ("Tarja Saarela", DEACON), "CFEM", hours="mon_thu", crisis_hours="daily"),
    Point("oulu-oulunsalo-tupa", "Oulunsalon asukastupa", LR, "Oulunsalo", "mll",
          "Karhuojantie 8", "90460", "MC", ("Noora Rahkola", "Perhetyöntekijä", "mll"),
          ("Juho Leskelä", PRIEST), targets=("families", "young_adults"), hours="wed_fri"),
    Point("oulu-ylikiiminki-auto", "Hyvinvointiauto Ylikiiminki", PointKind.MOBILE,
          "Ylikiiminki", "spr", "Ylikiimingintie 1", "91300", "LSE",
          ("Tomi Pesonen", "Valmiuspäällikkö", "spr"), ("Maija Rytky", DEACON), "LCFES",
          hours="mobile", crisis_hours="mobile_crisis", status=PointStatus.STANDBY,
          targets=("older_people",),
          notes="Pysäkit: kirkonkylä, Jokikylä ja Vesala. Auto on esteetön."),
)

# Contact directory: (name, scope, category, phone, website, description).
CONTACTS: tuple[tuple, ...] = (
    ("Hätänumero", ContactScope.NATIONAL, "Hätä", "112", "https://112.fi",
     "Kiireellinen hätä: henki, terveys, omaisuus tai ympäristö vaarassa."),
    ("Päivystysapu", ContactScope.NATIONAL, "Terveys", "116 117", "https://www.116117.fi",
     "Neuvoo, kun tarvitset kiireellistä hoitoa ja mietit, minne hakeutua."),
    ("MIELI ry:n kriisipuhelin", ContactScope.NATIONAL, "Mielenterveys", "09 2525 0111",
     "https://mieli.fi", "Keskusteluapua kriisissä, ympäri vuorokauden."),
    ("Myrkytystietokeskus", ContactScope.NATIONAL, "Terveys", "0800 147 111",
     "https://www.myrkytystietokeskus.fi", "Neuvoo myrkytysten ensiavussa."),
    ("Rikosuhripäivystys", ContactScope.NATIONAL, "Tuki", "116 006", "https://www.riku.fi",
     "Tukea rikoksen uhreille, läheisille ja todistajille."),
    ("MLL:n Lasten ja nuorten puhelin", ContactScope.NATIONAL, "Lapset ja nuoret", "116 111",
     "https://www.nuortennetti.fi", "Lapsille ja nuorille, maksuton."),
    ("Kelan henkilöasiakkaiden palvelu", ContactScope.NATIONAL, "Etuudet", "020 692 200",
     "https://www.kela.fi", None),
    ("Oulun kaupungin neuvonta", ContactScope.LOCAL, "Neuvonta", "08 558 410",
     "https://www.ouka.fi", "Kaupungin palveluiden yleisneuvonta arkisin."),
    ("Sosiaali- ja kriisipäivystys, Pohjois-Pohjanmaa", ContactScope.LOCAL, "Sosiaalipalvelut",
     "044 703 6500", None, "Kiireellinen sosiaalipäivystys ja kriisiapu."),
    ("Oulun seurakuntien diakoniatyön ajanvaraus", ContactScope.LOCAL, "Diakonia", "08 316 1410",
     "https://www.oulunseurakunnat.fi", "Diakoniatyöntekijän vastaanotto ja ruoka-apu."),
    ("Digituki Oulu", ContactScope.LOCAL, "Digituki", "044 703 1234", None,
     "Opastusta verkkopalveluihin, puhelimeen ja tietokoneeseen."),
)
