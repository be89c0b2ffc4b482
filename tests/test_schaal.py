"""Several web nodes share what they must (DESIGN §3 Scale-out): two real gunicorn
processes on one database and one Redis. A session begun on one node holds on the other
and ends on both at once (R-AVG-05); a rate limit counts the requests of both nodes
(REDIS_URL), so a client cannot double its allowance by switching nodes."""
import http.client
import json
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pyotp
import pytest

from bench.proces import achtergrond, gunicorn, met_demo, vrije_poort
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
                   # The nodes believe X-Forwarded-For from loopback, as behind nginx: each
                   # test is a client of its own address, so their logins count apart.
                   TRUSTED_PROXIES="127.0.0.1", WEB_WORKERS="2")
    redis = [redis_server, "--port", str(redis_poort), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(instance)]
    poorten = vrije_poort(), vrije_poort()
    with achtergrond(redis, env, instance / "redis.log", redis_poort), \
            achtergrond(gunicorn(poorten[0]), env, instance / "a.log", poorten[0]), \
            achtergrond(gunicorn(poorten[1]), env, instance / "b.log", poorten[1]):
        accounts = {a["username"]: a for a in json.loads(
            (instance / "demo-accounts.json").read_text())}
        yield {"poorten": poorten, "accounts": accounts, "url": env["DATABASE_URL"]}


class Browser:
    """A plain HTTP client with one cookie jar, that may talk to either node."""

    def __init__(self, adres="10.0.0.1"):
        self.cookies = {}
        self.adres = adres

    def vraag(self, poort, methode, pad, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "X-Forwarded-For": self.adres}
        body = None
        if data is not None:
            body = urlencode(data)
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
