"""Hostile input on the pages (issue 11, "Hostile input gives 500s" and "No limits on
size"): numbers beyond any column, digits of other scripts, values too long, too large
bodies. Each gets the ordinary message and stores nothing; none is a 500."""
import pytest

from models import Inschrijving, MeldingConcept, Persoon, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import DONDER, LEEG, begin_wizard, inloggen, meld, stuur

GROOT = "9" * 25  # beyond 2^63: no integer column holds it


@pytest.fixture
def melding(app):
    return meld()


@pytest.mark.parametrize("gebruiker, pad", [
    ("school", f"/verzuim/meldingen/{GROOT}"),
    ("school", "/verzuim/meldingen/9223372036854775808/historie"),
    ("school", "/verzuim/meldingen/²"),
    ("school", "/verzuim/meldingen/٣"),
    ("school", f"/inschrijvingen/{GROOT}/wijzigen"),
    ("leerplicht.amsterdam", f"/gemeente/meldingen/{GROOT}"),
    ("leerplicht.amsterdam", "/gemeente/meldingen/1/historie/²"),
    ("beheerder.school", f"/beheer/gebruikers/{GROOT}"),
])
def test_a_number_in_a_path_that_no_record_can_have_is_not_found(client, gebruiker, pad):
    inloggen_als(client, gebruiker)
    response = client.get(pad)
    assert response.status_code == 404 and "Deze pagina bestaat niet." in response.text


@pytest.mark.parametrize("veld, waarde", [
    ("meldingnummer", "²"), ("meldingnummer", GROOT), ("meldingnummer", "١٢"),
    ("pagina", "²"), ("pagina", GROOT), ("per_pagina", "²"), ("pgn", "²" * 9),
])
def test_r_vz_11_a_search_with_odd_digits_finds_nothing_and_says_so(client, melding, veld,
                                                                    waarde):
    inloggen_als(client, "school")
    token = csrf_token(client.get("/verzuim/31ED/raadplegen").text)
    response = client.post("/verzuim/31ED/raadplegen", data={
        "csrf_token": token, "statussen": ["R", "B"], veld: waarde})
    assert response.status_code == 200
    if veld in ("meldingnummer", "pgn"):
        assert "Geen resultaten gevonden" in response.text
    else:  # an unreadable page number is the first page
        assert f">{melding.nummer}<" in response.text


@pytest.mark.parametrize("versie", ["²", GROOT, "", "-1"])
def test_a_status_change_with_an_unreadable_version_is_a_conflict(client, melding, versie):
    """The version read decides (optimistic locking): one that cannot be read is not the
    current one. 409 with the usual message; the melding is unchanged."""
    inloggen_als(client, "leerplicht.amsterdam")
    pagina = client.get(f"/gemeente/meldingen/{melding.nummer}")
    response = client.post(f"/gemeente/meldingen/{melding.nummer}/status", data={
        "csrf_token": csrf_token(pagina.text), "versie": versie, "actie": "behandeling"})
    assert response.status_code == 409 and "intussen gewijzigd" in response.text
    assert Verzuimmelding.get_by_id(melding.id).versie == 1


@pytest.mark.parametrize("velden, veld, melding", [
    ({"huisnummer": "²"}, "huisnummer", "Een huisnummer is een getal van 1 tot 99999."),
    ({"huisnummer": GROOT}, "huisnummer", "Een huisnummer is een getal van 1 tot 99999."),
    ({"geboortedatum_jaar": "²⁰¹⁴"}, "geboortedatum", "Vul een geldige datum in"),
    ({"geboortedatum_dag": "٣"}, "geboortedatum", "Vul een geldige datum in"),
    ({"achternaam": "x" * 201}, "achternaam", "Dit veld is te lang: hoogstens 200 tekens."),
    ({"adresregel1": "x" * 101, "adres_variant": "buitenland", "landcode": "5010"},
     "adresregel1", "Dit veld is te lang: hoogstens 100 tekens."),
])
def test_an_enrolment_with_odd_digits_or_long_text_is_refused_and_nothing_stored(
        school, velden, veld, melding):
    voor = Inschrijving.select().count(), Persoon.select().count()
    data = {**LEEG, "persoon_variant": "zonder", "geslacht": "V", "achternaam": "Jansen",
            "geboortedatum_dag": "3", "geboortedatum_maand": "2", "geboortedatum_jaar": "2014",
            "postcode": "1094 HA", "huisnummer": "3", **velden}
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    response = school.post("/inschrijvingen/nieuw", data={"csrf_token": token, **data})
    assert response.status_code == 422
    assert melding in response.text.split(f'id="fout-{veld}"')[1][:300]
    assert (Inschrijving.select().count(), Persoon.select().count()) == voor


def test_a_five_million_character_name_is_refused_and_reaches_no_one(school):
    """The finding: 5,000,000 characters were stored and sent into another organisation's
    werkvoorraad. Now the domain's length check refuses it next to the field."""
    voor = Persoon.select().count()
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    response = school.post("/inschrijvingen/nieuw", data={
        "csrf_token": token, **LEEG, "persoon_variant": "zonder", "achternaam": "x" * 5_000_000})
    assert response.status_code == 422
    assert "hoogstens 200 tekens" in response.text.split('id="fout-achternaam"')[1][:300]
    assert Persoon.select().count() == voor


