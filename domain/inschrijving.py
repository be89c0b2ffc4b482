"""Inschrijvingen of B3/B4 schools (seed 004 §1.3–1.4; R-INS-01 … R-INS-09, R-INS-11, R-INS-12).

`controleer` finds every problem without writing; `registreer` and `wijzig_datums`
store in one transaction, with their Mutaties, or raise `Ongeldig` and store nothing.
"""
import datetime
import logging
from dataclasses import dataclass, field

from peewee import IntegrityError, fn
from stdnum.nl import brin
from stdnum.nl import postcode as stdnum_postcode

from models import (
    Bestuur,
    Gemeente,
    Inschrijving,
    Instelling,
    Land,
    Onderwijslocatie,
    Persoon,
    Sjabloon,
    database,
    vergrendel,
    voeg_toe,
)

from . import brp, inzage, mutaties, nummers, referentie, velden
from .datums import DeelDatum, verjaardag
from .fouten import N_, Fout, GeenToegang, Gelijktijdig, Ongeldig

log = logging.getLogger(__name__)

MINIMUM_LEEFTIJD = 4  # R-INS-07
GESLACHTEN = ("M", "V", "O")
# The longest value of each typed field: the columns that hold them (the BRP's own
# limits for names are no longer). Pages, files and the M2M API share them.
PERSOON_LENGTES = {"achternaam": 200, "voorvoegsels": 20, "voornamen": 200}
ADRES_LENGTES = {"postcode": 10, "straatnaam": 200, "plaatsnaam": 100,
                 "aanduiding_locatie": 100, "landcode": 4, "adresregel1": 100,
                 "adresregel2": 100, "adresregel3": 100}
HUISNUMMERAANDUIDINGEN = ("by", "to")  # BAG: bij, tegenover


@dataclass
class Adres:
    soort: str = "binnenland"  # or "buitenland"
    postcode: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    huisnummeraanduiding: str = ""
    straatnaam: str = ""
    plaatsnaam: str = ""
    aanduiding_locatie: str = ""
    landcode: str = ""
    adresregel1: str = ""
    adresregel2: str = ""
    adresregel3: str = ""


@dataclass
class PersoonInvoer:
    variant: str = "met"  # met / zonder bsn/onderwijsnummer
    bsn: str = ""
    onderwijsnummer: str = ""
    geslacht: str = ""
    geboortedatum: DeelDatum | None = None
    achternaam: str = ""
    voorvoegsels: str = ""
    voornamen: str = ""
    adres: Adres = field(default_factory=Adres)


@dataclass
class InschrijvingInvoer:
    instellingscode: str = ""
    datum_inschrijving: datetime.date | None = None
    datum_uitschrijving: datetime.date | None = None
    persoon: PersoonInvoer = field(default_factory=PersoonInvoer)
    onderwijslocatie: str = ""


@dataclass(frozen=True)
class Resultaat:
    inschrijving: Inschrijving
    persoon: Persoon
    nieuw_onderwijsnummer: str | None


# ---------------------------------------------------------------- access

def instellingen_van(actor):
    """The instellingen this actor may register for (R-INS-01, R-AVG-03): those of
    its bestuur that its kenmerken name."""
    codes = sorted(actor.waarden("instellingscode"))
    if actor.organisatie_soort != "bestuur" or not codes:
        return []
    return _INSTELLINGEN.objecten(len(codes), organisatie=actor.organisatie_id,
                                  **{f"code{i}": code for i, code in enumerate(codes)})


# Every page of a school reads it: its SQL text built once per number of codes.
_INSTELLINGEN = Sjabloon(lambda aantal, waarde: (
    Instelling.select().join(Bestuur)
    .where(Bestuur.organisatie == waarde("organisatie"),
           Instelling.code.in_([waarde(f"code{i}") for i in range(aantal)]))
    .order_by(Instelling.code)))


# ---------------------------------------------------------------- checks

def controleer(invoer, actor, vandaag=None, opzoeken=True):
    """Every problem with `invoer`, as Fouten; writes nothing.

    Also returns the BRP record when a BSN was given and found, so `registreer`
    does not look it up twice. With `opzoeken=False` (the check while typing) nothing is
    looked up about the person, in the BRP or the register: only what was typed is
    checked, so the answer tells nothing about anyone (R-AVG-04)."""
    gegevens = _Gegevens(actor, [invoer] if opzoeken else [])
    return _controleer(invoer, gegevens, vandaag or datetime.date.today(), opzoeken)


def controleer_getypt(invoeren, actor, vandaag=None):
    """The Fouten of each of `invoeren` as `controleer(opzoeken=False)` finds them, with
    what that reads (the actor's instellingen, the reference lists) read once for all:
    a file's batch of unreadable rows."""
    gegevens = _Gegevens(actor, [])
    vandaag = vandaag or datetime.date.today()
    return [_controleer(invoer, gegevens, vandaag, opzoeken=False)[0] for invoer in invoeren]


