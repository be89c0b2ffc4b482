"""R-AVG-01 Retention: a person goes five years after their last inschrijving (or
vrijstelling) ended, with every row of theirs, unless a melding is open; the run leaves
anonymous counts, counts the same in a dry run, and goes on where it stopped when cut off."""
import datetime
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from domain import behandeling, mutaties, opschoning
from domain.actor import Actor
from domain.fouten import GeenToegang
from models import (
    Bestand,
    Gemeente,
    Inschrijving,
    Instelling,
    Koppeling,
    MeldingVersie,
    Mutatie,
    Persoon,
    Resultaat,
    Verzuimmelding,
    Vrijstelling,
)
from tests.conftest import csrf_token, inloggen_als
from tests.factories import DONDER, D, actor, meld

PEILDATUM = D(2026, 12, 1)
SYSTEEM = Actor("systeem:test", None)


def oud(achternaam, einde, gemeente="0363"):
    """A pupil of 31ED whose only inschrijving ended on `einde` (None: still enrolled)."""
    persoon = Persoon.create(achternaam=achternaam, geslacht="M", geboortedatum=D(2006, 5, 1),
                             woongemeente=Gemeente.get(Gemeente.code == gemeente))
    Inschrijving.create(persoon=persoon, instelling=Instelling.get(Instelling.code == "31ED"),
                        datum_inschrijving=D(2012, 8, 1), datum_uitschrijving=einde)
    return persoon


def _bestaat(persoon):
    return Persoon.select().where(Persoon.id == persoon.id).exists()


def test_r_avg_01_five_years_after_the_last_inschrijving_a_person_goes_with_all_theirs(app):
    """R-AVG-01: ended more than five years before the peildatum: the person goes with
    their inschrijvingen, resultaten, meldingen and their versions, vrijstellingen,
    koppelingen, mutaties and the person merged into them; the report keeps only counts,
    per gemeente too."""
    weg = oud("Weg", D(2021, 11, 30))
    Resultaat.create(persoon=weg, instelling=Instelling.get(Instelling.code == "31ED"),
                     datum=D(2021, 7, 1), diploma="vmbo")
    Vrijstelling.create(persoon=weg, gemeente=weg.woongemeente, soort="vrijstelling",
                        artikel="5-a", begindatum=D(2020, 1, 1), einddatum=D(2021, 1, 1))
    samengevoegd = Persoon.create(geslacht="M", geboortedatum=D(2006, 5, 1), samengevoegd_in=weg)
    Koppeling.create(soort="samengevoegd", status="actief", persoon=weg, vervallen=samengevoegd,
                     bsn="", onderwijsnummer="", voor="{}", actor="systeem:test")
    mutaties.schrijf(SYSTEEM, "persoon", weg, "persoon toegevoegd", persoon=weg)
    melding = meld()  # Donder's melding, closed, then Donder's enrolment made old
    behandeling.wijzig_status(actor("leerplicht.amsterdam"), melding.nummer, 1, "afsluiten",
                              "HALT")
    donder = Persoon.get(Persoon.bsn == DONDER)
    Inschrijving.update(datum_uitschrijving=D(2021, 6, 30)).where(
        Inschrijving.persoon == donder).execute()
    blijft = oud("Blijft", D(2021, 12, 1))  # five years ago today: still kept
    ingeschreven = oud("Ingeschreven", None)
    run = opschoning.voer_uit(opschoning.begin(SYSTEEM, PEILDATUM).id)
    assert run.status == opschoning.Status.KLAAR
    assert not _bestaat(weg) and not _bestaat(samengevoegd) and not _bestaat(donder)
    assert _bestaat(blijft) and _bestaat(ingeschreven)
    for model in (Inschrijving, Resultaat, Vrijstelling, Koppeling, Mutatie):
        assert not model.select().where(model.persoon.in_([weg.id, donder.id])).exists()
    assert not Verzuimmelding.select().where(Verzuimmelding.id == melding.id).exists()
    assert not MeldingVersie.select().where(MeldingVersie.melding == melding.id).exists()
    aantallen = json.loads(run.aantallen)
    assert {k: aantallen[k] for k in ("personen", "samengevoegd", "resultaten",
                                      "verzuimmeldingen", "vrijstellingen", "koppelingen")} == {
        "personen": 2, "samengevoegd": 1, "resultaten": 1, "verzuimmeldingen": 1,
        "vrijstellingen": 1, "koppelingen": 1}
    assert aantallen["inschrijvingen"] >= 2 and aantallen["meldingversies"] == 2
    assert json.loads(run.per_gemeente) == {"0363": 2}


