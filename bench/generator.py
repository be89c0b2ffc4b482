"""A synthetic register for benchmarks.

Persons aged 4 to 22 (spread as in Dutch school attendance) living over every
postcode area of the reference data, enrolled at many schools (about one per 500
enrolments, PO and VO, of varying size) under besturen of a few schools each. About
one person in ten also has an earlier, ended enrolment. One benchmark school,
`BENCH_SCHOOL` under bestuur `BENCH_BESTUUR`, always has exactly `BENCH_PUPILS` pupils.

Ages and dates count from `peildatum` (default today); with the same seed and
peildatum the register is the same.

Rows go in in bulk: peewee `insert_many` for the small tables; for persons and
enrolments the same multi-row INSERT built once per batch shape (SQLite) or COPY
(PostgreSQL), a transaction per 5,000 persons, so a million enrolments take minutes.
"""
import datetime
import random
import time
from bisect import bisect
from itertools import accumulate
from pathlib import Path

from peewee import PostgresqlDatabase, chunked

from domain.datums import verjaardag
from domain.referentie import laad_referentie
from models import (
    Bestuur,
    Gemeente,
    Inschrijving,
    Instelling,
    Organisatie,
    Persoon,
    Postcodegebied,
    database,
)
from models.db import SQLITE_PRAGMAS

REFERENTIE = Path(__file__).resolve().parent.parent / "data" / "reference"
BENCH_SCHOOL = "99ZZ"
BENCH_BESTUUR = "99999"
BENCH_PUPILS = 2000
INSCHRIJVINGEN_PER_SCHOOL = 500
SCHOLEN_PER_BESTUUR = 8
AANDEEL_EERDERE_INSCHRIJVING = 0.10  # persons with an earlier, ended enrolment
AANDEEL_ONDERWIJSNUMMER = 0.03  # persons without a BSN
BATCH = 5000  # persons per transaction
MAX_PARAMETERS = 30000  # per statement: SQLite allows 32766, PostgreSQL 65535
OPRICHTING = datetime.date(1960, 8, 1)
OIN_PREFIX = "000000992"  # 00000099 (test OINs) + 2: not used by reference or demo data

# Relative number of pupils per age (years): everyone 5-16 goes to school, fewer
# at 4 (not yet all enrolled), then falling off after the leerplicht/kwalificatieplicht.
LEEFTIJDEN = {4: 80, 5: 100, 6: 100, 7: 100, 8: 100, 9: 100, 10: 100, 11: 100, 12: 100,
              13: 100, 14: 100, 15: 100, 16: 98, 17: 92, 18: 70, 19: 40, 20: 22, 21: 12,
              22: 6}
VO_VANAF = 12  # age from which a pupil goes to a VO school

# Common surnames with a weight per mille, as (voorvoegsels, achternaam). About
# 2.5% of persons get a name containing "jan"; the rest come from `_zeldzame_naam`.
ACHTERNAMEN = [
    ("de", "Jong", 6), ("", "Jansen", 12), ("de", "Vries", 5), ("van den", "Berg", 4),
    ("van", "Dijk", 4), ("", "Bakker", 4), ("", "Janssen", 9), ("", "Visser", 4),
    ("", "Smit", 3), ("", "Meijer", 3), ("de", "Boer", 3), ("", "Mulder", 3),
    ("de", "Groot", 3), ("", "Bos", 3), ("", "Vos", 2), ("", "Peters", 2),
    ("", "Hendriks", 2), ("van", "Leeuwen", 2), ("", "Dekker", 2), ("", "Brouwer", 2),
    ("de", "Wit", 2), ("", "Dijkstra", 2), ("", "Smits", 2), ("de", "Graaf", 2),
    ("van der", "Meer", 2), ("van der", "Linden", 2), ("", "Kok", 2), ("", "Jacobs", 2),
    ("de", "Haan", 2), ("", "Vermeulen", 2), ("van den", "Heuvel", 2), ("van der", "Veen", 2),
    ("van den", "Broek", 2), ("de", "Bruijn", 2), ("de", "Bruin", 2), ("van der", "Heijden", 2),
    ("", "Schouten", 2), ("van", "Beek", 2), ("", "Willems", 2), ("van", "Vliet", 2),
    ("van de", "Ven", 2), ("", "Hoekstra", 2), ("", "Maas", 2), ("", "Verhoeven", 2),
    ("", "Koster", 2), ("van", "Dam", 2), ("van der", "Wal", 2), ("", "Prins", 2),
    ("", "Blom", 2), ("", "Huisman", 2), ("", "Jansma", 2), ("", "Janse", 2),
    ("", "Yılmaz", 2), ("", "Kaya", 1), ("", "Öztürk", 1), ("", "El Amrani", 1),
    ("", "Bouzid", 1), ("", "Nguyen", 1), ("", "Singh", 1), ("", "Kowalski", 1),
    ("", "Nowak", 1), ("", "Santos", 1), ("", "Rossi", 1), ("", "Müller", 1),
    ("", "Schmidt", 1), ("", "Chen", 1), ("", "Wang", 1), ("", "Kim", 1), ("", "Dubois", 1),
    ("", "Smith", 1), ("", "García", 1), ("van", "Wijk", 1), ("", "Postma", 1),
    ("", "Kuipers", 1), ("", "Veenstra", 1), ("van", "Loon", 1), ("", "Wouters", 1),
]
AANDEEL_GEWOON = sum(w for *_, w in ACHTERNAMEN) / 1000
BEGIN = ("Ber Bro Hoe Kle Kui Lan Mee Oos Ploe Ree Sche Ste Ter Vel Wes Zwa Bou Dor Gel "
         "Har Hol Kam Lin Mol Nij Rui Spi Tim Vre Wol").split()
