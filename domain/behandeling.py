"""The gemeente's side of a melding (seed 004 ch. 2, DESIGN §4): the werkvoorraad of
meldingen routed to the gemeente, In behandeling, Afgesloten, Ter kennisgeving
aangenomen, and the terugkoppeling the school sees. The original left gemeenten only the
machine link after 2020; these functions serve the pages and the M2M API alike."""
import base64
import datetime
from dataclasses import dataclass

from peewee import Tuple

from models import (
    Gemeente,
    MeldingVersie,
    Sjabloon,
    Verzuimmelding,
    database,
    leesbaar,
    utcnow,
)

from . import berichten, inzage, routing, velden
from .fouten import N_, Fout, GeenToegang, Gewijzigd, Ongeldig
from .machtiging import gemeente_ids
from .verzuim import (
    LANG,
    NAAM,
    OPEN,
    TELEFOON,
    Status,
    Zoekvraag,
    als_gegevens,
    gegevens,
    lijstwaarden,
    nieuwe_versie,
    versies_van,
    zoek,
)

OVERGANGEN = {  # action → (allowed from, to)
    "behandeling": ((Status.GEREGISTREERD,), Status.IN_BEHANDELING),
    "afsluiten": (OPEN, Status.AFGESLOTEN),
    "kennisgeving": (OPEN, Status.KENNISGEVING),
}


def gemeenten_van(actor):
    """The gemeenten whose meldingen the actor handles (machtiging.gemeente_ids), by code."""
    return list(Gemeente.select().where(Gemeente.id.in_(gemeente_ids(actor)))
                .order_by(Gemeente.code))


def versies(actor, nummer):
    """R-VZ-14 for the gemeente: every version of a melding routed to it, newest first."""
    melding = melding_voor(actor, nummer)
    return melding, versies_van(melding)


def werkvoorraad(actor, vraag=None, voor_tabel=False):
    """The meldingen routed to the actor's gemeenten: new ones (Geregistreerd) first;
    `voor_tabel` as in `verzuim.zoek`."""
    vraag = vraag or Zoekvraag()
    return zoek(actor, vraag, "werkvoorraad verzuim", gemeenten=gemeente_ids(actor),
                nieuw_eerst=True, voor_tabel=voor_tabel)


def melding_voor(actor, nummer):
    """A melding routed to one of the actor's gemeenten, or GeenToegang; logged."""
    melding = Verzuimmelding.get_or_none(Verzuimmelding.nummer == nummer)
    if melding is None or melding.gemeente_id not in gemeente_ids(actor):
        raise GeenToegang()
    inzage.log(actor, "verzuimmelding behandelen", [melding.persoon_id],
               gemeenten={melding.gemeente_id})
    return melding


TERUGKOPPELING_LENGTES = {"organisatie": NAAM, "naam": NAAM, "functie": NAAM,
                          "telefoon": TELEFOON, "email": velden.EMAIL_LENGTE, "toelichting": LANG}


@dataclass
class Terugkoppeling:
    datum: datetime.date | None = None
    organisatie: str = ""
    naam: str = ""
    functie: str = ""
    telefoon: str = ""
    email: str = ""
    toelichting: str = ""


def acties(melding):
    """The status changes the melding allows now, in the order the page offers them: none
    once it is closed or withdrawn (R-VZ-12). Terugkoppeling is given while any is."""
    return tuple(actie for actie, (van, _naar) in OVERGANGEN.items() if melding.status in van)


def _vergrendeld(actor, nummer, versie):
    """The melding as the actor read it; refused when someone changed it since."""
    melding = melding_voor(actor, nummer)
    if versie is not None and melding.versie != versie:
        raise Gewijzigd("versie")
    return melding


