"""Retention (R-AVG-01): the register keeps a person's data until five years after their
last inschrijving (or vrijstelling) ended, then removes the person with every row that is
theirs; a person with an open melding or a vrijstelling still running stays. Files go
after their own retention (bestanden.BEWAARTERMIJN). What is left of a removed person is
anonymous counts: per run, how many of what went, and per gemeente how many persons.

A run for a peildatum goes through the persons in id order, a batch per transaction, and
writes its place and counts in the batch's transaction: cut off (a worker killed), it goes
on where it stopped and removes or counts nothing twice. A dry run does the same and
removes nothing."""
import datetime
import enum
import json
from collections import Counter
from dataclasses import dataclass

from peewee import JOIN, IntegrityError, Value, fn

from models import (
    Bestandsregel,
    Gemeente,
    Inschrijving,
    Koppeling,
    MeldingConcept,
    MeldingVersie,
    Mutatie,
    Opschoning,
    OpschoningPersoon,
    Persoon,
    Resultaat,
    Verzuimmelding,
    Vrijstelling,
    database,
    neem_claim,
    niet_geclaimd,
    utcnow,
    verleng_claim,
)

from . import bestanden
from .fouten import N_, GeenToegang

BEWAARJAREN = 5
PER_KEER = 5000  # persons a transaction: the job runs at night; fewer commits
CLAIM = datetime.timedelta(minutes=2)
OPEN_MELDING = ("R", "B")  # verzuim.lijsten.OPEN (this module sits below verzuim)
ROL = "functioneel_beheer"

# What a run counts, in the order the report shows it.
SOORTEN = {
    "personen": N_("Personen"), "samengevoegd": N_("Samengevoegde personen"),
    "inschrijvingen": N_("Inschrijvingen"), "resultaten": N_("Resultaten"),
    "verzuimmeldingen": N_("Verzuimmeldingen"), "meldingversies": N_("Versies van meldingen"),
    "vrijstellingen": N_("Vrijstellingen"), "koppelingen": N_("Koppelingen OWN/BSN"),
    "mutaties": N_("Mutaties"), "bestanden": N_("Bestanden"),
}


class Status(enum.StrEnum):
    BEZIG = "bezig"
    KLAAR = "klaar"


def grens(peildatum):
    """Five years before `peildatum`: an inschrijving that ended on it or later keeps its
    person (the five years are full the day after)."""
    try:
        return peildatum.replace(year=peildatum.year - BEWAARJAREN)
    except ValueError:  # 29 February
        return peildatum.replace(year=peildatum.year - BEWAARJAREN, day=28)


def _kies(run_id, peildatum, na_id, aantal):
    """Put the next `aantal` persons (None: all) past their retention on `peildatum` (ids
    after `na_id`) in the run's set: enrolled or exempted once, every inschrijving and
    vrijstelling ended before the grens, no open melding, not merged into another (that one
    decides). One INSERT … SELECT: the ids never pass through Python. Returns the last id,
    or None."""
    tot = grens(peildatum)
    eigen = Persoon.id
    recent = Inschrijving.select(Inschrijving.id).where(
        Inschrijving.persoon == eigen,
        Inschrijving.datum_uitschrijving.is_null() | (Inschrijving.datum_uitschrijving >= tot))
    lopend = Vrijstelling.select(Vrijstelling.id).where(
        Vrijstelling.persoon == eigen,
        Vrijstelling.einddatum.is_null() | (Vrijstelling.einddatum >= tot))
    open_ = Verzuimmelding.select(Verzuimmelding.id).where(
        Verzuimmelding.persoon == eigen, Verzuimmelding.status.in_(OPEN_MELDING))
    ooit = (fn.EXISTS(Inschrijving.select(Inschrijving.id).where(Inschrijving.persoon == eigen))
            | fn.EXISTS(Vrijstelling.select(Vrijstelling.id).where(Vrijstelling.persoon == eigen)))
    OpschoningPersoon.insert_from(
        Persoon.select(Value(run_id), Persoon.id).where(
            Persoon.id > na_id, Persoon.samengevoegd_in.is_null(), ooit, ~fn.EXISTS(recent),
            ~fn.EXISTS(lopend), ~fn.EXISTS(open_)).order_by(Persoon.id).limit(aantal),
        [OpschoningPersoon.opschoning, OpschoningPersoon.persoon]).execute()
    return (OpschoningPersoon.select(fn.MAX(OpschoningPersoon.persoon))
            .where(OpschoningPersoon.opschoning == run_id).scalar())


