"""Seed 004 §1.5 Bestandsuitwisseling in a browser, as a school administrator: download the
template, send a file with some wrong rows, watch the file's page follow the processing by
itself, read the rows in error, download the verwerkingsverslag, send the corrected rows and
find every pupil in the registratieoverzicht; and the same without JavaScript, by the page's
refresh link. axe-core finds nothing serious on the way.

The live server (conftest.py) is gunicorn only: a sent file is processed by a job consumer,
`flask jobs worker`, started here on the live server's database and queue. Each test starts
it once its file is sent, so the page is seen waiting before the file is done."""
import csv
import io
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe

pytestmark = pytest.mark.slow  # a consumer of the job queue in a subprocess

# Wrong rows of the 50 (their number in the file, the header being row 1): the mistakes of
# tests/test_bestanden.py, and the column each is reported in.
FOUTEN = {
    11: ("Datum inschrijving", "31-02-2024"),  # no such date
    21: ("Postcode", "9999 ZZ"),  # a postcode of no gemeente (R-INS-06)
    31: ("Geslacht", "X"),  # R-INS-04
    41: ("Geboortedatum", "03-02-2024"),  # younger than 4 (R-INS-07)
    50: ("Achternaam", ""),  # R-INS-04
}
VERWERKT = 30_000  # ms: the consumer starts (a few seconds) and processes the file


def _sjabloon(page):
    """The CSV template for pupils without a number living in the Netherlands, downloaded
    from Bestand versturen: its column names."""
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV Zonder bsn/onderwijsnummer, woonadres in Nederland",
                         exact=True).click()
    assert download.value.suggested_filename == "sjabloon-inschrijvingen-binnenland.csv"
    tekst = download.value.path().read_text(encoding="utf-8-sig")
    return next(csv.reader(io.StringIO(tekst), delimiter=";"))


