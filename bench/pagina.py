"""Every page within 3 × its raw SQL (issue 13): five reads through the app's whole request
path, each beside hand-written SQL that fetches the rows it shows, in registers of 10,000
and 1,000,000 enrolments and meldingen; then the web app's throughput under gunicorn.

A. In process (Flask's test client: the whole app, no HTTP). Per engine and size a fresh
database: `genereer` (N enrolments, the benchmark school has 2,000) and `vul` (N
meldingen with their versions and feed entries, the benchmark school's and gemeente's
600 the same in every size; bench/verzuim.py), analysed; one user per role made by the
domain, and the benchmark gemeente's certificate registered as a beheerder would. Timed:
- overzicht: Overzicht inschrijvingen of the benchmark school, as its schooladministratie;
- zoeken: the search "jan" as htmx sends it (HX-Request, HX-Target): the partial swapped in;
- raadplegen: Raadplegen Verzuim of the school, the default search, as its verzuimmelder;
- werkvoorraad: the benchmark gemeente's werkvoorraad, default search, as its
  leerplichtambtenaar;
- feed: the gemeente's change feed, the first page of 100 (no cursor) every time, its
  certificate forwarded as nginx does (X-SSL-Client-Cert from a trusted proxy).
No connection is held around the requests: each takes one from the app's pool in its
before_request as in production, and each writes its Inzagelog row. "raw" is the same
rows (the columns the template shows, same filter, order and limit) by hand-written SQL
on one plain DB-API connection kept open, `fetchall()`; on PostgreSQL psycopg prepares a
statement from its fifth run on a connection, for the raw SQL as for the app's pooled
connections. The overzicht and the search show a page of 100 and the total, so their
raw SQL reads the count and that page. Before timing, every page's rows are checked
against the raw rows (the same ids in the same order), and every timed answer must be 200
with those rows, so a redirect to the login page is never timed. After a warm-up, `rounds` rounds;
in each every operation of every size, app then raw, the sizes in alternating order, so
a burst of other load on the machine hits all alike. The apps of all sizes of an engine
stay alive (the models' database proxy is pointed at a size's database before its
requests): both registers are on disk at once.
Goals: app/raw ≤ `MAX_APP_RAW` at the largest size, and app at the largest size ≤
`MAX_GROEI` × app at the smallest.

B. Throughput at the largest size, same database, after A: gunicorn with the shipped
deploy/gunicorn.conf.py; `clients` threads, each with its own keep-alive connection,
`seconds` per measurement: the login page (anonymous); the overzicht (a session cookie
signed with the processes' SECRET_KEY); a static file every page links, with that
cookie, as a browser sends it; and the same file from Python's plain file server
(http.server's ThreadingHTTPServer, HTTP/1.1, no Nagle) as the yardstick. Goals: no
errors, overzicht ≥ `MIN_OVERZICHT_LOGIN` × login; static at the rate of the plain file
server (reported, not enforced).

Exit 1 when a goal is missed. Raw figures: bench/out/pagina-<engine>.json."""
import http.client
import json
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from app import create_app
from certificates import testpki, vertrouwen
from domain.actor import Actor
from domain.certificaten import registreer
from domain.gebruikers import maak_gebruiker
from domain.inschrijving import PER_PAGINA
from domain.verzuim import Status, Zoekvraag
from models import Instelling, bind, database
from models.migrate import upgrade

from .generator import BENCH_SCHOOL, genereer
from .m2m import FEED, PAGINA, SLUG
from .overzicht import OUT, _maak_database, om_beurten
from .proces import achtergrond, gunicorn, omgeving, vrije_poort
from .verzuim import GEMEENTE_OIN, vul

