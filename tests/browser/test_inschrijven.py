"""Seed 004 §1.2–1.4 in a browser: log in with the token code, enrol pupils, search,
change a date in the dialog, switch language; axe-core finds nothing serious."""
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from bench.proces import ROOT
from tests.browser.conftest import axe, inloggen

BSN_NIET_INGESCHREVEN = "999990305"  # Janssen, in the demo BRP extract, born 2008-03-06
WAARSCHUWING = "Let op: deze datum valt in het weekend."


def test_login_with_totp_code(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    inloggen(page, live_server, "school2")
    expect(page).to_have_url(live_server["url"] + "/")
    expect(page.get_by_role("heading", name="Mijn register")).to_be_visible()
    assert axe(page) == []
    page.goto(live_server["url"] + "/inloggen")
    assert axe(page) == []
    context.close()


def _datum(page, legend, dag, maand, jaar):
    groep = page.get_by_role("group", name=legend)
    groep.get_by_label("dag").fill(dag)
    groep.get_by_label("maand").fill(maand)
    groep.get_by_label("jaar").fill(jaar)


def test_register_pupil_with_bsn(school_page):
    page = school_page
    page.goto("/inschrijvingen")
    page.get_by_role("link", name="Inschrijvingen B3 B4 vastleggen").click()
    expect(page.get_by_role("heading", name="Inschrijven leerling")).to_be_visible()
    assert axe(page) == []
    page.get_by_label("Instellingscode").select_option("31GY")
    _datum(page, "Datum inschrijving", "1", "8", "2024")
    page.get_by_label("Bsn").fill(BSN_NIET_INGESCHREVEN)
    page.get_by_label("Vrouw").check()
    _datum(page, "Geboortedatum", "6", "3", "2008")
    page.get_by_role("button", name="Inschrijving opslaan").click()
    gelukt = page.locator(".gelukt")
    expect(gelukt).to_contain_text("Gelukt")
    expect(gelukt).to_contain_text("Janssen")
    expect(gelukt).to_be_focused()
    expect(page.get_by_label("Bsn")).to_have_value(BSN_NIET_INGESCHREVEN)  # data stays
    assert axe(page) == []
    # 'Verder': a new enrolment, the entered data stay (seed 004 §1.3)
    gelukt.get_by_role("link", name="Verder").press("Enter")
    expect(gelukt).to_have_count(0)
    expect(page.get_by_label("Instellingscode")).to_be_focused()
    expect(page.get_by_label("Bsn")).to_have_value(BSN_NIET_INGESCHREVEN)


def test_register_pupil_without_number_living_in_belgium(school_page):
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    page.get_by_label("Instellingscode").select_option("31EG")
    _datum(page, "Datum inschrijving", "2", "9", "2024")
    page.get_by_role("button", name="Zonder bsn/onderwijsnummer").click()
    expect(page.get_by_label("Achternaam")).to_be_visible()
    _datum(page, "Geboortedatum", "", "5", "2015")
    page.get_by_label("Man", exact=True).check()
    page.get_by_label("Achternaam").fill("Claes")
    page.get_by_label("Voornamen OPTIONEEL").fill("Lucas")
    page.get_by_label("Postcode").fill("1018 DW")  # typed, then the pupil turns out to live abroad
    page.get_by_role("button", name="Buitenland").click()
    expect(page.get_by_label("Landcode")).to_be_visible()
    expect(page.get_by_label("Achternaam")).to_have_value("Claes")
    page.get_by_label("Landcode").fill("5010")
    page.get_by_label("Adresregel 1", exact=True).fill("Rue Neuve 12")
    page.get_by_label("Adresregel 2 OPTIONEEL").fill("1000 Brussel")
    assert axe(page) == []
    page.get_by_role("button", name="Inschrijving opslaan").click()
    gelukt = page.locator(".gelukt")
    expect(gelukt).to_contain_text("Gelukt")
    nummer = gelukt.locator(".onderwijsnummer strong").inner_text()
    assert re.fullmatch(r"10\d{7}", nummer)
    page.goto("/inschrijvingen/overzicht?achternaam=Claes")
    expect(page.locator("#instelling-31EG")).to_contain_text(nummer)


def test_inline_error_for_uitschrijving_before_inschrijving(school_page):
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    _datum(page, "Datum inschrijving", "1", "9", "2025")
    _datum(page, "Datum uitschrijving OPTIONEEL", "1", "8", "2025")
    page.get_by_label("Bsn").focus()  # leaving the field checks it
    fout = page.locator("#fout-datum_uitschrijving")
    expect(fout).to_contain_text("niet voor de datum inschrijving")
    expect(fout).to_be_visible()


def test_find_van_de_donder_by_typing_don(school_page):
    page = school_page
    page.goto("/inschrijvingen/overzicht")
    page.get_by_label("Zoeken op achternaam").press_sequentially("Don", delay=50)
    expect(page.locator("#instelling-31ED")).to_contain_text("Bliksem van de Donder")
    expect(page).to_have_url(re.compile(r"achternaam=Don"))
    expect(page.locator("#instelling-31GY")).to_contain_text("Geen resultaten gevonden")
    assert axe(page) == []


def _wijzigen(page):
    """Wijzigen of Donder's inschrijving at 31ED, from the overview searched on his name:
    the link and the dialog it opened."""
    page.goto("/inschrijvingen/overzicht?achternaam=Donder")
    wijzigen = page.locator("#instelling-31ED").get_by_role("link", name=re.compile("Wijzigen"))
    wijzigen.click()
    return wijzigen, page.locator("#dialoog")


def test_change_a_date_in_the_dialog(school_page):
    page = school_page
    _link, dialoog = _wijzigen(page)
    expect(dialoog).to_be_visible()
    expect(dialoog.get_by_role("heading", name="Inschrijving wijzigen")).to_be_visible()
    assert axe(page) == []
    groep = dialoog.get_by_role("group", name="Datum inschrijving")
    groep.get_by_label("dag").fill("8")
    dialoog.get_by_role("button", name="Bevestig").click()
    expect(dialoog).to_contain_text("Gelukt")
    dialoog.get_by_role("button", name="Verder").click()
    expect(dialoog).to_be_hidden()
    expect(page.locator("#instelling-31ED")).to_contain_text("08-09-2025")


def test_switch_to_english_and_back(school_page):
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Enrol pupil")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/inschrijvingen/overzicht")
    expect(page.get_by_role("heading", name="Enrolments overview")).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Overzicht Inschrijvingen")).to_be_visible()


