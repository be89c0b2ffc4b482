"""Herindeling (R-HER-01) and retention (R-AVG-01) against raw SQL of the same rows, in the
synthetic national register of bench/leveringen.py (`--personen`, default 3,500,000, over
342 gemeenten), on SQLite and PostgreSQL.

A. Herindeling: Amsterdam (0363) and Groningen (0014), `--groot` persons each (default
150,000), into a new gemeente (1999) on today's date, recorded with
`domain.herindeling.registreer` before the clock starts.
- dry run: `herindeling.proef(h)`, against raw: the persons per old gemeente, and the
  vrijstellingen and open meldingen of both, counted in three SELECTs;
- execution: `herindeling.voer_uit(...)`, what the job does (claim; the phases a batch of
  HERINDELING_PER_KEER persons a transaction with its counts; the open meldingen each a
  version; machtigingen, sign-ups, the gemeenten ended), against raw: one transaction of
  UPDATEs of the same rows (persons, the BRP source's records, vrijstellingen, open
  meldingen, machtigingen, sign-ups, the two gemeenten), committed.
After every execution the register is put back as it was (not timed): the persons'
and vrijstellingen's gemeente from a saved copy, the gemeenten and sign-ups, the
herindeling planned again. `--rondes` rounds (median), raw and the app in alternating order.

B. Retention: `--vertrekkers` persons (default 200,000: every k-th by id) made one year's
leavers before the clock starts: every enrolment of theirs ended on 31 July six years ago,
any vrijstelling too. Raw: the persons past retention in a temporary table by the
conditions of `domain.opschoning` in one SELECT, then one DELETE per table of their rows,
in one transaction, committed; its dry run the same SELECT and a count per table. Both
remove, so they cannot remove the same rows: raw removes set A (and the few others past
retention), then set B of the same size and kind (the next id of every k) is made leavers
and the app removes it: `opschoning.voer_uit` of today's run (`--per-keer` persons a
transaction, its place and counts with each), its dry run (`droog=True`) before. Compared
per person removed.

Goal: app <= MAX_RATIO x raw, each of the four. Figures: bench/out/herindeling-<engine>.json.
Exit 1 when a goal is missed."""
import datetime
import json
import os
import shutil
import statistics
import tempfile
import time
from types import SimpleNamespace

from domain import herindeling, opschoning
from domain.actor import Actor
from models import Gemeente, Herindeling, Persoon

from .leveringen import GROOT_CODE, KLEIN_CODE, Register, _analyseer, _log
from .overzicht import OUT
from .proces import load_average

MAX_RATIO = 3.0
NIEUW = "1999"
BEHEER = Actor("systeem:bench", None, rollen=frozenset({"functioneel_beheer"}))
OPEN = "('R', 'B')"  # verzuim.Status.OPEN, in SQL


class Raw:
    """The register's plain DB-API connection, with one placeholder style for both."""

    def __init__(self, register):
        self.conn, self.pg = register.raw, register.engine == "postgres"

    def sql(self, tekst, params=()):
        cur = self.conn.cursor()
        cur.execute(tekst.replace("?", "%s") if self.pg else tekst, params)
        return cur

    def begin(self):
        if not self.pg:
            self.sql("BEGIN")

    def commit(self):
        self.conn.commit() if self.pg else self.sql("COMMIT")

    def rollback(self):
        self.conn.rollback() if self.pg else self.sql("ROLLBACK")

    def klaar(self):
        """After reading: PostgreSQL's implicit transaction ended (SQLite has none open)."""
        if self.pg:
            self.conn.rollback()


def _klok(functie):
    begin = time.perf_counter()
    uit = functie()
    return time.perf_counter() - begin, uit


# ---------------------------------------------------------------- A. herindeling

