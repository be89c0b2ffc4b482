"""Gegevensleveringen (seed 003): the C-levering (everyone of an area at a peildatum,
R-LEV-02), the A-levering (persons asked for by number, R-LEV-03) and the weekly
P-levering (the changes, R-LEV-01), for the role Behandelaar RMC of a gemeente or a
Doorstroompunt-regio. The original takes up to 5 working days; here a request is a job that
takes seconds, and its progress shows on the page.

A delivery is a `Levering` row; the job that makes it claims it (like a sent file), reads
the register in one streamed query into a temporary file, and returns that file to the
organisation (Bestanden ophalen) with a mail, in one transaction: a job cut off leaves the
claim to expire and the next one makes it whole, never twice. What a row holds is in
formats/leveringen.py."""
import base64
import datetime
import enum
import functools
import json
import logging
import secrets
from array import array
from dataclasses import dataclass

from peewee import JOIN, SQL, Case, fn

from models import (
    Aanmelding,
    Bestand,
    BrpPersoon,
    Gemeente,
    Inschrijving,
    Instelling,
    Levering,
    Mutatie,
    Onderwijslocatie,
    Persoon,
    Regio,
    Resultaat,
    Vrijstelling,
    database,
    leesbaar,
    positie,
    stroom,
    utcnow,
    vergrendel,
)

from . import aanmelding, berichten, inzage, nummers
from .actor import Actor
from .bestanden import (
    Richting,
    actor_uit,
    afzender_van,
    fouten_in,
    fouten_uit,
    gebruiker_van,
    nieuw_bestand,
    nieuw_retourbestand,
)
from .bestanden import Soort as Bestandssoort
from .bestanden import Status as Bestandsstatus
from .datums import NEDERLAND, geboren_uiterlijk, verjaardag
from .fouten import N_, Fout, GeenToegang, Ongeldig
from .resultaat import VSV_LEEFTIJD, vsv_voorwaarde

log = logging.getLogger(__name__)

ROL = aanmelding.ROL
MINIMUM_LEEFTIJD = 4  # seed 003: 4 jaar of ouder
# A job that stops renewing loses the delivery. The claim is renewed when the rows are
# written, not while they are read: it is far above the largest delivery's time (a
# gemeente of 150,000 persons: seconds, docs/benchmarks.md).
CLAIM = datetime.timedelta(minutes=10)
PER_KEER = 1000  # persons of an A-levering read at a time


class Soort(enum.StrEnum):
    P = "P"  # periodiek: the week's changes (R-LEV-01)
    C = "C"  # op Doorstroompunt- of gemeentecode, at a peildatum (R-LEV-02)
    A = "A"  # op persoonsgebonden nummer (R-LEV-03)


SOORTEN = {
    Soort.P: N_("P-levering"),
    Soort.C: N_("C-levering"),
    Soort.A: N_("A-levering"),
}


class Gebied(enum.StrEnum):
    REGIO = "R"
    GEMEENTE = "G"


class Status(enum.StrEnum):
    AANGEVRAAGD = "aangevraagd"
    IN_AANMAAK = "in aanmaak"
    KLAAR = "klaar"
    GEWEIGERD = "geweigerd"  # the one who asked may no longer ask (fail closed)


STATUSSEN = {
    Status.AANGEVRAAGD: N_("Aangevraagd"),
    Status.IN_AANMAAK: N_("In aanmaak"),
    Status.KLAAR: N_("Klaar"),
    Status.GEWEIGERD: N_("Geweigerd"),
}
KLAAR = (Status.KLAAR, Status.GEWEIGERD)

NIET_IN_GEBIED = N_("Niet gevonden in uw gemeente of regio")
GEEN_NUMMER = N_("Geen geldig bsn of onderwijsnummer")
NIET_UW_CODE = {
    Gebied.GEMEENTE: N_("U hebt de rol Behandelaar RMC niet met gemeentecode %(code)s. Gebruik "
                        "een gemeentecode die aan uw rol is gekoppeld (%(codes)s), of vraag uw "
                        "beheerder de code aan uw rol te koppelen."),
    Gebied.REGIO: N_("U hebt de rol Behandelaar RMC niet met Doorstroompunt-code %(code)s. "
                     "Gebruik een Doorstroompunt-code die aan uw rol is gekoppeld (%(codes)s), "
                     "of vraag uw beheerder de code aan uw rol te koppelen."),
}
GEEN_CODES = "–"  # the list of the user's codes when it has none
GEBIED_NAMEN = {Gebied.GEMEENTE: N_("gemeentecode"), Gebied.REGIO: N_("Doorstroompunt-code")}


# ---------------------------------------------------------------- asking

def codes_van(actor):
    """{Gebied: sorted codes} the actor may ask deliveries for: the kenmerken of its role
    Behandelaar RMC (seed 003)."""
    if not actor.heeft_rol(ROL):
        return {}
    gemeentecodes, regiocodes = aanmelding.codes_van(actor)
    return {Gebied.GEMEENTE: gemeentecodes, Gebied.REGIO: regiocodes}


