"""The operator's certificate commands against a live instance's database and test PKI
(R-CRT-02): `flask certificaten registreer` says what is wrong the way the page does."""
from bench.proces import flask_cli
from certificates import testpki
from tests.m2m.conftest import ANDERE_TSP


def test_r_crt_02_registering_a_certificate_without_its_chain_names_the_ca(m2m_instance):
    """The regional bureau's certificate alone, from the TSP CA that is no anchor: refused
    with that CA's name (the fixture registered it with its chain)."""
    slug, oin = ANDERE_TSP
    leaf = m2m_instance["pki"] / "clients" / f"{slug}.crt"
    antwoord = flask_cli(m2m_instance["env"], "certificaten", "registreer", str(leaf),
                         "--oin", oin, check=False)
    assert antwoord.returncode == 1
    assert f"uitgegeven door {testpki.ANDERE_TSP_CN} ({testpki.ANDERE_TSP_O})" in antwoord.stderr
    assert "%(" not in antwoord.stderr
