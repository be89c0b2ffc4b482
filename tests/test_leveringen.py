"""Gegevensleveringen (seed 003): the sign-up (aanmelding) with its versions, the C-, A-
and P-levering as a Behandelaar RMC gets them (R-LEV-01..03), made by the job and returned
in Bestanden ophalen."""
import csv
import datetime
import io
import json

import pytest

from domain import aanmelding, bestanden, levering, resultaat
from domain import inschrijving as ins
from domain.fouten import Conflict, GeenToegang, Ongeldig
from formats import leveringen as kolommen
from jobs import leveringen as job
from models import Bestand, Gebruiker, Inzagelog, Levering, Mutatie, Persoon, UitgaandeMail
from tests.factories import (
    DONDER,
    GRONINGER,
    UTRECHTER,
    actor,
    brp_kind,
    met_bsn,
)

D = datetime.date
VANDAAG = levering.vandaag()  # the Dutch day: a P-levering's days are Dutch days
OKAFOR = "999990135"  # left 31GY in July 2026 with vmbo-tl, no startkwalificatie: VSV


def _vraag(gebruiker="rmc.amsterdam", soort="C", gebied="G", code="0363", peildatum=None,
           nummers=()):
    return levering.vraag_aan(actor(gebruiker), levering.Aanvraag(
        levering.Soort(soort), levering.Gebied(gebied), code, peildatum or VANDAAG,
        tuple(nummers)))


def _maak(gevraagd):
    bestand = job.maak(gevraagd.id)
    assert bestand is not None
    return bestand


def _tabel(bestand):
    tekst = bestanden.inhoud_van(bestand).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(tekst), delimiter=";"))


# ---------------------------------------------------------------- asking

def test_r_lev_03_only_a_code_of_the_users_role_is_asked_for(db):
    voor = Levering.select().count()
    with pytest.raises(Ongeldig) as fout:
        _vraag(code="0344")
    (melding,) = fout.value.fouten
    assert melding.regel == "R-LEV-03" and melding.params["codes"] == "0363"
    with pytest.raises(Ongeldig):
        _vraag(gebied="R", code="0023")  # a regio code the user does not have
    with pytest.raises(GeenToegang):
        _vraag(gebruiker="leerplicht.amsterdam")  # not a Behandelaar RMC
    assert Levering.select().count() == voor
    assert _vraag(gebruiker="rmc.regio", gebied="R", code="0023").status == "aangevraagd"


# ---------------------------------------------------------------- C

def test_r_lev_02_c_levering_holds_the_area_enrolled_persons_with_their_status(db):
    gevraagd = _vraag(peildatum=D(2026, 9, 1))
    bestand = _maak(gevraagd)
    rijen = _tabel(bestand)
    assert list(rijen[0]) == kolommen.koppen("C")
    per_bsn = {r["BSN"]: r for r in rijen}
    assert per_bsn[DONDER]["Instellingscode"] == "31ED"
    assert per_bsn[DONDER]["Woongemeente"] == "0363"
    assert per_bsn[DONDER]["Voortijdig schoolverlater"] == "N"
    # Left school in July without a startkwalificatie: delivered as VSV, no enrolment.
    assert per_bsn[OKAFOR]["Voortijdig schoolverlater"] == "J"
    assert per_bsn[OKAFOR]["Instellingscode"] == ""
    assert GRONINGER not in per_bsn and UTRECHTER not in per_bsn  # other gemeenten
    assert all(r["Woongemeente"] == "0363" for r in rijen)
    assert bestand.naam == f"20260901G0363C-levering-{gevraagd.id}.csv"
    assert Bestand.get_by_id(bestand.id).status == "nieuw"  # in Bestanden ophalen
    gemaakt = Levering.get_by_id(gevraagd.id)
    assert gemaakt.status == "klaar" and gemaakt.aantal == len(rijen)
    assert gemaakt.bestand_id == bestand.id


def test_r_lev_02_not_younger_than_4_nor_23_or_older_nor_dead_nor_unenrolled(db):
    persoon = Persoon.get(Persoon.bsn == DONDER)  # born 2016-03-14
    te_jong = _tabel(_maak(_vraag(peildatum=D(2020, 3, 13))))
    assert DONDER not in {r["BSN"] for r in te_jong}
    Persoon.update(datum_overlijden=D(2026, 8, 1)).where(Persoon.id == persoon.id).execute()
    assert DONDER not in {r["BSN"] for r in _tabel(_maak(_vraag(peildatum=D(2026, 9, 1))))}
    assert DONDER in {r["BSN"] for r in _tabel(_maak(_vraag(peildatum=D(2026, 7, 31))))}


