"""The enrolment pages: full reloads without JavaScript, partials for htmx."""
import datetime
import html
import re

from models import Gebruiker, Inschrijving, Instelling, Kenmerk, Persoon
from tests.conftest import csrf_token, inloggen_als
from tests.factories import LEEG, vul_school

# A submit with four problems: uitschrijving before inschrijving, the bsn, no geslacht and
# a day that does not exist.
VIER_FOUTEN = {**LEEG, "datum_uitschrijving_dag": "1", "datum_uitschrijving_maand": "7",
               "datum_uitschrijving_jaar": "2025", "bsn": "123", "geslacht": "",
               "geboortedatum_dag": "31", "geboortedatum_maand": "2",
               "geboortedatum_jaar": "2015"}


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
    # 'Verder': a new enrolment in the same form, from its first field; a plain link
    gelukt = _blok(response.text, "gelukt")
    assert re.search(r'<a [^>]*href="#instellingscode"[^>]*data-sluit-melding>Verder</a>', gelukt)


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


def _blok(html, klasse):
    """The message block with this class, up to the form."""
    return html.split(f"{klasse} uitkomst", 1)[1].split("<form", 1)[0]


def test_niet_gelukt_names_every_problem_next_to_its_field_and_keeps_input(school):
    response = _post(school, "/inschrijvingen/nieuw", VIER_FOUTEN)
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


def _sectie(html, code):
    """The part of the overview of one instellingscode, its <details> whole."""
    begin = html.index(f'id="instelling-{code}"')
    return html[html.rindex("<details", 0, begin):html.index("</details>", begin)]


def test_r_ins_09_a_large_school_is_paged_with_and_without_htmx(school, actor_school):
    """R-INS-09: a school of more than 100 pupils shows them 100 at a time, with Vorige
    and Volgende as plain links (no JavaScript needed) that htmx swaps in; Wijzigen keeps
    the page, so the user comes back to the same rows."""
    vul_school(actor_school, "31EG", 101)
    totaal = Inschrijving.select().join(Instelling).where(Instelling.code == "31EG").count()
    eerste = _sectie(school.get("/inschrijvingen/overzicht").text, "31EG")
    assert f"Leerlingen 1–100 van {totaal}" in eerste and f"({totaal} leerlingen)" in eerste
    assert eerste.count("data-dialoog") == 100 and 'rel="prev"' not in eerste
    volgende = html.unescape(re.search(r'href="([^"#]*)#instelling-31EG"[^>]*>Volgende', eerste)[1])
    assert "instelling=31EG" in volgende and "pagina=2" in volgende
    tweede = _sectie(school.get(volgende).text, "31EG")
    assert tweede.startswith('<details class="instelling" id="instelling-31EG" open>')
    assert f"Leerlingen 101–{totaal} van {totaal}" in tweede and 'rel="next"' not in tweede
    assert tweede.count("data-dialoog") == totaal - 100 and 'rel="prev"' in tweede
    namen = [n for n in re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', tweede)
             if "Paginakind" in n]
    assert namen and not any(n in eerste for n in namen)  # other rows than page 1
    partial = school.get(volgende, headers={"HX-Request": "true", "HX-Target": "resultaten"})
    assert "<html" not in partial.text and _sectie(partial.text, "31EG") == tweede
    wijzig = html.unescape(re.search(r'href="(/inschrijvingen/\d+/wijzigen[^"]*)"', tweede)[1])
    assert "instelling=31EG" in wijzig and "pagina=2" in wijzig
    formulier = school.get(wijzig)
    actie = html.unescape(re.search(r'<form method="post" action="([^"]*/wijzigen[^"]*)"',
                                    formulier.text)[1])
    assert "instelling=31EG" in actie and "pagina=2" in actie  # kept without JavaScript too
    terug = school.post(wijzig, data={
        "csrf_token": csrf_token(formulier.text), "datum_inschrijving_dag": "1",
        "datum_inschrijving_maand": "9", "datum_inschrijving_jaar": "2025"})
    assert terug.status_code == 302
    assert "instelling=31EG" in terug.location and "pagina=2" in terug.location


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


def test_niet_gelukt_lists_the_problems_in_form_order_and_sluiten_goes_to_the_first(school):
    """'Sluiten' closes the message and goes to the first field in error (seed 004 §1.3);
    without JavaScript it is a link to that field."""
    response = _post(school, "/inschrijvingen/nieuw", VIER_FOUTEN)
    assert response.status_code == 422
    blok = _blok(response.text, "foutsamenvatting")
    assert 'role="alert"' in response.text.split("foutsamenvatting uitkomst")[1][:80]
    assert "De inschrijving is niet opgeslagen." in blok
    links = re.findall(r'<li><a class="utrecht-link" href="#(\w+)"', blok)
    assert links == ["datum_uitschrijving", "bsn", "geslacht", "geboortedatum"]
    assert re.search(r'href="#datum_uitschrijving" data-sluit-melding>Sluiten</a>', blok)


