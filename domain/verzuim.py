"""Verzuim melden (seed 004 ch. 2): finding the pupil (R-VZ-01, R-VZ-02), the melding
document and its rules (R-VZ-05 … R-VZ-09), and saving it (R-VZ-10). Changing,
withdrawing, history and the gemeente side follow."""
import datetime
import json
import logging
import secrets
from dataclasses import asdict, dataclass, field

from peewee import Case

from models import (
    Certificaat,
    Gebruiker,
    Gemeente,
    Inschrijving,
    Instelling,
    Lijstwaarde,
    MeldingConcept,
    MeldingVersie,
    Nummerreeks,
    Organisatie,
    Persoon,
    UitgaandeMail,
    Verzuimmelding,
    database,
    transactie,
    utcnow,
    vergrendel,
)

from . import documenten, inzage, mutaties, nummers, routing, velden
from .datums import DeelDatum
from .fouten import N_, Fout, GeenToegang, Gelijktijdig, Gewijzigd, Ongeldig
from .inschrijving import instellingen_van

log = logging.getLogger(__name__)

# A melding may concern a pupil who left recently: the enrolment may have ended this long ago.
UITGESCHREVEN_TERMIJN = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Leerling:
    persoon: Persoon
    route: routing.Route
    instelling: object  # models.Instelling: the school that reports

    @classmethod
    def van_melding(cls, melding):
        """The pupil as the melding routed it (not looked up again)."""
        return cls(persoon=melding.persoon, instelling=melding.instelling,
                   route=routing.Route(melding.gemeente, melding.instantie_email))

    def open_meldingen(self):
        """R-VZ-03: the pupil's meldingen of this school that are Geregistreerd or In
        behandeling, shown before a new one is added."""
        return list(Verzuimmelding.select()
                    .where(Verzuimmelding.persoon == self.persoon,
                           Verzuimmelding.instelling == self.instelling,
                           Verzuimmelding.status.in_(["R", "B"]))
                    .order_by(Verzuimmelding.periode_van.desc()))

    @property
    def geboortedatum(self):
        p = self.persoon
        return DeelDatum.uit_opslag(p.geboortedatum, p.geboortedatum_precisie)


def instelling_van(actor, instellingscode):
    """The actor's own instelling with this code (R-AVG-03), or GeenToegang."""
    for instelling in instellingen_van(actor):
        if instelling.code == instellingscode:
            return instelling
    raise GeenToegang()


def zoek_leerling(actor, instellingscode, pgn, vandaag=None):
    """R-VZ-01: a pupil is found by persoonsgebonden nummer only, and only when enrolled
    at this instelling. R-VZ-02: a pupil living abroad cannot get a melding.
    Returns a Leerling, or None for "Geen gegevens gevonden"."""
    vandaag = vandaag or datetime.date.today()
    instelling = instelling_van(actor, instellingscode)
    nummer = nummers.schoon(pgn)
    if not nummer:
        raise Ongeldig([Fout("pgn", N_("Vul het persoonsgebonden nummer in."), "R-VZ-01")])
    if not (nummers.is_bsn(nummer) or nummers.is_onderwijsnummer(nummer)):
        raise Ongeldig([Fout("pgn", N_("Dit is geen geldig bsn of onderwijsnummer."),
                             "R-VZ-01")])
    persoon = (Persoon.select().join(Inschrijving)
               .where((Persoon.bsn == nummer) | (Persoon.onderwijsnummer == nummer),
                      Inschrijving.instelling == instelling,
                      Inschrijving.datum_inschrijving <= vandaag,
                      Inschrijving.datum_uitschrijving.is_null()
                      | (Inschrijving.datum_uitschrijving >= vandaag - UITGESCHREVEN_TERMIJN))
               .first())
    if persoon is None:
        return None
    inzage.log(actor, "opvoeren verzuim", [persoon.id])
    try:
        route = routing.behandelende_instantie(persoon)
    except routing.GeenInstantie as exc:
        raise Ongeldig([Fout("pgn", exc.melding, "R-VZ-02", {"code": exc.code})]) from exc
    return Leerling(persoon=persoon, route=route, instelling=instelling)


# ---------------------------------------------------------------- the melding document

MAX_CONTACTPERSONEN = 5  # R-VZ-05
MAX_VERZUIMDAGEN = 400  # more than a school year's days: a list that long is not typed
VOLWASSEN, RMC_GRENS = 18, 23

# The longest value of each text field: the columns and the mails that carry them. The
# wizard, the M2M API (its schemas read these) and files share them.
NAAM, TELEFOON, LANG = 200, 30, 4000
LENGTES = {
    "telefoon_leerling": TELEFOON, "email_leerling": velden.EMAIL_LENGTE,
    "verbijzondering": 30, "vermoedelijke_reden": LANG, "toelichting_verzuim": LANG,
    "toelichting_actie_gewenst": LANG, "naam_contactpersoon": NAAM,
    "functie_contactpersoon": NAAM, "telefoon_contactpersoon": TELEFOON,
    "email_contactpersoon": velden.EMAIL_LENGTE, "toelichting_actie": LANG,
}
CONTACTPERSOON_LENGTES = {"naam": NAAM, "telefoon": TELEFOON, "email": velden.EMAIL_LENGTE}
ADRES_LENGTES = {"straat": NAAM, "huisnummer": 5, "huisletter": 1, "huisnummertoevoeging": 4,
                 "postcode": 7, "locatie": NAAM, "plaatsnaam": 100}