def test_niet_gelukt_sluiten_moves_focus_to_the_first_field_in_error(school_page):
    """Seed 004 §1.3 'Niet gelukt': 'Sluiten' closes the message; the user corrects the
    form, starting at the first field in error."""
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    page.get_by_label("Instellingscode").select_option("31GY")
    _datum(page, "Datum inschrijving", "1", "9", "2025")
    _datum(page, "Datum uitschrijving OPTIONEEL", "1", "8", "2025")
    page.get_by_label("Bsn").fill("123")
    page.get_by_role("button", name="Inschrijving opslaan").click()
    melding = page.get_by_role("alert").filter(has_text="Niet gelukt")
    expect(melding).to_be_focused()
    expect(melding).to_contain_text("De inschrijving is niet opgeslagen.")
    assert axe(page) == []
    melding.get_by_role("link", name="Sluiten").press("Enter")
    expect(melding).to_have_count(0)
    uitschrijving = page.get_by_role("group", name="Datum uitschrijving")
    expect(uitschrijving.get_by_label("dag")).to_be_focused()
    expect(page.locator("#fout-datum_uitschrijving")).to_be_visible()  # the field says why
    expect(page.get_by_label("Bsn")).to_have_value("123")


def _hangt(route):
    """The register does not answer: the request stays open until htmx gives up."""


