"""Resultaten (seed 003): a school registers diplomas of its own pupils; the first
startkwalificatie is a P-levering event (R-LEV-01); the VSV rule, a test per case (the
C-levering's status, R-LEV-02)."""
import datetime
from pathlib import Path

import pytest

from domain import inschrijving as ins
from domain import resultaat
from domain.fouten import GeenToegang, Ongeldig
from models import Inschrijving, Instelling, Mutatie, Persoon, Resultaat
from tests.factories import DONDER, VANDAAG, actor, zonder

D = datetime.date
GEBOREN = D(2008, 5, 10)  # 23 on 2031-05-10
SCHOOLJAAR = D(2024, 8, 1)


@pytest.mark.parametrize("inschrijvingen, startkwalificaties, peildatum, vsv", [
    ([(D(2020, 8, 1), D(2025, 7, 1))], [], D(2026, 10, 1), True),  # left, nothing: VSV
    ([(D(2020, 8, 1), None)], [], D(2026, 10, 1), False),  # still enrolled
    ([(D(2020, 8, 1), D(2025, 7, 1))], [D(2025, 6, 20)], D(2026, 10, 1), False),  # has one
    ([(D(2020, 8, 1), D(2025, 7, 1))], [D(2026, 11, 1)], D(2026, 10, 1), True),  # later
    ([], [], D(2026, 10, 1), False),  # never enrolled: not a leaver (absoluut verzuim)
    ([(D(2020, 8, 1), D(2026, 10, 1))], [], D(2026, 10, 1), True),  # left that very day
    ([(D(2020, 8, 1), D(2026, 10, 2))], [], D(2026, 10, 1), False),  # leaves tomorrow
    ([(D(2020, 8, 1), D(2025, 7, 1)), (D(2025, 8, 1), None)], [], D(2026, 10, 1), False),
    ([(D(2020, 8, 1), D(2025, 7, 1))], [], D(2031, 5, 9), True),  # 22 for one more day
    ([(D(2020, 8, 1), D(2025, 7, 1))], [], D(2031, 5, 10), False),  # 23: no longer
])
def test_r_lev_02_voortijdig_schoolverlater(db, inschrijvingen, startkwalificaties, peildatum,
                                            vsv):
    """The rule as the C-levering asks it (one SQL condition, resultaat.vsv_voorwaarde)."""
    school = Instelling.get(Instelling.code == "31EG")
    persoon = Persoon.create(geslacht="V", geboortedatum=GEBOREN)
    for begin, eind in inschrijvingen:
        Inschrijving.create(persoon=persoon, instelling=school, datum_inschrijving=begin,
                            datum_uitschrijving=eind)
    for datum in startkwalificaties:
        Resultaat.create(persoon=persoon, instelling=school, datum=datum, diploma="havo",
                         startkwalificatie=True)
    Resultaat.create(persoon=persoon, instelling=school, datum=D(2024, 6, 1),
                     diploma="vmbo-tl", startkwalificatie=False)  # not one: no difference
    assert resultaat.is_vsv(persoon, peildatum) is vsv


def _leerling(actor_school, code="31EG", begin=SCHOOLJAAR):
    return ins.registreer(zonder(code=code, begin=begin), actor_school, VANDAAG)


def _invoer(pgn, **anders):
    waarden = dict(instellingscode="31EG", pgn=pgn, datum=D(2026, 6, 30),
                   diploma="Diploma vmbo-tl", startkwalificatie=False)
    waarden.update(anders)
    return resultaat.ResultaatInvoer(**waarden)


def _soorten(persoon):
    return [m.soort for m in Mutatie.select().where(
        Mutatie.persoon == persoon.id, Mutatie.onderwerp == "resultaat").order_by(Mutatie.id)]