def gebied_van(actor, gebied, code, veld="bestand"):
    """The Gemeente or Regio of `code`, when it is one of the actor's (R-LEV-03); Ongeldig
    saying which codes are, otherwise."""
    codes = codes_van(actor)
    if not codes:
        raise GeenToegang()
    gebied = Gebied(gebied)
    if code in codes[gebied]:
        model = Gemeente if gebied == Gebied.GEMEENTE else Regio
        gevonden = model.get_or_none(model.code == code)
        if gevonden is not None:
            return gevonden
    eigen = ", ".join(codes[gebied]) or GEEN_CODES
    raise Ongeldig([Fout(veld, NIET_UW_CODE[gebied], "R-LEV-03",
                         {"code": code, "codes": eigen})])


@dataclass(frozen=True)
class Aanvraag:
    """What is asked for, however it came (a request file, the button, the API)."""

    soort: Soort
    gebied: Gebied
    code: str
    peildatum: datetime.date
    nummers: tuple[str, ...] = ()
    opmerkingen: tuple[Fout, ...] = ()
    ongeldig: tuple[str, ...] = ()  # lines of an A-request that are no number: said in the file


# The bestandssoort a request file is sent as in Bestanden versturen (seed 003).
BESTANDSSOORTEN = {Soort.C: Bestandssoort.C_ROUTE, Soort.A: Bestandssoort.AANLEVERING_RMC}
ANDERE_SOORT = N_("Een bestand dat eindigt op C.txt verstuurt u als bestandssoort C-route, een "
                  "bestand dat eindigt op A.txt als Aanlevering RMC. Kies de bestandssoort die "
                  "bij uw bestand past.")


def vraag_aan(actor, aanvraag, verzoekbestand=None, bestandssoort=None, taal="nl",
              veld="bestand"):
    """Ask for a C- or A-levering; returns the Levering, for the job to make (`plan`).
    `verzoekbestand`: (name, bytes) of the request file it came in, sent as
    `bestandssoort`, kept as a sent file (Overzicht verstuurde bestanden). Raises Ongeldig
    with every problem at once, and nothing is stored, when the code is not the actor's or
    the file was sent as the other soort."""
    if aanvraag.soort not in (Soort.C, Soort.A):
        raise ValueError(aanvraag.soort)
    fouten = []
    if verzoekbestand is not None and bestandssoort != BESTANDSSOORTEN[aanvraag.soort]:
        fouten.append(Fout("bestandssoort", ANDERE_SOORT, "R-LEV-03"))
    try:
        gebied = gebied_van(actor, aanvraag.gebied, aanvraag.code, veld)
    except Ongeldig as exc:
        raise Ongeldig(fouten + exc.fouten) from None
    if fouten:
        raise Ongeldig(fouten)
    if aanvraag.peildatum > datetime.date.today():
        raise Ongeldig([Fout("peildatum", N_("De peildatum ligt in de toekomst. Kies vandaag "
                                             "of een eerdere datum."), "R-LEV-03")])
    with database.atomic():
        verzoek = None
        if verzoekbestand is not None:
            naam, inhoud = verzoekbestand
            verzoek = nieuw_bestand(
                inhoud, organisatie=actor.organisatie_id, richting=Richting.VERSTUURD,
                soort=BESTANDSSOORTEN[aanvraag.soort],
                status=Bestandsstatus.ONTVANGEN, naam=naam, actor=actor.kenmerk,
                afzender=afzender_van(actor), taal=taal)
        return Levering.create(
            soort=aanvraag.soort, organisatie=actor.organisatie_id,
            gemeente=gebied.id if aanvraag.gebied == Gebied.GEMEENTE else None,
            regio=gebied.id if aanvraag.gebied == Gebied.REGIO else None,
            peildatum=aanvraag.peildatum, actor=actor.kenmerk, status=Status.AANGEVRAAGD,
            verzoek=verzoek, nummers=json.dumps({"nummers": aanvraag.nummers,
                                                 "ongeldig": aanvraag.ongeldig})
            if aanvraag.soort == Soort.A else None,
            opmerkingen=fouten_in(aanvraag.opmerkingen))


def opmerkingen_van(levering):
    return fouten_uit(levering.opmerkingen)


# ---------------------------------------------------------------- reading them back

def levering_van(actor, levering_id):
    """One delivery of the actor's organisation (R-AVG-03)."""
    levering = Levering.get_or_none(Levering.id == levering_id)
    if (levering is None or levering.organisatie_id != actor.organisatie_id
            or not actor.heeft_rol(ROL)):
        raise GeenToegang()
    return levering


def levering_van_verzoek(actor, bestand):
    """The delivery a sent request file asked for, or None (refused before it was one)."""
    if not actor.heeft_rol(ROL) or bestand.organisatie_id != actor.organisatie_id:
        raise GeenToegang()
    return Levering.get_or_none(Levering.verzoek == bestand.id)