def _set(run_id):
    return OpschoningPersoon.select(OpschoningPersoon.persoon).where(
        OpschoningPersoon.opschoning == run_id)


def _per_gemeente(run_id):
    """{gemeentecode: persons} of the set by woongemeente ("" abroad or unknown)."""
    return Counter({code or "": n for code, n in (
        Persoon.select(Gemeente.code, fn.COUNT(Persoon.id))
        .join(Gemeente, JOIN.LEFT_OUTER, on=Persoon.woongemeente == Gemeente.id)
        .where(Persoon.id.in_(_set(run_id))).group_by(Gemeente.code).tuples())})


def _verwijder(run_id, droog):
    """Remove (or, `droog`, count) the persons of the set, and the persons merged into them,
    with everything of theirs, a statement a table; the set is cleared. Returns the counts."""
    personen = _set(run_id).count()
    samengevoegd = OpschoningPersoon.insert_from(
        Persoon.select(Value(run_id), Persoon.id).where(Persoon.samengevoegd_in.in_(
            _set(run_id))), [OpschoningPersoon.opschoning, OpschoningPersoon.persoon]
    ).as_rowcount().execute()
    alle = _set(run_id)
    meldingen = Verzuimmelding.select(Verzuimmelding.id).where(Verzuimmelding.persoon.in_(alle))
    inschrijvingen = Inschrijving.select(Inschrijving.id).where(Inschrijving.persoon.in_(alle))
    # Children before parents: (what it counts, the model, its rows).
    stappen = [
        (None, MeldingConcept, MeldingConcept.persoon.in_(alle)
         | MeldingConcept.melding.in_(meldingen)),
        ("meldingversies", MeldingVersie, MeldingVersie.melding.in_(meldingen)),
        ("verzuimmeldingen", Verzuimmelding, Verzuimmelding.persoon.in_(alle)),
        ("resultaten", Resultaat, Resultaat.persoon.in_(alle)),
        ("vrijstellingen", Vrijstelling, Vrijstelling.persoon.in_(alle)),
        ("koppelingen", Koppeling, Koppeling.persoon.in_(alle) | Koppeling.vervallen.in_(alle)),
        ("mutaties", Mutatie, Mutatie.persoon.in_(alle)),
        ("inschrijvingen", Inschrijving, Inschrijving.persoon.in_(alle)),
    ]
    aantallen = Counter(personen=personen, samengevoegd=samengevoegd or 0)
    if droog:
        for naam, model, rijen in stappen:
            if naam:
                aantallen[naam] = model.select().where(rijen).count()
    else:
        # A file's row keeps its outcome, no longer its inschrijving (the file goes by its
        # own retention).
        Bestandsregel.update(inschrijving=None).where(
            Bestandsregel.inschrijving.in_(inschrijvingen)).execute()
        for naam, model, rijen in stappen:
            weg = model.delete().where(rijen).execute()
            if naam:
                aantallen[naam] = weg
        # The merged ones first: they point at the others.
        Persoon.delete().where(Persoon.id.in_(alle), Persoon.samengevoegd_in.is_null(False)
                               ).execute()
        Persoon.delete().where(Persoon.id.in_(_set(run_id))).execute()
    OpschoningPersoon.delete().where(OpschoningPersoon.opschoning == run_id).execute()
    return aantallen