MIDDEN = ["", "", "", "ge", "de", "te", "ver", "el", "en", "er", "ke", "ne"]
EIND = ("kamp man ink sma ma stra huis horst veld brink berg dijk boom hof land rink "
        "ing ga tjes s sen").split()
VOORVOEGSELS = ["", "", "", "", "", "", "", "van", "de", "van der", "van den", "ter", "in 't"]
VOORNAMEN = {
    "M": ("Noah Liam Luca Sem Finn Daan Levi Milan Adam Mohamed Ayoub Jesse Lucas Bram Thijs "
          "Sam Julian Mees Gijs Max Jayden Ravi Yusuf Omar Hugo Jan Jannes Teun Boaz").split(),
    "V": ("Emma Julia Mila Tess Sophie Zoë Nora Yara Sara Lina Eva Anna Noor Fenna Saar Lotte "
          "Evi Liv Olivia Maud Nina Fleur Esmee Roos Hiba Amira Elif Jana Janna").split(),
}
# The two letters of a postcode: never SA, SD or SS.
PC_LETTERS = [a + b for a in "ABCDEFGHJKLMNPRSTVWXZ" for b in "ABCDEFGHJKLMNPRSTVWXZ"
              if a + b not in ("SA", "SD", "SS")]
STRATEN = ("Dorpsstraat Kerkstraat Schoolstraat Molenweg Stationsweg Julianalaan "
           "Beatrixstraat Wilhelminastraat Hoofdstraat Nieuwstraat Parallelweg Lindenlaan "
           "Eikenlaan Industrieweg Kastanjelaan").split()


def bsn(i):
    """A valid BSN (11-proef), one-to-one with i; None for the one i in 11 without a
    check digit. The stem is scattered over the range, not counted upward."""
    stam = f"{(100_000_000 + i * 7_919_347) % 90_000_000 + 10_000_000:08d}"
    totaal = sum(int(c) * w for c, w in zip(stam, range(9, 1, -1), strict=True))
    controle = totaal % 11
    return None if controle == 10 else stam + str(controle)


def onderwijsnummer(i):
    """A valid onderwijsnummer, one-to-one with i < 500,000 (below the register's own
    series, which starts at 10500000x); None when no check digit fits."""
    stam = f"10{i:06d}"
    totaal = sum(int(c) * w for c, w in zip(stam, range(9, 1, -1), strict=True))
    controle = (totaal - 5) % 11
    return None if controle == 10 else stam + str(controle)


def nieuw_nummer(rng, tellers):
    """(bsn, onderwijsnummer, adresbron) of a new person: a BSN from the BRP, or for
    AANDEEL_ONDERWIJSNUMMER an onderwijsnummer; `tellers` ([bsn, onderwijsnummer], the
    next to try) move on past the numbers handed out."""
    if rng.random() < AANDEEL_ONDERWIJSNUMMER:
        nummer = None
        while nummer is None:
            nummer, tellers[1] = onderwijsnummer(tellers[1]), tellers[1] + 1
        return None, nummer, "school"
    nummer = None
    while nummer is None:
        nummer, tellers[0] = bsn(tellers[0]), tellers[0] + 1
    return nummer, None, "brp"


