"""Real gunicorn with TLS (deploy/gunicorn-m2m.conf.py) on loopback, with the generated
test hierarchy: the handshake refuses what is not a valid client certificate, and the
app refuses a valid one that is not registered or is revoked (R-CRT-02, R-CRT-03)."""
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certificates import testpki
from tests.conftest import flask_cli, vrije_poort

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def m2m(maak_database, tmp_path_factory):
    instance = tmp_path_factory.mktemp("m2m-instance")
    env = {**os.environ, "DATABASE_URL": maak_database("m2m"), "INSTANCE_PATH": str(instance),
           "PYTHONPATH": str(ROOT)}
    for command in (["db", "upgrade"], ["reference", "load"], ["demo", "load"], ["pki", "maak"]):
        flask_cli(env, *command)
    pki = instance / "pki"
    for naam, oin in (("gemeente-amsterdam", "00000099000000000363"),
                      ("gemeente-rotterdam", "00000099000000000599")):
        flask_cli(env, "certificaten", "registreer", str(pki / "clients" / f"{naam}.crt"), "--oin", oin)
    testpki.trek_in(pki, pki / "clients" / "gemeente-rotterdam.crt")  # revoked by CRL
    port = vrije_poort()
    log = open(instance / "gunicorn.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn-m2m.conf.py",
                             "--bind", f"127.0.0.1:{port}", "app:create_app()"],
                            cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield {"port": port, "pki": pki}
    proc.terminate()
    proc.wait(10)
    log.close()


def _vraag(m2m, client=None, pad="/api/v1/organisatie"):
    context = ssl.create_default_context(cafile=str(m2m["pki"] / "trust.pem"))
    if client:
        map_ = m2m["pki"] / "clients"
        context.load_cert_chain(map_ / f"{client}.pem", map_ / f"{client}.key")
    conn = http.client.HTTPSConnection("127.0.0.1", m2m["port"], context=context, timeout=10)
    try:
        conn.request("GET", pad, headers={"Accept": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def test_r_crt_02_valid_registered_certificate_gets_its_organisation(m2m):
    status, body = _vraag(m2m, "gemeente-amsterdam")
    assert status == 200 and body["oin"] == "00000099000000000363"
    status, body = _vraag(m2m, "gemeente-amsterdam", "/api/v1/verzuimmeldingen/mutaties")
    assert status == 200 and body["mutaties"] == []


@pytest.mark.parametrize("client", [None, "andere-ca", "verlopen"])
def test_r_crt_02_refused_in_the_handshake(m2m, client):
    """No certificate, another CA, expired: TLS itself refuses (fail closed)."""
    with pytest.raises((ssl.SSLError, ConnectionError)):
        _vraag(m2m, client)


def test_r_crt_02_valid_but_unregistered_is_403(m2m):
    assert _vraag(m2m, "gemeente-utrecht")[0] == 403


def test_r_crt_03_revoked_in_a_crl_is_403(m2m):
    status, body = _vraag(m2m, "gemeente-rotterdam")
    assert status == 403 and body["detail"] == "ingetrokken"