@pytest.mark.parametrize("storing", ["time-out", "geen verbinding", "504 van de proxy"])
def test_time_out_when_the_register_does_not_answer(school_page, storing):
    """Seed 004 §1.3 'Time-out': the save does not come back (htmx's timeout, a failed
    connection, a 504 from nginx). The page says the enrolment may or may not be stored,
    points to the Overzicht, and 'Verder' goes on with the data still there."""
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    if storing == "time-out":
        # The form's own timeout, shortened so the test need not wait 30 seconds.
        page.locator("form[data-time-out]").evaluate(
            "f => f.setAttribute('hx-request', '{\"timeout\": 300}')")
    antwoord = {"time-out": _hangt, "geen verbinding": lambda route: route.abort(),
                "504 van de proxy": lambda route: route.fulfill(
                    status=504, content_type="text/html", body="<h1>504 Gateway Time-out</h1>")}
    page.route("**/inschrijvingen/nieuw", lambda route: antwoord[storing](route)
               if route.request.method == "POST" else route.continue_())
    page.get_by_label("Instellingscode").select_option("31GY")
    _datum(page, "Datum inschrijving", "1", "9", "2025")
    page.get_by_label("Bsn").fill(BSN_NIET_INGESCHREVEN)
    page.get_by_role("button", name="Inschrijving opslaan").click()
    melding = page.get_by_role("alert").filter(has_text="Time-out")
    expect(melding).to_be_focused()
    expect(melding).to_contain_text("Het register heeft niet op tijd geantwoord. Misschien is "
                                    "de inschrijving opgeslagen, misschien niet.")
    overzicht = melding.get_by_role("link", name=re.compile("Overzicht Inschrijvingen"))
    expect(overzicht).to_have_attribute("href", "/inschrijvingen/overzicht")
    expect(page.get_by_role("button", name="Inschrijving opslaan")).to_be_enabled()
    assert axe(page) == []
    melding.get_by_role("link", name="Verder").click()
    expect(melding).to_have_count(0)
    expect(page.get_by_label("Instellingscode")).to_be_focused()
    expect(page.get_by_label("Bsn")).to_have_value(BSN_NIET_INGESCHREVEN)


def test_r_ins_02_po_weekend_warning_while_typing(school_page):
    """R-INS-02: a weekend date at a PO school is warned about beside the field as soon as
    the date is typed, and again when the instelling changes; the seed's guidance opens."""
    page = school_page
    page.goto("/inschrijvingen/nieuw")
    waarschuwing = page.locator("#waarschuwing-datum_inschrijving")
    expect(waarschuwing).to_be_hidden()
    page.get_by_label("Instellingscode").select_option("31ED")
    _datum(page, "Datum inschrijving", "6", "9", "2025")
    page.get_by_label("Bsn").focus()
    expect(waarschuwing).to_contain_text(WAARSCHUWING)
    expect(waarschuwing).to_be_visible()
    page.get_by_label("Instellingscode").select_option("31GY")  # VO
    expect(waarschuwing).to_be_hidden()
    page.get_by_text("Extra informatie over de inschrijfdatum van de leerling").click()
    expect(page.get_by_text("Ook als deze datum in het weekend valt.")).to_be_visible()
    assert axe(page) == []


def test_wijzigen_niet_gelukt_sluiten_stays_in_the_dialog(school_page):
    page = school_page
    _link, dialoog = _wijzigen(page)
    uitschrijving = dialoog.get_by_role("group", name="Datum uitschrijving")
    uitschrijving.get_by_label("dag").fill("1")
    uitschrijving.get_by_label("maand").fill("1")
    uitschrijving.get_by_label("jaar").fill("2000")
    dialoog.get_by_role("button", name="Bevestig").click()
    melding = dialoog.get_by_role("alert")
    expect(melding).to_contain_text("Niet gelukt")
    expect(melding).to_be_focused()
    assert axe(page) == []
    melding.get_by_role("link", name="Sluiten").click()
    expect(melding).to_have_count(0)
    expect(dialoog).to_be_visible()
    expect(uitschrijving.get_by_label("dag")).to_be_focused()


def test_wijzigen_gelukt_verder_keeps_the_opened_section_and_returns_focus(school_page):
    """Seed 004 §1.4.1 'Gelukt': 'Verder' closes the pop-up and the change is visible at
    once, in the section the user had opened, with focus back on its Wijzigen link."""
    page = school_page
    page.goto("/inschrijvingen/overzicht")
    sectie = page.locator("#instelling-31ED")
    sectie.locator("summary").click()
    wijzigen = sectie.get_by_role("link", name=re.compile("Wijzigen.*Bliksem van de Donder"))
    wijzigen.click()
    dialoog = page.locator("#dialoog")
    dialoog.get_by_role("group", name="Datum inschrijving").get_by_label("dag").fill("9")
    dialoog.get_by_role("button", name="Bevestig").click()
    expect(dialoog.get_by_role("status")).to_contain_text("Gelukt")
    dialoog.get_by_role("button", name="Verder").click()
    expect(dialoog).to_be_hidden()
    expect(sectie).to_have_attribute("open", "")
    expect(sectie).to_contain_text("09-09-2025")
    expect(wijzigen).to_be_focused()


