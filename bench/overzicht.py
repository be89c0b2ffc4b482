"""Benchmark: the Overzicht search (`domain.inschrijving.overzicht`) for one school of
2,000 pupils, in registers of different sizes, on SQLite and PostgreSQL.

Per engine, one fresh database per size: migrated, generated, statistics gathered
(ANALYZE), then reopened with the app's own connection settings. The timed call is
`overzicht(actor, term)` for an actor of the school's bestuur with only the benchmark
school's instellingscode, inside a transaction that is rolled back: the Inzagelog row
is written but not committed, so a disk flush does not blur the figures. On
PostgreSQL no statement is prepared, so each call is planned for its own parameter
values, as in the app, which connects per request. After a warm-up call per size and
term, the calls of all sizes take turns, `repeat` rounds; the figure is the median.
Beside it the same SELECTs alone ("query"), to tell database time from building the
rows in Python. The query plans (EXPLAIN) go to bench/out/.

Goal (the search is index-bound, not a scan): for every term, the median at the
largest size is at most `MAX_RATIO` times the median at the smallest."""
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

from peewee import SqliteDatabase

from domain.actor import Actor
from domain.inschrijving import overzicht
from models import database, make_database
from models.db import SQLITE_PRAGMAS
from models.migrate import upgrade

from .generator import BENCH_PUPILS, BENCH_SCHOOL, genereer
from .proces import postgres_database

OUT = Path(__file__).resolve().parent / "out"
ZOEKTERMEN = ("", "jan", "dijk")
MAX_RATIO = 1.5


# ---------------------------------------------------------------- databases

def _maak_database(engine, grootte):
    """A fresh, empty database: (url, cleanup)."""
    if engine == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"overzicht-{grootte}.db"

        def weg():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        weg()
        return f"sqlite:///{path}", weg
    return postgres_database(f"overzicht_{grootte}")


def _grootte_op_schijf(engine, db):
    if engine == "sqlite":
        path = Path(db.database)
        return sum(Path(f"{path}{s}").stat().st_size
                   for s in ("", "-wal") if Path(f"{path}{s}").exists())
    return db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]


# ---------------------------------------------------------------- capturing the query

