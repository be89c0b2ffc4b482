"""Gegevensleveringen over M2M (seed 003): a gemeente's or Doorstroompunt's package asks for
a C- or A-levering of its own codes and reads its rows (R-LEV-02, R-LEV-03), and follows
the P-levering's changes as a feed with a cursor (R-LEV-01)."""
import datetime

from domain import inschrijving as ins
from domain import levering
from tests.factories import AMSTEL, AMSTERDAM, DONDER, GRONINGER, actor, brp_kind, met_bsn

DOORSTROOMPUNT = "doorstroompunt-amsterdam-diemen"


def test_r_lev_02_a_package_asks_for_a_c_levering_and_reads_its_rows(pakket):
    gemeente = pakket(AMSTERDAM)
    antwoord = gemeente.post("/api/v1/leveringen", json={
        "soort": "C", "gemeentecode": "0363", "peildatum": "2026-09-01"})
    assert antwoord.status_code == 202, antwoord.get_json()
    body = antwoord.get_json()
    assert antwoord.headers["Location"].endswith(f"/api/v1/leveringen/{body['id']}")
    status = gemeente.get(f"/api/v1/leveringen/{body['id']}").get_json()
    assert status["status"] == "klaar" and status["gemeentecode"] == "0363"
    regels = gemeente.get(f"/api/v1/leveringen/{body['id']}/regels")
    assert regels.status_code == 200 and regels.mimetype == "application/json"
    rijen = regels.get_json()["regels"]
    assert len(rijen) == status["aantalRegels"]
    donder = next(r for r in rijen if r["BSN"] == DONDER)
    assert donder["Instellingscode"] == "31ED" and donder["Onderwijsnummer"] is None
    # Another organisation's package does not see it (R-AVG-03).
    school = pakket(AMSTEL)
    assert school.get(f"/api/v1/leveringen/{body['id']}").status_code == 403


def test_r_lev_03_a_package_asks_only_for_its_own_codes(pakket):
    gemeente = pakket(AMSTERDAM)
    antwoord = gemeente.post("/api/v1/leveringen", json={
        "soort": "C", "gemeentecode": "0344", "peildatum": "2026-09-01"})
    assert antwoord.status_code == 400
    assert antwoord.get_json()["invalidParams"][0]["code"] == "R-LEV-03"
    beide = gemeente.post("/api/v1/leveringen", json={
        "soort": "C", "gemeentecode": "0363", "regiocode": "0023", "peildatum": "2026-09-01"})
    assert beide.status_code == 400  # one area at a time (schema)
    school = pakket(AMSTEL)
    assert school.post("/api/v1/leveringen", json={
        "soort": "C", "gemeentecode": "0363", "peildatum": "2026-09-01"}).status_code == 403


def test_r_lev_03_an_a_levering_over_m2m_says_no_for_numbers_outside_the_area(pakket):
    gemeente = pakket(AMSTERDAM)
    zonder = gemeente.post("/api/v1/leveringen", json={
        "soort": "A", "gemeentecode": "0363", "peildatum": "2026-09-01"})
    assert zonder.status_code == 400  # an A-levering asks for numbers
    antwoord = gemeente.post("/api/v1/leveringen", json={
        "soort": "A", "gemeentecode": "0363", "peildatum": "2026-09-01",
        "nummers": [DONDER, GRONINGER]})
    rijen = gemeente.get(f"/api/v1/leveringen/{antwoord.get_json()['id']}/regels") \
        .get_json()["regels"]
    assert [(r["Gevraagd nummer"], r["Geleverd"]) for r in rijen] == [(DONDER, "J"),
                                                                      (GRONINGER, "N")]
    assert rijen[1]["Achternaam"] is None


def test_r_lev_01_the_feed_gives_the_areas_changes_once_with_a_cursor(pakket):
    gemeente = pakket(AMSTERDAM)
    begin = gemeente.get("/api/v1/leveringen/mutaties", query_string={"paginagrootte": 500})
    assert begin.status_code == 200
    cursor = begin.get_json()["volgende"]
    while begin.get_json()["meer"]:  # read up to now
        begin = gemeente.get("/api/v1/leveringen/mutaties", query_string={"vanaf": cursor})
        cursor = begin.get_json()["volgende"]
    brp_kind()
    nieuw = ins.registreer(met_bsn(), actor("school"))
    pagina = gemeente.get("/api/v1/leveringen/mutaties", query_string={"vanaf": cursor})
    body = pagina.get_json()
    assert [(w["BSN"], w["Wijziging"]) for w in body["wijzigingen"]] == [
        (nieuw.persoon.bsn, "Inschrijving toegevoegd")]
    assert body["wijzigingen"][0]["Instellingscode"] == "31ED"
    daarna = gemeente.get("/api/v1/leveringen/mutaties",
                          query_string={"vanaf": body["volgende"]}).get_json()
    assert daarna["wijzigingen"] == [] and daarna["meer"] is False
    # The regio's package sees the same change (regiocode 0023 holds Amsterdam).
    regio = pakket(DOORSTROOMPUNT)
    gezien = regio.get("/api/v1/leveringen/mutaties", query_string={"vanaf": cursor}).get_json()
    assert [w["BSN"] for w in gezien["wijzigingen"]] == [nieuw.persoon.bsn]
    onzin = gemeente.get("/api/v1/leveringen/mutaties", query_string={"vanaf": "bla"})
    assert onzin.status_code == 400
    assert pakket(AMSTEL).get("/api/v1/leveringen/mutaties").status_code == 403


def test_r_lev_01_birthdays_are_asked_for_a_period(pakket):
    gemeente = pakket(AMSTERDAM)
    dag = datetime.date(2026, 11, 20)
    brp_kind("999990512", geboren=dag.replace(year=dag.year - 4))
    body = gemeente.get("/api/v1/leveringen/verjaardagen", query_string={
        "van": "2026-11-16", "tot": "2026-11-22"}).get_json()
    (vier,) = [w for w in body["wijzigingen"] if w["BSN"] == "999990512"]
    assert vier["Wijziging"] == levering.VIER_JAAR and vier["Datum wijziging"] == "2026-11-20"
    te_lang = gemeente.get("/api/v1/leveringen/verjaardagen", query_string={
        "van": "2020-01-01", "tot": "2026-11-22"})
    assert te_lang.status_code == 400