VERZUIMDAG_LENGTES = {"lesuren": 2, "toelichting": 500}


@dataclass
class Contactpersoon:
    naam: str = ""
    telefoon: str = ""
    email: str = ""


@dataclass
class AfwijkendAdres:
    soort: str = ""  # "", "straat" (straat en postcode) or "locatie" (locatie en plaatsnaam)
    straat: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    locatie: str = ""
    plaatsnaam: str = ""


@dataclass
class Verzuimdag:
    datum: datetime.date | None = None
    hele_dag: bool = True
    lesuren: str = ""
    toelichting: str = ""


@dataclass
class MeldingInvoer:
    """Everything the wizard's tabs Leerling, Verzuim, Lesuren and Actie school collect;
    the M2M API sends the same document at once."""

    telefoon_leerling: str = ""
    email_leerling: str = ""
    contactpersonen: list = field(default_factory=list)
    afwijkend_adres: AfwijkendAdres = field(default_factory=AfwijkendAdres)
    periode_van: datetime.date | None = None
    periode_tm: datetime.date | None = None
    vermoedelijke_soort: str = ""
    verbijzondering: str = ""
    vermoedelijke_reden: str = ""
    alle_lessen_gemist: bool = False
    toelichting_verzuim: str = ""
    actie_gewenst: bool = False
    toelichting_actie_gewenst: str = ""
    met_prioriteit: bool = False
    naam_contactpersoon: str = ""
    functie_contactpersoon: str = ""
    telefoon_contactpersoon: str = ""
    email_contactpersoon: str = ""
    verzuimdagen_specificeren: bool = False
    verzuimdagen: list = field(default_factory=list)
    acties: list = field(default_factory=list)
    toelichting_actie: str = ""
    mail_naar_melder: bool = False


# The wizard's steps and the fields each one owns (R-VZ-04); rows of a list are named
# "<prefix>-<n>-<field>", so a problem points at the very input.
STAPPEN = {
    "leerling": ("telefoon_leerling", "email_leerling", "contactpersonen", "contactpersoon",
                 "afwijkend_adres"),
    "verzuim": ("periode_van", "periode_tm", "vermoedelijke_soort", "verbijzondering",
                "vermoedelijke_reden", "alle_lessen_gemist", "toelichting_verzuim",
                "actie_gewenst", "toelichting_actie_gewenst", "met_prioriteit",
                "naam_contactpersoon", "functie_contactpersoon", "telefoon_contactpersoon",
                "email_contactpersoon"),
    "lesuren": ("verzuimdagen", "dag"),
    "actie": ("acties", "toelichting_actie"),
    "overzicht": ("mail_naar_melder",),
}


def lijstwaarden(naam):
    return {w.code: w for w in Lijstwaarde.select().where(Lijstwaarde.lijst == naam)}


def keuzes(naam):
    """A reference list in its order, without retired values: what a form offers."""
    return [w for w in Lijstwaarde.select().where(Lijstwaarde.lijst == naam)
            .order_by(Lijstwaarde.volgorde) if not w.heeft("vervallen")]


def leeftijd_op(persoon, datum):
    geboren = DeelDatum.uit_opslag(persoon.geboortedatum, persoon.geboortedatum_precisie).eerste_dag
    return datum.year - geboren.year - ((datum.month, datum.day) < (geboren.month, geboren.day))


def wet_voor(persoon, datum):
    """Leerplichtwet under 18, RMC from 18 to 23 (without startkwalificatie: the register
    records no diplomas yet), derived at the start of the period."""
    return "LPW" if leeftijd_op(persoon, datum) < VOLWASSEN else "RMC"


def controleer_melding(leerling, invoer, stap=None, eigen_nummer=None):
    """Every problem with the melding (or with one wizard step); writes nothing."""
    fouten: list[Fout] = []
    velden.controleer_lengtes(fouten, invoer, LENGTES)
    _controleer_leerling_stap(invoer, fouten)
    _controleer_verzuim_stap(leerling, invoer, fouten, eigen_nummer)
    _controleer_lesuren(invoer, fouten)
    _controleer_acties(invoer, fouten)
    if stap is None:
        return fouten
    van_stap = STAPPEN[stap]
    return [f for f in fouten if f.veld.split("-")[0] in van_stap]