def test_the_save_has_a_time_out_and_the_seeds_time_out_message(school):
    """Seed 004 §1.3 'Time-out': the htmx save gives up after a while and shows that the
    register did not answer, that the enrolment may or may not be stored, to check the
    Overzicht first, and 'Verder' (the data stay)."""
    page = school.get("/inschrijvingen/nieuw").text
    form = re.search(r'<form [^>]*action="/inschrijvingen/nieuw"[^>]*>', page, re.S).group(0)
    assert """hx-request='{"timeout": 30000}'""" in form
    assert 'data-time-out="time-out-inschrijven"' in form
    sjabloon = page.split('<template id="time-out-inschrijven" data-plaats="uitkomst">')[1]
    sjabloon = sjabloon.split("</template>")[0]
    for tekst in ("Time-out", "niet op tijd geantwoord",
                  "Misschien is de inschrijving opgeslagen, misschien niet.",
                  "Kijk eerst in het Overzicht Inschrijvingen", "De ingevoerde gegevens blijven",
                  'href="/inschrijvingen/overzicht" target="_blank"', 'role="alert"',
                  'href="#instellingscode" data-sluit-melding>Verder'):
        assert tekst in sjabloon, tekst
    assert 'id="uitkomst"' in page


WEEKEND = {"datum_inschrijving_dag": "6", "datum_inschrijving_maand": "9",
           "datum_inschrijving_jaar": "2025"}  # a Saturday
WAARSCHUWING = "Let op: deze datum valt in het weekend."


def _waarschuwing(html):
    return re.search(r'<p id="waarschuwing-datum_inschrijving"[^>]*>(.*?)</p>', html, re.S)


def test_r_ins_02_po_guidance_next_to_datum_inschrijving_in_the_seeds_words(school):
    page = school.get("/inschrijvingen/nieuw").text
    toelichting = page.split('<details class="toelichting"')[1].split("</details>")[0]
    for tekst in ("Extra informatie over de inschrijfdatum van de leerling", "Voor PO:",
                  "Dan schrijft u hem/haar in met ingang van 1 augustus. Ook als deze datum in "
                  "het weekend valt.",
                  "Het is dus niet mogelijk om een leerling in te schrijven per een datum in het "
                  "weekend of in de schoolvakantie.", "Voor VO:",
                  "Er mag dus geen weekend tussen zitten."):
        assert tekst in toelichting, tekst
    assert page.index('id="datum_inschrijving"') < page.index('<details class="toelichting"') \
        < page.index('id="datum_uitschrijving"')
    assert _waarschuwing(page).group(1) == ""  # an empty live region, hidden by CSS


def test_r_ins_02_guidance_only_for_the_kinds_of_school_the_user_enrols_for(school):
    gebruiker = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    Kenmerk.delete().where(Kenmerk.gebruiker == gebruiker, Kenmerk.soort == "instellingscode",
                           Kenmerk.waarde != "31GY").execute()  # 31GY is VO
    toelichting = school.get("/inschrijvingen/nieuw").text.split("</details>")[0]
    assert "Voor VO:" in toelichting and "Voor PO:" not in toelichting


def test_r_ins_02_a_weekend_date_at_a_po_school_is_stored_with_a_warning(school):
    """A warning, not a refusal: the seed gives the weekend as guidance, not among the
    form's checks, and the register does not know the school holidays."""
    data = {**LEEG, **WEEKEND, "persoon_variant": "zonder", "geslacht": "V",
            "achternaam": "Zaterdag", "geboortedatum_jaar": "2015", "postcode": "1094 HA",
            "huisnummer": "3"}
    response = _post(school, "/inschrijvingen/nieuw", data)
    assert response.status_code == 200
    assert Inschrijving.select().join(Persoon).where(Persoon.achternaam == "Zaterdag").exists()
    assert WAARSCHUWING in _blok(response.text, "gelukt")  # in the Gelukt message
    assert WAARSCHUWING in _waarschuwing(response.text).group(1)  # and next to the field
    assert '<details class="toelichting" open>' in response.text


def test_r_ins_02_the_warning_shows_after_a_refused_submit_too(school):
    response = _post(school, "/inschrijvingen/nieuw", {**LEEG, **WEEKEND, "bsn": "123"})
    assert response.status_code == 422
    assert WAARSCHUWING in _waarschuwing(response.text).group(1)
    assert WAARSCHUWING not in _blok(response.text, "foutsamenvatting")  # not a problem


