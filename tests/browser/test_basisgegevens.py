"""Basisgegevens (seed 003, R-LEV-05) in a browser, without logging in: find an instelling
by typing, download the file; axe-core finds nothing serious."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe


def test_r_lev_05_anyone_finds_an_instelling_by_typing_and_downloads_the_file(browser,
                                                                             live_server):
    context = browser.new_context(base_url=live_server["url"])
    page = context.new_page()
    try:
        page.goto("/inloggen")
        page.get_by_role("link", name="Basisgegevens").click()
        expect(page.get_by_role("heading", name="Instellingsinformatie")).to_be_visible()
        page.get_by_label("Zoeken op instellingscode, naam, bevoegd gezag of plaats") \
            .press_sequentially("Maasstad", delay=50)
        expect(page.locator("#instellingen")).to_contain_text("31UD")
        expect(page.locator("#instellingen")).not_to_contain_text("31ED")
        expect(page).to_have_url(re.compile(r"zoekterm=Maasstad"))
        assert axe(page) == []
        with page.expect_download() as download:
            page.get_by_role("link", name="Basisgegevens instellingen (CSV)").click()
        tekst = open(download.value.path(), encoding="utf-8-sig").read()
        assert tekst.startswith("Instellingscode;Naam instelling;") and "31UD;" in tekst
    finally:
        context.close()
