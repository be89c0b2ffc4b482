"""Bestandsuitwisseling (issue 14): an enrolment file in, processed row by row by its job,
and the registratieoverzicht out, each beside a raw yardstick measured in the same run, on
SQLite and PostgreSQL.

A. Upload processing. Per engine and file size (`--sizes`, default 10,000 and 100,000 rows)
two fresh databases, migrated, each with the reference data and the benchmark school
(`genereer(db, BENCH_PUPILS)`: school 99ZZ of bestuur 99999 with its 2,000 pupils, the same
in both), analysed then (the statistics are not renewed while the file goes in: the app
never runs ANALYZE). The file is a CSV as a school fills in the template for pupils without a number
(Achternaam;Voorvoegsels;Voornamen;Geslacht;Geboortedatum;Postcode;Huisnummer;Datum
inschrijving), for 99ZZ, a different pupil on every row (the generator's names, a postcode of
every PC4 area of the reference data, aged 12 to 17, enrolled on a day of the last two
school years; seeded). In the app's database, under `create_app`, a user of the bestuur
with role schooladministratie sends it (`domain.bestanden.verstuur`, not timed). First a
check file of CONTROLE rows goes through the job; every row must be opgeslagen (this also
warms up). Timed: `jobs.bestanden.verwerk(bestand_id)`, what the huey job does: claim the
file, read it (formats/), the rows through `inschrijving.registreer_veel` (the form's
own checks, a batch at once) in batches of `domain.bestanden.BATCH` rows a transaction
with their Bestandsregels, the verwerkingsverslag, rond_af. Afterwards every row must be
opgeslagen. The time and rows of each batch are kept too (a wrapper around
`domain.bestanden._partij`: a clock read a batch), to show whether a row gets slower as the
file goes on.
"raw": the Persoon and Inschrijving rows the job stored, read back (every column, the ids
too, so the same values) and inserted into the other database with peewee `insert_many`,
as many rows a statement as the engine takes (MAX_PARAMETERS values), in one transaction.
Rows per second = rows of the file / seconds, for both.
Goals: app rows/s >= MIN_APP_RAW x raw rows/s at every size; and linear: the largest file
takes at most MAX_LINEAIR x (largest / smallest size) x the smallest's time, so
100,000 rows <= 11 x 10,000 rows.
Per row by step: a cProfile of a PROFIEL-row file (in a third fresh database), the
cumulative time of the steps in STAPPEN per row; with --profiel the top 25 functions by
cumulative time are printed. cProfile slows Python calls more than database time, so the
shares lean towards Python; the profile is in bench/out/bestanden-profiel-<engine>.txt.

B. Registratieoverzicht. Per engine one fresh database with a register of `--register`
enrolments (default 1,000,000; `genereer`), analysed, in which schools of the benchmark
bestuur get exactly the `--overzicht` numbers of enrolments (default 2,000 and 20,000):
99ZZ has 2,000; for another number a school of the bestuur (10AA, 10AB) first gives its own
enrolments to a school of another bestuur and then takes that many current enrolments of
schools of other besturen, so the register keeps its size. A user of the bestuur with role
schooladministratie for those codes downloads /bestanden/registratieoverzicht/<code>.csv
and .xlsx with Flask's test client (the whole app: session, access, the domain's keyset
parts of OVERZICHT_PARTIJ rows with their Inzagelog rows, formats.tabellen; no HTTP), the
streamed body read to its end (its blocks counted and dropped, as a socket would).
"raw": the same rows, same columns (instellingscode, bsn, onderwijsnummer, achternaam,
voorvoegsels, voornamen, geboortedatum, geslacht, datum inschrijving, datum uitschrijving)
in the same order, by hand-written SQL on a plain DB-API connection, written by the csv
module into a string and encoded (dates as the driver gives them). For information only,
"raw xlsx": those raw rows written by openpyxl in write-only mode, the floor of any XLSX.
Before timing, the app's CSV is parsed and must hold the raw rows in the raw order. Then
`--rounds` rounds (median), in each every size's app CSV, app XLSX, raw CSV and raw XLSX,
the sizes in alternating order. Goal: app CSV and app XLSX each <= MAX_OVERZICHT x raw CSV
at every size.
Memory: each download again under tracemalloc, started just before the request and stopped
after the last block, so its peak is the most the download held at once (GEHEUGEN_RONDES
times, median). tracemalloc counts what Python allocates (objects, strings, buffers): not
what C libraries allocate themselves (SQLite's page cache, libpq's result of a part, zlib's
window), not the process's RSS; and it slows Python down, so it is off while timing.
Goal: the peak at the largest size within MAX_GEHEUGEN (+-20 %) of the smallest's.

The commit and the app's uncommitted changes (a fingerprint of `git diff`) go with the
figures; run from a tree exported with `git archive` (so the code holds still while the
checkout changes), BENCH_COMMIT names its commit.

Exit 1 when a goal is missed. Raw figures: bench/out/bestanden-<engine>.json."""
import contextlib
import cProfile
import csv
import datetime
import functools
import hashlib
import io
import json
import os
import pstats
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from openpyxl import Workbook
from peewee import chunked

