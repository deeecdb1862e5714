"""The demo's two prepared scenarios: points they open, instructions, plans and checklists.

Texts are in Finnish, Swedish and English; placeholders are those of crisis.message_templates.
Plan rows are keyed by (audience, channel, timing) within their scenario.
"""

from dataclasses import dataclass, field

from crisis.models import Audience, Channel, OtherPoints, ScenarioKind, Timing

ST, WP, VO, PA, RE, PU = (Audience.STEERING_GROUP, Audience.WORKER_PAIRS, Audience.VOLUNTEERS,
                          Audience.PARTNERS, Audience.RESIDENTS, Audience.PUBLIC)
EMAIL, SMS, WEB, CAP = Channel.EMAIL, Channel.SMS, Channel.WEB_NOTICE, Channel.CAP
NOW, LATER, END = Timing.AT_ACTIVATION, Timing.AFTER_HOURS, Timing.AT_DEACTIVATION


@dataclass(frozen=True)
class Row:
    """A plan row: who informs (organisation key, person), whom, how, when, and the texts
    (subject, body) per language; SMS rows have no subject."""

    org: str
    sender: str
    audience: Audience
    channel: Channel
    timing: Timing
    texts: dict[str, tuple[str | None, str]]
    delay_hours: int = 0
    area: str | None = None  # residents only: the area's name
    language: str | None = None  # residents only


@dataclass(frozen=True)
class Checklist:
    """The volunteer checklist of a scenario."""

    title: str
    remember: str
    insurance: str
    expenses: str


@dataclass(frozen=True)
class ScenarioSpec:
    """A prepared scenario: points by external id with their instructions, and the plan."""

    name: str
    kind: ScenarioKind
    description: str
    cap_category: str
    other_points: OtherPoints
    points: dict[str, str]
    plan: tuple[Row, ...]
    checklist: Checklist
    participants: tuple[str, ...] = field(default=())


FOOTER_RESIDENT = {
    "fi": "Peru tiedotteet: {unsubscribe_link}",
    "sv": "Avsluta meddelandena: {unsubscribe_link}",
    "en": "Stop these alerts: {unsubscribe_link}",
}


def _resident(texts: dict[str, tuple[str | None, str]]) -> dict[str, tuple[str | None, str]]:
    """Texts to subscribed residents, each ending with the unsubscribe link."""
    return {lang: (subject, f"{body}\n\n{FOOTER_RESIDENT[lang]}")
            for lang, (subject, body) in texts.items()}