class _Gegevens:
    """What the checks of some registrations look up, read at once for all of them: the
    actor's instellingen, the persons their numbers name (locked until commit when
    `vergrendelen`: see `_registreer_veel`), those numbers' BRP records, and the known
    persons' inschrijvingen at the actor's instellingen. A file's batch of 200 rows asks
    the database four questions, not 800."""

    def __init__(self, actor, invoeren, vergrendelen=False):
        self.instellingen = {i.code: i for i in instellingen_van(actor)}
        self.lijsten = referentie.lijsten()
        bsns, eigen = set(), set()
        for invoer in invoeren:
            if invoer.persoon.variant == "met":
                bsn, own = _nummers(invoer.persoon)
                if bsn and not own:
                    bsns.add(bsn)
                elif own and not bsn:
                    eigen.add(own)
        self.met_bsn: dict[str, Persoon] = {}
        self.met_onderwijsnummer: dict[str, Persoon] = {}
        self.inschrijvingen: dict[tuple[int, int], list[Inschrijving]] = {}
        if bsns or eigen:
            query = Persoon.select().where(Persoon.bsn.in_(sorted(bsns))
                                           | Persoon.onderwijsnummer.in_(sorted(eigen)))
            for persoon in vergrendel(query) if vergrendelen else query:
                if persoon.bsn:
                    self.met_bsn[persoon.bsn] = persoon
                if persoon.onderwijsnummer:
                    self.met_onderwijsnummer[persoon.onderwijsnummer] = persoon
        self.brp = brp.zoek_veel(bsns)
        codes = sorted({r.gemeentecode for r in self.brp.values() if r.gemeentecode})
        self.gemeenten = dict(Gemeente.select(Gemeente.code, Gemeente.id)
                              .where(Gemeente.code.in_(codes)).tuples()) if codes else {}
        ids = {p.id for p in (*self.met_bsn.values(), *self.met_onderwijsnummer.values())}
        if ids and self.instellingen:
            for andere in Inschrijving.select().where(
                    Inschrijving.persoon.in_(sorted(ids)),
                    Inschrijving.instelling.in_([i.id for i in self.instellingen.values()])):
                self.inschrijvingen.setdefault(
                    (andere.persoon_id, andere.instelling_id), []).append(andere)


def _nummers(persoon):
    return nummers.schoon(persoon.bsn), nummers.schoon(persoon.onderwijsnummer)


def nummer_van(persoon):
    """The number a PersoonInvoer names the pupil by: its bsn, else its onderwijsnummer;
    "" for the variant without a number."""
    if persoon.variant != "met":
        return ""
    bsn, own = _nummers(persoon)
    return bsn or own


def _controleer(invoer, gegevens, vandaag, opzoeken=True):
    fouten: list[Fout] = []
    instelling = _controleer_instelling(invoer, gegevens, fouten)
    _controleer_datums(invoer, instelling, fouten)
    persoon = invoer.persoon
    velden.controleer_lengtes(fouten, persoon, PERSOON_LENGTES, "R-INS-04")
    velden.controleer_lengtes(fouten, persoon.adres, ADRES_LENGTES, "R-INS-06")
    brp_gegevens = None
    bekend = None
    if persoon.variant == "met":
        brp_gegevens, bekend = _controleer_nummer(persoon, fouten,
                                                  gegevens if opzoeken else None)
    _controleer_persoon(persoon, brp_gegevens, bekend, fouten, vandaag)
    if _vraagt_adres(persoon, brp_gegevens, bekend):
        _controleer_adres(persoon.adres, fouten, gegevens.lijsten)
    _controleer_leeftijd(invoer, brp_gegevens, bekend, fouten, vandaag)
    if bekend is not None and instelling is not None and invoer.datum_inschrijving:
        _controleer_overlap(gegevens.inschrijvingen.get((bekend.id, instelling.id), ()),
                            invoer.datum_inschrijving, invoer.datum_uitschrijving, fouten)
    return fouten, brp_gegevens, bekend


def vraagt_naam_en_adres(persoon):
    """Whether the form must ask name and woonadres: no number, or a BSN the BRP
    does not know (R-INS-12). A known onderwijsnummer brings its own. Looks the BSN up:
    only on submit (R-AVG-04)."""
    bsn = nummers.schoon(persoon.bsn)
    if persoon.variant == "met" and nummers.is_bsn(bsn):
        return _vraagt_adres(persoon, brp.zoek(bsn), Persoon.get_or_none(Persoon.bsn == bsn))
    return _vraagt_adres(persoon, None, None)


def _vraagt_adres(persoon, brp_gegevens, bekend):
    if persoon.variant == "zonder":
        return True
    return brp_gegevens is None and bekend is None and bool(nummers.schoon(persoon.bsn)) \
        and nummers.is_bsn(nummers.schoon(persoon.bsn))


def _controleer_instelling(invoer, gegevens, fouten):
    return eigen_instelling(invoer.instellingscode, gegevens.instellingen, fouten)