def instellingscode(i):
    """2 digits and 2 letters: 10AA, 10AB, ... (never 99ZZ)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cijfers, rest = divmod(i, 26 * 26)
    if cijfers > 88:
        raise ValueError("too many schools")
    return f"{10 + cijfers:02d}{letters[rest // 26]}{letters[rest % 26]}"


def _keuze(rng, items, gewichten):
    """A chooser with precomputed cumulative weights (`rng.choices` recomputes them)."""
    cum = list(accumulate(gewichten))
    totaal = cum[-1]
    return lambda: items[bisect(cum, rng.random() * totaal)]


def _zeldzame_naam(rng):
    naam = rng.choice(BEGIN) + rng.choice(MIDDEN) + rng.choice(EIND)
    return rng.choice(VOORVOEGSELS), naam


class Personen:
    """New persons of a synthetic register, drawn from `rng`: sex, a common or rare name,
    first names, a number (`nieuw_nummer`) and an address. One source for every
    benchmark's register, so they hold the same kind of people."""

    def __init__(self, rng):
        self.rng = rng
        self.tellers = [0, 0]  # the next BSN and onderwijsnummer to try (nieuw_nummer)
        self.kies_gewone_naam = _keuze(rng, [(v, a) for v, a, _ in ACHTERNAMEN],
                                       [w for *_, w in ACHTERNAMEN])

    def nieuw(self, persoon_id, geboren, pc4, gemeente_naam, gemeente_id, nu):
        """(row of PERSOON_VELDEN, voorvoegsels, achternaam) of a person living in PC4 area
        `pc4` of the gemeente."""
        rng = self.rng
        geslacht = "M" if rng.random() < 0.51 else "V"
        if rng.random() < AANDEEL_GEWOON:
            voorvoegsels, achternaam = self.kies_gewone_naam()
        else:
            voorvoegsels, achternaam = _zeldzame_naam(rng)
        voornamen = rng.choice(VOORNAMEN[geslacht])
        if rng.random() < 0.4:
            voornamen += " " + rng.choice(VOORNAMEN[geslacht])
        bsn_, own_, bron = nieuw_nummer(rng, self.tellers)
        rij = (persoon_id, bsn_, own_, achternaam, voorvoegsels or None, voornamen, geslacht,
               geboren, "D", bron, f"{pc4} {PC_LETTERS[int(rng.random() * len(PC_LETTERS))]}",
               rng.randint(1, 250), rng.choice(STRATEN), gemeente_naam, "6030", gemeente_id,
               nu, nu)
        return rij, voorvoegsels, achternaam