def test_wijzigen_time_out_verder_reads_the_overview_again(school_page):
    """Seed 004 §1.4.1 'Time-out': 'Verder' goes back to the overview, read again so it
    shows what the register stored."""
    page = school_page
    page.route(re.compile(r".*/wijzigen\?.*"), lambda route: route.fulfill(status=502)
               if route.request.method == "POST" else route.continue_())
    wijzigen, dialoog = _wijzigen(page)
    dialoog.get_by_role("button", name="Bevestig").click()
    melding = dialoog.get_by_role("alert")
    expect(melding).to_contain_text("Misschien is de wijziging opgeslagen, misschien niet.")
    expect(melding).to_be_focused()
    expect(dialoog.get_by_role("heading", name="Time-out")).to_be_visible()
    assert axe(page) == []
    with page.expect_response(re.compile(r".*/inschrijvingen/overzicht\?achternaam=Donder")):
        dialoog.get_by_role("link", name="Verder").click()
    expect(dialoog).to_be_hidden()
    expect(wijzigen).to_be_focused()


def test_without_javascript_sluiten_is_a_link_to_the_first_field_in_error(
        browser, school_state, live_server):
    """DESIGN §6: the messages work without JavaScript; no Time-out message shows (the
    browser reports a server that does not answer itself)."""
    context = browser.new_context(java_script_enabled=False, storage_state=school_state,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.goto("/inschrijvingen/nieuw")
    page.get_by_label("Instellingscode").select_option("31GY")
    page.get_by_label("Bsn").fill("123")
    page.get_by_role("button", name="Inschrijving opslaan").click()
    expect(page.get_by_role("alert").filter(has_text="Niet gelukt")).to_be_visible()
    expect(page.get_by_text("Time-out")).to_have_count(0)
    page.get_by_role("link", name="Sluiten").click()
    expect(page).to_have_url(re.compile(r"#datum_inschrijving$"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("group", name="Datum inschrijving").get_by_label("dag")).to_be_focused()
    context.close()


@pytest.fixture(scope="module")
def grote_school(live_server):
    """101 more pupils at 31GY, in the live server's own database: more than a page."""
    subprocess.run([sys.executable, "-c", """
from app import create_app
from domain.gebruikers import actor_voor
from models import Gebruiker, database
from tests.factories import vul_school
with create_app().app_context(), database.connection_context():
    vul_school(actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school")), "31GY", 101)
"""], cwd=ROOT, env=live_server["env"], check=True, capture_output=True)


def test_r_ins_09_volgende_pages_a_large_school_and_the_focus_stays_on_the_paging(
        school_page, grote_school):
    """R-INS-09: a school of more than 100 pupils is shown 100 at a time; Volgende swaps
    in the next page of that section, the address follows (back works), and the focus
    stays on the section's paging instead of being lost with the link."""
    page = school_page
    page.goto("/inschrijvingen/overzicht")
    sectie = page.locator("#instelling-31GY")
    sectie.locator("summary").click()
    expect(sectie.get_by_text(re.compile(r"Leerlingen 1–100 van \d+"))).to_have_count(2)
    expect(sectie.get_by_role("link", name="Vorige")).to_have_count(0)  # shown, not a link
    sectie.get_by_role("link", name="Volgende").last.click()
    expect(page).to_have_url(re.compile(r"instelling=31GY&pagina=2"))
    expect(sectie).to_have_attribute("open", "")
    expect(sectie.get_by_text(re.compile(r"Leerlingen 101–"))).to_have_count(2)
    # The last page has no Volgende: the focus goes to Vorige in the same place (below).
    expect(sectie.get_by_role("link", name="Vorige").last).to_be_focused()
    assert axe(page) == []
    page.go_back()
    expect(sectie.get_by_text(re.compile(r"Leerlingen 1–100 van"))).to_have_count(2)
