"""The default Raadplegen Verzuim of one school and the werkvoorraad of one gemeente, in a
register of 10,000 and of 1,000,000 meldingen (issue 3): both must stay index-bound.
`vul` also serves bench/m2m.py: it writes the versions the gemeenten' change feed reads.

The benchmark school and the benchmark gemeente have the same meldingen in every size
(a school's and a gemeente's own numbers do not grow with the country); the rest of the
register (about 150,000 meldingen a year, most of them closed) is what grows."""
import datetime
import json
import random
import statistics
import time

from peewee import Case

from domain.actor import Actor
from domain.behandeling import werkvoorraad
from domain.opwaarderen import documenten_aanvullen
from domain.verzuim import MeldingInvoer, Verzuimdag, Zoekvraag, document, zoek_meldingen
from models import (
    Bestuur,
    Gemeente,
    Inschrijving,
    Instelling,
    MeldingVersie,
    Organisatie,
    Verzuimmelding,
    bind,
    database,
    transactie,
)
from models.migrate import upgrade

from .generator import BENCH_SCHOOL, genereer, snel_laden
from .overzicht import _maak_database

INSCHRIJVINGEN = 20_000  # the persons and schools the meldingen are about
EIGEN_MELDINGEN = 600  # of the benchmark school, and routed to the benchmark gemeente
GEMEENTE_OIN = "00000099000000009999"  # the benchmark gemeente's organisation
PER_JAAR = 150_000
BATCH = 2000
VELDEN = [Verzuimmelding.nummer, Verzuimmelding.persoon, Verzuimmelding.instelling,
          Verzuimmelding.gemeente, Verzuimmelding.instantie_email, Verzuimmelding.status,
          Verzuimmelding.wet, Verzuimmelding.vermoedelijke_soort, Verzuimmelding.periode_van,
          Verzuimmelding.periode_tm, Verzuimmelding.met_prioriteit,
          Verzuimmelding.naam_contactpersoon, Verzuimmelding.melddatum,
          Verzuimmelding.status_sinds, Verzuimmelding.versie, Verzuimmelding.gegevens,
          Verzuimmelding.aangemaakt, Verzuimmelding.gewijzigd]
VERSIE_VELDEN = [MeldingVersie.melding, MeldingVersie.versie, MeldingVersie.tijdstip,
                 MeldingVersie.actor, MeldingVersie.status, MeldingVersie.gegevens,
                 MeldingVersie.gemeente, MeldingVersie.transactie]
# The statuses a melding went through, one version each, by its status now.
VERSIES = {"R": "R", "B": "RB", "G": "RBG", "K": "RBK", "I": "RBI"}


def _status(rng, dagen_oud):
    """Recent meldingen are open; older ones mostly closed."""
    if dagen_oud < 30:
        return rng.choice("RRBB")
    if dagen_oud < 90:
        return rng.choice("BGGK")
    return rng.choice("GGGGGGGKKI")


def _document(melddatum):
    """An own melding's whole document as the wizard stores it: the change feed sends it,
    so its size counts. (The rest of the country's meldingen carry a stub.)"""
    dagen = [Verzuimdag(datum=melddatum - datetime.timedelta(days=d), lesuren="1-8")
             for d in (3, 2, 1)]
    return json.dumps(document(MeldingInvoer(
        periode_van=melddatum - datetime.timedelta(days=3), periode_tm=melddatum,
        vermoedelijke_soort="O", vermoedelijke_reden="afwezig",
        toelichting_verzuim="Drie dagen niet op school, ouders niet bereikbaar.",
        actie_gewenst=True, toelichting_actie_gewenst="Eerst een gesprek met de ouders.",
        naam_contactpersoon="Mevr. Melder", functie_contactpersoon="mentor",
        telefoon_contactpersoon="0201234567", email_contactpersoon="melder@school.example",
        verzuimdagen_specificeren=True, verzuimdagen=dagen, acties=["BRIEF"])), sort_keys=True)


