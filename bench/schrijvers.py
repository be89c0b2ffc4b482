"""Concurrent writers on a live server (issue 11): real gunicorn with the shipped
configuration (deploy/gunicorn.conf.py, as `make run` starts it; only the bind address
differs) on its own fresh database, and N writer threads for D seconds, each a plain HTTP
client with its own session (cookie jar, CSRF token from the page) doing what users do at once:

- school writers (verzuimmelder of 31ED) walk the wizard and save new meldingen (R-VZ-10):
  Toevoegen, Leerling, Verzuim (a one-day period of its own: every save gets a day no other
  melding of that pupil has), Lesuren, Actie school, Overzicht, Opslaan; one round in five
  they change a shared melding instead (Wijzigen, R-VZ-12);
- leerplichtambtenaar writers (gemeente 0363) set the status and give terugkoppeling on a
  few SHARED meldingen, several writers on one melding at once, each posting the `versie`
  it read from the page; a closed melding is replaced by an open one (made in the set-up,
  then by the school writers);
- login writers log in with username, password and token code from a pool of login-only
  users, never using a user's time step twice (a code is accepted once).

Writers take the roles in turn (school, leerplichtambtenaar, login, school, ...). The
school and leerplichtambtenaar writers log in one after another before the clock starts
(kind "startlogin"), and again during the run when a session ends. Each user logs in from
an address of its own, in X-Forwarded-For, as nginx forwards it (docs/deploy.md); the
server trusts that header from loopback. Every response is counted by
kind and status; a lost race must be a 409 whose page says "intussen gewijzigd", and
every 5xx is recorded with its URL, the first lines of its body and the exceptions in the
gunicorn log.

The set-up uses the app's own CLI (db upgrade, reference load, demo load) and then, in a
subprocess with the app context, the domain's functions: users made by the demo
beheerders with their token linked, pupils enrolled through `inschrijving.registreer`,
the first shared meldingen through `verzuim.sla_op`.

Used by tests/test_gelijktijdig.py and by `python -m bench schrijvers` (docs/benchmarks.md)."""
import collections
import contextlib
import datetime
import http.client
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyotp

from .proces import ROOT, achtergrond, gunicorn, met_demo, vrije_poort

INSTELLING = "31ED"
GEMEENTECODE = "0363"
POSTCODE = "1011 AB"  # Amsterdam: the pupils' meldingen go to the gemeente of the lpa writers
EERSTE_DAG = datetime.date(2024, 8, 1)  # the pupils' datum inschrijving and first verzuim day
ROLLEN = ("school", "lpa", "login")
LEERLINGEN = 40
VOORRAAD = 30  # shared meldingen made in the set-up; the school writers add more
LOGINS_PER_SCHRIJVER = 15  # login-only users per login writer (each logs in once a step)
WIJZIG_KANS = 0.2  # a school writer's share of changes to a shared melding
INTUSSEN = "intussen gewijzigd"  # in both messages of a lost race (domain/fouten.py)
AFGESLOTEN = "kan niet meer gewijzigd worden"  # the melding was closed meanwhile (R-VZ-12)
TOTP_STAP = 30


def rollen_van(schrijvers):
    """The role of each writer, in turn."""
    return [ROLLEN[i % len(ROLLEN)] for i in range(schrijvers)]