def test_r_avg_02_a_c_levering_logs_its_persons_as_read(db):
    gevraagd = _vraag(peildatum=D(2026, 9, 1))
    rijen = _tabel(_maak(gevraagd))
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).get()
    ids = set(json.loads(log.personen))
    assert Persoon.get(Persoon.bsn == DONDER).id in ids
    assert len(ids) == len({r["BSN"] or r["Onderwijsnummer"] for r in rijen})
    assert log.doel == f"C-levering {gevraagd.id}"


# ---------------------------------------------------------------- A

def test_r_lev_03_a_levering_delivers_the_area_and_says_no_for_the_rest(db):
    onbekend = "123456782"  # a valid BSN nobody has
    rijen = _tabel(_maak(_vraag(soort="A", peildatum=D(2026, 9, 1),
                                nummers=[GRONINGER, DONDER, onbekend])))
    assert list(rijen[0]) == kolommen.koppen("A")
    assert [(r["Gevraagd nummer"], r["Geleverd"]) for r in rijen] == [
        (GRONINGER, "N"), (DONDER, "J"), (onbekend, "N")]
    # R-AVG-04: living elsewhere and unknown read the same, and nothing else is said.
    assert rijen[0]["Reden"] == rijen[2]["Reden"] == levering.NIET_IN_GEBIED
    assert rijen[0]["BSN"] == rijen[0]["Achternaam"] == rijen[0]["Geboortedatum"] == ""
    assert rijen[1]["Achternaam"] == "Donder"
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).get()
    assert json.loads(log.personen) == [Persoon.get(Persoon.bsn == DONDER).id]


# ---------------------------------------------------------------- made once, for whom

def test_a_delivery_is_made_once_and_mailed_to_who_asked(db):
    gevraagd = _vraag(peildatum=D(2026, 9, 1))
    voor = UitgaandeMail.select().count()
    assert job.maak(gevraagd.id) is not None
    assert job.maak(gevraagd.id) is None  # made: a second job leaves it
    mails = list(UitgaandeMail.select().order_by(UitgaandeMail.id.desc()).limit(1))
    assert UitgaandeMail.select().count() == voor + 1
    assert mails[0].aan == "rmc@amsterdam.example"
    assert DONDER not in mails[0].tekst and mails[0].pad == f"/leveringen/{gevraagd.id}"


def test_a_job_cut_off_is_made_whole_by_the_next(db):
    gevraagd = _vraag(peildatum=D(2026, 9, 1))
    levering.neem(gevraagd.id, claim=datetime.timedelta(seconds=-1))  # a job that died
    assert levering.open_werk() == [gevraagd.id]
    bestand = job.maak(gevraagd.id)
    assert bestand is not None
    assert Bestand.select().where(Bestand.soort == "levering",
                                  Bestand.naam.contains(f"-levering-{gevraagd.id}.")).count() == 1


def test_r_lev_03_a_user_who_lost_the_code_gets_nothing(db):
    gevraagd = _vraag(peildatum=D(2026, 9, 1))
    gebruiker = Gebruiker.get(Gebruiker.gebruikersnaam == "rmc.amsterdam")
    gebruiker.kenmerken[0].delete_instance()
    assert job.maak(gevraagd.id) is None
    assert Levering.get_by_id(gevraagd.id).status == "geweigerd"


# ---------------------------------------------------------------- sign-up

def test_aanmelding_is_versioned_and_seen_by_gemeente_and_regio(db):
    gemeente_user = actor("rmc.amsterdam")
    regio_user = actor("rmc.regio")
    ontvangers = {g.gebruikersnaam: g.id for g in
                  aanmelding.mogelijke_ontvangers(aanmelding.gemeente_van(gemeente_user, "0363"),
                                                  aanmelding.Via.BEIDE)}
    assert set(ontvangers) == {"rmc.amsterdam", "rmc.regio"}
    eerste = aanmelding.meld_aan(gemeente_user, "0363", "gemeente", [ontvangers["rmc.amsterdam"]])
    with pytest.raises(Conflict):  # the form showed no sign-up yet
        aanmelding.meld_aan(regio_user, "0363", "beide", list(ontvangers.values()))
    tweede = aanmelding.meld_aan(regio_user, "0363", "beide", list(ontvangers.values()),
                                 versie=eerste.versie)
    assert tweede.versie == 2
    for wie in (gemeente_user, regio_user):
        historie = aanmelding.historie(wie, "0363")
        assert [v["versie"] for v in historie] == [2, 1]
        assert historie[0]["via"] == "beide" and "Dewi Doorstroom" in historie[0]["door"]
    with pytest.raises(Conflict):  # a stale version
        aanmelding.meld_aan(gemeente_user, "0363", "gemeente", [ontvangers["rmc.amsterdam"]],
                            versie=1)


