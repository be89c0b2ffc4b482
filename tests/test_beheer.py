"""A beheerder creates users of its own organisation with roles and kenmerken."""
import pytest

from domain import gebruikers
from domain.fouten import GeenToegang, Ongeldig
from models import Gebruiker, Kenmerk
from tests.conftest import csrf_token, inloggen_als


def _beheerder(naam):
    return gebruikers.actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == naam))


def test_beheerder_creates_user_with_roles_and_kenmerken_of_its_bestuur(client):
    inloggen_als(client, "beheerder.school")
    page = client.get("/beheer/gebruikers/nieuw")
    assert "31ED" in page.text and "31UD" not in page.text
    response = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": csrf_token(page.text), "gebruikersnaam": "admin.31gy", "naam": "Ad Min",
        "rollen": ["schooladministratie"], "kenmerken": ["31GY"]})
    assert response.status_code == 200 and "Gelukt" in response.text
    nieuw = Gebruiker.get(Gebruiker.gebruikersnaam == "admin.31gy")
    assert [k.waarde for k in nieuw.kenmerken] == ["31GY"] and not nieuw.totp_actief
    assert "admin.31gy" in client.get("/beheer/gebruikers").text


def test_beheerder_cannot_hand_out_another_bestuurs_instelling_or_foreign_role():
    actor = _beheerder("beheerder.school")
    with pytest.raises(Ongeldig) as exc:
        gebruikers.maak_gebruiker(actor, "x", "X", "", ["leerplichtambtenaar"], ["31UD"])
    assert {f.veld for f in exc.value.fouten} == {"rollen", "kenmerken"}
    assert not Gebruiker.select().where(Gebruiker.gebruikersnaam == "x").exists()


def test_gemeente_beheerder_gives_gemeentecode(app):
    actor = _beheerder("beheerder.amsterdam")
    gebruiker, _wachtwoord = gebruikers.maak_gebruiker(
        actor, "lpa2", "L. P. A.", "", ["leerplichtambtenaar"], ["0363"])
    assert Kenmerk.get(Kenmerk.gebruiker == gebruiker).soort == "gemeentecode"


def test_only_beheerders_manage_users(app):
    with pytest.raises(GeenToegang):
        gebruikers.gebruikers_van(_beheerder("school"))
    lijst = gebruikers.gebruikers_van(_beheerder("beheerder.amsterdam"))
    assert {g.gebruikersnaam for g in lijst} == {"leerplicht.amsterdam", "beheerder.amsterdam",
                                                 "rmc.amsterdam"}


def test_beheer_form_keeps_input_on_error(client):
    inloggen_als(client, "beheerder.school")
    page = client.get("/beheer/gebruikers/nieuw")
    response = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": csrf_token(page.text), "gebruikersnaam": "school", "naam": "Dubbel"})
    assert response.status_code == 422
    assert "Deze gebruikersnaam bestaat al." in response.text and 'value="Dubbel"' in response.text


def test_beheerder_changes_roles_kenmerken_and_blocks_a_user(client):
    inloggen_als(client, "beheerder.school")
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    page = client.get(f"/beheer/gebruikers/{school.id}")
    assert 'value="31GY" checked' in page.text
    response = client.post(f"/beheer/gebruikers/{school.id}", data={
        "csrf_token": csrf_token(page.text), "naam": "Lotte Bone", "rollen": ["verzuimmelder"],
        "kenmerken": ["31ED"]})
    assert response.status_code == 200 and "Gelukt" in response.text
    school = Gebruiker.get_by_id(school.id)
    assert not school.actief
    assert [r.rol for r in school.rollen] == ["verzuimmelder"]
    assert [k.waarde for k in school.kenmerken] == ["31ED"]
    from domain.gebruikers import meld_aan
    assert meld_aan("school", "whatever", "").gebruiker is None


def test_beheerder_cannot_block_itself():
    actor = _beheerder("beheerder.school")
    zelf = Gebruiker.get(Gebruiker.gebruikersnaam == "beheerder.school")
    with pytest.raises(Ongeldig):
        gebruikers.wijzig_gebruiker(actor, zelf.id, "Sam", "", ["beheerder"], [], False)
    with pytest.raises(GeenToegang):
        gebruikers.wijzig_gebruiker(_beheerder("beheerder.amsterdam"), zelf.id, "Sam", "",
                                    ["beheerder"], [], True)


def test_herstel_toegang_gives_a_new_password_and_unlinks_the_token(client):
    inloggen_als(client, "beheerder.school")
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    page = client.get(f"/beheer/gebruikers/{school.id}")
    response = client.post(f"/beheer/gebruikers/{school.id}/herstel",
                           data={"csrf_token": csrf_token(page.text)})
    wachtwoord = response.text.split('<code class="sleutel">')[1].split("</code>")[0]
    aanmelding = gebruikers.meld_aan("school", wachtwoord, "")
    assert aanmelding.gebruiker is not None and aanmelding.token_koppelen