def verzoek_van(levering):
    """The request file a delivery was asked for with, or None (the button, M2M, P)."""
    return Bestand.get_or_none(Bestand.id == levering.verzoek_id) if levering.verzoek_id \
        else None


def leveringen_van(actor, aantal=50):
    """The organisation's latest deliveries, newest first."""
    if not actor.heeft_rol(ROL):
        raise GeenToegang()
    return list(Levering.select().where(Levering.organisatie == actor.organisatie_id)
                .order_by(Levering.id.desc()).limit(aantal))


def gebied_code(levering):
    """("G", "0363") or ("R", "0023"): the area a delivery is about."""
    if levering.gemeente_id:
        return Gebied.GEMEENTE, Gemeente.get_by_id(levering.gemeente_id).code
    return Gebied.REGIO, Regio.get_by_id(levering.regio_id).code


# ---------------------------------------------------------------- making them

def neem(levering_id, claim=CLAIM):
    """Claim a delivery to make: asked for and waiting, or whose job stopped renewing.
    (Levering, houder), or None when another job has it or it is made."""
    houder, nu = secrets.token_hex(8), utcnow()
    genomen = Levering.update(houder=houder, geclaimd_tot=nu + claim,
                              status=Status.IN_AANMAAK).where(
        Levering.id == levering_id,
        (Levering.status == Status.AANGEVRAAGD)
        | ((Levering.status == Status.IN_AANMAAK) & (Levering.geclaimd_tot < nu))).execute()
    return (Levering.get_by_id(levering_id), houder) if genomen else None


def open_werk(claim=CLAIM):
    """Deliveries no job has: asked for longer than a minute ago (their job was lost), or
    claimed by a job that stopped renewing. The periodic round queues them again."""
    nu = utcnow()
    return [lev.id for lev in Levering.select(Levering.id).where(
        ((Levering.status == Status.AANGEVRAAGD)
         & (Levering.aangevraagd < nu - datetime.timedelta(minutes=1)))
        | ((Levering.status == Status.IN_AANMAAK) & (Levering.geclaimd_tot < nu)))
        .order_by(Levering.id)]


class Overgenomen(Exception):
    """Another job took the delivery over (this one's claim expired)."""


def rijen(levering, actor):
    """The delivery's rows in formats.leveringen's columns, read as they are written;
    the persons delivered are logged as read (R-AVG-02) once all are."""
    gelezen, brp_gelezen = array("q"), list[str]()
    if levering.soort == Soort.C:
        yield from _c_rijen(_gemeente_ids(levering), levering.peildatum, gelezen)
    elif levering.soort == Soort.A:
        gevraagd = json.loads(levering.nummers)
        yield from _a_rijen(gevraagd["nummers"], _gemeente_ids(levering), levering.peildatum,
                            gelezen)
        leeg = (None,) * _aantal_persoonskolommen()
        for tekst in gevraagd["ongeldig"]:
            yield (tekst, "N", GEEN_NUMMER, levering.peildatum.isoformat(), *leeg)
    else:
        yield from p_rijen(levering, gelezen, brp_gelezen)
    inzage.log(actor, f"{SOORTEN[Soort(levering.soort)]} {levering.id}", list(gelezen),
               brp_gelezen)


def aanvrager(levering):
    """The actor a C- or A-levering is made for, as it is now: still a Behandelaar RMC
    with the code it asked for; None otherwise (the delivery is refused, fail closed). A
    P-levering is the register's own."""
    if levering.soort == Soort.P:
        return Actor(kenmerk="systeem:levering", organisatie_id=levering.organisatie_id)
    actor = actor_uit(levering.actor)
    if actor is None or actor.organisatie_id != levering.organisatie_id:
        return None
    gebied, code = gebied_code(levering)
    return actor if code in codes_van(actor).get(gebied, ()) else None


NIET_MEER = N_("U mag deze levering niet meer ontvangen: uw rol of code is intussen "
               "gewijzigd.")


def weiger(levering, houder):
    """The one who asked may no longer: geweigerd, nothing delivered."""
    opmerkingen = [*opmerkingen_van(levering), Fout("bestand", NIET_MEER, "R-LEV-03")]
    with database.atomic():
        _verleng(levering, houder)
        Levering.update(status=Status.GEWEIGERD, klaar=utcnow(), houder=None,
                        geclaimd_tot=None, opmerkingen=fouten_in(opmerkingen)).where(
            Levering.id == levering.id).execute()
        if levering.verzoek_id:
            Bestand.update(status=Bestandsstatus.GEWEIGERD, verwerkt=utcnow()).where(
                Bestand.id == levering.verzoek_id).execute()


def _verleng(levering, houder):
    if not Levering.update(geclaimd_tot=utcnow() + CLAIM).where(
            Levering.id == levering.id, Levering.houder == houder,
            Levering.status == Status.IN_AANMAAK).execute():
        raise Overgenomen()