def begin(actor, peildatum, droog=False):
    """The run of `peildatum`: a dry run is new each time; a real one is one a day (the one
    begun, finished or not, is returned)."""
    if droog:
        return Opschoning.create(peildatum=peildatum, droog=True, actor=actor.kenmerk)
    try:
        with database.atomic():
            return Opschoning.create(peildatum=peildatum, droog=False, actor=actor.kenmerk,
                                     sleutel=peildatum.isoformat())
    except IntegrityError:  # begun before, or by another worker at this moment
        return Opschoning.get(Opschoning.sleutel == peildatum.isoformat())


_OPEN = Opschoning.status == Status.BEZIG


def neem(run_id, claim=CLAIM):
    """Claim a run not finished whose worker (if any) stopped renewing; (run, houder) or
    None."""
    houder = neem_claim(Opschoning, run_id, claim, _OPEN)
    return (Opschoning.get_by_id(run_id), houder) if houder else None


class Overgenomen(Exception):
    """Another worker took the run over: this one stops."""


def _batch(run, houder, per_keer, claim):
    """One batch in one transaction: the claim renewed, the persons removed (or counted),
    the place and the counts written. False when the run is done."""
    with database.atomic():
        if not verleng_claim(Opschoning, run.id, houder, claim, _OPEN):
            raise Overgenomen()
        huidig = Opschoning.get_by_id(run.id)
        # A dry run removes nothing, so it need not go in steps: one set, counted at once.
        laatste = _kies(run.id, huidig.peildatum, huidig.positie,
                        None if huidig.droog else per_keer)
        aantallen = Counter(json.loads(huidig.aantallen))
        per_gemeente = Counter(json.loads(huidig.per_gemeente))
        if laatste is not None:
            per_gemeente.update(_per_gemeente(run.id))
            aantallen.update(_verwijder(run.id, huidig.droog))
            Opschoning.update(positie=laatste, aantallen=json.dumps(aantallen),
                              per_gemeente=json.dumps(per_gemeente)).where(
                Opschoning.id == run.id).execute()
            return True
        aantallen["bestanden"] = (len(bestanden.verlopen(huidig.peildatum)) if huidig.droog
                                  else bestanden.ruim_op(huidig.peildatum))
        Opschoning.update(status=Status.KLAAR, klaar=utcnow(), houder=None,
                          aantallen=json.dumps(aantallen)).where(
            Opschoning.id == run.id).execute()
        return False


def voer_uit(run_id, per_keer=PER_KEER, claim=CLAIM):
    """Carry out (or go on with) a run; the Opschoning when this worker finished it, None
    when another has it or it was done."""
    genomen = neem(run_id, claim)
    if genomen is None:
        return None
    run, houder = genomen
    try:
        while _batch(run, houder, per_keer, claim):
            pass
    except Overgenomen:
        return None
    return Opschoning.get_by_id(run_id)


def onaf():
    """Ids of runs not finished that no worker holds: the periodic job goes on with them."""
    return [r.id for r in Opschoning.select(Opschoning.id).where(
        niet_geclaimd(Opschoning, _OPEN)).order_by(Opschoning.id)]


@dataclass(frozen=True)
class Verslag:
    run: Opschoning
    aantallen: dict
    per_gemeente: list  # [(code, naam, persons)]


def verslagen(actor, aantal=20):
    """The latest runs for functioneel beheer's page, newest first."""
    if not actor.heeft_rol(ROL):
        raise GeenToegang()
    runs = list(Opschoning.select().order_by(Opschoning.begonnen.desc(), Opschoning.id.desc())
                .limit(aantal))
    namen = dict(Gemeente.select(Gemeente.code, Gemeente.naam).tuples())
    uit = []
    for run in runs:
        per = json.loads(run.per_gemeente)
        uit.append(Verslag(run, json.loads(run.aantallen),
                           [(code, namen.get(code, ""), per[code]) for code in sorted(per)]))
    return uit
