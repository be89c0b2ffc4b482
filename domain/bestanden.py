"""Bestandsuitwisseling (seed 004 §1.5): enrolment files sent by schools and processed row
by row through the same rules as the form, and the files the register returns.

A sent file is a `Bestand` in the database, so every web node and worker sees it. A worker
takes it with a claim that expires (`neem`), and renews the claim with every batch it
commits (`verleng`); the batch's rows and their results (`Bestandsregel`) commit
together. A worker killed mid-file leaves its claim to expire: the next one skips the rows
that have a result, so no row is lost or stored twice. The file's parsing lives in
`formats/`, the report's language in the job (jobs/bestanden.py); this module holds the
rules."""
import datetime
import enum
import hashlib
import itertools
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import NamedTuple

from peewee import Tuple, ValuesList, fn

from models import (
    Bestand,
    Bestandsdeel,
    Bestandsinhoud,
    Bestandsregel,
    Certificaat,
    Gebruiker,
    Inschrijving,
    Instelling,
    Persoon,
    Sjabloon,
    database,
    utcnow,
    vergrendel,
    voeg_toe,
)

from . import inschrijving as inschrijvingen
from . import inzage
from . import resultaat as resultaten
from .certificaten import Status as CertificaatStatus
from .certificaten import actor_voor_certificaat
from .certificaten import status as certificaat_status
from .datums import DeelDatum
from .fouten import N_, Fout, GeenToegang, Ongeldig
from .gebruikers import actief_met_organisatie, actor_voor

log = logging.getLogger(__name__)


class Richting(enum.StrEnum):
    VERSTUURD = "verstuurd"  # sent by the organisation
    RETOUR = "retour"  # returned by the register (reports; leveringen later)


class Soort(enum.StrEnum):
    ROD = "rod"
    VERSLAG = "verslag"
    C_ROUTE = "c-route"  # a request file of a C-levering (seed 003)
    AANLEVERING_RMC = "aanlevering-rmc"  # of an A-levering
    LEVERING = "levering"  # a gegevenslevering (P, C, A) returned
    KOPPELING = "koppeling-own-bsn"  # a .koci file (seed 002), sent, and returned answered


SOORTEN = {
    Soort.ROD: N_("Algemene documenten t.b.v. ROD"),
    Soort.VERSLAG: N_("Verwerkingsverslag"),
    Soort.C_ROUTE: N_("C-route"),
    Soort.AANLEVERING_RMC: N_("Aanlevering RMC"),
    Soort.LEVERING: N_("Gegevenslevering"),
    Soort.KOPPELING: N_("Koppeling OWN/BSN"),
}


class Status(enum.StrEnum):
    ONTVANGEN = "ontvangen"
    IN_VERWERKING = "in verwerking"
    VERWERKT = "verwerkt"
    MET_FOUTEN = "verwerkt met fouten"
    GEWEIGERD = "geweigerd"
    NIEUW = "nieuw"  # a returned file not yet downloaded
    GEDOWNLOAD = "gedownload"


STATUSSEN = {
    Status.ONTVANGEN: N_("Ontvangen"),
    Status.IN_VERWERKING: N_("In verwerking"),
    Status.VERWERKT: N_("Verwerkt"),
    Status.MET_FOUTEN: N_("Verwerkt met fouten"),
    Status.GEWEIGERD: N_("Geweigerd"),
    Status.NIEUW: N_("Nieuw"),
    Status.GEDOWNLOAD: N_("Gedownload"),
}
# The bestandssoorten of each role: a school sends enrolment files and gets verslagen back,
# a Behandelaar RMC sends request files (seed 003) and gets leveringen back.
VERSTUREN = {"schooladministratie": (Soort.ROD,),
             "behandelaar_rmc": (Soort.C_ROUTE, Soort.AANLEVERING_RMC, Soort.KOPPELING)}
RETOUR = {"schooladministratie": (Soort.VERSLAG,),
          "behandelaar_rmc": (Soort.LEVERING, Soort.KOPPELING)}
# The sent files the file job processes row by row (the others are a delivery's request).
MET_REGELS = (Soort.ROD, Soort.KOPPELING)


def soorten_te_versturen(actor):
    """The bestandssoorten the actor may send, by its roles."""
    return [soort for rol, soorten in VERSTUREN.items() if actor.heeft_rol(rol)
            for soort in soorten]


def soorten_retour(actor):
    """The bestandssoorten returned to the actor, by its roles."""
    return [soort for rol, soorten in RETOUR.items() if actor.heeft_rol(rol)
            for soort in soorten]


KLAAR = (Status.VERWERKT, Status.MET_FOUTEN, Status.GEWEIGERD)
STATUSSEN_VERSTUURD = (Status.ONTVANGEN, Status.IN_VERWERKING) + KLAAR
STATUSSEN_RETOUR = (Status.NIEUW, Status.GEDOWNLOAD)


