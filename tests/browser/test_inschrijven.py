"""Seed 004 §1.2–1.4 in a browser: log in with the token code, enrol pupils, search,
change a date in the dialog, switch language; axe-core finds nothing serious."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe, inloggen

BSN_NIET_INGESCHREVEN = "999990305"  # Janssen, in the demo BRP extract, born 2008-03-06


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


def test_change_a_date_in_the_dialog(school_page):
    page = school_page
    page.goto("/inschrijvingen/overzicht?achternaam=Donder")
    page.locator("#instelling-31ED").get_by_role("link", name=re.compile("Wijzigen")).click()
    dialoog = page.locator("#dialoog")
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
