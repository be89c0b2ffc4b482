"""Opvoeren Verzuim, finding the pupil (seed 004 §2.1): R-VZ-01, R-VZ-02, routing."""
import datetime

import pytest

from domain import inschrijving as ins
from domain import routing, verzuim
from domain.datums import DeelDatum
from domain.fouten import GeenToegang, Ongeldig
from domain.gebruikers import actor_voor
from models import Gebruiker, Gemeente, Lijstwaarde, Persoon
from tests.conftest import csrf_token, inloggen_als

DONDER = "999990007"  # enrolled at 31ED, lives in Amsterdam


def _actor(naam):
    return actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == naam))


def test_r_vz_01_pupil_found_by_pgn_only_when_enrolled_at_this_instelling(app):
    """R-VZ-01: search by PGN only; found only when enrolled at the user's instelling."""
    school = _actor("school")
    leerling = verzuim.zoek_leerling(school, "31ED", DONDER)
    assert leerling.persoon.achternaam == "Donder"
    assert verzuim.zoek_leerling(school, "31EG", DONDER) is None
    with pytest.raises(Ongeldig) as exc:
        verzuim.zoek_leerling(school, "31ED", "Donder")
    assert exc.value.fouten[0].regel == "R-VZ-01"
    with pytest.raises(GeenToegang):
        verzuim.zoek_leerling(_actor("school2"), "31ED", DONDER)


def test_r_vz_01_pupil_found_by_onderwijsnummer(actor_school):
    """R-VZ-01: the onderwijsnummer the register gave works like a BSN."""
    resultaat = ins.registreer(ins.InschrijvingInvoer(
        instellingscode="31GY", datum_inschrijving=datetime.date(2025, 8, 1),
        persoon=ins.PersoonInvoer(variant="zonder", geslacht="M",
                                  geboortedatum=DeelDatum(2012, 3, 4), achternaam="Nummer",
                                  adres=ins.Adres(postcode="9712 AB", huisnummer="3"))),
        actor_school)
    leerling = verzuim.zoek_leerling(actor_school, "31GY", resultaat.nieuw_onderwijsnummer)
    assert leerling.persoon.id == resultaat.persoon.id
    assert leerling.route.gemeente.code == "0014"


def test_r_vz_02_pupil_living_abroad_gets_bv_s_error(actor_school):
    """R-VZ-02: no uitvoerende instantie for a pupil abroad, so no melding."""
    abroad = Persoon.get(Persoon.woonland == "5010")
    instelling = abroad.inschrijvingen[0].instelling
    actor = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == (
        "school" if instelling.code in ("31ED", "31EG", "31GY") else "school2")))
    with pytest.raises(Ongeldig) as exc:
        verzuim.zoek_leerling(actor, instelling.code, abroad.onderwijsnummer)
    fout = exc.value.fouten[0]
    assert fout.regel == "R-VZ-02" and fout.params["code"] == routing.BUITENLAND


def test_routing_goes_to_the_woongemeentes_verzuimloket_also_after_a_herindeling(app):
    """DESIGN §3 domain/routing: the woongemeente's verzuimloket, following herindelingen."""
    persoon = Persoon.get(Persoon.bsn == DONDER)
    route = routing.behandelende_instantie(persoon)
    assert (route.gemeente.code, route.email) == ("0363", "verzuimloket@amsterdam.example")
    nieuw = Gemeente.create(code="1999", naam="Amstelstad", verzuimloket_email="loket@amstelstad.example")
    Gemeente.update(opgevolgd_door=nieuw).where(Gemeente.code == "0363").execute()
    persoon = Persoon.get(Persoon.bsn == DONDER)
    assert routing.behandelende_instantie(persoon).email == "loket@amstelstad.example"


def test_reference_lists_are_data_with_wire_codes(app):
    """DESIGN §4: the verzuim reference lists are loaded as data."""
    soorten = {w.code: w for w in Lijstwaarde.select().where(Lijstwaarde.lijst == "vermoedelijke_soort")}
    assert set(soorten) == {"V3", "V4", "LRV", "L", "RMC", "O"}
    assert {c for c, w in soorten.items() if w.heeft("einddatum_verplicht")} == {"V3", "V4", "LRV", "RMC"}
    assert soorten["O"].heeft("verbijzondering")
    statussen = [w.code for w in Lijstwaarde.select().where(Lijstwaarde.lijst == "status")
                 .order_by(Lijstwaarde.volgorde)]
    assert statussen == ["R", "B", "G", "K", "I", "D"]
    assert Lijstwaarde.select().where(Lijstwaarde.lijst == "actie_school").count() == 9


def test_opvoeren_page_searches_by_post_and_shows_the_pupil(client):
    inloggen_als(client, "school")
    page = client.get("/verzuim/31ED/opvoeren")
    assert "Opvoeren Verzuim - 31ED" in page.text and "Persoonsgebonden nummer" in page.text
    gevonden = client.post("/verzuim/31ED/opvoeren", data={"csrf_token": csrf_token(page.text),
                                                            "pgn": DONDER})
    for tekst in ("Donder, B. van de", "Bliksem", "man", "14 maart 2016", "GBA-adres",
                  "Plantage Kerklaan 230, 1018 DW Amsterdam", "Gemeente Amsterdam"):
        assert tekst in gevonden.text, tekst
    niet = client.post("/verzuim/31EG/opvoeren", data={"csrf_token": csrf_token(page.text),
                                                        "pgn": DONDER})
    assert "Geen gegevens gevonden." in niet.text and "Donder" not in niet.text