def _controleer_leerling_stap(invoer, fouten):
    """R-VZ-05."""
    velden.controleer_email(fouten, "email_leerling", invoer.email_leerling, "R-VZ-05")
    if len(invoer.contactpersonen) > MAX_CONTACTPERSONEN:
        fouten.append(Fout("contactpersonen",
                           N_("U kunt hoogstens %(aantal)s contactpersonen opgeven."), "R-VZ-05",
                           {"aantal": MAX_CONTACTPERSONEN}))
    for i, persoon in enumerate(invoer.contactpersonen[:MAX_CONTACTPERSONEN], 1):
        if not persoon.naam.strip():
            fouten.append(Fout(f"contactpersoon-{i}-naam",
                               N_("Vul de naam van de contactpersoon in."), "R-VZ-05"))
        velden.controleer_lengtes(fouten, persoon, CONTACTPERSOON_LENGTES,
                                  prefix=f"contactpersoon-{i}-")
        velden.controleer_email(fouten, f"contactpersoon-{i}-email", persoon.email, "R-VZ-05")
    adres = invoer.afwijkend_adres
    verplicht = {"straat": ("straat", "huisnummer", "postcode"),
                 "locatie": ("locatie", "plaatsnaam")}.get(adres.soort, ())
    for naam in verplicht:
        if not getattr(adres, naam).strip():
            fouten.append(Fout(f"afwijkend_adres-{naam}", N_("Dit veld is verplicht."), "R-VZ-05"))
    velden.controleer_lengtes(fouten, adres, ADRES_LENGTES, prefix="afwijkend_adres-")


def _controleer_verzuim_stap(leerling, invoer, fouten, eigen_nummer):
    """R-VZ-06 and R-VZ-07, and the contactpersoon of the school."""
    soorten = lijstwaarden("vermoedelijke_soort")
    soort = soorten.get(invoer.vermoedelijke_soort)
    van, tm = invoer.periode_van, invoer.periode_tm
    if van is None:
        fouten.append(Fout("periode_van", N_("Vul de verzuimperiode van in."), "R-VZ-06"))
    if van and tm and tm < van:
        fouten.append(Fout("periode_tm", N_("De verzuimperiode t/m mag niet voor de verzuimperiode "
                                            "van liggen."), "R-VZ-06"))
    if soort is None or soort.heeft("vervallen"):
        fouten.append(Fout("vermoedelijke_soort", N_("Kies de vermoedelijke soort verzuim."),
                           "R-VZ-06"))
    elif soort.heeft("einddatum_verplicht") and tm is None:
        fouten.append(Fout("periode_tm", N_("Bij deze soort verzuim is de verzuimperiode t/m "
                                            "verplicht."), "R-VZ-06"))
    if soort is not None and invoer.verbijzondering and not soort.heeft("verbijzondering"):
        fouten.append(Fout("verbijzondering", N_("Alleen overig verzuim heeft een "
                                                 "verbijzondering."), "R-VZ-06"))
    if van and soort is not None:
        leeftijd = leeftijd_op(leerling.persoon, van)
        if leeftijd >= RMC_GRENS:
            fouten.append(Fout("periode_van", N_("Voor een leerling van 23 jaar of ouder wordt "
                                                 "geen verzuim gemeld."), "R-VZ-06"))
        elif (soort.code == "V3" and leeftijd >= VOLWASSEN) or \
                (soort.code in ("V4", "RMC") and leeftijd < VOLWASSEN):
            fouten.append(Fout("vermoedelijke_soort", N_("Deze soort verzuim past niet bij de "
                                                         "leeftijd van de leerling."), "R-VZ-06"))
    if van and _overlapt_andere(leerling.persoon, van, tm, eigen_nummer):
        fouten.append(Fout("periode_van", N_("De verzuimperiode valt (deels) samen met een andere "
                                             "melding voor deze leerling."), "R-VZ-06"))
    if not invoer.vermoedelijke_reden.strip():
        fouten.append(Fout("vermoedelijke_reden", N_("Vul de vermoedelijke reden in."), "R-VZ-06"))
    if not invoer.actie_gewenst and not invoer.toelichting_actie_gewenst.strip():
        fouten.append(Fout("toelichting_actie_gewenst",
                           N_("Licht toe waarom geen actie van de gemeente gewenst is."),
                           "R-VZ-07"))
    if invoer.met_prioriteit and not invoer.actie_gewenst:
        fouten.append(Fout("met_prioriteit", N_("Met prioriteit oppakken kan alleen als actie "
                                                "gewenst is."), "R-VZ-07"))
    if not invoer.naam_contactpersoon.strip():
        fouten.append(Fout("naam_contactpersoon", N_("Vul de naam van de contactpersoon in.")))
    velden.controleer_email(fouten, "email_contactpersoon", invoer.email_contactpersoon,
                            melding=N_("Vul een geldig e-mailadres van de contactpersoon in."),
                            verplicht=True)


def _overlapt_andere(persoon, van, tm, eigen_nummer):
    """R-VZ-06: a period overlapping another (not withdrawn) melding of the pupil."""
    query = Verzuimmelding.select().where(Verzuimmelding.persoon == persoon,
                                          Verzuimmelding.status != "I")
    if eigen_nummer is not None:
        query = query.where(Verzuimmelding.nummer != eigen_nummer)
    einde = tm or datetime.date.max
    return any(m.periode_van <= einde and van <= (m.periode_tm or datetime.date.max)
               for m in query)