OPERATIES = ("overzicht", "zoeken", "raadplegen", "werkvoorraad", "feed")
ZOEKTERM = "jan"
MAX_APP_RAW = 3.0
MAX_GROEI = 1.5
MIN_OVERZICHT_LOGIN = 1 / 20
OPWARMEN = 3  # untimed calls of each operation per size before the rounds
STATISCH = "app.css"  # linked by every page (templates/base.html)
PROXY = "127.0.0.1"  # nginx's address, as M2M_TRUSTED_PROXIES names it
# The yardstick: Python's plain threaded file server, with keep-alive (HTTP/1.1) and,
# like gunicorn's sockets, without Nagle's algorithm; the stock `python -m http.server`
# keeps it and so waits 40 ms for the client's delayed ACK on every keep-alive response.
BESTANDSSERVER = """
import functools, http.server, sys
class Bestanden(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])),
                                functools.partial(Bestanden, directory=sys.argv[2])).serve_forever()
"""

# ---------------------------------------------------------------- the raw SQL
# `?` placeholders; psycopg gets `%s`. The scope is by code, as the user's kenmerk names it.

OVERZICHT = """
SELECT i.id, p.voornamen, p.voorvoegsels, p.achternaam, p.bsn, p.onderwijsnummer,
       i.datum_inschrijving, i.datum_uitschrijving
FROM inschrijving i JOIN persoon p ON p.id = i.persoon_id
WHERE i.instelling_id = (SELECT id FROM instelling WHERE code = ?) {en}
ORDER BY i.sorteernaam, i.persoon_id, i.id"""
TELLEN = """
SELECT count(*) FROM inschrijving i
WHERE i.instelling_id = (SELECT id FROM instelling WHERE code = ?) {en}"""

# The table of meldingen (templates/verzuim/_zoeken.html): the names of status and
# soort come from the reference lists, the onderwijslocatie from `gegevens`. The page's
# meldingen first, then their persons: joined before the sort, PostgreSQL would hash-join
# every open melding of the school with all persons.
MELDINGEN = """
SELECT m.nummer, m.gegevens, p.achternaam, p.voorvoegsels, p.voornamen, m.melddatum,
       m.periode_van, m.naam_contactpersoon, g.naam, st.naam, vs.naam, m.met_prioriteit,
       m.status_sinds
FROM (SELECT m.nummer, m.gegevens, m.persoon_id, m.gemeente_id, m.melddatum, m.periode_van,
             m.naam_contactpersoon, m.status, m.vermoedelijke_soort, m.met_prioriteit,
             m.status_sinds
      FROM verzuimmelding m WHERE {scope} AND m.status IN ({statussen})
      ORDER BY {volgorde} LIMIT {per_pagina}) m
JOIN persoon p ON p.id = m.persoon_id
JOIN gemeente g ON g.id = m.gemeente_id
LEFT JOIN lijstwaarde st ON st.lijst = 'status' AND st.code = m.status
LEFT JOIN lijstwaarde vs ON vs.lijst = 'vermoedelijke_soort' AND vs.code = m.vermoedelijke_soort
ORDER BY {volgorde}"""
AANTAL = "SELECT count(*) FROM verzuimmelding m WHERE {scope} AND m.status IN ({statussen})"
SCHOOL = "m.instelling_id = (SELECT id FROM instelling WHERE code = ?)"
GEMEENTE = "m.gemeente_id = (SELECT id FROM gemeente WHERE code = ?)"
NIEUWSTE_EERST = "m.melddatum DESC, m.nummer DESC"
NIEUW_EERST = f"m.status <> '{Status.GEREGISTREERD}', " + NIEUWSTE_EERST

MUTATIES = """
SELECT v.transactie, v.id, m.persoon_id, v.document
FROM melding_versie v JOIN verzuimmelding m ON m.id = v.melding_id
WHERE v.gemeente_id = (SELECT id FROM gemeente WHERE code = ?) {leesbaar}
  AND (v.transactie, v.id) > (?, ?)
ORDER BY v.transactie, v.id LIMIT ?"""
# PostgreSQL: only versions of transactions older than the oldest one running, as the
# app's feed reads them (models.db.leesbaar); SQLite commits in id order.
XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
LEESBAAR = (f"AND (v.transactie < {XMIN} OR (v.transactie = {XMIN} "
            f"AND {XMIN} = pg_current_xact_id_if_assigned()::text::bigint))")