def dag_en_leerling(index, leerlingen):
    """The `index`-th (pupil, day): each pupil gets each day once, so no two meldingen
    overlap (R-VZ-06) and no save waits for another one's period."""
    return leerlingen[index % len(leerlingen)], EERSTE_DAG + datetime.timedelta(
        days=index // len(leerlingen))


# ---------------------------------------------------------------- set-up (in the app)

def voorbereiden(schrijvers, pad):
    """Run in a subprocess with the app's environment: the extra fixtures of the load,
    made through the domain, written to `pad` as JSON."""
    from app import create_app
    from domain import gebruikers, inschrijving, verzuim
    from domain.datums import DeelDatum
    from models import Gebruiker, database

    def actor(naam):
        return gebruikers.actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == naam))

    def account(beheerder, naam, rollen, kenmerken):
        gebruiker, wachtwoord = gebruikers.maak_gebruiker(beheerder, naam, naam.title(), "",
                                                          rollen, kenmerken)
        gebruikers.start_token_koppeling(gebruiker)
        # Linked a minute and a half ago: the step now is still unused, so the first login
        # need not wait for the next code.
        toen = time.time() - 3 * TOTP_STAP
        gebruikers.bevestig_token(
            gebruiker, gebruikers.huidige_code(gebruiker.totp_secret, toen),
            nu=datetime.datetime.fromtimestamp(toen, datetime.UTC).replace(tzinfo=None))
        return {"username": naam, "password": wachtwoord, "totp_secret": gebruiker.totp_secret}

    rollen = rollen_van(int(schrijvers))
    app = create_app()
    with app.app_context(), database.connection_context():
        school_beheerder, gemeente_beheerder = actor("beheerder.school"), actor(
            "beheerder.amsterdam")
        uit = {"school": [], "lpa": [], "login": [], "leerlingen": [], "meldingen": []}
        for i, rol in enumerate(rollen):
            if rol == "school":
                uit["school"].append(account(school_beheerder, f"schrijver.school{i}",
                                             ["verzuimmelder"], [INSTELLING]))
            elif rol == "lpa":
                uit["lpa"].append(account(gemeente_beheerder, f"schrijver.lpa{i}",
                                          ["leerplichtambtenaar"], [GEMEENTECODE]))
            else:
                uit["login"] += [account(school_beheerder, f"schrijver.login{i}.{j}",
                                         ["schooladministratie"], [INSTELLING])
                                 for j in range(LOGINS_PER_SCHRIJVER)]
        school = actor("school")
        for i in range(LEERLINGEN):
            resultaat = inschrijving.registreer(inschrijving.InschrijvingInvoer(
                instellingscode=INSTELLING, datum_inschrijving=EERSTE_DAG,
                persoon=inschrijving.PersoonInvoer(
                    variant="zonder", geslacht="MV"[i % 2],
                    geboortedatum=DeelDatum(2014, 1 + i % 12, 1 + i % 28),
                    achternaam=f"Schrijver{i:02d}", voornamen="Lotte",
                    adres=inschrijving.Adres(postcode=POSTCODE, huisnummer=str(i + 1)))), school)
            uit["leerlingen"].append(resultaat.persoon.onderwijsnummer)
        for index in range(VOORRAAD):
            pgn, dag = dag_en_leerling(index, uit["leerlingen"])
            melding = verzuim.sla_op(school, INSTELLING, pgn, verzuim.MeldingInvoer(
                periode_van=dag, periode_tm=dag, vermoedelijke_soort="O",
                vermoedelijke_reden="afwezig", actie_gewenst=True,
                naam_contactpersoon="Mevr. Voorraad", email_contactpersoon="melder@school.example",
                acties=["BRIEF"]))
            uit["meldingen"].append([melding.nummer, dag.isoformat()])
    Path(pad).write_text(json.dumps(uit))


@dataclass
class Server:
    url: str
    log: Path
    fixtures: dict


