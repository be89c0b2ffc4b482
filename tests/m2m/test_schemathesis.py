"""A property-based run of schemathesis over /api/v1/openapi.json against the live M2M
listener (real gunicorn with TLS), once as a gemeente's package and once as a school's:
no answer is a server error, and every answer fits the schema the API publishes.

Operations meant for the other kind of organisation answer 403, which the schema
describes; schemathesis reports that as a warning, not a failure."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("client", ["gemeente-amsterdam", "stichting-particulier-onderwijs-amstel"])
def test_the_api_keeps_its_contract_under_generated_requests(m2m_server, client, tmp_path):
    pki = m2m_server["pki"]
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run",
         f"https://127.0.0.1:{m2m_server['port']}/api/v1/openapi.json",
         "--tls-verify", str(pki / "trust.pem"),
         "--request-cert", str(pki / "clients" / f"{client}.pem"),
         "--request-cert-key", str(pki / "clients" / f"{client}.key"),
         "--checks", "not_a_server_error,response_schema_conformance",
         "--max-examples", "10", "--seed", "2026", "--workers", "1", "--no-color"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "passed" in run.stdout