def _lijst(engine, school, zoekterm):
    """The school's enrolments (whose zoeknaam contains `zoekterm`) as the overview shows
    them: the count and the first page."""
    en, params = "", [school]
    if zoekterm:
        en, params = "AND i.zoeknaam LIKE ?", [school, f"%{zoekterm}%"]
    return _stijl(engine, [(TELLEN.format(en=en), params),
                           (f"{OVERZICHT.format(en=en)} LIMIT {PER_PAGINA}", params)])


def _raw_sql(engine, school, gemeentecode):
    """Per operation, its statements as (sql, params)."""
    vraag = Zoekvraag()
    statussen = list(vraag.statussen)
    plaatsen = ", ".join("?" * len(statussen))

    def meldingen(scope, code, volgorde):
        return _stijl(engine, [
            (AANTAL.format(scope=scope, statussen=plaatsen), [code, *statussen]),
            (MELDINGEN.format(scope=scope, statussen=plaatsen, volgorde=volgorde,
                              per_pagina=vraag.per_pagina), [code, *statussen])])
    return {
        "overzicht": _lijst(engine, school, ""),
        "zoeken": _lijst(engine, school, ZOEKTERM),
        "raadplegen": meldingen(SCHOOL, school, NIEUWSTE_EERST),
        "werkvoorraad": meldingen(GEMEENTE, gemeentecode, NIEUW_EERST),
        # One more than a page, as the app reads it to know whether there is more.
        "feed": _stijl(engine, [(MUTATIES.format(leesbaar=LEESBAAR if engine == "postgres"
                                                 else ""), [gemeentecode, 0, 0, PAGINA + 1])]),
    }


def _stijl(engine, statements):
    """psycopg's placeholders on PostgreSQL."""
    if engine == "postgres":
        return [(sql.replace("?", "%s"), params) for sql, params in statements]
    return statements


def _verbind_raw(engine, url):
    """The plain DB-API connection of the raw SQL, opened once. Autocommit: no
    transaction stays open between calls (it would hold back the feed's xmin)."""
    if engine == "sqlite":
        return sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
    import psycopg
    return psycopg.connect(url, autocommit=True)


# ---------------------------------------------------------------- what a page shows

def _ids(patroon):
    regex = re.compile(patroon)
    return lambda body: [int(x) for x in regex.findall(body)]


_INSCHRIJVINGEN = _ids(rb'href="/inschrijvingen/(\d+)/wijzigen')
_TOTAAL = re.compile(rb"In totaal zijn er (\d+) verzuimmelding")


def _zoeken(body):
    if b"<html" in body or not body.lstrip().startswith(b'<div id="resultaten"'):
        raise AssertionError("the search did not answer with the partial")
    return _INSCHRIJVINGEN(body)


def _meldingen(blueprint):
    nummers = _ids(rf'href="/{blueprint}/meldingen/(\d+)"'.encode())

    def rijen(body):
        totaal = _TOTAAL.search(body)
        return int(totaal.group(1)) if totaal else None, nummers(body)
    return rijen


def _feed(body):
    pagina = json.loads(body)
    return pagina["meer"], [(d["meldingnummer"], d["versie"]) for d in pagina["mutaties"]]


# Per operation: the rows in the page's answer, and the same from the raw SQL's results.
RIJEN = {
    "overzicht": (_INSCHRIJVINGEN, lambda r: [rij[0] for rij in r[-1]]),
    "zoeken": (_zoeken, lambda r: [rij[0] for rij in r[-1]]),
    "raadplegen": (_meldingen("verzuim"), lambda r: (r[0][0][0], [rij[0] for rij in r[1]])),
    "werkvoorraad": (_meldingen("gemeente"), lambda r: (r[0][0][0], [rij[0] for rij in r[1]])),
    "feed": (_feed, lambda r: (len(r[0]) > PAGINA, [
        (d["meldingnummer"], d["versie"]) for d in map(json.loads, (rij[3] for rij in r[0]))
    ][:PAGINA])),
}