@contextlib.contextmanager
def live_server(database_url, instance, schrijvers):
    """gunicorn with deploy/gunicorn.conf.py on a fresh database at `database_url`, set up
    for `schrijvers` writers; its log is instance/gunicorn.log."""
    instance = Path(instance)
    # As deployed behind nginx (docs/deploy.md): the proxy on loopback names the client in
    # X-Forwarded-For, so limits per client address count per user, not for the harness.
    env = met_demo(database_url, instance, SECRET_KEY=secrets.token_hex(16),
                   MAIL_DIR=str(instance / "mail"), TRUSTED_PROXIES="127.0.0.1")
    pad = instance / "schrijvers.json"
    klaar = subprocess.run(
        [sys.executable, "-c", "import sys; from bench.schrijvers import voorbereiden; "
                               "voorbereiden(*sys.argv[1:])", str(schrijvers), str(pad)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if klaar.returncode:
        raise RuntimeError(f"set-up of the writers failed:\n{klaar.stderr[-3000:]}")
    port = vrije_poort()
    with achtergrond(gunicorn(port), env, instance / "gunicorn.log", port):
        yield Server(f"http://127.0.0.1:{port}", instance / "gunicorn.log",
                     json.loads(pad.read_text()))


# ---------------------------------------------------------------- HTTP

class GeenAntwoord(Exception):
    """The connection failed or closed without an answer."""


@dataclass
class Antwoord:
    status: int
    location: str
    body: str

    @property
    def pad(self):
        """The redirect's target path with its query, whether absolute or relative."""
        delen = urlsplit(self.location)
        return delen.path + (f"?{delen.query}" if delen.query else "")


class Client:
    """One session: a cookie jar, a new connection per request (no keep-alive to lose
    a POST on), redirects not followed (the writer follows them as a browser would).
    `adres` is the user's own address, sent as nginx forwards it."""

    def __init__(self, url, timeout=120):
        self.url = url
        delen = urlsplit(url)
        self.host, self.port = delen.hostname, delen.port
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.token = None
        self.adres = None

    def nieuwe_sessie(self):
        self.jar.clear()
        self.token = None

    def vraag(self, methode, pad, data=None):
        verzoek = urllib.request.Request(self.url + pad, method=methode)
        self.jar.add_cookie_header(verzoek)
        headers = dict(verzoek.header_items())
        headers["Connection"] = "close"
        if self.adres:
            headers["X-Forwarded-For"] = self.adres
        body = None
        if data is not None:
            body = urlencode({"csrf_token": self.token or "", **data}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read().decode("utf-8", "replace")
            self.jar.extract_cookies(antwoord, verzoek)
        except (OSError, http.client.HTTPException) as exc:
            raise GeenAntwoord(f"{type(exc).__name__}: {exc}") from exc
        finally:
            verbinding.close()
        gevonden = re.search(r'name="csrf_token" value="([^"]+)"', inhoud)
        if gevonden:
            self.token = gevonden.group(1)
        return Antwoord(antwoord.status, antwoord.getheader("Location") or "", inhoud)


def tekst_van(html, regels=4):
    """The first lines of a page's text, for a report: its error summary when it has
    one, else the start of its main content."""
    for deel in (r'(?s)<div[^>]*role="alert".*?</div>', r"(?s)<main\b.*?</main>"):
        gevonden = re.search(deel, html)
        if gevonden:
            html = gevonden.group(0)
            break
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    tekst = re.sub(r"<[^>]+>", "\n", html)
    gevonden = [r.strip() for r in tekst.splitlines() if r.strip()]
    return " | ".join(gevonden[:regels])


# ---------------------------------------------------------------- what the run found

def patroon(pad):
    """A URL path with its numbers and concept keys as placeholders, to group by."""
    pad = pad.split("?", 1)[0]
    pad = re.sub(r"/concept/[^/]+", "/concept/<sleutel>", pad)
    return re.sub(r"/\d+(?=/|$)", "/<n>", pad)


@dataclass
class Telling:
    """Every response of a run, by kind and status, and what did not go as it should."""

    tellingen: collections.Counter = field(default_factory=collections.Counter)
    fouten_5xx: list = field(default_factory=list)
    geen_antwoord: list = field(default_factory=list)
    races: collections.Counter = field(default_factory=collections.Counter)
    race_zonder_409: list = field(default_factory=list)  # "intussen gewijzigd", not a 409
    zonder_bericht_409: list = field(default_factory=list)  # a 409 without the message
    onverwacht: list = field(default_factory=list)
    harness_fouten: list = field(default_factory=list)
    slot: threading.Lock = field(default_factory=threading.Lock)

    def tel(self, soort, methode, pad, antwoord, verwacht):
        """Count `antwoord`; `verwacht(antwoord)` tells an expected answer (a lost race,
        a 409 saying "intussen gewijzigd", is always one)."""
        kort = {"soort": soort, "methode": methode, "pad": pad, "status": antwoord.status,
                "tekst": tekst_van(antwoord.body)}
        with self.slot:
            self.tellingen[(soort, antwoord.status)] += 1
            race = INTUSSEN in antwoord.body
            if antwoord.status >= 500:
                self.fouten_5xx.append(kort)
            elif antwoord.status == 409 and race:
                self.races[soort] += 1
            elif race:
                self.race_zonder_409.append(kort)
            elif antwoord.status == 409:
                self.zonder_bericht_409.append(kort)
            elif not verwacht(antwoord):
                self.onverwacht.append(kort)

    def tel_geen_antwoord(self, soort, methode, pad, reden):
        with self.slot:
            self.tellingen[(soort, 0)] += 1
            self.geen_antwoord.append({"soort": soort, "methode": methode, "pad": pad,
                                       "tekst": reden})

    def geslaagd(self, *soorten):
        return sum(self.tellingen[(soort, 302)] for soort in soorten)

    def aantal(self, status=None, bereik=None):
        return sum(n for (_, s), n in self.tellingen.items()
                   if (status is None or s == status) and (bereik is None or s in bereik))


def uitzonderingen(log):
    """The exceptions in a gunicorn log: [(method, path, last line of the traceback)],
    and the lines of gunicorn itself about workers (timeouts, kills)."""
    # One escaped line per record (logboek.py) reads as the lines it stands for.
    regels = Path(log).read_text(errors="replace").replace("\\x0a", "\n").splitlines()
    gevonden, werkers = [], []
    i = 0
    while i < len(regels):
        kop = re.search(r"Exception on (\S+) \[(\w+)\]", regels[i])
        if re.search(r"WORKER TIMEOUT|was sent SIG", regels[i]):
            werkers.append(regels[i].strip())
        if not kop:
            i += 1
            continue
        i += 1
        laatste, waar = "", ""
        # The traceback runs until the next log record or access log line.
        while i < len(regels) and not re.match(r"\[\d{4}-|\d+\.\d+\.\d+\.\d+ ", regels[i]):
            regel = regels[i]
            frame = re.match(r'\s+File "([^"]+)", line (\d+), in (\S+)', regel)
            if frame and frame.group(1).startswith(str(ROOT)) and "/.venv/" not in frame.group(1):
                waar = (f"{Path(frame.group(1)).relative_to(ROOT)}:{frame.group(2)} "
                        f"{frame.group(3)}")
            if re.match(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Timeout)\b", regel):
                laatste = regel.strip()
            elif regel.startswith("DETAIL:") and laatste:  # PostgreSQL's second line
                laatste += " " + regel.strip()
            i += 1
        laatste = re.sub(r"\b\d+\b", "<n>", laatste)  # key values: one line per kind
        gevonden.append((kop.group(2), kop.group(1), f"{laatste} (in {waar})" if waar else laatste))
    return gevonden, werkers


def samenvatting_5xx(telling, log):
    """Lines for a report: the 5xx per kind and path, and the exceptions per path."""
    regels = []
    per_soort = collections.Counter((f["soort"], f["methode"], patroon(f["pad"]), f["status"])
                                    for f in telling.fouten_5xx)
    for (soort, methode, pad, status), n in sorted(per_soort.items()):
        voorbeeld = next(f["tekst"] for f in telling.fouten_5xx
                         if (f["soort"], f["methode"], patroon(f["pad"])) ==
                         (soort, methode, pad))
        regels.append(f"{n:>5} × {status} {soort:<15} {methode} {pad}   body: {voorbeeld[:120]}")
    for reden in telling.geen_antwoord[:5]:
        regels.append(f"no answer: {reden['soort']} {reden['methode']} {reden['pad']}: "
                      f"{reden['tekst']}")
    gevonden, werkers = uitzonderingen(log)
    per_uitzondering = collections.Counter((m, patroon(p), e) for m, p, e in gevonden)
    if per_uitzondering:
        regels.append("exceptions in the gunicorn log:")
    for (methode, pad, uitzondering), n in sorted(per_uitzondering.items(),
                                                  key=lambda x: (-x[1], x[0])):
        regels.append(f"{n:>5} × {methode} {pad}: {uitzondering[:200]}")
    regels += [f"gunicorn: {w[:200]}" for w in werkers[:10]]
    return regels


# ---------------------------------------------------------------- shared state of a run

class Account:
    """A user with its token: a time step is used once, never twice."""

    volgnummer = iter(range(1, 1 << 24))

    def __init__(self, gegevens):
        n = next(Account.volgnummer)
        self.adres = f"10.{n >> 16}.{(n >> 8) & 255}.{n & 255}"  # each user its own address
        self.username = gegevens["username"]
        self.password = gegevens["password"]
        self.totp = pyotp.TOTP(gegevens["totp_secret"])
        self.laatste_stap = 0
        self.slot = threading.Lock()

    def code(self, opnieuw=False):
        """The code of the current time step, or None when this step was used. `opnieuw`:
        the last attempt with this step's code got no answer, a 5xx or a 409, so the login's
        transaction did not store the step, and the code may be sent again."""
        stap = int(time.time() // TOTP_STAP)
        with self.slot:
            if stap < self.laatste_stap or (stap == self.laatste_stap and not opnieuw):
                return None
            self.laatste_stap = stap
        return self.totp.at(stap * TOTP_STAP)


class Loginvoorraad:
    """The login-only users, taken in turn; each logs in at most once per time step."""

    def __init__(self, accounts):
        self.accounts = collections.deque(Account(a) for a in accounts)
        self.slot = threading.Lock()

    def neem(self):
        with self.slot:
            for _ in range(len(self.accounts)):
                account = self.accounts[0]
                self.accounts.rotate(-1)
                code = account.code()
                if code is not None:
                    return account, code
        return None


class Gedeeld:
    """The shared meldingen the leerplichtambtenaren (and school changes) work on at once:
    a few open ones at a time; a closed one is replaced by the next open one."""

    def __init__(self, plaatsen, meldingen):
        self.slot = threading.Lock()
        self.aantal = plaatsen
        self.dagen = {nummer: datetime.date.fromisoformat(dag) for nummer, dag in meldingen}
        self.reserve = collections.deque(nummer for nummer, _ in meldingen)
        self.plaatsen = []
        self.aangeraakt = set()
        self.geaccepteerd = collections.Counter()  # changes answered 302, per melding
        self.onzeker = set()  # a change without a clear answer (5xx, none)
        self._vul()

    def _vul(self):
        while len(self.plaatsen) < self.aantal and self.reserve:
            nummer = self.reserve.popleft()
            self.plaatsen.append(nummer)
            self.aangeraakt.add(nummer)

    def kies(self, rng):
        with self.slot:
            return rng.choice(self.plaatsen) if self.plaatsen else None

    def gesloten(self, nummer):
        with self.slot:
            if nummer in self.plaatsen:
                self.plaatsen.remove(nummer)
                self._vul()

    def nieuw(self, nummer, dag):
        with self.slot:
            self.dagen[nummer] = dag
            self.reserve.append(nummer)
            self._vul()

    def uitkomst(self, nummer, antwoord):
        with self.slot:
            if antwoord is None or antwoord.status >= 500:
                self.onzeker.add(nummer)
            elif antwoord.status == 302:
                self.geaccepteerd[nummer] += 1


@dataclass
class VerlorenOpslaan:
    """A wizard whose Opslaan lost a race: what was typed must still be there."""

    schrijver: object
    overzicht: str
    getypt: list
    status: int
    in_antwoord: bool  # the typed values in the 409 page itself
    direct_bewaard: bool | None = None  # the Overzicht read right after
    later_bewaard: bool | None = None  # the Overzicht read after the run


class Afloop:
    """One run: the server, the clock, the shared state and the counts."""

    def __init__(self, server, schrijvers, seconden, seed=2026):
        self.server = server
        self.seconden = seconden
        fixtures = server.fixtures
        self.telling = Telling()
        self.leerlingen = fixtures["leerlingen"]
        self.volgende = len(fixtures["meldingen"])  # the next (pupil, day) index
        self.volgende_slot = threading.Lock()
        self.logins = Loginvoorraad(fixtures["login"])
        rollen = rollen_van(schrijvers)
        self.gedeeld = Gedeeld(max(1, rollen.count("lpa") // 3), fixtures["meldingen"])
        self.verloren_opslaan = []
        self.start = threading.Event()
        self.begin = self.einde = self.verstreken = 0.0
        accounts = {rol: iter(fixtures[rol]) for rol in ("school", "lpa")}
        self.schrijvers = [Schrijver(self, i, rol, random.Random(seed + i),
                                     Account(next(accounts[rol])) if rol != "login" else None)
                           for i, rol in enumerate(rollen)]

    def dag(self):
        with self.volgende_slot:
            index, self.volgende = self.volgende, self.volgende + 1
        return dag_en_leerling(index, self.leerlingen)

    def loop(self):
        # The school and gemeente users are at work when the clock starts: they log in one
        # after another first ("startlogin"); the login writers are the logins under load.
        for schrijver in self.schrijvers:
            if schrijver.rol != "login":
                schrijver.zorg_ingelogd("startlogin")
        for schrijver in self.schrijvers:
            schrijver.start()
        self.begin = time.time()
        self.einde = self.begin + self.seconden
        self.start.set()
        for schrijver in self.schrijvers:
            schrijver.join()
        self.verstreken = time.time() - self.begin
        return self


# ---------------------------------------------------------------- the writers

def _altijd(_antwoord):
    return True


def _status(*statussen):
    return lambda antwoord: antwoord.status in statussen


def _datum(dag):
    return dag.strftime("%d-%m-%Y")


class Schrijver(threading.Thread):
    """One writer: one HTTP session doing the work of its role until the end of the run."""

    def __init__(self, afloop, nummer, rol, rng, account):
        super().__init__(name=f"schrijver-{nummer}-{rol}", daemon=True)
        self.afloop, self.nummer, self.rol, self.rng = afloop, nummer, rol, rng
        self.account = account
        self.client = Client(afloop.server.url)
        self.ingelogd = False
        self.rondes = 0

    # -- requests, counted

    def vraag(self, soort, methode, pad, data=None, verwacht=_altijd):
        try:
            antwoord = self.client.vraag(methode, pad, data)
        except GeenAntwoord as exc:
            self.afloop.telling.tel_geen_antwoord(soort, methode, pad, str(exc))
            return None
        self.afloop.telling.tel(soort, methode, pad, antwoord, verwacht)
        if antwoord.status == 302 and antwoord.pad.startswith("/inloggen") and soort != "login":
            self.ingelogd = False  # the session ended: log in again
        return antwoord

    def pagina(self, pad):
        return self.vraag("pagina", "GET", pad, verwacht=_status(200))

    def post(self, soort, pad, data, verwacht=None):
        return self.vraag(soort, "POST", pad, data, verwacht or _status(302))

    def volg(self, antwoord):
        """Follow a redirect as a browser does; the next step's page, or None."""
        if antwoord is None or antwoord.status != 302:
            return None
        return self.pagina(antwoord.pad)

    # -- the loop

    def run(self):
        self.afloop.start.wait()
        while time.time() < self.afloop.einde:
            self.rondes += 1
            try:
                if self.rol == "login":
                    self.login_ronde()
                elif not self.ingelogd:
                    self.inloggen()
                elif self.rol == "school":
                    if self.rng.random() < WIJZIG_KANS:
                        self.wijzig_gedeelde()
                    else:
                        self.nieuwe_melding()
                else:
                    self.behandel()
            except Exception:  # a bug of the harness: keep it, keep writing
                with self.afloop.telling.slot:
                    self.afloop.telling.harness_fouten.append(traceback.format_exc())
                time.sleep(0.1)

    def _wacht_op_volgende_stap(self, tot):
        """Sleep until just after the next token code's time step begins, or until `tot`."""
        rest = TOTP_STAP - time.time() % TOTP_STAP + 0.05
        time.sleep(max(0.05, min(rest, tot - time.time())))

    def _login(self, account, code, soort="login"):
        """One login with a fresh session: the answer to the POST, or None."""
        self.client.nieuwe_sessie()
        self.client.adres = account.adres
        if self.pagina("/inloggen") is None:
            return None
        antwoord = self.post(soort, "/inloggen", {
            "gebruikersnaam": account.username, "wachtwoord": account.password, "code": code},
            verwacht=_status(302, 401))
        self.ingelogd = bool(antwoord and antwoord.status == 302
                             and not antwoord.pad.startswith("/inloggen"))
        if self.ingelogd:
            self.pagina(antwoord.pad)  # the home page, and the session's CSRF token
        return antwoord

    def inloggen(self, tot=None, soort="login"):
        """Log in as this writer's own user, as a user would: after a 5xx (or no answer)
        send the same code again; after a refusal wait for the next code. True when
        logged in."""
        tot = tot or self.afloop.einde
        opnieuw = False
        while time.time() < tot:
            code = self.account.code(opnieuw)
            if code is None:  # this step's code was used: wait for the next one
                self._wacht_op_volgende_stap(tot)
                opnieuw = False
                continue
            antwoord = self._login(self.account, code, soort)
            if self.ingelogd:
                return True
            opnieuw = antwoord is None or antwoord.status >= 500 or antwoord.status == 409
            if opnieuw:
                time.sleep(self.rng.uniform(0.05, 0.3))
        return False

    def zorg_ingelogd(self, soort="login"):
        """Logged in, waiting for a fresh code when needed (before and after the run)."""
        return self.ingelogd or self.inloggen(tot=time.time() + 3 * TOTP_STAP, soort=soort)

    def login_ronde(self):
        genomen = self.afloop.logins.neem()
        if genomen is None:  # every login user used this step
            self._wacht_op_volgende_stap(self.afloop.einde)
            return
        self._login(*genomen)

    # -- school: a new melding through the wizard (R-VZ-10)

    def _verzuim_velden(self, dag, naam):
        return {"periode_van": _datum(dag), "periode_tm": _datum(dag),
                "vermoedelijke_soort": "O", "vermoedelijke_reden": "afwezig",
                "alle_lessen_gemist": "nee", "actie_gewenst": "ja", "met_prioriteit": "nee",
                "naam_contactpersoon": naam, "email_contactpersoon": "melder@school.example"}

    def nieuwe_melding(self):
        """Returns (nummer, dag) when saved."""
        pgn, dag = self.afloop.dag()
        naam = f"Melder {self.nummer}-{self.rondes}"
        begin = self.post("stap", f"/verzuim/{INSTELLING}/toevoegen", {"pgn": pgn})
        if not self.volg(begin):
            return None
        basis = begin.pad.rsplit("/", 1)[0]
        stappen = (("leerling", {"aantal_contactpersonen": "0"}),
                   ("verzuim", self._verzuim_velden(dag, naam)),
                   ("lesuren", {"verzuimdagen_specificeren": "nvt", "aantal_dagen": "0"}),
                   ("actie", {"acties": "BRIEF"}))
        for stap, velden in stappen:
            if not self.volg(self.post("stap", f"{basis}/{stap}", {"ga": "volgende", **velden})):
                return None
        opgeslagen = self.post("opslaan", f"{basis}/overzicht",
                               {"ga": "opslaan", "mail_naar_melder": "nee"})
        if opgeslagen is None:
            return None
        if opgeslagen.status == 409:
            self._verloren(opslaan=opgeslagen, overzicht=f"{basis}/overzicht",
                           getypt=[_datum(dag), naam])
            return None
        gevonden = re.match(r"/verzuim/meldingen/(\d+)", opgeslagen.pad)
        if opgeslagen.status != 302 or not gevonden:
            return None
        nummer = int(gevonden.group(1))
        self.afloop.gedeeld.nieuw(nummer, dag)
        self.volg(opgeslagen)  # "Gelukt"
        return nummer, dag

    def _verloren(self, opslaan, overzicht, getypt):
        """An Opslaan that lost a race: is what was typed still there, in the answer and
        on the Overzicht read again?"""
        verloren = VerlorenOpslaan(self, overzicht, getypt, opslaan.status,
                                   all(t in opslaan.body for t in getypt))
        pagina = self.pagina(overzicht)
        verloren.direct_bewaard = bool(pagina and pagina.status == 200
                                       and all(t in pagina.body for t in getypt))
        with self.afloop.telling.slot:
            self.afloop.verloren_opslaan.append(verloren)
        return verloren

    # -- school: Wijzigen of a shared melding (R-VZ-12)

    def begin_wijziging(self, nummer, dag, naam):
        """Wijzigen up to the Overzicht, with a new naam contactpersoon; the concept's
        path, or None (the melding was closed meanwhile, or a step failed)."""
        begin = self.post("wijzigen", f"/verzuim/meldingen/{nummer}/wijzigen", {})
        if begin is None or begin.status != 302 or "/concept/" not in begin.pad:
            return None
        self.volg(begin)
        basis = begin.pad.rsplit("/", 1)[0]
        stap = self.post("stap", f"{basis}/verzuim",
                         {"ga": "overzicht", **self._verzuim_velden(dag, naam)})
        if not self.volg(stap):
            return None
        return basis

    def wijzig_gedeelde(self):
        gedeeld = self.afloop.gedeeld
        nummer = gedeeld.kies(self.rng)
        if nummer is None:
            return self.nieuwe_melding()
        naam = f"Wijziging {self.nummer}-{self.rondes}"
        basis = self.begin_wijziging(nummer, gedeeld.dagen[nummer], naam)
        if basis is None:
            return None
        opgeslagen = self.post("wijziging", f"{basis}/overzicht",
                               {"ga": "opslaan", "mail_naar_melder": "nee"},
                               verwacht=lambda a: a.status == 302 or (
                                   a.status == 422 and AFGESLOTEN in a.body))
        gedeeld.uitkomst(nummer, opgeslagen)
        if opgeslagen is not None and opgeslagen.status == 409:
            self._verloren(opgeslagen, f"{basis}/overzicht", [naam])
        return opgeslagen

    # -- leerplichtambtenaar: status and terugkoppeling on a shared melding

    def behandel(self):
        gedeeld = self.afloop.gedeeld
        nummer = gedeeld.kies(self.rng)
        if nummer is None:
            time.sleep(0.1)
            return None
        pagina = self.pagina(f"/gemeente/meldingen/{nummer}")
        if pagina is None or pagina.status != 200:
            return None
        versie = re.search(r'name="versie" value="(\d+)"', pagina.body)
        if not versie:  # closed: no forms any more (R-VZ-12)
            gedeeld.gesloten(nummer)
            return None
        geregistreerd = 'value="behandeling"' in pagina.body
        kans = self.rng.random()
        if geregistreerd:
            actie = "behandeling" if kans < 0.35 else "kennisgeving" if kans < 0.4 else None
        else:
            actie = "afsluiten" if kans < 0.2 else "kennisgeving" if kans < 0.25 else None
        data = {"versie": versie.group(1)}
        if actie is None:
            antwoord = self.post("terugkoppeling", f"/gemeente/meldingen/{nummer}/terugkoppeling",
                                 {**data, "naam": f"Behandelaar {self.nummer}",
                                  "functie": "leerplichtambtenaar",
                                  "toelichting": f"Ronde {self.rondes}"})
        else:
            if actie == "afsluiten":
                data.update(reden="TERUG", toelichting_afsluiting="GEZIEN")
            antwoord = self.post("status", f"/gemeente/meldingen/{nummer}/status",
                                 {**data, "actie": actie})
        gedeeld.uitkomst(nummer, antwoord)
        if antwoord is not None and antwoord.status == 302 and actie in ("afsluiten",
                                                                          "kennisgeving"):
            gedeeld.gesloten(nummer)
        return antwoord


def belast(server, schrijvers, seconden, seed=2026):
    """N writers for D seconds on a live server; returns the Afloop."""
    return Afloop(server, schrijvers, seconden, seed).loop()


# ---------------------------------------------------------------- after the run

def eerste(afloop, rol):
    """A writer of `rol`, logged in (waiting for a fresh code when needed), or None."""
    for schrijver in afloop.schrijvers:
        if schrijver.rol == rol and schrijver.zorg_ingelogd():
            return schrijver
    return None


def controleer_versies(afloop):
    """The versions of every shared melding as the gemeente's Historie lists them (R-VZ-14):
    {nummer: (versions, expected count or None)}. Expected: version 1 plus one per change
    answered 302, unless a change had no clear answer."""
    lpa = eerste(afloop, "lpa")
    if lpa is None:
        return {}
    gedeeld = afloop.gedeeld
    uit = {}
    for nummer in sorted(gedeeld.aangeraakt):
        pagina = lpa.pagina(f"/gemeente/meldingen/{nummer}/historie")
        versies = [int(v) for v in re.findall(
            rf'href="/gemeente/meldingen/{nummer}/historie/(\d+)"', pagina.body if pagina else "")]
        verwacht = None if nummer in gedeeld.onzeker else 1 + gedeeld.geaccepteerd[nummer]
        uit[nummer] = (versies, verwacht)
    return uit


def versiefouten(versies):
    """The shared meldingen whose history is not 1..n, or not the expected n."""
    fout = {}
    for nummer, (lijst, verwacht) in versies.items():
        if sorted(lijst) != list(range(1, len(lijst) + 1)) or (
                verwacht is not None and len(lijst) != verwacht):
            fout[nummer] = (sorted(lijst), verwacht)
    return fout


def herlees_verloren(afloop):
    """After the run: each lost Opslaan's Overzicht, read again by its writer."""
    for verloren in afloop.verloren_opslaan:
        pagina = verloren.schrijver.pagina(verloren.overzicht)
        verloren.later_bewaard = bool(pagina and pagina.status == 200
                                      and all(t in pagina.body for t in verloren.getypt))
    return afloop.verloren_opslaan


@dataclass
class Uitgelokt:
    """A lost race on Opslaan made on purpose: the school changes a melding while the
    gemeente gives terugkoppeling on the version the school read."""

    nummer: int | None = None
    terugkoppeling: int | None = None  # the gemeente's answer
    status: int | None = None  # the school's Opslaan
    bericht: bool = False  # "intussen gewijzigd" in that answer
    in_antwoord: bool = False  # the typed value in that answer
    bewaard: bool = False  # the typed value on the Overzicht read again
    tekst: str = ""


def lok_verloren_opslaan_uit(afloop):
    """After the run, on a quiet server: a new melding, the school's Wijzigen up to the
    Overzicht, a terugkoppeling by the gemeente, then the school's Opslaan."""
    uit = Uitgelokt()
    school, lpa = eerste(afloop, "school"), eerste(afloop, "lpa")
    if school is None or lpa is None:
        uit.tekst = "no school or leerplichtambtenaar writer could log in"
        return uit
    gemaakt = school.nieuwe_melding()
    if gemaakt is None:
        uit.tekst = "the school writer could not save a melding"
        return uit
    uit.nummer, dag = gemaakt
    getypt = "Mevr. Verloren Wijziging"
    basis = school.begin_wijziging(uit.nummer, dag, getypt)
    if basis is None:
        uit.tekst = "Wijzigen did not reach the Overzicht"
        return uit
    pagina = lpa.pagina(f"/gemeente/meldingen/{uit.nummer}")
    versie = re.search(r'name="versie" value="(\d+)"', pagina.body if pagina else "")
    antwoord = lpa.post("terugkoppeling", f"/gemeente/meldingen/{uit.nummer}/terugkoppeling",
                        {"versie": versie.group(1) if versie else "", "naam": "Behandelaar",
                         "toelichting": "Intussen"})
    uit.terugkoppeling = antwoord.status if antwoord else 0
    afloop.gedeeld.uitkomst(uit.nummer, antwoord)  # a version like any other
    opgeslagen = school.post("wijziging", f"{basis}/overzicht",
                             {"ga": "opslaan", "mail_naar_melder": "nee"}, verwacht=_status(409))
    if opgeslagen is None:
        uit.tekst = "no answer to Opslaan"
        return uit
    uit.status, uit.tekst = opgeslagen.status, tekst_van(opgeslagen.body, 12)
    uit.bericht = INTUSSEN in opgeslagen.body
    uit.in_antwoord = getypt in opgeslagen.body
    herlezen = school.pagina(f"{basis}/overzicht")
    uit.bewaard = bool(herlezen and herlezen.status == 200 and getypt in herlezen.body)
    return uit


# ---------------------------------------------------------------- the benchmark

@dataclass
class Meting:
    engine: str
    schrijvers: int
    afloop: Afloop
    versies: dict
    regels_5xx: list

    def rij(self):
        t, s = self.afloop.telling, self.afloop.verstreken
        return (self.engine, self.schrijvers, s, t.geslaagd("opslaan") / s,
                t.geslaagd("login") / s, t.geslaagd("status", "terugkoppeling") / s,
                t.aantal(status=409), len(t.race_zonder_409), t.aantal(bereik=range(500, 600)),
                t.aantal(status=0))


def meet(engine, schrijvers, seconden):
    from .overzicht import OUT, _maak_database
    url, opruimen = _maak_database(engine, f"schrijvers-{schrijvers}")
    instance = Path(tempfile.mkdtemp(prefix="bench-schrijvers-"))
    OUT.mkdir(exist_ok=True)
    try:
        begin = time.perf_counter()
        with live_server(url, instance, schrijvers) as server:
            voorbereid = time.perf_counter() - begin
            afloop = belast(server, schrijvers, seconden)
            versies = controleer_versies(afloop)
        log = OUT / f"schrijvers-{engine}-{schrijvers}.log"
        shutil.copy(server.log, log)
        print(f"  {engine}, {schrijvers} writers: set-up {voorbereid:.0f} s, run "
              f"{afloop.verstreken:.1f} s; gunicorn log in {log.relative_to(ROOT)}", flush=True)
        return Meting(engine, schrijvers, afloop, versies, samenvatting_5xx(afloop.telling, log))
    finally:
        opruimen()
        shutil.rmtree(instance, ignore_errors=True)


def per_soort(telling):
    soorten = sorted({soort for soort, _ in telling.tellingen})
    return [f"{soort:<15}" + "  ".join(f"{status or 'none'}×{telling.tellingen[(soort, status)]}"
                                       for status in sorted(s for k, s in telling.tellingen
                                                            if k == soort))
            for soort in soorten]


def main(engines, aantallen, seconden):
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    metingen = []
    for engine in engines:
        for schrijvers in aantallen:
            meting = meet(engine, schrijvers, seconden)
            metingen.append(meting)
            telling = meting.afloop.telling
            for regel in per_soort(telling):
                print(f"    {regel}")
            for regel in meting.regels_5xx:
                print(f"    {regel}")
            for soort, lijst in (("lost race not answered 409", telling.race_zonder_409),
                                 ("409 without the message", telling.zonder_bericht_409),
                                 ("unexpected answer", telling.onverwacht)):
                per_pad = collections.Counter((f["soort"], f["status"], patroon(f["pad"]))
                                              for f in lijst)
                for (s, status, pad), n in sorted(per_pad.items()):
                    print(f"    {soort}: {n} × {status} {s} {pad}")
            fout = versiefouten(meting.versies)
            print(f"    shared meldingen: {len(meting.versies)}, history 1..n as expected: "
                  f"{len(meting.versies) - len(fout)}"
                  + (f"; not: {dict(list(fout.items())[:5])}" if fout else ""))
            for tekst in telling.harness_fouten[:3]:
                print(f"    harness error: {tekst.strip().splitlines()[-1]}")
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    kop = ("engine", "writers", "seconds", "saves/s", "logins/s", "status changes/s", "409s",
           "lost races not 409", "5xx", "no answer")
    print("| " + " | ".join(kop) + " |")
    print("|---|" + "---:|" * (len(kop) - 1))
    for meting in metingen:
        engine, n, s, saves, logins, status, conflicten, anders, fouten, geen = meting.rij()
        print(f"| {engine} | {n} | {s:.1f} | {saves:.2f} | {logins:.2f} | {status:.2f} | "
              f"{conflicten} | {anders} | {fouten} | {geen} |")
    return 1 if any(m.afloop.telling.fouten_5xx or m.afloop.telling.geen_antwoord
                    for m in metingen) else 0