def _controleer_lesuren(invoer, fouten):
    """R-VZ-08."""
    if invoer.alle_lessen_gemist and (invoer.verzuimdagen_specificeren or invoer.verzuimdagen):
        fouten.append(Fout("verzuimdagen", N_("Als alle lessen gemist zijn, worden geen lesuren "
                                              "opgegeven."), "R-VZ-08"))
        return
    if not invoer.verzuimdagen_specificeren:
        return
    if not invoer.verzuimdagen:
        fouten.append(Fout("verzuimdagen", N_("Geef minstens één verzuimdag op, of kies "
                                              "'Niet van toepassing'."), "R-VZ-08"))
    if len(invoer.verzuimdagen) > MAX_VERZUIMDAGEN:
        fouten.append(Fout("verzuimdagen", N_("U kunt hoogstens %(aantal)s verzuimdagen "
                                              "opgeven."), "R-VZ-08",
                           {"aantal": MAX_VERZUIMDAGEN}))
        return
    gezien = set()
    for i, dag in enumerate(invoer.verzuimdagen, 1):
        velden.controleer_lengtes(fouten, dag, VERZUIMDAG_LENGTES, prefix=f"dag-{i}-")
        veld = f"dag-{i}-datum"
        if dag.datum is None:
            fouten.append(Fout(veld, N_("Vul de datum van de verzuimdag in."), "R-VZ-08"))
            continue
        van, tm = invoer.periode_van, invoer.periode_tm or invoer.periode_van
        if van and not (van <= dag.datum <= (tm or dag.datum)):
            fouten.append(Fout(veld, N_("Een verzuimdag ligt in de verzuimperiode."), "R-VZ-08"))
        if dag.datum in gezien:
            fouten.append(Fout(veld, N_("Deze verzuimdag staat er al."), "R-VZ-08"))
        gezien.add(dag.datum)
        lesuren = velden.getal(dag.lesuren, 2)
        if not dag.hele_dag and not (lesuren and lesuren <= 16):
            fouten.append(Fout(f"dag-{i}-lesuren",
                               N_("Vul het aantal verzuimde lesuren in (1 tot 16)."), "R-VZ-08"))


def _controleer_acties(invoer, fouten):
    """R-VZ-09."""
    acties = lijstwaarden("actie_school")
    if not invoer.acties:
        fouten.append(Fout("acties", N_("Kies minstens één ondernomen actie."), "R-VZ-09"))
    elif any(a not in acties for a in invoer.acties) or len(invoer.acties) > len(acties):
        fouten.append(Fout("acties", N_("Kies een ondernomen actie uit de lijst."), "R-VZ-09"))
    elif any(acties[a].heeft("toelichting_verplicht") for a in invoer.acties) and \
            not invoer.toelichting_actie.strip():
        fouten.append(Fout("toelichting_actie", N_("Licht de actie 'anders namelijk' toe."),
                           "R-VZ-09"))


# ---------------------------------------------------------------- saving

def document(invoer):
    """The melding as stored JSON (and as a version snapshot)."""
    def waarde(v):
        if isinstance(v, datetime.date):
            return v.isoformat()
        if isinstance(v, list):
            return [waarde(x) for x in v]
        if isinstance(v, dict):
            return {k: waarde(x) for k, x in v.items()}
        return v
    return {k: waarde(v) for k, v in asdict(invoer).items()}


def volgend_meldingnummer():
    Nummerreeks.insert(naam="meldingnummer", volgende=1).on_conflict_ignore().execute()
    (Nummerreeks.update(volgende=Nummerreeks.volgende + 1)
     .where(Nummerreeks.naam == "meldingnummer").execute())
    return Nummerreeks.get_by_id("meldingnummer").volgende - 1


def sla_op(actor, instellingscode, pgn, invoer, basis_url="", vandaag=None):
    """R-VZ-10: store the melding with its first version and Mutatie, and put the mails
    to the handling instantie (and, when asked, the school's contactpersoon) in the
    outbox, all in one transaction. Returns the Verzuimmelding."""
    vandaag = vandaag or datetime.date.today()
    from .vrijstelling import mail_overlap, overlapt_vrijstelling  # it builds on this module

    with database.atomic():
        leerling = zoek_leerling(actor, instellingscode, pgn, vandaag)
        if leerling is None:
            raise Ongeldig([Fout("pgn", N_("Geen gegevens gevonden."), "R-VZ-01")])
        _vergrendel_leerling(leerling.persoon.id)
        fouten = controleer_melding(leerling, invoer)
        if fouten:
            raise Ongeldig(fouten)
        # R-VZ-16 when the melding comes second: stored flagged, both sides told.
        overlap = overlapt_vrijstelling(leerling.persoon, invoer.periode_van, invoer.periode_tm)
        gegevens = json.dumps(document(invoer), sort_keys=True)
        melding = Verzuimmelding.create(
            nummer=volgend_meldingnummer(), persoon=leerling.persoon,
            instelling=leerling.instelling, gemeente=leerling.route.gemeente,
            instantie_email=leerling.route.email, status="R",
            wet=wet_voor(leerling.persoon, invoer.periode_van),
            vermoedelijke_soort=invoer.vermoedelijke_soort, periode_van=invoer.periode_van,
            periode_tm=invoer.periode_tm, met_prioriteit=invoer.met_prioriteit,
            naam_contactpersoon=invoer.naam_contactpersoon.strip(), melddatum=vandaag,
            vrijstelling_overlap=overlap, gegevens=gegevens)
        mutaties.schrijf(actor, "verzuimmelding", melding, "melding toegevoegd",
                         na={"nummer": melding.nummer, "status": "R"}, persoon=leerling.persoon)
        _mail_nieuwe_melding(melding, invoer, basis_url)
        if overlap:
            mail_overlap(melding, basis_url)
        schrijf_versie(actor, melding)
    return melding