class Herindelingmeting:
    def __init__(self, register, raw):
        self.raw = raw
        self.oud = [register.gemeenten[c].id for c in (GROOT_CODE, KLEIN_CODE)]
        self.vandaag = datetime.date.today()
        self.h = herindeling.registreer(BEHEER, herindeling.Invoer(
            self.vandaag, (GROOT_CODE, KLEIN_CODE), NIEUW, "Benchstad"), vandaag=self.vandaag)
        self.nieuw = Gemeente.get(Gemeente.code == NIEUW).id
        lijst = ", ".join(map(str, self.oud))
        self.lijst = lijst
        raw.begin()
        raw.sql(f"CREATE TABLE bench_herkomst AS SELECT id, woongemeente_id FROM persoon "
                f"WHERE woongemeente_id IN ({lijst})")
        raw.sql(f"CREATE TABLE bench_vherkomst AS SELECT id, gemeente_id FROM vrijstelling "
                f"WHERE gemeente_id IN ({lijst})")
        # Their keys indexed: putting the rows back looks each one up.
        raw.sql("CREATE UNIQUE INDEX bench_herkomst_id ON bench_herkomst (id)")
        raw.sql("CREATE UNIQUE INDEX bench_vherkomst_id ON bench_vherkomst (id)")
        raw.commit()
        self.personen = raw.sql("SELECT count(*) FROM bench_herkomst").fetchone()[0]
        raw.klaar()

    def proef_raw(self):
        r = self.raw
        per = r.sql(f"SELECT woongemeente_id, count(*) FROM persoon WHERE woongemeente_id IN "
                    f"({self.lijst}) GROUP BY woongemeente_id").fetchall()
        v = r.sql(f"SELECT count(*) FROM vrijstelling WHERE gemeente_id IN ({self.lijst})"
                  ).fetchone()
        m = r.sql(f"SELECT count(*) FROM verzuimmelding WHERE gemeente_id IN ({self.lijst}) "
                  f"AND status IN {OPEN}").fetchone()
        r.klaar()
        return sum(n for _, n in per), v[0], m[0]

    def proef_app(self):
        p = herindeling.proef(Herindeling.get_by_id(self.h.id))
        return sum(n for _, _, n in p.personen), p.vrijstellingen, p.open_meldingen

    def uitvoering_raw(self):
        r, lijst, n = self.raw, self.lijst, self.nieuw
        r.begin()
        r.sql("UPDATE brp_persoon SET gemeentecode = ? WHERE bsn IN (SELECT bsn FROM persoon "
              f"WHERE woongemeente_id IN ({lijst}) AND bsn IS NOT NULL)", (NIEUW,))
        aantal = r.sql(f"UPDATE persoon SET woongemeente_id = {n} WHERE woongemeente_id IN "
                       f"({lijst})").rowcount
        r.sql(f"UPDATE vrijstelling SET gemeente_id = {n} WHERE gemeente_id IN ({lijst})")
        r.sql(f"UPDATE verzuimmelding SET gemeente_id = {n}, versie = versie + 1 WHERE "
              f"gemeente_id IN ({lijst}) AND status IN {OPEN}")
        r.sql(f"UPDATE machtiging SET gemeente_id = {n} WHERE gemeente_id IN ({lijst}) AND "
              "beeindigd IS NULL")
        r.sql(f"UPDATE aanmelding SET actief = ? WHERE gemeente_id IN ({lijst})", (False,))
        r.sql(f"UPDATE gemeente SET geldig_tot = ?, opgevolgd_door_id = {n} WHERE id IN "
              f"({lijst})", ((self.vandaag - datetime.timedelta(days=1)).isoformat(),))
        r.commit()
        return aantal

    def uitvoering_app(self):
        klaar = herindeling.voer_uit(BEHEER, self.h.id, vandaag=self.vandaag)
        return json.loads(klaar.aantallen)["personen"]

    def herstel(self):
        """Back to before the execution (not timed)."""
        r, lijst = self.raw, self.lijst
        r.begin()
        r.sql("UPDATE persoon SET woongemeente_id = (SELECT h.woongemeente_id FROM "
              "bench_herkomst h WHERE h.id = persoon.id) WHERE id IN (SELECT id FROM "
              "bench_herkomst)")
        r.sql("UPDATE vrijstelling SET gemeente_id = (SELECT h.gemeente_id FROM bench_vherkomst "
              "h WHERE h.id = vrijstelling.id) WHERE id IN (SELECT id FROM bench_vherkomst)")
        r.sql(f"UPDATE gemeente SET geldig_tot = NULL, opgevolgd_door_id = NULL WHERE id IN "
              f"({lijst})")
        r.sql(f"UPDATE aanmelding SET actief = ? WHERE gemeente_id IN ({lijst})", (True,))
        r.sql("UPDATE herindeling SET status = 'gepland', fase = '', aantallen = '{}', "
              "positie = 0, houder = NULL, geclaimd_tot = NULL, uitgevoerd = NULL")
        r.commit()

    def meet(self, rondes):
        uit = {"personen": self.personen, "proef_raw": [], "proef_app": [], "raw": [],
               "app": []}
        assert self.proef_raw() == self.proef_app(), (self.proef_raw(), self.proef_app())
        for ronde in range(rondes):
            volgorde = ("raw", "app") if ronde % 2 == 0 else ("app", "raw")
            for wie in volgorde:
                s, _ = _klok(self.proef_raw if wie == "raw" else self.proef_app)
                uit[f"proef_{wie}"].append(s)
            for wie in volgorde:
                s, aantal = _klok(self.uitvoering_raw if wie == "raw" else self.uitvoering_app)
                assert aantal == self.personen, (wie, aantal, self.personen)
                uit[wie].append(s)
                self.herstel()
            _log(f"  round {ronde + 1}: dry run raw {uit['proef_raw'][-1]:.2f} s, app "
                 f"{uit['proef_app'][-1]:.2f} s; execution raw {uit['raw'][-1]:.1f} s, app "
                 f"{uit['app'][-1]:.1f} s")
        return uit