def test_r_ins_02_no_warning_for_1_august_a_weekday_or_vo(school):
    eerste_augustus = {"datum_inschrijving_dag": "1", "datum_inschrijving_maand": "8",
                       "datum_inschrijving_jaar": "2026"}  # a Saturday
    maandag = {**WEEKEND, "datum_inschrijving_dag": "8"}
    for data in ({**LEEG, **eerste_augustus}, {**LEEG, **maandag},
                 {**LEEG, **WEEKEND, "instellingscode": "31GY"}):
        response = _post(school, "/inschrijvingen/nieuw", {**data, "bsn": "123"})
        assert _waarschuwing(response.text).group(1) == "", data


def test_r_ins_02_the_warning_follows_the_date_and_the_instelling_while_typing(school):
    """The check while typing updates the warning beside the field's error (htmx
    out-of-band), for the date and the instellingscode; other fields leave it alone."""
    url = "/inschrijvingen/nieuw/controle?veld="
    hx = {"HX-Request": "true"}
    datum = _post(school, url + "datum_inschrijving", {**LEEG, **WEEKEND}, headers=hx).text
    assert re.search(r'id="waarschuwing-datum_inschrijving"[^>]*hx-swap-oob="innerHTML"', datum)
    assert WAARSCHUWING in _waarschuwing(datum).group(1)
    vo = _post(school, url + "instellingscode", {**LEEG, **WEEKEND, "instellingscode": "31GY"},
               headers=hx).text
    assert _waarschuwing(vo).group(1) == ""
    bsn = _post(school, url + "bsn", {**LEEG, **WEEKEND}, headers=hx).text
    assert "waarschuwing" not in bsn


def _wijzig(school, data, **kwargs):
    inschrijving = Inschrijving.select().join(Persoon).where(Persoon.achternaam == "Donder").get()
    url = f"/inschrijvingen/{inschrijving.id}/wijzigen?achternaam=Don"
    token = csrf_token(school.get(url, headers={"HX-Request": "true"}).text)
    return school.post(url, data={"csrf_token": token, **data}, **kwargs)


