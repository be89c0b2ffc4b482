"""R-AVG-04: no answer tells more than the user may see. The check while typing looks
nothing up about a person; the comparison with the BRP and the register happens on
submit, is logged (R-AVG-02) and is rate-limited per user (and per certificate over M2M).

The finding of issue 11: another school board's user, posting the inline check with a
BSN and varying birth dates, learnt the birth date and sex of a pupil of another board
in 23 requests, and whether a BSN is in the BRP, unlogged and unlimited."""
import json

from models import Inzagelog, Persoon
from tests.conftest import csrf_token
from tests.factories import ANDER_BESTUUR, LEEG, brp_persoon, limiet


def _persoon(bsn, geslacht, dag, maand, jaar):
    return {**LEEG, "bsn": bsn, "geslacht": geslacht, "geboortedatum_dag": dag,
            "geboortedatum_maand": maand, "geboortedatum_jaar": jaar}


def test_r_avg_04_the_check_while_typing_tells_nothing_about_a_person(school):
    """The same answer for another board's pupil with its real birth date, with a wrong
    one, for a BSN only the BRP knows and for one nobody knows; nothing logged."""
    echt = Persoon.get(Persoon.bsn == ANDER_BESTUUR)
    brp_persoon("111222333", geslachtsnaam="Alleen BRP", geslacht="V",
                geboortedatum=echt.geboortedatum)
    g = echt.geboortedatum
    varianten = [
        _persoon(ANDER_BESTUUR, echt.geslacht, str(g.day), str(g.month), str(g.year)),
        _persoon(ANDER_BESTUUR, "V" if echt.geslacht == "M" else "M", "1", "1", "2013"),
        _persoon("111222333", "V", str(g.day), str(g.month), str(g.year)),
        _persoon("123456782", "V", "1", "1", "2013"),
    ]
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    gelezen = Inzagelog.select().count()
    for veld in ("bsn", "geboortedatum", "geslacht", "achternaam", "postcode"):
        antwoorden = {school.post(f"/inschrijvingen/nieuw/controle?veld={veld}",
                                  data={"csrf_token": token, **v},
                                  headers={"HX-Request": "true"}).text for v in varianten}
        assert len(antwoorden) == 1, (veld, antwoorden)
    assert Inzagelog.select().count() == gelezen


def test_r_avg_02_the_comparison_on_submit_is_logged_even_when_refused(school):
    echt = Persoon.get(Persoon.bsn == ANDER_BESTUUR)
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    response = school.post("/inschrijvingen/nieuw", data={
        "csrf_token": token, **_persoon(ANDER_BESTUUR, echt.geslacht, "1", "1", "2013")})
    assert response.status_code == 422
    assert "Dit nummer is bekend met een andere geboortedatum" in response.text
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert log.doel == "inschrijving: vergelijking persoonsgegevens"
    assert json.loads(log.personen) == [echt.id] and log.actor.startswith("gebruiker:")
    brp_persoon("111222333", geslachtsnaam="Alleen BRP", geslacht="V",
                geboortedatum=echt.geboortedatum)
    school.post("/inschrijvingen/nieuw", data={
        "csrf_token": token, **_persoon("111222333", "M", "1", "1", "2013")})
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert json.loads(log.brp) == ["111222333"] and json.loads(log.personen) == []


def test_r_avg_04_look_ups_on_submit_are_limited_per_user(app, school):
    """Beyond the limit the page says to wait, stores nothing, looks nothing up; the
    check while typing goes on (it looks nothing up)."""
    token = csrf_token(school.get("/inschrijvingen/nieuw").text)
    data = {"csrf_token": token, **_persoon(ANDER_BESTUUR, "M", "1", "1", "2013")}
    with limiet(app, "LIMIET_OPZOEKEN", "3 per minute"):
        for _ in range(3):
            assert school.post("/inschrijvingen/nieuw", data=data).status_code == 422
        gelezen = Inzagelog.select().count()
        te_veel = school.post("/inschrijvingen/nieuw", data=data)
        assert te_veel.status_code == 429 and "Wacht een minuut" in te_veel.text
        assert f'value="{ANDER_BESTUUR}"' in te_veel.text  # what was typed stays
        assert Inzagelog.select().count() == gelezen
        controle = school.post("/inschrijvingen/nieuw/controle?veld=bsn", data=data)
        assert controle.status_code == 200


def test_logins_are_limited_per_client_address(app, client):
    with limiet(app, "LIMIET_INLOGGEN", "2 per minute"):
        token = csrf_token(client.get("/inloggen").text)
        poging = {"csrf_token": token, "gebruikersnaam": "x", "wachtwoord": "y"}
        for _ in range(2):
            assert client.post("/inloggen", data=poging).status_code == 401
        te_veel = client.post("/inloggen", data=poging)
        assert te_veel.status_code == 429 and "Te veel verzoeken" in te_veel.text
        assert client.get("/inloggen").status_code == 200  # the page itself is not limited
