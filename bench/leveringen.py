"""Gegevensleveringen (seed 003): the C-levering of a gemeente against a raw SQL export of
the same rows, the weekly P-levering of every gemeente, and the peak memory of a
C-levering at two sizes, in a synthetic national register, on SQLite and PostgreSQL.

The register (`genereer_landelijk`, one fresh throwaway database per engine under /tmp or
on the server of BENCH_DATABASE_URL, migrated): `--personen` persons aged 4 to 22 (default
3,500,000) over `--gemeenten` gemeenten (default 342: the 5 of the reference data and
synthetic ones with codes 2000 and up, each with its Organisatie of soort gemeente, a
synthetic Doorstroompunt-regio and PC4 areas of its own). Amsterdam (0363) gets exactly
`--groot` persons (default 150,000), Groningen (0014) exactly `--klein` (default 15,000),
the rest spread over the others by lognormal weights; persons of all gemeenten are
interleaved in id order, as they would be registered. Schools as bench/generator.py
(about one per 500 enrolments, random over the country). Everyone up to 15 is enrolled;
from 16 on the share still enrolled falls (16: 98 %, 17: 92 %, 18: 70 %, 19: 40 %,
20: 22 %, 21: 12 %, 22: 6 %); who left has an ended enrolment and, 85 %, a Resultaat with
startkwalificatie (the other 15 % are VSV, half of them with a result without one). One
pupil in ten also has an earlier, ended enrolment; 30 % of the pupils of 17 and older a
result without startkwalificatie. Vrijstellingen: 0.4 % of those aged 5 to 16 have a
running vrijstelling (artikel 5a) and their enrolment ended when it began; 0.1 % of the
pupils a running vervangende leerplicht (3a) beside their enrolment, and 0.1 % an ended
vrijstelling. Mutaties: `--mutaties` per person (default 1) over the year before this
week's Monday (the P-levering's peildatum), in time order, spread evenly over the days,
with the app's soorten in fixed shares (inschrijving toegevoegd 22 %, gewijzigd 12 %,
resultaat toegevoegd 12 %, verhuisd binnen de gemeente 12 %, naar een andere 5 %,
startkwalificatie behaald 4 %, ... and 29 % that no P-levering reports: persoon
toegevoegd, persoon gewijzigd uit BRP, melding toegevoegd, vrijstelling toegevoegd), their
voor/na JSON shaped like the app's momentopnames, `transactie` 0. Every gemeente is signed
up for the P-levering (via gemeente, no mail), and last week's P-levering of each is made
(a Levering row, klaar, up to the last Mutatie before last Monday), so this week's is the
steady state: the Mutaties of one week. Bulk inserts (COPY on PostgreSQL), then VACUUM
ANALYZE (PostgreSQL) or ANALYZE and PRAGMA optimize (SQLite), as the other benchmarks do.

A. C-levering, timed in this process: `jobs.leveringen.maak(levering_id)`, what the job
does and a user waits for (claim; the requester checked again; the one query,
`domain.levering.c_query`, streamed through `formats.tabellen.csv_stroom` into a temporary
file; the Inzagelog row of every person delivered; the file stored in parts of 1 MB as a
returned Bestand, the Levering klaar, the mail to the requester in the outbox). The
Levering is a row as `vraag_aan` makes it (soort C, the gemeente, peildatum today) for a
user with role behandelaar_rmc and kenmerk gemeentecode, created before the clock starts.
"raw": the same rows, same columns, same order: the SQL text and parameters of
`c_query(...).sql()` run on a plain DB-API connection (sqlite3 with the app's cache_size,
`fetchmany(2000)`; psycopg with a named server-side cursor of itersize 2000, as
`models.stroom` does) and written by `csv.writer` to a temporary file (values as the
driver gives them). For information, "join": a plain join of the gemeente's persons and
running enrolments (no vrijstelling, no startkwalificatie or VSV, so fewer rows) exported
the same way: what the C-levering's extra conditions cost. Before timing, the delivery's
row count must equal the raw export's. Then `--rondes` rounds (median), each: every size's
maak, raw and join, the sizes in alternating order. Goal: maak <= MAX_RATIO x raw for both
gemeenten.

B. P-levering: `jobs.leveringen.maak_p_leveringen(monday)` in a child process (a fresh
Python, as a job consumer), which plans this week's P-levering of every signed-up
gemeente and makes them one after the other: its seconds around the call, each
delivery's time (a clock around each `jobs.leveringen.maak` it calls; the rest is
planning), the rows delivered, and its peak RSS (VmHWM of /proc/self/status; not
getrusage's ru_maxrss, which Linux carries over execve from the large parent).
`--p-rondes` times, this week's P-leveringen removed in between.

C. Memory: the C-levering of each size again in a child process of its own (`--geheugen`
times, median): VmHWM at the end (the peak of the whole process, imports included),
and the RSS before the call (imports done, connected). Goal: the peak of the large
gemeente within MAX_GEHEUGEN (+-20 %) of the small one's.

Plans of every query a C-levering and a P-levering of the large gemeente stream (caught
where domain.levering hands them to models.stroom): SQLite EXPLAIN QUERY PLAN; PostgreSQL
EXPLAIN DECLARE (the named cursor's plan, which is what the app runs) and EXPLAIN (ANALYZE,
BUFFERS) of the same SELECT; in bench/out/leveringen-<engine>.plan.txt. What-ifs: `--sql`
runs a statement after generating (an index to try); PostgreSQL settings go in
PGOPTIONS='-c name=value' (libpq applies them to every connection, the app's, the raw
export's and the children's). `--alleen c|p` measures one part, `--bewaar` keeps the
database and prints its URL, `--register URL` measures a kept one again without
generating. Figures: bench/out/leveringen-<engine>.json (-whatif.json for a run with
--sql, PGOPTIONS or --alleen). Exit 1 when a goal is missed."""
import csv
import datetime
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zoneinfo
from array import array
from pathlib import Path

from domain.datums import verjaardag
from domain.referentie import laad_referentie
from models import (
    Aanmelding,
    Bestand,
    Bestandsdeel,
    Gebruiker,
    Gemeente,
    Inschrijving,
    Kenmerk,
    Levering,
    Mutatie,
    Organisatie,
    Persoon,
    Postcodegebied,
    Regio,
    Resultaat,
    Rol,
    Vrijstelling,
    bind,
    database,
)
from models.migrate import upgrade

