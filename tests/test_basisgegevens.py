"""Basisgegevens (seed 003, R-LEV-05): the instellingen of the register with their bevoegd
gezag and onderwijslocaties, for anyone without logging in, to look up and download."""
import csv
import io

import openpyxl

from models import Bestuur, Instelling, Onderwijslocatie, Organisatie
from tests.conftest import inloggen_als


def _csv(client):
    antwoord = client.get("/basisgegevens/instellingen.csv")
    assert antwoord.status_code == 200
    return list(csv.reader(io.StringIO(antwoord.data.decode("utf-8-sig"), newline=""),
                           delimiter=";"))


def test_r_lev_05_the_instellingen_file_is_open_to_anyone_and_holds_the_register(client):
    """Without a login: every instelling of the register, a row per onderwijslocatie (one
    row without when it has none), with its bevoegd gezag; the headers of docs/formats.md."""
    rijen = _csv(client)
    assert rijen[0] == ["Instellingscode", "Naam instelling", "Soort onderwijs", "Categorie",
                        "Datum oprichting", "Code bevoegd gezag", "Naam bevoegd gezag",
                        "Code onderwijslocatie", "Naam onderwijslocatie",
                        "Plaats onderwijslocatie"]
    verwacht = []
    for instelling in Instelling.select().join(Bestuur).order_by(Instelling.code):
        locaties = list(instelling.onderwijslocaties.order_by(Onderwijslocatie.code)) or [None]
        for locatie in locaties:
            verwacht.append([instelling.code, instelling.naam, instelling.soort,
                             instelling.categorie,
                             instelling.oprichtingsdatum.strftime("%d-%m-%Y"),
                             instelling.bestuur.code, instelling.bestuur.naam,
                             *((locatie.code, locatie.naam, locatie.plaats or "")
                               if locatie else ("", "", ""))])
    assert rijen[1:] == verwacht and len(verwacht) >= 3
    assert client.get("/basisgegevens/instellingen.pdf").status_code == 404


def test_r_lev_05_the_excel_file_has_the_same_rows_as_text(client):
    antwoord = client.get("/basisgegevens/instellingen.xlsx")
    assert antwoord.status_code == 200
    assert "basisgegevens-instellingen.xlsx" in antwoord.headers["Content-Disposition"]
    blad = openpyxl.load_workbook(io.BytesIO(antwoord.data), read_only=True).active
    gelezen = [[w or "" for w in rij] for rij in blad.iter_rows(values_only=True)]
    assert gelezen == _csv(client)


def test_r_lev_05_a_name_that_looks_like_a_formula_stays_text(client):
    """A name is data from the register: in the CSV a leading `=` gets a `'`, in Excel the
    cell is text."""
    organisatie = Organisatie.create(soort="bestuur", naam="=Gevaar", oin="1" * 20)
    bestuur = Bestuur.create(code="99998", naam="=HYPERLINK(\"x\")", organisatie=organisatie)
    Instelling.create(code="00AA", naam="+Formule", soort="VO", categorie="B3",
                      oprichtingsdatum="2001-01-01", bestuur=bestuur)
    rij = next(r for r in _csv(client) if r[0] == "00AA")
    assert rij[1] == "'+Formule" and rij[6] == "'=HYPERLINK(\"x\")"
    blad = openpyxl.load_workbook(io.BytesIO(
        client.get("/basisgegevens/instellingen.xlsx").data)).active
    cellen = next(r for r in blad.iter_rows() if r[0].value == "00AA")
    assert cellen[1].value == "+Formule" and cellen[1].data_type == "s"


def test_r_lev_05_instellingsinformatie_finds_by_code_name_bestuur_or_place(client):
    """The look-up page without a login; the search is active (htmx swaps the list) and
    works with a full reload too."""
    instelling = Instelling.select().join(Bestuur).order_by(Instelling.code).first()
    pagina = client.get("/basisgegevens")
    assert pagina.status_code == 200 and "Instellingsinformatie" in pagina.text
    assert instelling.code in pagina.text
    for term in (instelling.code.lower(), instelling.naam[2:8], instelling.bestuur.naam[:5]):
        gevonden = client.get("/basisgegevens", query_string={"zoekterm": term})
        assert instelling.naam in gevonden.text, term
    deel = client.get("/basisgegevens", query_string={"zoekterm": instelling.code},
                      headers={"HX-Request": "true", "HX-Target": "instellingen"})
    assert deel.status_code == 200 and "<html" not in deel.text
    assert 'id="instellingen"' in deel.text and instelling.code in deel.text
    leeg = client.get("/basisgegevens", query_string={"zoekterm": "geen-zo-school"})
    assert "Geen instellingen gevonden" in leeg.text


def test_r_lev_05_the_page_speaks_english_and_is_there_when_logged_in(client):
    inloggen_als(client, "school")
    with client.session_transaction() as sessie:
        sessie["taal"] = "en"
    pagina = client.get("/basisgegevens")
    assert pagina.status_code == 200 and "Institution information" in pagina.text
    assert client.get("/basisgegevens/instellingen.csv").data.decode("utf-8-sig").startswith(
        "Instellingscode;")  # the file's columns stay Dutch


def test_r_lev_05_a_long_list_goes_a_page_at_a_time(client, monkeypatch):
    from domain import basisgegevens
    monkeypatch.setattr(basisgegevens, "PER_PAGINA", 2)
    eerste = client.get("/basisgegevens")
    assert 'rel="next"' in eerste.text
    tweede = client.get("/basisgegevens", query_string={"pagina": "2"})
    codes = [i.code for i in Instelling.select().order_by(Instelling.code)]
    assert codes[2] in tweede.text and codes[0] not in tweede.text.split("instellingen")[-1]


def test_r_lev_05_the_opleidingen_file_is_open_to_anyone_with_the_startkwalificatie(client):
    """Basisgegevens opleidingen (docs/formats.md): the reference list, and whether a
    diploma of each is a startkwalificatie (havo, vwo, mbo 2 and up); CSV and Excel."""
    antwoord = client.get("/basisgegevens/opleidingen.csv")
    assert antwoord.status_code == 200
    rijen = list(csv.reader(io.StringIO(antwoord.data.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rijen[0] == ["Code opleiding", "Naam opleiding", "Soort onderwijs", "Niveau",
                        "Startkwalificatie"]
    startkwalificatie = {r[0]: r[4] for r in rijen[1:]}
    assert {c for c, sk in startkwalificatie.items() if sk == "J"} == {
        "HAVO", "VWO", "MBO-2", "MBO-3", "MBO-4"}
    assert startkwalificatie["VMBO-TL"] == startkwalificatie["MBO-1"] == "N"
    excel = client.get("/basisgegevens/opleidingen.xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(excel.data), read_only=True).active
    assert [[w or "" for w in rij] for rij in blad.iter_rows(values_only=True)] == rijen
    assert "/basisgegevens/opleidingen.xlsx" in client.get("/basisgegevens").text