def test_aanmelding_checks_what_is_chosen(db):
    wie = actor("rmc.amsterdam")
    with pytest.raises(Ongeldig) as fout:
        aanmelding.meld_aan(wie, "0363", "ergens", [])
    assert [f.veld for f in fout.value.fouten] == ["via"]
    with pytest.raises(Ongeldig) as fout:
        aanmelding.meld_aan(wie, "0363", "gemeente", [])
    assert [f.veld for f in fout.value.fouten] == ["ontvangers"]
    leerplicht = Gebruiker.get(Gebruiker.gebruikersnaam == "leerplicht.amsterdam")
    with pytest.raises(Ongeldig):  # not a Behandelaar RMC
        aanmelding.meld_aan(wie, "0363", "gemeente", [leerplicht.id])
    with pytest.raises(GeenToegang):
        aanmelding.meld_aan(wie, "0344", "gemeente", [])


# ---------------------------------------------------------------- P

def _aangemeld(via="gemeente"):
    wie = actor("rmc.amsterdam")
    mogelijk = aanmelding.mogelijke_ontvangers(aanmelding.gemeente_van(wie, "0363"),
                                               aanmelding.Via(via))
    return aanmelding.meld_aan(wie, "0363", via, [g.id for g in mogelijk])


MORGEN = VANDAAG + datetime.timedelta(days=1)  # a P-levering of the days up to today


def _p_rijen(levering_id):
    return _tabel(Bestand.get_by_id(Levering.get_by_id(levering_id).bestand_id))


def test_r_lev_01_p_levering_reports_its_days_changes_once(db):
    _aangemeld()
    school = actor("school")
    # A new pupil of Amsterdam (inschrijving toegevoegd), a child who turned 4 two days ago,
    # and a diploma.
    vier = VANDAAG - datetime.timedelta(days=2)
    brp_kind("999990512", geboren=vier.replace(year=vier.year - 4))
    brp_kind()
    nieuw = ins.registreer(met_bsn(begin=D(2024, 8, 1)), school)
    resultaat.registreer(school, resultaat.ResultaatInvoer(
        instellingscode="31ED", pgn=nieuw.persoon.bsn, datum=D(2026, 7, 1), diploma="Diploma",
        startkwalificatie=False))
    # The last whole week's P-levering: today's changes are not in its days.
    (vorige,) = job.maak_p_leveringen(levering.peildatum_van(VANDAAG))
    assert nieuw.persoon.bsn not in {r["BSN"] for r in _p_rijen(vorige)}
    (volgende,) = job.maak_p_leveringen(MORGEN)
    gemaakt = Levering.get_by_id(volgende)
    assert gemaakt.status == "klaar" and gemaakt.vanaf == levering.peildatum_van(VANDAAG)
    rijen = _p_rijen(volgende)
    assert list(rijen[0]) == kolommen.koppen("P")
    assert {(r["Periode van"], r["Periode tot en met"]) for r in rijen} == {
        (gemaakt.vanaf.isoformat(), VANDAAG.isoformat())}
    wijzigingen = {(r["BSN"], r["Wijziging"]) for r in rijen}
    assert (nieuw.persoon.bsn, "Inschrijving toegevoegd") in wijzigingen
    assert (nieuw.persoon.bsn, "Resultaat toegevoegd") in wijzigingen
    # Not in the register before 4 (R-INS-07): the BRP names the child who turned 4, in
    # the delivery whose days hold the birthday.
    (vier_jaar,) = [r for r in rijen + _p_rijen(vorige) if r["BSN"] == "999990512"]
    assert vier_jaar["Wijziging"] == "Leerling is 4 jaar geworden"
    assert vier_jaar["Datum wijziging"] == vier.isoformat()
    assert vier_jaar["Woongemeente"] == "0363"
    assert all(r["Periode van"] <= r["Datum wijziging"] <= r["Periode tot en met"]
               for r in rijen + _p_rijen(vorige))
    # Run again (a run cut off and started again), or for an earlier day: nothing twice.
    assert job.maak_p_leveringen(MORGEN) == []
    assert job.maak_p_leveringen(levering.peildatum_van(VANDAAG)) == []
    assert Levering.select().where(Levering.soort == "P").count() == 2