from .generator import (
    AANDEEL_EERDERE_INSCHRIJVING,
    BATCH,
    INSCHRIJVING_VELDEN,
    INSCHRIJVINGEN_PER_SCHOOL,
    PERSOON_VELDEN,
    REFERENTIE,
    VO_VANAF,
    Personen,
    _bulk,
    _insert,
    _is_postgres,
    _jaren_terug,
    _keuze,
    _organisaties,
    snel_laden,
)
from .overzicht import OUT
from .proces import load_average, postgres_database

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 2.0  # the C-levering at most this x the raw export of its rows
MAX_GEHEUGEN = 0.20  # peak RSS of the large C-levering within this of the small one's
GROOT_CODE = "0363"  # Amsterdam: `--groot` persons
KLEIN_CODE = "0014"  # Groningen: `--klein` persons
SYNTHETISCH_VANAF = 2000  # codes of the synthetic gemeenten: 2000, 2001, ...
OIN_GEMEENTE = "000000993"  # + 11 digits: not used by reference, demo or generator
PC4_PER_GEMEENTE = 2
REGIOS = 35  # synthetic Doorstroompunt-regio's
PER_KEER = 2000  # rows a fetch, as models.stroom
NEDERLAND = zoneinfo.ZoneInfo("Europe/Amsterdam")

# Persons by age (relative): the register holds everyone 4-22 once enrolled, so the older
# ones stay after they leave; at 4 not everyone is enrolled yet.
LEEFTIJDEN = {4: 85, **{a: 100 for a in range(5, 23)}}
# The share still enrolled, by age (the rest left school); below 16 everyone.
INGESCHREVEN = {16: 0.98, 17: 0.92, 18: 0.70, 19: 0.40, 20: 0.22, 21: 0.12, 22: 0.06}
AANDEEL_STARTKWALIFICATIE = 0.85  # of those who left; the others are VSV
AANDEEL_RESULTAAT_VSV = 0.5  # of the VSV: a result without startkwalificatie
AANDEEL_RESULTAAT_17 = 0.30  # pupils of 17+: an earlier result without startkwalificatie
AANDEEL_VRIJSTELLING = 0.004  # 5-16: a running vrijstelling (5a), not enrolled
AANDEEL_VERVANGEND = 0.001  # pupils 5-16: running vervangende leerplicht (3a)
AANDEEL_VRIJSTELLING_VOORBIJ = 0.001  # pupils 5-16: an ended vrijstelling
DIPLOMAS_SK = ("havo", "vwo", "mbo 2 verzorgende", "mbo 3 ict", "mbo 4 logistiek")
DIPLOMAS = ("vmbo-tl", "vmbo-kb", "vmbo-bb", "entree")

# Mutatie soorten and their shares; the last four are not reported by a P-levering.
MUTATIES = {
    "inschrijving toegevoegd": 0.22, "inschrijving gewijzigd": 0.12,
    "inschrijving verwijderd": 0.01, "resultaat toegevoegd": 0.12,
    "resultaat gewijzigd": 0.02, "resultaat verwijderd": 0.005,
    "startkwalificatie behaald": 0.04,
    "voldoet niet langer aan de eisen voor een startkwalificatie": 0.002,
    "verhuisd binnen de gemeente": 0.12, "verhuisd naar andere gemeente": 0.05,
    "overleden": 0.0005,
    "persoon toegevoegd": 0.15, "persoon gewijzigd uit BRP": 0.08,
    "melding toegevoegd": 0.05, "vrijstelling toegevoegd": 0.0075,
}
MUTATIE_VELDEN = [Mutatie.tijdstip, Mutatie.actor, Mutatie.organisatie, Mutatie.onderwerp,
                  Mutatie.onderwerp_id, Mutatie.persoon, Mutatie.soort, Mutatie.voor,
                  Mutatie.na, Mutatie.transactie]
RESULTAAT_VELDEN = [Resultaat.persoon, Resultaat.instelling, Resultaat.datum, Resultaat.diploma,
                    Resultaat.startkwalificatie, Resultaat.aangemaakt, Resultaat.versie,
                    Resultaat.gewijzigd]
VRIJSTELLING_VELDEN = [Vrijstelling.persoon, Vrijstelling.gemeente, Vrijstelling.soort,
                       Vrijstelling.artikel, Vrijstelling.begindatum, Vrijstelling.einddatum,
                       Vrijstelling.aangemaakt, Vrijstelling.versie, Vrijstelling.gewijzigd]


def _log(text):
    print(text, file=sys.stderr, flush=True)


def maandag(dag):
    """This week's P-levering's peildatum (domain.levering.peildatum_van)."""
    return dag - datetime.timedelta(days=dag.weekday())


def middernacht(dag):
    """The start of `dag` in the Netherlands as a stored moment (naive UTC): where the
    P-levering's days begin."""
    return (datetime.datetime.combine(dag, datetime.time(), tzinfo=NEDERLAND)
            .astimezone(datetime.UTC).replace(tzinfo=None))


# ---------------------------------------------------------------- generating

def _gemeenten(rng, aantal, groot, klein, personen):
    """The reference gemeenten and synthetic ones up to `aantal`, each with organisation,
    regio and PC4 areas; returns ({gemeente id: [pc4]}, {id: naam}, the persons' gemeente
    ids in id order)."""
    if aantal < 5:
        raise ValueError("at least the 5 gemeenten of the reference data")
    laad_referentie(REFERENTIE)
    bekend = {p.pc4 for p in Postcodegebied.select(Postcodegebied.pc4)}
    vrij = (f"{n:04d}" for n in range(1000, 10000) if f"{n:04d}" not in bekend)
    codes = [f"{SYNTHETISCH_VANAF + i:04d}" for i in range(aantal - 5)]
    Regio.insert_many([(f"{100 + i:04d}", f"Benchregio {i}") for i in range(REGIOS)],
                      fields=[Regio.code, Regio.naam]).execute()
    regios = [r.id for r in Regio.select(Regio.id).where(Regio.naam.startswith("Benchregio"))]
    _insert(Organisatie, [Organisatie.soort, Organisatie.naam, Organisatie.oin],
            [("gemeente", f"Gemeente Bench {c}", f"{OIN_GEMEENTE}{int(c):011d}") for c in codes])
    orgs = dict(Organisatie.select(Organisatie.oin, Organisatie.id)
                .where(Organisatie.oin.startswith(OIN_GEMEENTE)).tuples())
    _insert(Gemeente, [Gemeente.code, Gemeente.naam, Gemeente.regio, Gemeente.organisatie],
            [(c, f"Benchgemeente {c}", regios[i % len(regios)],
              orgs[f"{OIN_GEMEENTE}{int(c):011d}"]) for i, c in enumerate(codes)])
    ids = dict(Gemeente.select(Gemeente.code, Gemeente.id).tuples())
    _insert(Postcodegebied, [Postcodegebied.pc4, Postcodegebied.gemeente],
            [(next(vrij), ids[c]) for c in codes for _ in range(PC4_PER_GEMEENTE)])
    pc4s = {}
    for pc4, gemeente in Postcodegebied.select(Postcodegebied.pc4,
                                               Postcodegebied.gemeente).tuples():
        pc4s.setdefault(gemeente, []).append(pc4)
    namen = dict(Gemeente.select(Gemeente.id, Gemeente.naam).tuples())
    # Persons: exactly `groot` in Amsterdam, `klein` in Groningen, the rest by weight.
    anderen = [g for c, g in sorted(ids.items()) if c not in (GROOT_CODE, KLEIN_CODE)]
    rest = personen - groot - klein
    if rest < 0:
        raise ValueError("--personen smaller than --groot + --klein")
    gewichten = [min(rng.lognormvariate(0, 0.9), 8.0) for _ in anderen]
    kies = _keuze(rng, anderen, gewichten)
    plaats = array("H", [ids[GROOT_CODE]] * groot + [ids[KLEIN_CODE]] * klein)
    plaats.extend(kies() for _ in range(rest))
    for i in range(len(plaats) - 1, 0, -1):  # Fisher-Yates, in place on the array
        j = int(rng.random() * (i + 1))
        plaats[i], plaats[j] = plaats[j], plaats[i]
    return pc4s, namen, plaats