def test_wijzigen_niet_gelukt_has_sluiten_to_the_first_field_in_error(school):
    response = _wijzig(school, {"datum_inschrijving_dag": "1", "datum_inschrijving_maand": "9",
                                "datum_inschrijving_jaar": "2025", "datum_uitschrijving_dag": "1",
                                "datum_uitschrijving_maand": "8",
                                "datum_uitschrijving_jaar": "2025"},
                       headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "De wijziging is niet opgeslagen." in response.text
    assert re.search(r'href="#datum_uitschrijving" data-sluit-melding>Sluiten</a>', response.text)


def test_wijzigen_has_a_time_out_that_goes_back_to_the_overview(school):
    dialoog = _wijzig(school, {}, headers={"HX-Request": "true"})
    form = re.search(r"<form [^>]*>", dialoog.text, re.S).group(0)
    assert """hx-request='{"timeout": 30000}'""" in form
    sjabloon = dialoog.text.split('<template id="time-out-wijzigen" data-plaats="dialoog-inhoud">')
    sjabloon = sjabloon[1].split("</template>")[0]
    assert "Misschien is de wijziging opgeslagen, misschien niet." in sjabloon
    assert re.search(r'href="/inschrijvingen/overzicht\?achternaam=Don" data-sluit data-ververs>'
                     r"Verder</a>", sjabloon)


def test_r_ins_02_wijzigen_to_a_weekend_at_a_po_school_succeeds_with_the_warning(school):
    """Bliksem van de Donder is at 31ED, a PO school."""
    ok = _wijzig(school, WEEKEND, headers={"HX-Request": "true"})
    assert ok.status_code == 200 and "Gelukt" in ok.text and WAARSCHUWING in ok.text
    full = _wijzig(school, {**WEEKEND, "datum_inschrijving_dag": "7"}, follow_redirects=True)
    assert "Gelukt: de inschrijving is gewijzigd." in full.text
    assert re.search(r'melding--waarschuwing" role="status">' + WAARSCHUWING, full.text)
    maandag = _wijzig(school, {**WEEKEND, "datum_inschrijving_dag": "8"},
                      headers={"HX-Request": "true"})
    assert "Gelukt" in maandag.text and WAARSCHUWING not in maandag.text


def test_r_lev_01_a_school_registers_a_diploma_on_the_resultaten_page(client):
    """The page: every problem next to its field with what was typed kept; then the
    result registered and listed, and its read logged (R-AVG-02)."""
    from models import Inzagelog, Resultaat
    from tests.factories import DONDER
    inloggen_als(client, "school")
    pagina = client.get("/inschrijvingen/resultaten")
    assert pagina.status_code == 200 and "Resultaat registreren" in pagina.text
    token = csrf_token(pagina.text)
    fout = client.post("/inschrijvingen/resultaten", data={
        "csrf_token": token, "instellingscode": "", "pgn": DONDER, "datum": "31-02-2026",
        "diploma": "Diploma vmbo-gt", "startkwalificatie": "ja"})
    assert fout.status_code == 422 and "Vul een geldige datum in" in fout.text
    assert "Kies een instellingscode." in fout.text  # every problem at once
    assert 'value="Diploma vmbo-gt"' in fout.text
    assert not Resultaat.select().where(Resultaat.diploma == "Diploma vmbo-gt").exists()
    gelukt = client.post("/inschrijvingen/resultaten", data={
        "csrf_token": token, "instellingscode": "31ED", "pgn": DONDER, "datum": "01-07-2026",
        "diploma": "Diploma vmbo-gt", "startkwalificatie": "ja"})
    assert gelukt.status_code == 200 and "Het resultaat is geregistreerd." in gelukt.text
    r = Resultaat.get(Resultaat.diploma == "Diploma vmbo-gt")
    assert (r.diploma, r.startkwalificatie, r.instelling.code) == ("Diploma vmbo-gt", True, "31ED")
    assert "Diploma vmbo-gt" in gelukt.text.split("Laatst geregistreerd")[1]
    assert Inzagelog.select().where(Inzagelog.doel == "resultaten inzien").exists()


def test_r_lev_01_a_result_registered_in_error_is_removed_from_the_page(client):
    from domain import resultaat
    from domain.gebruikers import actor_voor
    from models import Resultaat
    from tests.factories import DONDER
    gebruiker = inloggen_als(client, "school")
    gemaakt = resultaat.registreer(actor_voor(gebruiker), resultaat.ResultaatInvoer(
        "31ED", DONDER, datetime.date(2026, 7, 1), "Diploma vmbo-gt"))
    pagina = client.get("/inschrijvingen/resultaten")
    assert f"/inschrijvingen/resultaten/{gemaakt.id}/verwijderen" in pagina.text
    weg = client.post(f"/inschrijvingen/resultaten/{gemaakt.id}/verwijderen",
                      data={"csrf_token": csrf_token(pagina.text)}, follow_redirects=True)
    assert "Het resultaat is verwijderd." in weg.text
    assert Resultaat.get_or_none(Resultaat.id == gemaakt.id) is None


def test_r_lev_01_a_result_is_corrected_on_its_page_from_the_version_shown(client):
    from domain import resultaat
    from domain.gebruikers import actor_voor
    from models import Resultaat
    from tests.factories import DONDER
    gebruiker = inloggen_als(client, "school")
    gemaakt = resultaat.registreer(actor_voor(gebruiker), resultaat.ResultaatInvoer(
        "31ED", DONDER, datetime.date(2026, 7, 1), "Diploma vmbo-gt"))
    lijst = client.get("/inschrijvingen/resultaten").text
    pad = f"/inschrijvingen/resultaten/{gemaakt.id}/wijzigen"
    assert pad in lijst
    pagina = client.get(pad)
    assert 'value="Diploma vmbo-gt"' in pagina.text and 'value="01-07-2026"' in pagina.text
    token = csrf_token(pagina.text)
    fout = client.post(pad, data={"csrf_token": token, "versie": "1", "diploma": "",
                                  "datum": "31-02-2026", "startkwalificatie": "ja"})
    assert fout.status_code == 422
    assert "Vul een geldige datum in" in fout.text
    assert "Vul het diploma of resultaat in" in fout.text  # every problem at once
    goed = client.post(pad, data={"csrf_token": token, "versie": "1", "diploma": "Diploma havo",
                                  "datum": "02-07-2026", "startkwalificatie": "ja"},
                       follow_redirects=True)
    assert "Het resultaat is gewijzigd." in goed.text
    r = Resultaat.get_by_id(gemaakt.id)
    assert (r.diploma, r.datum, r.startkwalificatie, r.versie) == (
        "Diploma havo", datetime.date(2026, 7, 2), True, 2)
    oud = client.post(pad, data={"csrf_token": token, "versie": "1", "diploma": "Diploma vwo",
                                 "datum": "02-07-2026", "startkwalificatie": "ja"})
    assert oud.status_code == 409 and "intussen gewijzigd" in oud.text
    assert 'value="Diploma vwo"' in oud.text  # what was typed stays
