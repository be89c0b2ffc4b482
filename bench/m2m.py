"""The gemeenten' change feed over mutual TLS (issue 4): real gunicorn with the M2M
configuration (deploy/gunicorn-m2m.conf.py) on loopback, a register of 1,000,000
meldingen (bench/verzuim.py `maak_register`, with their versions), and one package of the benchmark
gemeente calling one request after another.

Measured in turns, in requests per second over a fixed time after a warm-up:
- organisatie: GET /api/v1/organisatie over one keep-alive connection, the trivial
  endpoint on the same listener (certificate check, connection to the database, no data):
  the yardstick;
- feed: the gemeente's change feed over the same connection, full pages of 100 versions
  from the start, following `volgende`, and from the start again at the end; every page
  writes its Inzagelog row (R-AVG-02), as in production;
- poll: the feed with the cursor at its end, which finds nothing new: what a package
  calls most of the time;
- new connection: organisatie with a full TLS handshake per request (no session
  resumption); its time per request minus organisatie's is the handshake's cost.

The client is plain http.client on the same machine. It parses every feed page for its
cursor, as a package must, but that parsing (about 3 ms for a page of 150 kB) is the
package's work, not the listener's, so its time is left out of the rates.
Goal: feed and poll each at least `DOEL` of organisatie."""
import http.client
import json
import os
import shutil
import ssl
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from certificates import laad_ankers, laad_crls, testpki
from domain.actor import Actor
from domain.certificaten import Vertrouwen, bekijk, registreer
from models import MeldingVersie, bind

from .overzicht import OUT, _maak_database
from .proces import ROOT, gunicorn, omgeving, vrije_poort
from .verzuim import GEMEENTE_OIN, maak_register

SLUG = "gemeente-benchstad"
FEED = "/api/v1/verzuimmeldingen/mutaties"
PAGINA = 100
DOEL = 0.5
MATEN = ("organisatie", "feed", "poll", "new connection")


class Pakket:
    """The benchmark gemeente's package: its certificate, one keep-alive connection and
    its place in the feed."""

    def __init__(self, poort, pki):
        self.poort = poort
        self.context = ssl.create_default_context(cafile=str(pki / "trust.pem"))
        self.context.load_cert_chain(pki / "clients" / f"{SLUG}.pem",
                                     pki / "clients" / f"{SLUG}.key")
        self.verbinding = self._verbind()
        self.vanaf = None  # None: the next feed page is the first
        self.eind = None  # the cursor after the last version
        self.ontleden = 0.0  # seconds spent parsing answers

    def _verbind(self):
        return http.client.HTTPSConnection("127.0.0.1", self.poort, context=self.context,
                                           timeout=60)

    def _vraag(self, pad, verbinding=None):
        verbinding = verbinding or self.verbinding
        verbinding.request("GET", pad, headers={"Accept": "application/json"})
        antwoord = verbinding.getresponse()
        body = antwoord.read()
        if antwoord.status != 200:
            raise RuntimeError(f"GET {pad}: {antwoord.status} {body[:300]!r}")
        return body

    def _json(self, pad):
        body = self._vraag(pad)
        begin = time.perf_counter()
        data = json.loads(body)
        self.ontleden += time.perf_counter() - begin
        return data

    def organisatie(self):
        self._vraag("/api/v1/organisatie")

    def nieuwe_verbinding(self):
        verbinding = self._verbind()
        try:
            self._vraag("/api/v1/organisatie", verbinding)
        finally:
            verbinding.close()

    def feed(self):
        pad = f"{FEED}?paginagrootte={PAGINA}"
        if self.vanaf:
            pad += f"&vanaf={quote(self.vanaf)}"
        pagina = self._json(pad)
        self.vanaf = pagina["volgende"] if pagina["meer"] else None
        if not pagina["meer"]:
            self.eind = pagina["volgende"]

    def poll(self):
        pagina = self._json(f"{FEED}?paginagrootte={PAGINA}&vanaf={quote(self.eind)}")
        if pagina["mutaties"] or pagina["meer"]:
            raise RuntimeError("the poll at the end of the feed found new versions")


# ---------------------------------------------------------------- set-up

def _vul(engine, meldingen, url, pki):
    """The register, and the benchmark gemeente's certificate registered as a beheerder
    would. Returns (seconds to fill, the gemeente's versions)."""
    db = bind(url)
    with db.connection_context():
        _, gemeente, vullen = maak_register(db, engine, meldingen)
        testpki.maak(pki, [(SLUG, GEMEENTE_OIN)])
        # An (empty) CRL of the intermediate, as in production: every call checks it.
        (pki / "crls").mkdir(exist_ok=True)
        shutil.copy(pki / "crl.pem", pki / "crls" / "intermediate.pem")
        beheerder = Actor("systeem:bench", gemeente.organisatie_id, rollen=frozenset({"beheerder"}))
        vertrouwen = Vertrouwen(tuple(laad_ankers(pki / "ca-chain.pem")),
                                tuple(laad_crls(pki / "crls")))
        crt = pki / "clients" / f"{SLUG}.crt"
        registreer(beheerder, vertrouwen,
                   bekijk(beheerder, vertrouwen, crt.name, crt.read_bytes()).pem)
        versies = MeldingVersie.select().where(MeldingVersie.gemeente == gemeente.id).count()
    return vullen, versies