def genereer_landelijk(db, personen, *, groot=150_000, klein=15_000, gemeenten=342,
                       mutaties=1.0, seed=2026, peildatum=None, voortgang=None):
    """Fill a migrated, empty database with the national register described above.
    Returns a dict of what it made (counts, the two gemeenten, the users that ask)."""
    if database.obj is not db:
        raise ValueError("bind the models to db first (models.bind)")
    peildatum = peildatum or datetime.date.today()
    snel_laden(db, True)
    try:
        return _genereer(db, personen, groot, klein, gemeenten, mutaties, seed, peildatum,
                         voortgang or (lambda *_: None))
    finally:
        snel_laden(db, False)


def _genereer(db, personen, groot, klein, gemeenten, mutaties, seed, peildatum, voortgang):
    rng = random.Random(seed)
    begonnen = time.perf_counter()
    with db.atomic():
        pc4s, namen, plaats = _gemeenten(rng, gemeenten, groot, klein, personen)
        scholen_aantal = max(2, round(personen * (1 + AANDEEL_EERDERE_INSCHRIJVING)
                                      / INSCHRIJVINGEN_PER_SCHOOL))
        _, _bench, scholen, gewichten = _organisaties(rng, scholen_aantal)
    kies_school = {s: _keuze(rng, scholen[s], gewichten[s]) for s in scholen}
    leeftijden, leeftijd_gewichten = zip(*LEEFTIJDEN.items(), strict=True)
    kies_leeftijd = _keuze(rng, leeftijden, leeftijd_gewichten)
    personen_ = Personen(rng)
    nu = datetime.datetime.combine(peildatum, datetime.time(12))
    dag = datetime.timedelta(days=1)
    inschrijving_id = 0
    telling = dict.fromkeys(("resultaten", "vrijstellingen", "vsv", "verlaten"), 0)
    for start in range(0, personen, BATCH):
        rijen_p, rijen_i, rijen_r, rijen_v = [], [], [], []
        for persoon_id in range(start + 1, min(start + BATCH, personen) + 1):
            gemeente = plaats[persoon_id - 1]
            leeftijd = kies_leeftijd()
            geboren = _jaren_terug(peildatum, leeftijd) - datetime.timedelta(
                days=rng.randint(1, 364))
            vier = verjaardag(geboren, 4)
            rij, voorvoegsels, achternaam = personen_.nieuw(
                persoon_id, geboren, rng.choice(pc4s[gemeente]), namen[gemeente], gemeente, nu)
            rijen_p.append(rij)

            # The last enrolment: running, or ended (left school, or a vrijstelling).
            soort = "VO" if leeftijd >= VO_VANAF else "PO"
            school, _oprichting = kies_school[soort]()
            vanaf = max(vier, verjaardag(geboren, VO_VANAF) if soort == "VO" else vier)
            dagen = (peildatum - vanaf).days
            verlaten = leeftijd in INGESCHREVEN and rng.random() >= INGESCHREVEN[leeftijd]
            vrijgesteld = (not verlaten and 5 <= leeftijd <= 16
                           and rng.random() < AANDEEL_VRIJSTELLING)
            eind = None
            if verlaten or vrijgesteld:
                begin = vanaf + datetime.timedelta(days=int(rng.random() * max(1, dagen - 2)))
                laatste = (peildatum - begin).days - 1  # ends before the peildatum
                eind = begin + datetime.timedelta(days=1 + int(rng.random() * max(1, laatste)))
            else:
                begin = vanaf + datetime.timedelta(days=int(rng.random() * min(dagen, 6 * 365)))
            zoeknaam, sorteernaam = f"{voorvoegsels or ''} {achternaam}".lower(), achternaam.lower()
            if rng.random() < AANDEEL_EERDERE_INSCHRIJVING and (begin - vier).days > 2:
                eerdere_school, _ = kies_school["PO"]()
                inschrijving_id += 1
                rijen_i.append((inschrijving_id, persoon_id, eerdere_school, vier, begin, nu, nu,
                                zoeknaam, sorteernaam))
            inschrijving_id += 1
            rijen_i.append((inschrijving_id, persoon_id, school, begin, eind, nu, nu,
                            zoeknaam, sorteernaam))

            if verlaten:
                telling["verlaten"] += 1
                if rng.random() < AANDEEL_STARTKWALIFICATIE:
                    datum = max(begin, eind - datetime.timedelta(days=rng.randint(1, 30)))
                    rijen_r.append((persoon_id, school, datum, rng.choice(DIPLOMAS_SK), True,
                                    nu, 1, nu))
                else:
                    telling["vsv"] += 1
                    if rng.random() < AANDEEL_RESULTAAT_VSV:
                        rijen_r.append((persoon_id, school, eind - dag, rng.choice(DIPLOMAS),
                                        False, nu, 1, nu))
            elif leeftijd >= 17 and rng.random() < AANDEEL_RESULTAAT_17:
                rijen_r.append((persoon_id, school, begin, rng.choice(DIPLOMAS), False, nu, 1,
                                nu))
            if vrijgesteld:
                rijen_v.append((persoon_id, gemeente, "vrijstelling", "5a", eind, None, nu, 1, nu))
            elif 5 <= leeftijd <= 16 and not verlaten:
                kans = rng.random()
                if kans < AANDEEL_VERVANGEND:
                    rijen_v.append((persoon_id, gemeente, "vervangende_leerplicht", "3a",
                                    begin, None, nu, 1, nu))
                elif kans < AANDEEL_VERVANGEND + AANDEEL_VRIJSTELLING_VOORBIJ:
                    rijen_v.append((persoon_id, gemeente, "vrijstelling", "5a", vier,
                                    max(vier, begin - dag), nu, 1, nu))
        telling["resultaten"] += len(rijen_r)
        telling["vrijstellingen"] += len(rijen_v)
        with db.atomic():
            _bulk(db, Persoon, PERSOON_VELDEN, rijen_p)
            _bulk(db, Inschrijving, INSCHRIJVING_VELDEN, rijen_i)
            if rijen_r:
                _bulk(db, Resultaat, RESULTAAT_VELDEN, rijen_r)
            if rijen_v:
                _bulk(db, Vrijstelling, VRIJSTELLING_VELDEN, rijen_v)
        voortgang(f"{min(start + BATCH, personen):,} persons", time.perf_counter() - begonnen)
    if _is_postgres(db):  # explicit ids leave the sequences behind
        for tabel in ("persoon", "inschrijving"):
            db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                           f"(SELECT max(id) FROM {tabel}))")
    personen_s = time.perf_counter() - begonnen
    scholen_ids = [s for lijst in scholen.values() for s, _ in lijst]
    aantal_mutaties = _mutaties(db, rng, plaats, scholen_ids, inschrijving_id, mutaties,
                                maandag(peildatum), voortgang, begonnen)
    mutaties_s = time.perf_counter() - begonnen - personen_s
    with db.atomic():
        uit = _leveringen_klaarzetten(peildatum)
    uit.update(telling, personen=personen, inschrijvingen=inschrijving_id,
               mutaties=aantal_mutaties, gemeenten=gemeenten, scholen=scholen_aantal,
               personen_s=round(personen_s, 1), mutaties_s=round(mutaties_s, 1))
    return uit


