"""Several web nodes and job consumers share what they must (DESIGN §3 Scale-out): two
real gunicorn processes, each with its own instance folder, and two huey consumers (`flask
jobs worker`) on one database and one Redis. A session begun on one node holds on the
other and ends on both at once (R-AVG-05); a rate limit counts the requests of both nodes
(REDIS_URL), so a client cannot double its allowance by switching nodes; a file sent
through one node is processed by either consumer and its progress shows on the other, and
a consumer killed mid-file leaves the rest to the other, no row lost or stored twice."""
import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pyotp
import pytest

from bench.proces import ROOT, achtergrond, gunicorn, met_demo, vrije_poort
from models import make_database
from tests.conftest import csrf_token, programma


@pytest.fixture(scope="module")
def knopen(maak_database, tmp_path_factory):
    redis_server = programma("redis-server", "redis-server")
    instance = tmp_path_factory.mktemp("schaal")
    redis_poort = vrije_poort()
    env = met_demo(maak_database("schaal"), instance, SECRET_KEY=secrets.token_hex(16),
                   REDIS_URL=f"redis://127.0.0.1:{redis_poort}/0",
                   LIMIET_INLOGGEN="4 per minute",
                   # The school registers some 80 pupils by form in a minute here (the
                   # limit of look-ups by BSN has tests of its own).
                   LIMIET_OPZOEKEN="300 per minute",
                   # The nodes believe X-Forwarded-For from loopback, as behind nginx: each
                   # test is a client of its own address, so their logins count apart.
                   TRUSTED_PROXIES="127.0.0.1", WEB_WORKERS="2",
                   # A consumer that stops renewing its claim loses a file in 3 s.
                   BESTAND_CLAIM_SECONDS="3")
    redis = [redis_server, "--port", str(redis_poort), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(instance)]
    poorten = vrije_poort(), vrije_poort()
    tweede = tmp_path_factory.mktemp("schaal-b")  # node B's own instance folder
    env_b = {**env, "INSTANCE_PATH": str(tweede)}
    with achtergrond(redis, env, instance / "redis.log", redis_poort), \
            achtergrond(gunicorn(poorten[0]), env, instance / "a.log", poorten[0]), \
            achtergrond(gunicorn(poorten[1]), env_b, tweede / "b.log", poorten[1]), \
            Consumenten(env, instance) as consumenten:
        accounts = {a["username"]: a for a in json.loads(
            (instance / "demo-accounts.json").read_text())}
        yield {"poorten": poorten, "accounts": accounts, "url": env["DATABASE_URL"],
               "consumenten": consumenten, "sleutel": env["SECRET_KEY"], "env": env}


class Consumenten(contextlib.AbstractContextManager):
    """Two job consumers (`flask jobs worker`), each logging to its own file."""

    def __init__(self, env, instance, aantal=2):
        self.env, self.logs = env, [instance / f"consument-{i}.log" for i in range(aantal)]
        self.processen = [None] * aantal

    def start(self, i):
        with open(self.logs[i], "a") as log:
            self.processen[i] = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"], cwd=ROOT,
                env=self.env, stdout=log, stderr=log)

    def __enter__(self):
        for i in range(len(self.processen)):
            self.start(i)
        return self

    def __exit__(self, *exc):
        for proces in self.processen:
            if proces.poll() is None:
                proces.terminate()
                proces.wait(10)

    def wie_nam(self, bestand_id):
        """The consumers (by index) that claimed file `bestand_id`."""
        return [i for i, log in enumerate(self.logs)
                if f"file {bestand_id} claimed by consumer" in log.read_text()]


