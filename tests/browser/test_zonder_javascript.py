"""Works without JavaScript: htmx makes it quicker, never possible (DESIGN §6)."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import inloggen


def test_login_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server["url"])
    page = context.new_page()
    inloggen(page, live_server, "beheerder.school")
    expect(page.get_by_role("heading", name="Mijn register")).to_be_visible()
    context.close()


def test_variant_switch_and_save_by_full_reloads(browser, school_state, live_server):
    context = browser.new_context(java_script_enabled=False, storage_state=school_state,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.goto("/inschrijvingen/nieuw")
    page.get_by_label("Instellingscode").select_option("31GY")
    groep = page.get_by_role("group", name="Datum inschrijving")
    groep.get_by_label("dag").fill("1")
    groep.get_by_label("maand").fill("8")
    groep.get_by_label("jaar").fill("2025")
    page.get_by_role("button", name="Zonder bsn/onderwijsnummer").click()
    expect(page.get_by_label("Achternaam")).to_be_visible()
    jaar = page.get_by_role("group", name="Datum inschrijving").get_by_label("jaar")
    expect(jaar).to_have_value("2025")
    page.get_by_label("Achternaam").fill("Zonderscript")
    page.get_by_label("Vrouw").check()
    page.get_by_role("group", name="Geboortedatum").get_by_label("jaar").fill("2012")
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer", exact=True).fill("4")
    page.get_by_role("button", name="Inschrijving opslaan").click()
    expect(page.locator(".gelukt")).to_contain_text("Gelukt")
    page.goto("/inschrijvingen/overzicht?achternaam=Zonderscript")
    page.locator("#instelling-31GY").get_by_role("link", name=re.compile("Wijzigen")).click()
    expect(page.get_by_role("heading", name="Inschrijving wijzigen")).to_be_visible()
    page.get_by_role("group", name="Datum uitschrijving").get_by_label("dag").fill("31")
    page.get_by_role("group", name="Datum uitschrijving").get_by_label("maand").fill("7")
    page.get_by_role("group", name="Datum uitschrijving").get_by_label("jaar").fill("2026")
    page.get_by_role("button", name="Bevestig").click()
    expect(page.locator(".melding--succes")).to_contain_text("Gelukt")
    expect(page.locator("#instelling-31GY")).to_contain_text("31-07-2026")
    context.close()
