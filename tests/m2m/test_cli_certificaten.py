"""The operator's certificate commands against a live instance's database and test PKI
(R-CRT-02): `flask certificaten registreer` says what is wrong the way the page does."""
import subprocess
import sys

from certificates import testpki
from tests.conftest import ROOT
from tests.m2m.conftest import ANDERE_TSP


def _flask(m2m_instance, *args):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                          env=m2m_instance["env"], capture_output=True, text=True)


def test_r_crt_02_registering_a_certificate_without_its_chain_names_the_ca(m2m_instance):
    """The regional bureau's certificate alone, from the TSP CA that is no anchor: refused
    with that CA's name (the fixture registered it with its chain)."""
    slug, oin = ANDERE_TSP
    leaf = m2m_instance["pki"] / "clients" / f"{slug}.crt"
    antwoord = _flask(m2m_instance, "certificaten", "registreer", str(leaf), "--oin", oin)
    assert antwoord.returncode == 1
    assert f"uitgegeven door {testpki.ANDERE_TSP_CN} ({testpki.ANDERE_TSP_O})" in antwoord.stderr
    assert "%(" not in antwoord.stderr