def _schrijf_versies(versie, status, waar):
    """Versions of the meldingen `waar` selects, copied from the melding rows in SQL, in
    the caller's transaction and with its id (models.db.transactie), as the app writes
    them: the change feed reads them in (transactie, id) order."""
    bron = Verzuimmelding.select(
        Verzuimmelding.id, versie, Verzuimmelding.status_sinds, "bench", status,
        Verzuimmelding.gegevens, Verzuimmelding.gemeente, transactie()).where(waar)
    MeldingVersie.insert_from(bron, VERSIE_VELDEN).execute()


def vul(db, meldingen, seed=2026, vandaag=None):
    """Add `meldingen` meldingen to a generated register, each with its versions;
    returns (school, gemeente). Bulk inserts: the domain's rules are not what is
    measured here.

    Every melding gets a version 1 in the transaction that adds it. The later versions of
    the own meldingen (one per status change) go into randomly chosen later batches, so
    that, as in production, they lie among the rest of the country's versions."""
    vandaag = vandaag or datetime.date.today()
    rng = random.Random(seed)
    rng_later = random.Random(seed + 1)  # apart, so the meldingen stay those of `seed`
    batches = -(-meldingen // BATCH)
    later = {}  # batch index -> [(nummer, versie, status)]
    with db.atomic():
        org = Organisatie.create(soort="gemeente", naam="Gemeente Benchstad", oin=GEMEENTE_OIN)
        eigen_gemeente = Gemeente.create(code="9999", naam="Benchstad", organisatie=org,
                                         verzuimloket_email="loket@benchstad.example")
    bench = Instelling.get(Instelling.code == BENCH_SCHOOL)
    eigen_personen = [i.persoon_id for i in Inschrijving.select(Inschrijving.persoon)
                      .where(Inschrijving.instelling == bench).limit(EIGEN_MELDINGEN)]
    alle = list(Inschrijving.select(Inschrijving.persoon, Inschrijving.instelling)
                .where(Inschrijving.instelling != bench).tuples())
    gemeenten = [g.id for g in Gemeente.select().where(Gemeente.id != eigen_gemeente.id)]
    periode_dagen = max(1, round(meldingen / PER_JAAR * 365))
    nu = datetime.datetime.now()
    gegevens = json.dumps({"vermoedelijke_reden": "afwezig"})
    snel_laden(db, True)
    try:
        rijen = []
        for nummer in range(1, meldingen + 1):
            eigen = nummer <= EIGEN_MELDINGEN
            # The own meldingen span the same recent months in every size.
            oud = rng.randint(0, 180) if eigen else rng.randint(0, periode_dagen)
            melddatum = vandaag - datetime.timedelta(days=oud)
            if eigen:
                persoon = eigen_personen[nummer - 1]
                instelling, gemeente = bench.id, eigen_gemeente.id
            else:
                persoon, instelling = alle[rng.randrange(len(alle))]
                gemeente = gemeenten[rng.randrange(len(gemeenten))]
            status = _status(rng, oud)
            versies = VERSIES[status] if eigen else status
            batch = (nummer - 1) // BATCH
            for versie, wanneer in enumerate(sorted(rng_later.randint(batch, batches - 1)
                                                    for _ in versies[1:]), start=2):
                later.setdefault(wanneer, []).append((nummer, versie, versies[versie - 1]))
            rijen.append((nummer, persoon, instelling, gemeente, "loket@example", status, "LPW",
                          "O", melddatum - datetime.timedelta(days=3), melddatum,
                          rng.random() < 0.1, "Mevr. Melder", melddatum,
                          datetime.datetime.combine(melddatum, datetime.time(9)), len(versies),
                          _document(melddatum) if eigen else gegevens, nu, nu))
            if len(rijen) == BATCH or nummer == meldingen:
                with db.atomic():
                    Verzuimmelding.insert_many(rijen, fields=VELDEN).execute()
                    eerste = Case(None, [(Verzuimmelding.versie == 1, Verzuimmelding.status)], "R")
                    _schrijf_versies(1, eerste,
                                     Verzuimmelding.nummer.between(rijen[0][0], nummer))
                    for n, versie, versie_status in sorted(later.pop(batch, [])):
                        _schrijf_versies(versie, versie_status,
                                         Verzuimmelding.nummer == n)
                rijen = []
        # Each version's entry in the change feed, as the app writes it with the version.
        documenten_aanvullen(per=5000)
    finally:
        snel_laden(db, False)
    return bench, eigen_gemeente


def _ms(functie, repeat):
    functie()
    tijden = []
    for _ in range(repeat):
        t = time.perf_counter()
        functie()
        tijden.append((time.perf_counter() - t) * 1000)
    return statistics.median(tijden)


def maak_register(db, engine, meldingen):
    """A migrated, generated register with `meldingen` meldingen, analysed; returns
    (school, gemeente, seconds the meldingen took)."""
    upgrade(db)
    genereer(db, INSCHRIJVINGEN)
    t = time.perf_counter()
    bench, gemeente = vul(db, meldingen)
    vullen = time.perf_counter() - t
    db.execute_sql("VACUUM ANALYZE" if engine == "postgres" else "ANALYZE")
    return bench, gemeente, vullen


def meet(engine, meldingen, repeat):
    url, opruimen = _maak_database(engine, f"verzuim-{meldingen}")
    try:
        db = bind(url)
        with db.connection_context():
            bench, gemeente, vullen = maak_register(db, engine, meldingen)
            bestuur = Bestuur.get_by_id(bench.bestuur_id)
            school = Actor(kenmerk="bench", organisatie_id=bestuur.organisatie_id,
                           organisatie_soort="bestuur",
                           kenmerken={"instellingscode": frozenset({bench.code})},
                           rollen=frozenset({"verzuimmelder"}))
            lpa = Actor(kenmerk="bench", organisatie_id=gemeente.organisatie_id,
                        organisatie_soort="gemeente", rollen=frozenset({"leerplichtambtenaar"}),
                        kenmerken={"gemeentecode": frozenset({gemeente.code})})
            with database.atomic() as txn:  # the Inzagelog rows of the reads are not kept
                raadplegen = _ms(lambda: zoek_meldingen(school, bench.code, Zoekvraag()), repeat)
                lijst = _ms(lambda: werkvoorraad(lpa, Zoekvraag()), repeat)
                totaal = zoek_meldingen(school, bench.code, Zoekvraag()).totaal
                txn.rollback()
        database.obj.close()
        return {"vullen_s": vullen, "raadplegen_ms": raadplegen, "werkvoorraad_ms": lijst,
                "open_eigen": totaal}
    finally:
        opruimen()


def main(engines, groottes, repeat):
    print(f"{'engine':<10}{'meldingen':>12}{'fill s':>8}{'Raadplegen ms':>15}"
          f"{'werkvoorraad ms':>17}{'open (school)':>15}")
    ok = True
    for engine in engines:
        uitkomst = {}
        for grootte in groottes:
            r = uitkomst[grootte] = meet(engine, grootte, repeat)
            print(f"{engine:<10}{grootte:>12,}{r['vullen_s']:>8.1f}{r['raadplegen_ms']:>15.2f}"
                  f"{r['werkvoorraad_ms']:>17.2f}{r['open_eigen']:>15}", flush=True)
        klein, groot = uitkomst[min(groottes)], uitkomst[max(groottes)]
        for maat in ("raadplegen_ms", "werkvoorraad_ms"):
            ratio = groot[maat] / klein[maat]
            ok = ok and ratio <= 1.5
            print(f"  {engine} {maat}: {max(groottes):,} / {min(groottes):,} = {ratio:.2f} "
                  f"({'ok' if ratio <= 1.5 else 'TOO HIGH, goal <= 1.5'})")
    return 0 if ok else 1
