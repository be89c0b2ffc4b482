"""Real gunicorn with TLS (deploy/gunicorn-m2m.conf.py) on loopback, with the generated
test hierarchy: the handshake refuses what is not a valid client certificate, and the
app refuses a valid one that is not registered or is revoked (R-CRT-02, R-CRT-03)."""
import ssl

import pytest

from tests.m2m.conftest import ANDERE_TSP, vraag_tls


def _vraag(m2m_server, client=None, pad="/api/v1/organisatie"):
    return vraag_tls(m2m_server["port"], m2m_server["pki"], client, pad)


def test_r_crt_02_valid_registered_certificate_gets_its_organisation(m2m_server):
    status, body = _vraag(m2m_server, "gemeente-amsterdam")
    assert status == 200 and body["oin"] == "00000099000000000363"
    status, body = _vraag(m2m_server, "gemeente-amsterdam", "/api/v1/verzuimmeldingen/mutaties")
    assert status == 200 and isinstance(body["mutaties"], list)


@pytest.mark.parametrize("client", [None, "andere-ca", "verlopen"])
def test_r_crt_02_refused_in_the_handshake(m2m_server, client):
    """No certificate, another CA, expired: TLS itself refuses (fail closed)."""
    with pytest.raises((ssl.SSLError, ConnectionError)):
        _vraag(m2m_server, client)


def test_r_crt_02_valid_but_unregistered_is_403(m2m_server):
    assert _vraag(m2m_server, "gemeente-utrecht")[0] == 403


def test_r_crt_03_revoked_in_a_crl_is_403(m2m_server):
    status, body = _vraag(m2m_server, "gemeente-rotterdam")
    assert status == 403 and body["detail"] == "ingetrokken"


def test_r_crt_02_certificate_alone_passes_when_its_tsp_ca_is_an_anchor(m2m_server):
    """root → domain CA → TSP CA → certificate, with all three CAs in ca_certs: a package
    that sends only its own certificate gets through."""
    status, body = vraag_tls(m2m_server["port"], m2m_server["pki"], "gemeente-amsterdam",
                             keten=False)
    assert status == 200 and body["oin"] == "00000099000000000363"


def test_r_crt_02_tsp_ca_outside_the_anchors_needs_the_chain_in_the_handshake(m2m_server):
    """The other TSP CA is no anchor, but its domain CA is: with the chain the package
    gets its organisation, without it TLS refuses."""
    slug, oin = ANDERE_TSP
    status, body = vraag_tls(m2m_server["port"], m2m_server["pki"], slug)
    assert status == 200 and body["oin"] == oin
    with pytest.raises((ssl.SSLError, ConnectionError)):
        vraag_tls(m2m_server["port"], m2m_server["pki"], slug, keten=False)