class Uitkomst(enum.StrEnum):
    """What became of one row."""

    OPGESLAGEN = "opgeslagen"  # a new inschrijving
    GEWIJZIGD = "gewijzigd"  # the datum uitschrijving of the same inschrijving
    ONGEWIJZIGD = "ongewijzigd"  # already in the register as the row says
    FOUT = "fout"  # refused: nothing of the row is stored
    GEKOPPELD = "gekoppeld"  # a koppeling file's row: BSN and onderwijsnummer linked
    VRAAG = "vraag"  # a koppeling file's row that only asks a question


UITKOMSTEN = {
    Uitkomst.OPGESLAGEN: N_("Opgeslagen"),
    Uitkomst.GEWIJZIGD: N_("Gewijzigd"),
    Uitkomst.ONGEWIJZIGD: N_("Ongewijzigd"),
    Uitkomst.FOUT: N_("Niet opgeslagen"),
}
# A koppeling file's rows, as its page counts them.
UITKOMSTEN_KOPPELING = {
    Uitkomst.GEKOPPELD: N_("Gekoppeld"),
    Uitkomst.ONGEWIJZIGD: N_("Al gekoppeld"),
    Uitkomst.VRAAG: N_("Alleen een vraag"),
    Uitkomst.FOUT: N_("Niet gekoppeld"),
}


def uitkomsten_van(bestand):
    """The outcomes a sent file's page counts, by its soort."""
    return UITKOMSTEN_KOPPELING if bestand.soort == Soort.KOPPELING else UITKOMSTEN

# The original keeps returned files 3 months; so do we, and the files sent as well: once
# processed, their rows are in the register.
BEWAARTERMIJN = datetime.timedelta(days=92)
CLAIM = datetime.timedelta(seconds=60)  # a worker that stops renewing loses the file
BATCH = 500  # rows per transaction: its results and its progress commit together
# A batch's transaction lasts at most this long: the M2M change feed on PostgreSQL shows
# only what was committed before the oldest transaction still running began.
BATCH_SECONDEN = 5
ROLLEN = frozenset({"schooladministratie"})  # a package of a bestuur has it too


# ---------------------------------------------------------------- sending

def instellingen(actor):
    """The instellingen the actor may send files for (R-INS-01, R-AVG-03)."""
    if not actor.heeft_rol(*ROLLEN):
        return []
    return inschrijvingen.instellingen_van(actor)


def verstuur(actor, instellingscode, naam, inhoud, taal="nl", fouten=()):
    """Store a sent enrolment file (status ontvangen) for the worker to process. Raises
    Ongeldig with every problem at once (`fouten`: the form's own, such as its
    bestandssoort) for a code that is not the actor's, no file (`inhoud` None) or an empty
    one; nothing is stored then."""
    fouten = list(fouten)
    instelling = inschrijvingen.eigen_instelling(
        instellingscode, {i.code: i for i in instellingen(actor)}, fouten)
    if inhoud is None:
        fouten.append(Fout("bestand", N_("Kies het bestand dat u wilt versturen.")))
    elif not inhoud:
        fouten.append(Fout("bestand", N_("Het bestand is leeg. Kies het ingevulde bestand en "
                                         "verstuur het opnieuw.")))
    if fouten:
        raise Ongeldig(fouten)
    return nieuw_bestand(
        inhoud, organisatie=actor.organisatie_id, instelling=instelling,
        richting=Richting.VERSTUURD, soort=Soort.ROD, status=Status.ONTVANGEN, naam=naam,
        actor=actor.kenmerk, afzender=afzender_van(actor), taal=taal)


def nieuw_bestand(inhoud, **velden):
    """Store a file, its bytes beside it (Bestandsinhoud), with its size, checksum and the
    date it may be removed."""
    with database.atomic():
        bestand = Bestand.create(grootte=len(inhoud), sha256=hashlib.sha256(inhoud).hexdigest(),
                                 bewaren_tot=datetime.date.today() + BEWAARTERMIJN, **velden)
        Bestandsinhoud.create(bestand=bestand, inhoud=inhoud)
    return bestand


DEEL = 1024 * 1024  # bytes a part of a file written as it is made holds at most


def nieuw_retourbestand(inhoud, **velden):
    """Return a file to an organisation (Bestanden ophalen), read from the open file `inhoud`
    in parts of DEEL bytes: a delivery of any size takes one part's memory. In the caller's
    transaction when there is one."""
    with database.atomic():
        bestand = Bestand.create(grootte=0, sha256="", richting=Richting.RETOUR,
                                 status=Status.NIEUW,
                                 bewaren_tot=datetime.date.today() + BEWAARTERMIJN, **velden)
        controle, grootte = hashlib.sha256(), 0
        inhoud.seek(0)
        for volgnummer in itertools.count():
            deel = inhoud.read(DEEL)
            if not deel:
                break
            controle.update(deel)
            grootte += len(deel)
            Bestandsdeel.create(bestand=bestand, volgnummer=volgnummer, inhoud=deel)
        bestand.grootte, bestand.sha256 = grootte, controle.hexdigest()
        Bestand.update(grootte=grootte, sha256=bestand.sha256).where(
            Bestand.id == bestand.id).execute()
    return bestand