def eigen_instelling(code, instellingen, fouten):
    """R-INS-01: the instelling `code` names when it is one of `instellingen` (by code, the
    actor's own), else None with the reason in `fouten`. Enrolments, files and results all
    check their instellingscode here."""
    code = (code or "").strip().upper()
    if not code:
        fouten.append(Fout("instellingscode", N_("Kies een instellingscode."), "R-INS-01"))
        return None
    if len(code) != 4 or not brin.is_valid(code):
        fouten.append(Fout("instellingscode",
                           N_("Een instellingscode bestaat uit twee cijfers en twee letters."),
                           "R-INS-01"))
        return None
    instelling = instellingen.get(code)
    if instelling is None:
        fouten.append(Fout("instellingscode",
                           N_("Deze instellingscode hoort niet bij uw bestuur."), "R-INS-01"))
    return instelling


def _controleer_datums(invoer, instelling, fouten):
    begin, eind = invoer.datum_inschrijving, invoer.datum_uitschrijving
    if begin is None:
        fouten.append(Fout("datum_inschrijving", N_("Vul de datum inschrijving in."), "R-INS-02"))
    elif instelling is not None and begin < instelling.oprichtingsdatum:
        fouten.append(Fout(
            "datum_inschrijving",
            N_("De datum inschrijving mag niet voor de datum van oprichting van de instelling "
               "(%(datum)s) liggen."), "R-INS-02",
            {"datum": instelling.oprichtingsdatum}))
    if begin is not None and eind is not None and eind < begin:
        fouten.append(Fout("datum_uitschrijving",
                           N_("De datum uitschrijving mag niet voor de datum inschrijving liggen."),
                           "R-INS-03"))


def waarschuwingen(instelling, datum_inschrijving):
    """R-INS-02, the seed's guidance for PO (seed 004 §1.3): a pupil is enrolled from the
    first day of education at the school, so not in a weekend, except 1 August (the first
    school day after the summer, even in a weekend). A warning, not a refusal: the seed
    gives it as guidance, not among the checks of the form or the Wijzigen pop-up, and the
    register cannot tell the school holidays. VO only aligns with the previous school's
    uitschrijving, which may fall in a weekend, so VO gets no warning."""
    if (instelling is None or instelling.soort != "PO" or datum_inschrijving is None
            or datum_inschrijving.weekday() < 5
            or (datum_inschrijving.month, datum_inschrijving.day) == (8, 1)):
        return []
    return [Fout("datum_inschrijving",
                 N_("Let op: deze datum valt in het weekend. In het PO schrijft u een leerling "
                    "in per de datum waarop hij of zij voor het eerst onderwijs bij u volgt, "
                    "dus niet in het weekend of in de schoolvakantie. Alleen 1 augustus mag in "
                    "het weekend vallen."), "R-INS-02")]


def _controleer_nummer(persoon, fouten, gegevens):
    """R-INS-04 and R-INS-12 for the variant with a number; the checksums alone without
    `gegevens`."""
    bsn, own = _nummers(persoon)
    if not bsn and not own:
        fouten.append(Fout("bsn", N_("Vul een bsn of een onderwijsnummer in."), "R-INS-04"))
        return None, None
    if bsn and own:
        fouten.append(Fout("onderwijsnummer",
                           N_("Vul een bsn of een onderwijsnummer in, niet allebei."), "R-INS-04"))
        return None, None
    if bsn:
        if not nummers.is_bsn(bsn):
            fouten.append(Fout("bsn", N_("Dit is geen geldig bsn."), "R-INS-04"))
            return None, None
        if gegevens is None:
            return None, None
        return gegevens.brp.get(bsn), gegevens.met_bsn.get(bsn)
    if not nummers.is_onderwijsnummer(own):
        fouten.append(Fout("onderwijsnummer", N_("Dit is geen geldig onderwijsnummer."),
                           "R-INS-04"))
        return None, None
    if gegevens is None:
        return None, None
    bekend = gegevens.met_onderwijsnummer.get(own)
    if bekend is None:
        fouten.append(Fout("onderwijsnummer",
                           N_("Dit onderwijsnummer is niet bekend in het register."), "R-INS-04"))
    return None, bekend


def _controleer_persoon(persoon, brp_gegevens, bekend, fouten, vandaag):
    if persoon.geslacht not in GESLACHTEN:
        fouten.append(Fout("geslacht", N_("Kies het geslacht."), "R-INS-04"))
    if persoon.geboortedatum is None:
        fouten.append(Fout("geboortedatum", N_("Vul de geboortedatum in."), "R-INS-04"))
    elif persoon.geboortedatum.eerste_dag > vandaag:
        fouten.append(Fout("geboortedatum", N_("De geboortedatum ligt in de toekomst."),
                           "R-INS-05"))
    elif brp_gegevens or bekend:
        _controleer_zelfde_persoon(persoon, brp_gegevens, bekend, fouten)
    if _vraagt_adres(persoon, brp_gegevens, bekend) and not persoon.achternaam.strip():
        fouten.append(Fout("achternaam", N_("Vul de achternaam in."), "R-INS-04"))


