"""Resultaten: the diplomas and other results a school registers for its pupils, and what
the leveringen derive from them (seed 003): whether a person has a startkwalificatie, and
whether a person is a voortijdig schoolverlater (VSV) at a peildatum. Each rule once, here.

A result writes the Mutaties the P-levering reports (R-LEV-01): "resultaat toegevoegd",
and "startkwalificatie behaald" when it is the person's first startkwalificatie."""
import datetime
from dataclasses import dataclass

from peewee import SQL, fn

from models import Inschrijving, Persoon, Resultaat, database, werk_bij

from . import inschrijving, inzage, mutaties, nummers
from .datums import geboren_uiterlijk
from .fouten import N_, Conflict, Fout, GeenToegang, Ongeldig

VSV_LEEFTIJD = 23  # a VSV is younger than this (seed 003)
AL_GEREGISTREERD = N_("Dit resultaat is al geregistreerd.")
LENGTE_DIPLOMA = 200


@dataclass
class ResultaatInvoer:
    instellingscode: str = ""
    pgn: str = ""  # the pupil's bsn or onderwijsnummer
    datum: datetime.date | None = None
    diploma: str = ""  # the diploma or result, as the school names it
    startkwalificatie: bool = False


def registreer(actor, invoer, vandaag=None):
    """Store a result of one of the actor's own pupils (R-AVG-03): a pupil enrolled at
    that instelling, on or after the first day of that enrolment, not in the future, not
    twice. Raises Ongeldig with every problem; GeenToegang for an actor without
    instellingen (not a school)."""
    fouten, instelling = _controleer(actor, invoer, vandaag or datetime.date.today())
    with database.atomic():
        persoon = _leerling(invoer.pgn, instelling, fouten) if instelling else None
        if persoon is not None and invoer.datum is not None:
            _controleer_datum(persoon, instelling, invoer, fouten)
        if fouten:
            raise Ongeldig(fouten)
        assert persoon is not None  # each way to None above adds a Fout
        return _bewaar(actor, persoon, instelling, invoer)


def _bewaar(actor, persoon, instelling, invoer):
    """Store a checked result of a locked person, with the Mutaties of the P-levering."""
    had_startkwalificatie = heeft_startkwalificatie(persoon.id)
    resultaat = Resultaat.create(persoon=persoon, instelling=instelling, datum=invoer.datum,
                                 diploma=invoer.diploma.strip(),
                                 startkwalificatie=invoer.startkwalificatie)
    na = mutaties.momentopname(resultaat)
    mutaties.schrijf(actor, "resultaat", resultaat, "resultaat toegevoegd", na=na,
                     persoon=persoon)
    if resultaat.startkwalificatie and not had_startkwalificatie:
        mutaties.schrijf(actor, "resultaat", resultaat, "startkwalificatie behaald",
                         na=na, persoon=persoon)
    return resultaat


def registreer_bij_inschrijving(actor, inschrijving_id, invoer, vandaag=None):
    """A result sent in a row of an enrolment file (Bestandsuitwisseling), for the pupil
    of the row's inschrijving, stored or found in the same transaction: the same result
    again changes nothing (a file sent twice), else the checks of `registreer`. Returns
    the Fouten that kept it out (the row's inschrijving stays)."""
    inschrijving_rij = Inschrijving.get_by_id(inschrijving_id)
    instelling = inschrijving_rij.instelling
    inschrijving.vergrendel_personen(Persoon.id == inschrijving_rij.persoon_id)
    persoon = Persoon.get_by_id(inschrijving_rij.persoon_id)
    invoer = ResultaatInvoer(instelling.code, persoon.bsn or persoon.onderwijsnummer,
                             invoer.datum, invoer.diploma, invoer.startkwalificatie)
    fouten, _ = _controleer(actor, invoer, vandaag or datetime.date.today())
    if not fouten:
        _controleer_datum(persoon, instelling, invoer, fouten)
    if [f.melding for f in fouten] == [AL_GEREGISTREERD]:
        return []
    if fouten:
        return fouten
    _bewaar(actor, persoon, instelling, invoer)
    return []


def controleer(actor, invoer, vandaag=None):
    """What is wrong with `invoer` as typed, without looking anyone up (R-AVG-04): the
    page shows it beside a date it could not read, so every problem shows at once."""
    return _controleer(actor, invoer, vandaag or datetime.date.today())[0]