POWER_CUT = ScenarioSpec(
    name="Pitkä sähkökatko",
    kind=ScenarioKind.POWER_CUT,
    description=(
        "Myrsky tai verkkovika katkaisee sähköt laajalta alueelta yli vuorokaudeksi. "
        "Varavoimalla toimivat palvelupisteet avataan lämpimiksi kohtaamispaikoiksi: "
        "lämmintä ruokaa ja juomaa, puhelinten lataus, keskusteluapu ja ajantasainen tieto. "
        "Liikkuva palvelu käy haja-asutusalueilla."),
    cap_category="Infra",
    other_points=OtherPoints.KEEP,
    points={
        "oulu-pokkinen-srk": "Varavoimakone kellarissa; käynnistysohje sähköpääkeskuksen ovessa. "
                             "Lämmin ruoka klo 11–13 ja 16–18.",
        "oulu-pokkinen-kirjasto": "Latauspiste aulaan (jatkojohdot varastossa). "
                                  "Tiedotteet ilmoitustaululle kahdesti päivässä.",
        "oulu-tuira-tupa": "Lämmin juoma koko aukiolon ajan. Tulkkausapu arabiaksi ja englanniksi.",
        "oulu-karjasilta-srk": "Ruoka-apu jaetaan sivuovelta. Ikäihmisille kotiinkuljetus "
                               "SPR:n kanssa.",
        "oulu-kaukovainio-tupa": "Lämmin tila ja latauspiste. Kysy naapurusto-listasta, "
                                 "ketä soitetaan.",
        "oulu-haukipudas-srk": "Varavoima käytössä; keittiö toimii. Yhteys Kellon "
                               "kyläyhdistykseen.",
        "oulu-kiiminki-srk": "Lämmin tila, ruoka-apu ja asiointiapu. Kuljetukset sovitaan "
                             "koordinaattorin kanssa.",
        "oulu-ylikiiminki-auto": "Kiertää Ylikiimingin kylät: vesi, paristot, lämpöpeitot, "
                                 "asiointiapu.",
    },
    plan=(
        Row("city", "Jussi Rantala", ST, EMAIL, NOW, {
            "fi": ("Poikkeustila: {scenario}",
                   "Hei {recipient_name},\n\nverkosto on siirretty poikkeustilaan: {scenario}. "
                   "Syy: {reason}\n\nTilannekatsaus Teamsissa klo 8 ja 16. Avoimet pisteet: "
                   "{nearest_points}\n\n{sender}, {organisation}"),
            "sv": ("Undantagsläge: {scenario}",
                   "Hej {recipient_name},\n\nnätverket är i undantagsläge: {scenario}. "
                   "Orsak: {reason}\n\nLägesbild i Teams kl. 8 och 16. Öppna punkter: "
                   "{nearest_points}\n\n{sender}, {organisation}"),
            "en": ("Exceptional mode: {scenario}",
                   "Hello {recipient_name},\n\nthe network is in exceptional mode: {scenario}. "
                   "Reason: {reason}\n\nSituation briefing on Teams at 8 and 16. Open points: "
                   "{nearest_points}\n\n{sender}, {organisation}"),
        }),
        Row("city", "Jussi Rantala", WP, EMAIL, NOW, {
            "fi": ("Avaa pisteesi: {scenario}",
                   "Hei {recipient_name},\n\npisteenne {point} avataan poikkeustilan aukioloajoin "
                   "({scenario}). Syy: {reason}\n\nOhjeet pisteellenne: {instructions}"
                   "\n\nPisteen tila: {site_link}"
                   "\nLähimmät avoimet pisteet: {nearest_points}\n\n{sender}"),
            "sv": ("Öppna er punkt: {scenario}",
                   "Hej {recipient_name},\n\ner punkt {point} öppnar med undantagslägets "
                   "öppettider ({scenario}). Orsak: {reason}\n\nAnvisningar för er punkt: "
                   "{instructions}\n\nPunktens läge: {site_link}"
                   "\nNärmaste öppna punkter: {nearest_points}\n\n{sender}"),
            "en": ("Open your point: {scenario}",
                   "Hello {recipient_name},\n\nyour point {point} opens with the exceptional "
                   "hours ({scenario}). Reason: {reason}\n\nInstructions for your point: "
                   "{instructions}\n\nThe point's status: {site_link}"
                   "\nNearest open points: {nearest_points}\n\n{sender}"),
        }),
        Row("city", "Jussi Rantala", WP, SMS, LATER, {
            "fi": (None, "{scenario}: kirjaa pisteen kävijät ja tilanne sovellukseen ennen "
                         "klo 18. Tarvitsetteko lisää vapaaehtoisia? Soita 08 558 410."),
            "sv": (None, "{scenario}: registrera besökare och läge i appen före kl. 18. "
                         "Behövs fler frivilliga? Ring 08 558 410."),
            "en": (None, "{scenario}: record your visitors and status in the app before 18:00. "
                         "Need more volunteers? Call 08 558 410."),
        }, delay_hours=12),
        Row("spr", "Tomi Pesonen", VO, EMAIL, NOW, {
            "fi": ("Vapaaehtoisia tarvitaan: {scenario}",
                   "Hei {recipient_name},\n\n{scenario} on alkanut. Ilmoita koordinaattorille, "
                   "milloin voit auttaa lämpimillä pisteillä tai kotikäynneillä. Lue "
                   "vapaaehtoisten muistilista sovelluksesta.\n\n{sender}, {organisation}"),
            "sv": ("Frivilliga behövs: {scenario}",
                   "Hej {recipient_name},\n\n{scenario} har börjat. Meddela koordinatorn när "
                   "du kan hjälpa till på de varma punkterna eller med hembesök. Läs de "
                   "frivilligas checklista i appen.\n\n{sender}, {organisation}"),
            "en": ("Volunteers needed: {scenario}",
                   "Hello {recipient_name},\n\n{scenario} has started. Tell the coordinator "
                   "when you can help at the warm points or with home visits. Read the "
                   "volunteer checklist in the app.\n\n{sender}, {organisation}"),
        }),
        Row("city", "Anne Laitinen", PA, EMAIL, NOW, {
            "fi": ("Oulu-apu poikkeustilassa: {scenario}",
                   "Oulu-avun palvelupisteverkosto on poikkeustilassa ({scenario}). Ohjatkaa "
                   "apua tarvitsevat avoimille pisteille: {nearest_points}\nAjantasainen "
                   "tieto: {site_link}\n\n{sender}, {organisation}"),
            "sv": ("Oulu-apu i undantagsläge: {scenario}",
                   "Oulu-apus nätverk av servicepunkter är i undantagsläge ({scenario}). "
                   "Hänvisa den som behöver hjälp till öppna punkter: {nearest_points}\n"
                   "Aktuell information: {site_link}\n\n{sender}, {organisation}"),
            "en": ("Oulu-apu in exceptional mode: {scenario}",
                   "The Oulu-apu service point network is in exceptional mode ({scenario}). "
                   "Please direct people who need help to the open points: {nearest_points}\n"
                   "Up-to-date information: {site_link}\n\n{sender}, {organisation}"),
        }),
        Row("city", "Viestintä", RE, EMAIL, NOW, _resident({
            "fi": ("Lämpimät palvelupisteet avattu: {scenario}",
                   "{scenario}: lämpimät palvelupisteet ovat auki. Lähinnä sinua: "
                   "{nearest_points}\nLue lisää: {site_link}"),
            "sv": ("Varma servicepunkter öppna: {scenario}",
                   "{scenario}: de varma servicepunkterna är öppna. Närmast dig: "
                   "{nearest_points}\nLäs mer: {site_link}"),
            "en": ("Warm service points open: {scenario}",
                   "{scenario}: the warm service points are open. Nearest to you: "
                   "{nearest_points}\nRead more: {site_link}"),
        })),
        Row("city", "Viestintä", RE, SMS, NOW, _resident({
            "fi": (None, "Oulu-apu: {scenario}. Lämmin tila, ruokaa ja latausta "
                         "palvelupisteillä: {site_link}"),
            "sv": (None, "Oulu-apu: {scenario}. Värme, mat och laddning på "
                         "servicepunkterna: {site_link}"),
            "en": (None, "Oulu-apu: {scenario}. Warmth, food and charging at the service "
                         "points: {site_link}"),
        })),
        Row("city", "Viestintä", PU, WEB, NOW, {
            "fi": ("{scenario}: lämpimät pisteet auki",
                   "Sähkökatkon ajan palvelupisteet tarjoavat lämpimän tilan, ruokaa, "
                   "puhelinten latausta ja keskusteluapua. Katso lähin avoin piste: {site_link}"),
            "sv": ("{scenario}: varma punkter öppna",
                   "Under strömavbrottet erbjuder servicepunkterna värme, mat, laddning av "
                   "telefoner och samtalsstöd. Se närmaste öppna punkt: {site_link}"),
            "en": ("{scenario}: warm points open",
                   "During the power cut the service points offer a warm place, food, phone "
                   "charging and someone to talk to. Find the nearest open point: {site_link}"),
        }),
        Row("city", "Viestintä", PU, CAP, NOW, {
            "fi": ("{scenario} Oulussa",
                   "Pitkä sähkökatko. Lämpimät palvelupisteet ovat auki: {site_link}"),
            "sv": ("{scenario} i Uleåborg",
                   "Långt strömavbrott. De varma servicepunkterna är öppna: {site_link}"),
            "en": ("{scenario} in Oulu",
                   "Long power cut. The warm service points are open: {site_link}"),
        }),
        Row("city", "Viestintä", RE, SMS, END, _resident({
            "fi": (None, "Oulu-apu: sähköt palautuneet, palvelupisteet palaavat "
                         "tavallisiin aukioloaikoihin. {site_link}"),
            "sv": (None, "Oulu-apu: strömmen är tillbaka, servicepunkterna återgår till "
                         "vanliga öppettider. {site_link}"),
            "en": (None, "Oulu-apu: power is back, the service points return to their usual "
                         "hours. {site_link}"),
        })),
        Row("city", "Jussi Rantala", WP, EMAIL, END, {
            "fi": ("Poikkeustila päättyi: {scenario}",
                   "Hei {recipient_name},\n\npoikkeustila on päättynyt. Pisteet palaavat "
                   "tavallisiin aukioloaikoihin. Kiitos! Purkukeskustelu sovitaan "
                   "erikseen.\n\n{sender}"),
            "sv": ("Undantagsläget är över: {scenario}",
                   "Hej {recipient_name},\n\nundantagsläget är över. Punkterna återgår till "
                   "vanliga öppettider. Tack! Vi kommer överens om en genomgång "
                   "separat.\n\n{sender}"),
            "en": ("Exceptional mode ended: {scenario}",
                   "Hello {recipient_name},\n\nthe exceptional mode has ended. The points "
                   "return to their usual hours. Thank you! We will agree on a debriefing "
                   "separately.\n\n{sender}"),
        }),
        Row("city", "Viestintä", PU, WEB, END, {
            "fi": ("{scenario} on ohi",
                   "Palvelupisteet palaavat tavallisiin aukioloaikoihin. Kiitos kaikille "
                   "auttajille! {site_link}"),
            "sv": ("{scenario} är över",
                   "Servicepunkterna återgår till vanliga öppettider. Tack till alla som "
                   "hjälpte! {site_link}"),
            "en": ("{scenario} is over",
                   "The service points return to their usual hours. Thank you to everyone "
                   "who helped! {site_link}"),
        }),
    ),
    checklist=Checklist(
        title="Muistilista: pitkä sähkökatko",
        remember="Taskulamppu ja varaparistot. Ladattu varavirtalähde puhelimelle. "
                 "Lämmin vaatetus: pisteillä voi olla viileää. Tarkista ennen vuoroa "
                 "koordinaattorilta, mikä piste on auki. Älä käytä kynttilöitä pisteellä.",
        insurance="Järjestön vapaaehtoisvakuutus kattaa tapaturmat vuoron aikana ja "
                  "matkoilla. Ilmoita tapaturmasta koordinaattorille samana päivänä.",
        expenses="Polttoaine- ja matkakulut korvataan kilometrikorvauksena "
                 "koordinaattorin hyväksymiltä ajoilta. Säilytä kuitit.",
    ),
)