from domain.actor import Actor
from domain.gebruikers import actor_voor, maak_gebruiker
from models import Bestand, Inschrijving, Instelling, Persoon, bind, database, make_database
from models.migrate import upgrade

from .generator import (
    AANDEEL_GEWOON,
    ACHTERNAMEN,
    BENCH_BESTUUR,
    BENCH_PUPILS,
    BENCH_SCHOOL,
    MAX_PARAMETERS,
    PC_LETTERS,
    REFERENTIE,
    VOORNAMEN,
    _keuze,
    _zeldzame_naam,
    genereer,
    instellingscode,
)
from .overzicht import OUT, _maak_database
from .proces import load_average

MIN_APP_RAW = 0.3  # app rows/s at least this part of raw rows/s
MAX_LINEAIR = 1.1  # largest/smallest time at most this x largest/smallest size
MAX_OVERZICHT = 2.0  # a download at most this x the raw CSV export
MAX_GEHEUGEN = 0.20  # peaks of the sizes within this of each other
CONTROLE = 20  # rows of the check file that goes first
PROFIEL = 2000  # rows of the profiled file
GEHEUGEN_RONDES = 3
KOP = ("Achternaam", "Voorvoegsels", "Voornamen", "Geslacht", "Geboortedatum", "Postcode",
       "Huisnummer", "Datum inschrijving")
# Schools of the benchmark bestuur that take a size of the overview other than 99ZZ's.
ANDERE_SCHOLEN = (instellingscode(0), instellingscode(1))
ELDERS = instellingscode(2)  # a school of another bestuur: where their own pupils go
SNEL = {"sizes": [1_000, 10_000], "register": 50_000, "rounds": 3}

# The steps of a row in the profile: (name, file, function), cumulative seconds.
STAPPEN = (
    ("the whole job (jobs.bestanden.verwerk)", "jobs/bestanden.py", "verwerk"),
    ("  read the file (formats: lees + rows)", "formats/inschrijvingen.py", "lees"),
    ("  parse the rows (Inhoud.regels)", "formats/inschrijvingen.py", "regels"),
    ("  a batch (_partij, with its commit)", "domain/bestanden.py", "_partij"),
    ("    its rows (_regels)", "domain/bestanden.py", "_regels"),
    ("      same inschrijving? (_zelfde_inschrijvingen)", "domain/bestanden.py",
     "_zelfde_inschrijvingen"),
    ("      inschrijving.registreer_veel", "domain/inschrijving.py", "registreer_veel"),
    ("        what the checks look up (_Gegevens)", "domain/inschrijving.py", "__init__"),
    ("        the checks (_controleer)", "domain/inschrijving.py", "_controleer"),
    ("          the address (_controleer_adres)", "domain/inschrijving.py",
     "_controleer_adres"),
    ("        _bewaar (persons, enrolments, mutaties)", "domain/inschrijving.py", "_bewaar"),
    ("          nummers.nieuwe_onderwijsnummers", "domain/nummers.py",
     "nieuwe_onderwijsnummers"),
    ("          mutaties.schrijf_veel", "domain/mutaties.py", "schrijf_veel"),
    ("    every voeg_toe (Persoon, Inschrijving, Mutatie x2, Bestandsregel)", "models/db.py",
     "voeg_toe"),
    ("  verwerkingsverslag (jobs.bestanden.verslag)", "jobs/bestanden.py", "verslag"),
    ("  rond_af", "domain/bestanden.py", "rond_af"),
    ("all SQL statements (peewee execute_sql)", "peewee.py", "execute_sql"),
    ("all commits (peewee commit)", "peewee.py", "commit"),
)


def _log(text):
    print(text, file=sys.stderr, flush=True)


def _commit():
    """The commit measured, the app's files that differ from it (another engineer may work
    in the same checkout) and a fingerprint of that difference: read-only git."""
    root = Path(__file__).resolve().parent.parent
    app = ["--", ".", ":!bench", ":!docs", ":!tests"]

    def git(*args):
        return subprocess.run(["git", "--no-optional-locks", *args], cwd=root, text=True,
                              capture_output=True, check=True).stdout
    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        gewijzigd = git("diff", "--name-only", "HEAD", *app).split()
        verschil = hashlib.sha256(git("diff", "HEAD", *app).encode()).hexdigest()[:12]
    except (OSError, subprocess.CalledProcessError):
        # A tree exported with `git archive` (the code held still while the checkout
        # changes): its commit from the environment.
        return os.environ.get("BENCH_COMMIT"), [], None
    return head, gewijzigd, verschil if gewijzigd else None


# ---------------------------------------------------------------- the file

