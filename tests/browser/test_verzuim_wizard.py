"""The whole Opvoeren Verzuim wizard in Chromium with htmx: five tabs, lesuren on two
days, back and forth between tabs keeping the data, a refused overlapping period."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe, voeg_toe


def _verzuim(page, van, tm):
    page.get_by_label("Verzuimperiode van").fill(van)
    page.get_by_label("Verzuimperiode t/m").fill(tm)
    page.get_by_label("Vermoedelijke soort").select_option("O")
    page.get_by_label("Vermoedelijke reden").fill("afwezig")
    page.locator("#actie_gewenst-ja").check()
    expect(page.get_by_role("group", name="Met prioriteit oppakken")).to_be_visible()
    page.locator("#met_prioriteit-nee").check()
    page.get_by_label("Naam contactpersoon").fill("Mevr. Melder")
    page.get_by_label("E-mail contactpersoon").fill("melder@school.example")


def test_whole_wizard_with_lesuren_on_two_days(school_page):
    page = school_page
    voeg_toe(page, "999990019")
    assert axe(page) == []
    page.get_by_label("Telefoonnummer leerling").fill("06-11112222")
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/verzuim$"))
    _verzuim(page, "02-11-2026", "06-11-2026")
    assert axe(page) == []
    # Back to Leerling by its tab and forward again: nothing is lost.
    page.get_by_role("button", name="1. Leerling").click()
    expect(page.get_by_label("Telefoonnummer leerling")).to_have_value("06-11112222")
    page.get_by_role("button", name="2. Verzuim").click()
    expect(page.get_by_label("Verzuimperiode van")).to_have_value("02-11-2026")
    expect(page.get_by_label("Naam contactpersoon")).to_have_value("Mevr. Melder")
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/lesuren$"))
    page.get_by_role("button", name="Ja, specificeren").click()
    expect(page.get_by_label("Datum").first).to_have_value("02-11-2026")
    page.get_by_role("button", name="Verzuimdag toevoegen").click()
    tweede = page.get_by_role("group", name="2e verzuimdag")
    tweede.get_by_label("Datum").fill("03-11-2026")
    tweede.locator("#dag-2-hele_dag-nee").check()
    tweede.get_by_label("Verzuimde lesuren").fill("3")
    assert axe(page) == []
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/actie$"))
    page.get_by_label("brief gestuurd").check()
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/overzicht$"))
    expect(page.locator("#wizard")).to_contain_text("3 lesuren")
    assert axe(page) == []
    page.reload()  # a reload loses nothing
    expect(page.locator("#wizard")).to_contain_text("brief gestuurd")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".gelukt")).to_contain_text(re.compile(r"onder nummer \d+ is verzonden"))


def test_overlapping_period_is_refused(school_page):
    page = school_page
    voeg_toe(page, "999990007")
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/verzuim$"))
    _verzuim(page, "01-10-2026", "02-10-2026")
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/lesuren$"))
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/actie$"))
    page.get_by_label("telefonisch contact").check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".gelukt")).to_be_visible()
    voeg_toe(page, "999990007")
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/verzuim$"))
    _verzuim(page, "02-10-2026", "05-10-2026")
    page.get_by_role("button", name="Verder").click()
    fout = page.locator("#fout-periode_van")
    expect(fout).to_contain_text("valt (deels) samen met een andere melding")
    expect(page).to_have_url(re.compile(r"/verzuim$"))