def _controleer_zelfde_persoon(persoon, brp_gegevens, bekend, fouten):
    """A known number with other personal data is refused, not overwritten: the
    likeliest cause is a mistyped number, and another school's pupil must not change."""
    if brp_gegevens is not None:
        geboren, geslacht = brp_gegevens.geboortedatum, brp_gegevens.geslacht
    else:
        geboren, geslacht = bekend.geboortedatum, bekend.geslacht
    getypt = persoon.geboortedatum
    zelfde_datum = (getypt.jaar == geboren.year
                    and getypt.maand in (None, geboren.month)
                    and getypt.dag in (None, geboren.day))
    zelfde_geslacht = "O" in (persoon.geslacht, geslacht) or persoon.geslacht == geslacht
    if not (zelfde_datum and zelfde_geslacht):
        veld = "bsn" if nummers.schoon(persoon.bsn) else "onderwijsnummer"
        fouten.append(Fout(
            veld,
            N_("Dit nummer is bekend met een andere geboortedatum of een ander geslacht. "
               "Controleer het nummer en de gegevens."), "R-INS-04"))


def _controleer_adres(adres, fouten, lijsten):
    """R-INS-06."""
    if adres.soort == "buitenland":
        code = adres.landcode.strip()
        if not code:
            fouten.append(Fout("landcode", N_("Vul de landcode in."), "R-INS-06"))
        elif code in (Land.NEDERLAND, Land.ONBEKEND) or code not in lijsten.landcodes:
            fouten.append(Fout("landcode", N_("Deze landcode is onbekend."), "R-INS-06"))
        r1, r2, r3 = (x.strip() for x in (adres.adresregel1, adres.adresregel2, adres.adresregel3))
        if not r1:
            fouten.append(Fout("adresregel1", N_("Vul adresregel 1 in."), "R-INS-06"))
        if r2 and not r1:
            fouten.append(Fout("adresregel2", N_("Adresregel 2 kan alleen gevuld zijn als "
                                                 "adresregel 1 is gevuld."), "R-INS-06"))
        if r3 and not (r1 and r2):
            fouten.append(Fout("adresregel3",
                               N_("Adresregel 3 kan alleen gevuld zijn als adresregel 1 en 2 "
                                  "zijn gevuld."), "R-INS-06"))
        return
    if not adres.postcode.strip():
        fouten.append(Fout("postcode", N_("Vul de postcode in."), "R-INS-06"))
    elif not stdnum_postcode.is_valid(adres.postcode):
        fouten.append(Fout("postcode", N_("Dit is geen geldige postcode, bijvoorbeeld 1234 AB."),
                           "R-INS-06"))
    elif _woongemeente(adres.postcode, lijsten) is None:
        fouten.append(Fout("postcode", N_("Deze postcode hoort bij geen bekende gemeente."),
                           "R-INS-06"))
    nummer = adres.huisnummer.strip()
    if not nummer:
        fouten.append(Fout("huisnummer", N_("Vul het huisnummer in."), "R-INS-06"))
    elif not 1 <= (velden.getal(nummer, 5) or 0) <= 99999:
        fouten.append(Fout("huisnummer", N_("Een huisnummer is een getal van 1 tot 99999."),
                           "R-INS-06"))
    letter = adres.huisletter.strip()
    if letter and not (len(letter) == 1 and letter.isalpha()):
        fouten.append(Fout("huisletter", N_("Een huisletter is één letter."), "R-INS-06"))
    if len(adres.huisnummertoevoeging.strip()) > 4:
        fouten.append(Fout("huisnummertoevoeging",
                           N_("Een huisnummertoevoeging is hoogstens 4 tekens."), "R-INS-06"))
    if adres.huisnummeraanduiding and adres.huisnummeraanduiding not in HUISNUMMERAANDUIDINGEN:
        fouten.append(Fout("huisnummeraanduiding", N_("Kies een huisnummeraanduiding."),
                           "R-INS-06"))


def _controleer_leeftijd(invoer, brp_gegevens, bekend, fouten, vandaag):
    """R-INS-07: nothing is stored of a child younger than 4, at the datum inschrijving
    and today. A partial date counts from its latest possible day."""
    if brp_gegevens is not None:
        geboren = brp_gegevens.geboortedatum
    elif bekend is not None:
        geboren = DeelDatum.uit_opslag(bekend.geboortedatum,
                                       bekend.geboortedatum_precisie).laatste_dag
    elif invoer.persoon.geboortedatum is not None:
        geboren = invoer.persoon.geboortedatum.laatste_dag
    else:
        return
    vier = verjaardag(geboren, MINIMUM_LEEFTIJD)
    peil = min(vandaag, invoer.datum_inschrijving or vandaag)
    if vier > peil:
        fouten.append(Fout(
            "geboortedatum",
            N_("Een leerling wordt pas ingeschreven vanaf de dag dat hij of zij 4 jaar is "
               "(%(datum)s)."), "R-INS-07", {"datum": vier}))


def _controleer_overlap(andere, begin, eind, fouten):
    """R-INS-08: one inschrijving per person, instelling and period; `andere`: the
    person's other inschrijvingen at the instelling."""
    for ander in andere:
        if overlapt(begin, eind, ander.datum_inschrijving, ander.datum_uitschrijving):
            fouten.append(Fout(
                "datum_inschrijving",
                N_("Deze leerling staat in deze periode al ingeschreven bij deze instelling "
                   "(vanaf %(datum)s)."), "R-INS-08", {"datum": ander.datum_inschrijving}))
            return