def test_r_lev_01_the_first_startkwalificatie_is_an_event_and_a_second_is_not(actor_school):
    r = _leerling(actor_school)
    pgn = r.nieuw_onderwijsnummer
    resultaat.registreer(actor_school, _invoer(pgn), VANDAAG)
    assert not resultaat.heeft_startkwalificatie(r.persoon.id)
    eerste = resultaat.registreer(actor_school, _invoer(
        pgn, diploma="Diploma havo", datum=D(2026, 7, 10), startkwalificatie=True), VANDAAG)
    resultaat.registreer(actor_school, _invoer(
        pgn, diploma="Diploma vwo", datum=D(2026, 7, 11), startkwalificatie=True), VANDAAG)
    assert _soorten(r.persoon) == ["resultaat toegevoegd", "resultaat toegevoegd",
                                   "startkwalificatie behaald", "resultaat toegevoegd"]
    assert resultaat.heeft_startkwalificatie(r.persoon.id)
    assert not resultaat.heeft_startkwalificatie(r.persoon.id, D(2026, 7, 9))
    assert resultaat.heeft_startkwalificatie(r.persoon.id, eerste.datum)


def test_a_result_is_checked_for_every_problem_at_once(actor_school):
    with pytest.raises(Ongeldig) as exc:
        resultaat.registreer(actor_school, _invoer("", datum=D(2027, 1, 1), diploma=" "),
                             VANDAAG)
    assert {f.veld for f in exc.value.fouten} == {"pgn", "datum", "diploma"}
    r = _leerling(actor_school, begin=D(2025, 8, 1))
    with pytest.raises(Ongeldig) as exc:
        resultaat.registreer(actor_school, _invoer(r.nieuw_onderwijsnummer,
                                                   datum=D(2025, 7, 1)), VANDAAG)
    assert [f.veld for f in exc.value.fouten] == ["datum"]
    resultaat.registreer(actor_school, _invoer(r.nieuw_onderwijsnummer), VANDAAG)
    with pytest.raises(Ongeldig) as exc:  # the same again
        resultaat.registreer(actor_school, _invoer(r.nieuw_onderwijsnummer), VANDAAG)
    assert exc.value.fouten[0].melding == "Dit resultaat is al geregistreerd."
    assert Resultaat.select().where(Resultaat.persoon == r.persoon.id).count() == 1


def test_r_avg_03_a_school_registers_results_of_its_own_pupils_only(actor_school):
    """Another instelling's pupil, or an instelling of another bestuur: refused, and the
    answer says nothing about whether the number exists."""
    voor = Resultaat.select().count()  # the demo data's
    elders = _leerling(actor_school, code="31ED")
    with pytest.raises(Ongeldig) as exc:
        resultaat.registreer(actor_school, _invoer(elders.nieuw_onderwijsnummer), VANDAAG)
    assert [(f.veld, f.regel) for f in exc.value.fouten] == [("pgn", "R-AVG-03")]
    with pytest.raises(Ongeldig) as onbekend:
        resultaat.registreer(actor_school, _invoer("999990305"), VANDAAG)
    assert onbekend.value.fouten == exc.value.fouten
    with pytest.raises(Ongeldig) as andere:  # another bestuur's instellingscode
        resultaat.registreer(actor("school2"), _invoer(elders.nieuw_onderwijsnummer),
                             VANDAAG)
    assert [(f.veld, f.regel) for f in andere.value.fouten] == [("instellingscode", "R-INS-01")]
    with pytest.raises(GeenToegang):  # not a school at all
        resultaat.registreer(actor("leerplicht.amsterdam"), _invoer(DONDER), VANDAAG)
    assert Resultaat.select().count() == voor


def test_r_lev_02_is_vsv_reads_the_register(actor_school):
    r = ins.registreer(zonder(begin=D(2024, 8, 1)), actor_school, VANDAAG)
    ins.wijzig_datums(actor_school, r.inschrijving.id, D(2024, 8, 1), D(2025, 7, 1))
    persoon = r.persoon
    assert resultaat.is_vsv(persoon, D(2026, 10, 1))  # born 2014: 12, left, nothing
    resultaat.registreer(actor_school, _invoer(r.nieuw_onderwijsnummer, datum=D(2025, 6, 30),
                                               startkwalificatie=True), VANDAAG)
    assert not resultaat.is_vsv(persoon, D(2026, 10, 1))