def wijzig_status(actor, nummer, versie, actie, reden="", toelichting=""):
    """In behandeling nemen, Afsluiten (with reden and toelichting afsluiting), or Ter
    kennisgeving aannemen. The school's contactpersoon is mailed when it asked."""
    with database.atomic():
        melding = _vergrendeld(actor, nummer, versie)
        if actie not in OVERGANGEN:
            raise Ongeldig([Fout("actie", N_("Kies wat u met de melding doet."))])
        van, naar = OVERGANGEN[actie]
        if melding.status not in van:
            raise Ongeldig([Fout("actie", N_("Deze statuswijziging kan niet bij de huidige "
                                             "status van de melding."))])
        doc = gegevens(melding)
        if actie == "afsluiten":
            fouten = []
            if reden not in lijstwaarden("reden_afgesloten"):
                fouten.append(Fout("reden", N_("Kies de reden melding afgesloten.")))
            if toelichting and toelichting not in lijstwaarden("toelichting_afsluiting"):
                fouten.append(Fout("toelichting_afsluiting",
                                   N_("Kies een toelichting afsluiting uit de lijst.")))
            if fouten:
                raise Ongeldig(fouten)
            doc["afsluiting"] = {"reden": reden, "toelichting": toelichting}
        nieuwe_versie(actor, melding, f"status {naar}", status=naar, status_sinds=utcnow(),
                      gegevens=als_gegevens(doc))
        berichten.nieuws_voor_school(melding, doc, "status")
    return melding


def geef_terugkoppeling(actor, nummer, versie, terugkoppeling):
    """The gemeente's feedback that the school sees on its melding."""
    fouten: list[Fout] = []
    if not terugkoppeling.naam.strip():
        fouten.append(Fout("naam", N_("Vul de naam van de behandelaar in.")))
    velden.controleer_email(fouten, "email", terugkoppeling.email)
    velden.controleer_lengtes(fouten, terugkoppeling, TERUGKOPPELING_LENGTES)
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        melding = _vergrendeld(actor, nummer, versie)
        if melding.status not in OPEN:
            raise Ongeldig([Fout("naam", N_("Een afgesloten melding krijgt geen terugkoppeling "
                                            "meer."))])
        doc = gegevens(melding)
        doc["terugkoppeling"] = {
            "datum": (terugkoppeling.datum or datetime.date.today()).isoformat(),
            "organisatie": terugkoppeling.organisatie.strip() or melding.gemeente.naam,
            "naam": terugkoppeling.naam.strip(), "functie": terugkoppeling.functie.strip(),
            "telefoon": terugkoppeling.telefoon.strip(), "email": terugkoppeling.email.strip(),
            "toelichting": terugkoppeling.toelichting.strip()}
        nieuwe_versie(actor, melding, "terugkoppeling", "naam",
                      gegevens=als_gegevens(doc))
        berichten.nieuws_voor_school(melding, doc, "terugkoppeling")
    return melding


# ---------------------------------------------------------------- the change feed (M2M)

@dataclass(frozen=True)
class Mutatiepagina:
    documenten: list  # each version's entry as JSON text (documenten.mutatie)
    volgende: str
    meer: bool


LAATSTE_SECONDE = int(datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC).timestamp())


def _cursor(*delen):
    return base64.urlsafe_b64encode(".".join(map(str, delen)).encode()).decode().rstrip("=")


def _lees_cursor(cursor):
    """(transactie, id) after which to read; or ("s", seconds) while a `sinds` start has
    found nothing yet."""
    try:
        eerste, tweede = base64.urlsafe_b64decode(
            cursor + "=" * (-len(cursor) % 4)).decode().split(".")
    except (ValueError, UnicodeDecodeError):
        eerste = tweede = ""
    # Positions fit a BIGINT (18 digits), moments a date Python holds; anything else was
    # not written by this feed.
    if eerste == "s":
        seconden = velden.getal(tweede, 12)
        if seconden is not None and seconden <= LAATSTE_SECONDE:
            return "s", seconden
    elif velden.getal(eerste, 18) is not None and velden.getal(tweede, 18) is not None:
        return int(eerste), int(tweede)
    raise Ongeldig([Fout("vanaf", N_("Deze cursor is niet van deze feed."))])