def _bestand(koppen, nummers, fouten=FOUTEN, naam="Browserkind"):
    """An enrolment file in the template's columns, a row for each pupil of `nummers` (pupil
    N: "Browserkind 00N", house number N) with `fouten` (by pupil) filled in. The first file
    has pupil N on row N, so its numbers are the rows the page reports."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(koppen)
    for nummer in nummers:
        rij = dict.fromkeys(koppen, "")
        rij.update({"Achternaam": f"{naam} {nummer:03d}", "Voornamen": "Sam",
                    "Geslacht": "V", "Geboortedatum": "03-02-2016", "Postcode": "1094 HA",
                    "Huisnummer": str(nummer), "Datum inschrijving": "01-08-2024"})
        if nummer in fouten:
            kolom, waarde = fouten[nummer]
            rij[kolom] = waarde
        schrijver.writerow([rij[kop] for kop in koppen])
    return uit.getvalue().encode()


def _verstuur(page, naam, inhoud):
    page.get_by_label("Instellingscode").select_option("31EG")
    page.get_by_label("Bestand kiezen").set_input_files(
        files=[{"name": naam, "mimeType": "text/csv", "buffer": inhoud}])
    page.get_by_role("button", name="Verstuur").click()
    expect(page).to_have_url(re.compile(r"/bestanden/\d+$"))
    return page.url


def _csv(download):
    tekst = download.path().read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


def test_send_a_file_with_wrong_rows_and_follow_it_to_the_registratieoverzicht(
        school_page, verwerker):
    page = school_page
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Bestandsuitwisseling").click()
    expect(page.get_by_role("heading", name="Bestandsuitwisseling", level=1)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Bestanden versturen").click()
    expect(page.get_by_role("heading", name="Bestand versturen")).to_be_visible()
    assert axe(page) == []

    # Verstuur without a file: Niet gelukt, and the focus on it (a whole page, no htmx).
    page.get_by_role("button", name="Verstuur").click()
    melding = page.get_by_role("alert").filter(has_text="Niet gelukt")
    expect(melding).to_contain_text("Kies het bestand dat u wilt versturen.")
    expect(melding).to_be_focused()
    assert axe(page) == []

    koppen = _sjabloon(page)
    adres = _verstuur(page, "leerlingen 31EG.csv", _bestand(koppen, range(2, 52)))
    voortgang = page.locator("#voortgang")
    expect(voortgang).to_contain_text("Status: Ontvangen")
    expect(voortgang).to_contain_text("Het bestand wacht op verwerking.")

    # The page asks again by itself (htmx, every second) and is never reloaded.
    geladen = []
    page.on("framenavigated", lambda frame: geladen.append(frame.url)
            if frame == page.main_frame else None)
    vragen = []
    page.on("request", lambda request: vragen.append(time.monotonic())
            if request.url == adres and request.headers.get("hx-request") == "true" else None)
    with page.expect_response(lambda r: r.url == adres and r.request.headers.get(
            "hx-request") == "true" and r.status == 200):
        pass
    verwerker()
    expect(voortgang).to_contain_text("Status: Verwerkt met fouten", timeout=VERWERKT)
    assert geladen == []
    # Done: the 286 stopped the polling, and a screen reader heard the result.
    klaar = time.monotonic()
    page.wait_for_timeout(2500)
    assert [t for t in vragen if t > klaar + 0.5] == []
    expect(page.locator("#voortgang-melding")).to_have_text(
        "Status: Verwerkt met fouten. Opgeslagen: 45, Gewijzigd: 0, Ongewijzigd: 0, "
        "Niet opgeslagen: 5.")
    expect(voortgang.locator(".telling")).to_contain_text("Opgeslagen: 45")
    expect(voortgang.locator(".telling")).to_contain_text("Niet opgeslagen: 5")

    # The rows in error, by their number in the file and their column.
    tabel = page.get_by_role("table", name="Regels die niet zijn opgeslagen")
    rijen = tabel.locator("tbody tr")
    expect(rijen).to_have_count(len(FOUTEN))
    for rij, (nummer, (kolom, _waarde)) in zip(rijen.all(), sorted(FOUTEN.items()), strict=True):
        expect(rij.get_by_role("rowheader")).to_have_text(str(nummer))
        expect(rij.get_by_role("cell").nth(1)).to_have_text(kolom)
    expect(tabel).to_contain_text("Dit is geen geldige datum: 31-02-2024.")
    expect(tabel).to_contain_text("Deze postcode hoort bij geen bekende gemeente.")
    expect(tabel).to_contain_text("Vul de achternaam in.")
    assert axe(page) == []

    # The verwerkingsverslag: a line for every row, the 5 with their message.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het verwerkingsverslag (CSV)").click()
    verslag = _csv(download.value)
    assert verslag[0] == ["Regel", "Leerling", "Uitkomst", "Kolom", "Foutmelding"]
    assert len(verslag) == 1 + 50
    assert {(int(r[0]), r[3]) for r in verslag[1:] if r[2] == "Niet opgeslagen"} == {
        (nummer, kolom) for nummer, (kolom, _waarde) in FOUTEN.items()}

    # The 5 corrected and sent again: all 50 are in the register.
    page.get_by_role("link", name="Nog een bestand versturen").click()
    _verstuur(page, "leerlingen 31EG verbeterd.csv", _bestand(koppen, sorted(FOUTEN), {}))
    expect(voortgang).to_contain_text("Status: Verwerkt", timeout=VERWERKT)
    expect(voortgang.locator(".telling")).to_contain_text("Opgeslagen: 5")
    expect(page.get_by_role("table", name="Regels die niet zijn opgeslagen")).to_have_count(0)

    page.goto("/bestanden/verstuurd")
    lijst = page.get_by_role("table", name="Overzicht verstuurde bestanden")
    expect(lijst.get_by_role("row", name=re.compile(r"^leerlingen 31EG\.csv"))).to_contain_text(
        "Verwerkt met fouten")
    assert axe(page) == []
    page.goto("/bestanden/ophalen")
    expect(page.get_by_role("link", name=re.compile(r"^verwerkingsverslag-\d+-leerlingen"))
           ).to_have_count(2)
    assert axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV 31EG").click()
    overzicht = _csv(download.value)
    achternaam = overzicht[0].index("Achternaam")
    assert sorted(r[achternaam] for r in overzicht[1:]
                  if r[achternaam].startswith("Browserkind")) == [
        f"Browserkind {nummer:03d}" for nummer in range(2, 52)]


def test_without_javascript_the_file_page_has_a_refresh_link(
        browser, school_state, live_server, verwerker):
    """DESIGN §6: without htmx nothing asks again; the page's Vernieuwen link does."""
    context = browser.new_context(java_script_enabled=False, storage_state=school_state,
                                  base_url=live_server["url"], accept_downloads=True)
    page = context.new_page()
    page.goto("/bestanden/versturen")
    koppen = _sjabloon(page)
    _verstuur(page, "zonder javascript.csv",
              _bestand(koppen, [2, 3, 4], {4: ("Postcode", "9999 ZZ")}, naam="Scriptloos"))
    voortgang = page.locator("#voortgang")
    expect(voortgang).to_contain_text("Status: Ontvangen")
    vernieuwen = page.get_by_role("link", name="Vernieuwen")
    expect(vernieuwen).to_be_visible()
    verwerker()
    einde = time.monotonic() + VERWERKT / 1000
    while vernieuwen.count() and time.monotonic() < einde:
        page.wait_for_timeout(500)
        vernieuwen.click()
        page.wait_for_load_state()
    expect(voortgang).to_contain_text("Status: Verwerkt met fouten")
    expect(vernieuwen).to_have_count(0)
    expect(voortgang.locator(".telling")).to_contain_text("Opgeslagen: 2")
    expect(page.get_by_role("table", name="Regels die niet zijn opgeslagen")).to_contain_text(
        "Deze postcode hoort bij geen bekende gemeente.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het verwerkingsverslag (CSV)").click()
    assert [[r[0], r[2]] for r in _csv(download.value)[1:]] == [
        ["2", "Opgeslagen"], ["3", "Opgeslagen"], ["4", "Niet opgeslagen"]]
    context.close()