def leerlingen(aantal, seed):
    """`aantal` rows of the template for pupils without a number, each a different pupil
    (no two with the same achternaam, voornamen and geboortedatum, which is how the job
    finds a pupil it already has), for a VO school: as tuples in KOP's order."""
    rng = random.Random(seed)
    with open(REFERENTIE / "postcodes.csv", newline="", encoding="utf-8") as fh:
        pc4s = [r["pc4"] for r in csv.DictReader(fh)]
    gewone_naam = _keuze(rng, [(v, a) for v, a, _ in ACHTERNAMEN], [w for *_, w in ACHTERNAMEN])
    vandaag = datetime.date.today()
    schooljaar = datetime.date(vandaag.year - (1 if vandaag.month < 8 else 0), 8, 1)
    eerste = schooljaar.replace(year=schooljaar.year - 1)
    dagen = (vandaag - eerste).days
    gezien, rijen = set(), []
    while len(rijen) < aantal:
        geslacht = "M" if rng.random() < 0.51 else "V"
        voorvoegsels, achternaam = (gewone_naam() if rng.random() < AANDEEL_GEWOON
                                    else _zeldzame_naam(rng))
        voornamen = rng.choice(VOORNAMEN[geslacht])
        if rng.random() < 0.4:
            voornamen += " " + rng.choice(VOORNAMEN[geslacht])
        geboren = vandaag - datetime.timedelta(days=rng.randint(12 * 365 + 3, 18 * 365 - 3))
        sleutel = (achternaam, voornamen, geboren)
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        begin = eerste + datetime.timedelta(days=rng.randrange(dagen))
        rijen.append((achternaam, voorvoegsels, voornamen, geslacht, f"{geboren:%d-%m-%Y}",
                      f"{rng.choice(pc4s)} {rng.choice(PC_LETTERS)}",
                      str(rng.randint(1, 250)), f"{begin:%d-%m-%Y}"))
    return rijen


def als_csv(rijen):
    """The rows as Excel in NL saves a CSV: `;`, CRLF, UTF-8."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOP)
    schrijver.writerows(rijen)
    return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- set-up

def _school(engine, naam):
    """A fresh database with the reference data and the benchmark school with its 2,000
    pupils (`genereer(db, BENCH_PUPILS)`), every connection closed: (url, cleanup)."""
    url, weg = _maak_database(engine, naam)
    db = None
    try:
        db = bind(url)
        with db.connection_context():
            upgrade(db)
            genereer(db, BENCH_PUPILS)
            db.execute_sql("VACUUM ANALYZE" if engine == "postgres" else "ANALYZE")
    except BaseException:
        weg()
        raise
    finally:
        _sluit(db)
    return url, weg


def _sluit(db):
    """Close every connection of a (pooled) database, before it is dropped or deleted."""
    if db is None:
        return
    if not db.is_closed():
        db.close()
    if hasattr(db, "close_all"):
        db.close_all()


def _gebruiker(codes):
    """A user of the benchmark bestuur with role schooladministratie for `codes`, made as
    the bestuur's beheerder makes one (call with a connection open)."""
    bestuur = Instelling.get(Instelling.code == BENCH_SCHOOL).bestuur
    assert bestuur.code == BENCH_BESTUUR
    beheerder = Actor("systeem:bench", bestuur.organisatie_id, rollen=frozenset({"beheerder"}))
    gebruiker, _wachtwoord = maak_gebruiker(beheerder, f"bench.{secrets.token_hex(3)}",
                                            "Bench Administratie", "",
                                            ["schooladministratie"], list(codes))
    return gebruiker


def _app(url, sleutel):
    from app import create_app
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": sleutel})
    return app


# ---------------------------------------------------------------- A: upload processing

@contextlib.contextmanager
def _partijtijden(partijen):
    """Keep (seconds, rows) of every batch the job commits: a wrapper around
    `domain.bestanden._partij`, one clock read a batch."""
    from domain import bestanden
    partij = bestanden._partij

    @functools.wraps(partij)
    def gemeten_partij(actor, bestand, houder, regels, claim):
        begin = time.perf_counter()
        try:
            return partij(actor, bestand, houder, regels, claim)
        finally:
            partijen.append((time.perf_counter() - begin, len(regels)))
    bestanden._partij = gemeten_partij
    try:
        yield
    finally:
        bestanden._partij = partij


def _ms_per_rij(partijen):
    """ms per row over the given batches."""
    return 1000 * sum(s for s, _n in partijen) / max(1, sum(n for _s, n in partijen))