def _aantal(rijen):
    """The number of rows a page shows, for the table."""
    if isinstance(rijen, tuple):
        return len(rijen[1])
    return len(rijen)


# ---------------------------------------------------------------- set-up

def _gebruiker(organisatie_id, naam, rol, kenmerk):
    """A user made by the organisation's beheerder, as the beheer pages make one."""
    beheerder = Actor("systeem:bench", organisatie_id, rollen=frozenset({"beheerder"}))
    gebruiker, _wachtwoord = maak_gebruiker(beheerder, naam, naam.title(), "", [rol], [kenmerk])
    return gebruiker


def _maak_pki(pki):
    """The test PKI with the benchmark gemeente's certificate, and an (empty) CRL of the
    intermediate, as in production: every call checks it (as bench/m2m.py)."""
    testpki.maak(pki, [(SLUG, GEMEENTE_OIN)])
    (pki / "crls").mkdir(exist_ok=True)
    shutil.copy(pki / "crl.pem", pki / "crls" / "intermediate.pem")


class Register:
    """One size of one engine: its database, the app on it with a logged-in test client
    per user, and the raw SQL's own connection."""

    def __init__(self, engine, grootte, pki, sleutel, log):
        self.engine, self.grootte = engine, grootte
        self.url, self.opruimen = _maak_database(engine, f"pagina-{grootte}")
        try:
            self._vul(pki, log)
            self.app = create_app({"DATABASE_URL": self.url, "SECRET_KEY": sleutel,
                                   "TRUST_ANCHORS": str(pki / "ca-chain.pem"),
                                   "CRL_DIR": str(pki / "crls"),
                                   "M2M_TRUSTED_PROXIES": frozenset({PROXY})})
            self.db = database.obj
            self.raw = _verbind_raw(engine, self.url)
        except BaseException:
            self.opruimen()
            raise
        self.leaf = quote((pki / "clients" / f"{SLUG}.crt").read_text())
        self.sql = _raw_sql(engine, BENCH_SCHOOL, self.gemeentecode)
        self.tijden = {op: {"app": [], "raw": []} for op in OPERATIES}
        self.verwacht = {}

    def _vul(self, pki, log):
        db = bind(self.url)
        with db.connection_context():
            upgrade(db)
            begin = time.perf_counter()

            def voortgang(klaar, totaal, _sec):
                if klaar == totaal or klaar // 100_000 != (klaar - 5500) // 100_000:
                    log(f"  {self.engine} {self.grootte:,}: {klaar:,} enrolments")
            # N enrolments and N meldingen: bench/verzuim.py `maak_register` makes a fixed
            # 20,000 enrolments, the meldingen's persons only.
            genereer(db, self.grootte, voortgang=voortgang)
            _school, gemeente = vul(db, self.grootte)
            db.execute_sql("VACUUM ANALYZE" if self.engine == "postgres" else "ANALYZE")
            self.vullen_s = time.perf_counter() - begin
            self.gemeentecode = gemeente.code
            bestuur = Instelling.get(Instelling.code == BENCH_SCHOOL).bestuur.organisatie_id
            self.gebruikers = {
                "schooladministratie": _gebruiker(bestuur, "bench.administratie",
                                                  "schooladministratie", BENCH_SCHOOL),
                "verzuimmelder": _gebruiker(bestuur, "bench.melder", "verzuimmelder",
                                            BENCH_SCHOOL),
                "leerplichtambtenaar": _gebruiker(gemeente.organisatie_id, "bench.lpa",
                                                  "leerplichtambtenaar", gemeente.code),
            }
            beheerder = Actor("systeem:bench", gemeente.organisatie_id,
                              rollen=frozenset({"beheerder"}))
            registreer(beheerder, vertrouwen(pki / "ca-chain.pem", pki / "crls"),
                       (pki / "clients" / f"{SLUG}.crt").read_text())

    def _ingelogd(self, gebruiker):
        """A test client with the session a login starts (views/beveiliging.start_sessie)."""
        client = self.app.test_client()
        nu = int(time.time())
        with client.session_transaction() as sessie:
            sessie.update(gebruiker_id=gebruiker.id, generatie=gebruiker.sessie_generatie,
                          begonnen=nu, laatst=nu)
        return client

    def sessiecookie(self, rol):
        """The session cookie of `rol`'s user, signed as the app signs it."""
        gebruiker, nu = self.gebruikers[rol], int(time.time())
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        return serializer.dumps({"gebruiker_id": gebruiker.id,
                                 "generatie": gebruiker.sessie_generatie,
                                 "begonnen": nu, "laatst": nu})

    # -------------------------------------------------------- one call

    def app_ms(self, op):
        client, pad, headers = self.verzoeken[op]
        database.initialize(self.db)  # this size's database, for the models
        begin = time.perf_counter()
        antwoord = client.get(pad, headers=headers)
        ms = (time.perf_counter() - begin) * 1000
        if antwoord.status_code != 200:
            raise AssertionError(f"{self.engine} {self.grootte:,} {op}: "
                                 f"{antwoord.status_code} {antwoord.location or ''}")
        return ms, RIJEN[op][0](antwoord.data)

    def raw_ms(self, op):
        cursor = self.raw.cursor()
        begin = time.perf_counter()
        uitkomst = [cursor.execute(sql, params).fetchall() for sql, params in self.sql[op]]
        ms = (time.perf_counter() - begin) * 1000
        cursor.close()
        return ms, RIJEN[op][1](uitkomst)

    def inloggen(self):
        """A test client per user with a fresh session, and the package's: after every
        size is filled, as a large one takes longer than the session's idle limit."""
        school = self._ingelogd(self.gebruikers["schooladministratie"])
        htmx = {"HX-Request": "true", "HX-Target": "resultaten", "HX-Trigger": "achternaam",
                "HX-Trigger-Name": "achternaam",
                "HX-Current-URL": "http://localhost/inschrijvingen/overzicht"}
        pakket = self.app.test_client()
        pakket.environ_base["REMOTE_ADDR"] = PROXY  # the request comes from nginx
        self.verzoeken = {  # operation -> (client, path, headers)
            "overzicht": (school, "/inschrijvingen/overzicht", {}),
            "zoeken": (school, f"/inschrijvingen/overzicht?achternaam={ZOEKTERM}", htmx),
            "raadplegen": (self._ingelogd(self.gebruikers["verzuimmelder"]),
                           f"/verzuim/{BENCH_SCHOOL}/raadplegen", {}),
            "werkvoorraad": (self._ingelogd(self.gebruikers["leerplichtambtenaar"]),
                             "/gemeente/meldingen", {}),
            "feed": (pakket, f"{FEED}?paginagrootte={PAGINA}",
                     {"Accept": "application/json", "X-SSL-Client-Verify": "SUCCESS",
                      "X-SSL-Client-Cert": self.leaf}),
        }

    def controleer(self):
        """The page shows exactly the rows the raw SQL fetches; warm-up."""
        self.inloggen()
        for op in OPERATIES:
            _ms, raw = self.raw_ms(op)
            _ms, app = self.app_ms(op)
            if app != raw or not _aantal(raw):
                raise AssertionError(f"{self.engine} {self.grootte:,} {op}: the page shows "
                                     f"{app!r:.300}, the raw SQL {raw!r:.300}")
            self.verwacht[op] = raw
            for _ in range(OPWARMEN):
                self.app_ms(op)
                self.raw_ms(op)

    def ronde(self):
        for op in OPERATIES:
            for soort, meet in (("app", self.app_ms), ("raw", self.raw_ms)):
                ms, rijen = meet(op)
                if rijen != self.verwacht[op]:
                    raise AssertionError(f"{self.engine} {self.grootte:,} {op} {soort}: "
                                         f"other rows than before")
                self.tijden[op][soort].append(ms)

    def uitkomst(self):
        ops = {}
        for op in OPERATIES:
            app, raw = (statistics.median(self.tijden[op][s]) for s in ("app", "raw"))
            ops[op] = {"app_ms": app, "raw_ms": raw, "app_raw": app / raw,
                       "rijen": _aantal(self.verwacht[op]), **self.tijden[op]}
        return {"grootte": self.grootte, "vullen_s": round(self.vullen_s, 1), "operaties": ops}

    def sluit(self):
        try:
            self.raw.close()
            if not self.db.is_closed():
                self.db.close()
            if hasattr(self.db, "close_all"):  # the app's SQLite pool
                self.db.close_all()
        finally:
            self.opruimen()