def overlapt(begin1, eind1, begin2, eind2):
    """Periods touch without overlap when one ends on the day the other starts."""
    oneindig = datetime.date.max
    return begin1 < (eind2 or oneindig) and begin2 < (eind1 or oneindig) or begin1 == begin2


def _woongemeente(postcode, lijsten):
    """The id of the gemeente of a postcode's PC4 area, or None."""
    return lijsten.postcodes.get(nummers.schoon(postcode)[:4])


# ---------------------------------------------------------------- writes

def registreer(invoer, actor, vandaag=None):
    """Store an inschrijving (and the person when new). Raises Ongeldig with every problem."""
    (uitkomst,) = registreer_veel([invoer], actor, vandaag)
    if isinstance(uitkomst, Ongeldig):
        raise uitkomst
    return uitkomst


def registreer_veel(invoeren, actor, vandaag=None):
    """Store inschrijvingen (and persons when new), each under the checks of the form, in
    one transaction: per invoer its Resultaat, or the Ongeldig with every problem (that
    one stores nothing). A file's batch goes through here; `registreer` is a batch of one."""
    try:
        with database.atomic():
            return _registreer_veel(invoeren, actor, vandaag or datetime.date.today())
    except IntegrityError:
        # Another transaction stored the same new person (or onderwijsnummer) between our
        # check and our insert. Once more: now the person is there, and locked first.
        log.info("lock conflict: a person was registered at the same moment; retried")
        try:
            with database.atomic():
                return _registreer_veel(invoeren, actor, vandaag or datetime.date.today())
        except IntegrityError:
            raise Gelijktijdig("bsn", "R-INS-08") from None


def _registreer_veel(invoeren, actor, vandaag):
    """In rounds: a round takes each person once, so a later invoer about a person of the
    round is checked in the next one, against what the round stored."""
    uitkomsten: list[Resultaat | Ongeldig | None] = [None] * len(invoeren)
    open_ = list(range(len(invoeren)))
    while open_:
        # The persons the numbers name stay locked until commit (PostgreSQL), so two
        # registrations at once cannot both pass the overlap check of R-INS-08. A person
        # another transaction stores after this read is an IntegrityError at our insert,
        # and `registreer_veel` reads again.
        gegevens = _Gegevens(actor, [invoeren[i] for i in open_], vergrendelen=True)
        goed, later, bezet = [], [], set()
        vergeleken, uit_brp = [], []
        for i in open_:
            invoer = invoeren[i]
            nummer = nummer_van(invoer.persoon)
            if nummer and ("nummer", nummer) in bezet:
                later.append(i)
                continue
            fouten, brp_gegevens, bekend = _controleer(invoer, gegevens, vandaag)
            if bekend is not None and ("persoon", bekend.id) in bezet:
                later.append(i)
                continue
            bezet |= {("nummer", nummer), ("persoon", bekend.id if bekend else None)}
            if bekend is not None:
                vergeleken.append(bekend.id)
            elif brp_gegevens is not None:
                uit_brp.append(brp_gegevens.bsn)
            if fouten:
                uitkomsten[i] = Ongeldig(fouten)
            else:
                goed.append((i, (invoer, brp_gegevens, bekend)))
        # R-AVG-02: comparing what was typed with the BRP or a person in the register
        # reads that person's data, whether the registration goes through or not.
        inzage.log(actor, "inschrijving: vergelijking persoonsgegevens", vergeleken, uit_brp)
        resultaten = _bewaar(actor, gegevens, [rij for _, rij in goed])
        for (i, _), resultaat in zip(goed, resultaten, strict=True):
            uitkomsten[i] = resultaat
        open_ = later
    return uitkomsten


def vergrendel_personen(waar):
    """Lock the persons matching `waar` until commit, so a check on what they have (an
    overlapping period, R-INS-08, R-VZ-06, R-VZ-16) holds until the write (a no-op on
    SQLite, whose transaction holds the write lock); returns their ids."""
    return {p.id for p in vergrendel(Persoon.select(Persoon.id).where(waar))}