def _vergrendel_leerling(persoon_id):
    """Hold the pupil's row until commit (PostgreSQL), so two writers cannot both pass a
    check on the pupil's other meldingen (R-VZ-06, R-VZ-16) and then both store."""
    list(vergrendel(Persoon.select(Persoon.id).where(Persoon.id == persoon_id)))


def mail_link(basis_url, pad, melding):
    """The link a mail carries: to the melding by its number, never a personal number."""
    return f"{basis_url.rstrip('/')}/{pad}/meldingen/{melding.nummer}"


def _mail_nieuwe_melding(melding, invoer, basis_url):
    """Mails name the meldingnummer and a link, never the pupil's personal numbers."""
    onderwerp = f"Verzuimmelding {melding.nummer}"
    if melding.instantie_email:  # the gemeente's own page of the melding
        UitgaandeMail.create(
            aan=melding.instantie_email, onderwerp=onderwerp,
            tekst=(f"Er is een nieuwe verzuimmelding met nummer {melding.nummer} van instelling "
                   f"{melding.instelling.code} voor uw gemeente.\n\n"
                   f"{mail_link(basis_url, 'gemeente', melding)}\n"))
    if invoer.mail_naar_melder:
        UitgaandeMail.create(
            aan=invoer.email_contactpersoon.strip(), onderwerp=onderwerp,
            tekst=(f"Uw verzuimmelding onder nummer {melding.nummer} is verzonden.\n\n"
                   f"{mail_link(basis_url, 'verzuim', melding)}\n"))


def invoer_uit(doc):
    """A MeldingInvoer from its JSON document (the inverse of `document`)."""
    def datum(v):
        return datetime.date.fromisoformat(v) if v else None
    doc = dict(doc)
    doc["periode_van"] = datum(doc.get("periode_van"))
    doc["periode_tm"] = datum(doc.get("periode_tm"))
    doc["contactpersonen"] = [Contactpersoon(**c) for c in doc.get("contactpersonen", [])]
    doc["afwijkend_adres"] = AfwijkendAdres(**doc.get("afwijkend_adres", {}))
    doc["verzuimdagen"] = [Verzuimdag(**{**d, "datum": datum(d.get("datum"))})
                           for d in doc.get("verzuimdagen", [])]
    bekend = MeldingInvoer.__dataclass_fields__
    return MeldingInvoer(**{k: v for k, v in doc.items() if k in bekend})


def melding_van(actor, nummer):
    """A melding of the actor's own instellingen (R-AVG-03), read and logged (R-AVG-02)."""
    melding = Verzuimmelding.get_or_none(Verzuimmelding.nummer == nummer)
    if melding is None or melding.instelling_id not in {i.id for i in instellingen_van(actor)}:
        raise GeenToegang()
    inzage.log(actor, "verzuimmelding inzien", [melding.persoon_id])
    return melding


# ---------------------------------------------------------------- Raadplegen Verzuim

STANDAARD_STATUSSEN = ("R", "B")  # R-VZ-11: Geregistreerd and In behandeling
PAGINAGROOTTES = (10, 25, 50)


@dataclass
class Zoekvraag:
    meldingnummer: str = ""
    pgn: str = ""
    naam_contactpersoon: str = ""
    gemeentecode: str = ""
    wet: str = ""
    statussen: tuple = STANDAARD_STATUSSEN
    pagina: int = 1
    per_pagina: int = 10


@dataclass(frozen=True)
class Zoekresultaat:
    meldingen: list
    totaal: int
    pagina: int
    paginas: int


def zoek_meldingen(actor, instellingscode, vraag, vandaag=None):
    """R-VZ-11: the instelling's meldingen matching the vraag, newest first, a page at a
    time. "Aantal dagen status" is `aantal_dagen_status(melding, vandaag)`."""
    instelling = instelling_van(actor, instellingscode)
    query = Verzuimmelding.select(Verzuimmelding, Persoon).join(Persoon).where(
        Verzuimmelding.instelling == instelling)
    volgorde = (Verzuimmelding.melddatum.desc(), Verzuimmelding.nummer.desc())
    return zoek(actor, query, vraag, volgorde, "raadplegen verzuim")


