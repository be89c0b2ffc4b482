"""Both sides in Chromium: the school withdraws a melding and reads the history; the
gemeente closes one with terugkoppeling and the school sees it."""
import re
from functools import partial

from playwright.sync_api import expect

from tests.browser.conftest import axe, inloggen, meld

# The school's melding in both tests: a holiday, talked about with the parents.
_meld = partial(meld, soort="L", reden="vakantie", toelichting="ter informatie",
                actie="gesprek gevoerd")


def test_school_withdraws_and_reads_the_history(school_page):
    page = school_page
    nummer = _meld(page, "999990019", "09-11-2026", "10-11-2026")
    page.get_by_role("button", name="Wijzigen").click()
    page.get_by_role("button", name="2. Verzuim").click()
    page.get_by_label("Naam contactpersoon").fill("Dhr. Tweede")
    page.get_by_role("button", name="5. Overzicht").click()
    expect(page).to_have_url(re.compile(r"/overzicht$"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".gelukt")).to_contain_text("is gewijzigd")
    page.get_by_role("link", name="Historie").click()
    expect(page.get_by_text("In totaal zijn er 2 versie(s) gevonden.")).to_be_visible()
    page.get_by_role("link", name="Versie 2 bekijken").click()
    rij = page.locator("tr.verschil", has_text="Naam contactpersoon")
    expect(rij).to_contain_text("gewijzigd")  # marked in words, not colour alone
    expect(rij.locator("del")).to_have_text("Mevr. Melder")
    assert axe(page) == []
    page.goto(f"/verzuim/meldingen/{nummer}")
    page.get_by_role("link", name="Melding intrekken").click()
    expect(page.get_by_text("kan NIET ongedaan gemaakt worden")).to_be_visible()
    page.get_by_label("Reden Intrekken").select_option("FOUTIEF")
    page.get_by_role("button", name="Intrekken").click()
    expect(page.locator(".gelukt")).to_contain_text(f"onder nummer {nummer} is ingetrokken")
    expect(page.get_by_role("link", name="Melding intrekken")).to_have_count(0)


def test_gemeente_closes_with_terugkoppeling_and_the_school_sees_it(browser, school_page,
                                                                     live_server):
    nummer = _meld(school_page, "999990007", "14-09-2026", "15-09-2026")
    context = browser.new_context(base_url=live_server["url"])
    lpa = context.new_page()
    inloggen(lpa, live_server, "leerplicht.amsterdam")
    lpa.get_by_role("link", name="Werkvoorraad verzuim").first.click()
    lpa.get_by_role("link", name=nummer, exact=True).click()
    assert axe(lpa) == []
    lpa.get_by_label("Naam behandelaar").fill("Ayla Leerplicht")
    lpa.get_by_label("Toelichting", exact=True).fill("Ouders gesproken.")
    lpa.get_by_role("button", name="Terugkoppeling opslaan").click()
    expect(lpa.locator(".gelukt")).to_be_visible()
    lpa.get_by_label("Reden melding afgesloten").select_option("LEGITIEM")
    lpa.get_by_role("button", name="Afsluiten").click()
    expect(lpa.locator(".gelukt")).to_contain_text("De status is gewijzigd.")
    context.close()
    school_page.goto(f"/verzuim/meldingen/{nummer}")
    expect(school_page.locator(".terugkoppeling")).to_contain_text("Ayla Leerplicht")
    expect(school_page.locator(".terugkoppeling")).to_contain_text("Ouders gesproken.")
    expect(school_page.get_by_text("geen verzuim – legitiem afwezig")).to_be_visible()
    expect(school_page.get_by_role("button", name="Wijzigen")).to_have_count(0)  # read-only now
