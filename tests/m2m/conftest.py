"""M2M fixtures: a test PKI (made here, keys never committed) with a client certificate
per demo organisation, and clients that present one.

Most API tests go through Flask's test client the way nginx forwards a verified
certificate (X-SSL-Client-Cert from a trusted proxy address): the same code path as
production behind nginx. The handshake itself is tested against real gunicorn with TLS
in test_mtls.py."""
import http.client
import json
import ssl
from urllib.parse import quote

import pytest

from bench.proces import achtergrond, flask_cli, gunicorn, met_demo, vrije_poort
from certificates import testpki
from cli import slug

# (slug, OIN): the regional bureau's package, with a certificate from the other TSP CA.
ANDERE_TSP = ("leerplicht-midden-utrecht-andere-tsp", "00000099000000007001")


@pytest.fixture(scope="session")
def pki(app, tmp_path_factory):
    from models import Organisatie
    folder = tmp_path_factory.mktemp("pki")
    testpki.maak(folder, [(slug(o.naam), o.oin) for o in Organisatie.select()])
    app.config.update(TRUST_ANCHORS=str(folder / "ca-chain.pem"), CRL_DIR=str(folder / "crls"),
                      M2M_TRUSTED_PROXIES=frozenset({"127.0.0.1"}))
    return folder


def leaf_pem(pki, naam):
    return (pki / "clients" / f"{naam}.crt").read_text()


def organisatie(naam):
    from models import Organisatie
    return next(o for o in Organisatie.select() if slug(o.naam) == naam)


def registreer(pki, naam):
    """Register the organisation's client certificate as its beheerder would."""
    from flask import current_app

    from certificates import vertrouwen
    from domain import certificaten
    from domain.actor import Actor
    beheerder = Actor("systeem:test", organisatie(naam).id, rollen=frozenset({"beheerder"}))
    config = current_app.config
    return certificaten.registreer(beheerder, vertrouwen(config["TRUST_ANCHORS"],
                                                         config["CRL_DIR"]),
                                   leaf_pem(pki, naam))


class Pakket:
    """A test client that presents one certificate through the proxy headers."""

    def __init__(self, client, pem):
        self.client, self.pem = client, pem

    def _headers(self, extra):
        headers = {"X-SSL-Client-Verify": "SUCCESS", "X-SSL-Client-Cert": quote(self.pem),
                   "Accept": "application/json"}
        headers.update(extra or {})
        return headers

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers=self._headers(headers), **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(headers), **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(headers), **kw)


@pytest.fixture
def pakket(app, pki):
    """pakket("gemeente-amsterdam"): that organisation's certificate, registered."""
    def maak(naam, geregistreerd=True):
        if geregistreerd:
            with app.app_context():
                registreer(pki, naam)
        return Pakket(app.test_client(), leaf_pem(pki, naam))
    return maak



@pytest.fixture(scope="session")
def m2m_instance(maak_database, tmp_path_factory):
    """A database and instance folder for live servers (test_mtls, test_nginx), set up with
    the CLI as an operator would: demo data, the test PKI, Amsterdam's, Rotterdam's
    and the Amstel school board's certificates registered, Rotterdam's then revoked in a CRL.
    Utrecht's is not registered. The regional bureau's certificate comes from the TSP CA
    that is no anchor (ANDERE_TSP), so it was registered with its chain."""
    instance = tmp_path_factory.mktemp("m2m-instance")
    env = met_demo(maak_database("m2m"), instance, ("pki", "maak"))
    pki = instance / "pki"
    testpki.maak_client(pki, ANDERE_TSP[0], ANDERE_TSP[1], uitgever="andere-tsp-ca")
    for naam, oin in (("gemeente-amsterdam", "00000099000000000363"),
                      ("gemeente-rotterdam", "00000099000000000599"),
                      ("stichting-particulier-onderwijs-amstel", "00000099100000041234")):
        flask_cli(env, "certificaten", "registreer", str(pki / "clients" / f"{naam}.crt"),
                  "--oin", oin)
    flask_cli(env, "certificaten", "registreer", str(pki / "clients" / f"{ANDERE_TSP[0]}.pem"),
              "--oin", ANDERE_TSP[1])
    testpki.trek_in(pki, pki / "clients" / "gemeente-rotterdam.crt")
    return {"env": env, "instance": instance, "pki": pki}


@pytest.fixture(scope="session")
def m2m_server(m2m_instance):
    """Real gunicorn with TLS: the M2M listener as deploy/gunicorn-m2m.conf.py runs it."""
    port = vrije_poort()
    command = gunicorn(port, conf="deploy/gunicorn-m2m.conf.py")
    with achtergrond(command, m2m_instance["env"], m2m_instance["instance"] / "gunicorn.log", port):
        yield {"port": port, "pki": m2m_instance["pki"]}


def vraag_tls(port, pki, client=None, pad="/api/v1/organisatie", headers=None, keten=True,
              body=None, methode=None):
    """GET (or with `body` a POST of it as JSON, or `methode`) over TLS on loopback,
    presenting the client certificate `client` (a slug of pki/clients) with the CAs above
    it, or without them (`keten=False`), or none; returns (status, parsed JSON body or the
    text)."""
    context = ssl.create_default_context(cafile=str(pki / "trust.pem"))
    if client:
        clients = pki / "clients"
        context.load_cert_chain(clients / f"{client}{'.pem' if keten else '.crt'}",
                                clients / f"{client}.key")
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        if body is None:
            conn.request(methode or "GET", pad,
                         headers={"Accept": "application/json", **(headers or {})})
        else:
            conn.request("POST", pad, body=json.dumps(body), headers={
                "Accept": "application/json", "Content-Type": "application/json",
                **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        try:
            return response.status, json.loads(body or b"null")
        except ValueError:
            return response.status, body.decode(errors="replace")
    finally:
        conn.close()
