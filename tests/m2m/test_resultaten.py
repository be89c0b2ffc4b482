"""Resultaten over M2M (seed 003): a school's package registers a diploma of its own
pupil; the first startkwalificatie is one P-levering event (R-LEV-01), also when several
arrive at the same moment (real gunicorn with TLS, on the engine under test)."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from models import Mutatie, Persoon, Resultaat, make_database
from tests.factories import AMSTEL, AMSTERDAM, DONDER
from tests.m2m.conftest import vraag_tls


def _resultaat(**anders):
    return {"instellingscode": "31ED", "pgn": DONDER, "datum": "2026-07-01",
            "diploma": "Diploma vmbo-gt", "startkwalificatie": True, **anders}


def test_r_lev_01_a_package_registers_a_result_of_its_own_pupil(pakket):
    school = pakket(AMSTEL)
    antwoord = school.post("/api/v1/resultaten", json=_resultaat())
    assert antwoord.status_code == 201, antwoord.get_json()
    body = antwoord.get_json()
    assert (body["pgn"], body["diploma"], body["startkwalificatie"]) == (
        DONDER, "Diploma vmbo-gt", True)
    persoon = Persoon.get(Persoon.bsn == DONDER)
    assert [m.soort for m in Mutatie.select().where(
        Mutatie.persoon == persoon, Mutatie.onderwerp == "resultaat")] == [
        "resultaat toegevoegd", "startkwalificatie behaald"]
    nogmaals = school.post("/api/v1/resultaten", json=_resultaat())
    assert nogmaals.status_code == 400  # a rule refused (docs/m2m.md)
    assert nogmaals.mimetype == "application/problem+json"
    gemeente = pakket(AMSTERDAM)
    assert gemeente.client.delete(f"/api/v1/resultaten/{body['id']}",
                                  headers=gemeente._headers({})).status_code == 403
    weg = school.client.delete(f"/api/v1/resultaten/{body['id']}", headers=school._headers({}))
    assert weg.status_code == 200 and weg.get_json()["diploma"] == "Diploma vmbo-gt"
    assert [m.soort for m in Mutatie.select().where(
        Mutatie.persoon == persoon, Mutatie.onderwerp == "resultaat")][-2:] == [
        "resultaat verwijderd", "voldoet niet langer aan de eisen voor een startkwalificatie"]


def test_r_avg_03_a_result_for_someone_else_is_refused(pakket):
    voor = Resultaat.select().count()  # the demo data's
    school = pakket(AMSTEL)
    onbekend = school.post("/api/v1/resultaten", json=_resultaat(pgn="999990305"))
    assert onbekend.status_code == 400
    assert [p["name"] for p in onbekend.get_json()["invalidParams"]] == ["pgn"]
    assert pakket(AMSTERDAM).post("/api/v1/resultaten", json=_resultaat()).status_code == 403
    assert school.post("/api/v1/resultaten", json=_resultaat(datum="2026-02-30")
                       ).status_code == 400
    assert Resultaat.select().count() == voor


@pytest.mark.slow  # a live server
def test_r_lev_01_results_at_the_same_moment_give_one_startkwalificatie_event(m2m_server,
                                                                           m2m_instance):
    """Eight diplomas of one pupil at once, each a startkwalificatie: eight results, one
    "startkwalificatie behaald"; then all eight removed at once: one "voldoet niet langer"
    (the person is locked while a result is checked or removed)."""
    start = threading.Barrier(8)

    def stuur(i):
        start.wait()
        return vraag_tls(m2m_server["port"], m2m_server["pki"], AMSTEL, "/api/v1/resultaten",
                         body=_resultaat(diploma=f"Diploma {i}"))[0]

    with ThreadPoolExecutor(8) as pool:
        statussen = list(pool.map(stuur, range(8)))
    assert statussen == [201] * 8
    db = make_database(m2m_instance["env"]["DATABASE_URL"])
    with db.connection_context():
        persoon = db.execute_sql(f"SELECT id FROM persoon WHERE bsn = {db.param}",
                                 (DONDER,)).fetchone()[0]
        soorten = [s for (s,) in db.execute_sql(
            f"SELECT soort FROM mutatie WHERE persoon_id = {db.param} AND onderwerp = "
            "'resultaat'", (persoon,)).fetchall()]
    assert soorten.count("resultaat toegevoegd") == 8
    assert soorten.count("startkwalificatie behaald") == 1
    # ... and all eight removed at once: one "voldoet niet langer", by the last removal.
    with db.connection_context():
        ids = [i for (i,) in db.execute_sql(
            f"SELECT id FROM resultaat WHERE persoon_id = {db.param}", (persoon,)).fetchall()]
    start = threading.Barrier(len(ids))

    def verwijder(resultaat_id):
        start.wait()
        return vraag_tls(m2m_server["port"], m2m_server["pki"], AMSTEL,
                         f"/api/v1/resultaten/{resultaat_id}", methode="DELETE")[0]

    with ThreadPoolExecutor(len(ids)) as pool:
        assert list(pool.map(verwijder, ids)) == [200] * len(ids)
    with db.connection_context():
        soorten = [s for (s,) in db.execute_sql(
            f"SELECT soort FROM mutatie WHERE persoon_id = {db.param} AND onderwerp = "
            "'resultaat'", (persoon,)).fetchall()]
    assert soorten.count("resultaat verwijderd") == 8
    assert soorten.count("voldoet niet langer aan de eisen voor een startkwalificatie") == 1


def test_r_lev_01_a_package_corrects_a_result_from_the_version_it_read(pakket):
    school = pakket(AMSTEL)
    body = school.post("/api/v1/resultaten", json=_resultaat(startkwalificatie=False)).get_json()
    assert body["versie"] == 1
    wijziging = {"versie": 1, "datum": "2026-07-02", "diploma": "Diploma havo",
                 "startkwalificatie": True}
    antwoord = school.patch(f"/api/v1/resultaten/{body['id']}", json=wijziging)
    assert antwoord.status_code == 200, antwoord.get_json()
    assert (antwoord.get_json()["versie"], antwoord.get_json()["diploma"]) == (2, "Diploma havo")
    persoon = Persoon.get(Persoon.bsn == DONDER)
    assert [m.soort for m in Mutatie.select().where(
        Mutatie.persoon == persoon, Mutatie.onderwerp == "resultaat")][-2:] == [
        "resultaat gewijzigd", "startkwalificatie behaald"]
    oud = school.patch(f"/api/v1/resultaten/{body['id']}", json=wijziging)
    assert oud.status_code == 409 and oud.mimetype == "application/problem+json"
    assert pakket(AMSTERDAM).patch(f"/api/v1/resultaten/{body['id']}",
                                   json={**wijziging, "versie": 2}).status_code == 403
