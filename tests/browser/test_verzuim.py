"""Opvoeren Verzuim, first step, in a browser (seed 004 §2.1)."""
from playwright.sync_api import expect

from tests.browser.conftest import axe


def test_find_pupil_for_a_melding_by_number(school_page):
    page = school_page
    page.goto("/verzuim")
    expect(page.get_by_role("heading", name="Verzuim", exact=True)).to_be_visible()
    page.get_by_role("link", name="Opvoeren Verzuim 31ED").click()
    page.get_by_label("Persoonsgebonden nummer").fill("999990007")
    page.get_by_role("button", name="Zoeken").click()
    kop = page.get_by_role("heading", name="Opvoeren Verzuim - 31ED, Donder, B. van de")
    expect(kop).to_be_visible()
    expect(page.locator(".gegevens")).to_contain_text("14 maart 2016")
    assert axe(page) == []
    page.get_by_role("link", name="Alles wissen").click()
    expect(page.get_by_label("Persoonsgebonden nummer")).to_have_value("")
    page.get_by_label("Persoonsgebonden nummer").fill("999990007")
    page.goto("/verzuim/31EG/opvoeren")
    page.get_by_label("Persoonsgebonden nummer").fill("999990007")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen gegevens gevonden.")).to_be_visible()
    assert "999990007" not in page.url  # numbers travel in the body, not the address
