"""The M2M listener behind a real nginx on loopback (deploy/nginx-m2m.conf): nginx checks
the client certificate and forwards it in X-SSL-Client-Cert; the app believes that header
only from nginx's address (M2M_TRUSTED_PROXIES) and ignores it from anywhere else.

nginx connects to the app from 127.0.0.2 (proxy_bind), so a test client on 127.0.0.1 is
"anywhere else" while both run on this machine. `make test` installs nginx."""
import http.client
from urllib.parse import quote

import pytest

from bench.proces import achtergrond, gunicorn, vrije_poort
from tests.m2m.conftest import vraag_tls
from tests.nginx import PROXY, nginx, nginx_conf


@pytest.fixture(scope="module")
def achter_nginx(m2m_instance, tmp_path_factory):
    """nginx with the server block of deploy/nginx-m2m.conf, only its addresses and paths
    made local, in front of gunicorn."""
    env = {**m2m_instance["env"], "M2M_TRUSTED_PROXIES": PROXY}
    map_ = tmp_path_factory.mktemp("nginx")
    app_port, nginx_port = vrije_poort(), vrije_poort()
    conf = nginx_conf(map_, "nginx-m2m.conf", (
        ("server 127.0.0.1:5000;", f"server 127.0.0.1:{app_port};"),
        ("listen 8443 ssl;", f"listen 127.0.0.1:{nginx_port} ssl;"),
        ("/etc/register/pki/", f"{m2m_instance['pki']}/"),
        ("/var/log/nginx/", f"{map_}/")), "register-m2m.conf")
    proxy = nginx(map_, conf)
    with achtergrond(gunicorn(app_port), env, map_ / "gunicorn.log", app_port), \
            achtergrond(proxy, env, map_ / "nginx.log", nginx_port):
        yield {"nginx": nginx_port, "app": app_port, "pki": m2m_instance["pki"]}


def _via_nginx(omgeving, client, pad="/api/v1/organisatie", headers=None):
    return vraag_tls(omgeving["nginx"], omgeving["pki"], client, pad, headers)


def _pem(omgeving, naam):
    return (omgeving["pki"] / "clients" / f"{naam}.crt").read_text()


def test_r_crt_02_nginx_forwards_the_verified_certificate(achter_nginx):
    status, body = _via_nginx(achter_nginx, "gemeente-amsterdam")
    assert status == 200 and body["oin"] == "00000099000000000363"
    status, body = _via_nginx(achter_nginx, "gemeente-amsterdam",
                              "/api/v1/verzuimmeldingen/mutaties")
    assert status == 200 and "mutaties" in body


@pytest.mark.parametrize("client", [None, "andere-ca", "verlopen"])
def test_r_crt_02_nginx_refuses_without_a_valid_certificate(achter_nginx, client):
    """nginx answers 400 itself: the request never reaches the app."""
    status, body = _via_nginx(achter_nginx, client)
    assert status == 400 and "certificate" in body.lower()


def test_r_crt_02_unregistered_and_revoked_are_403_behind_nginx(achter_nginx):
    assert _via_nginx(achter_nginx, "gemeente-utrecht")[0] == 403
    status, body = _via_nginx(achter_nginx, "gemeente-rotterdam")
    assert status == 403 and body["detail"] == "ingetrokken"


def test_r_crt_02_a_header_sent_by_the_client_through_nginx_is_replaced(achter_nginx):
    """Utrecht (valid, unregistered) claims Amsterdam's certificate in the header: nginx
    overwrites it with the certificate of the handshake."""
    vals = {"X-SSL-Client-Cert": quote(_pem(achter_nginx, "gemeente-amsterdam")),
            "X-SSL-Client-Verify": "SUCCESS"}
    assert _via_nginx(achter_nginx, "gemeente-utrecht", headers=vals)[0] == 403


def test_r_crt_02_the_header_is_ignored_when_not_from_nginx(achter_nginx):
    """The same headers straight to the app from 127.0.0.1, not a trusted proxy: refused."""
    conn = http.client.HTTPConnection("127.0.0.1", achter_nginx["app"], timeout=10)
    try:
        conn.request("GET", "/api/v1/organisatie", headers={
            "Accept": "application/json", "X-SSL-Client-Verify": "SUCCESS",
            "X-SSL-Client-Cert": quote(_pem(achter_nginx, "gemeente-amsterdam"))})
        antwoord = conn.getresponse()
        assert antwoord.status == 403 and b"00000099000000000363" not in antwoord.read()
    finally:
        conn.close()


def test_only_the_api_is_served_on_the_m2m_listener(achter_nginx):
    assert _via_nginx(achter_nginx, "gemeente-amsterdam", "/inloggen")[0] == 404