def rond_af(levering, houder, inhoud, naam, aantal):
    """The delivery is made: its file (`inhoud`, an open file of the rows as CSV) is returned
    to the organisation, its request file marked verwerkt, and the mails written, in one
    transaction that holds only when the claim still does."""
    with database.atomic():
        _verleng(levering, houder)
        bestand = nieuw_retourbestand(
            inhoud, organisatie=levering.organisatie_id, soort=Bestandssoort.LEVERING, naam=naam,
            actor="systeem:levering", afzender="Open Register", bron=levering.verzoek_id)
        Levering.update(status=Status.KLAAR, klaar=utcnow(), bestand=bestand, houder=None,
                        geclaimd_tot=None, aantal=aantal).where(
            Levering.id == levering.id).execute()
        if levering.verzoek_id:
            Bestand.update(status=Bestandsstatus.VERWERKT, verwerkt=utcnow()).where(
                Bestand.id == levering.verzoek_id).execute()
        for gebruiker in _ontvangers(levering):
            berichten.levering_klaar(gebruiker.email, SOORTEN[Soort(levering.soort)],
                                     levering.id)
    return bestand


def _ontvangers(levering):
    """Who is mailed: the one who asked (C, A), or the users of the sign-up (P)."""
    if levering.soort == Soort.P:
        gevonden = aanmelding.aanmelding_van(Gemeente.get_by_id(levering.gemeente_id))
        gebruikers = aanmelding.ontvangers_van(gevonden) if gevonden else []
        return [g for g in gebruikers if g.email and g.organisatie_id == levering.organisatie_id]
    gebruiker = gebruiker_van(levering.actor)
    return [gebruiker] if gebruiker else []


def _gemeente_ids(levering):
    if levering.gemeente_id:
        return [levering.gemeente_id]
    return _regio_gemeenten(levering.regio_id)


def gemeente_ids_van(gebied):
    """The ids of the gemeenten of a Gemeente or Regio (`gebied_van`): the area whose
    persons its Behandelaar RMC may see (R-AVG-03)."""
    return [gebied.id] if isinstance(gebied, Gemeente) else _regio_gemeenten(gebied.id)


def _regio_gemeenten(regio_id):
    return [g.id for g in Gemeente.select(Gemeente.id).where(Gemeente.regio == regio_id)]


# ---------------------------------------------------------------- C and A

def _ja_nee(voorwaarde):
    return Case(None, [(voorwaarde, "J")], "N")


def _personen(peildatum, waar, alleen_bekend):
    """The query of the C- and A-levering's rows after the Peildatum column: a row per
    person and inschrijving running on the peildatum (and vrijstelling running then, when
    there is one), with the startkwalificatie and VSV status (resultaat.vsv_voorwaarde).
    `alleen_bekend`: only persons enrolled, with a vrijstelling, or VSV on the peildatum
    (R-LEV-02); otherwise every person `waar` names (an A-levering)."""
    loopt = ((Inschrijving.persoon == Persoon.id) & (Inschrijving.datum_inschrijving <= peildatum)
             & (Inschrijving.datum_uitschrijving.is_null()
                | (Inschrijving.datum_uitschrijving > peildatum)))
    vrij = ((Vrijstelling.persoon == Persoon.id) & (Vrijstelling.begindatum <= peildatum)
            & (Vrijstelling.einddatum.is_null() | (Vrijstelling.einddatum >= peildatum)))
    startkwalificatie = fn.EXISTS(Resultaat.select(SQL("1")).where(
        Resultaat.persoon == Persoon.id, Resultaat.startkwalificatie == True,  # noqa: E712
        Resultaat.datum <= peildatum))
    vsv = vsv_voorwaarde(Persoon.id, Persoon.geboortedatum, peildatum)
    query = (Persoon.select(
        Persoon.id, Persoon.bsn, Persoon.onderwijsnummer, Persoon.achternaam,
        Persoon.voorvoegsels, Persoon.voornamen, Persoon.geslacht, Persoon.geboortedatum,
        Persoon.geboortedatum_precisie, Persoon.straatnaam, Persoon.huisnummer,
        Persoon.huisletter, Persoon.huisnummertoevoeging, Persoon.postcode, Persoon.plaatsnaam,
        Gemeente.code, Persoon.datum_overlijden, Instelling.code, Onderwijslocatie.code,
        Inschrijving.datum_inschrijving, Inschrijving.datum_uitschrijving, Vrijstelling.soort,
        Vrijstelling.artikel, Vrijstelling.begindatum, Vrijstelling.einddatum,
        _ja_nee(startkwalificatie), _ja_nee(vsv))
        .join(Gemeente, JOIN.LEFT_OUTER, on=Persoon.woongemeente == Gemeente.id).switch(Persoon)
        .join(Inschrijving, JOIN.LEFT_OUTER, on=loopt)
        .join(Instelling, JOIN.LEFT_OUTER, on=Inschrijving.instelling == Instelling.id)
        .join(Onderwijslocatie, JOIN.LEFT_OUTER,
              on=Inschrijving.onderwijslocatie == Onderwijslocatie.id).switch(Persoon)
        .join(Vrijstelling, JOIN.LEFT_OUTER, on=vrij)
        .where(waar))
    if alleen_bekend:
        query = query.where(Inschrijving.id.is_null(False) | Vrijstelling.id.is_null(False) | vsv)
    return query.order_by(Persoon.id, Inschrijving.id, Vrijstelling.id)