def _start(url, instance, log):
    """gunicorn with the M2M configuration and its default workers and threads; returns
    (process, port) once a request gets through."""
    poort = vrije_poort()
    proces = subprocess.Popen(gunicorn(poort, conf="deploy/gunicorn-m2m.conf.py"), cwd=ROOT,
                              env=omgeving(url, instance), stdout=log, stderr=subprocess.STDOUT)
    pakket = Pakket(poort, instance / "pki")
    for _ in range(300):
        if proces.poll() is not None:
            break
        try:
            pakket.nieuwe_verbinding()
            return proces, poort
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    proces.kill()
    raise RuntimeError(f"gunicorn did not answer; see {log.name}")


def _stop(proces):
    proces.terminate()
    try:
        proces.wait(20)
    except subprocess.TimeoutExpired:
        proces.kill()
        proces.wait()


# ---------------------------------------------------------------- measuring

def _tempo(pakket, verzoek, seconden):
    """Requests per second of `verzoek` called one after another for `seconden`, less
    the package's own parsing."""
    n, ontleden, begin = 0, pakket.ontleden, time.perf_counter()
    while (verstreken := time.perf_counter() - begin) < seconden:
        verzoek()
        n += 1
    return n / (verstreken - (pakket.ontleden - ontleden))


def _meet(pakket, seconden, rondes):
    """The requests per second of each measure (median of the rounds) and the feed's
    number of pages."""
    pakket.feed()  # walk the whole feed once: its pages, its end, and a warm-up
    paginas = 1
    while pakket.vanaf:
        pakket.feed()
        paginas += 1
    verzoeken = {"organisatie": pakket.organisatie, "feed": pakket.feed, "poll": pakket.poll,
                 "new connection": pakket.nieuwe_verbinding}
    for verzoek in verzoeken.values():
        _tempo(pakket, verzoek, 1)
    verbinding = pakket.verbinding.sock
    # In turns, so a burst of load elsewhere on the machine hits every measure alike.
    tempi = {maat: [] for maat in MATEN}
    for _ in range(rondes):
        for maat in MATEN:
            tempi[maat].append(_tempo(pakket, verzoeken[maat], seconden))
    if pakket.verbinding.sock is not verbinding:
        raise RuntimeError("the keep-alive connection was not kept")
    return {"paginas": paginas, **{maat: statistics.median(t) for maat, t in tempi.items()}}


def meet(engine, meldingen, seconden, rondes):
    url, opruimen = _maak_database(engine, f"m2m-{meldingen}")
    instance = Path(tempfile.mkdtemp(prefix="bench-m2m-"))
    OUT.mkdir(exist_ok=True)
    try:
        vullen, versies = _vul(engine, meldingen, url, instance / "pki")
        with open(OUT / f"m2m-gunicorn-{engine}.log", "w") as log:
            proces, poort = _start(url, instance, log)
            try:
                uitkomst = _meet(Pakket(poort, instance / "pki"), seconden, rondes)
            finally:
                _stop(proces)
        return {"vullen_s": vullen, "versies": versies, **uitkomst}
    finally:
        opruimen()
        shutil.rmtree(instance, ignore_errors=True)


def main(engines, meldingen, seconden, rondes):
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    for engine in engines:
        r = meet(engine, meldingen, seconden, rondes)
        print(f"\n{engine}, {meldingen:,} meldingen (filled in {r['vullen_s']:.0f} s); feed of "
              f"the benchmark gemeente: {r['versies']:,} versions in {r['paginas']} pages of "
              f"up to {PAGINA}; median of {rondes} rounds of {seconden:g} s")
        print(f"  {'request':<16}{'req/s':>9}{'ms/req':>9}{'/ organisatie':>15}")
        for maat in MATEN:
            ratio = r[maat] / r["organisatie"]
            print(f"  {maat:<16}{r[maat]:>9.1f}{1000 / r[maat]:>9.2f}{ratio:>15.2f}", end="")
            if maat in ("feed", "poll"):
                ok = ok and ratio >= DOEL
                print(f"  {'ok' if ratio >= DOEL else f'TOO LOW, goal >= {DOEL}'}", end="")
            print()
        handdruk = 1000 / r["new connection"] - 1000 / r["organisatie"]
        print(f"  full TLS handshake: {handdruk:.2f} ms; feed: "
              f"{r['feed'] * r['versies'] / r['paginas']:,.0f} versions/s", flush=True)
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1