FLOOD = ScenarioSpec(
    name="Kevättulva Oulujoella",
    kind=ScenarioKind.FLOOD,
    description=(
        "Jäidenlähtö ja suuri kevätvalunta nostavat Oulujoen ja Kiiminkijoen vedenpinnan; "
        "rantojen asuinalueilta evakuoidaan asukkaita. Tulva-alueen ulkopuolella olevat "
        "pisteet avataan: tietoa, keskusteluapua, ruoka-apua ja asiointiapua vakuutus- ja "
        "korvausasioissa. Tulva-alueen pisteet siirtyvät valmiuteen."),
    cap_category="Met",
    other_points=OtherPoints.STANDBY,
    points={
        "oulu-linnanmaa-tupa": "Evakuoitujen kohtaamispaikka. Kirjaa yhteystiedot "
                               "vain asukkaan luvalla.",
        "oulu-pateniemi-srk": "Ruoka-apu ja asiointiapu. Kumisaappaita ja kuivia sukkia "
                              "lahjoituksina varastossa.",
        "oulu-hoyhtya-tupa": "Sähköinen asiointi: vakuutusyhtiöiden vahinkoilmoitukset.",
        "oulu-kaakkuri-tupa": "Keskusteluapu ja palveluohjaus; lapsiperheille leikkinurkka.",
        "oulu-maikkula-srk": "Ruoka-apu klo 12–15. Yhteys Oulujoen seurakunnan diakoniaan.",
        "oulu-hiukkavaara-tupa": "Palveluohjaus ja tieto tulvatilanteesta kahdesti päivässä.",
        "oulu-ylikiiminki-auto": "Kiertää Kiiminkijoen varren kylät: vesi, ruoka, asiointiapu.",
    },
    plan=(
        Row("city", "Jussi Rantala", ST, EMAIL, NOW, {
            "fi": ("Poikkeustila: {scenario}",
                   "Hei {recipient_name},\n\n{scenario}: verkosto on poikkeustilassa. Syy: "
                   "{reason}\n\nAvoimet pisteet: {nearest_points}\nTilannekuva: {site_link}"
                   "\n\n{sender}, {organisation}"),
            "sv": ("Undantagsläge: {scenario}",
                   "Hej {recipient_name},\n\n{scenario}: nätverket är i undantagsläge. "
                   "Orsak: {reason}\n\nÖppna punkter: {nearest_points}\nLägesbild: "
                   "{site_link}\n\n{sender}, {organisation}"),
            "en": ("Exceptional mode: {scenario}",
                   "Hello {recipient_name},\n\n{scenario}: the network is in exceptional "
                   "mode. Reason: {reason}\n\nOpen points: {nearest_points}\nSituation: "
                   "{site_link}\n\n{sender}, {organisation}"),
        }),
        Row("city", "Jussi Rantala", WP, SMS, NOW, {
            "fi": (None, "{scenario}: avatkaa pisteenne poikkeustilan aukioloajoin. Ohjeet: "
                         "{site_link}"),
            "sv": (None, "{scenario}: öppna er punkt med undantagslägets öppettider. "
                         "Anvisningar: {site_link}"),
            "en": (None, "{scenario}: open your point with the exceptional hours. "
                         "Instructions: {site_link}"),
        }),
        Row("spr", "Tomi Pesonen", VO, EMAIL, NOW, {
            "fi": ("Tulva-apuun tarvitaan vapaaehtoisia",
                   "Hei {recipient_name},\n\n{scenario}: tarvitsemme apua evakuoitujen "
                   "kohtaamispaikoissa ja ruoka-avun jakelussa. Ilmoita koordinaattorille, "
                   "milloin voit auttaa.\n\n{sender}, {organisation}"),
            "sv": ("Frivilliga behövs vid översvämningen",
                   "Hej {recipient_name},\n\n{scenario}: vi behöver hjälp på de evakuerades "
                   "mötesplatser och vid matutdelningen. Meddela koordinatorn när du kan "
                   "hjälpa till.\n\n{sender}, {organisation}"),
            "en": ("Volunteers needed for the flood",
                   "Hello {recipient_name},\n\n{scenario}: we need help at the meeting places "
                   "for evacuees and with food aid. Tell the coordinator when you can "
                   "help.\n\n{sender}, {organisation}"),
        }),
        Row("city", "Anne Laitinen", PA, EMAIL, NOW, {
            "fi": ("Oulu-apu: {scenario}",
                   "Tulva-alueen ulkopuoliset pisteet ovat auki: {nearest_points}\nOhjatkaa "
                   "evakuoidut ja apua tarvitsevat niille. {site_link}\n\n{organisation}"),
            "sv": ("Oulu-apu: {scenario}",
                   "Punkterna utanför översvämningsområdet är öppna: {nearest_points}\n"
                   "Hänvisa evakuerade och andra som behöver hjälp dit. {site_link}"
                   "\n\n{organisation}"),
            "en": ("Oulu-apu: {scenario}",
                   "The points outside the flood area are open: {nearest_points}\nPlease "
                   "direct evacuees and others who need help there. {site_link}"
                   "\n\n{organisation}"),
        }),
        Row("city", "Viestintä", RE, EMAIL, NOW, _resident({
            "fi": ("Tulva: apua lähelläsi",
                   "{scenario}. Alueella {area} avoimet palvelupisteet: {nearest_points}\n"
                   "Seuraa pelastusviranomaisten ohjeita. Lisätietoa: {site_link}"),
            "sv": ("Översvämning: hjälp nära dig",
                   "{scenario}. Öppna servicepunkter i området {area}: {nearest_points}\n"
                   "Följ räddningsmyndigheternas anvisningar. Mer information: {site_link}"),
            "en": ("Flood: help near you",
                   "{scenario}. Open service points in {area}: {nearest_points}\nFollow the "
                   "rescue authorities' instructions. More: {site_link}"),
        }), area="Tuira"),
        Row("city", "Viestintä", RE, SMS, LATER, _resident({
            "fi": (None, "Oulu-apu: {scenario} jatkuu. Apua vakuutus- ja korvausasioissa "
                         "pisteillä: {site_link}"),
            "sv": (None, "Oulu-apu: {scenario} fortsätter. Hjälp med försäkringsärenden på "
                         "punkterna: {site_link}"),
            "en": (None, "Oulu-apu: {scenario} goes on. Help with insurance claims at the "
                         "points: {site_link}"),
        }), delay_hours=24),
        Row("city", "Viestintä", PU, WEB, NOW, {
            "fi": ("{scenario}: palvelupisteet auki",
                   "Tulva-alueen ulkopuolella olevat palvelupisteet tarjoavat tietoa, "
                   "ruoka-apua, keskusteluapua ja apua vahinkoilmoituksiin: {site_link}"),
            "sv": ("{scenario}: servicepunkterna öppna",
                   "Servicepunkterna utanför översvämningsområdet erbjuder information, "
                   "mathjälp, samtalsstöd och hjälp med skadeanmälningar: {site_link}"),
            "en": ("{scenario}: service points open",
                   "The service points outside the flood area offer information, food aid, "
                   "someone to talk to and help with damage claims: {site_link}"),
        }),
        Row("city", "Viestintä", PU, CAP, NOW, {
            "fi": ("{scenario}", "Tulvavaara Oulujoen ja Kiiminkijoen varrella. "
                                 "Avoimet palvelupisteet: {site_link}"),
            "sv": ("{scenario}", "Översvämningsrisk längs Ule älv och Kiminge älv. "
                                 "Öppna servicepunkter: {site_link}"),
            "en": ("{scenario}", "Flood risk along the Oulujoki and Kiiminkijoki rivers. "
                                 "Open service points: {site_link}"),
        }),
        Row("city", "Viestintä", PU, CAP, END, {
            "fi": ("{scenario} on ohi", "Tulvavaara on ohi. Palvelupisteet palaavat "
                                        "tavallisiin aukioloaikoihin."),
            "sv": ("{scenario} är över", "Översvämningsrisken är över. Servicepunkterna "
                                         "återgår till vanliga öppettider."),
            "en": ("{scenario} is over", "The flood risk is over. The service points return "
                                         "to their usual hours."),
        }),
        Row("city", "Jussi Rantala", ST, EMAIL, END, {
            "fi": ("Poikkeustila päättyi: {scenario}",
                   "Hei {recipient_name},\n\npoikkeustila on päättynyt. Purku ja arviointi "
                   "seuraavassa ohjausryhmän kokouksessa.\n\n{sender}"),
            "sv": ("Undantagsläget är över: {scenario}",
                   "Hej {recipient_name},\n\nundantagsläget är över. Genomgång och "
                   "utvärdering på styrgruppens nästa möte.\n\n{sender}"),
            "en": ("Exceptional mode ended: {scenario}",
                   "Hello {recipient_name},\n\nthe exceptional mode has ended. Debriefing "
                   "and evaluation at the steering group's next meeting.\n\n{sender}"),
        }),
    ),
    checklist=Checklist(
        title="Muistilista: kevättulva",
        remember="Kumisaappaat ja sadevaatteet. Älä mene tulva-alueelle: seuraa "
                 "pelastuslaitoksen ohjeita. Evakuoitujen tiedot kirjataan vain luvalla. "
                 "Jos asukas on järkyttynyt, ohjaa keskusteluapuun.",
        insurance="Vapaaehtoisvakuutus ei kata työskentelyä tulva-alueella; toimi vain "
                  "avatuilla pisteillä. Ilmoita tapaturmasta koordinaattorille heti.",
        expenses="Matkakulut korvataan kilometrikorvauksena. Lahjoitustavaroiden "
                 "hankinnasta sovitaan koordinaattorin kanssa etukäteen.",
    ),
)

