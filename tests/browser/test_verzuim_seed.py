"""Seed fidelity of Verzuim melden in Chromium with htmx (issue 12, seed 004 ch. 2): the
open meldingen's links, Selecteer contactpersoon, Onderwijslocatie, Wijzigen's Melding tab,
Naam behandelaar and the history's blocks; axe on every changed screen."""
import datetime
import re
import time
from functools import partial

import pyotp
from playwright.sync_api import TimeoutError as Wachttijd
from playwright.sync_api import expect

from tests.browser.conftest import axe, inloggen, meld, zoek


def _inloggen(page, live_server, naam):
    """conftest's inloggen, once more with the next code when another test of the session
    just used this one (a code works once)."""
    inloggen(page, live_server, naam)
    try:
        page.wait_for_url(live_server["url"] + "/", timeout=3000)
    except Wachttijd:
        totp = pyotp.TOTP(live_server["accounts"][naam]["totp_secret"])
        gebruikt = totp.now()
        while totp.now() == gebruikt:
            time.sleep(1)
        inloggen(page, live_server, naam)
        page.wait_for_url(live_server["url"] + "/")


def _dag(dagen_geleden):
    return (datetime.date.today() - datetime.timedelta(days=dagen_geleden)).strftime("%d-%m-%Y")


# A melding at the dependance 31ED01, with a contactpersoon that Selecteer contactpersoon
# offers later.
_meld = partial(meld, onderwijslocatie="31ED01", naam="Mevr. Eerste", functie="mentor",
                email="eerste@school.example")


def test_open_meldingen_and_selecteer_contactpersoon(school_page):
    """R-VZ-03 (Afb. 4): the number, Historie and Kopiëren; Afb. 6: Selecteer contactpersoon
    with htmx fills the fields and the focus lands on them."""
    page = school_page
    nummer = _meld(page, "999990111", _dag(20), _dag(19))
    zoek(page, "999990111")
    tabel = page.locator("table.meldingen")
    expect(tabel.get_by_role("link", name=f"Melding {nummer} inzien")).to_be_visible()
    expect(tabel.get_by_role("link", name=f"Historie van melding {nummer}")).to_be_visible()
    expect(tabel.get_by_role("button", name=f"Kopiëren melding {nummer}")).to_be_visible()
    assert axe(page) == []
    tabel.get_by_role("link", name=f"Melding {nummer} inzien").click()
    expect(page).to_have_url(re.compile(rf"/verzuim/meldingen/{nummer}$"))
    expect(page.locator(".gegevens").filter(has_text="Onderwijslocatie")).to_contain_text(
        "dependance IJburg (31ED01)")
    zoek(page, "999990111")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_role("button", name="2. Verzuim").click()
    expect(page).to_have_url(re.compile(r"/verzuim$"))
    assert axe(page) == []
    page.get_by_label("Selecteer contactpersoon").select_option(nummer)
    page.get_by_role("button", name="Kies contactpersoon").click()
    naam = page.get_by_label("Naam contactpersoon")
    expect(naam).to_have_value("Mevr. Eerste")
    expect(naam).to_be_focused()
    expect(page.get_by_label("Functie contactpersoon")).to_have_value("mentor")
    expect(page.get_by_label("E-mail contactpersoon")).to_have_value("eerste@school.example")
    page.get_by_label("Verzuimperiode van").fill(_dag(-1))  # R-VZ-06: tomorrow
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".foutsamenvatting")).to_be_focused()
    expect(page.locator("#fout-periode_van")).to_contain_text("niet in de toekomst")


def test_wijzigen_melding_tab_naam_behandelaar_and_history(browser, school_page, live_server):
    """Afb. 14 (the Melding tab with the terugkoppeling), Afb. 8 (Naam behandelaar) and
    Afb. 21 (the history's blocks)."""
    nummer = _meld(school_page, "999990123", _dag(30), _dag(29))
    context = browser.new_context(base_url=live_server["url"])
    lpa = context.new_page()
    _inloggen(lpa, live_server, "leerplicht.amsterdam")
    lpa.goto(f"/gemeente/meldingen/{nummer}")
    lpa.get_by_label("Naam behandelaar").fill("Ayla Leerplicht")
    lpa.get_by_role("button", name="Terugkoppeling opslaan").click()
    expect(lpa.locator(".gelukt")).to_be_visible()
    lpa.goto("/gemeente/meldingen")
    lpa.get_by_label("Naam behandelaar").fill("ayla")
    lpa.get_by_role("button", name="Zoeken").click()
    expect(lpa.get_by_role("link", name=nummer, exact=True)).to_be_visible()
    assert axe(lpa) == []
    context.close()

    page = school_page
    page.goto(f"/verzuim/meldingen/{nummer}")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page).to_have_url(re.compile(r"/melding$"))
    expect(page.get_by_role("button", name="Melding", exact=True)).to_have_attribute(
        "aria-current", "step")
    expect(page.locator(".terugkoppeling")).to_contain_text("Ayla Leerplicht")
    expect(page.get_by_role("link", name="Melding intrekken")).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="2. Verzuim").click()
    expect(page.locator("#wizard")).to_contain_text("dependance IJburg (31ED01)")  # fixed
    page.goto("/verzuim/31ED/raadplegen")
    page.get_by_label("Naam behandelaar").fill("Leerplicht")
    page.get_by_role("button", name="Zoeken").click()
    rij = page.locator("table.meldingen tbody tr")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("dependance IJburg")
    rij.get_by_role("link", name=f"Historie van melding {nummer}").click()
    expect(page.get_by_role("heading", name="Overzicht historie melding relatief verzuim")) \
        .to_be_visible()
    page.get_by_role("link", name="Versie 2 bekijken").click()
    koppen = page.locator("h2").all_inner_texts()
    assert koppen == ["Melding:", "Leerling:", "Contactpersonen leerling:", "Verzuim:",
                      "Details verzuim:", "Actie school:", "Terugkoppeling:"]
    rij = page.locator("tr.verschil", has_text="Naam behandelaar")
    expect(rij).to_contain_text("gewijzigd")
    expect(rij).to_contain_text("Ayla Leerplicht")
    assert axe(page) == []
