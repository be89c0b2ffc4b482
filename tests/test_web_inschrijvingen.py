"""The enrolment pages: full reloads without JavaScript, partials for htmx."""
import re

from models import Inschrijving, Persoon
from tests.conftest import csrf_token

LEEG = {
    "instellingscode": "31ED", "datum_inschrijving_dag": "1", "datum_inschrijving_maand": "8",
    "datum_inschrijving_jaar": "2025", "persoon_variant": "met", "adres_variant": "binnenland",
}


def _post(client, url, data, **kwargs):
    page = client.get("/inschrijvingen/nieuw")
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def test_form_has_the_fields_and_labels_of_the_seed(school):
    page = school.get("/inschrijvingen/nieuw").text
    for label in ("Inschrijven leerling", "Instellingscode", "Datum inschrijving",
                  "Datum uitschrijving", "OPTIONEEL", "Met bsn/onderwijsnummer",
                  "Zonder bsn/onderwijsnummer", "Bsn", "Onderwijsnummer", "Geslacht", "Man",
                  "Vrouw", "Onbekend", "Geboortedatum", "dag", "maand", "jaar",
                  "Inschrijving opslaan"):
        assert label in page, label


def test_register_pupil_with_bsn_shows_gelukt_and_keeps_the_data(school):
    import datetime

    from models import BrpPersoon
    BrpPersoon.create(bsn="999990500", geslachtsnaam="Vermeer", voornamen="Johannes",
                      geslacht="M", geboortedatum=datetime.date(2015, 3, 3), postcode="1094 HA",
                      huisnummer=3, gemeentecode="0363")
    data = {**LEEG, "bsn": "999990500", "geslacht": "M", "geboortedatum_dag": "3",
            "geboortedatum_maand": "3", "geboortedatum_jaar": "2015"}
    response = _post(school, "/inschrijvingen/nieuw", data)
    assert response.status_code == 200
    assert "Gelukt" in response.text and "Johannes Vermeer" in response.text
    assert 'value="999990500"' in response.text  # the entered data stays
    assert Inschrijving.select().join(Persoon).where(Persoon.bsn == "999990500").count() == 1


def test_register_pupil_without_number_abroad_gets_onderwijsnummer(school):
    data = {**LEEG, "instellingscode": "31EG", "persoon_variant": "zonder",
            "adres_variant": "buitenland", "geslacht": "V", "geboortedatum_maand": "4",
            "geboortedatum_jaar": "2016", "achternaam": "Peeters", "voornamen": "Lien",
            "landcode": "5010", "adresregel1": "Meir 1", "adresregel2": "2000 Antwerpen"}
    response = _post(school, "/inschrijvingen/nieuw", data)
    assert response.status_code == 200, response.text
    nummer = re.search(r"<strong>(10\d{7})</strong>", response.text).group(1)
    persoon = Persoon.get(Persoon.onderwijsnummer == nummer)
    assert persoon.woonland == "5010" and persoon.geboortedatum_precisie == "M"


def test_niet_gelukt_names_every_problem_next_to_its_field_and_keeps_input(school):
    data = {**LEEG, "datum_uitschrijving_dag": "1", "datum_uitschrijving_maand": "7",
            "datum_uitschrijving_jaar": "2025", "bsn": "123", "geslacht": "",
            "geboortedatum_dag": "31", "geboortedatum_maand": "2", "geboortedatum_jaar": "2015"}
    response = _post(school, "/inschrijvingen/nieuw", data)
    assert response.status_code == 422
    assert "Niet gelukt" in response.text
    for veld in ("datum_uitschrijving", "bsn", "geslacht", "geboortedatum"):
        assert re.search(rf'id="fout-{veld}"[^>]*>\s*\S', response.text), veld
    assert 'href="#datum_uitschrijving"' in response.text
    assert 'value="123"' in response.text and 'value="31"' in response.text