def _mutaties(db, rng, plaats, scholen, inschrijvingen, per_persoon, tot, voortgang,
              begonnen):
    """A year of Mutaties up to `tot` (a Monday, 00:00 in the Netherlands), in time order,
    evenly over the days; ids in that order. Returns how many."""
    personen = len(plaats)
    totaal = round(personen * per_persoon)
    gemeenten = sorted(set(plaats))
    kies_soort = _keuze(rng, list(MUTATIES), list(MUTATIES.values()))
    eerste = middernacht(tot - datetime.timedelta(days=365))
    gedaan = 0
    for d in range(365):
        aantal = totaal // 365 + (1 if d < totaal % 365 else 0)
        seconden = sorted(int(rng.random() * 86400) for _ in range(aantal))
        rijen = []
        for s in seconden:
            tijdstip = eerste + datetime.timedelta(days=d, seconds=s)
            persoon = 1 + int(rng.random() * personen)
            soort = kies_soort()
            rijen.append((tijdstip, *_mutatie(rng, soort, persoon, plaats[persoon - 1],
                                              gemeenten, scholen, inschrijvingen, tijdstip)))
        for begin in range(0, len(rijen), BATCH * 4):
            with db.atomic():
                _bulk(db, Mutatie, MUTATIE_VELDEN, rijen[begin:begin + BATCH * 4])
        gedaan += aantal
        if d % 30 == 29 or d == 364:
            voortgang(f"{gedaan:,} mutaties", time.perf_counter() - begonnen)
    return gedaan


def _mutatie(rng, soort, persoon, gemeente, gemeenten, scholen, inschrijvingen, tijdstip):
    """(actor, organisatie, onderwerp, onderwerp_id, persoon, soort, voor, na, transactie)
    with voor/na shaped like the app's momentopnames."""
    t = tijdstip.isoformat()
    if soort.startswith(("inschrijving", "persoon toegevoegd", "melding")):
        onderwerp_id = 1 + int(rng.random() * inschrijvingen)
        begin = (tijdstip.date() - datetime.timedelta(days=rng.randint(0, 60))).isoformat()
        eind = "null"
        if soort == "inschrijving gewijzigd" and rng.random() < 0.5:
            eind = f'"{tijdstip.date().isoformat()}"'

        def momentopname(einde):
            return (f'{{"aangemaakt": "{t}", "datum_inschrijving": "{begin}", '
                    f'"datum_uitschrijving": {einde}, "gewijzigd": "{t}", '
                    f'"id": {onderwerp_id}, "instelling": {rng.choice(scholen)}, '
                    f'"onderwijslocatie": null, "persoon": {persoon}, '
                    f'"sorteernaam": "jansen", "zoeknaam": "jansen"}}')
        voor = momentopname("null") if soort in ("inschrijving gewijzigd",
                                                 "inschrijving verwijderd") else None
        na = None if soort == "inschrijving verwijderd" else momentopname(eind)
        onderwerp = "melding" if soort.startswith("melding") else (
            "persoon" if soort.startswith("persoon") else "inschrijving")
        return ("gebruiker:1", None, onderwerp, onderwerp_id, persoon, soort, voor, na, 0)
    if soort.startswith("resultaat") or "startkwalificatie" in soort:
        sk = soort == "startkwalificatie behaald" or (
            soort != "voldoet niet langer aan de eisen voor een startkwalificatie"
            and rng.random() < 0.3)
        onderwerp_id = 1 + int(rng.random() * 1_000_000)

        def momentopname(startkwalificatie):
            return (f'{{"aangemaakt": "{t}", "datum": "{tijdstip.date().isoformat()}", '
                    f'"diploma": "{"havo" if startkwalificatie else "vmbo-tl"}", '
                    f'"gewijzigd": "{t}", "id": {onderwerp_id}, '
                    f'"instelling": {rng.choice(scholen)}, "persoon": {persoon}, '
                    f'"startkwalificatie": {"true" if startkwalificatie else "false"}, '
                    f'"versie": 1}}')
        voor = momentopname(not sk) if soort in (
            "resultaat gewijzigd", "resultaat verwijderd",
            "voldoet niet langer aan de eisen voor een startkwalificatie") else None
        na = None if soort == "resultaat verwijderd" else momentopname(sk)
        return ("gebruiker:1", None, "resultaat", onderwerp_id, persoon, soort, voor, na, 0)
    if soort == "vrijstelling toegevoegd":
        na = (f'{{"artikel": "5a", "begindatum": "{tijdstip.date().isoformat()}", '
              f'"einddatum": null, "gemeente": {gemeente}, "persoon": {persoon}, '
              f'"soort": "vrijstelling", "versie": 1}}')
        return ("gebruiker:2", None, "vrijstelling", persoon, persoon, soort, None, na, 0)

    def adres(woongemeente, straat, overleden="null"):
        return (f'{{"datum_overlijden": {overleden}, "huisletter": null, '
                f'"huisnummer": {straat}, "huisnummertoevoeging": null, '
                f'"plaatsnaam": "Plaats", "postcode": "1234 AB", "straatnaam": "Dorpsstraat", '
                f'"woongemeente": {woongemeente}, "woonland": "6030"}}')
    van = gemeente
    if soort == "verhuisd naar andere gemeente":
        while van == gemeente:
            van = rng.choice(gemeenten)
    overleden = f'"{tijdstip.date().isoformat()}"' if soort == "overleden" else "null"
    return ("systeem:brp", None, "persoon", persoon, persoon, soort,
            adres(van, rng.randint(1, 250)), adres(gemeente, rng.randint(1, 250), overleden), 0)


