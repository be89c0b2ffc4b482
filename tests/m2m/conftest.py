"""M2M fixtures: a test PKI (made here, keys never committed) with a client certificate
per demo organisation, and clients that present one.

Most API tests go through Flask's test client the way nginx forwards a verified
certificate (X-SSL-Client-Cert from a trusted proxy address): the same code path as
production behind nginx. The handshake itself is tested against real gunicorn with TLS
in test_mtls.py."""
from urllib.parse import quote

import pytest

from certificates import testpki
from cli import slug


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
    from domain import certificaten
    from domain.actor import Actor
    from views.m2m import vertrouwen
    beheerder = Actor("systeem:test", organisatie(naam).id, rollen=frozenset({"beheerder"}))
    return certificaten.registreer(beheerder, vertrouwen(), leaf_pem(pki, naam))


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