class _Vanger(logging.Handler):
    """Keeps the SELECTs on inschrijving that peewee logs: the exact queries of the
    search (one, or two when a term first reads the index of names)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        msg = record.msg
        if isinstance(msg, tuple) and len(msg) == 2 and isinstance(msg[0], str):
            if msg[0].startswith("SELECT") and 'FROM "inschrijving"' in msg[0]:
                self.queries.append(msg)


def _vang_query(actor, term):
    logger = logging.getLogger("peewee")
    vanger, niveau = _Vanger(), logger.level
    logger.addHandler(vanger)
    logger.setLevel(logging.DEBUG)
    try:
        _overzicht(actor, term)
    finally:
        logger.removeHandler(vanger)
        logger.setLevel(niveau)
    return vanger.queries


def _plan(engine, db, sql, params):
    if engine == "sqlite":
        rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in rows)
    rows = db.execute_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    return "\n".join(r[0] for r in rows)


# ---------------------------------------------------------------- measuring

def _overzicht(actor, term):
    """One call as the app makes it, its Inzagelog row rolled back."""
    with database.atomic() as txn:
        secties = overzicht(actor, term)
        txn.rollback()
    return secties


def _ms(functie):
    t = time.perf_counter()
    functie()
    return (time.perf_counter() - t) * 1000


class _Register:
    """One generated database of one engine and size."""

    def __init__(self, engine, grootte, seed, log, sql=(), pragmas=None):
        self.engine, self.grootte = engine, grootte
        self.url, self.opruimen = _maak_database(engine, grootte)
        if engine == "sqlite" and pragmas:
            self.db = SqliteDatabase(self.url[len("sqlite:///"):],
                                     pragmas={**SQLITE_PRAGMAS, **pragmas})
        else:
            self.db = make_database(self.url)
        self.gebruik()
        self.db.connect()
        t0 = time.perf_counter()
        upgrade(self.db)

        def voortgang(klaar, totaal, sec):
            if klaar == totaal or klaar // 100_000 != (klaar - 5500) // 100_000:
                log(f"  {engine} {grootte:,}: {klaar:,} enrolments, {sec:.0f} s")

        bench = genereer(self.db, grootte, seed=seed, voortgang=voortgang)
        for statement in sql:  # what-if: schema changes tried without a migration
            self.db.execute_sql(statement)
        t1 = time.perf_counter()
        # After a bulk load autovacuum would run; VACUUM sets the visibility map that lets
        # PostgreSQL answer the search from the index alone.
        self.db.execute_sql("VACUUM ANALYZE" if engine == "postgres" else "ANALYZE")
        if engine == "sqlite":
            self.db.execute_sql("PRAGMA optimize")
        t2 = time.perf_counter()
        self.db.close()
        self.db.connect()  # a new connection: the app's own settings
        if engine == "postgres":
            # The app connects per request, so psycopg never gets to prepare a
            # statement (it does from the 5th execution on a connection) and every
            # call is planned with its parameter values. Here too.
            self.db.connection().prepare_threshold = None
        self.actor = Actor(
            kenmerk="bench:overzicht", organisatie_id=bench.bestuur.organisatie_id,
            organisatie_soort="bestuur", rollen=frozenset({"schooladministratie"}),
            kenmerken={"instellingscode": frozenset({BENCH_SCHOOL})})
        self.figures = {
            "engine": engine, "grootte": grootte, "seed": seed,
            "generatie_s": round(t1 - t0, 1), "analyze_s": round(t2 - t1, 1),
            "bytes": _grootte_op_schijf(engine, self.db), "termen": {},
        }
        self.tijden = {term: [] for term in ZOEKTERMEN}
        self.query_tijden = {term: [] for term in ZOEKTERMEN}
        self.queries = {}

    def gebruik(self):
        database.initialize(self.db)

    def opwarmen(self):
        """Check the result, capture the query and its plan, warm the caches."""
        self.gebruik()
        plannen = []
        for term in ZOEKTERMEN:
            secties = _overzicht(self.actor, term)
            assert [s.instelling.code for s in secties] == [BENCH_SCHOOL], secties
            rijen = len(secties[0].regels)
            if term == "":
                assert rijen == BENCH_PUPILS, rijen
            self.figures["termen"][term] = {"rijen": rijen}
            self.queries[term] = _vang_query(self.actor, term)
            for sql, params in self.queries[term]:
                plannen.append(f"-- term {term!r}\n{sql}\n{params}\n\n"
                               f"{_plan(self.engine, self.db, sql, params)}\n")
            self._queries(term)
        OUT.mkdir(exist_ok=True)
        self.figures["plan"] = str(OUT / f"overzicht-{self.engine}-{self.grootte}.plan.txt")
        Path(self.figures["plan"]).write_text("\n".join(plannen), encoding="utf-8")

    def ronde(self):
        self.gebruik()
        for term in ZOEKTERMEN:
            self.tijden[term].append(_ms(lambda t=term: _overzicht(self.actor, t)))
            self.query_tijden[term].append(_ms(lambda t=term: self._queries(t)))

    def _queries(self, term):
        for sql, params in self.queries[term]:
            self.db.execute_sql(sql, params).fetchall()

    def uitkomst(self):
        for term in ZOEKTERMEN:
            t = self.figures["termen"][term]
            t["overzicht_ms"] = round(statistics.median(self.tijden[term]), 2)
            t["min_ms"] = round(min(self.tijden[term]), 2)
            t["query_ms"] = round(statistics.median(self.query_tijden[term]), 2)
        self.figures["repeat"] = len(self.tijden[ZOEKTERMEN[0]])
        return self.figures

    def sluit(self):
        try:
            if not self.db.is_closed():
                self.db.close()
        finally:
            self.opruimen()


def om_beurten(registers, rondes):
    """`rondes` rounds of every register's `ronde()`, in alternating order, so a burst of
    other load on the machine hits every size alike."""
    for ronde in range(rondes):
        for r in (registers if ronde % 2 == 0 else reversed(registers)):
            r.ronde()


def meet(engine, groottes, repeat=25, seed=2026, log=print, sql=(), pragmas=None):
    """Generate one database per size, then time them in turns; a figures dict per size."""
    registers = []
    try:
        for grootte in groottes:
            log(f"{engine}, {grootte:,} enrolments: generating ...")
            r = _Register(engine, grootte, seed, log, sql, pragmas)
            registers.append(r)
            log(f"  generated in {r.figures['generatie_s']} s (+ analyze "
                f"{r.figures['analyze_s']} s), {r.figures['bytes'] / 1e6:,.0f} MB")
        for r in registers:
            r.opwarmen()
        log(f"{engine}: timing, {repeat} rounds ...")
        om_beurten(registers, repeat)
        return [r.uitkomst() for r in registers]
    finally:
        for r in registers:
            r.sluit()


# ---------------------------------------------------------------- the table

def _term(term):
    return '""' if term == "" else f'"{term}"'


def verhoudingen(resultaten, maat="overzicht_ms"):
    """Per engine and term: (engine, term, smallest, largest, largest/smallest)."""
    uit = []
    for engine in dict.fromkeys(r["engine"] for r in resultaten):
        rijen = sorted((r for r in resultaten if r["engine"] == engine), key=lambda r: r["grootte"])
        if len(rijen) < 2:
            continue
        klein, groot = rijen[0], rijen[-1]
        for term in ZOEKTERMEN:
            a = klein["termen"][term][maat]
            b = groot["termen"][term][maat]
            uit.append((engine, term, klein["grootte"], groot["grootte"], b / a))
    return uit


def tabel(resultaten):
    regels = [f"{'engine':<9}{'enrolments':>11}{'generate s':>12}{'term':>8}{'rows':>6}"
              f"{'overzicht ms':>14}{'min ms':>8}{'query ms':>10}"]
    for r in resultaten:
        for term, t in r["termen"].items():
            regels.append(
                f"{r['engine']:<9}{r['grootte']:>11,}{r['generatie_s']:>12.1f}{_term(term):>8}"
                f"{t['rijen']:>6}{t['overzicht_ms']:>14.1f}{t['min_ms']:>8.1f}"
                f"{t['query_ms']:>10.1f}")
    return "\n".join(regels)


def main(engines, groottes, repeat, seed, explain=False, sql=(), pragmas=None):
    def log(text):
        print(text, file=sys.stderr, flush=True)

    resultaten = []
    for engine in engines:
        begin = os.getloadavg()[0]
        figures = meet(engine, groottes, repeat=repeat, seed=seed, log=log, sql=sql,
                       pragmas=pragmas)
        for r in figures:  # other work on the machine blurs the figures: note it
            r["load"] = [round(begin, 1), round(os.getloadavg()[0], 1)]
        resultaten.extend(figures)
    OUT.mkdir(exist_ok=True)
    (OUT / "overzicht.json").write_text(json.dumps(resultaten, indent=2), encoding="utf-8")
    if explain:
        for r in resultaten:
            print(f"==== {r['engine']}, {r['grootte']:,} enrolments")
            print(Path(r["plan"]).read_text(encoding="utf-8"))
    print(f"Overzicht of school {BENCH_SCHOOL} ({BENCH_PUPILS:,} pupils), median of {repeat} "
          f"calls; plans in {OUT}/")
    for statement in sql:
        print(f"what-if, after generating: {statement}")
    if pragmas:
        print(f"what-if, SQLite pragmas: {pragmas}")
    print(tabel(resultaten))
    load = {r["engine"]: r["load"] for r in resultaten}
    print("load average (1 min) before/after: "
          + ", ".join(f"{e} {a}/{b}" for e, (a, b) in load.items()))
    print()
    te_hoog = []
    minima = {(e, t): ratio for e, t, _, _, ratio in verhoudingen(resultaten, "min_ms")}
    for engine, term, klein, groot, ratio in verhoudingen(resultaten):
        ok = ratio <= MAX_RATIO
        print(f"{engine:<9} term {_term(term):<7} {groot:,} / {klein:,}: ratio {ratio:.2f} "
              f"(of minima {minima[engine, term]:.2f})  "
              f"{'ok' if ok else f'TOO HIGH (goal <= {MAX_RATIO})'}")
        if not ok:
            te_hoog.append((engine, term))
    if te_hoog:
        print(f"\nFAIL: {len(te_hoog)} ratio(s) above {MAX_RATIO}.")
        return 1
    return 0
