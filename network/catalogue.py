"""The default catalogue of offerings, from the operating model's list of immediate help."""

from dataclasses import dataclass

from sqlalchemy import select

from network.database import db
from network.models import Offering


@dataclass(frozen=True)
class DefaultOffering:
    """One entry of the default catalogue (the description is Finnish, as stored data)."""

    code: str
    name_fi: str
    name_sv: str
    name_en: str
    description: str


DEFAULT_OFFERINGS: tuple[DefaultOffering, ...] = (
    DefaultOffering("conversation_help", "Keskusteluapu", "Samtalsstöd", "Conversation help",
                    "Juttuseuraa ja tukea huolissa, yksinäisyydessä ja kriisissä."),
    DefaultOffering("food_aid", "Ruoka-apu", "Mathjälp", "Food aid",
                    "Ruokakasseja, yhteisiä aterioita tai ohjausta ruoka-apuun."),
    DefaultOffering("errand_help", "Asiointiapu", "Ärendehjälp", "Errand help",
                    "Apua kauppa- ja apteekkikäynteihin sekä muihin asioihin."),
    DefaultOffering("service_guidance", "Palveluohjaus", "Servicehandledning", "Service guidance",
                    "Oikean palvelun löytäminen ja yhteyden saaminen siihen."),
    DefaultOffering("digital_guidance", "Sähköinen asiointi ja opastus",
                    "E-tjänster och digital handledning", "E-services and digital guidance",
                    "Tietokone käyttöön ja opastusta verkkopalveluihin ja laitteisiin."),
    DefaultOffering("meeting_place", "Kohtaamispaikka", "Mötesplats", "Meeting place",
                    "Avoin paikka olla ja tavata muita ihmisiä."),
    DefaultOffering("mobile_service", "Liikkuva palvelu", "Mobil service", "Mobile service",
                    "Apu tulee asuinalueelle tai kotiovelle."),
)

DEFAULT_CODES = tuple(entry.code for entry in DEFAULT_OFFERINGS)


def ensure_default_offerings() -> dict[str, Offering]:
    """Create the catalogue's missing offerings; return every default offering by code.

    Offerings that exist already are left as they are, so names edited by an admin survive.
    """
    existing = {
        o.code: o
        for o in db.session.scalars(select(Offering).where(Offering.code.in_(DEFAULT_CODES)))
    }
    for order, entry in enumerate(DEFAULT_OFFERINGS, start=1):
        if entry.code not in existing:
            existing[entry.code] = Offering(
                code=entry.code, name_fi=entry.name_fi, name_sv=entry.name_sv,
                name_en=entry.name_en, description=entry.description, sort_order=order * 10,
            )
            db.session.add(existing[entry.code])
    db.session.flush()
    return existing