class Browser:
    """A plain HTTP client with one cookie jar, that may talk to either node."""

    def __init__(self, adres="10.0.0.1"):
        self.cookies = {}
        self.adres = adres

    def vraag(self, poort, methode, pad, data=None, bestand=None, headers=None):
        """`bestand`: (field, file name, bytes), sent with `data` as multipart/form-data."""
        conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "X-Forwarded-For": self.adres, **(headers or {})}
        body = None
        if bestand is not None:
            grens = uuid.uuid4().hex
            delen = [f'--{grens}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                     f"{v}\r\n".encode() for k, v in (data or {}).items()]
            veld, naam, inhoud = bestand
            delen.append(f'--{grens}\r\nContent-Disposition: form-data; name="{veld}"; '
                         f'filename="{naam}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                         + inhoud + f"\r\n--{grens}--\r\n".encode())
            body = b"".join(delen)
            headers["Content-Type"] = f"multipart/form-data; boundary={grens}"
        elif data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(methode, pad, body=body, headers=headers)
            antwoord = conn.getresponse()
            tekst = antwoord.read().decode()
            for header in antwoord.headers.get_all("Set-Cookie") or []:
                for naam, morsel in SimpleCookie(header).items():
                    self.cookies[naam] = morsel.value
            return antwoord.status, tekst, antwoord.headers
        finally:
            conn.close()

    def token(self, poort, pad="/inloggen"):
        return csrf_token(self.vraag(poort, "GET", pad)[1])

    def log_in(self, poort, naam, account):
        return self.vraag(poort, "POST", "/inloggen", {
            "csrf_token": self.token(poort), "gebruikersnaam": naam,
            "wachtwoord": account["password"],
            "code": pyotp.TOTP(account["totp_secret"]).now()})


def test_r_avg_05_a_session_holds_on_every_node_and_ends_on_all_at_once(knopen):
    a, b = knopen["poorten"]
    browser = Browser()
    assert browser.log_in(a, "school2", knopen["accounts"]["school2"])[0] == 302
    assert browser.vraag(b, "GET", "/inschrijvingen")[0] == 200  # node B knows the session
    kopie = Browser()
    kopie.cookies = dict(browser.cookies)
    assert browser.vraag(b, "POST", "/uitloggen",
                         {"csrf_token": browser.token(b, "/")})[0] == 302
    status, _tekst, headers = kopie.vraag(a, "GET", "/inschrijvingen")
    assert status == 302 and "/inloggen" in headers["Location"]  # ended on node A too


def test_the_same_new_pupil_registered_on_two_nodes_at_once_is_one_person(knopen):
    """Twelve submits of one BSN (known to the BRP, not yet to the register) at the same
    moment, half on each node, for the three instellingen of the school: one person, one
    inschrijving per instelling (R-INS-08), the rest refused with a message; never a 500,
    never a second person (the unique key a moment ago is retried, then a 409)."""
    a, b = knopen["poorten"]
    browser = Browser()
    assert browser.log_in(a, "school", knopen["accounts"]["school"])[0] == 302
    token = browser.token(a, "/inschrijvingen/nieuw")
    data = {"csrf_token": token, "datum_inschrijving_dag": "1", "datum_inschrijving_maand": "8",
            "datum_inschrijving_jaar": "2025", "persoon_variant": "met", "bsn": "999990305",
            "geslacht": "V", "geboortedatum_dag": "6", "geboortedatum_maand": "3",
            "geboortedatum_jaar": "2008", "adres_variant": "binnenland"}
    start = threading.Barrier(12)

    def opslaan(i):
        kopie = Browser()
        kopie.cookies = dict(browser.cookies)
        start.wait()
        return kopie.vraag((a, b)[i % 2], "POST", "/inschrijvingen/nieuw",
                           {**data, "instellingscode": ("31ED", "31EG", "31GY")[i % 3]})

    with ThreadPoolExecutor(12) as pool:
        antwoorden = list(pool.map(opslaan, range(12)))
    statussen = [status for status, _tekst, _headers in antwoorden]
    assert set(statussen) <= {200, 409, 422}, statussen
    assert statussen.count(200) == 3  # one per instelling
    db = make_database(knopen["url"])
    with db.connection_context():
        assert db.execute_sql("SELECT count(*) FROM persoon WHERE bsn = '999990305'"
                              ).fetchone()[0] == 1
        assert db.execute_sql("SELECT count(*) FROM inschrijving i JOIN persoon p ON "
                              "p.id = i.persoon_id WHERE p.bsn = '999990305'").fetchone()[0] == 3


def test_r_gem_02_one_vrijstelling_changed_on_two_nodes_at_once_takes_one_change(knopen):
    """Eight leerplichtambtenaren end the same vrijstelling from the version they read, at
    the same moment, half on each node: one change is stored, the others answer 409 with
    the usual message; the history has versions 1 and 2 only."""
    a, b = knopen["poorten"]
    lpa = Browser("10.0.0.2")
    assert lpa.log_in(a, "leerplicht.amsterdam",
                      knopen["accounts"]["leerplicht.amsterdam"])[0] == 302
    status, _tekst, _h = lpa.vraag(a, "POST", "/gemeente/vrijstellingen", {
        "csrf_token": lpa.token(a, "/gemeente/vrijstellingen"), "pgn": "999990007",
        "artikel": "5-a", "begindatum": "01-01-2027"})
    assert status == 200
    lijst = lpa.vraag(a, "GET", "/gemeente/vrijstellingen")[1]
    vrijstelling_id = re.search(r'/gemeente/vrijstellingen/(\d+)"', lijst).group(1)
    pad = f"/gemeente/vrijstellingen/{vrijstelling_id}"
    token = lpa.token(a, pad)
    start = threading.Barrier(8)

    def beeindig(i):
        kopie = Browser(lpa.adres)
        kopie.cookies = dict(lpa.cookies)
        start.wait()
        return kopie.vraag((a, b)[i % 2], "POST", pad, {
            "csrf_token": token, "versie": "1", "artikel": "5-a", "begindatum": "01-01-2027",
            "einddatum": f"{10 + i}-01-2027"})

    with ThreadPoolExecutor(8) as pool:
        antwoorden = list(pool.map(beeindig, range(8)))
    statussen = sorted(status for status, _tekst, _h in antwoorden)
    assert statussen == [302] + [409] * 7, statussen
    assert all("intussen gewijzigd" in tekst for status, tekst, _h in antwoorden
               if status == 409)
    historie = lpa.vraag(b, "GET", pad)[1].split('id="kop-historie"')[1]
    assert re.findall(r'<td class="utrecht-table__cell">(\d)</td>', historie) == ["1", "2"]


def test_a_rate_limit_counts_the_requests_of_every_node(knopen):
    """LIMIET_INLOGGEN is 4 a minute per client address. Counted per node (in each
    process's memory) a client switching nodes would get 8; shared in Redis it gets 4
    in all, then both nodes refuse."""
    a, b = knopen["poorten"]
    browser = Browser("10.0.0.99")
    statussen = []
    for poort in (a, b) * 5:
        statussen.append(browser.vraag(poort, "POST", "/inloggen", {
            "csrf_token": browser.token(poort), "gebruikersnaam": "niemand",
            "wachtwoord": "fout"})[0])
    eerste = statussen.index(429)
    assert eerste == 4 and set(statussen[:eerste]) == {401}
    assert set(statussen[eerste:]) == {429}  # on both nodes, where memory would let B go on


# ---------------------------------------------------------------- files and consumers

KOP = "Achternaam;Voornamen;Geslacht;Geboortedatum;Postcode;Huisnummer;Datum inschrijving"


def _bestand(naam, aantal):
    regels = [f"{naam} {i:05d};Sam;V;03-02-2016;1094 HA;{i};01-08-2024"
              for i in range(1, aantal + 1)]
    return ("\r\n".join([KOP, *regels]) + "\r\n").encode()


def _verstuur(knopen, poort, naam, aantal):
    """Log in as the school and send a file of `aantal` new pupils through node `poort`;
    the file's id."""
    browser = _ingelogd(knopen, "school")
    token = browser.token(poort, "/bestanden/versturen")
    status, _tekst, headers = browser.vraag(
        poort, "POST", "/bestanden/versturen",
        {"csrf_token": token, "bestandssoort": "rod", "instellingscode": "31GY"},
        bestand=("bestand", f"{naam}.csv", _bestand(naam, aantal)))
    assert status == 302, _tekst[:500]
    return browser, int(headers["Location"].rsplit("/", 1)[1])


def _ingelogd(knopen, gebruikersnaam):
    """A browser with the session a login gives (signed with the nodes' SECRET_KEY): a
    TOTP code can be used once, and the tests above log the same user in."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    db = make_database(knopen["url"])
    with db.connection_context():
        gebruiker_id, generatie = db.execute_sql(
            f"SELECT id, sessie_generatie FROM gebruiker WHERE gebruikersnaam = {db.param}",
            (gebruikersnaam,)).fetchone()
    app = Flask(__name__)
    app.secret_key = knopen["sleutel"]
    nu = int(time.time())
    browser = Browser()
    browser.cookies["session"] = SecureCookieSessionInterface().get_signing_serializer(
        app).dumps({"gebruiker_id": gebruiker_id, "generatie": generatie, "begonnen": nu,
                    "laatst": nu})
    return browser


def _stand(knopen, bestand_id):
    db = make_database(knopen["url"])
    with db.connection_context():
        return db.execute_sql("SELECT status, regels_klaar, aantal_regels FROM bestand "
                              f"WHERE id = {db.param}", (bestand_id,)).fetchone()


def _wacht(knopen, bestand_id, klaar, seconden):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        stand = _stand(knopen, bestand_id)
        if klaar(stand):
            return stand
        time.sleep(0.2)
    raise AssertionError(f"file {bestand_id} after {seconden} s: {stand}")


def _tellingen(knopen, naam):
    db = make_database(knopen["url"])
    with db.connection_context():
        inschrijvingen = db.execute_sql(
            "SELECT count(*), count(DISTINCT p.id) FROM inschrijving i JOIN persoon p "
            f"ON p.id = i.persoon_id WHERE p.achternaam LIKE {db.param}",
            (f"{naam} %",)).fetchone()
        regels = db.execute_sql(
            "SELECT count(*), count(DISTINCT r.regel) FROM bestandsregel r JOIN bestand b "
            f"ON b.id = r.bestand_id WHERE b.naam = {db.param}", (f"{naam}.csv",)).fetchone()
    return inschrijvingen, regels


def test_a_file_sent_through_one_node_is_processed_and_shown_on_the_other(knopen):
    a, b = knopen["poorten"]
    browser, bestand_id = _verstuur(knopen, a, "Schaalkind", 300)
    _wacht(knopen, bestand_id, lambda s: s[0] == "verwerkt", 60)
    status, tekst, _h = browser.vraag(b, "GET", f"/bestanden/{bestand_id}")
    assert status == 200 and "Verwerkt" in tekst and "Schaalkind.csv" in tekst
    status, deel, _h = browser.vraag(b, "GET", f"/bestanden/{bestand_id}",
                                     headers={"HX-Request": "true", "HX-Target": "voortgang"})
    assert status == 286 and "<html" not in deel
    assert len(knopen["consumenten"].wie_nam(bestand_id)) == 1
    assert _tellingen(knopen, "Schaalkind") == ((300, 300), (300, 300))


def test_a_consumer_killed_mid_file_leaves_the_rest_to_the_other(knopen):
    """kill -9 while a file is being processed: the other consumer takes the file over
    once the claim has expired (its periodic round, within a minute), and every row is
    stored once; the killed consumer, started again, finds nothing left to do."""
    a, _b = knopen["poorten"]
    consumenten = knopen["consumenten"]
    _browser, bestand_id = _verstuur(knopen, a, "Killkind", 10000)
    _wacht(knopen, bestand_id, lambda s: s[0] == "in verwerking" and s[1] >= 400, 60)
    (bezig,) = consumenten.wie_nam(bestand_id)
    os.kill(consumenten.processen[bezig].pid, signal.SIGKILL)
    consumenten.processen[bezig].wait(10)
    halverwege = _stand(knopen, bestand_id)
    assert halverwege[0] == "in verwerking" and halverwege[1] < 10000
    _wacht(knopen, bestand_id, lambda s: s[0] == "verwerkt", 150)
    assert consumenten.wie_nam(bestand_id) == [0, 1]  # both had it, one after the other
    assert _tellingen(knopen, "Killkind") == ((10000, 10000), (10000, 10000))
    consumenten.start(bezig)


def test_the_same_file_sent_twice_at_once_through_both_nodes_stores_each_pupil_once(knopen):
    """Two consumers process the same pupils at the same moment (a double send): the
    batches of one instelling take turns, so each pupil is stored once and the other
    file's rows are Ongewijzigd; both files end, neither is stuck."""
    a, b = knopen["poorten"]
    start = threading.Barrier(2)

    def stuur(poort):
        browser = _ingelogd(knopen, "school")
        token = browser.token(poort, "/bestanden/versturen")
        start.wait()
        status, _tekst, headers = browser.vraag(
            poort, "POST", "/bestanden/versturen",
            {"csrf_token": token, "bestandssoort": "rod", "instellingscode": "31GY"},
            bestand=("bestand", "Dubbelkind.csv", _bestand("Dubbelkind", 600)))
        assert status == 302
        return int(headers["Location"].rsplit("/", 1)[1])

    with ThreadPoolExecutor(2) as pool:
        ids = list(pool.map(stuur, (a, b)))
    standen = [_wacht(knopen, i, lambda s: s[0] in ("verwerkt", "verwerkt met fouten"), 90)
               for i in ids]
    assert all(s[1] == 600 for s in standen)
    (inschrijvingen, personen), _regels = _tellingen(knopen, "Dubbelkind")
    assert (inschrijvingen, personen) == (600, 600)
    db = make_database(knopen["url"])
    with db.connection_context():
        uitkomsten = dict(db.execute_sql(
            "SELECT uitkomst, count(*) FROM bestandsregel WHERE bestand_id IN "
            f"({db.param}, {db.param}) GROUP BY uitkomst", ids).fetchall())
    assert uitkomsten == {"opgeslagen": 600, "ongewijzigd": 600}


def _bsns(aantal, begin=700_000_00):
    """`aantal` BSNs that pass the 11-proef and that no BRP record or test uses."""
    from stdnum.nl import bsn
    uit, teller = [], begin
    while len(uit) < aantal:
        stam = f"{teller:08d}"
        teller += 1
        kandidaat = stam + str(sum((9 - i) * int(c) for i, c in enumerate(stam)) % 11)
        if len(kandidaat) == 9 and bsn.is_valid(kandidaat):
            uit.append(kandidaat)
    return uit


def test_r_ins_08_a_file_and_the_form_registering_the_same_pupils_at_once_store_each_once(
        knopen):
    """A file of 1,500 new pupils with a BSN goes through a consumer while, on the other
    node, the form registers 60 of the same pupils at the same instelling from the same
    date, 6 at a time. A file's batch checks its rows together and inserts them together:
    a pupil the form stored a moment ago is a unique key at the batch's insert, and the
    batch is checked again, then that row is Ongewijzigd or refused (R-INS-08). Each
    pupil is one person with one inschrijving; no answer is a 500; the file ends."""
    a, b = knopen["poorten"]
    bsns = _bsns(1500)
    kop = "BSN;Achternaam;Voornamen;Geslacht;Geboortedatum;Postcode;Huisnummer;Datum inschrijving"
    regels = [f"{nummer};Botskind {i:05d};Sam;V;03-02-2016;1094 HA;{i};01-08-2024"
              for i, nummer in enumerate(bsns, 1)]
    browser = _ingelogd(knopen, "school")
    token = browser.token(a, "/bestanden/versturen")
    status, _tekst, headers = browser.vraag(
        a, "POST", "/bestanden/versturen",
        {"csrf_token": token, "bestandssoort": "rod", "instellingscode": "31GY"},
        bestand=("bestand", "Botskind.csv", ("\r\n".join([kop, *regels]) + "\r\n").encode()))
    assert status == 302
    bestand_id = int(headers["Location"].rsplit("/", 1)[1])
    formulier = browser.token(b, "/inschrijvingen/nieuw")

    def opslaan(i):
        kopie = Browser()
        kopie.cookies = dict(browser.cookies)
        return kopie.vraag(b, "POST", "/inschrijvingen/nieuw", {
            "csrf_token": formulier, "instellingscode": "31GY", "persoon_variant": "met",
            "adres_variant": "binnenland", "naam_adres": "ja", "bsn": bsns[i],
            "achternaam": f"Botskind {i + 1:05d}", "voornamen": "Sam", "geslacht": "V",
            "geboortedatum_dag": "3", "geboortedatum_maand": "2", "geboortedatum_jaar": "2016",
            "postcode": "1094 HA", "huisnummer": str(i + 1), "datum_inschrijving_dag": "1",
            "datum_inschrijving_maand": "8", "datum_inschrijving_jaar": "2024"})

    # The form's pupils spread over the file, registered while its batches go in.
    with ThreadPoolExecutor(6) as pool:
        antwoorden = list(pool.map(opslaan, range(0, 1500, 25)))
    statussen = [status for status, _tekst, _headers in antwoorden]
    assert set(statussen) <= {200, 409, 422}, statussen
    stand = _wacht(knopen, bestand_id,
                   lambda s: s[0] in ("verwerkt", "verwerkt met fouten"), 120)
    assert stand[1] == 1500
    db = make_database(knopen["url"])
    with db.connection_context():
        per_bsn = db.execute_sql(
            "SELECT count(DISTINCT p.id), count(i.id), count(DISTINCT p.bsn) FROM persoon p "
            f"JOIN inschrijving i ON i.persoon_id = p.id WHERE p.achternaam LIKE {db.param}",
            ("Botskind %",)).fetchone()
        uitkomsten = dict(db.execute_sql(
            f"SELECT uitkomst, count(*) FROM bestandsregel WHERE bestand_id = {db.param} "
            "GROUP BY uitkomst", (bestand_id,)).fetchall())
        fouten = [tekst for (tekst,) in db.execute_sql(
            f"SELECT fouten FROM bestandsregel WHERE bestand_id = {db.param} "
            "AND uitkomst = 'fout'", (bestand_id,)).fetchall()]
    assert per_bsn == (1500, 1500, 1500)
    assert uitkomsten.get("opgeslagen", 0) + statussen.count(200) == 1500, uitkomsten
    assert all("R-INS-08" in tekst for tekst in fouten), fouten[:3]


# ---------------------------------------------------------------- gegevensleveringen

def test_one_sign_up_changed_on_two_nodes_at_once_takes_one_change(knopen):
    """Eight Behandelaars RMC change Amsterdam's sign-up from the version they read, at the
    same moment, half on each node: one change is stored, the others answer 409 with the
    usual message; the history has versions 1 and 2 only."""
    a, b = knopen["poorten"]
    browser = _ingelogd(knopen, "rmc.amsterdam")
    pad = "/leveringen/aanmelding/0363"
    pagina = browser.vraag(a, "GET", pad)[1]
    eigen = _gebruiker_id(knopen, "rmc.amsterdam")
    regio = _gebruiker_id(knopen, "rmc.regio")
    status, _tekst, _h = browser.vraag(a, "POST", pad, {
        "csrf_token": csrf_token(pagina), "via": "gemeente", "ontvangers": eigen, "versie": ""})
    assert status == 302
    token = browser.token(a, pad)
    start = threading.Barrier(8)

    def wijzig(i):
        kopie = Browser()
        kopie.cookies = dict(browser.cookies)
        start.wait()
        # Each differs from the stored sign-up (via gemeente, Rachid): one saved unchanged
        # would rightly be no change at all.
        return kopie.vraag((a, b)[i % 2], "POST", pad, {
            "csrf_token": token, "via": "beide",
            "ontvangers": [eigen] if i % 2 else [eigen, regio], "versie": "1"})

    with ThreadPoolExecutor(8) as pool:
        antwoorden = list(pool.map(wijzig, range(8)))
    statussen = sorted(status for status, _tekst, _h in antwoorden)
    assert statussen == [302] + [409] * 7, statussen
    assert all("intussen gewijzigd" in tekst for status, tekst, _h in antwoorden
               if status == 409)
    db = make_database(knopen["url"])
    with db.connection_context():
        versies = [v for (v,) in db.execute_sql(
            "SELECT v.versie FROM aanmelding_versie v JOIN aanmelding a ON a.id = "
            "v.aanmelding_id JOIN gemeente g ON g.id = a.gemeente_id WHERE g.code = '0363' "
            "ORDER BY v.versie").fetchall()]
    assert versies == [1, 2]


def _gebruiker_id(knopen, gebruikersnaam):
    db = make_database(knopen["url"])
    with db.connection_context():
        return str(db.execute_sql(f"SELECT id FROM gebruiker WHERE gebruikersnaam = {db.param}",
                                  (gebruikersnaam,)).fetchone()[0])


def _leveringen(knopen, waar, params=()):
    db = make_database(knopen["url"])
    with db.connection_context():
        return db.execute_sql(
            "SELECT l.id, l.status, (SELECT count(*) FROM bestand b WHERE b.soort = 'levering' "
            "AND b.id = l.bestand_id) FROM levering l WHERE " + waar + " ORDER BY l.id",
            params).fetchall()


def test_leveringen_asked_on_both_nodes_are_each_made_once_by_either_consumer(knopen):
    """Six C-leveringen asked for at the same moment, three on each node: the two
    consumers make every one, each once (one returned file each)."""
    a, b = knopen["poorten"]
    browser = _ingelogd(knopen, "rmc.amsterdam")
    token = browser.token(a, "/leveringen")
    start = threading.Barrier(6)

    def vraag(i):
        kopie = Browser()
        kopie.cookies = dict(browser.cookies)
        start.wait()
        status, _tekst, headers = kopie.vraag((a, b)[i % 2], "POST", "/leveringen/aanvragen", {
            "csrf_token": token, "gebied": "G0363", "peildatum": f"{i + 1:02d}-09-2026"})
        assert status == 302
        return int(headers["Location"].rsplit("/", 1)[1])

    with ThreadPoolExecutor(6) as pool:
        ids = sorted(pool.map(vraag, range(6)))
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        rijen = _leveringen(knopen, "l.soort = 'C' AND l.peildatum >= '2026-09-01' AND "
                                    "l.peildatum <= '2026-09-06'")
        if [r[0] for r in rijen] == ids and all(r[1] == "klaar" for r in rijen):
            break
        time.sleep(0.2)
    assert [(r[0], r[1], r[2]) for r in rijen] == [(i, "klaar", 1) for i in ids]
    # Made once: one returned file of each delivery, whichever consumer made it.
    db = make_database(knopen["url"])
    with db.connection_context():
        namen = [n for (n,) in db.execute_sql(
            f"SELECT naam FROM bestand WHERE soort = 'levering' AND naam LIKE {db.param}",
            ("2026090_G0363C-levering-%",)).fetchall()]
    assert sorted(int(n.rsplit("-", 1)[1].split(".")[0]) for n in namen) == ids


def test_the_weekly_job_run_twice_at_once_makes_each_p_levering_once(knopen):
    """Two runs of the P-levering at the same moment (a second machine's scheduler, or a
    run started again by hand): each signed-up gemeente's delivery exists and is made once."""
    from bench.proces import flask_cli
    env = {**knopen["env"]}
    a, _b = knopen["poorten"]
    browser = _ingelogd(knopen, "rmc.amsterdam")
    pad = "/leveringen/aanmelding/0363"
    pagina = browser.vraag(a, "GET", pad)[1]
    if "Nog niet aangemeld" in pagina:
        eigen = _gebruiker_id(knopen, "rmc.amsterdam")
        browser.vraag(a, "POST", pad, {"csrf_token": csrf_token(pagina), "via": "gemeente",
                                       "ontvangers": eigen, "versie": ""})
    start = threading.Barrier(2)

    def draai(_i):
        start.wait()
        return flask_cli(env, "leveringen", "p-levering", "--datum", "2026-11-30")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(draai, range(2)))
    rijen = _leveringen(knopen, "l.soort = 'P' AND l.peildatum = '2026-11-30'")
    assert rijen and all(r[1] == "klaar" and r[2] == 1 for r in rijen), rijen
    db = make_database(knopen["url"])
    with db.connection_context():
        (sleutels, uniek), = db.execute_sql(
            "SELECT count(*), count(DISTINCT sleutel) FROM levering WHERE soort = 'P'").fetchall()
    assert sleutels == uniek


def test_r_lev_04_the_same_koppeling_file_sent_twice_at_once_links_each_pupil_once(knopen):
    """Two Behandelaars RMC' files linking the same 40 pupils, sent at the same moment
    through both nodes and processed by both consumers at once: each pupil is linked once
    (one Koppeling, one BSN), and every row of the other file says "al gekoppeld"; no row
    is refused and neither file is stuck (the persons are locked while a link is
    checked and written)."""
    import datetime
    import io

    import openpyxl
    a, b = knopen["poorten"]
    _browser, rod = _verstuur(knopen, a, "Koppelkind", 40)
    _wacht(knopen, rod, lambda s: s[0] == "verwerkt", 60)
    bsns = _bsns(40, begin=710_000_00)
    db = make_database(knopen["url"])
    with db.connection_context():
        eigen = [n for (n,) in db.execute_sql(
            "SELECT onderwijsnummer FROM persoon WHERE achternaam LIKE "
            f"{db.param} ORDER BY achternaam", ("Koppelkind %",)).fetchall()]
        for bsn in bsns:
            db.execute_sql(
                "INSERT INTO brp_persoon (bsn, geslachtsnaam, voornamen, geslacht, "
                "geboortedatum, postcode, woonplaats, gemeentecode) VALUES "
                f"({', '.join([db.param] * 8)})",
                (bsn, "Koppelkind", "Sam", "V", "2016-02-03", "1094 HA", "Amsterdam", "0363"))
    assert len(eigen) == 40
    boek = openpyxl.Workbook()
    boek.active.append(["BSN", "Onderwijsnummer"])
    for bsn, nummer in zip(bsns, eigen, strict=True):
        boek.active.append([bsn, nummer])
    inhoud = io.BytesIO()
    boek.save(inhoud)
    naam = f"{datetime.date.today():%Y%m%d}G0363.koci.xlsx"
    start = threading.Barrier(2)

    def stuur(poort):
        browser = _ingelogd(knopen, "rmc.amsterdam")
        token = browser.token(poort, "/bestanden/versturen")
        start.wait()
        status, tekst, headers = browser.vraag(
            poort, "POST", "/bestanden/versturen",
            {"csrf_token": token, "bestandssoort": "koppeling-own-bsn"},
            bestand=("bestand", naam, inhoud.getvalue()))
        assert status == 302, tekst[:500]
        return int(headers["Location"].rsplit("/", 1)[1])

    with ThreadPoolExecutor(2) as pool:
        ids = list(pool.map(stuur, (a, b)))
    for i in ids:
        _wacht(knopen, i, lambda s: s[0] == "verwerkt", 90)
    with db.connection_context():
        uitkomsten = dict(db.execute_sql(
            "SELECT uitkomst, count(*) FROM bestandsregel WHERE bestand_id IN "
            f"({db.param}, {db.param}) GROUP BY uitkomst", ids).fetchall())
        koppelingen = db.execute_sql(
            "SELECT count(*), count(DISTINCT bsn) FROM koppeling WHERE bsn IN "
            f"({', '.join([db.param] * 40)})", bsns).fetchone()
        gekoppeld = db.execute_sql(
            "SELECT count(*) FROM persoon WHERE bsn IN "
            f"({', '.join([db.param] * 40)})", bsns).fetchone()[0]
    assert uitkomsten == {"gekoppeld": 40, "ongewijzigd": 40}
    assert tuple(koppelingen) == (40, 40) and gekoppeld == 40


def test_r_gem_01_r_gem_03_two_beheerders_at_once_through_both_nodes(knopen):
    """Two beheerders of Amsterdam send the same routering form at once, one through each
    node: one version is stored, the other gets the 409 "intussen gewijzigd" (R-GEM-01).
    They grant the same machtiging at once: one is stored, the other is refused as an
    overlap (R-GEM-03); they end it at once: one ends it, the other gets the 409."""
    a, b = knopen["poorten"]
    db = make_database(knopen["url"])
    with db.connection_context():
        (eigen,) = db.execute_sql(
            f"SELECT organisatie_id FROM gemeente WHERE code = {db.param}", ("0363",)).fetchone()
    vandaag = time.strftime("%d-%m-%Y")

    def tegelijk(pad, data, pagina="/machtigingen"):
        start = threading.Barrier(2)

        def stuur(poort):
            browser = _ingelogd(knopen, "beheerder.amsterdam")
            token = browser.token(poort, pagina)
            start.wait()
            status, tekst, _headers = browser.vraag(poort, "POST", pad,
                                                    {"csrf_token": token, **data})
            return status, tekst
        with ThreadPoolExecutor(2) as pool:
            return sorted(pool.map(stuur, (a, b)))

    routering = {"versie": "0", "ingangsdatum": vandaag,
                 **{f"instantie-{c}": str(eigen) for c in ("LP", "KP", "RMC")},
                 **{f"email-{c}": "verzuim@amsterdam.example" for c in ("LP", "KP", "RMC")}}
    (eerste, _), (tweede, tekst) = tegelijk("/routering/0363", routering, "/routering/0363")
    assert (eerste, tweede) == (302, 409) and "intussen gewijzigd" in tekst
    verlenen = {"gemeentecode": "0363", "oin": "00000099000000007001", "soort": "verzuim",
                "van": vandaag, "tot": ""}
    (eerste, _), (tweede, tekst) = tegelijk("/machtigingen", verlenen)
    assert (eerste, tweede) == (302, 422) and "die (deels) in deze periode valt" in tekst
    with db.connection_context():
        versies = db.execute_sql("SELECT count(*) FROM routering").fetchone()[0]
        machtigingen = db.execute_sql(
            "SELECT id, versie FROM machtiging WHERE beeindigd IS NULL AND "
            f"geaccepteerd IS NULL AND organisatie_id = (SELECT id FROM organisatie WHERE oin "
            f"= {db.param})", ("00000099000000007001",)).fetchall()
    assert versies == 1 and len(machtigingen) == 1
    (machtiging_id, versie), = machtigingen
    (eerste, _), (tweede, tekst) = tegelijk(f"/machtigingen/{machtiging_id}/beeindigen",
                                            {"versie": str(versie)})
    assert (eerste, tweede) == (302, 409) and "intussen gewijzigd" in tekst


def test_an_invitation_link_opened_twice_at_once_sets_one_password(knopen):
    """Seed 000: the first beheerder's one-time link sent from two tabs at once, through
    both nodes: one sets the password, the other is told the link is used (409 or 410)."""
    a, b = knopen["poorten"]
    beheer = _ingelogd(knopen, "functioneel.beheer")
    token = beheer.token(a, "/beheer/organisaties")
    status, tekst, _headers = beheer.vraag(a, "POST", "/beheer/organisaties", {
        "csrf_token": token, "soort": "instantie", "naam": "Bureau Tegelijk",
        "oin": "00000099000000007777", "beheerder_naam": "Tess Tegelijk",
        "beheerder_email": "tess@tegelijk.example", "gebruikersnaam": "beheerder.tegelijk"})
    assert status == 201, tekst[:500]
    pad = re.search(r"(/uitnodiging/[\w-]+)", tekst).group(1)
    start = threading.Barrier(2)

    def aanvaard(poort):
        browser = Browser()
        token = browser.token(poort, pad)
        start.wait()
        return browser.vraag(poort, "POST", pad, {"csrf_token": token, "nieuw": "tegelijk-1234",
                                                  "herhaling": "tegelijk-1234"})[0]

    with ThreadPoolExecutor(2) as pool:
        eerste, tweede = sorted(pool.map(aanvaard, (a, b)))
    assert eerste == 302 and tweede in (409, 410)


def test_r_her_01_the_same_herindeling_recorded_twice_at_once_is_stored_once(knopen):
    """R-HER-01: two operators record a herindeling of the same gemeente on the same date at
    once, through both nodes: one is stored, the other is told the gemeente is in one."""
    a, b = knopen["poorten"]
    start = threading.Barrier(2)

    def leg_vast(poort):
        browser = _ingelogd(knopen, "functioneel.beheer")
        token = browser.token(poort, "/herindelingen")
        start.wait()
        status, tekst, _headers = browser.vraag(poort, "POST", "/herindelingen", {
            "csrf_token": token, "datum": "01-01-2032", "oude_codes": "0014",
            "nieuwe_code": "1997", "nieuwe_naam": "Tegelijkerdam"})
        return status, tekst

    with ThreadPoolExecutor(2) as pool:
        (eerste, _), (tweede, tekst) = sorted(pool.map(leg_vast, (a, b)))
    assert (eerste, tweede) == (302, 422) and "zit al in een herindeling" in tekst
    db = make_database(knopen["url"])
    with db.connection_context():
        assert db.execute_sql("SELECT count(*) FROM herindeling WHERE datum = "
                              f"{db.param}", ("2032-01-01",)).fetchone()[0] == 1
