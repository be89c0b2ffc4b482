"""Seed 003 Gegevensleveringen in a browser, as a new Behandelaar RMC would try it: sign up
Amsterdam, send `<today>G0363C.txt` made as in Kladblok through Bestanden versturen, watch
the delivery's page follow the job by itself and download the C-levering as Excel; send an
A-file with numbers inside and outside the area and read the right lines. axe-core finds
nothing serious on the way. A job consumer (`flask jobs worker`) makes the deliveries."""
import datetime
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, sessie

pytestmark = pytest.mark.slow  # a consumer of the job queue in a subprocess

GEMAAKT = 30_000  # ms: the consumer starts (a few seconds) and makes the delivery


@pytest.fixture(scope="module")
def rmc_state(browser, live_server):
    return sessie(browser, live_server, "rmc.amsterdam")


@pytest.fixture
def rmc_page(browser, rmc_state, live_server):
    context = browser.new_context(storage_state=rmc_state, base_url=live_server["url"],
                                  accept_downloads=True)
    page = context.new_page()
    page.goto("/")
    yield page
    context.close()


def _verstuur(page, naam, inhoud, soort):
    page.goto("/bestanden/versturen")
    page.get_by_label("Bestandssoort").select_option(label=soort)
    page.get_by_label("Bestand kiezen").set_input_files(
        files=[{"name": naam, "mimeType": "text/plain", "buffer": inhoud}])
    page.get_by_role("button", name="Verstuur").click()


def test_r_lev_02_sign_up_and_a_c_levering_from_a_kladblok_file_in_seconds(rmc_page,
                                                                           verwerker):
    page = rmc_page
    page.get_by_role("link", name="Gegevensleveringen").first.click()
    expect(page.get_by_role("heading", name="Gegevensleveringen", level=1)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Aanmelden Amsterdam").click()
    page.get_by_label("Via de gemeente", exact=True).check()
    page.get_by_label("Rachid RMC (Gemeente Amsterdam)").check()
    assert axe(page) == []
    page.get_by_role("button", name="Aanmelding opslaan").click()
    expect(page.locator(".melding--succes")).to_contain_text("De aanmelding is opgeslagen")
    expect(page.locator("#historie + .tabel-scroll")).to_contain_text("Rachid RMC")

    vandaag = datetime.date.today()
    _verstuur(page, f"{vandaag:%Y%m%d}G0363C.txt", b"111111111\r\n", "C-route")
    expect(page).to_have_url(re.compile(r"/leveringen/\d+$"))
    expect(page.locator("#voortgang")).to_contain_text("Aangevraagd")  # no consumer yet
    assert axe(page) == []
    verwerker()
    expect(page.locator("#voortgang")).to_contain_text("Klaar", timeout=GEMAAKT)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Excel").click()
    blad = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()),
                                  read_only=True).active
    tabel = [list(r) for r in blad.iter_rows(values_only=True)]
    assert tabel[0][:2] == ["Peildatum", "BSN"]
    assert "999990007" in [r[1] for r in tabel[1:]]


def test_r_lev_03_an_a_file_names_the_area_and_says_no_for_the_rest(rmc_page, verwerker):
    page = rmc_page
    verwerker()
    vandaag = datetime.date.today()
    _verstuur(page, f"{vandaag:%Y%m%d}G0363A.txt",
              "999990007\r\n999990305\r\nonzin\r\n".encode("cp1252"), "Aanlevering RMC")
    expect(page).to_have_url(re.compile(r"/leveringen/\d+$"))
    expect(page.locator("#voortgang")).to_contain_text("Klaar", timeout=GEMAAKT)
    expect(page.locator("#voortgang")).to_contain_text("(onzin) is geen geldig bsn")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    regels = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert regels[1].startswith("999990007;J;") and regels[2].startswith("999990305;N;")
    # A mistake in the name: said next to the field, nothing sent.
    _verstuur(page, f"{vandaag:%Y%m%d}g0363a.txt", b"999990007\r\n", "Aanlevering RMC")
    expect(page.locator("#fout-bestand")).to_contain_text("als hoofdletters")
    assert axe(page) == []