def gebruiker_van(kenmerk):
    """The active user with an e-mail address that `kenmerk` ("gebruiker:12") names, to
    mail; None for a package, the system, or a user blocked or without address."""
    soort, _, sleutel = kenmerk.partition(":")
    if soort != "gebruiker" or not sleutel.isdigit():
        return None
    gebruiker = Gebruiker.get_or_none(Gebruiker.id == int(sleutel))
    return gebruiker if gebruiker and gebruiker.email and gebruiker.actief else None


def afzender_van(actor):
    """The name a sent file shows as its sender: the user's own, or "Koppeling (M2M)"."""
    soort, _, sleutel = actor.kenmerk.partition(":")
    if soort == "gebruiker":
        gebruiker = actief_met_organisatie(int(sleutel))
        return gebruiker.naam if gebruiker else actor.kenmerk
    return "M2M"


def eerder_verstuurd(bestand):
    """An earlier file of the same organisation and instelling with the same content, or
    None: sending it again changes nothing, and the page says so."""
    return (Bestand.select(Bestand.id, Bestand.tijdstip, Bestand.naam)
            .where(Bestand.organisatie == bestand.organisatie_id,
                   Bestand.instelling == bestand.instelling_id,
                   Bestand.richting == Richting.VERSTUURD, Bestand.sha256 == bestand.sha256,
                   Bestand.id < bestand.id)
            .order_by(Bestand.id.desc()).first())


# ---------------------------------------------------------------- reading them back

def _van(actor, bestand_id):
    bestand = Bestand.get_or_none(Bestand.id == bestand_id)
    if bestand is None or bestand.organisatie_id != actor.organisatie_id:
        raise GeenToegang()  # another organisation's file does not exist for this one
    return bestand


def bestand_van(actor, bestand_id):
    """One file of the actor's organisation (R-AVG-03)."""
    return _van(actor, bestand_id)


PER_PAGINA = 50  # files a list shows at a time, newest first


@dataclass(frozen=True)
class Lijst:
    bestanden: list
    totaal: int
    pagina: int
    paginas: int


def verstuurde(actor, soort=None, status=None, pagina=1):
    """Overzicht verstuurde bestanden: the files the organisation sent, newest first, a
    page at a time; filters Bestandssoort and Status."""
    return _lijst(actor, Richting.VERSTUURD, soort, status, pagina)


def retour(actor, soort=None, status=None, pagina=1):
    """Bestanden ophalen: the files the register returned to the organisation, newest
    first, a page at a time; filters Bestandssoort and Status."""
    return _lijst(actor, Richting.RETOUR, soort, status, pagina)