def _bewaar(actor, gegevens, rijen):
    """The inschrijvingen of checked `rijen` (invoer, BRP record, known person), with new
    persons and the Mutaties, a few statements for all of them."""
    personen, nieuw = [], []
    for invoer, brp_gegevens, bekend in rijen:
        if bekend is not None:
            if brp_gegevens is not None:
                _ververs_uit_brp(bekend, brp_gegevens, actor, gegevens.gemeenten)
            personen.append(bekend)
        else:
            persoon = _nieuwe_persoon(invoer.persoon, brp_gegevens, gegevens.lijsten,
                                      gegevens.gemeenten)
            personen.append(persoon)
            nieuw.append(persoon)
    zonder_nummer = [p for p in nieuw if p.bsn is None]
    for persoon, nummer in zip(zonder_nummer,
                               nummers.nieuwe_onderwijsnummers(len(zonder_nummer)), strict=True):
        persoon.onderwijsnummer = nummer
    voeg_toe(nieuw, "bsn", "onderwijsnummer")
    mutaties.schrijf_veel(actor, "persoon", "persoon toegevoegd", nieuw, nieuw)
    inschrijvingen = []
    for (invoer, _, _), persoon in zip(rijen, personen, strict=True):
        instelling = gegevens.instellingen[invoer.instellingscode.strip().upper()]
        locatie = None
        if invoer.onderwijslocatie:
            locatie = Onderwijslocatie.get_or_none(
                Onderwijslocatie.code == invoer.onderwijslocatie,
                Onderwijslocatie.instelling == instelling)
        inschrijvingen.append(Inschrijving(
            persoon=persoon, instelling=instelling, onderwijslocatie=locatie,
            datum_inschrijving=invoer.datum_inschrijving,
            datum_uitschrijving=invoer.datum_uitschrijving, **namen(persoon)))
    voeg_toe(inschrijvingen, "persoon")
    mutaties.schrijf_veel(actor, "inschrijving", "inschrijving toegevoegd", inschrijvingen,
                          personen)
    nieuw_ids = {id(p) for p in zonder_nummer}
    return [Resultaat(inschrijving, persoon,
                      persoon.onderwijsnummer if id(persoon) in nieuw_ids else None)
            for inschrijving, persoon in zip(inschrijvingen, personen, strict=True)]


def _nieuwe_persoon(invoer, brp_gegevens, lijsten, gemeenten):
    """An unsaved Persoon: from the BRP for a BSN it knows, else as the school typed it
    (its onderwijsnummer still to be given when it has no BSN)."""
    velden = {"geslacht": invoer.geslacht}
    if brp_gegevens is not None:
        velden.update(brp_velden(brp_gegevens, gemeenten), bsn=brp_gegevens.bsn,
                      geboortedatum=brp_gegevens.geboortedatum, geboortedatum_precisie="D",
                      geslacht=brp_gegevens.geslacht)
    else:
        velden.update(
            achternaam=invoer.achternaam.strip(),
            voorvoegsels=invoer.voorvoegsels.strip() or None,
            voornamen=invoer.voornamen.strip() or None,
            geboortedatum=invoer.geboortedatum.eerste_dag,
            geboortedatum_precisie=invoer.geboortedatum.precisie,
            **_school_adres(invoer.adres, lijsten))
        bsn = nummers.schoon(invoer.bsn)
        if invoer.variant == "met" and bsn:
            velden["bsn"] = bsn
    return Persoon(**velden)


def brp_velden(gegevens, gemeenten):
    """The person's columns from a BRP record; `gemeenten`: gemeente ids by code."""
    return dict(
        achternaam=gegevens.achternaam, voorvoegsels=gegevens.voorvoegsels,
        voornamen=gegevens.voornamen, datum_overlijden=gegevens.datum_overlijden,
        adresbron="brp", postcode=gegevens.postcode, huisnummer=gegevens.huisnummer,
        huisletter=gegevens.huisletter, huisnummertoevoeging=gegevens.huisnummertoevoeging,
        straatnaam=gegevens.straatnaam, plaatsnaam=gegevens.plaatsnaam,
        woonland="6030", woongemeente=gemeenten.get(gegevens.gemeentecode),
    )


def _school_adres(adres, lijsten):
    leeg = dict(postcode=None, huisnummer=None, huisletter=None, huisnummertoevoeging=None,
                huisnummeraanduiding=None, straatnaam=None, plaatsnaam=None,
                aanduiding_locatie=None, adresregel1=None, adresregel2=None,
                adresregel3=None, adresbron="school")
    if adres.soort == "buitenland":
        return {**leeg, "woonland": adres.landcode.strip(), "woongemeente": None,
                "adresregel1": adres.adresregel1.strip(),
                "adresregel2": adres.adresregel2.strip() or None,
                "adresregel3": adres.adresregel3.strip() or None}

    def opt(v):
        return v.strip() or None
    return {**leeg, "woonland": "6030",
            "woongemeente": _woongemeente(adres.postcode, lijsten),
            "postcode": stdnum_postcode.validate(adres.postcode),
            "huisnummer": int(adres.huisnummer), "huisletter": opt(adres.huisletter),
            "huisnummertoevoeging": opt(adres.huisnummertoevoeging),
            "huisnummeraanduiding": opt(adres.huisnummeraanduiding),
            "straatnaam": opt(adres.straatnaam), "plaatsnaam": opt(adres.plaatsnaam),
            "aanduiding_locatie": opt(adres.aanduiding_locatie)}


def _ververs_uit_brp(persoon, gegevens, actor, gemeenten):
    """The BRP is the source for a BSN holder (R-INS-12): a difference is a Mutatie."""
    voor = mutaties.momentopname(persoon)
    for naam, waarde in brp_velden(gegevens, gemeenten).items():
        setattr(persoon, naam, waarde)
    na = mutaties.momentopname(persoon)
    if voor != na:
        persoon.gewijzigd = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        persoon.save()
        Inschrijving.update(**namen(persoon)).where(Inschrijving.persoon == persoon).execute()
        na = mutaties.momentopname(persoon)
        mutaties.schrijf(actor, "persoon", persoon, _brp_wijziging(voor, na), voor=voor, na=na,
                         persoon=persoon)