def _controleer(actor, invoer, vandaag):
    """(Fouten, the instelling when it is the actor's)."""
    eigen = inschrijving.instellingen_van(actor)
    if not eigen:
        raise GeenToegang()
    fouten: list[Fout] = []
    instelling = inschrijving.eigen_instelling(invoer.instellingscode,
                                               {i.code: i for i in eigen}, fouten)
    if not nummers.schoon(invoer.pgn):
        fouten.append(Fout("pgn", N_("Vul een bsn of een onderwijsnummer in."), "R-INS-04"))
    if invoer.datum is None:
        fouten.append(Fout("datum", N_("Vul de datum van het resultaat in.")))
    elif invoer.datum > vandaag:
        fouten.append(Fout("datum", N_("De datum van het resultaat ligt in de toekomst.")))
    diploma = (invoer.diploma or "").strip()
    if not diploma:
        fouten.append(Fout("diploma", N_("Vul het diploma of resultaat in.")))
    elif len(diploma) > LENGTE_DIPLOMA:
        fouten.append(Fout("diploma", N_("Het diploma of resultaat is hoogstens %(aantal)s "
                                         "tekens."), params={"aantal": LENGTE_DIPLOMA}))
    return fouten, instelling


def _leerling(pgn, instelling, fouten):
    """The person `pgn` names, locked until commit (a second result at the same moment
    sees this one), when enrolled at `instelling` now or before: a school registers
    results of its own pupils only (R-AVG-03), and says nothing about anyone else."""
    nummer = nummers.schoon(pgn)
    if not nummer:
        return None
    ids = inschrijving.vergrendel_personen(
        (Persoon.bsn == nummer) | (Persoon.onderwijsnummer == nummer))
    persoon = (Persoon.select().join(Inschrijving)
               .where(Persoon.id.in_(sorted(ids)), Inschrijving.instelling == instelling)
               .first()) if ids else None
    if persoon is None:
        fouten.append(Fout("pgn", N_("Met dit nummer staat geen leerling bij deze instelling "
                                     "ingeschreven."), "R-AVG-03"))
    return persoon


def _controleer_datum(persoon, instelling, invoer, fouten, anders_dan=None):
    begin = (Inschrijving.select(Inschrijving.datum_inschrijving)
             .where(Inschrijving.persoon == persoon, Inschrijving.instelling == instelling)
             .order_by(Inschrijving.datum_inschrijving).scalar())
    if invoer.datum < begin:
        fouten.append(Fout("datum", N_("De datum van het resultaat ligt voor de eerste "
                                       "inschrijving bij deze instelling (%(datum)s)."),
                           params={"datum": begin}))
    elif Resultaat.select().where(
            Resultaat.persoon == persoon, Resultaat.instelling == instelling,
            Resultaat.datum == invoer.datum, Resultaat.diploma == invoer.diploma.strip(),
            Resultaat.id != (anders_dan or 0)).exists():
        fouten.append(Fout("diploma", AL_GEREGISTREERD))


GEWIJZIGD = N_("Het resultaat is intussen gewijzigd of verwijderd. Bekijk het opnieuw en voer "
               "uw wijziging opnieuw in.")


def resultaat_van(actor, resultaat_id):
    """One result of the actor's instellingen (R-AVG-03), read logged; GeenToegang for
    another's or one that is not there, alike."""
    eigen = {i.id for i in inschrijving.instellingen_van(actor)}
    gevonden = Resultaat.get_or_none(Resultaat.id == resultaat_id)
    if gevonden is None or gevonden.instelling_id not in eigen:
        raise GeenToegang()
    inzage.log(actor, "resultaat inzien", [gevonden.persoon_id])
    return gevonden


def wijzig(actor, resultaat_id, versie, invoer, vandaag=None):
    """Correct a result's diploma, datum or startkwalificatie from the version read
    (`versie`): "resultaat gewijzigd", and "startkwalificatie behaald" or "voldoet niet
    langer aan de eisen voor een startkwalificatie" when the change gives the person its
    first or takes its last (R-LEV-01). The pupil and the instelling stay. Ongeldig with
    every problem; Conflict when someone changed or removed it since."""
    with database.atomic():
        gevonden = resultaat_van(actor, resultaat_id)
        inschrijving.vergrendel_personen(Persoon.id == gevonden.persoon_id)
        persoon = Persoon.get_by_id(gevonden.persoon_id)
        invoer = ResultaatInvoer(gevonden.instelling.code, persoon.bsn or persoon.onderwijsnummer,
                                 invoer.datum, invoer.diploma, invoer.startkwalificatie)
        fouten, instelling = _controleer(actor, invoer, vandaag or datetime.date.today())
        if not fouten:
            _controleer_datum(persoon, instelling, invoer, fouten, anders_dan=gevonden.id)
        if fouten:
            raise Ongeldig(fouten)
        had = heeft_startkwalificatie(persoon.id)
        voor = mutaties.momentopname(gevonden)
        if gevonden.versie != versie or not werk_bij(
                gevonden, datum=invoer.datum, diploma=invoer.diploma.strip(),
                startkwalificatie=invoer.startkwalificatie):
            raise Conflict([Fout("", GEWIJZIGD)])
        na = mutaties.momentopname(gevonden)
        mutaties.schrijf(actor, "resultaat", gevonden, "resultaat gewijzigd", voor=voor, na=na,
                         persoon=persoon)
        heeft = heeft_startkwalificatie(persoon.id)
        if heeft and not had:
            mutaties.schrijf(actor, "resultaat", gevonden, "startkwalificatie behaald",
                             voor=voor, na=na, persoon=persoon)
        elif had and not heeft:
            mutaties.schrijf(actor, "resultaat", gevonden,
                             "voldoet niet langer aan de eisen voor een startkwalificatie",
                             voor=voor, na=na, persoon=persoon)
    return gevonden