def _lijst(actor, richting, soort, status, pagina):
    waar = (Bestand.organisatie == actor.organisatie_id) & (Bestand.richting == richting)
    if soort:
        waar &= Bestand.soort == soort
    if status:
        waar &= Bestand.status == status
    totaal = Bestand.select().where(waar).count()
    paginas = max(1, -(-totaal // PER_PAGINA))
    pagina = min(max(1, pagina), paginas)
    bestanden = list(Bestand.select().where(waar).order_by(Bestand.id.desc())
                     .paginate(pagina, PER_PAGINA))
    return Lijst(bestanden, totaal, pagina, paginas)


def download(actor, bestand_ids):
    """The files `bestand_ids` of the actor's organisation, without their bytes (read them
    one at a time with `inhoud_van`); a returned file is marked gedownload. An id of
    another organisation's file: GeenToegang, and nothing is marked."""
    ids = list(dict.fromkeys(bestand_ids))
    bestanden = {b.id: b for b in Bestand.select().where(Bestand.id.in_(ids))}
    if any(bestanden.get(i) is None or bestanden[i].organisatie_id != actor.organisatie_id
           for i in ids):
        raise GeenToegang()
    nieuw = [i for i in ids if bestanden[i].status == Status.NIEUW]
    if nieuw:
        Bestand.update(status=Status.GEDOWNLOAD, gedownload=utcnow()).where(
            Bestand.id.in_(nieuw), Bestand.status == Status.NIEUW).execute()
    return [bestanden[i] for i in ids]


def inhoud_van(bestand):
    """The bytes of a file `download` gave."""
    return b"".join(inhoud_stroom(bestand))


def inhoud_stroom(bestand):
    """The bytes of a file `download` gave, a part at a time (a file written in parts, see
    `nieuw_retourbestand`, or whole)."""
    heel = (Bestandsinhoud.select(Bestandsinhoud.inhoud)
            .where(Bestandsinhoud.bestand == bestand.id).tuples().first())
    if heel is not None:
        yield bytes(heel[0])
        return
    for volgnummer in itertools.count():
        deel = (Bestandsdeel.select(Bestandsdeel.inhoud)
                .where(Bestandsdeel.bestand == bestand.id, Bestandsdeel.volgnummer == volgnummer)
                .tuples().first())
        if deel is None:
            return
        yield bytes(deel[0])


class Uitslag(NamedTuple):
    """What became of one row: its number, Uitkomst, Fouten and whom it names."""

    regel: int
    uitkomst: Uitkomst
    fouten: list
    leerling: str


def regels_van(bestand, alleen_fouten=False):
    """The results of a file's rows in row order (Uitslag)."""
    query = Bestandsregel.select().where(Bestandsregel.bestand == bestand.id)
    if alleen_fouten:
        query = query.where(Bestandsregel.uitkomst == Uitkomst.FOUT)
    return [Uitslag(r.regel, Uitkomst(r.uitkomst), fouten_uit(r.fouten), r.leerling)
            for r in query.order_by(Bestandsregel.regel)]


def telling(bestand):
    """How many rows ended how: {Uitkomst: n}."""
    rijen = (Bestandsregel.select(Bestandsregel.uitkomst, fn.COUNT(Bestandsregel.id))
             .where(Bestandsregel.bestand == bestand.id).group_by(Bestandsregel.uitkomst)
             .tuples())
    return {Uitkomst(u): n for u, n in rijen}


def opmerkingen_van(bestand):
    return fouten_uit(bestand.opmerkingen)


def fouten_uit(tekst):
    """Fouten stored as JSON text (`fouten_in`): a file's, a row's, a delivery's notes."""
    return [Fout(f["veld"], f["melding"], f.get("regel", ""), f.get("params", {}))
            for f in json.loads(tekst or "[]")]


def fouten_in(fouten):
    return json.dumps([{"veld": f.veld, "melding": f.melding, "regel": f.regel,
                        "params": {k: _tekst(v) for k, v in f.params.items()}}
                       for f in fouten]) if fouten else None


def _tekst(waarde):
    if isinstance(waarde, datetime.date):
        return waarde.strftime("%d-%m-%Y")
    return waarde if isinstance(waarde, (int, float, str)) else str(waarde)


# ---------------------------------------------------------------- processing

class Overgenomen(Exception):
    """Another worker took the file over (this one's claim expired)."""


def neem(bestand_id, claim=CLAIM):
    """Claim a file to process: one that is waiting, or whose worker stopped renewing its
    claim. Returns (Bestand, houder) or None when another worker has it or it is done."""
    houder, nu = secrets.token_hex(8), utcnow()
    genomen = Bestand.update(houder=houder, geclaimd_tot=nu + claim,
                             status=Status.IN_VERWERKING).where(
        Bestand.id == bestand_id, Bestand.richting == Richting.VERSTUURD,
        Bestand.soort.in_(MET_REGELS),
        (Bestand.status == Status.ONTVANGEN)
        | ((Bestand.status == Status.IN_VERWERKING) & (Bestand.geclaimd_tot < nu))).execute()
    return (Bestand.get_by_id(bestand_id), houder) if genomen else None


def verleng(bestand, houder, claim=CLAIM):
    """Renew the claim, in the transaction of a batch: when another worker took the file
    over, the batch is rolled back (Overgenomen)."""
    if not Bestand.update(geclaimd_tot=utcnow() + claim).where(
            Bestand.id == bestand.id, Bestand.houder == houder,
            Bestand.status == Status.IN_VERWERKING).execute():
        raise Overgenomen()


def open_werk(claim=CLAIM):
    """Ids of files no worker has: waiting longer than `claim` (their job was lost), or
    claimed by a worker that stopped renewing. The periodic job queues them again."""
    nu, wachttijd = utcnow(), claim
    return [b.id for b in Bestand.select(Bestand.id).where(
        Bestand.richting == Richting.VERSTUURD, Bestand.soort.in_(MET_REGELS),
        ((Bestand.status == Status.ONTVANGEN) & (Bestand.tijdstip < nu - wachttijd))
        | ((Bestand.status == Status.IN_VERWERKING) & (Bestand.geclaimd_tot < nu)))
        .order_by(Bestand.id)]


def actor_van(bestand):
    """The sender as it is now (`actor_uit`)."""
    return actor_uit(bestand.actor)


def actor_uit(kenmerk):
    """The actor of `kenmerk` ("gebruiker:12", "certificaat:<sha256>") as it is now: a user
    that is still active, or a certificate that is still valid. None: it may no longer
    act, and its file or request is refused (fail closed)."""
    soort, _, sleutel = kenmerk.partition(":")
    if soort == "gebruiker" and sleutel.isdigit():
        gebruiker = actief_met_organisatie(int(sleutel))
        return actor_voor(gebruiker) if gebruiker else None
    if soort == "certificaat":
        certificaat = Certificaat.get_or_none(Certificaat.vingerafdruk == sleutel)
        if certificaat and certificaat_status(certificaat) == CertificaatStatus.ACTIEF:
            return actor_voor_certificaat(certificaat)
    return None


def weiger(bestand, houder, fouten, claim=CLAIM):
    """The file as a whole cannot be processed (unreadable, or its sender may no longer
    send): geweigerd with the reasons; none of its rows is stored."""
    with database.atomic():
        verleng(bestand, houder, claim)
        Bestand.update(status=Status.GEWEIGERD, opmerkingen=fouten_in(fouten),
                       verwerkt=utcnow(), houder=None, geclaimd_tot=None).where(
            Bestand.id == bestand.id).execute()
    log.info("file %s refused: %s", bestand.id, ", ".join(f.melding[:40] for f in fouten))


def verwerk(bestand, houder, aantal, opmerkingen, regels, claim=CLAIM):
    """Process the rows of a claimed file, BATCH rows a transaction, skipping rows that
    already have a result (a run cut off before). `regels`: the rows as formats/ reads
    them (`nummer`, `invoer`, `fouten`). Every row goes through `inschrijving.registreer`,
    the form's own function. False when the sender may no longer send: the file is
    refused and none of its rows stored."""
    actor = actor_van(bestand)
    if actor is None or bestand.instelling_id not in {i.id for i in instellingen(actor)}:
        weiger(bestand, houder, [Fout("bestand", N_(
            "De afzender mag geen bestanden meer versturen voor deze instellingscode. "
            "Het bestand is niet verwerkt."), "R-AVG-03")], claim)
        return False
    zet_aantal(bestand, houder, aantal, claim, opmerkingen)
    klaar = klare_regels(bestand)
    grens = min(claim.total_seconds() / 3, BATCH_SECONDEN)
    grootte, open_regels, volgende = BATCH, (r for r in regels if r.nummer not in klaar), None
    while True:
        partij, volgende = _volgende_partij(open_regels, grootte, volgende)
        if not partij:
            return True
        duur = _partij(actor, bestand, houder, partij, claim)
        # A batch must commit well inside the claim renewed at its start, and within
        # BATCH_SECONDEN: a slow database makes the next batches smaller, never lets another
        # consumer take over mid-way.
        grootte = (max(1, int(len(partij) * grens / 2 / duur)) if duur > grens / 2
                   else min(BATCH, grootte * 2))


def klare_regels(bestand):
    """The numbers of the rows of a file that have a result: a run cut off before did
    them, and the next skips them."""
    return {r for (r,) in Bestandsregel.select(Bestandsregel.regel)
            .where(Bestandsregel.bestand == bestand.id).tuples()}


def zet_aantal(bestand, houder, aantal, claim=CLAIM, opmerkingen=()):
    """A claimed file's number of rows (its progress bar's end) and its notes."""
    with database.atomic():
        verleng(bestand, houder, claim)
        Bestand.update(aantal_regels=aantal, opmerkingen=fouten_in(opmerkingen)).where(
            Bestand.id == bestand.id).execute()


def _volgende_partij(regels, grootte, eerste):
    """The next batch of at most `grootte` rows (`eerste`, a row left over, then from
    `regels`), and the row left over for the next. A batch ends before a row about a pupil
    it already has (the same number, or the same name and geboortedatum), so that row is
    checked against what the batch stored: the same row twice in a file stores once."""
    partij: list = []
    gezien = set()
    for regel in itertools.chain([eerste] if eerste else [], regels):
        sleutel = _pupil(regel.invoer)
        if sleutel is not None and sleutel in gezien:
            return partij, regel
        partij.append(regel)
        gezien.add(sleutel)
        if len(partij) >= grootte:
            break
    return partij, None


def _pupil(invoer):
    """Who a row is about: its number, or without one (achternaam, voornamen,
    geboortedatum); None when it gives no number."""
    persoon = invoer.persoon
    if persoon.variant == "met":
        return inschrijvingen.nummer_van(persoon) or None
    return (persoon.achternaam.strip(), persoon.voornamen.strip(), persoon.geboortedatum)


def _partij(actor, bestand, houder, partij, claim):
    """One transaction: the rows of `partij` with their results and the file's progress.
    Returns how long it took."""
    begin = time.monotonic()
    with database.atomic():
        verleng(bestand, houder, claim)
        # One batch of an instelling at a time (PostgreSQL; SQLite's transactions take
        # the write lock anyway): the same file sent twice and processed by two consumers
        # at once would otherwise store a pupil without a number twice, as neither batch
        # sees the other's rows before it commits.
        list(vergrendel(Instelling.select(Instelling.id)
                        .where(Instelling.id == bestand.instelling_id)))
        uitkomsten = _regels(actor, bestand, [regel.invoer for regel in partij],
                             [regel.fouten for regel in partij])
        uitkomsten = [_met_resultaat(actor, regel, uitkomst)
                      for regel, uitkomst in zip(partij, uitkomsten, strict=True)]
        voeg_toe([Bestandsregel(bestand=bestand.id, regel=regel.nummer, uitkomst=uitkomst,
                                fouten=fouten_in(fouten), inschrijving=inschrijving,
                                leerling=_leerling(regel.invoer.persoon))
                  for regel, (uitkomst, fouten, inschrijving) in zip(partij, uitkomsten,
                                                                     strict=True)],
                 "regel")
        fout = sum(uitkomst == Uitkomst.FOUT for uitkomst, _, _ in uitkomsten)
        Bestand.update(regels_klaar=Bestand.regels_klaar + len(partij),
                       regels_fout=Bestand.regels_fout + fout).where(
            Bestand.id == bestand.id).execute()
    return time.monotonic() - begin


def _met_resultaat(actor, regel, uitkomst):
    """A row's diploma (its optional result columns), registered for the pupil of the
    row's inschrijving once that is stored or found. A result the checks refuse keeps the
    row's inschrijving and adds the reason to the row (seed 003, Resultaten)."""
    soort, fouten, inschrijving_id = uitkomst
    if regel.resultaat is None or soort == Uitkomst.FOUT:
        return uitkomst
    geweigerd = resultaten.registreer_bij_inschrijving(actor, inschrijving_id, regel.resultaat)
    return soort, fouten + geweigerd, inschrijving_id


def _leerling(persoon):
    """The pupil as the row names it: "Sam de Vries", else the number it gives."""
    naam = inschrijvingen.naam_uit(*(x.strip() for x in (
        persoon.voornamen, persoon.voorvoegsels, persoon.achternaam)))
    return (naam or persoon.bsn or persoon.onderwijsnummer)[:200]


def _regels(actor, bestand, invoeren, leesfouten):
    """(Uitkomst, Fouten, inschrijving id) of each row: the new ones through
    `inschrijving.registreer_veel`, the form's own checks; a refused row stores nothing."""
    uitkomsten: list[tuple | None] = [None] * len(invoeren)
    onleesbaar = [i for i, fouten in enumerate(leesfouten) if fouten]
    # As the form does: with what could not be read, every other field's problems,
    # checked without looking anyone up (R-AVG-04), so one round fixes the row.
    getypt_per_regel = inschrijvingen.controleer_getypt(
        [invoeren[i] for i in onleesbaar], actor) if onleesbaar else []
    for i, getypt in zip(onleesbaar, getypt_per_regel, strict=True):
        velden = {f.veld for f in leesfouten[i]}
        uitkomsten[i] = (Uitkomst.FOUT, leesfouten[i] + [f for f in getypt
                                                         if f.veld not in velden], None)
    te_zoeken = []
    for i, invoer in enumerate(invoeren):
        if uitkomsten[i] is not None:
            continue
        if invoer.instellingscode != bestand.instelling.code:
            uitkomsten[i] = (Uitkomst.FOUT, [Fout("instellingscode", N_(
                "De instellingscode in deze regel (%(code)s) is niet de instellingscode "
                "waarvoor het bestand is verstuurd (%(gekozen)s)."), "R-INS-01",
                {"code": invoer.instellingscode, "gekozen": bestand.instelling.code})], None)
        else:
            te_zoeken.append(i)
    bestaande = _zelfde_inschrijvingen([invoeren[i] for i in te_zoeken], bestand.instelling_id)
    nieuw = []
    for i, bestaand in zip(te_zoeken, bestaande, strict=True):
        if bestaand is None:
            nieuw.append(i)
        else:
            uitkomsten[i] = _opnieuw(actor, invoeren[i], bestaand)
    resultaten = inschrijvingen.registreer_veel([invoeren[i] for i in nieuw], actor)
    for i, resultaat in zip(nieuw, resultaten, strict=True):
        uitkomsten[i] = ((Uitkomst.FOUT, resultaat.fouten, None)
                         if isinstance(resultaat, Ongeldig)
                         else (Uitkomst.OPGESLAGEN, [], resultaat.inschrijving.id))
    return uitkomsten


def _opnieuw(actor, invoer, bestaand):
    """A row the register already has: unchanged, or its datum uitschrijving given now."""
    eind = invoer.datum_uitschrijving
    if eind is None or eind == bestaand.datum_uitschrijving:
        return Uitkomst.ONGEWIJZIGD, [], bestaand.id
    try:
        with database.atomic():
            inschrijvingen.wijzig_datums(actor, bestaand.id, bestaand.datum_inschrijving, eind)
    except Ongeldig as exc:
        return Uitkomst.FOUT, exc.fouten, None
    return Uitkomst.GEWIJZIGD, [], bestaand.id


def _zelfde_inschrijvingen(invoeren, instelling_id):
    """Per invoer the inschrijving it already is, or None: the same person (by number, or
    without one by name and geboortedatum) at the same instelling from the same date.
    Sending a file again changes nothing. Three queries for all of them."""
    sleutels = [_zelfde_sleutel(invoer) for invoer in invoeren]
    gevonden: dict[tuple, Inschrijving] = {}
    for inschrijving in _zelfde_met([s for s in sleutels if s and len(s) == 2], instelling_id):
        p, datum = inschrijving.persoon, inschrijving.datum_inschrijving
        gevonden.setdefault((p.bsn, datum), inschrijving)
        gevonden.setdefault((p.onderwijsnummer, datum), inschrijving)
    zonder = [s for s in sleutels if s and len(s) == 4]
    kandidaten = list(_zelfde_zonder(zonder, instelling_id)) if zonder else []
    # The persons after the inschrijvingen, by id: joined, PostgreSQL with statistics of a
    # smaller register read every person without a BSN for each batch.
    personen = {p.id: p for p in Persoon.select().where(
        Persoon.id.in_(sorted({k.persoon_id for k in kandidaten})),
        fn.COALESCE(Persoon.bsn, "") == "")} if kandidaten else {}
    for inschrijving in kandidaten:
        if (p := personen.get(inschrijving.persoon_id)) is not None:
            gevonden.setdefault((p.achternaam, p.voornamen or "", p.geboortedatum,
                                 inschrijving.datum_inschrijving), inschrijving)
    return [gevonden.get(sleutel) if sleutel else None for sleutel in sleutels]


def _zelfde_sleutel(invoer):
    """What finds a row's inschrijving: (number, datum) or (achternaam, voornamen,
    geboortedatum, datum); None when the row does not tell."""
    pupil = _pupil(invoer)
    if invoer.datum_inschrijving is None or pupil is None:
        return None
    if invoer.persoon.variant == "met":
        return pupil, invoer.datum_inschrijving
    achternaam, voornamen, geboren = pupil
    if geboren is None or not achternaam:
        return None
    return achternaam, voornamen, geboren.eerste_dag, invoer.datum_inschrijving


def _zelfde_met(sleutels, instelling_id):
    if not sleutels:
        return []
    nummers_ = sorted({nummer for nummer, _ in sleutels})
    return (Inschrijving.select(Inschrijving, Persoon).join(Persoon)
            .where((Inschrijving.instelling == instelling_id)
                   & Inschrijving.datum_inschrijving.in_(sorted({d for _, d in sleutels}))
                   & (Persoon.bsn.in_(nummers_) | Persoon.onderwijsnummer.in_(nummers_))))


def _zelfde_zonder(sleutels, instelling_id):
    """The school's inschrijvingen with the name and date of a row without a number, each
    pair looked up in the school's (instelling, sorteernaam, datum_inschrijving) index: not
    every name with every date, nor every pupil of a name (a batch's 500 names matched a
    tenth of a large school). The pairs as a table of their own (a VALUES list), which
    both engines join pair by pair through the index; neither used the index for a row
    value IN, and an OR of 500 pairs took PostgreSQL longer to plan than to run."""
    paar = ValuesList(sorted({
        (inschrijvingen.namen(Persoon(achternaam=s[0]))["sorteernaam"], s[3])
        for s in sleutels})).cte("paar", columns=("naam", "datum"))
    return (Inschrijving.select(Inschrijving).from_(paar)
            .join(Inschrijving, on=((Inschrijving.instelling == instelling_id)
                                    & (Inschrijving.sorteernaam == paar.c.naam)
                                    & (Inschrijving.datum_inschrijving == paar.c.datum)))
            .with_cte(paar))


def rond_af(bestand, houder, verslag_naam=None, verslag=None, claim=CLAIM):
    """The file is done: verwerkt, or verwerkt met fouten when a row was refused; its
    verwerkingsverslag (built by the caller in the sender's language) is returned to the
    organisation in the same transaction."""
    tel = telling(bestand)
    status = Status.MET_FOUTEN if tel.get(Uitkomst.FOUT) else Status.VERWERKT
    with database.atomic():
        verleng(bestand, houder, claim)
        Bestand.update(status=status, verwerkt=utcnow(), houder=None, geclaimd_tot=None).where(
            Bestand.id == bestand.id).execute()
        if verslag is not None:
            nieuw_bestand(
                verslag, organisatie=bestand.organisatie_id, instelling=bestand.instelling_id,
                richting=Richting.RETOUR, soort=Soort.VERSLAG, status=Status.NIEUW,
                naam=verslag_naam, actor="systeem:verwerking", afzender="Open Register",
                taal=bestand.taal, bron=bestand.id)
    log.info("file %s processed: %s", bestand.id, {str(k): v for k, v in tel.items()})
    return status


def verslag_van(bestand):
    """The verwerkingsverslag returned for a sent file (a koppeling file: the latest of its
    answered files), or None (not done yet)."""
    return (Bestand.select().where(Bestand.bron == bestand.id,
                                   Bestand.soort.in_((Soort.VERSLAG, Soort.KOPPELING)))
            .order_by(Bestand.id.desc()).first())


# ---------------------------------------------------------------- registratieoverzicht

# Its columns, by the names of the enrolment file's fields: a school can correct the
# overview and send it back as an enrolment file.
OVERZICHT_VELDEN = ("instellingscode", "bsn", "onderwijsnummer", "achternaam", "voorvoegsels",
                    "voornamen", "geboortedatum", "geslacht", "datum_inschrijving",
                    "datum_uitschrijving")
OVERZICHT_PARTIJ = 1000  # rows read (and logged) at a time: memory stays the same


def registratieoverzicht(actor, instellingscode):
    """The registratieoverzicht of one of the actor's instellingscodes (R-AVG-03): every
    inschrijving with its person, in name order, as tuples of OVERZICHT_VELDEN. A
    generator that reads OVERZICHT_PARTIJ rows at a time after the last one it gave
    (keyset), so 20,000 pupils never sit in memory at once; each part's persons are
    logged as read (R-AVG-02)."""
    instelling = next((i for i in instellingen(actor) if i.code == instellingscode), None)
    if instelling is None:
        raise GeenToegang()
    return _registratieoverzicht(actor, instelling)


def _overzicht_deel(na, waarde):
    """The next part of the registratieoverzicht: from the start, or after the row `na`
    (sorteernaam, persoon, id), in the school's (instelling, sorteernaam …) index order."""
    query = (Inschrijving
             .select(Inschrijving.sorteernaam, Inschrijving.persoon, Inschrijving.id,
                     Persoon.bsn, Persoon.onderwijsnummer, Persoon.achternaam,
                     Persoon.voorvoegsels, Persoon.voornamen, Persoon.geboortedatum,
                     Persoon.geboortedatum_precisie, Persoon.geslacht,
                     Inschrijving.datum_inschrijving, Inschrijving.datum_uitschrijving)
             .join(Persoon).where(Inschrijving.instelling == waarde("instelling")))
    if na:
        query = query.where(Tuple(Inschrijving.sorteernaam, Inschrijving.persoon,
                                  Inschrijving.id)
                            > Tuple(waarde("sorteernaam"), waarde("persoon"), waarde("id")))
    return (query.order_by(Inschrijving.sorteernaam, Inschrijving.persoon, Inschrijving.id)
            .limit(waarde("limit")).tuples())


_OVERZICHT_DEEL = Sjabloon(_overzicht_deel)


def _registratieoverzicht(actor, instelling):
    na: tuple = ()
    while True:
        # The driver's rows: the ORM's conversion of each value took a third of a
        # 20,000-row download.
        rijen = _OVERZICHT_DEEL.rijen(bool(na), instelling=instelling.id,
                                      limit=OVERZICHT_PARTIJ,
                                      **dict(zip(("sorteernaam", "persoon", "id"), na,
                                                 strict=False)))
        if not rijen:
            return
        inzage.log(actor, "registratieoverzicht", [r[1] for r in rijen])
        for (_s, _p, _i, bsn, onderwijsnummer, achternaam, voorvoegsels, voornamen,
             geboren, precisie, geslacht, begin, eind) in rijen:
            # Dates as the driver gives them (SQLite: text) as dates, inline: 60,000 a file.
            if geboren.__class__ is str:
                geboren = datetime.date.fromisoformat(geboren)
            yield (instelling.code, bsn, onderwijsnummer, achternaam, voorvoegsels, voornamen,
                   geboren if precisie == "D" else DeelDatum.uit_opslag(geboren, precisie),
                   geslacht,
                   datetime.date.fromisoformat(begin) if begin.__class__ is str else begin,
                   datetime.date.fromisoformat(eind) if eind.__class__ is str else eind)
        na = rijen[-1][:3]
        if len(rijen) < OVERZICHT_PARTIJ:
            return


def verlopen(vandaag=None):
    """The ids of the files past their retention (BEWAARTERMIJN) and of what was made of
    them (a sent file's verslag)."""
    vandaag = vandaag or datetime.date.today()
    ids = [b.id for b in Bestand.select(Bestand.id).where(
        Bestand.bewaren_tot < vandaag,
        Bestand.status.not_in([Status.ONTVANGEN, Status.IN_VERWERKING]))]
    return sorted(set(ids) | {b.id for b in Bestand.select(Bestand.id).where(
        Bestand.bron.in_(ids))}) if ids else []


def ruim_op(vandaag=None):
    """Remove files past their retention, with their rows' results and a sent file's
    verslag; returns how many files went."""
    with database.atomic():
        weg = verlopen(vandaag)
        if weg:
            Bestand.delete().where(Bestand.id.in_(weg)).execute()
    return len(weg)