ADRESVELDEN = ("postcode", "huisnummer", "huisletter", "huisnummertoevoeging", "straatnaam",
               "plaatsnaam")


def _brp_wijziging(voor, na):
    """What a change from the BRP is, as the P-levering reports it (R-LEV-01): a death, a
    move to another gemeente or within it, or (names) another change."""
    if na["datum_overlijden"] and not voor["datum_overlijden"]:
        return "overleden"
    if na["woongemeente"] != voor["woongemeente"]:
        return "verhuisd naar andere gemeente"
    if any(voor[veld] != na[veld] for veld in ADRESVELDEN):
        return "verhuisd binnen de gemeente"
    return "persoon gewijzigd uit BRP"


BRP_PARTIJ = 500  # persons refreshed a transaction after a BRP load


def ververs_uit_brp(actor, bsns):
    """After a BRP load: the register's persons with these BSNs take what the BRP now says
    (R-INS-12), each difference a Mutatie the P-levering reports (overleden, verhuisd).
    Returns how many persons changed."""
    gemeenten = dict(Gemeente.select(Gemeente.code, Gemeente.id).tuples())
    bsns = sorted(set(bsns))
    gewijzigd = 0
    for begin in range(0, len(bsns), BRP_PARTIJ):
        deel = bsns[begin:begin + BRP_PARTIJ]
        with database.atomic():
            bekend = brp.zoek_veel(deel)
            for persoon in vergrendel(Persoon.select().where(Persoon.bsn.in_(deel))):
                gegevens = bekend.get(persoon.bsn)
                if gegevens is None:
                    continue
                versie = persoon.gewijzigd
                _ververs_uit_brp(persoon, gegevens, actor, gemeenten)
                gewijzigd += persoon.gewijzigd != versie
    return gewijzigd


def zoek_inschrijving(actor, inschrijving_id, doel="inschrijving inzien"):
    """One inschrijving of the actor's own instellingen, or GeenToegang (R-AVG-03);
    the read is logged (R-AVG-02)."""
    inschrijving = Inschrijving.get_or_none(Inschrijving.id == inschrijving_id)
    toegestaan = {i.id for i in instellingen_van(actor)}
    if inschrijving is None or inschrijving.instelling_id not in toegestaan:
        raise GeenToegang()
    inzage.log(actor, doel, [inschrijving.persoon_id])
    return inschrijving


def wijzig_datums(actor, inschrijving_id, datum_inschrijving, datum_uitschrijving):
    """Change the dates of an inschrijving under R-INS-02/03 (and R-INS-07/08)."""
    with database.atomic():
        inschrijving = zoek_inschrijving(actor, inschrijving_id, "inschrijving wijzigen")
        vergrendel_personen(Persoon.id == inschrijving.persoon_id)
        invoer = InschrijvingInvoer(
            instellingscode=inschrijving.instelling.code,
            datum_inschrijving=datum_inschrijving, datum_uitschrijving=datum_uitschrijving)
        fouten: list[Fout] = []
        _controleer_datums(invoer, inschrijving.instelling, fouten)
        persoon = inschrijving.persoon
        if datum_inschrijving is not None:
            geboren = DeelDatum.uit_opslag(persoon.geboortedatum,
                                           persoon.geboortedatum_precisie).laatste_dag
            vier = verjaardag(geboren, MINIMUM_LEEFTIJD)
            if vier > datum_inschrijving:
                fouten.append(Fout(
                    "datum_inschrijving",
                    N_("Een leerling wordt pas ingeschreven vanaf de dag dat hij of zij 4 jaar "
                       "is (%(datum)s)."), "R-INS-07", {"datum": vier}))
            _controleer_overlap(
                Inschrijving.select().where(Inschrijving.persoon == persoon,
                                            Inschrijving.instelling == inschrijving.instelling,
                                            Inschrijving.id != inschrijving.id),
                datum_inschrijving, datum_uitschrijving, fouten)
        if fouten:
            raise Ongeldig(fouten)
        voor = mutaties.momentopname(inschrijving)
        inschrijving.datum_inschrijving = datum_inschrijving
        inschrijving.datum_uitschrijving = datum_uitschrijving
        inschrijving.gewijzigd = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        inschrijving.save()
        mutaties.schrijf(actor, "inschrijving", inschrijving, "inschrijving gewijzigd",
                         voor=voor, na=mutaties.momentopname(inschrijving), persoon=persoon)
    return inschrijving


# ---------------------------------------------------------------- overview

@dataclass(frozen=True)
class Regel:
    inschrijving_id: int
    naam: str
    pgn: str
    datum_inschrijving: datetime.date
    datum_uitschrijving: datetime.date | None