# ---------------------------------------------------------------- B. retention

KANDIDATEN = """SELECT p.id FROM persoon p WHERE p.samengevoegd_in_id IS NULL
 AND (EXISTS (SELECT 1 FROM inschrijving i WHERE i.persoon_id = p.id)
      OR EXISTS (SELECT 1 FROM vrijstelling v WHERE v.persoon_id = p.id))
 AND NOT EXISTS (SELECT 1 FROM inschrijving i WHERE i.persoon_id = p.id
                 AND (i.datum_uitschrijving IS NULL OR i.datum_uitschrijving >= ?))
 AND NOT EXISTS (SELECT 1 FROM vrijstelling v WHERE v.persoon_id = p.id
                 AND (v.einddatum IS NULL OR v.einddatum >= ?))
 AND NOT EXISTS (SELECT 1 FROM verzuimmelding m WHERE m.persoon_id = p.id
                 AND m.status IN """ + OPEN + ")"
# Children before parents, as domain.opschoning removes them: (table, its rows of `weg`).
RIJEN = (
    ("melding_concept", "persoon_id IN (SELECT id FROM weg) OR melding_id IN (SELECT id FROM "
                       "verzuimmelding WHERE persoon_id IN (SELECT id FROM weg))"),
    ("melding_versie", "melding_id IN (SELECT id FROM verzuimmelding WHERE persoon_id IN "
                      "(SELECT id FROM weg))"),
    ("verzuimmelding", "persoon_id IN (SELECT id FROM weg)"),
    ("resultaat", "persoon_id IN (SELECT id FROM weg)"),
    ("vrijstelling", "persoon_id IN (SELECT id FROM weg)"),
    ("koppeling", "persoon_id IN (SELECT id FROM weg) OR vervallen_id IN (SELECT id FROM weg)"),
    ("mutatie", "persoon_id IN (SELECT id FROM weg)"),
    ("inschrijving", "persoon_id IN (SELECT id FROM weg)"),
    ("persoon", "id IN (SELECT id FROM weg)"),
)