def test_r_avg_01_an_open_melding_or_a_running_vrijstelling_keeps_a_person(app):
    """R-AVG-01: past the five years, but a melding still open or a vrijstelling not ended
    (or ended within five years) keeps the person."""
    meld()
    donder = Persoon.get(Persoon.bsn == DONDER)
    Inschrijving.update(datum_uitschrijving=D(2020, 6, 30)).where(
        Inschrijving.persoon == donder).execute()
    vrijgesteld = oud("Vrijgesteld", D(2019, 7, 31))
    Vrijstelling.create(persoon=vrijgesteld, gemeente=vrijgesteld.woongemeente,
                        soort="vrijstelling", artikel="5-a", begindatum=D(2019, 8, 1))
    opschoning.voer_uit(opschoning.begin(SYSTEEM, PEILDATUM).id)
    assert _bestaat(donder) and _bestaat(vrijgesteld)


def test_r_avg_01_a_dry_run_counts_what_the_run_removes_and_removes_nothing(app):
    """R-AVG-01: the dry run's counts are the run's, and nothing went."""
    for i in range(7):
        oud(f"Oud{i}", D(2020, 1, 1), gemeente="0344" if i % 2 else "0363")
    proef = opschoning.voer_uit(opschoning.begin(SYSTEEM, PEILDATUM, droog=True).id, per_keer=3)
    assert proef.droog and Persoon.select().where(Persoon.achternaam.startswith("Oud")).count() == 7
    echt = opschoning.voer_uit(opschoning.begin(SYSTEEM, PEILDATUM).id, per_keer=3)
    assert json.loads(proef.aantallen) == json.loads(echt.aantallen)
    assert json.loads(proef.per_gemeente) == json.loads(echt.per_gemeente)
    assert json.loads(echt.per_gemeente) == {"0344": 3, "0363": 4}
    assert Persoon.select().where(Persoon.achternaam.startswith("Oud")).count() == 0
    # The run of a day is made once; a second start finds it done.
    assert opschoning.begin(SYSTEEM, PEILDATUM).id == echt.id
    assert opschoning.voer_uit(echt.id) is None


def test_r_avg_01_a_run_cut_off_goes_on_where_it_stopped_and_counts_nothing_twice(app):
    """R-AVG-01: a worker that stops after a batch (its claim runs out) leaves the run to
    the next, which removes the rest; the counts add up to what went, once."""
    for i in range(5):
        oud(f"Onderbroken{i}", D(2020, 1, 1))
    run = opschoning.begin(SYSTEEM, PEILDATUM)
    genomen, houder = opschoning.neem(run.id, datetime.timedelta(seconds=-1))  # expires at once
    assert opschoning._batch(genomen, houder, 2, datetime.timedelta(seconds=-1))
    assert opschoning.onaf() == [run.id]
    klaar = opschoning.voer_uit(run.id, per_keer=2)
    assert json.loads(klaar.aantallen)["personen"] == 5
    assert Persoon.select().where(Persoon.achternaam.startswith("Onderbroken")).count() == 0


def test_r_avg_01_files_past_their_retention_go_with_the_run(app):
    """R-AVG-01: a returned file past its retention is removed by the run (bestanden)."""
    from domain import bestanden
    from domain.gebruikers import actor_voor
    from models import Gebruiker
    school = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school"))
    bestand = bestanden.verstuur(school, "31ED", "oud.csv", b"Bsn\r\n")
    Bestand.update(status="verwerkt", bewaren_tot=D(2026, 1, 1)).where(
        Bestand.id == bestand.id).execute()
    run = opschoning.voer_uit(opschoning.begin(SYSTEEM, PEILDATUM).id)
    assert json.loads(run.aantallen)["bestanden"] == 1
    assert not Bestand.select().where(Bestand.id == bestand.id).exists()