SCENARIOS = (POWER_CUT, FLOOD)

# Confirmed alert subscribers: (channel, address, language, area name or None).
SUBSCRIBERS = (
    (EMAIL, "tuira.asukas@example.org", "fi", "Tuira"),
    (EMAIL, "invanare.pokkinen@example.org", "sv", "Pokkinen"),
    (EMAIL, "resident.kaakkuri@example.org", "en", "Kaakkuri"),
    (EMAIL, "haukipudas.asukas@example.org", "fi", "Haukipudas"),
    (SMS, "+358 50 000 1001", "fi", "Tuira"),
    (SMS, "+358 50 000 1002", "sv", "Kiiminki"),
    (SMS, "+358 50 000 1003", "en", None),
)
CONSENT = ("Haluan Oulu-avun poikkeustilatiedotteet. Voin perua tilauksen jokaisen viestin "
           "linkistä.")

# Exercise participants: roster members by name, pair workers by name, organisations by key,
# and user accounts by role value.
EXERCISE_ROSTER = ("Anne Laitinen", "Jussi Rantala", "Tomi Pesonen")
EXERCISE_WORKERS = ("Paula Niemi", "Kaisa Mattila")
EXERCISE_ORGANISATIONS = ("city", "spr")
EXERCISE_ROLES = ("volunteer",)