class Opschoningmeting:
    """Raw removes one set of leavers (A, committed, as the app's run commits), the app
    another of the same size and kind (B, every k-th person from the next id): each timed
    per person removed, as both cannot remove the same rows."""

    def __init__(self, register, raw, vertrekkers, per_keer):
        self.raw, self.register, self.per_keer = raw, register, per_keer
        self.vandaag = datetime.date.today()
        self.grens = opschoning.grens(self.vandaag).isoformat()
        self.stap = max(2, Persoon.select().count() // vertrekkers)
        self._vertrekkers(0)

    def _vertrekkers(self, rest):
        """Every k-th person (id = `rest` modulo k) a leaver of six years ago (not timed)."""
        eind = datetime.date(self.vandaag.year - 6, 7, 31).isoformat()
        r = self.raw
        r.begin()
        r.sql(f"UPDATE inschrijving SET datum_uitschrijving = ?, datum_inschrijving = CASE "
              f"WHEN datum_inschrijving > ? THEN ? ELSE datum_inschrijving END WHERE "
              f"MOD(persoon_id, {self.stap}) = {rest}", (eind, eind, eind))
        r.sql(f"UPDATE vrijstelling SET einddatum = ? WHERE MOD(persoon_id, {self.stap}) = "
              f"{rest}", (eind,))
        r.commit()
        _analyseer(self.register.engine, self.register.db)

    def _weg(self):
        self.raw.sql(f"CREATE TEMPORARY TABLE weg AS {KANDIDATEN}", (self.grens, self.grens))

    def proef_raw(self):
        r = self.raw
        r.begin()
        self._weg()
        tellingen = {tabel: r.sql(f"SELECT count(*) FROM {tabel} WHERE {waar}").fetchone()[0]
                     for tabel, waar in RIJEN}
        r.rollback()
        return tellingen

    def uitvoering_raw(self):
        r = self.raw
        r.begin()
        self._weg()
        r.sql("UPDATE bestandsregel SET inschrijving_id = NULL WHERE inschrijving_id IN "
              "(SELECT id FROM inschrijving WHERE persoon_id IN (SELECT id FROM weg))")
        weg = {tabel: r.sql(f"DELETE FROM {tabel} WHERE {waar}").rowcount for tabel, waar in RIJEN}
        r.sql("DROP TABLE weg")
        r.commit()
        return weg

    def meet(self, rondes):
        uit = {"proef_raw": []}
        for _ronde in range(rondes):
            s, tellingen = _klok(self.proef_raw)
            uit["proef_raw"].append(s)
        uit["raw_rijen"] = tellingen
        s, weg = _klok(self.uitvoering_raw)
        uit["raw"] = [s]
        assert weg["persoon"] == tellingen["persoon"], (weg, tellingen)
        _log(f"  raw: dry run {statistics.median(uit['proef_raw']):.1f} s, removal {s:.1f} s "
             f"({weg['persoon']:,} persons)")
        self._vertrekkers(1)
        s, proef = _klok(lambda: opschoning.voer_uit(opschoning.begin(
            BEHEER, self.vandaag, droog=True).id, self.per_keer))
        uit["proef_app"] = [s]
        s, run = _klok(lambda: opschoning.voer_uit(opschoning.begin(BEHEER, self.vandaag).id,
                                                   self.per_keer))
        uit["app"] = [s]
        uit["aantallen"] = json.loads(run.aantallen)
        assert json.loads(proef.aantallen)["personen"] == uit["aantallen"]["personen"]
        # Per person removed: the two sets are of one size and kind, not the same rows.
        uit["raw_personen"], uit["app_personen"] = weg["persoon"], uit["aantallen"]["personen"]
        for wie in ("proef_raw", "raw"):
            uit[f"{wie}_per_persoon"] = [t / weg["persoon"] for t in uit[wie]]
        for wie in ("proef_app", "app"):
            uit[f"{wie}_per_persoon"] = [t / uit["app_personen"] for t in uit[wie]]
        _log(f"  app: dry run {uit['proef_app'][0]:.1f} s, removal {uit['app'][0]:.1f} s "
             f"({uit['app_personen']:,} persons)")
        return uit


# ---------------------------------------------------------------- the run

def _verhouding(uit, app, raw):
    return statistics.median(uit[app]) / statistics.median(uit[raw])


def main(engines, args):
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}; load average at the start: "
          f"{', '.join(map(str, load_average()))}", flush=True)
    instance = tempfile.mkdtemp(prefix="bench-herindeling-", dir="/tmp")
    os.environ["INSTANCE_PATH"] = instance
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    missers = []
    opties = SimpleNamespace(register=args.register, personen=args.personen, groot=args.groot,
                             klein=args.groot, gemeenten=args.gemeenten, mutaties=1.0,
                             seed=args.seed, sql=[])
    try:
        for engine in engines:
            uit = {"engine": engine, "datum": datetime.datetime.now().isoformat("T", "seconds"),
                   "load": [load_average()]}
            register = Register(engine, opties, instance)
            try:
                uit["register"] = register.info
                raw = Raw(register)
                _log(f"{engine}: herindeling, {args.rondes} rounds ...")
                uit["herindeling"] = Herindelingmeting(register, raw).meet(args.rondes)
                _log(f"{engine}: retention ...")
                uit["opschoning"] = Opschoningmeting(register, raw, args.vertrekkers,
                                                     args.per_keer).meet(args.rondes)
            finally:
                register.sluit(args.bewaar)
            uit["load"].append(load_average())
            OUT.mkdir(exist_ok=True)
            (OUT / f"herindeling-{engine}.json").write_text(json.dumps(uit, indent=1,
                                                                       default=str))
            h, o = uit["herindeling"], uit["opschoning"]
            print(f"\n{engine}: {register.info['personen']:,} persons; herindeling of "
                  f"{h['personen']:,}; retention of {o['aantallen']['personen']:,}")
            print("| what | app s | raw s | app / raw |\n|---|---:|---:|---:|")
            for naam, blok, app, raw_ in (("herindeling dry run", h, "proef_app", "proef_raw"),
                                         ("herindeling", h, "app", "raw"),
                                         ("retention dry run, per person", o,
                                          "proef_app_per_persoon", "proef_raw_per_persoon"),
                                         ("retention, per person", o, "app_per_persoon",
                                          "raw_per_persoon")):
                ratio = _verhouding(blok, app, raw_)
                print(f"| {naam} | {statistics.median(blok[app]):.6g} | "
                      f"{statistics.median(blok[raw_]):.6g} | **{ratio:.2f}** |")
                if ratio > MAX_RATIO:
                    missers.append(f"{engine} {naam}: {ratio:.2f} x raw > {MAX_RATIO:g}")
            print(f"load average before/after: {uit['load'][0]} / {uit['load'][1]}", flush=True)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    if missers:
        print("\nFAIL:\n  " + "\n  ".join(missers))
        return 1
    print("\nok: every goal met")
    return 0