# ---------------------------------------------------------------- B: gunicorn

def _belasting(poort, pad, headers, seconden, klanten):
    """`klanten` threads, each with its own keep-alive connection, GET `pad` one after
    another for `seconden`: requests/s, p50 and p95 ms, errors (not 200, or failed)."""
    tijden, fouten, slot = [], [0], threading.Lock()
    start = threading.Barrier(klanten + 1)

    def klant():
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
        eigen, mis = [], 0
        start.wait()
        einde = time.perf_counter() + seconden
        while (begin := time.perf_counter()) < einde:
            try:
                verbinding.request("GET", pad, headers=headers)
                antwoord = verbinding.getresponse()
                antwoord.read()
                ok = antwoord.status == 200
            except (OSError, http.client.HTTPException):
                verbinding.close()  # the next request connects again
                ok = False
            if ok:
                eigen.append((time.perf_counter() - begin) * 1000)
            else:
                mis += 1
        verbinding.close()
        with slot:
            tijden.extend(eigen)
            fouten[0] += mis

    draden = [threading.Thread(target=klant) for _ in range(klanten)]
    for draad in draden:
        draad.start()
    start.wait()
    begin = time.perf_counter()
    for draad in draden:
        draad.join()
    verstreken = time.perf_counter() - begin
    tijden.sort()
    return {"per_s": len(tijden) / verstreken,
            "p50_ms": tijden[len(tijden) // 2] if tijden else None,
            "p95_ms": tijden[int(len(tijden) * 0.95)] if tijden else None,
            "fouten": fouten[0], "verzoeken": len(tijden)}


def _get(poort, pad, headers):
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
    try:
        verbinding.request("GET", pad, headers=headers)
        antwoord = verbinding.getresponse()
        return antwoord.status, antwoord.getheaders(), antwoord.read()
    finally:
        verbinding.close()


def server(register, instance, sleutel, seconden, klanten, log):
    """B at `register`'s size: the four measurements and the static file's Cache-Control."""
    OUT.mkdir(exist_ok=True)
    koekje = {"Cookie": f"session={register.sessiecookie('schooladministratie')}"}
    app_poort, bestanden_poort = vrije_poort(), vrije_poort()
    env = omgeving(register.url, instance, SECRET_KEY=sleutel)
    bestanden = [sys.executable, "-c", BESTANDSSERVER, str(bestanden_poort), "static"]
    with (achtergrond(gunicorn(app_poort), env, OUT / f"pagina-gunicorn-{register.engine}.log",
                      app_poort),
          achtergrond(bestanden, env, OUT / f"pagina-http-server-{register.engine}.log",
                      bestanden_poort)):
        status, _headers, body = _get(app_poort, "/inschrijvingen/overzicht", koekje)
        if status != 200 or _INSCHRIJVINGEN(body) != register.verwacht["overzicht"]:
            raise AssertionError(f"gunicorn overzicht: {status}, not the school's rows")
        # The file as the page links it: with its fingerprint (views/statisch.py).
        statisch = re.search(rf'href="(/static/{re.escape(STATISCH)}[^"]*)"', body.decode())[1]
        metingen = {  # name -> (port, path, headers)
            "login": (app_poort, "/inloggen", {}),
            "overzicht": (app_poort, "/inschrijvingen/overzicht", koekje),
            "static": (app_poort, statisch, koekje),
            "file server": (bestanden_poort, f"/{STATISCH}", {}),
        }
        cache = {}
        for wie, headers in (("with session", koekje), ("anonymous", {})):
            status, headers, _body = _get(app_poort, statisch, headers)
            cache[wie] = dict(headers).get("Cache-Control")
        uit = {"cache_control": cache, "klanten": klanten, "seconden": seconden}
        for naam, (poort, pad, headers) in metingen.items():
            _belasting(poort, pad, headers, 1, klanten)  # warm-up
            log(f"  gunicorn: {naam} for {seconden:g} s ...")
            uit[naam] = _belasting(poort, pad, headers, seconden, klanten)
    return uit


# ---------------------------------------------------------------- per engine

def meet(engine, groottes, rondes, pki, sleutel, zonder_server, seconden, klanten, log):
    registers = []
    try:
        for grootte in groottes:
            log(f"{engine}, {grootte:,} enrolments and meldingen: generating ...")
            registers.append(Register(engine, grootte, pki, sleutel, log))
            log(f"  filled in {registers[-1].vullen_s:.0f} s")
        for r in registers:
            r.controleer()
        log(f"{engine}: timing, {rondes} rounds ...")
        om_beurten(registers, rondes)
        uit = {"engine": engine, "rondes": rondes, "groottes": [r.uitkomst() for r in registers]}
        if not zonder_server:
            log(f"{engine}: gunicorn at {groottes[-1]:,} ...")
            uit["server"] = server(registers[-1], pki.parent, sleutel, seconden, klanten, log)
        return uit
    finally:
        for r in registers:
            r.sluit()


# ---------------------------------------------------------------- report

def _getal(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def tabel(uit):
    """Markdown: per operation the medians and app/raw per size, and the app's growth."""
    groottes = uit["groottes"]
    klein, groot = groottes[0], groottes[-1]
    kop = ["operation", "rows"]
    for g in groottes:
        kop += [f"app ms {g['grootte']:,}", f"raw ms {g['grootte']:,}",
                f"app/raw {g['grootte']:,}"]
    if len(groottes) > 1:
        kop.append(f"app {groot['grootte']:,} / {klein['grootte']:,}")
    regels = ["| " + " | ".join(kop) + " |",
              "|" + "|".join(["---"] + ["---:"] * (len(kop) - 1)) + "|"]
    missers = []
    for op in OPERATIES:
        # A register smaller than about 2,200 has fewer than 2,000 pupils at the school.
        rijen = dict.fromkeys(str(g["operaties"][op]["rijen"]) for g in groottes)
        cellen = [op, " / ".join(rijen)]
        for g in groottes:
            o = g["operaties"][op]
            cellen += [_getal(o["app_ms"]), _getal(o["raw_ms"]), f"{o['app_raw']:.1f}"]
        if o["app_raw"] > MAX_APP_RAW:  # `o`: the largest size's
            cellen[-1] = f"**{cellen[-1]}**"
            missers.append(f"{op}: app/raw {o['app_raw']:.1f} at {groot['grootte']:,} "
                           f"(goal <= {MAX_APP_RAW:g})")
        if len(groottes) > 1:
            groei = o["app_ms"] / klein["operaties"][op]["app_ms"]
            cellen.append(f"**{groei:.2f}**" if groei > MAX_GROEI else f"{groei:.2f}")
            if groei > MAX_GROEI:
                missers.append(f"{op}: app {groot['grootte']:,} / {klein['grootte']:,} = "
                               f"{groei:.2f} (goal <= {MAX_GROEI:g})")
        regels.append("| " + " | ".join(cellen) + " |")
    return "\n".join(regels), missers


def server_tabel(s):
    regels = ["| request | req/s | p50 ms | p95 ms | errors |", "|---|---:|---:|---:|---:|"]
    for naam in ("login", "overzicht", "static", "file server"):
        m = s[naam]
        p50, p95 = (_getal(m[k]) if m[k] is not None else "-" for k in ("p50_ms", "p95_ms"))
        regels.append(f"| {naam} | {m['per_s']:.0f} | {p50} | {p95} | {m['fouten']} |")
    missers = []
    verhouding = s["overzicht"]["per_s"] / s["login"]["per_s"]
    statisch = s["static"]["per_s"] / s["file server"]["per_s"]
    regels.append(f"\noverzicht / login: {verhouding:.3f} (goal >= {MIN_OVERZICHT_LOGIN:g}: "
                  f"{'ok' if verhouding >= MIN_OVERZICHT_LOGIN else 'TOO LOW'})")
    regels.append(f"static via gunicorn / plain file server: {statisch:.2f} "
                  f"(goal: at its rate, ~1)")
    for wie, waarde in s["cache_control"].items():
        regels.append(f"Cache-Control of the page's /static/{STATISCH}?v=… {wie}: "
                      f"{waarde or '(none)'}")
    if verhouding < MIN_OVERZICHT_LOGIN:
        missers.append(f"gunicorn overzicht / login = {verhouding:.3f} "
                       f"(goal >= {MIN_OVERZICHT_LOGIN:g})")
    fouten = sum(s[n]["fouten"] for n in ("login", "overzicht", "static", "file server"))
    if fouten:
        missers.append(f"gunicorn: {fouten} errors")
    return "\n".join(regels), missers


def _load():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(engines, groottes, rondes, zonder_server=False, seconden=15, klanten=8):
    def log(text):
        print(text, file=sys.stderr, flush=True)

    print(f"load average at the start: {_load()}", flush=True)
    instance = Path(tempfile.mkdtemp(prefix="bench-pagina-"))
    # create_app takes its instance folder from the environment; gunicorn gets it too.
    os.environ["INSTANCE_PATH"] = str(instance)
    sleutel = secrets.token_hex(32)  # the in-process apps' and gunicorn's SECRET_KEY
    missers = []
    try:
        pki = instance / "pki"
        _maak_pki(pki)
        for engine in engines:
            begin = os.getloadavg()
            uit = meet(engine, groottes, rondes, pki, sleutel, zonder_server, seconden,
                       klanten, log)
            uit["load"] = [begin, os.getloadavg()]
            OUT.mkdir(exist_ok=True)
            (OUT / f"pagina-{engine}.json").write_text(json.dumps(uit, indent=1),
                                                       encoding="utf-8")
            regels, mis = tabel(uit)
            print(f"\n{engine}: each page through the app (in process) and its raw SQL, "
                  f"median of {rondes} rounds, ms; goals: app/raw <= {MAX_APP_RAW:g} at "
                  f"the largest size, largest/smallest <= {MAX_GROEI:g}\n")
            print(regels)
            missers += [f"{engine} {m}" for m in mis]
            if "server" in uit:
                print(f"\n{engine}: gunicorn (deploy/gunicorn.conf.py) at "
                      f"{groottes[-1]:,}, {klanten} clients with keep-alive, "
                      f"{seconden:g} s each\n")
                regels, mis = server_tabel(uit["server"])
                print(regels)
                missers += [f"{engine} {m}" for m in mis]
            print(f"\nload average (1, 5, 15 min) before/after {engine}: "
                  f"{', '.join(f'{x:.2f}' for x in uit['load'][0])} / "
                  f"{', '.join(f'{x:.2f}' for x in uit['load'][1])}", flush=True)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    print(f"\nload average at the end: {_load()}")
    if missers:
        print("\nFAIL:\n  " + "\n  ".join(missers))
        return 1
    print("\nok: every goal met")
    return 0