def test_switching_variant_keeps_what_was_typed(school):
    data = {**LEEG, "bsn": "999990007", "wissel": "persoon:zonder"}
    full = _post(school, "/inschrijvingen/nieuw", data)
    assert full.status_code == 200 and "<html" in full.text
    assert 'type="hidden" name="bsn" value="999990007"' in full.text
    assert 'id="achternaam"' in full.text
    partial = _post(school, "/inschrijvingen/nieuw", data, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and 'id="persoon"' in partial.text
    assert "HX-Request" in partial.headers["Vary"]
    back = _post(school, "/inschrijvingen/nieuw",
                 {**data, "persoon_variant": "zonder", "wissel": "persoon:met"})
    assert 'id="bsn" name="bsn" value="999990007"' in back.text


def test_inline_check_of_one_field(school):
    response = _post(school, "/inschrijvingen/nieuw/controle?veld=bsn", {**LEEG, "bsn": "123"},
                     headers={"HX-Request": "true"})
    assert "Dit is geen geldig bsn." in response.text
    assert "geslacht" not in response.text.split('id="fout-bsn"')[1][:200]


def test_r_ins_12_a_bsn_the_brp_does_not_know_brings_name_and_address_on_submit(school):
    """R-INS-12 with R-AVG-04: the form asks the woonadres of a BSN the BRP does not know,
    learnt on submit (logged, limited), not while typing; the fields then stay."""
    data = {**LEEG, "bsn": "111222333", "geslacht": "V", "geboortedatum_dag": "1",
            "geboortedatum_maand": "2", "geboortedatum_jaar": "2015"}
    controle = _post(school, "/inschrijvingen/nieuw/controle?veld=bsn", data,
                     headers={"HX-Request": "true"})
    assert 'id="postcode"' not in controle.text and "BRP" not in controle.text
    response = _post(school, "/inschrijvingen/nieuw", data)
    assert response.status_code == 422
    assert "Dit bsn is niet bekend in de BRP" in response.text and 'id="postcode"' in response.text
    assert 'name="naam_adres" value="ja"' in response.text
    wissel = _post(school, "/inschrijvingen/nieuw", {**data, "naam_adres": "ja",
                                                     "achternaam": "Jansen",
                                                     "wissel": "adres:buitenland"})
    assert 'id="landcode"' in wissel.text and 'value="Jansen"' in wissel.text


def test_overview_active_search(school):
    page = school.get("/inschrijvingen/overzicht?achternaam=Don")
    assert page.status_code == 200 and "Bliksem van de Donder" in page.text
    assert "Geen resultaten gevonden" in page.text  # the other instellingscodes
    partial = school.get("/inschrijvingen/overzicht?achternaam=Don",
                         headers={"HX-Request": "true", "HX-Target": "resultaten"})
    assert "<html" not in partial.text and "Bliksem van de Donder" in partial.text
    assert "HX-Request" in partial.headers["Vary"]
    for code in ("31ED", "31EG", "31GY"):
        assert f'id="instelling-{code}"' in page.text


def test_change_dates_in_the_dialog(school):
    inschrijving = Inschrijving.select().join(Persoon).where(Persoon.achternaam == "Donder").get()
    url = f"/inschrijvingen/{inschrijving.id}/wijzigen"
    dialog = school.get(url, headers={"HX-Request": "true"})
    assert "Inschrijving wijzigen" in dialog.text and "<html" not in dialog.text
    token = csrf_token(dialog.text)
    wrong = school.post(url, headers={"HX-Request": "true"}, data={
        "csrf_token": token, "datum_inschrijving_dag": "1", "datum_inschrijving_maand": "9",
        "datum_inschrijving_jaar": "2025", "datum_uitschrijving_dag": "1",
        "datum_uitschrijving_maand": "8", "datum_uitschrijving_jaar": "2025"})
    assert wrong.status_code == 422 and "niet voor de datum inschrijving" in wrong.text
    ok = school.post(url, headers={"HX-Request": "true"}, data={
        "csrf_token": token, "datum_inschrijving_dag": "2", "datum_inschrijving_maand": "9",
        "datum_inschrijving_jaar": "2025"})
    assert ok.status_code == 200 and ok.headers["HX-Trigger"] == "inschrijvingGewijzigd"
    assert Inschrijving.get_by_id(inschrijving.id).datum_inschrijving.isoformat() == "2025-09-02"
    full = school.post(url, data={
        "csrf_token": token, "datum_inschrijving_dag": "3", "datum_inschrijving_maand": "9",
        "datum_inschrijving_jaar": "2025"})
    assert full.status_code == 302
