"""M2M Bestandsuitwisseling: a package sends an enrolment file as the page does (base64 in
JSON), reads its status and its verwerkingsverslag; another organisation's file does not
exist for it (R-AVG-03)."""
import base64

from models import Inschrijving, Persoon
from tests.factories import AMSTEL, AMSTERDAM

KOP = "Achternaam;Voornamen;Geslacht;Geboortedatum;Postcode;Huisnummer;Datum inschrijving"
GOED = "Apikind;Zoë;V;03-02-2016;1094 HA;3;01-08-2024"
FOUT = "Apikind fout;Zoë;V;03-02-2016;9999 ZZ;3;01-08-2024"


def _stuur(school, regels, code="31EG", naam="pakket.csv"):
    inhoud = ("\r\n".join([KOP, *regels]) + "\r\n").encode("cp1252")
    return school.post("/api/v1/bestanden", json={
        "instellingscode": code, "bestandsnaam": naam,
        "inhoud": base64.b64encode(inhoud).decode()})


def test_r_ins_06_a_package_sends_a_file_and_reads_the_result_of_every_row(pakket):
    school = pakket(AMSTEL)
    antwoord = _stuur(school, [GOED, FOUT])
    assert antwoord.status_code == 202, antwoord.get_json()
    bestand = antwoord.get_json()
    assert antwoord.headers["Location"].endswith(f"/api/v1/bestanden/{bestand['id']}")
    status = school.get(f"/api/v1/bestanden/{bestand['id']}").get_json()
    assert status["status"] == "verwerkt met fouten"
    assert (status["aantalRegels"], status["regelsKlaar"], status["regelsFout"]) == (2, 2, 1)
    assert any("Windows-1252" in o for o in status["opmerkingen"])  # read as cp1252, said so
    verslag = school.get(f"/api/v1/bestanden/{bestand['id']}/verslag").get_json()
    assert [(r["regel"], r["uitkomst"]) for r in verslag["regels"]] == [
        (2, "opgeslagen"), (3, "fout")]
    assert verslag["regels"][0]["leerling"] == "Zoë Apikind"
    (fout,) = verslag["regels"][1]["fouten"]
    assert (fout["name"], fout["kolom"], fout["code"]) == ("postcode", "Postcode", "R-INS-06")
    assert (Inschrijving.select().join(Persoon)
            .where(Persoon.achternaam.startswith("Apikind")).count()) == 1


def test_r_avg_03_another_organisations_file_is_forbidden(pakket):
    bestand = _stuur(pakket(AMSTEL), [GOED]).get_json()
    gemeente = pakket(AMSTERDAM)
    assert gemeente.get(f"/api/v1/bestanden/{bestand['id']}").status_code == 403
    assert gemeente.get(f"/api/v1/bestanden/{bestand['id']}/verslag").status_code == 403
    refused = _stuur(gemeente, [GOED])
    assert refused.status_code == 400
    assert refused.get_json()["invalidParams"][0]["code"] == "R-INS-01"


def test_bad_base64_and_another_boards_code_are_problems_not_files(pakket):
    school = pakket(AMSTEL)
    kapot = school.post("/api/v1/bestanden", json={
        "instellingscode": "31EG", "bestandsnaam": "x.csv", "inhoud": "!!niet base64!!"})
    assert kapot.status_code == 400 and kapot.mimetype == "application/problem+json"
    assert kapot.get_json()["invalidParams"][0]["name"] == "inhoud"
    ander = _stuur(school, [GOED], code="31UD")
    assert ander.status_code == 400
    leeg = school.post("/api/v1/bestanden", json={
        "instellingscode": "31EG", "bestandsnaam": "x.csv", "inhoud": ""})
    assert leeg.status_code == 400
    assert "leeg" in leeg.get_json()["invalidParams"][0]["reason"]