def test_a_body_beyond_max_content_length_is_refused_unread(app, school):
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    response = school.post("/inschrijvingen/nieuw", data={
        "csrf_token": token, "achternaam": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert response.status_code == 413 and "Te groot" in response.text
    assert "hoogstens 20 MB" in response.text


def test_an_anonymous_post_beyond_a_login_form_is_refused_unread(client):
    response = client.post("/inloggen", data=b"x" * 100_000,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and "Te groot" in response.text


def test_r_vz_06_long_text_in_the_wizard_is_refused_next_to_its_field(client):
    url, token = begin_wizard(client)
    stap = url.replace("/leerling", "/verzuim")
    response = stuur(client, stap, token, ga="volgende", periode_van="02-11-2026",
                     vermoedelijke_soort="O", vermoedelijke_reden="x" * 4001,
                     actie_gewenst="ja", naam_contactpersoon="Melder",
                     email_contactpersoon="melder@school.example")
    assert response.status_code == 422
    assert "hoogstens 4000 tekens" in response.text.split('id="fout-vermoedelijke_reden"')[1][:300]


@pytest.mark.parametrize("adres", ["a@b.example\nBcc: x@y.example", "a@b.example\r\nBcc: x@y",
                                   "Melder <melder@school.example>", "melder@", "@school.example",
                                   "m" * 250 + "@x.nl"])
def test_r_vz_05_an_address_a_mail_cannot_go_to_is_refused(client, adres):
    """An address with a line break would inject a header into the mail (issue 11): it
    is refused where it is typed, with the field's own message."""
    url, token = begin_wizard(client)
    stap = url.replace("/leerling", "/verzuim")
    response = stuur(client, stap, token, ga="volgende", periode_van="02-11-2026",
                     vermoedelijke_soort="O", vermoedelijke_reden="afwezig", actie_gewenst="ja",
                     naam_contactpersoon="Melder", email_contactpersoon=adres)
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres van de contactpersoon in." in response.text


@pytest.mark.parametrize("ga, aantal", [("dag-verwijderen-²", "1"), ("dag-verwijderen-1", "²"),
                                        ("contactpersoon-verwijderen-" + GROOT, "1")])
def test_wizard_row_actions_with_odd_numbers_change_nothing(client, ga, aantal):
    url, token = begin_wizard(client)
    sleutel = url.split("/")[-2]
    voor = MeldingConcept.get(MeldingConcept.sleutel == sleutel).gegevens
    response = stuur(client, url.replace("/leerling", "/lesuren"), token, ga=ga,
                     aantal_dagen=aantal, aantal_contactpersonen=aantal)
    assert response.status_code in (200, 302)
    assert MeldingConcept.get(MeldingConcept.sleutel == sleutel).gegevens == voor


def test_adding_verzuim_for_a_pupil_not_enrolled_there_says_so(client):
    """POST …/toevoegen for a pupil of another instelling: the Opvoeren page with its
    message, no concept."""
    inloggen_als(client, "school")
    token = csrf_token(client.get("/verzuim/31EG/opvoeren").text)
    response = client.post("/verzuim/31EG/toevoegen", data={"csrf_token": token, "pgn": DONDER})
    assert response.status_code == 422 and "Geen gegevens gevonden." in response.text


@pytest.mark.parametrize("code", ["²²²²²²", "１２３４５６", "12345６", "x" * 10_000])
def test_a_token_code_in_other_digits_is_a_failed_attempt(client, demo_accounts, code):
    """Not a TypeError in compare_digest: refused like any wrong code, and counted."""
    from domain import gebruikers
    from models import Aanmeldpoging
    response = inloggen(client, "school2", demo_accounts["school2"]["password"], code)
    assert response.status_code == 401 and "onjuist" in response.text
    poging = Aanmeldpoging.get_by_id(gebruikers._sleutel("school2"))
    assert poging.mislukt == 1


def test_a_verzuimloket_address_no_mail_can_go_to_is_refused_when_loaded(app, tmp_path):
    """Reference data too: an address with a line break stops the load with its row, not
    the mail worker later. Nothing of the load is stored."""
    import shutil

    from domain.referentie import laad_referentie
    from models import Gemeente
    bron = app.config["REFERENCE_DIR"]
    shutil.copytree(bron, tmp_path, dirs_exist_ok=True)
    csv = (tmp_path / "gemeenten.csv").read_text(encoding="utf-8").splitlines()
    kop, eerste = csv[0].split(","), csv[1].split(",")
    eerste[kop.index("verzuimloket_email")] = '"loket@gemeente.example\nBcc: x@y.example"'
    (tmp_path / "gemeenten.csv").write_text("\n".join([csv[0], ",".join(eerste), *csv[2:]]),
                                           encoding="utf-8")
    voor = Gemeente.get(Gemeente.code == eerste[kop.index("code")]).verzuimloket_email
    with pytest.raises(ValueError, match="verzuimloket_email"):
        laad_referentie(tmp_path)
    assert Gemeente.get(Gemeente.code == eerste[kop.index("code")]).verzuimloket_email == voor