def _insert(model, fields, rows):
    """peewee insert_many, a statement per `MAX_PARAMETERS` values (small tables)."""
    per_statement = max(1, MAX_PARAMETERS // len(fields))
    for deel in chunked(rows, per_statement):
        model.insert_many(deel, fields=fields).execute()


def _bulk(db, model, fields, rows):
    """Multi-row INSERTs for the big tables. The same statement as peewee's insert_many
    with the same conversions (Field.db_value), without building a query object per
    value, which costs most of the time at a million rows."""
    kolommen = ", ".join(f'"{f.column_name}"' for f in fields)
    naar_db = [f.db_value for f in fields]
    if _is_postgres(db):  # COPY: the fastest way in, same values
        with db.cursor().copy(
                f'COPY "{model._meta.table_name}" ({kolommen}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row([f(v) for f, v in zip(naar_db, r, strict=True)])
        return
    rij = "(" + ", ".join([db.param] * len(fields)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(fields))
    statements = {}
    for deel in chunked(rows, per_statement):
        sql = statements.get(len(deel))
        if sql is None:
            sql = statements[len(deel)] = (
                f'INSERT INTO "{model._meta.table_name}" ({kolommen}) VALUES '
                + ", ".join([rij] * len(deel)))
        db.execute_sql(sql, [f(v) for r in deel for f, v in zip(naar_db, r, strict=True)])


def _jaren_terug(datum, jaren):
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year - jaren, day=28)


def _is_postgres(db):
    return isinstance(db, PostgresqlDatabase)


class _Selectie:
    """Exactly k of n items in one pass, each k-subset equally likely (Knuth's Algorithm S)."""

    def __init__(self, rng, k, n):
        self.rng, self.k, self.n = rng, k, n

    def __call__(self):
        gekozen = self.rng.random() * self.n < self.k
        self.n -= 1
        if gekozen:
            self.k -= 1
        return gekozen


def _organisaties(rng, aantal_scholen):
    """Besturen with their organisations and instellingen; returns
    (bench Bestuur, bench Instelling, {soort: [(instelling id, oprichting)]}, weights)."""
    bestuurscodes = [BENCH_BESTUUR] + [f"{50000 + i}" for i in
                                       range(max(1, -(-aantal_scholen // SCHOLEN_PER_BESTUUR)))]
    Organisatie.insert_many(
        [("bestuur", f"Stichting Bench {code}", f"{OIN_PREFIX}{int(code):011d}")
         for code in bestuurscodes],
        fields=[Organisatie.soort, Organisatie.naam, Organisatie.oin]).execute()
    orgs = {o.oin: o.id for o in Organisatie.select(Organisatie.id, Organisatie.oin)
            .where(Organisatie.oin.startswith(OIN_PREFIX))}
    Bestuur.insert_many(
        [(code, f"Stichting Bench {code}", orgs[f"{OIN_PREFIX}{int(code):011d}"])
         for code in bestuurscodes],
        fields=[Bestuur.code, Bestuur.naam, Bestuur.organisatie]).execute()
    besturen = {b.code: b.id for b in Bestuur.select(Bestuur.id, Bestuur.code)}
    rows = [(BENCH_SCHOOL, "Benchmarkcollege", "VO", "B3", OPRICHTING, besturen[BENCH_BESTUUR])]
    for i in range(aantal_scholen):
        soort = "PO" if rng.random() < 0.65 else "VO"
        # The bench bestuur has two more schools, which its actor does not see.
        code = BENCH_BESTUUR if i < 2 else bestuurscodes[1 + (i - 2) // SCHOLEN_PER_BESTUUR]
        oprichting = OPRICHTING + datetime.timedelta(days=rng.randint(0, 20 * 365))
        naam = ("Basisschool" if soort == "PO" else "Scholengemeenschap") + f" {i}"
        rows.append((instellingscode(i), naam, soort, rng.choice(("B3", "B3", "B3", "B4")),
                     oprichting, besturen[code]))
    _insert(Instelling, [Instelling.code, Instelling.naam, Instelling.soort, Instelling.categorie,
                         Instelling.oprichtingsdatum, Instelling.bestuur], rows)
    scholen = {"PO": [], "VO": []}
    gewichten = {"PO": [], "VO": []}
    bench = None
    for inst in Instelling.select().order_by(Instelling.id):
        if inst.code == BENCH_SCHOOL:
            bench = inst
            continue
        scholen[inst.soort].append((inst.id, inst.oprichtingsdatum))
        gewichten[inst.soort].append(rng.lognormvariate(0, 0.5))  # schools differ in size
    for soort in ("PO", "VO"):  # a tiny register may lack one soort
        if not scholen[soort]:
            other = "VO" if soort == "PO" else "PO"
            scholen[soort], gewichten[soort] = scholen[other], gewichten[other]
    return Bestuur.get(Bestuur.code == BENCH_BESTUUR), bench, scholen, gewichten


PERSOON_VELDEN = [
    Persoon.id, Persoon.bsn, Persoon.onderwijsnummer, Persoon.achternaam, Persoon.voorvoegsels,
    Persoon.voornamen, Persoon.geslacht, Persoon.geboortedatum, Persoon.geboortedatum_precisie,
    Persoon.adresbron, Persoon.postcode, Persoon.huisnummer, Persoon.straatnaam,
    Persoon.plaatsnaam, Persoon.woonland, Persoon.woongemeente, Persoon.aangemaakt,
    Persoon.gewijzigd,
]
INSCHRIJVING_VELDEN = [
    Inschrijving.id, Inschrijving.persoon, Inschrijving.instelling,
    Inschrijving.datum_inschrijving, Inschrijving.datum_uitschrijving,
    Inschrijving.aangemaakt, Inschrijving.gewijzigd, Inschrijving.zoeknaam,
    Inschrijving.sorteernaam,
]


def genereer(db, aantal_inschrijvingen, *, seed=2026, peildatum=None, voortgang=None):
    """Fill a migrated, empty database with reference data and a synthetic register of
    exactly `aantal_inschrijvingen` enrolments. Returns the benchmark school's Instelling.

    `db` must be the database the models are bound to (`models.bind`); `voortgang`,
    when given, is called after each batch with (enrolments done, total, seconds)."""
    if aantal_inschrijvingen < BENCH_PUPILS:
        raise ValueError(f"at least {BENCH_PUPILS} enrolments (the benchmark school)")
    if database.obj is not db:
        raise ValueError("bind the models to db first (models.bind)")
    snel_laden(db, True)
    try:
        return _genereer(db, aantal_inschrijvingen, seed,
                         peildatum or datetime.date.today(), voortgang)
    finally:
        snel_laden(db, False)


def snel_laden(db, aan):
    """Settings of this connection for a bulk load: no waiting for the disk at each
    commit (a crash loses the synthetic data, nothing else). Off: the app's own."""
    if _is_postgres(db):
        db.execute_sql("SET synchronous_commit = off" if aan else "RESET synchronous_commit")
    else:
        db.execute_sql(f"PRAGMA synchronous = {'OFF' if aan else SQLITE_PRAGMAS['synchronous']}")
        cache = -262144 if aan else SQLITE_PRAGMAS.get("cache_size", -2000)  # KiB
        db.execute_sql(f"PRAGMA cache_size = {cache}")


def _genereer(db, aantal_inschrijvingen, seed, peildatum, voortgang):
    rng = random.Random(seed)
    laad_referentie(REFERENTIE)
    gemeenten = {g.id: g.naam for g in Gemeente.select()}
    gebieden = [(p.pc4, p.gemeente_id) for p in Postcodegebied.select()]
    with db.atomic():
        scholen_aantal = max(1, round((aantal_inschrijvingen - BENCH_PUPILS)
                                      / INSCHRIJVINGEN_PER_SCHOOL))
        _, bench, scholen, gewichten = _organisaties(rng, scholen_aantal)
    kies_school = {s: _keuze(rng, scholen[s], gewichten[s]) for s in scholen}
    leeftijden, leeftijd_gewichten = zip(*LEEFTIJDEN.items(), strict=True)
    kies_leeftijd = _keuze(rng, leeftijden, leeftijd_gewichten)
    personen_ = Personen(rng)

    # Each person has one current enrolment; `extra` of them also an earlier one.
    personen_aantal = round(aantal_inschrijvingen / (1 + AANDEEL_EERDERE_INSCHRIJVING))
    extra = aantal_inschrijvingen - personen_aantal
    bij_bench = _Selectie(rng, BENCH_PUPILS, personen_aantal)
    met_eerdere = _Selectie(rng, extra, personen_aantal)
    nu = datetime.datetime.combine(peildatum, datetime.time(12))
    inschrijving_id = 0
    begonnen = time.perf_counter()
    for start in range(0, personen_aantal, BATCH):
        personen, inschrijvingen = [], []
        for persoon_id in range(start + 1, min(start + BATCH, personen_aantal) + 1):
            in_bench = bij_bench()
            leeftijd = rng.randint(VO_VANAF, 17) if in_bench else kies_leeftijd()
            geboren = (_jaren_terug(peildatum, leeftijd)
                       - datetime.timedelta(days=rng.randint(1, 364)))
            vier = verjaardag(geboren, 4)
            pc4, gemeente = gebieden[int(rng.random() * len(gebieden))]
            rij, voorvoegsels, achternaam = personen_.nieuw(
                persoon_id, geboren, pc4, gemeenten[gemeente], gemeente, nu)
            personen.append(rij)

            # The current enrolment, and maybe an earlier one that ended when it began.
            soort = "VO" if leeftijd >= VO_VANAF else "PO"
            if in_bench:
                school, oprichting = bench.id, bench.oprichtingsdatum
            else:
                school, oprichting = kies_school[soort]()
            vanaf = max(vier, oprichting, verjaardag(geboren, VO_VANAF) if soort == "VO" else vier)
            dagen = (peildatum - vanaf).days
            begin = vanaf + datetime.timedelta(days=int(rng.random() * min(dagen, 6 * 365)))
            eerder = None
            if met_eerdere():
                eerdere_school, eerdere_oprichting = kies_school["PO"]()
                eerder_begin = max(vier, eerdere_oprichting)
                if begin <= eerder_begin:
                    begin = eerder_begin + datetime.timedelta(days=1)
                eerder = (eerdere_school, eerder_begin, begin)
            # as domain.inschrijving.namen
            zoeknaam, sorteernaam = f"{voorvoegsels or ''} {achternaam}".lower(), achternaam.lower()
            if eerder:
                inschrijving_id += 1
                inschrijvingen.append((inschrijving_id, persoon_id, eerder[0], eerder[1],
                                       eerder[2], nu, nu, zoeknaam, sorteernaam))
            inschrijving_id += 1
            inschrijvingen.append((inschrijving_id, persoon_id, school, begin, None, nu, nu,
                                   zoeknaam, sorteernaam))
        with db.atomic():
            _bulk(db, Persoon, PERSOON_VELDEN, personen)
            _bulk(db, Inschrijving, INSCHRIJVING_VELDEN, inschrijvingen)
        if voortgang:
            voortgang(inschrijving_id, aantal_inschrijvingen, time.perf_counter() - begonnen)
    assert inschrijving_id == aantal_inschrijvingen, (inschrijving_id, aantal_inschrijvingen)
    if _is_postgres(db):
        # Explicit ids leave the sequences behind.
        for tabel in ("persoon", "inschrijving"):
            db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                           f"(SELECT max(id) FROM {tabel}))")
    return bench