def _leveringen_klaarzetten(peildatum):
    """Every gemeente signed up for the P-levering (via gemeente, no mail), last week's
    P-levering of each made; a behandelaar RMC of each measured gemeente. What it made."""
    vandaag_p = maandag(peildatum)
    vorige_p = vandaag_p - datetime.timedelta(days=7)
    grens = middernacht(vorige_p)
    tot_id = (Mutatie.select(Mutatie.id).where(Mutatie.tijdstip < grens)
              .order_by(Mutatie.id.desc()).scalar()) or 0
    gemeenten = list(Gemeente.select().where(Gemeente.organisatie.is_null(False)))
    Aanmelding.insert_many([(g.id, "gemeente", True, "[]", 1) for g in gemeenten],
                           fields=[Aanmelding.gemeente, Aanmelding.via, Aanmelding.actief,
                                   Aanmelding.ontvangers, Aanmelding.versie]).execute()
    _insert(Levering, [Levering.soort, Levering.organisatie, Levering.gemeente,
                       Levering.peildatum, Levering.vanaf, Levering.van_transactie,
                       Levering.van_id, Levering.tot_transactie, Levering.tot_id,
                       Levering.actor, Levering.status, Levering.sleutel, Levering.aantal],
            [("P", g.organisatie_id, g.id, vorige_p, vorige_p - datetime.timedelta(days=7),
              -1, 0, 0, tot_id, "systeem:levering", "klaar",
              f"P:{g.organisatie_id}:{g.id}:{vorige_p.isoformat()}", 0) for g in gemeenten])
    gebruikers = {}
    for code in (GROOT_CODE, KLEIN_CODE):
        gemeente = Gemeente.get(Gemeente.code == code)
        gebruiker = Gebruiker.create(
            organisatie=gemeente.organisatie_id, gebruikersnaam=f"bench.rmc.{code}",
            naam=f"Bench RMC {code}", email=f"rmc.{code}@bench.example",
            wachtwoord_hash="!bench", actief=True)
        Rol.create(gebruiker=gebruiker, rol="behandelaar_rmc")
        Kenmerk.create(gebruiker=gebruiker, soort="gemeentecode", waarde=code)
        gebruikers[code] = gebruiker.id
    return {"aangemeld": len(gemeenten), "vorige_p_tot_id": tot_id,
            "vorige_p": vorige_p.isoformat(), "gebruikers": gebruikers}


# ---------------------------------------------------------------- databases

def _maak_database(engine, naam):
    """A fresh, empty throwaway database: (url, cleanup). SQLite under /tmp."""
    if engine == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{naam}-", dir="/tmp"))
        return f"sqlite:///{folder / 'register.db'}", lambda: shutil.rmtree(folder, True)
    return postgres_database(naam)


def _engine(url):
    return "sqlite" if url.startswith("sqlite:") else "postgres"


def _grootte_op_schijf(engine, db):
    if engine == "sqlite":
        path = Path(db.database)
        return sum(Path(f"{path}{s}").stat().st_size
                   for s in ("", "-wal") if Path(f"{path}{s}").exists())
    return db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]


def _sluit(db):
    if db is None:
        return
    if not db.is_closed():
        db.close()
    if hasattr(db, "close_all"):
        db.close_all()


def _analyseer(engine, db):
    db.execute_sql("VACUUM ANALYZE" if engine == "postgres" else "ANALYZE")
    if engine == "sqlite":
        db.execute_sql("PRAGMA optimize")


# ---------------------------------------------------------------- raw export

def _verbind_raw(url):
    if _engine(url) == "sqlite":
        conn = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
        conn.execute("PRAGMA cache_size = -32000")  # the app's (models.db.SQLITE_PRAGMAS)
        return conn
    import psycopg
    return psycopg.connect(url)


def _raw_param(waarde):
    # sqlite3's own date adapter is deprecated: the text peewee would store.
    return waarde.isoformat() if isinstance(waarde, datetime.date) else waarde


def raw_export(conn, sql, params, doel):
    """The rows of `sql` written by csv.writer to the open text file `doel`: how many."""
    schrijver = csv.writer(doel, delimiter=";", lineterminator="\r\n")
    aantal = 0
    if isinstance(conn, sqlite3.Connection):
        cursor = conn.execute(sql, [_raw_param(p) for p in params])
        schrijver.writerow([d[0] for d in cursor.description])
        while rijen := cursor.fetchmany(PER_KEER):
            schrijver.writerows(rijen)
            aantal += len(rijen)
        cursor.close()
        return aantal
    with conn.transaction(), conn.cursor(name="raw") as cursor:
        cursor.itersize = PER_KEER
        cursor.execute(sql, params)
        kop = False
        for rij in cursor:
            if not kop:
                schrijver.writerow([d[0] for d in cursor.description])
                kop = True
            schrijver.writerow(rij)
            aantal += 1
    return aantal


JOIN_SQL = """
SELECT p.id, p.bsn, p.onderwijsnummer, p.achternaam, p.voorvoegsels, p.voornamen, p.geslacht,
       p.geboortedatum, p.straatnaam, p.huisnummer, p.postcode, p.plaatsnaam, g.code,
       s.code, i.datum_inschrijving, i.datum_uitschrijving
FROM persoon p
JOIN gemeente g ON g.id = p.woongemeente_id
JOIN inschrijving i ON i.persoon_id = p.id AND i.datum_inschrijving <= ?
     AND (i.datum_uitschrijving IS NULL OR i.datum_uitschrijving > ?)
JOIN instelling s ON s.id = i.instelling_id
WHERE p.woongemeente_id = ?
ORDER BY p.id, i.id"""


# ---------------------------------------------------------------- the child process

def kind(url, soort, waarde, instance):
    """In a fresh process: one C-levering (`waarde` its Levering id) or this week's
    P-leveringen (`waarde` today): seconds, RSS before and peak RSS (KiB), as JSON."""
    os.environ["INSTANCE_PATH"] = instance
    db = bind(url)
    from jobs import leveringen as taken
    with db.connection_context():
        Gemeente.select().count()  # connected, catalog read
        voor = _rss_kib()
        begin = time.perf_counter()
        if soort == "c":
            bestand = taken.maak(int(waarde))
            uit = {"aantal": Levering.get_by_id(int(waarde)).aantal,
                   "bytes": bestand.grootte if bestand else None}
        else:
            # Each delivery's own time: `maak_p_leveringen` calls the module's `maak`.
            tijden, maak = [], taken.maak

            def gemeten(levering_id, *args, **kwargs):
                t = time.perf_counter()
                try:
                    return maak(levering_id, *args, **kwargs)
                finally:
                    tijden.append((levering_id, time.perf_counter() - t))
            taken.maak = gemeten
            try:
                ids = taken.maak_p_leveringen(datetime.date.fromisoformat(waarde))
            finally:
                taken.maak = maak
            uit = {"ids": ids, "tijden": tijden}
        uit["s"] = time.perf_counter() - begin
    uit["rss_voor_kib"] = voor
    uit["piek_kib"] = _rss_kib("VmHWM")
    _sluit(db)
    print(json.dumps(uit))


def _rss_kib(regel_naam="VmRSS"):
    """This process's resident set (VmRSS) or its peak (VmHWM), KiB. Not getrusage's
    ru_maxrss: Linux keeps that over execve, so a child started by a large parent
    reports the parent's size; VmHWM starts again with the new program."""
    with open("/proc/self/status") as fh:
        for regel in fh:
            if regel.startswith(regel_naam + ":"):
                return int(regel.split()[1])
    raise RuntimeError(f"no {regel_naam} in /proc/self/status")