def c_query(gemeente_ids, peildatum):
    """R-LEV-02: who on the peildatum lives in the area, is 4 or older and younger than 23,
    is alive, and is enrolled or has a vrijstelling or vervangende leerplicht (or left
    school without a startkwalificatie: VSV, the status the seed promises)."""
    waar = (Persoon.woongemeente.in_(list(gemeente_ids))
            & (Persoon.geboortedatum <= geboren_uiterlijk(peildatum, MINIMUM_LEEFTIJD))
            & (Persoon.geboortedatum > geboren_uiterlijk(peildatum, VSV_LEEFTIJD))
            & (Persoon.datum_overlijden.is_null() | (Persoon.datum_overlijden > peildatum)))
    return _personen(peildatum, waar, alleen_bekend=True)


def _c_rijen(gemeente_ids, peildatum, gelezen):
    peil = peildatum.isoformat()
    vorige = None
    for persoon_id, *rest in stroom(c_query(gemeente_ids, peildatum)):
        if persoon_id != vorige:
            gelezen.append(persoon_id)
            vorige = persoon_id
        yield (peil, *rest)


def _a_rijen(gevraagd, gemeente_ids, peildatum, gelezen):
    """A line per number asked for, in the request's order: the person's rows when the
    person lives in the area, otherwise one line that says it was not delivered. Not
    found and living elsewhere read the same: an answer never tells that a person exists
    outside the requester's area (R-AVG-03, R-AVG-04)."""
    peil = peildatum.isoformat()
    leeg = (None,) * _aantal_persoonskolommen()
    for begin in range(0, len(gevraagd), PER_KEER):
        deel = gevraagd[begin:begin + PER_KEER]
        bsns = [n for n in deel if nummers.is_bsn(n)]
        owns = [n for n in deel if n not in set(bsns)]
        waar = (Persoon.woongemeente.in_(list(gemeente_ids))
                & (Persoon.bsn.in_(bsns or [""]) | Persoon.onderwijsnummer.in_(owns or [""])))
        per_nummer: dict[str, list] = {}
        for persoon_id, *rest in stroom(_personen(peildatum, waar, alleen_bekend=False)):
            bsn, onderwijsnummer = rest[0], rest[1]
            nummer = bsn if bsn in deel else onderwijsnummer
            if nummer not in per_nummer:
                gelezen.append(persoon_id)
            per_nummer.setdefault(nummer, []).append(rest)
        for nummer in deel:
            if nummer in per_nummer:
                for rest in per_nummer[nummer]:
                    yield (nummer, "J", "", peil, *rest)
            else:
                yield (nummer, "N", NIET_IN_GEBIED, peil, *leeg)


@functools.cache
def _aantal_persoonskolommen():
    """The columns `_personen` gives after the person's id: an A-levering's line of a
    number not delivered has them empty."""
    return len(_personen(datetime.date.today(), SQL("1 = 0"), False).selected_columns) - 1


# ---------------------------------------------------------------- P

# The changes a P-levering reports (seed 003, R-LEV-01), by the Mutatie that records them,
# in the seed's words; "4 jaar" and "23 jaar geworden" are computed from birth dates.
WIJZIGINGEN = {
    "overleden": "Leerling is overleden",
    "verhuisd binnen de gemeente": "Leerling is binnen de gemeente verhuisd",
    "verhuisd naar andere gemeente": "Leerling is verhuisd naar een andere gemeente",
    "inschrijving toegevoegd": "Inschrijving toegevoegd",
    "inschrijving gewijzigd": "Inschrijving gewijzigd",
    "inschrijving verwijderd": "Inschrijving verwijderd",
    "resultaat toegevoegd": "Resultaat toegevoegd",
    "resultaat gewijzigd": "Resultaat gewijzigd",
    "resultaat verwijderd": "Resultaat verwijderd",
    "startkwalificatie behaald": "Startkwalificatie behaald",
    "voldoet niet langer aan de eisen voor een startkwalificatie":
        "Leerling voldoet niet langer aan de eisen voor het behalen van een startkwalificatie",
}
VIER_JAAR = "Leerling is 4 jaar geworden"
DRIEENTWINTIG_JAAR = "Leerling is 23 jaar geworden"
VERHUISD = "verhuisd naar andere gemeente"  # also reported to the gemeente left
PERIODE = datetime.timedelta(days=7)


def vandaag():
    """Today in the Netherlands: the day a P-levering of the days up to today ends."""
    return datetime.datetime.now(NEDERLAND).date()