def test_r_avg_01_the_reports_are_functioneel_beheers(client):
    """R-AVG-01: functioneel beheer reads the reports and starts a dry run on the page;
    no one else does."""
    oud("Paginaproef", D(2019, 1, 1))
    with pytest.raises(GeenToegang):
        opschoning.verslagen(actor("beheerder.amsterdam"))
    inloggen_als(client, "functioneel.beheer")
    pagina = client.get("/beheer/opschoning")
    assert pagina.status_code == 200 and "Er is nog niet opgeschoond." in pagina.text
    antwoord = client.post("/beheer/opschoning", data={"csrf_token": csrf_token(pagina.text)},
                           follow_redirects=True)
    assert "Proef (niets verwijderd)" in antwoord.text and "Klaar" in antwoord.text
    assert Persoon.select().where(Persoon.achternaam == "Paginaproef").exists()


@pytest.mark.slow
def test_r_avg_01_killed_with_kill_9_and_started_again_it_finishes_once(maak_database,
                                                                         tmp_path):
    """R-AVG-01: `flask opschoning start` killed (SIGKILL) in the middle and started again
    removes every person past retention once: the counts are the persons that went."""
    from bench.proces import ROOT, met_demo
    from models import make_database
    url = maak_database("opschoning")
    env = met_demo(url, tmp_path, OPSCHONING_PER_KEER="10", OPSCHONING_CLAIM_SECONDS="1")
    db = make_database(url)
    with db.connection_context():
        gemeente, instelling = (db.execute_sql(
            f"SELECT (SELECT id FROM gemeente WHERE code = {db.param}), "
            f"(SELECT id FROM instelling WHERE code = {db.param})", ("0363", "31ED")).fetchone())
        voor = db.execute_sql("SELECT count(*) FROM persoon").fetchone()[0]
        for i in range(3000):
            (persoon_id,) = db.execute_sql(
                "INSERT INTO persoon (achternaam, geslacht, geboortedatum, "
                "geboortedatum_precisie, adresbron, woonland, woongemeente_id, aangemaakt, "
                f"gewijzigd) VALUES ({db.param}, 'M', '2005-01-01', 'D', 'school', '6030', "
                f"{db.param}, '2020-01-01', '2020-01-01') "
                "RETURNING id", (f"Kill{i}", gemeente)).fetchone()
            db.execute_sql(
                "INSERT INTO inschrijving (persoon_id, instelling_id, datum_inschrijving, "
                "datum_uitschrijving, zoeknaam, sorteernaam, aangemaakt, gewijzigd) VALUES "
                f"({db.param}, {db.param}, '2010-08-01', '2020-07-31', '', '', "
                "'2020-01-01', '2020-01-01')", (persoon_id, instelling))
    commando = [sys.executable, "-m", "flask", "--app", "app", "opschoning", "start",
                "--peildatum", PEILDATUM.isoformat()]
    proces = subprocess.Popen(commando, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    einde = time.monotonic() + 60
    positie = 0
    while time.monotonic() < einde and positie == 0:
        time.sleep(0.05)
        with db.connection_context():
            rij = db.execute_sql("SELECT positie FROM opschoning").fetchone()
        positie = rij[0] if rij else 0
    os.kill(proces.pid, signal.SIGKILL)
    proces.wait(10)
    with db.connection_context():
        status, halverwege = db.execute_sql("SELECT status, aantallen FROM opschoning").fetchone()
    assert status == "bezig" and 0 < json.loads(halverwege)["personen"] < 3000
    time.sleep(1.1)  # the killed worker's claim runs out
    opnieuw = subprocess.run(commando, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert opnieuw.returncode == 0, opnieuw.stdout + opnieuw.stderr
    with db.connection_context():
        status, aantallen = db.execute_sql("SELECT status, aantallen FROM opschoning").fetchone()
        over = db.execute_sql("SELECT count(*) FROM persoon WHERE achternaam LIKE "
                              f"{db.param}", ("Kill%",)).fetchone()[0]
        na = db.execute_sql("SELECT count(*) FROM persoon").fetchone()[0]
    assert status == "klaar" and over == 0
    assert json.loads(aantallen)["personen"] == voor + 3000 - na
    db.close()
