"""What every request costs: static files by fingerprint without the database, and the
reference lists kept per process until a load changes them (issue 13)."""
import hashlib
import logging
import re
import shutil

from bench.proces import ROOT
from domain import referentie
from models import Lijstwaarde


def test_pages_link_static_files_by_fingerprint_and_those_are_kept_a_year(client):
    page = client.get("/inloggen")
    url, v = re.search(r'href="(/static/app\.css\?v=([0-9a-f]{12}))"', page.text).groups()
    assert v == hashlib.sha256((ROOT / "static" / "app.css").read_bytes()).hexdigest()[:12]
    vast = client.get(url)
    assert vast.status_code == 200
    assert vast.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Without the fingerprint, or with an old one: kept, but asked again (ETag, 304).
    for zonder in ("/static/app.css", "/static/app.css?v=000000000000"):
        antwoord = client.get(zonder)
        assert antwoord.headers["Cache-Control"] == "no-cache" and antwoord.headers["ETag"]
        assert client.get(zonder, headers={"If-None-Match": antwoord.headers["ETag"]}) \
            .status_code == 304


def test_a_static_file_reads_nothing_from_the_database_also_with_a_session(school, caplog):
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        bestand = school.get("/static/app.js")
        pagina = school.get("/")
    assert bestand.status_code == 200 and "Set-Cookie" not in bestand.headers
    assert pagina.status_code == 200
    queries = [r.getMessage() for r in caplog.records if r.name == "peewee"]
    assert queries, "the page's own queries are logged: the check below can fail"
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        school.get("/static/app.js")
    assert [r.getMessage() for r in caplog.records if r.name == "peewee"] == []


def test_reference_lists_stay_in_memory_until_a_load_changes_them(app, tmp_path):
    eerst = referentie.lijsten()
    assert referentie.lijsten() is eerst  # nothing loaded: the same lists, not read again
    soort = eerst.waarden[("vermoedelijke_soort", "LRV")]
    shutil.copytree(app.config["REFERENCE_DIR"], tmp_path, dirs_exist_ok=True)
    pad = tmp_path / "verzuimlijsten.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace(soort.naam, "Langdurig (nieuw)", 1),
                   encoding="utf-8")
    referentie.laad_referentie(tmp_path)
    daarna = referentie.lijsten()
    assert daarna.versie == eerst.versie + 1
    assert daarna.waarden[("vermoedelijke_soort", "LRV")].naam == "Langdurig (nieuw)"
    assert Lijstwaarde.get(Lijstwaarde.lijst == "vermoedelijke_soort",
                           Lijstwaarde.code == "LRV").naam == "Langdurig (nieuw)"