def peildatum_van(dag):
    """The weekly P-levering's peildatum for a run on `dag`: the Monday of its week. A
    P-levering covers the days from the previous one's peildatum up to the day before its
    own (the first of a sign-up: the week before): the Mutaties written and the birthdays
    in those days. A run for the days up to today (the demo) has tomorrow as peildatum."""
    return dag - datetime.timedelta(days=dag.weekday())


def leesbare_positie():
    """(transactie, id) of the last Mutatie a feed may read now (models.leesbaar): every
    Mutatie up to it is committed, and none will later appear before it."""
    query = Mutatie.select(Mutatie.transactie, Mutatie.id)
    leesbaar_nu = leesbaar(Mutatie.transactie)
    if leesbaar_nu is not None:
        query = query.where(leesbaar_nu)
    laatste = query.order_by(Mutatie.transactie.desc(), Mutatie.id.desc()).tuples().first()
    return laatste or (0, 0)


def plan_p_leveringen(peildatum):
    """The P-leveringen of `peildatum`: one per signed-up gemeente and receiving
    organisation (R-LEV-01), each taking up where the previous one ended (its peildatum
    and position) and reading up to what may be read now. Made once: a run cut off and
    started again finds those it made (their key), a run for a peildatum not after the
    last one makes none; the ones still to make are returned (ids), old ones included."""
    tot = leesbare_positie()
    for gevonden in aanmelding.aangemeld():
        gemeente = gevonden.gemeente
        for organisatie_id in aanmelding.organisaties(gemeente, aanmelding.Via(gevonden.via)):
            sleutel = f"P:{organisatie_id}:{gemeente.id}:{peildatum.isoformat()}"
            with database.atomic():
                # The sign-up locked: two runs at once see each other's delivery.
                list(vergrendel(Aanmelding.select(Aanmelding.id)
                                .where(Aanmelding.id == gevonden.id)))
                eerdere = Levering.select().where(
                    Levering.soort == Soort.P, Levering.organisatie == organisatie_id,
                    Levering.gemeente == gemeente.id)
                if eerdere.where(Levering.peildatum >= peildatum).exists():
                    continue
                vorige = eerdere.order_by(Levering.peildatum.desc()).first()
                (Levering.insert(
                    soort=Soort.P, organisatie=organisatie_id, gemeente=gemeente.id,
                    peildatum=peildatum,
                    vanaf=vorige.peildatum if vorige else peildatum - PERIODE,
                    van_transactie=vorige.tot_transactie if vorige else -1,
                    van_id=vorige.tot_id if vorige else 0,
                    tot_transactie=tot[0], tot_id=tot[1], actor="systeem:levering",
                    status=Status.AANGEVRAAGD, sleutel=sleutel, aangevraagd=utcnow())
                 .on_conflict_ignore().execute())
    return [lev.id for lev in Levering.select(Levering.id).where(
        Levering.soort == Soort.P, Levering.status != Status.KLAAR).order_by(Levering.id)]


def _p_mutaties(gemeente_ids):
    """The Mutaties the P-levering reports, of the persons living in the area (and those
    who moved away from it), not yet in order."""
    return (Mutatie.select(Mutatie.transactie, Mutatie.id, Mutatie.soort, Mutatie.tijdstip,
                           Mutatie.voor, Mutatie.na, *_P_PERSOON)
            .join(Persoon, on=Mutatie.persoon == Persoon.id)
            .join(Gemeente, JOIN.LEFT_OUTER, on=Persoon.woongemeente == Gemeente.id)
            .where(Mutatie.soort.in_(list(WIJZIGINGEN)),
                   Persoon.woongemeente.in_(gemeente_ids) | (Mutatie.soort == VERHUISD)))


def _positie(op, transactie_waarde, id_waarde):
    return positie(Mutatie.transactie, Mutatie.id, op, transactie_waarde, id_waarde)


def _van_levering(levering, gemeente_ids):
    """The Mutaties of one P-levering, in the order they were written: those written before
    its peildatum that were readable when it was made (position up to `tot`), less those
    the deliveries before it held: written before the previous peildatum (its `vanaf`) and
    readable then (up to its position `van`). A Mutatie committed late, after the run that
    its time belonged to, is in the next one: never skipped, never twice. The first of a
    sign-up starts at its `vanaf` (no `van`: -1). Two disjoint parts, each one index range
    (the new positions; the old ones of these days), not one OR no index serves."""
    deze = _p_mutaties(gemeente_ids).where(
        _positie("<=", levering.tot_transactie, levering.tot_id),
        Mutatie.tijdstip < _middernacht(levering.peildatum))
    dagen = Mutatie.tijdstip >= _middernacht(levering.vanaf)
    if levering.van_transactie < 0:
        return deze.where(dagen).order_by(Mutatie.transactie, Mutatie.id)
    na = deze.where(_positie(">", levering.van_transactie, levering.van_id))
    laat = deze.where(_positie("<=", levering.van_transactie, levering.van_id), dagen)
    return (na + laat).order_by(SQL("1"), SQL("2"))