def zoek(actor, query, vraag, volgorde, doel):
    """The search of R-VZ-11 on a query already scoped to what the actor may see: the
    school's instelling or the gemeente's area (R-AVG-03). Reads are logged (R-AVG-02)."""
    query = query.where(Verzuimmelding.status.in_(list(vraag.statussen) or ["-"]))
    # A number no melding or person can have ("²", 25 digits) finds none; it never
    # reaches a column.
    if vraag.meldingnummer.strip():
        nummer = velden.getal(nummers.schoon(vraag.meldingnummer), 9)
        query = query.where(Verzuimmelding.nummer == (-1 if nummer is None else nummer))
    if vraag.pgn.strip():
        pgn = nummers.schoon(vraag.pgn)[:10]
        query = query.where((Persoon.bsn == pgn) | (Persoon.onderwijsnummer == pgn))
    if vraag.naam_contactpersoon.strip():
        query = query.where(Verzuimmelding.naam_contactpersoon.contains(
            vraag.naam_contactpersoon.strip()))
    if vraag.gemeentecode.strip():
        query = query.where(Verzuimmelding.gemeente.in_(
            Gemeente.select(Gemeente.id).where(Gemeente.code == vraag.gemeentecode.strip())))
    if vraag.wet:
        query = query.where(Verzuimmelding.wet == vraag.wet)
    totaal = query.count()
    per_pagina = vraag.per_pagina if vraag.per_pagina in PAGINAGROOTTES else PAGINAGROOTTES[0]
    paginas = max(1, -(-totaal // per_pagina))
    pagina = min(max(1, vraag.pagina), paginas)
    meldingen = list(query.order_by(*volgorde).paginate(pagina, per_pagina))
    inzage.log(actor, doel, [m.persoon_id for m in meldingen])
    return Zoekresultaat(meldingen, totaal, pagina, paginas)


def aantal_dagen_status(melding, vandaag=None):
    vandaag = vandaag or datetime.date.today()
    return (vandaag - melding.status_sinds.date()).days


# ---------------------------------------------------------------- the wizard's concepts

CONCEPT_BEWAARTIJD = datetime.timedelta(days=1)


def begin_concept(actor, instellingscode, pgn, gebruiker_id):
    """Start the wizard for a found pupil (Toevoegen); returns the concept."""
    leerling = zoek_leerling(actor, instellingscode, pgn)
    if leerling is None:
        raise Ongeldig([Fout("pgn", N_("Geen gegevens gevonden."), "R-VZ-01")])
    (MeldingConcept.delete()
     .where(MeldingConcept.gewijzigd < utcnow() - CONCEPT_BEWAARTIJD).execute())
    invoer = MeldingInvoer()
    return MeldingConcept.create(
        sleutel=secrets.token_urlsafe(24), gebruiker=gebruiker_id, instelling=leerling.instelling,
        persoon=leerling.persoon, gegevens=json.dumps(document(invoer)))


def concept_van(actor, sleutel):
    """The actor's own concept (a concept belongs to the user who started it)."""
    concept = MeldingConcept.get_or_none(MeldingConcept.sleutel == sleutel)
    if concept is None or actor.kenmerk != f"gebruiker:{concept.gebruiker_id}":
        raise GeenToegang()
    return concept


def stap_van(veld):
    """The wizard step that owns a field (for linking a problem to its step)."""
    naam = veld.split("-")[0]
    return next((stap for stap, velden in STAPPEN.items() if naam in velden), "overzicht")


def concept_invoer(concept):
    return invoer_uit(json.loads(concept.gegevens))


def leerling_van(actor, concept):
    return zoek_leerling(actor, concept.instelling.code, _pgn(concept.persoon))


def _pgn(persoon):
    return persoon.bsn or persoon.onderwijsnummer


def bewaar_concept(concept, invoer):
    concept.gegevens = json.dumps(document(invoer), sort_keys=True)
    concept.gewijzigd = utcnow()
    concept.save()


def verstuur_concept(actor, concept, basis_url=""):
    """Opslaan on the Overzicht: the concept becomes a melding (R-VZ-10), or changes its
    melding (R-VZ-12), and is removed."""
    if concept.melding_id is not None:
        return wijzig_melding(actor, concept)
    with database.atomic():
        # Removed first, in the same statement that checks it is still there: Opslaan
        # pressed twice stores one melding, the second answers that it was already sent.
        if not MeldingConcept.delete().where(MeldingConcept.id == concept.id).execute():
            raise Gelijktijdig("opslaan", "R-VZ-10")
        melding = sla_op(actor, concept.instelling.code, _pgn(concept.persoon),
                         invoer_uit(json.loads(concept.gegevens)), basis_url)
    return melding


# ---------------------------------------------------------------- changing a melding

WIJZIGBAAR = ("R", "B")  # R-VZ-12
# Fixed once reported (the seed shows them as text on Wijzigen Verzuim).
VAST_NA_MELDEN = ("periode_van", "vermoedelijke_soort", "alle_lessen_gemist")


def is_wijzigbaar(melding):
    return melding.status in WIJZIGBAAR


def begin_wijziging(actor, nummer, gebruiker_id):
    """Wijzigen: a concept holding the melding as it is now, and the version read."""
    melding = melding_van(actor, nummer)
    if not is_wijzigbaar(melding):
        raise Ongeldig([Fout("status", N_("Een afgesloten melding kan niet meer gewijzigd "
                                          "worden."), "R-VZ-12")])
    return MeldingConcept.create(
        sleutel=secrets.token_urlsafe(24), gebruiker=gebruiker_id, instelling=melding.instelling,
        persoon=melding.persoon, melding=melding, versie=melding.versie,
        gegevens=melding.gegevens)


def begin_kopie(actor, nummer, gebruiker_id):
    """R-VZ-15: a new melding prefilled from an existing one, through the same wizard.
    The period and its days are left empty: copied, they would overlap the original."""
    melding = melding_van(actor, nummer)
    invoer = invoer_uit(json.loads(melding.gegevens))
    invoer.periode_van = invoer.periode_tm = None
    invoer.verzuimdagen, invoer.verzuimdagen_specificeren = [], False
    return MeldingConcept.create(
        sleutel=secrets.token_urlsafe(24), gebruiker=gebruiker_id, instelling=melding.instelling,
        persoon=melding.persoon, gegevens=json.dumps(document(invoer), sort_keys=True))


def nieuwe_versie(actor, melding, soort, veld="versie", regel="", **wijzigingen):
    """The one way a stored melding changes (status, terugkoppeling, intrekken, wijzigen,
    the vrijstelling flag; pages and API alike): its columns `wijzigingen` and the next
    version in one `UPDATE … WHERE id = ? AND versie = <the version read>`. When no row
    changed, someone else wrote a version since `melding` was read: Gewijzigd, and this
    transaction stores nothing. Then the snapshot and the Mutatie."""
    gelezen, voor_status = melding.versie, melding.status
    kolommen = {**wijzigingen, "versie": gelezen + 1, "gewijzigd": utcnow()}
    bijgewerkt = (Verzuimmelding.update(**kolommen)
                  .where(Verzuimmelding.id == melding.id, Verzuimmelding.versie == gelezen)
                  .execute())
    if not bijgewerkt:
        log.info("lock conflict: melding %s changed after version %s was read",
                 melding.nummer, gelezen)
        raise Gewijzigd(veld, regel)
    for naam, waarde in kolommen.items():
        setattr(melding, naam, waarde)
    schrijf_versie(actor, melding)
    mutaties.schrijf(actor, "verzuimmelding", melding, soort,
                     voor={"status": voor_status, "versie": gelezen},
                     na={"status": melding.status, "versie": melding.versie},
                     persoon=melding.persoon_id)


def schrijf_versie(actor, melding):
    """The snapshot of the melding as it is now, with its entry in the change feed: a
    version is never rewritten, so the feed sends each one as it was."""
    versie = MeldingVersie(melding=melding, versie=melding.versie, actor=actor.kenmerk,
                           status=melding.status, gegevens=melding.gegevens,
                           gemeente=melding.gemeente_id, tijdstip=utcnow())
    versie.document = documenten.mutatie(versie)
    versie.transactie = transactie()
    versie.save()


def documenten_aanvullen(per=1000):
    """Versions written before migration 0008 get their entry in the change feed, from
    the melding as it is now (what the feed sent for them until then). `flask db upgrade`
    runs this after migrating; returns how many were filled."""
    aantal, na = 0, 0
    while True:
        with database.atomic():
            rijen = list(MeldingVersie.select(MeldingVersie, Verzuimmelding, Persoon, Instelling,
                                              Gemeente)
                         .join(Verzuimmelding).join(Persoon).switch(Verzuimmelding)
                         .join(Instelling).switch(Verzuimmelding).join(Gemeente)
                         .where(MeldingVersie.document.is_null(), MeldingVersie.id > na)
                         .order_by(MeldingVersie.id).limit(per))
            if not rijen:
                return aantal
            na = rijen[-1].id
            teksten = Case(MeldingVersie.id, [(v.id, documenten.mutatie(v)) for v in rijen])
            (MeldingVersie.update(document=teksten)
             .where(MeldingVersie.id.in_([v.id for v in rijen])).execute())
        aantal += len(rijen)


def wijzig_melding(actor, concept):
    """R-VZ-12: store the changes of a Wijzigen concept. Refused when the melding was
    changed by someone else after the concept read it; the concept stays, so nothing
    typed is lost."""
    with database.atomic():
        melding = melding_van(actor, concept.melding.nummer)
        _vergrendel_leerling(melding.persoon_id)
        if not is_wijzigbaar(melding):
            raise Ongeldig([Fout("status", N_("Een afgesloten melding kan niet meer gewijzigd "
                                              "worden."), "R-VZ-12")])
        if melding.versie != concept.versie:
            raise Gewijzigd("status", "R-VZ-12")
        invoer = concept_invoer(concept)
        vast = invoer_uit(json.loads(melding.gegevens))
        for veld in VAST_NA_MELDEN:
            setattr(invoer, veld, getattr(vast, veld))
        leerling = Leerling.van_melding(melding)
        fouten = controleer_melding(leerling, invoer, eigen_nummer=melding.nummer)
        if fouten:
            raise Ongeldig(fouten)
        nieuwe_versie(actor, melding, "melding gewijzigd", "status", "R-VZ-12",
                      gegevens=json.dumps(document(invoer), sort_keys=True),
                      periode_tm=invoer.periode_tm, met_prioriteit=invoer.met_prioriteit,
                      naam_contactpersoon=invoer.naam_contactpersoon.strip())
        concept.delete_instance()
    return melding


# ---------------------------------------------------------------- withdrawing

def begin_schooljaar(datum):
    """1 August of the school year that `datum` falls in."""
    jaar = datum.year if datum.month >= 8 else datum.year - 1
    return datetime.date(jaar, 8, 1)


def trek_in(actor, nummer, reden, toelichting="", vandaag=None):
    """R-VZ-13: withdraw with a reason; cannot be undone. "geen inschrijving" only for
    meldingen starting on or after 1 August of the current school year; "foutief" and
    "onterecht opgevoerd" up to one year back."""
    vandaag = vandaag or datetime.date.today()
    with database.atomic():
        melding = melding_van(actor, nummer)
        redenen = lijstwaarden("reden_intrekken")
        fouten: list[Fout] = []
        velden.te_lang(fouten, "toelichting", toelichting, LANG)
        if not is_wijzigbaar(melding):
            fouten.append(Fout("reden", N_("Alleen een geregistreerde melding of een melding in "
                                           "behandeling kan worden ingetrokken."), "R-VZ-13"))
        elif reden not in redenen:
            fouten.append(Fout("reden", N_("Kies de reden van intrekken."), "R-VZ-13"))
        elif reden == "GEEN_INSCHRIJVING" and melding.periode_van < begin_schooljaar(vandaag):
            fouten.append(Fout("reden", N_("Met de reden 'geen inschrijving' kunt u alleen "
                                           "meldingen intrekken die op of na 1 augustus van het "
                                           "lopende schooljaar beginnen."), "R-VZ-13"))
        elif reden in ("FOUTIEF", "ONTERECHT") and \
                melding.periode_van < vandaag - datetime.timedelta(days=365):
            fouten.append(Fout("reden", N_("Met deze reden kunt u meldingen tot een jaar terug "
                                           "intrekken."), "R-VZ-13"))
        if fouten:
            raise Ongeldig(fouten)
        doc = json.loads(melding.gegevens)
        doc["intrekking"] = {"reden": reden, "toelichting": (toelichting or "").strip(),
                             "datum": vandaag.isoformat()}
        nieuwe_versie(actor, melding, "melding ingetrokken", "reden", "R-VZ-13", status="I",
                      status_sinds=utcnow(), gegevens=json.dumps(doc, sort_keys=True))
    return melding


# ---------------------------------------------------------------- history

@dataclass(frozen=True)
class Verschil:
    veld: str
    nu: object
    vorige: object

    @property
    def gewijzigd(self):
        return self.nu != self.vorige


def versies(actor, nummer):
    """R-VZ-14: every version of the school's melding, newest first."""
    melding = melding_van(actor, nummer)
    return melding, versies_van(melding)


@dataclass(frozen=True)
class Door:
    """Who wrote a version: the organisation, and whether through its package (M2M)."""
    organisatie: str
    koppeling: bool = False


def versies_van(melding):
    """Every version, newest first, each with `door` (a Door, or None for the register
    itself): the school and the gemeente both see who changed what."""
    rijen = list(melding.versies.order_by(MeldingVersie.versie.desc()))
    door = _schrijvers({v.actor for v in rijen})
    for v in rijen:
        v.door = door.get(v.actor)
    return rijen


def _schrijvers(kenmerken):
    """Actor kenmerken ("gebruiker:12", "certificaat:<sha256>") → Door, in two queries."""
    sleutels: dict[str, set[str]] = {}
    for kenmerk in kenmerken:
        bron, _, sleutel = kenmerk.partition(":")
        sleutels.setdefault(bron, set()).add(sleutel)
    gebruikers = [int(k) for k in sleutels.get("gebruiker", ()) if k.isdigit()]
    door = {f"gebruiker:{i}": Door(naam) for i, naam in
            Gebruiker.select(Gebruiker.id, Organisatie.naam).join(Organisatie)
            .where(Gebruiker.id.in_(gebruikers)).tuples()}
    door.update({f"certificaat:{v}": Door(naam, koppeling=True) for v, naam in
                 Certificaat.select(Certificaat.vingerafdruk, Organisatie.naam).join(Organisatie)
                 .where(Certificaat.vingerafdruk.in_(list(sleutels.get("certificaat", ()))))
                 .tuples()})
    return door


def _plat(doc, prefix=""):
    """A document as dotted field → value, so two versions compare field by field."""
    uit = {}
    for k, v in doc.items():
        naam = f"{prefix}{k}"
        if isinstance(v, dict):
            uit.update(_plat(v, naam + "."))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for i, item in enumerate(v, 1):
                uit.update(_plat(item, f"{naam}.{i}."))
        else:
            uit[naam] = ", ".join(map(str, v)) if isinstance(v, list) else v
    return uit


def _vergelijkbaar(versie):
    """A version's fields: its status, the flag of R-VZ-16 (the feed's entry holds it)
    and the school's document."""
    overlap = json.loads(versie.document)["melding"]["vrijstellingOverlap"]
    return {"status": versie.status, "vrijstelling_overlap": overlap,
            **_plat(json.loads(versie.gegevens))}


def vergelijk(versie, vorige):
    """R-VZ-14: a version side by side with the previous one (None for the first): a
    pure function of the two snapshots."""
    nu = _vergelijkbaar(versie)
    oud = _vergelijkbaar(vorige) if vorige else {}
    return [Verschil(veld, nu.get(veld), oud.get(veld) if vorige else nu.get(veld))
            for veld in sorted(set(nu) | set(oud))]