def test_r_lev_01_a_change_written_after_its_days_delivery_is_in_the_next_one(db):
    """A Mutatie of today committed after today's P-levering was made (a long transaction,
    or simply later today) is in the next one, never lost and never twice."""
    _aangemeld()
    brp_kind()
    (eerste,) = job.maak_p_leveringen(MORGEN)
    nieuw = ins.registreer(met_bsn(), actor("school"))  # today, after the delivery
    assert nieuw.persoon.bsn not in {r["BSN"] for r in _p_rijen(eerste)}
    (tweede,) = job.maak_p_leveringen(MORGEN + datetime.timedelta(days=7))
    assert [r["Wijziging"] for r in _p_rijen(tweede) if r["BSN"] == nieuw.persoon.bsn] == [
        "Inschrijving toegevoegd"]


def test_r_lev_01_a_move_from_the_brp_is_reported_to_both_gemeenten(db):
    _aangemeld()
    brp_kind()
    nieuw = ins.registreer(met_bsn(), actor("school"))
    # The BRP says the pupil moved to Utrecht.
    brp_kind(postcode="3511 AA", woonplaats="Utrecht", gemeentecode="0344")
    ins.ververs_uit_brp(levering.Actor(kenmerk="systeem:brp", organisatie_id=None),
                        [nieuw.persoon.bsn])
    assert Mutatie.select().where(Mutatie.persoon == nieuw.persoon.id,
                                  Mutatie.soort == "verhuisd naar andere gemeente").exists()
    (gemaakt,) = job.maak_p_leveringen(MORGEN)
    (verhuisd,) = [r for r in _p_rijen(gemaakt) if r["BSN"] == nieuw.persoon.bsn
                   and r["Wijziging"].startswith("Leerling is verhuisd")]
    assert verhuisd["Wijziging"] == "Leerling is verhuisd naar een andere gemeente"
    assert verhuisd["Woongemeente"] == "0344"
    assert verhuisd["Postcode"] == verhuisd["Straatnaam"] == ""  # R-AVG-03: not its area now


def test_docs_formats_describe_every_column_of_the_delivery_files():
    """docs/formats.md is the delivery files' reference: a row per column, as the code
    writes them (formats.leveringen)."""
    from pathlib import Path
    docs = (Path(__file__).parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    for soort in ("C", "A", "P"):
        for kolom in kolommen.TABELLEN[soort]:
            assert f"| {kolom.naam} | {kolom.betekenis} | {kolom.formaat} |" in docs, kolom
    assert f"— version {kolommen.VERSIE} (`formats.leveringen.VERSIE`)" in docs


def test_r_lev_01_the_demos_p_levering_names_a_move_a_fourth_birthday_and_a_diploma(db):
    """The walk of README (Gegevensleveringen): Amsterdam signed up, the demo's BRP changes
    loaded (`flask brp load data/demo/brp-wijzigingen.csv`), the P-levering of the days up
    to today made (`flask leveringen p-levering --tot-en-met-vandaag`): it lists a pupil
    who moved within Amsterdam, one who moved to Utrecht, the BRP child who turned 4 and
    the demo's diplomas."""
    from pathlib import Path

    from domain import brp
    from domain.demo import VIERJARIGE
    _aangemeld()
    bsns = brp.laad_extract(Path(__file__).parents[1] / "data" / "demo" / "brp-wijzigingen.csv")
    assert ins.ververs_uit_brp(levering.Actor(kenmerk="systeem:brp", organisatie_id=None),
                               bsns) == 2
    (gemaakt,) = job.maak_p_leveringen(MORGEN)
    wijzigingen = {(r["BSN"], r["Wijziging"]) for r in _p_rijen(gemaakt)}
    assert {("999990019", "Leerling is binnen de gemeente verhuisd"),
            ("999990020", "Leerling is verhuisd naar een andere gemeente"),
            (VIERJARIGE, "Leerling is 4 jaar geworden"),
            (OKAFOR, "Resultaat toegevoegd")} <= wijzigingen