def _middernacht(dag):
    """The start of `dag` in the Netherlands, as the stored moments are (UTC, naive)."""
    return (datetime.datetime.combine(dag, datetime.time(), tzinfo=NEDERLAND)
            .astimezone(datetime.UTC).replace(tzinfo=None))


_P_PERSOON = (
    Persoon.id, Persoon.woongemeente, Persoon.bsn, Persoon.onderwijsnummer,
    Persoon.achternaam, Persoon.voorvoegsels, Persoon.voornamen, Persoon.geslacht,
    Persoon.geboortedatum, Persoon.geboortedatum_precisie, Persoon.straatnaam,
    Persoon.huisnummer, Persoon.huisletter, Persoon.huisnummertoevoeging, Persoon.postcode,
    Persoon.plaatsnaam, Gemeente.code, Persoon.datum_overlijden)
_ADRES = slice(8, 14)  # straatnaam up to plaatsnaam in the person's columns
_LEEG = (None,) * 6  # the inschrijving's and the resultaat's columns


def _wijziging(rij, gemeente_ids, codes):
    """(persoon id, the row's columns from Wijziging on) of one Mutatie of `_p_mutaties`, or
    None when it is not the area's: a person who moved away is reported to the gemeente
    left, without the new address (R-AVG-03)."""
    soort, tijdstip, voor, na, persoon_id, woongemeente, *persoon = rij
    voor, na = json.loads(voor or "null"), json.loads(na or "null")
    if woongemeente not in gemeente_ids:
        if soort != VERHUISD or (voor or {}).get("woongemeente") not in gemeente_ids:
            return None
        persoon[_ADRES] = [None] * (_ADRES.stop - _ADRES.start)
    gegevens = na or voor or {}
    inschrijving = (
        (codes.get(gegevens.get("instelling")), gegevens.get("datum_inschrijving"),
         gegevens.get("datum_uitschrijving")) if soort.startswith("inschrijving")
        else _LEEG[:3])
    resultaat = (
        (gegevens.get("diploma"), gegevens.get("datum"),
         "J" if gegevens.get("startkwalificatie") else "N")
        if soort.startswith("resultaat") or "startkwalificatie" in soort else _LEEG[:3])
    return persoon_id, (WIJZIGINGEN[soort], _datum(tijdstip), *persoon, *inschrijving,
                        *resultaat)


def _instellingscodes():
    return dict(Instelling.select(Instelling.id, Instelling.code).tuples())


def verjaardagen(gemeente_ids, van, tot, gelezen, brp_gelezen):
    """Who turned 4 or 23 from `van` up to and including `tot`, living in the area, as
    rows from the Wijziging column on: computed from birth dates, never stored (R-LEV-01).
    A child who turned 4 is not in the register yet (R-INS-07): the BRP source names it."""
    def geboren(kolom, leeftijd):
        return ((kolom <= geboren_uiterlijk(tot, leeftijd))
                & (kolom > geboren_uiterlijk(van - datetime.timedelta(days=1), leeftijd)))

    for wijziging, leeftijd in ((VIER_JAAR, MINIMUM_LEEFTIJD), (DRIEENTWINTIG_JAAR, VSV_LEEFTIJD)):
        query = (Persoon.select(*_P_PERSOON)
                 .join(Gemeente, JOIN.LEFT_OUTER, on=Persoon.woongemeente == Gemeente.id)
                 .where(Persoon.woongemeente.in_(gemeente_ids),
                        geboren(Persoon.geboortedatum, leeftijd),
                        Persoon.datum_overlijden.is_null())
                 .order_by(Persoon.geboortedatum, Persoon.id))
        for persoon_id, _woongemeente, *persoon in stroom(query):
            gelezen.append(persoon_id)
            yield (wijziging, _verjaardag(persoon[6], leeftijd), *persoon, *_LEEG)
    codes_gebied = Gemeente.select(Gemeente.code).where(Gemeente.id.in_(gemeente_ids))
    in_register = Persoon.select(SQL("1")).where(Persoon.bsn == BrpPersoon.bsn)
    for rij in stroom(BrpPersoon.select(
            BrpPersoon.bsn, SQL("NULL"), BrpPersoon.geslachtsnaam, BrpPersoon.voorvoegsel,
            BrpPersoon.voornamen, BrpPersoon.geslacht, BrpPersoon.geboortedatum, SQL("'D'"),
            BrpPersoon.straatnaam, BrpPersoon.huisnummer, BrpPersoon.huisletter,
            BrpPersoon.huisnummertoevoeging, BrpPersoon.postcode, BrpPersoon.woonplaats,
            BrpPersoon.gemeentecode, BrpPersoon.datum_overlijden)
            .where(BrpPersoon.gemeentecode.in_(codes_gebied),
                   geboren(BrpPersoon.geboortedatum, MINIMUM_LEEFTIJD),
                   BrpPersoon.datum_overlijden.is_null(), ~fn.EXISTS(in_register))
            .order_by(BrpPersoon.geboortedatum, BrpPersoon.bsn)):
        brp_gelezen.append(rij[0])
        yield (VIER_JAAR, _verjaardag(rij[6], MINIMUM_LEEFTIJD), *rij, *_LEEG)