def verwijder(actor, resultaat_id):
    """Remove a result of one of the actor's instellingen (one registered in error): a
    Mutatie "resultaat verwijderd" and, when the person has no startkwalificatie left,
    "voldoet niet langer aan de eisen voor een startkwalificatie" (how we read that
    P-levering event: the register no longer holds one for the person). GeenToegang for
    another's result or one that is not there, alike."""
    eigen = {i.id for i in inschrijving.instellingen_van(actor)}
    with database.atomic():
        gevonden = Resultaat.get_or_none(Resultaat.id == resultaat_id)
        if gevonden is None or gevonden.instelling_id not in eigen:
            raise GeenToegang()
        # The person locked, then the result read again: of two removals at once, only the
        # last one sees that no startkwalificatie is left.
        inschrijving.vergrendel_personen(Persoon.id == gevonden.persoon_id)
        if not Resultaat.delete().where(Resultaat.id == resultaat_id).execute():
            raise GeenToegang()  # removed a moment ago
        voor = mutaties.momentopname(gevonden)
        mutaties.schrijf(actor, "resultaat", gevonden, "resultaat verwijderd", voor=voor,
                         persoon=gevonden.persoon_id)
        if gevonden.startkwalificatie and not heeft_startkwalificatie(gevonden.persoon_id):
            mutaties.schrijf(actor, "resultaat", gevonden,
                             "voldoet niet langer aan de eisen voor een startkwalificatie",
                             voor=voor, persoon=gevonden.persoon_id)
    return gevonden


LAATSTE = 50  # results the page lists


def resultaten_van(actor):
    """The last LAATSTE results registered at the actor's instellingen, newest first, each
    with its person; the read is logged (R-AVG-02)."""
    instellingen = [i.id for i in inschrijving.instellingen_van(actor)]
    if not instellingen:
        return []
    gevonden = list(Resultaat.select(Resultaat, Persoon).join(Persoon)
                    .where(Resultaat.instelling.in_(instellingen))
                    .order_by(Resultaat.id.desc()).limit(LAATSTE))
    inzage.log(actor, "resultaten inzien", [r.persoon_id for r in gevonden])
    return gevonden


# ---------------------------------------------------------------- what the leveringen derive

def heeft_startkwalificatie(persoon_id, peildatum=None):
    """Whether the person obtained a startkwalificatie, on or before `peildatum` if given."""
    query = _startkwalificaties(persoon_id)
    if peildatum is not None:
        query = query.where(Resultaat.datum <= peildatum)
    return query.exists()


def _startkwalificaties(persoon_id):
    """The dates of the person's results that are a startkwalificatie."""
    return Resultaat.select(Resultaat.datum).where(
        Resultaat.persoon == persoon_id, Resultaat.startkwalificatie == True)  # noqa: E712


def vsv_voorwaarde(persoon_id, geboortedatum, peildatum):
    """Voortijdig schoolverlater (VSV) at `peildatum` (seed 003, the C-levering's status), as
    an SQL condition on a query's person (`persoon_id`, `geboortedatum`: its columns), so a
    delivery of 150,000 persons asks it in its one query: younger than 23, no
    startkwalificatie obtained on or before the peildatum, not enrolled on it, and enrolled
    before it (someone who left; never enrolled is absoluut verzuim, not a leaver). A
    datum uitschrijving is the first day not enrolled. A partial geboortedatum counts from
    its first possible day (stored so): the person turns 23 no later than that."""
    eerder = Inschrijving.alias()
    return ((geboortedatum > geboren_uiterlijk(peildatum, VSV_LEEFTIJD))
            & ~fn.EXISTS(_startkwalificaties(persoon_id).where(Resultaat.datum <= peildatum))
            & ~fn.EXISTS(Inschrijving.select(SQL("1")).where(
                Inschrijving.persoon == persoon_id, Inschrijving.datum_inschrijving <= peildatum,
                Inschrijving.datum_uitschrijving.is_null()
                | (Inschrijving.datum_uitschrijving > peildatum)))
            & fn.EXISTS(eerder.select(SQL("1")).where(
                eerder.persoon == persoon_id, eerder.datum_uitschrijving <= peildatum)))


def is_vsv(persoon, peildatum):
    """`vsv_voorwaarde` of one person of the register."""
    return Persoon.select(Persoon.id).where(
        Persoon.id == persoon.id,
        vsv_voorwaarde(Persoon.id, Persoon.geboortedatum, peildatum)).exists()