def _mutaties(vorm, waarde):
    # Four columns over the index (gemeente, transactie, id): the entries are stored
    # finished, so a page is one index range and a string join (docs/benchmarks.md).
    aantal_gemeenten, sinds = vorm
    query = (MeldingVersie.select(MeldingVersie.transactie, MeldingVersie.id,
                                  Verzuimmelding.persoon, MeldingVersie.document)
             .join(Verzuimmelding)
             .where(MeldingVersie.gemeente.in_([waarde(f"gemeente{i}")
                                                for i in range(aantal_gemeenten)])))
    leesbaar_nu = leesbaar(MeldingVersie.transactie)
    if leesbaar_nu is not None:
        query = query.where(leesbaar_nu)
    if sinds:
        query = query.where(MeldingVersie.tijdstip >= waarde("sinds"))
    else:
        query = query.where(Tuple(MeldingVersie.transactie, MeldingVersie.id)
                            > Tuple(waarde("transactie"), waarde("id")))
    return query.order_by(MeldingVersie.transactie, MeldingVersie.id).limit(waarde("aantal"))


_MUTATIES = Sjabloon(_mutaties)


def mutaties(actor, vanaf=None, sinds=None, aantal=100):
    """Every version of the meldingen routed to the actor's gemeenten, once, in a stable
    order, a page at a time; `volgende` is the opaque cursor of the next page. A version
    whose transaction may still be running, or committed after one that is, waits for the
    next call (models.db.transactie), so a reader never skips a row."""
    gemeenten = gemeente_ids(actor)
    if not gemeenten:
        raise GeenToegang()
    positie = _lees_cursor(vanaf) if vanaf else (0, 0)
    if positie[0] == "s":
        sinds = datetime.datetime.fromtimestamp(positie[1], datetime.UTC)
    if not vanaf and sinds is not None:
        positie = ("s", int(sinds.timestamp()))
    op_tijd = positie[0] == "s"  # from a moment until a version is found
    waarden = {f"gemeente{i}": gemeente for i, gemeente in enumerate(gemeenten)}
    if op_tijd:
        waarden["sinds"] = sinds.astimezone(datetime.UTC).replace(tzinfo=None)
    else:
        waarden["transactie"], waarden["id"] = positie
    rijen = _MUTATIES.rijen((len(gemeenten), op_tijd), aantal=aantal + 1, **waarden)
    meer = len(rijen) > aantal
    rijen = rijen[:aantal]
    if rijen:
        positie = rijen[-1][:2]
    inzage.log(actor, "mutaties verzuimmeldingen", [persoon for _, _, persoon, _ in rijen])
    return Mutatiepagina([document for *_, document in rijen], _cursor(*positie), meer)


# ---------------------------------------------------------------- a new routering (R-GEM-01)

@dataclass(frozen=True)
class Verplaatsing:
    melding: object  # Verzuimmelding
    route: routing.Route


def te_verplaatsen(actor, gemeentecode, vandaag=None):
    """The gemeente's open meldingen that its routering of today sends elsewhere than they
    went: what the routering page lists before the gemeente moves them (its beheerder)."""
    vandaag = vandaag or datetime.date.today()
    gemeente = routing.gemeente_van(actor, gemeentecode)
    tabel = routing.routes(gemeente, vandaag)  # once, not once a melding
    uit = []
    for melding in (Verzuimmelding.select().where(Verzuimmelding.gemeente == gemeente.id,
                                                  Verzuimmelding.status.in_(OPEN))
                    .order_by(Verzuimmelding.nummer)):
        categorie = melding.categorie or routing.categorie_van(
            melding.persoon, melding.periode_van, melding.vermoedelijke_soort)
        route = routing.route_in(gemeente, categorie, vandaag, tabel)
        if (route.email, route.instantie) != (melding.instantie_email, melding.instantie_id):
            uit.append(Verplaatsing(melding, route))
    return uit


def verplaats(actor, gemeentecode, nummers, vandaag=None):
    """Move the listed open meldingen (`nummers`) to where the routering sends them now,
    each a new version of the melding and a mail to its new instantie (R-GEM-01). One
    changed or closed since it was listed stays where it is. Returns how many moved."""
    gekozen = set(nummers)
    verplaatst = 0
    with database.atomic():
        for v in te_verplaatsen(actor, gemeentecode, vandaag):
            if v.melding.nummer in gekozen:
                nieuwe_versie(actor, v.melding, "melding verplaatst",
                              instantie_email=v.route.email, instantie=v.route.instantie,
                              categorie=v.route.categorie)
                berichten.melding_doorgestuurd(v.melding)
                verplaatst += 1
    return verplaatst