def p_rijen(levering, gelezen, brp_gelezen):
    """The P-levering's rows (formats.leveringen.P_LEVERING): the birthdays of the period,
    then the Mutaties in the order they were written."""
    gemeente_ids = _gemeente_ids(levering)
    tot = levering.peildatum - datetime.timedelta(days=1)
    periode = (levering.vanaf.isoformat(), tot.isoformat())
    for rij in verjaardagen(gemeente_ids, levering.vanaf, tot, gelezen, brp_gelezen):
        yield (*periode, *rij)
    codes = _instellingscodes()
    for _transactie, _id, *rij in stroom(_van_levering(levering, gemeente_ids)):
        gevonden = _wijziging(rij, gemeente_ids, codes)
        if gevonden is not None:
            gelezen.append(gevonden[0])
            yield (*periode, *gevonden[1])


def _verjaardag(geboortedatum, leeftijd):
    geboren = (geboortedatum if isinstance(geboortedatum, datetime.date)
               else datetime.date.fromisoformat(geboortedatum))
    return verjaardag(geboren, leeftijd).isoformat()


def _datum(tijdstip):
    """The Dutch date of a stored moment (UTC; text on SQLite)."""
    if not isinstance(tijdstip, datetime.datetime):
        tijdstip = datetime.datetime.fromisoformat(str(tijdstip))
    return tijdstip.replace(tzinfo=datetime.UTC).astimezone(NEDERLAND).date().isoformat()


# ---------------------------------------------------------------- the feed (M2M)

@dataclass(frozen=True)
class Feedpagina:
    wijzigingen: list  # rows from the Wijziging column on (formats.leveringen.P_FEED)
    volgende: str
    meer: bool


def _feed_gemeenten(actor):
    """The ids of the gemeenten of the actor's codes (aanmelding.gemeenten_van)."""
    gemeenten = aanmelding.gemeenten_van(actor)
    if not gemeenten:
        raise GeenToegang()
    return [g.id for g in gemeenten]


def feed(actor, vanaf=None, aantal=100):
    """The P-levering's Mutaties as a feed (R-LEV-01), for a package that need not wait a
    week: those of the actor's area after the cursor `vanaf`, in a stable order, a page at a
    time. A Mutatie whose transaction may still be running, or committed after one that
    is, waits for the next call (models.leesbaar), so the feed never skips one. Birthdays
    are not stored: `verjaardagen` gives them for a period."""
    gemeente_ids = _feed_gemeenten(actor)
    positie_na = _lees_cursor(vanaf) if vanaf else (-1, 0)
    query = _p_mutaties(gemeente_ids).where(_positie(">", *positie_na)).order_by(
        Mutatie.transactie, Mutatie.id)
    leesbaar_nu = leesbaar(Mutatie.transactie)
    if leesbaar_nu is not None:
        query = query.where(leesbaar_nu)
    # Rows of other areas (a move elsewhere) are read and passed over: a page may hold
    # fewer than `aantal`, never a gap.
    rijen = list(query.limit(aantal + 1).tuples())
    meer = len(rijen) > aantal
    rijen = rijen[:aantal]
    codes, gelezen, wijzigingen = _instellingscodes(), [], []
    for _transactie, _id, *rij in rijen:
        gevonden = _wijziging(rij, gemeente_ids, codes)
        if gevonden is not None:
            gelezen.append(gevonden[0])
            wijzigingen.append(gevonden[1])
    if rijen:
        positie_na = tuple(rijen[-1][:2])
    inzage.log(actor, "P-levering (feed)", gelezen)
    return Feedpagina(wijzigingen, _cursor(*positie_na), meer)


def verjaardagen_van(actor, van, tot):
    """`verjaardagen` of the actor's area: who turned 4 or 23 in the period (logged)."""
    gelezen, brp_gelezen = array("q"), list[str]()
    rijen = list(verjaardagen(_feed_gemeenten(actor), van, tot, gelezen, brp_gelezen))
    inzage.log(actor, "P-levering (verjaardagen)", list(gelezen), brp_gelezen)
    return rijen


def _cursor(transactie, id_):
    return base64.urlsafe_b64encode(f"p.{transactie}.{id_}".encode()).decode().rstrip("=")


def _lees_cursor(cursor):
    try:
        soort, transactie, id_ = base64.urlsafe_b64decode(
            cursor + "=" * (-len(cursor) % 4)).decode().split(".")
        if soort == "p" and len(transactie) <= 19 and len(id_) <= 19:
            return int(transactie), int(id_)
    except (ValueError, UnicodeDecodeError):
        pass
    raise Ongeldig([Fout("vanaf", N_("Deze cursor is niet van deze feed."))])