def _job(app, actor, naam, rijen, profiel=None, partijen=None):
    """Send a file as `actor` (not timed), then run its job: (seconds, Bestand)."""
    from domain import bestanden
    from jobs import bestanden as taken
    from jobs.wachtrij import app_context
    claim = datetime.timedelta(seconds=app.config["BESTAND_CLAIM_SECONDS"])
    with app.app_context(), app_context():
        bestand = bestanden.verstuur(actor, BENCH_SCHOOL, naam, als_csv(rijen))
    gemeten = _partijtijden(partijen) if partijen is not None else contextlib.nullcontext()
    with app.app_context(), app_context(), gemeten:
        begin = time.perf_counter()
        if profiel is not None:
            profiel.enable()
        try:
            taken.verwerk(bestand.id, claim)
        finally:
            if profiel is not None:
                profiel.disable()
        seconden = time.perf_counter() - begin
    with app.app_context(), app_context():
        bestand = Bestand.get_by_id(bestand.id)
        telling = {str(k): v for k, v in bestanden.telling(bestand).items()}
        if telling != {str(bestanden.Uitkomst.OPGESLAGEN): len(rijen)} \
                or bestand.status != bestanden.Status.VERWERKT:
            fouten = [(r, [f.melding[:60] for f in f_]) for r, _u, f_ in
                      bestanden.regels_van(bestand, alleen_fouten=True)[:5]]
            raise AssertionError(f"{naam}: {bestand.status}, {telling}, e.g. {fouten}")
    return seconden, bestand


def _lees_terug(sinds_persoon, sinds_inschrijving):
    """The persons and enrolments stored after the given ids, every column."""
    def rijen(model, sinds):
        return list(model.select(*model._meta.sorted_fields)
                    .where(model._meta.primary_key > sinds)
                    .order_by(model._meta.primary_key).tuples())
    return rijen(Persoon, sinds_persoon), rijen(Inschrijving, sinds_inschrijving)