def test_r_lev_01_removing_the_last_startkwalificatie_is_an_event(actor_school):
    """A result removed is "resultaat verwijderd"; when the person has no startkwalificatie
    left, also "voldoet niet langer aan de eisen voor een startkwalificatie"."""
    r = _leerling(actor_school)
    pgn = r.nieuw_onderwijsnummer
    havo = resultaat.registreer(actor_school, _invoer(pgn, diploma="Diploma havo",
                                                      startkwalificatie=True), VANDAAG)
    vwo = resultaat.registreer(actor_school, _invoer(pgn, diploma="Diploma vwo",
                                                     startkwalificatie=True), VANDAAG)
    resultaat.verwijder(actor_school, havo.id)
    assert resultaat.heeft_startkwalificatie(r.persoon.id)
    resultaat.verwijder(actor_school, vwo.id)
    assert not resultaat.heeft_startkwalificatie(r.persoon.id)
    assert _soorten(r.persoon)[-3:] == [
        "resultaat verwijderd", "resultaat verwijderd",
        "voldoet niet langer aan de eisen voor een startkwalificatie"]
    with pytest.raises(GeenToegang):  # gone now
        resultaat.verwijder(actor_school, vwo.id)


def test_r_avg_03_another_bestuur_cannot_remove_a_result(actor_school):
    r = _leerling(actor_school)
    gemaakt = resultaat.registreer(actor_school, _invoer(r.nieuw_onderwijsnummer), VANDAAG)
    with pytest.raises(GeenToegang):
        resultaat.verwijder(actor("school2"), gemaakt.id)
    assert Resultaat.get_or_none(Resultaat.id == gemaakt.id) is not None


def test_r_lev_02_the_demo_has_a_leaver_with_and_one_without_a_startkwalificatie(app):
    """The demo data (loaded again: nothing twice): 999990135 left 31GY with a vmbo-tl
    diploma, no startkwalificatie, aged 17: a VSV; 999990202 left 31UD with havo: not."""
    from domain import demo
    from models import Persoon
    assert demo._laad_resultaten(Path(app.config["DEMO_DIR"]) / "resultaten.csv") == 0
    peildatum = D(2026, 10, 1)
    assert resultaat.is_vsv(Persoon.get(Persoon.bsn == "999990135"), peildatum)
    assert not resultaat.is_vsv(Persoon.get(Persoon.bsn == "999990202"), peildatum)


def test_r_lev_01_a_corrected_result_is_an_event_and_may_give_or_take_the_startkwalificatie(
        actor_school):
    from domain.fouten import Conflict
    r = _leerling(actor_school)
    pgn = r.nieuw_onderwijsnummer
    eerste = resultaat.registreer(actor_school, _invoer(pgn), VANDAAG)  # no startkwalificatie
    gewijzigd = resultaat.wijzig(actor_school, eerste.id, 1, _invoer(
        pgn, diploma="Diploma havo", startkwalificatie=True), VANDAAG)
    assert (gewijzigd.versie, gewijzigd.diploma) == (2, "Diploma havo")
    assert _soorten(r.persoon)[-2:] == ["resultaat gewijzigd", "startkwalificatie behaald"]
    with pytest.raises(Conflict):  # from the version read before
        resultaat.wijzig(actor_school, eerste.id, 1, _invoer(pgn), VANDAAG)
    resultaat.wijzig(actor_school, eerste.id, 2, _invoer(pgn, startkwalificatie=False), VANDAAG)
    assert _soorten(r.persoon)[-2:] == [
        "resultaat gewijzigd", "voldoet niet langer aan de eisen voor een startkwalificatie"]
    with pytest.raises(Ongeldig) as fout:
        resultaat.wijzig(actor_school, eerste.id, 3, _invoer(pgn, diploma=" ", datum=None),
                         VANDAAG)
    assert {f.veld for f in fout.value.fouten} == {"diploma", "datum"}
    with pytest.raises(GeenToegang):  # another bestuur's
        resultaat.wijzig(actor("school2"), eerste.id, 3, _invoer(pgn), VANDAAG)
