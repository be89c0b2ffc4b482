"""Gegevensleveringen in the browser's way (seed 003): a Behandelaar RMC signs up, asks for
a C-levering with the button or with a request file in Bestanden versturen, watches it
being made and downloads it as CSV or Excel; every mistake the seed's steps allow in a
request file is named next to the field (R-LEV-03)."""
import csv
import datetime
import io

import openpyxl
import pytest

from models import Aanmelding, Bestand, Gebruiker, Levering
from tests.conftest import csrf_token, inloggen_als
from tests.factories import DONDER, GRONINGER

VANDAAG = datetime.date.today()
NAAM_C = f"{VANDAAG:%Y%m%d}G0363C.txt"


def _verstuur(client, naam, inhoud, soort="c-route"):
    token = csrf_token(client.get("/bestanden/versturen").text)
    return client.post("/bestanden/versturen", data={
        "csrf_token": token, "bestandssoort": soort, "bestand": (io.BytesIO(inhoud), naam)},
        content_type="multipart/form-data")


def _laatste():
    return Levering.select().order_by(Levering.id.desc()).first()


def test_r_lev_03_a_c_file_made_in_kladblok_gives_a_delivery_in_bestanden_ophalen(rmc):
    voor = Levering.select().count()
    antwoord = _verstuur(rmc, NAAM_C, b"111111111\r\n")
    levering = _laatste()
    assert Levering.select().count() == voor + 1
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].endswith(f"/leveringen/{levering.id}")
    pagina = rmc.get(f"/leveringen/{levering.id}").text
    assert "Klaar" in pagina and "Download als Excel" in pagina  # made at once (immediate)
    csv_tekst = rmc.get(f"/leveringen/{levering.id}/download.csv").data.decode("utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(csv_tekst), delimiter=";"))
    assert DONDER in {r["BSN"] for r in rijen}
    excel = rmc.get(f"/leveringen/{levering.id}/download.xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(excel.data), read_only=True).active
    tabel = [list(r) for r in blad.iter_rows(values_only=True)]
    assert tabel[0][:3] == ["Peildatum", "BSN", "Onderwijsnummer"]
    assert len(tabel) == len(rijen) + 1
    # The request is in the Overzicht verstuurde bestanden, verwerkt; the delivery in
    # Bestanden ophalen.
    verstuurd = rmc.get("/bestanden/verstuurd").text
    assert NAAM_C in verstuurd and "Verwerkt" in verstuurd
    assert f"C-levering-{levering.id}.csv" in rmc.get("/bestanden/ophalen").text


@pytest.mark.parametrize("naam, inhoud, melding", [
    (f"{VANDAAG:%Y%m%d}G0344C.txt", b"111111111\r\n", "niet met gemeentecode 0344"),
    (f"{VANDAAG:%Y%m%d}g0363c.txt", b"111111111\r\n", "als hoofdletters"),
    (f"{VANDAAG:%Y%m%d}G363C.txt", b"111111111\r\n", "Vul hem aan met nullen vooraan"),
    ("20261332G0363C.txt", b"111111111\r\n", "is geen datum"),
    (f"{VANDAAG + datetime.timedelta(days=1):%Y%m%d}G0363C.txt", b"111111111\r\n",
     "ligt in de toekomst"),
    (NAAM_C, b"", "Het bestand is leeg"),
    (NAAM_C, b"111111111\r\n999990007\r\n", "bevat alleen 111111111"),
    ("aanvraag.docx", b"PK\x03\x04", "tekstbestand uit Kladblok"),
    (NAAM_C, b"111111111\r\n" * 20_000, "bevat alleen 111111111"),  # huge: refused unread
])
def test_r_lev_03_every_mistake_in_a_request_file_says_how_to_fix_it(rmc, naam, inhoud,
                                                                      melding):
    voor = (Levering.select().count(), Bestand.select().count())
    antwoord = _verstuur(rmc, naam, inhoud)
    assert antwoord.status_code == 422
    assert melding in antwoord.text
    assert 'id="fout-bestand"' in antwoord.text
    assert (Levering.select().count(), Bestand.select().count()) == voor  # nothing stored


@pytest.mark.parametrize("inhoud, opmerking", [
    (b"\xef\xbb\xbf111111111\r\n", "begint met een BOM"),
    (b"111111111", "Na de laatste regel staat geen enter"),
])
def test_r_lev_03_harmless_mistakes_are_read_with_a_note(rmc, inhoud, opmerking):
    antwoord = _verstuur(rmc, NAAM_C, inhoud)
    assert antwoord.status_code == 302
    assert opmerking in rmc.get(antwoord.headers["Location"]).text


def test_r_lev_03_a_c_file_sent_as_aanlevering_rmc_is_refused(rmc):
    antwoord = _verstuur(rmc, NAAM_C, b"111111111\r\n", soort="aanlevering-rmc")
    assert antwoord.status_code == 422 and "verstuurt u als bestandssoort C-route" in antwoord.text


def test_r_lev_03_an_a_file_in_ansi_delivers_the_area_and_says_no_for_others(rmc):
    inhoud = f"{GRONINGER}\r\n{DONDER}\r\nonzin\r\n".encode("cp1252")
    antwoord = _verstuur(rmc, f"{VANDAAG:%Y%m%d}G0363A.txt", inhoud, soort="aanlevering-rmc")
    assert antwoord.status_code == 302
    pagina = rmc.get(antwoord.headers["Location"]).text
    assert "(onzin) is geen geldig bsn of onderwijsnummer" in pagina
    levering = _laatste()
    tekst = rmc.get(f"/leveringen/{levering.id}/download.csv").data.decode("utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert [(r["Gevraagd nummer"], r["Geleverd"], r["Reden"]) for r in rijen] == [
        (GRONINGER, "N", "Niet gevonden in uw gemeente of regio"), (DONDER, "J", ""),
        ("onzin", "N", "Geen geldig bsn of onderwijsnummer")]


def test_the_button_asks_for_a_c_levering_and_checks_the_peildatum(rmc):
    pagina = rmc.get("/leveringen").text
    assert "C-levering aanvragen" in pagina and "Aanmelden" in pagina
    token = csrf_token(pagina)
    fout = rmc.post("/leveringen/aanvragen", data={"csrf_token": token, "gebied": "G0363",
                                                   "peildatum": "31-02-2026"})
    assert fout.status_code == 422 and "Vul een bestaande datum in" in fout.text
    assert 'value="31-02-2026"' in fout.text  # what was typed stays
    goed = rmc.post("/leveringen/aanvragen", data={"csrf_token": token, "gebied": "G0363",
                                                   "peildatum": "01-09-2026"})
    assert goed.status_code == 302
    assert _laatste().peildatum == datetime.date(2026, 9, 1)
    ander = rmc.post("/leveringen/aanvragen", data={"csrf_token": token, "gebied": "G0344",
                                                    "peildatum": "01-09-2026"})
    assert ander.status_code == 422 and "niet met gemeentecode 0344" in ander.text


def test_the_progress_is_polled_until_the_delivery_is_made(rmc):
    from domain import levering as domein
    from tests.factories import actor
    gevraagd = domein.vraag_aan(actor("rmc.amsterdam"), domein.Aanvraag(
        domein.Soort.C, domein.Gebied.GEMEENTE, "0363", VANDAAG))
    htmx = {"HX-Request": "true", "HX-Target": "voortgang"}
    bezig = rmc.get(f"/leveringen/{gevraagd.id}", headers=htmx)
    assert bezig.status_code == 200 and 'hx-trigger="every 1000ms"' in bezig.text
    from jobs.leveringen import maak
    maak(gevraagd.id)
    klaar = rmc.get(f"/leveringen/{gevraagd.id}", headers=htmx)
    assert klaar.status_code == 286 and "Download als CSV" in klaar.text


def test_signing_up_amsterdam_is_shown_to_the_regio_with_its_history(rmc, client, app):
    pagina = rmc.get("/leveringen/aanmelding/0363").text
    assert "Rachid RMC" in pagina and "Dewi Doorstroom" in pagina
    eigen = Gebruiker.get(Gebruiker.gebruikersnaam == "rmc.amsterdam")
    antwoord = rmc.post("/leveringen/aanmelding/0363", data={
        "csrf_token": csrf_token(pagina), "via": "gemeente", "ontvangers": str(eigen.id),
        "versie": ""})
    assert antwoord.status_code == 302
    assert Aanmelding.get(Aanmelding.gemeente == eigen.organisatie.gemeenten[0].id).via == \
        "gemeente"
    regio = app.test_client()
    inloggen_als(regio, "rmc.regio")
    gezien = regio.get("/leveringen/aanmelding/0363").text
    assert "Via de gemeente" in gezien and "Rachid RMC (Gemeente Amsterdam)" in gezien
    leeg = rmc.post("/leveringen/aanmelding/0363", data={
        "csrf_token": csrf_token(pagina), "via": "gemeente", "versie": "1"})
    assert leeg.status_code == 422 and "Kies ten minste één gebruiker" in leeg.text


def test_r_avg_03_another_organisations_delivery_is_not_there(rmc, app):
    rmc.post("/leveringen/aanvragen", data={"csrf_token": csrf_token(rmc.get("/leveringen").text),
                                            "gebied": "G0363", "peildatum": "01-09-2026"})
    levering = _laatste()
    regio = app.test_client()
    inloggen_als(regio, "rmc.regio")
    assert regio.get(f"/leveringen/{levering.id}").status_code == 403
    assert regio.get(f"/leveringen/{levering.id}/download.csv").status_code == 403