def _in_kind(url, soort, waarde, instance):
    uit = subprocess.run([sys.executable, "-m", "bench.leveringen", "kind", url, soort,
                          str(waarde), instance], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    if uit.returncode != 0:
        raise RuntimeError(f"child {soort} {waarde} failed:\n{uit.stderr[-3000:]}")
    return json.loads(uit.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- measuring

class Register:
    """One engine's generated (or kept) register, bound to the models, with a raw
    connection beside it."""

    def __init__(self, engine, args, instance, log=_log):
        self.engine, self.instance, self.log = engine, instance, log
        self.db = self.raw = None
        self.opruimen = None
        self.info = {}
        if args.register:
            self.url = args.register
        else:
            self.url, self.opruimen = _maak_database(engine, f"leveringen-{args.personen}")
        try:
            self.db = bind(self.url)
            self.db.connect(reuse_if_open=True)
            if not args.register:
                self._vul(args)
            for statement in args.sql:  # what-if: schema changes tried without a migration
                log(f"  what-if: {statement}")
                self.db.execute_sql(statement)
            if args.sql or args.register:
                _analyseer(engine, self.db)
            self.raw = _verbind_raw(self.url)
            self._lees_info()
        except BaseException:
            self.sluit(bewaar=False)
            raise

    def _vul(self, args):
        begin = time.perf_counter()
        upgrade(self.db)
        self.log(f"{self.engine}: generating {args.personen:,} persons "
                 f"({args.groot:,} in {GROOT_CODE}, {args.klein:,} in {KLEIN_CODE}, "
                 f"{args.gemeenten} gemeenten) ...")
        laatste = [0.0]

        def voortgang(wat, seconden):
            if seconden - laatste[0] >= 30:
                laatste[0] = seconden
                self.log(f"  {self.engine}: {wat}, {seconden:.0f} s")

        info = genereer_landelijk(self.db, args.personen, groot=args.groot, klein=args.klein,
                                  gemeenten=args.gemeenten, mutaties=args.mutaties,
                                  seed=args.seed, voortgang=voortgang)
        t1 = time.perf_counter()
        _analyseer(self.engine, self.db)
        t2 = time.perf_counter()
        info.update(generatie_s=round(t1 - begin, 1), analyze_s=round(t2 - t1, 1))
        self.db.close()
        self.db.connect()  # the app's own connection settings again
        self.info["generatie"] = info
        self.log(f"  generated in {info['generatie_s']:.0f} s (persons "
                 f"{info['personen_s']:.0f} s, mutaties {info['mutaties_s']:.0f} s), "
                 f"analysed in {info['analyze_s']:.0f} s")

    def _lees_info(self):
        self.gemeenten = {c: Gemeente.get(Gemeente.code == c) for c in (GROOT_CODE, KLEIN_CODE)}
        self.gebruikers = {c: Gebruiker.get(Gebruiker.gebruikersnaam == f"bench.rmc.{c}").id
                           for c in self.gemeenten}
        self.info.update(
            url=self.url if self.opruimen is None else None,
            personen=Persoon.select().count(), inschrijvingen=Inschrijving.select().count(),
            mutaties=Mutatie.select().count(), resultaten=Resultaat.select().count(),
            vrijstellingen=Vrijstelling.select().count(),
            gemeenten=Gemeente.select().count(),
            aangemeld=Aanmelding.select().where(Aanmelding.actief == True).count(),  # noqa: E712
            bytes=_grootte_op_schijf(self.engine, self.db),
            per_gemeente={c: Persoon.select().where(Persoon.woongemeente == g.id).count()
                          for c, g in self.gemeenten.items()})

    # -------------------------------------------------------- C

    def nieuwe_c(self, code, peildatum):
        gemeente = self.gemeenten[code]
        return Levering.create(soort="C", organisatie=gemeente.organisatie_id,
                               gemeente=gemeente.id, peildatum=peildatum,
                               actor=f"gebruiker:{self.gebruikers[code]}",
                               status="aangevraagd").id

    def maak(self, code, peildatum):
        """jobs.leveringen.maak of a new C-levering: (seconds, rows, bytes)."""
        from jobs import leveringen as taken
        levering_id = self.nieuwe_c(code, peildatum)
        begin = time.perf_counter()
        bestand = taken.maak(levering_id)
        seconden = time.perf_counter() - begin
        if bestand is None:
            raise AssertionError(f"C-levering {levering_id} of {code} was not made")
        return seconden, Levering.get_by_id(levering_id).aantal, bestand.grootte

    def raw_c(self, code, peildatum):
        from domain.levering import c_query
        sql, params = c_query([self.gemeenten[code].id], peildatum).sql()
        return self._raw(sql, params)

    def raw_join(self, code, peildatum):
        sql = JOIN_SQL if self.engine == "sqlite" else JOIN_SQL.replace("?", "%s")
        return self._raw(sql, [peildatum, peildatum, self.gemeenten[code].id])

    def _raw(self, sql, params):
        with tempfile.TemporaryFile("w+", newline="", encoding="utf-8") as doel:
            begin = time.perf_counter()
            aantal = raw_export(self.raw, sql, params, doel)
            doel.flush()
            seconden = time.perf_counter() - begin
            return seconden, aantal, doel.tell()

    def c_meting(self, rondes, geheugen_rondes, peildatum):
        """Part A and C: per gemeente median times, rows, ratios, child peaks."""
        codes = [KLEIN_CODE, GROOT_CODE]
        tijden = {(c, s): [] for c in codes for s in ("maak", "raw", "join")}
        uit = {}
        for code in codes:  # check and warm up
            maak_s, rijen, grootte = self.maak(code, peildatum)
            raw_s, raw_rijen, raw_bytes = self.raw_c(code, peildatum)
            join_s, join_rijen, _ = self.raw_join(code, peildatum)
            if rijen != raw_rijen:
                raise AssertionError(f"{code}: the C-levering has {rijen:,} rows, the raw "
                                     f"export of its query {raw_rijen:,}")
            uit[code] = {"personen": self.info["per_gemeente"][code], "rijen": rijen,
                         "bytes": grootte, "raw_bytes": raw_bytes, "join_rijen": join_rijen,
                         "eerste": {"maak": maak_s, "raw": raw_s, "join": join_s}}
            self.log(f"  {self.engine} {code}: {rijen:,} rows, first maak {maak_s:.2f} s, "
                     f"raw {raw_s:.2f} s, join {join_s:.2f} s")
        for ronde in range(rondes):
            for code in (codes if ronde % 2 == 0 else reversed(codes)):
                tijden[code, "maak"].append(self.maak(code, peildatum)[0])
                tijden[code, "raw"].append(self.raw_c(code, peildatum)[0])
                tijden[code, "join"].append(self.raw_join(code, peildatum)[0])
            self.log(f"  {self.engine}: round {ronde + 1}/{rondes}: " + ", ".join(
                f"{c} {tijden[c, 'maak'][-1]:.2f}/{tijden[c, 'raw'][-1]:.2f} s" for c in codes))
        for code in codes:
            r = uit[code]
            for s in ("maak", "raw", "join"):
                r[f"{s}_s"] = statistics.median(tijden[code, s])
                r[f"{s}_tijden"] = [round(x, 3) for x in tijden[code, s]]
            r["ratio"] = r["maak_s"] / r["raw_s"]
            r["kinderen"] = []
            for _ in range(geheugen_rondes):
                levering_id = self.nieuwe_c(code, peildatum)
                r["kinderen"].append(_in_kind(self.url, "c", levering_id, self.instance))
            r["piek_kib"] = statistics.median(k["piek_kib"] for k in r["kinderen"])
            r["rss_voor_kib"] = statistics.median(k["rss_voor_kib"] for k in r["kinderen"])
            r["kind_s"] = statistics.median(k["s"] for k in r["kinderen"])
            self.log(f"  {self.engine} {code}: maak {r['maak_s']:.2f} s, raw {r['raw_s']:.2f} "
                     f"s, ratio {r['ratio']:.2f}; peak RSS {r['piek_kib'] / 1024:.0f} MiB")
        return uit

    # -------------------------------------------------------- P

    def p_opruimen(self, peildatum):
        """This week's P-leveringen (of an earlier round or run) and their files gone."""
        leveringen = Levering.select(Levering.id, Levering.bestand).where(
            Levering.soort == "P", Levering.peildatum == peildatum)
        bestanden = [lev.bestand_id for lev in leveringen if lev.bestand_id]
        with database.atomic():
            for begin in range(0, len(bestanden), 500):
                deel = bestanden[begin:begin + 500]
                Bestandsdeel.delete().where(Bestandsdeel.bestand.in_(deel)).execute()
                Levering.update(bestand=None).where(Levering.bestand.in_(deel)).execute()
                Bestand.delete().where(Bestand.id.in_(deel)).execute()
            Levering.delete().where(Levering.soort == "P",
                                    Levering.peildatum == peildatum).execute()

    def p_meting(self, rondes, vandaag):
        peildatum = maandag(vandaag)
        metingen = []
        for ronde in range(rondes):
            self.p_opruimen(peildatum)
            self.log(f"  {self.engine}: P-leveringen of {peildatum}, round {ronde + 1} ...")
            kind_uit = _in_kind(self.url, "p", peildatum.isoformat(), self.instance)
            leveringen = list(Levering.select(Levering, Gemeente.code).join(
                Gemeente, on=Levering.gemeente == Gemeente.id)
                .where(Levering.id.in_(kind_uit["ids"])).order_by(Levering.id).objects())
            if len(leveringen) != self.info["aangemeld"] or any(
                    lev.status != "klaar" for lev in leveringen):
                raise AssertionError(f"{len(leveringen)} P-leveringen made of "
                                     f"{self.info['aangemeld']}")
            code_van = {lev.id: lev.code for lev in leveringen}
            duur = [(t, code_van[i]) for i, t in kind_uit["tijden"]]
            per_code = {lev.code: lev.aantal for lev in leveringen}
            meting = {"s": kind_uit["s"], "maak_s": sum(t for t, _ in duur),
                      "piek_kib": kind_uit["piek_kib"],
                      "rss_voor_kib": kind_uit["rss_voor_kib"],
                      "leveringen": len(leveringen),
                      "rijen": sum(lev.aantal or 0 for lev in leveringen),
                      "rijen_groot": per_code.get(GROOT_CODE),
                      "rijen_klein": per_code.get(KLEIN_CODE),
                      "traagste": max(duur) if duur else None,
                      "mediaan_s": statistics.median(d for d, _ in duur) if duur else None,
                      "groot_s": next((d for d, c in duur if c == GROOT_CODE), None),
                      "tijden": [(c, round(d, 3), per_code.get(c)) for d, c in duur]}
            metingen.append(meting)
            self.log(f"  {self.engine}: {meting['leveringen']} P-leveringen, "
                     f"{meting['rijen']:,} rows, {meting['s']:.1f} s, peak RSS "
                     f"{meting['piek_kib'] / 1024:.0f} MiB")
        return metingen

    # -------------------------------------------------------- plans

    def plannen(self, peildatum, vandaag):
        """The plans of every query a C-levering and this week's P-levering of the large
        gemeente stream (and a first P-levering's, which starts from a day): the queries
        caught where `domain.levering` hands them to `stroom`, so they are the code's own."""
        import domain.levering as domein
        from domain.actor import Actor
        gemeente = self.gemeenten[GROOT_CODE]
        p_peildatum = maandag(vandaag)
        vorige = Levering.get(Levering.soort == "P", Levering.gemeente == gemeente.id,
                              Levering.peildatum == p_peildatum - datetime.timedelta(days=7))
        laatste = Mutatie.select(Mutatie.id).order_by(Mutatie.id.desc()).scalar()
        actor = Actor(kenmerk="systeem:bench", organisatie_id=gemeente.organisatie_id)
        p = {"soort": "P", "gemeente": gemeente.id, "organisatie": gemeente.organisatie_id,
             "peildatum": p_peildatum, "vanaf": vorige.peildatum, "tot_transactie": 0,
             "tot_id": laatste}
        leveringen = [
            ("C-levering", Levering(soort="C", gemeente=gemeente.id, peildatum=peildatum,
                                    organisatie=gemeente.organisatie_id)),
            ("P-levering, this week's", Levering(**p, van_transactie=vorige.tot_transactie,
                                                 van_id=vorige.tot_id)),
            ("P-levering, a sign-up's first", Levering(**p, van_transactie=-1, van_id=0))]
        gevangen = []

        def vanger(naam):
            def stroom(query, *_args, **_kwargs):
                gevangen.append((naam, query))
                return iter(())
            return stroom
        stroom = domein.stroom
        try:
            for naam, levering in leveringen:
                domein.stroom = vanger(naam)
                list(domein.rijen(levering, actor))
        finally:
            domein.stroom = stroom
        teksten, nummer = [], {}
        for naam, query in gevangen:
            nummer[naam] = nummer.get(naam, 0) + 1
            naam = f"{naam}, query {nummer[naam]} of {sum(n == naam for n, _ in gevangen)}"
            sql, params = query.sql()
            if self.engine == "sqlite":
                rijen = self.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                plan = "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in rijen)
            else:
                # models.stroom reads through a named cursor (DECLARE ... CURSOR), which
                # PostgreSQL plans for its first rows (cursor_tuple_fraction): that plan,
                # then the same query run as a plain SELECT, with its times.
                with self.db.atomic() as txn:
                    cursor = self.db.execute_sql("EXPLAIN DECLARE plan CURSOR FOR " + sql,
                                                 params).fetchall()
                    rijen = self.db.execute_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql,
                                                params).fetchall()
                    txn.rollback()
                plan = ("as the app's named cursor (EXPLAIN DECLARE):\n"
                        + "\n".join(r[0] for r in cursor)
                        + "\n\nas a plain SELECT (EXPLAIN ANALYZE):\n"
                        + "\n".join(r[0] for r in rijen))
            teksten.append(f"-- {naam} of {GROOT_CODE}\n{sql}\n{params}\n\n{plan}\n")
        return "\n".join(teksten)

    def sluit(self, bewaar):
        try:
            if self.raw is not None:
                self.raw.close()
            _sluit(self.db)
        finally:
            if self.opruimen is not None:
                if bewaar:
                    self.log(f"kept: {self.url}")
                else:
                    self.opruimen()


# ---------------------------------------------------------------- report

def _mib(kib):
    return f"{kib / 1024:,.0f}"


def _s(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def tabellen(uit):
    """Markdown tables of one engine's figures; and the goals missed."""
    engine, c, missers, regels = uit["engine"], uit.get("c"), [], []
    if c:
        regels += ["| gemeente | persons | rows | maak s | raw s | **maak / raw** | "
                   "join s (info) | file MB | peak RSS MiB | RSS before MiB |",
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for code in (KLEIN_CODE, GROOT_CODE) if c else ():
        r = c[code]
        ok = r["ratio"] <= MAX_RATIO
        regels.append(
            f"| {code} | {r['personen']:,} | {r['rijen']:,} | {_s(r['maak_s'])} | "
            f"{_s(r['raw_s'])} | {r['ratio']:.2f} | {_s(r['join_s'])} | "
            f"{r['bytes'] / 1e6:.1f} | {_mib(r['piek_kib'])} | {_mib(r['rss_voor_kib'])} |")
        if not ok:
            missers.append(f"{engine} C-levering {code}: {r['ratio']:.2f} x the raw export "
                           f"(goal <= {MAX_RATIO:g})")
    if c:
        verhouding = c[GROOT_CODE]["piek_kib"] / c[KLEIN_CODE]["piek_kib"]
        ok = abs(verhouding - 1) <= MAX_GEHEUGEN
        regels.append(f"\npeak RSS {GROOT_CODE} / {KLEIN_CODE}: {verhouding:.2f} (goal 1 ± "
                      f"{MAX_GEHEUGEN:g}: {'met' if ok else 'NOT MET'})")
        if not ok:
            missers.append(f"{engine} C-levering peak RSS {verhouding:.2f} (goal 1 ± "
                           f"{MAX_GEHEUGEN:g})")
    if not uit.get("p"):
        return "\n".join(regels), missers
    regels.append("\n| P-leveringen | rows | s | slowest s (gemeente) | median s | "
                  f"{GROOT_CODE} s | {GROOT_CODE} rows | peak RSS MiB | RSS before MiB |")
    regels.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in uit["p"]:
        traag = f"{_s(p['traagste'][0])} ({p['traagste'][1]})" if p["traagste"] else ""
        regels.append(
            f"| {p['leveringen']} | {p['rijen']:,} | {_s(p['s'])} | {traag} | "
            f"{_s(p['mediaan_s'] or 0)} | {_s(p['groot_s'] or 0)} | {p['rijen_groot'] or 0:,} | "
            f"{_mib(p['piek_kib'])} | {_mib(p['rss_voor_kib'])} |")
    return "\n".join(regels), missers


def _staart(args):
    """What the output files' names end with: "-whatif" for a run with --sql, PGOPTIONS or
    a part only, so it does not overwrite a whole run's figures."""
    return "-whatif" if args.sql or args.alleen or os.environ.get("PGOPTIONS") else ""


def main(engines, args):
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}; load average at the start: "
          f"{', '.join(map(str, load_average()))}", flush=True)
    if args.register and len(engines) != 1:
        raise SystemExit("--register URL measures one engine: give --engine too")
    instance = tempfile.mkdtemp(prefix="bench-leveringen-", dir="/tmp")
    os.environ["INSTANCE_PATH"] = instance  # huey's storage (jobs/wachtrij.py) goes there
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    vandaag = datetime.date.today()
    missers = []
    try:
        for engine in engines:
            uit = {"engine": engine, "datum": datetime.datetime.now().isoformat("T", "seconds"),
                   "load": [load_average()], "sql": args.sql}
            register = Register(engine, args, instance)
            try:
                uit["register"] = register.info
                OUT.mkdir(exist_ok=True)
                plan = register.plannen(vandaag, vandaag)
                (OUT / f"leveringen-{engine}{_staart(args)}.plan.txt").write_text(
                    plan, encoding="utf-8")
                if args.explain:
                    print(f"==== {engine}\n{plan}")
                if args.alleen in (None, "c"):
                    _log(f"{engine}: C-levering, {args.rondes} rounds ...")
                    uit["c"] = register.c_meting(args.rondes, args.geheugen, vandaag)
                if args.alleen in (None, "p"):
                    _log(f"{engine}: P-leveringen ...")
                    uit["p"] = register.p_meting(args.p_rondes, vandaag)
            finally:
                register.sluit(args.bewaar)
            uit["load"].append(load_average())
            (OUT / f"leveringen-{engine}{_staart(args)}.json").write_text(json.dumps(uit, indent=1,
                                                                     default=str),
                                                          encoding="utf-8")
            info = uit["register"]
            gen = info.get("generatie", {})
            print(f"\n{engine}: {info['personen']:,} persons, {info['inschrijvingen']:,} "
                  f"enrolments, {info['resultaten']:,} results, {info['vrijstellingen']:,} "
                  f"vrijstellingen, {info['mutaties']:,} mutaties, {info['gemeenten']} "
                  f"gemeenten ({info['aangemeld']} signed up); "
                  f"{info['bytes'] / 1e9:.2f} GB"
                  + (f"; generated in {gen['generatie_s']:.0f} s + analyse "
                     f"{gen['analyze_s']:.0f} s" if gen else ""))
            for statement in args.sql:
                print(f"what-if, after generating: {statement}")
            if os.environ.get("PGOPTIONS") and engine == "postgres":
                print(f"what-if, PGOPTIONS={os.environ['PGOPTIONS']}")
            tekst, mis = tabellen(uit)
            print(f"C-levering median of {args.rondes} rounds, goal maak <= {MAX_RATIO:g} x "
                  f"raw; peak RSS of a child process per delivery (median of "
                  f"{args.geheugen}), goal within ±{MAX_GEHEUGEN:.0%}\n")
            print(tekst)
            missers += mis
            print(f"\nload average (1, 5, 15 min) before/after {engine}: "
                  f"{', '.join(map(str, uit['load'][0]))} / "
                  f"{', '.join(map(str, uit['load'][1]))}", flush=True)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    if missers:
        print("\nFAIL:\n  " + "\n  ".join(missers))
        return 1
    print("\nok: every goal met")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "kind":
        kind(*sys.argv[2:])
    else:
        sys.exit("python -m bench leveringen ... (this module's own entry is for its child "
                 "processes)")