def _insert_many(db, personen, inschrijvingen):
    """The raw yardstick: peewee insert_many, one transaction; seconds."""
    begin = time.perf_counter()
    with db.atomic():
        for model, rijen in ((Persoon, personen), (Inschrijving, inschrijvingen)):
            velden = model._meta.sorted_fields
            for deel in chunked(rijen, MAX_PARAMETERS // len(velden)):
                model.insert_many(deel, fields=velden).as_rowcount().execute()
    return time.perf_counter() - begin


def _max_id(model):
    return model.select(model._meta.primary_key).order_by(
        model._meta.primary_key.desc()).scalar() or 0


def upload(engine, grootte, sleutel, log=_log):
    """One file size on one engine: the job's time, the raw insert's, per-batch times."""
    rijen = leerlingen(CONTROLE + grootte, seed=grootte)
    controle, bestand = rijen[:CONTROLE], rijen[CONTROLE:]
    opruimen, app_db, raw_db = [], None, None
    try:
        log(f"{engine} {grootte:,} rows: two fresh databases ...")
        for soort in ("app", "raw"):
            url, weg = _school(engine, f"bestanden-{soort}-{grootte}")
            opruimen.append(weg)
            if soort == "app":
                app = _app(url, sleutel)
                app_db = database.obj
            else:
                raw_db = make_database(url)
        database.initialize(app_db)
        with app.app_context(), app_db.connection_context():
            actor = actor_voor(_gebruiker([BENCH_SCHOOL]))
        _job(app, actor, "controle.csv", controle)  # every row opgeslagen, and warm
        with app_db.connection_context():
            personen_voor, inschrijvingen_voor = _max_id(Persoon), _max_id(Inschrijving)
        log(f"  the job, {grootte:,} rows ...")
        partijen = []
        app_s, _bestand = _job(app, actor, f"leerlingen-{grootte}.csv", bestand,
                               partijen=partijen)
        log(f"  {app_s:.1f} s, {grootte / app_s:,.0f} rows/s; raw insert_many ...")
        with app_db.connection_context():
            personen, inschrijvingen = _lees_terug(personen_voor, inschrijvingen_voor)
        assert len(personen) == len(inschrijvingen) == grootte, (len(personen),
                                                                   len(inschrijvingen))
        database.initialize(raw_db)
        try:
            with raw_db.connection_context():
                raw_s = _insert_many(raw_db, personen, inschrijvingen)
                assert Inschrijving.select().count() == BENCH_PUPILS + grootte
        finally:
            database.initialize(app_db)
        log(f"  raw {raw_s:.2f} s, {grootte / raw_s:,.0f} rows/s")
        tiende = max(1, len(partijen) // 10)
        return {"grootte": grootte, "app_s": app_s, "raw_s": raw_s,
                "app_per_s": grootte / app_s, "raw_per_s": grootte / raw_s,
                "app_raw": raw_s / app_s,
                "rij_ms_eerste_tiende": _ms_per_rij(partijen[:tiende]),
                "rij_ms_laatste_tiende": _ms_per_rij(partijen[-tiende:]),
                "partijen": [(round(t, 4), n) for t, n in partijen]}
    finally:
        _sluit(app_db)
        _sluit(raw_db)
        for weg in opruimen:
            weg()


def profiel(engine, sleutel, log=_log):
    """A cProfile of the job on a PROFIEL-row file: (per step seconds, the stats' text)."""
    rijen = leerlingen(CONTROLE + PROFIEL, seed=PROFIEL)
    log(f"{engine}: profile of a {PROFIEL:,}-row file ...")
    url, weg = _school(engine, f"bestanden-profiel-{PROFIEL}")
    app_db = None
    try:
        app = _app(url, sleutel)
        app_db = database.obj
        with app.app_context(), app_db.connection_context():
            actor = actor_voor(_gebruiker([BENCH_SCHOOL]))
        _job(app, actor, "controle.csv", rijen[:CONTROLE])
        meting = cProfile.Profile()
        seconden, _b = _job(app, actor, "profiel.csv", rijen[CONTROLE:], profiel=meting)
    finally:
        _sluit(app_db)
        weg()
    stats = pstats.Stats(meting)
    stappen = []
    for naam, bestand, functie in STAPPEN:
        ct = sum(v[3] for (f, _l, fn), v in stats.stats.items()
                 if fn == functie and f.replace("\\", "/").endswith("/" + bestand))
        stappen.append({"stap": naam if naam.strip() else f"  {bestand}:{functie}",
                        "functie": f"{bestand}:{functie}", "s": ct})
    tekst = io.StringIO()
    pstats.Stats(meting, stream=tekst).sort_stats("cumulative").print_stats(40)
    return {"regels": PROFIEL, "s": seconden, "stappen": stappen}, tekst.getvalue()


# ---------------------------------------------------------------- B: registratieoverzicht

RAW_OVERZICHT = """
SELECT s.code, p.bsn, p.onderwijsnummer, p.achternaam, p.voorvoegsels, p.voornamen,
       p.geboortedatum, p.geslacht, i.datum_inschrijving, i.datum_uitschrijving
FROM inschrijving i
JOIN persoon p ON p.id = i.persoon_id
JOIN instelling s ON s.id = i.instelling_id
WHERE i.instelling_id = (SELECT id FROM instelling WHERE code = ?)
ORDER BY i.sorteernaam, i.persoon_id, i.id"""
KOPPEN = ("instellingscode", "bsn", "onderwijsnummer", "achternaam", "voorvoegsels",
          "voornamen", "geboortedatum", "geslacht", "datum inschrijving",
          "datum uitschrijving")


def scholen_voor(groottes):
    """Per size of the overview the school that gets it: 99ZZ for its own 2,000, another
    school of the bestuur for the rest."""
    vrij, uit = list(ANDERE_SCHOLEN), {}
    for grootte in groottes:
        if grootte == BENCH_PUPILS and BENCH_SCHOOL not in uit.values():
            uit[grootte] = BENCH_SCHOOL
        elif vrij:
            uit[grootte] = vrij.pop(0)
        else:
            raise ValueError(f"at most {len(ANDERE_SCHOLEN)} sizes besides {BENCH_PUPILS:,}")
    return uit


def _geef_inschrijvingen(db, scholen):
    """Each school of `scholen` ({grootte: code}) other than 99ZZ gets exactly `grootte`
    enrolments: its own go to ELDERS, then it takes that many current enrolments of
    schools of other besturen (persons with one current enrolment: no person twice)."""
    bestuur = Instelling.get(Instelling.code == BENCH_SCHOOL).bestuur_id
    elders = Instelling.get(Instelling.code == ELDERS)
    assert elders.bestuur_id != bestuur
    for grootte, code in scholen.items():
        if code == BENCH_SCHOOL:
            continue
        school = Instelling.get(Instelling.code == code)
        assert school.bestuur_id == bestuur, code
        with db.atomic():
            Inschrijving.update(instelling=elders.id).where(
                Inschrijving.instelling == school.id).execute()
            db.execute_sql(
                "UPDATE inschrijving SET instelling_id = ? WHERE id IN ("
                " SELECT i.id FROM inschrijving i JOIN instelling s ON s.id = i.instelling_id"
                " WHERE s.bestuur_id <> ? AND i.datum_uitschrijving IS NULL"
                " ORDER BY i.id LIMIT ?)".replace("?", db.param), (school.id, bestuur, grootte))
    for grootte, code in scholen.items():
        n = (Inschrijving.select().join(Instelling)
             .where(Instelling.code == code).count())
        if n != grootte:
            raise AssertionError(f"{code} has {n:,} enrolments, not {grootte:,}: "
                                 f"make the register larger")


def _verbind_raw(engine, url):
    if engine == "sqlite":
        return sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
    import psycopg
    return psycopg.connect(url, autocommit=True)


class Overzicht:
    """One engine's register with the app on it, a logged-in test client and the raw
    connection."""

    def __init__(self, engine, register, groottes, sleutel, log):
        self.engine, self.register = engine, register
        self.scholen = scholen_voor(groottes)
        self.url, self.opruimen = _maak_database(engine, f"bestanden-overzicht-{register}")
        self.db = self.raw = None
        try:
            begin = time.perf_counter()
            db = bind(self.url)
            with db.connection_context():
                upgrade(db)

                def voortgang(klaar, totaal, sec):
                    if klaar == totaal or klaar // 100_000 != (klaar - 5500) // 100_000:
                        log(f"  {engine} {register:,}: {klaar:,} enrolments, {sec:.0f} s")
                genereer(db, register, voortgang=voortgang)
                _geef_inschrijvingen(db, self.scholen)
                db.execute_sql("VACUUM ANALYZE" if engine == "postgres" else "ANALYZE")
                gebruiker = _gebruiker(self.scholen.values())
            self.vullen_s = time.perf_counter() - begin
            self.app = _app(self.url, sleutel)
            self.db = database.obj
            self.client = self.app.test_client()
            nu = int(time.time())
            with self.client.session_transaction() as sessie:
                sessie.update(gebruiker_id=gebruiker.id, generatie=gebruiker.sessie_generatie,
                              begonnen=nu, laatst=nu)
            self.raw = _verbind_raw(engine, self.url)
        except BaseException:
            self.sluit()
            raise
        self.sql = RAW_OVERZICHT if engine == "sqlite" else RAW_OVERZICHT.replace("?", "%s")
        self.tijden = {(g, soort): [] for g in self.scholen for soort in SOORTEN}

    # -------------------------------------------------------- one download

    def app_download(self, code, ext):
        """The app's answer read to its end: bytes."""
        antwoord = self.client.get(f"/bestanden/registratieoverzicht/{code}.{ext}",
                                   buffered=False)
        try:
            if antwoord.status_code != 200:
                raise AssertionError(f"{code}.{ext}: {antwoord.status_code} "
                                     f"{antwoord.location or ''}")
            return sum(len(blok) for blok in antwoord.iter_encoded())
        finally:
            antwoord.close()

    def raw_rijen(self, code):
        cursor = self.raw.cursor()
        try:
            return cursor.execute(self.sql, (code,)).fetchall()
        finally:
            cursor.close()

    def raw_csv(self, code):
        cursor = self.raw.cursor()
        try:
            cursor.execute(self.sql, (code,))
            buffer = io.StringIO()
            schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
            schrijver.writerow(KOPPEN)
            schrijver.writerows(cursor)
            return len(buffer.getvalue().encode("utf-8"))
        finally:
            cursor.close()

    def raw_xlsx(self, code):
        boek = Workbook(write_only=True)
        blad = boek.create_sheet("Overzicht")
        blad.append(KOPPEN)
        for rij in self.raw_rijen(code):
            blad.append([str(w) if w is not None else None for w in rij])
        with tempfile.TemporaryFile() as doel:
            boek.save(doel)
            return doel.tell()

    def meet(self, grootte, soort):
        code = self.scholen[grootte]
        database.initialize(self.db)
        functie = {"app csv": lambda: self.app_download(code, "csv"),
                   "app xlsx": lambda: self.app_download(code, "xlsx"),
                   "raw csv": lambda: self.raw_csv(code),
                   "raw xlsx": lambda: self.raw_xlsx(code)}[soort]
        begin = time.perf_counter()
        functie()
        return (time.perf_counter() - begin) * 1000

    # -------------------------------------------------------- rounds

    def controleer(self):
        """The app's CSV holds the raw rows, in their order; warm-up."""
        database.initialize(self.db)
        for grootte, code in self.scholen.items():
            antwoord = self.client.get(f"/bestanden/registratieoverzicht/{code}.csv")
            assert antwoord.status_code == 200, antwoord.status_code
            regels = list(csv.reader(io.StringIO(antwoord.data.decode("utf-8-sig")),
                                     delimiter=";"))[1:]
            raw = self.raw_rijen(code)
            app_sleutels = [tuple(r[:4]) for r in regels]
            raw_sleutels = [tuple("" if w is None else str(w) for w in r[:4]) for r in raw]
            if len(regels) != grootte or app_sleutels != raw_sleutels:
                raise AssertionError(f"{code}: the app's CSV has {len(regels):,} rows, the "
                                     f"raw SQL {len(raw):,} (expected {grootte:,}), or "
                                     f"another order")
            xlsx = self.client.get(f"/bestanden/registratieoverzicht/{code}.xlsx")
            assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK", xlsx.status_code
            for soort in SOORTEN:
                self.meet(grootte, soort)

    def ronde(self, omgekeerd=False):
        groottes = list(self.scholen)
        for grootte in (reversed(groottes) if omgekeerd else groottes):
            for soort in SOORTEN:
                self.tijden[grootte, soort].append(self.meet(grootte, soort))

    def geheugen(self, grootte, ext):
        """tracemalloc's peak of one download, started and stopped around it: bytes."""
        code = self.scholen[grootte]
        database.initialize(self.db)
        tracemalloc.start()
        try:
            self.app_download(code, ext)
            _nu, piek = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return piek

    def uitkomst(self):
        uit = {}
        for grootte, code in self.scholen.items():
            t = {soort: statistics.median(self.tijden[grootte, soort]) for soort in SOORTEN}
            database.initialize(self.db)
            uit[grootte] = {
                "code": code, **{f"{s}_ms": t[s] for s in SOORTEN},
                "csv_raw": t["app csv"] / t["raw csv"], "xlsx_raw": t["app xlsx"] / t["raw csv"],
                "bytes_csv": self.app_download(code, "csv"),
                "bytes_xlsx": self.app_download(code, "xlsx"),
                "tijden_ms": {s: [round(x, 2) for x in self.tijden[grootte, s]]
                              for s in SOORTEN},
            }
            for ext in ("csv", "xlsx"):
                pieken = [self.geheugen(grootte, ext) for _ in range(GEHEUGEN_RONDES)]
                uit[grootte][f"piek_{ext}"] = statistics.median(pieken)
                uit[grootte][f"pieken_{ext}"] = pieken
        return uit

    def sluit(self):
        try:
            if self.raw is not None:
                self.raw.close()
            _sluit(self.db if self.db is not None else database.obj)
        finally:
            self.opruimen()


SOORTEN = ("app csv", "app xlsx", "raw csv", "raw xlsx")


def overzicht(engine, register, groottes, rondes, sleutel, log=_log):
    log(f"{engine}: a register of {register:,} enrolments, overviews of "
        f"{', '.join(f'{g:,}' for g in groottes)} ...")
    o = Overzicht(engine, register, groottes, sleutel, log)
    try:
        log(f"  filled in {o.vullen_s:.0f} s; checking ...")
        o.controleer()
        log(f"{engine}: timing the overview, {rondes} rounds ...")
        for ronde in range(rondes):
            o.ronde(omgekeerd=ronde % 2 == 1)
        log(f"{engine}: memory ...")
        return {"register": register, "vullen_s": round(o.vullen_s, 1), "rondes": rondes,
                "groottes": o.uitkomst()}
    finally:
        o.sluit()


# ---------------------------------------------------------------- report

def _getal(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def upload_tabel(engine, uploads):
    """Markdown; and the goals missed."""
    regels = ["| rows | app s | app rows/s | raw s | raw rows/s | app / raw | "
              "ms/row, first 10 % of batches | ms/row, last 10 % |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    missers = []
    for u in uploads:
        ok = u["app_raw"] >= MIN_APP_RAW
        verhouding = f"{u['app_raw']:.3f}" if ok else f"**{u['app_raw']:.3f}**"
        regels.append(f"| {u['grootte']:,} | {_getal(u['app_s'])} | {u['app_per_s']:,.0f} | "
                      f"{_getal(u['raw_s'])} | {u['raw_per_s']:,.0f} | {verhouding} | "
                      f"{_getal(u['rij_ms_eerste_tiende'])} | "
                      f"{_getal(u['rij_ms_laatste_tiende'])} |")
        if not ok:
            missers.append(f"{engine} upload {u['grootte']:,}: app/raw rows/s "
                           f"{u['app_raw']:.3f} (goal >= {MIN_APP_RAW:g})")
    if len(uploads) > 1:
        klein, groot = uploads[0], uploads[-1]
        groei = groot["app_s"] / klein["app_s"]
        grens = MAX_LINEAIR * groot["grootte"] / klein["grootte"]
        ok = groei <= grens
        regels.append(f"\ntime {groot['grootte']:,} / {klein['grootte']:,}: {groei:.2f} "
                      f"(goal <= {grens:g}: {'met' if ok else 'NOT MET'})")
        if not ok:
            missers.append(f"{engine} upload: {groot['grootte']:,} / {klein['grootte']:,} "
                           f"rows took {groei:.2f} x (goal <= {grens:g})")
    return "\n".join(regels), missers


def profiel_tabel(p):
    regels = [f"| step ({p['regels']:,}-row file, under cProfile: {p['s']:.1f} s) | s | "
              f"µs per row | share |", "|---|---:|---:|---:|"]
    totaal = p["stappen"][0]["s"] or 1
    for s in p["stappen"]:
        regels.append(f"| {s['stap'].replace('  ', '&nbsp;&nbsp;')} | {s['s']:.2f} | "
                      f"{1e6 * s['s'] / p['regels']:,.0f} | {100 * s['s'] / totaal:.0f} % |")
    return "\n".join(regels)


def overzicht_tabel(engine, o):
    regels = ["| rows | app csv ms | app xlsx ms | raw csv ms | raw xlsx ms (info) | "
              "csv / raw | xlsx / raw | peak csv MB | peak xlsx MB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    missers = []
    groottes = sorted(o["groottes"])
    for g in groottes:
        r = o["groottes"][g]
        cellen = [f"{g:,} ({r['code']})"] + [_getal(r[f"{s}_ms"]) for s in SOORTEN]
        for sleutel, naam in (("csv_raw", "CSV"), ("xlsx_raw", "XLSX")):
            ok = r[sleutel] <= MAX_OVERZICHT
            cellen.append(f"{r[sleutel]:.2f}" if ok else f"**{r[sleutel]:.2f}**")
            if not ok:
                missers.append(f"{engine} overview {g:,} {naam}: {r[sleutel]:.2f} x the raw "
                               f"CSV (goal <= {MAX_OVERZICHT:g})")
        cellen += [f"{r['piek_csv'] / 1e6:.2f}", f"{r['piek_xlsx'] / 1e6:.2f}"]
        regels.append("| " + " | ".join(cellen) + " |")
    if len(groottes) > 1:
        klein, groot = o["groottes"][groottes[0]], o["groottes"][groottes[-1]]
        for ext in ("csv", "xlsx"):
            verhouding = groot[f"piek_{ext}"] / klein[f"piek_{ext}"]
            ok = abs(verhouding - 1) <= MAX_GEHEUGEN
            regels.append(f"\npeak {ext.upper()} {groottes[-1]:,} / {groottes[0]:,}: "
                          f"{verhouding:.2f} (goal 1 ± {MAX_GEHEUGEN:g}: "
                          f"{'met' if ok else 'NOT MET'})")
            if not ok:
                missers.append(f"{engine} overview peak memory {ext.upper()}: "
                               f"{groottes[-1]:,} / {groottes[0]:,} = {verhouding:.2f} "
                               f"(goal 1 ± {MAX_GEHEUGEN:g})")
    return "\n".join(regels), missers


def main(engines, groottes, register, overzicht_groottes, rondes, toon_profiel=False,
         delen=("upload", "overzicht")):
    head, gewijzigd, verschil = _commit()
    anders = (f" with uncommitted changes (diff {verschil}) in {', '.join(gewijzigd)}"
              if gewijzigd else "")
    print(f"commit {head}{anders}, {datetime.datetime.now():%Y-%m-%d %H:%M}; "
          f"load average at the start: "
          f"{', '.join(map(str, load_average()))}", flush=True)
    instance = Path(tempfile.mkdtemp(prefix="bench-bestanden-"))
    # create_app and the job queue (jobs/wachtrij.py) take their instance folder from the
    # environment: huey's storage goes there, not into the checkout's instance/.
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per file processed
    sleutel = secrets.token_hex(32)
    missers = []
    try:
        for engine in engines:
            uit = {"engine": engine, "commit": head, "gewijzigd": gewijzigd,
                   "verschil": verschil,
                   "datum": datetime.datetime.now().isoformat(timespec="seconds"),
                   "load": [load_average()]}
            if "upload" in delen:
                uit["uploads"] = [upload(engine, g, sleutel) for g in groottes]
                uit["profiel"], tekst = profiel(engine, sleutel)
                OUT.mkdir(exist_ok=True)
                (OUT / f"bestanden-profiel-{engine}.txt").write_text(tekst, encoding="utf-8")
            if "overzicht" in delen:
                uit["overzicht"] = overzicht(engine, register, overzicht_groottes, rondes,
                                             sleutel)
            uit["load"].append(load_average())
            OUT.mkdir(exist_ok=True)
            (OUT / f"bestanden-{engine}.json").write_text(json.dumps(uit, indent=1),
                                                          encoding="utf-8")
            if "uploads" in uit:
                regels, mis = upload_tabel(engine, uit["uploads"])
                print(f"\n{engine}: upload processing, the job against raw insert_many of "
                      f"the same rows; goals: app/raw >= {MIN_APP_RAW:g}, linear\n")
                print(regels)
                missers += mis
                print(f"\n{engine}: time per row by step\n")
                print(profiel_tabel(uit["profiel"]))
                if toon_profiel:
                    print(f"\n{engine}: top 25 by cumulative time "
                          f"(bench/out/bestanden-profiel-{engine}.txt has 40)\n")
                    tekst = (OUT / f"bestanden-profiel-{engine}.txt").read_text()
                    print("\n".join(tekst.splitlines()[:25 + _kop_regels(tekst)]))
            if "overzicht" in uit:
                o = uit["overzicht"]
                regels, mis = overzicht_tabel(engine, o)
                print(f"\n{engine}: registratieoverzicht in a register of {o['register']:,}, "
                      f"median of {o['rondes']} rounds; goal: app <= {MAX_OVERZICHT:g} x raw "
                      f"CSV; tracemalloc peak (Python allocations) within "
                      f"±{MAX_GEHEUGEN:.0%}\n")
                print(regels)
                missers += mis
            print(f"\nload average (1, 5, 15 min) before/after {engine}: "
                  f"{', '.join(map(str, uit['load'][0]))} / "
                  f"{', '.join(map(str, uit['load'][1]))}", flush=True)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    print(f"\nload average at the end: {', '.join(map(str, load_average()))}")
    if missers:
        print("\nFAIL:\n  " + "\n  ".join(missers))
        return 1
    print("\nok: every goal met")
    return 0


def _kop_regels(tekst):
    """The lines of pstats' output before its first function."""
    for i, regel in enumerate(tekst.splitlines()):
        if regel.strip().startswith("ncalls"):
            return i + 1
    return 0