def namen(persoon):
    """The person's names an inschrijving carries for the overview: what it searches
    ("voorvoegsels achternaam") and what it sorts on (the achternaam), lower-cased."""
    return {"zoeknaam": f"{persoon.voorvoegsels or ''} {persoon.achternaam or ''}".lower(),
            "sorteernaam": (persoon.achternaam or "").lower()}


def volledige_naam(persoon):
    return naam_uit(persoon.voornamen, persoon.voorvoegsels, persoon.achternaam)


def naam_uit(voornamen, voorvoegsels, achternaam):
    """"Bliksem van de Donder": the parts there are, in this order."""
    return " ".join(x for x in (voornamen, voorvoegsels, achternaam) if x)


# A school's pupils a page at a time: a school of 2,000 gets the first 100 and a search,
# not 1.3 MB of HTML (the whole list is what the registratieoverzicht is for).
PER_PAGINA = 100


@dataclass(frozen=True)
class Sectie:
    """One instelling's part of the overview: the rows of page `pagina` of `paginas`,
    and how many inschrijvingen match in all."""

    instelling: Instelling
    regels: list[Regel]
    totaal: int
    pagina: int = 1
    paginas: int = 1


def _regels(vorm, waarde):
    """The rows an overview shows, in name order: of an instelling (`plaatsen` None), or of
    the inschrijvingen with these ids (a search's matches); with a limit and offset when
    paged."""
    plaatsen, gepagineerd = vorm
    waar = (Inschrijving.instelling == waarde("instelling") if plaatsen is None
            else Inschrijving.id.in_([waarde(f"id{i}") for i in range(plaatsen)]))
    query = (Inschrijving
             .select(Inschrijving.id, Persoon.id, Persoon.voornamen, Persoon.voorvoegsels,
                     Persoon.achternaam, Persoon.bsn, Persoon.onderwijsnummer,
                     Inschrijving.datum_inschrijving, Inschrijving.datum_uitschrijving)
             .join(Persoon).where(waar)
             .order_by(Inschrijving.sorteernaam, Inschrijving.persoon, Inschrijving.id).tuples())
    return query.limit(waarde("limit")).offset(waarde("offset")) if gepagineerd else query


# Every overview page runs these per instelling: their SQL text built once.
_REGELS = Sjabloon(_regels)
_AANTAL = Sjabloon(lambda _vorm, waarde: (
    Inschrijving.select(fn.COUNT(Inschrijving.id))
    .where(Inschrijving.instelling == waarde("instelling"))))
# First the matches from the school's (instelling, zoeknaam) index alone, then only their
# rows: the search does not grow with the register.
_TREFFERS = Sjabloon(lambda _vorm, waarde: (
    Inschrijving.select(Inschrijving.id)
    .where(Inschrijving.instelling == waarde("instelling"),
           Inschrijving.zoeknaam.contains(waarde("zoekterm")))))


def overzicht(actor, zoekterm="", instellingscode=None, per_pagina=None, paginas=None):
    """R-INS-09: per instellingscode the inschrijvingen, optionally those whose
    achternaam contains `zoekterm`, optionally of one instelling; with `per_pagina`, a
    page of each (`paginas`: instellingscode → page number, else the first). Only the
    rows returned are read and logged (R-AVG-02)."""
    zoekterm = (zoekterm or "").strip().lower()
    secties = []
    gelezen: list[int] = []
    for instelling in instellingen_van(actor):
        if instellingscode and instelling.code != instellingscode:
            continue
        matches, plaatsen, waarden = None, None, {"instelling": instelling.id}
        if zoekterm:
            treffers = [i for (i,) in _TREFFERS.rijen(None, instelling=instelling.id,
                                                      zoekterm=zoekterm)]
            matches = len(treffers)
            # Places for the ids by powers of two, the last id repeated: a few forms of
            # the query for every number of matches.
            plaatsen = 1 << (matches - 1).bit_length() if matches else 0
            waarden = {f"id{i}": treffers[min(i, matches - 1)] for i in range(plaatsen)}
        totaal, pagina, aantal_paginas = 0, 1, 1
        if per_pagina:
            totaal = (matches if matches is not None
                      else _AANTAL.rijen(None, instelling=instelling.id)[0][0])
            aantal_paginas = max(1, -(-totaal // per_pagina))
            pagina = min(max(1, (paginas or {}).get(instelling.code, 1)), aantal_paginas)
            waarden.update(limit=per_pagina, offset=(pagina - 1) * per_pagina)
        rijen = [] if matches == 0 else _REGELS.objecten((plaatsen, bool(per_pagina)), **waarden)
        regels = []
        for (inschrijving_id, persoon_id, voornamen, voorvoegsels, achternaam, bsn,
             onderwijsnummer, ingeschreven, uitgeschreven) in rijen:
            regels.append(Regel(inschrijving_id, naam_uit(voornamen, voorvoegsels, achternaam),
                                bsn or onderwijsnummer, ingeschreven, uitgeschreven))
            gelezen.append(persoon_id)
        secties.append(Sectie(instelling, regels, totaal if per_pagina else len(regels),
                              pagina, aantal_paginas))
    inzage.log(actor, "overzicht inschrijvingen", gelezen)
    return secties

