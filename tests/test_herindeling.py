"""R-HER-01 Herindeling: recorded by functioneel beheer, announced to every gemeente involved
at once and 3 months, 1 month and 1 week ahead; a dry run of what moves where; carried out
on the date by a job that goes on where it stopped; three months on, the old gemeenten'
files removed and their users blocked."""
import datetime
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from domain import herindeling
from domain.actor import Actor
from domain.fouten import GeenToegang, Ongeldig
from models import (
    Bestand,
    BrpPersoon,
    Gebruiker,
    Gemeente,
    Herindeling,
    Machtiging,
    MeldingVersie,
    Organisatie,
    Persoon,
    UitgaandeMail,
    Verzuimmelding,
)
from tests.conftest import csrf_token, inloggen_als
from tests.factories import UTRECHTER, D, actor, meld

SYSTEEM = Actor("systeem:test", None)
DATUM = D(2027, 1, 1)
VANDAAG = D(2026, 9, 1)
UTRECHT_IN_AMSTERDAM = herindeling.Invoer(DATUM, ("0344",), "0363")


def _gemeente(code):
    return Gemeente.get(Gemeente.code == code)


def _fb():
    return actor("functioneel.beheer")


@pytest.fixture
def beheer_mail(app):
    """Amsterdam's beheerder with an address, for the announcements."""
    Gebruiker.update(email="beheer@amsterdam.example").where(
        Gebruiker.gebruikersnaam == "beheerder.amsterdam").execute()
    return "beheer@amsterdam.example"


def _mails(aan):
    return [m.onderwerp for m in UitgaandeMail.select().where(UitgaandeMail.aan == aan)
            .order_by(UitgaandeMail.id)]


def test_r_her_01_recorded_and_announced_at_once_and_3_1_and_0_25_months_ahead(beheer_mail):
    """R-HER-01: the beheerders of every gemeente involved get a mail when it is recorded,
    then 3 months, 1 month and 1 week before the date, each once."""
    h = herindeling.registreer(_fb(), UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    assert _mails(beheer_mail) == ["Gemeentelijke herindeling op 01-01-2027"]
    assert herindeling.kondig_aan(D(2026, 9, 30)) == 0
    assert herindeling.kondig_aan(D(2026, 10, 1)) == 1  # 3 months
    assert herindeling.kondig_aan(D(2026, 10, 2)) == 0
    assert herindeling.kondig_aan(D(2026, 12, 25)) == 1  # 1 month and 1 week both reached:
    assert herindeling.kondig_aan(D(2026, 12, 26)) == 0  # one mail, the latest
    assert json.loads(Herindeling.get_by_id(h.id).aankondigingen) == [
        "vastgelegd", "3 maanden", "1 week", "1 maand"]
    assert len(_mails(beheer_mail)) == 3


def test_r_her_01_bad_herindelingen_each_get_their_message(app):
    """R-HER-01: a date in the past, an unknown gemeente, a gemeente in two herindelingen
    on one date, a new code without a name, a split whose areas do not cover the old
    gemeente: each a clear message; nothing stored."""
    fb = _fb()
    gevallen = [
        (herindeling.Invoer(D(2026, 8, 31), ("0344",), "0363"), "datum"),
        (herindeling.Invoer(DATUM, ("9999",), "0363"), "oude_codes"),
        (herindeling.Invoer(DATUM, ("0344",), "1999"), "nieuwe_naam"),
        (herindeling.Invoer(DATUM, ("0344",), "0344"), "nieuwe_code"),
        (herindeling.Invoer(DATUM, ("0599",), "1998", "Nieuwerdam",
                            (("3011", "0518"), ("3012", "1998"))), "gebieden"),
        (herindeling.Invoer(DATUM, ("0599",), "1998", "Nieuwerdam",  # hostile: huge
                            (("3011", "0518"),) * 100_000), "gebieden"),
    ]
    meldingen = []
    for invoer, veld in gevallen:
        with pytest.raises(Ongeldig) as fout:
            herindeling.registreer(fb, invoer, vandaag=VANDAAG)
        assert [(f.veld, f.regel) for f in fout.value.fouten] == [(veld, "R-HER-01")], invoer
        meldingen.append(fout.value.fouten[0].melding)
    assert "ontbreken" in meldingen[-2] and "hoogstens" in meldingen[-1]
    herindeling.registreer(fb, UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    with pytest.raises(Ongeldig) as fout:
        herindeling.registreer(fb, herindeling.Invoer(DATUM, ("0014", "0344"), "1999",
                                                      "Noorderdam"), vandaag=VANDAAG)
    assert fout.value.fouten[0].params["gemeente"] == "0344 Utrecht"
    assert Herindeling.select().count() == 1
    with pytest.raises(GeenToegang):
        herindeling.registreer(actor("beheerder.amsterdam"), UTRECHT_IN_AMSTERDAM)


def test_r_her_01_the_dry_run_says_what_moves_where_and_what_blocks_it(app):
    """R-HER-01: persons, vrijstellingen, open meldingen, routeringen, machtigingen and
    certificates, and the open meldingen that should be handled first."""
    melding = meld(UTRECHTER)
    h = herindeling.registreer(_fb(), UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    proef = herindeling.proef(h)
    in_utrecht = Persoon.select().where(Persoon.woongemeente == _gemeente("0344")).count()
    assert proef.personen == [("0344 Utrecht", "0363 Amsterdam", in_utrecht)] and in_utrecht
    assert proef.open_meldingen == 1
    assert [(f.melding, f.params) for f in proef.bezwaren] == [
        (herindeling.NOG_OPEN, {"aantal": 1})]
    assert proef.machtigingen == [("Regionaal Bureau Leerplicht Midden-Utrecht", "0344 Utrecht")]
    assert [m.nummer for m in herindeling.open_meldingen(h)] == [melding.nummer]


def test_r_her_01_carried_out_on_the_date_everything_moves_once(app):
    """R-HER-01: on the date the persons (and the BRP source's records) and the open melding
    (a new version, its new gemeente mailed) move, Utrecht's machtiging ends (Amsterdam
    authorises afresh), Utrecht ends succeeded by Amsterdam; the counts are what moved; a
    second run does nothing."""
    melding = meld(UTRECHTER)
    h = herindeling.registreer(_fb(), UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    in_utrecht = Persoon.select().where(Persoon.woongemeente == _gemeente("0344")).count()
    assert herindeling.dag(SYSTEEM, D(2026, 12, 31))["uitgevoerd"] == 0  # not yet
    assert herindeling.dag(SYSTEEM, DATUM, per_keer=2)["uitgevoerd"] == 1
    uitgevoerd = Herindeling.get_by_id(h.id)
    assert uitgevoerd.status == herindeling.Status.UITGEVOERD
    assert json.loads(uitgevoerd.aantallen)["personen"] == in_utrecht
    assert Persoon.select().where(Persoon.woongemeente == _gemeente("0344")).count() == 0
    assert Persoon.get(Persoon.bsn == UTRECHTER).woongemeente.code == "0363"
    assert BrpPersoon.get(BrpPersoon.bsn == UTRECHTER).gemeentecode == "0363"
    verplaatst = Verzuimmelding.get_by_id(melding.id)
    assert verplaatst.gemeente.code == "0363" and verplaatst.versie == 2
    assert MeldingVersie.select().where(MeldingVersie.melding == melding.id).count() == 2
    beeindigd = Machtiging.get(Machtiging.organisatie == Organisatie.get(
        Organisatie.naam == "Regionaal Bureau Leerplicht Midden-Utrecht"))
    assert (beeindigd.gemeente.code, beeindigd.beeindigd_door) == ("0344", "herindeling")
    amsterdam_loket = _gemeente("0363").verzuimloket_email
    assert f"Verzuimmelding {melding.nummer}" in _mails(amsterdam_loket)
    utrecht = _gemeente("0344")
    assert (utrecht.geldig_tot, utrecht.opgevolgd_door.code) == (D(2026, 12, 31), "0363")
    from domain import organisaties
    assert organisaties.opgeheven([utrecht.organisatie_id]) == {
        utrecht.organisatie_id: _gemeente("0363")}
    assert herindeling.dag(SYSTEEM, DATUM)["uitgevoerd"] == 0
    with pytest.raises(Ongeldig):  # Utrecht is gone: no second herindeling of it
        herindeling.registreer(_fb(), herindeling.Invoer(D(2028, 1, 1), ("0344",), "0014"),
                               vandaag=DATUM)


def test_r_her_01_a_split_sends_each_area_where_it_goes(app):
    """R-HER-01: Rotterdam split per PC4 area between Den Haag and a new gemeente; a person
    without a known area goes to the new one (the dry run says so)."""
    from models import Postcodegebied
    rotterdam = _gemeente("0599")
    gebieden = [p.pc4 for p in Postcodegebied.select().where(
        Postcodegebied.gemeente == rotterdam).order_by(Postcodegebied.pc4)]
    naar = tuple((pc4, "0518" if i % 2 else "1998") for i, pc4 in enumerate(gebieden))
    personen = {pc4: Persoon.create(achternaam=f"Split{pc4}", geslacht="M",
                                    geboortedatum=D(2015, 1, 1), postcode=f"{pc4} AB",
                                    woongemeente=rotterdam) for pc4 in gebieden[:4]}
    zonder = Persoon.create(achternaam="Splitloos", geslacht="V", geboortedatum=D(2015, 1, 1),
                            woongemeente=rotterdam)
    h = herindeling.registreer(_fb(), herindeling.Invoer(DATUM, ("0599",), "1998", "Nieuwerdam",
                                                         naar), vandaag=VANDAAG)
    proef = herindeling.proef(h)
    assert any(f.params.get("aantal") == 1 for f in proef.bezwaren)
    herindeling.dag(SYSTEEM, DATUM, per_keer=1)
    for i, persoon in enumerate(personen.values()):
        assert Persoon.get_by_id(persoon.id).woongemeente.code == ("0518" if i % 2 else "1998")
    assert Persoon.get_by_id(zonder.id).woongemeente.code == "1998"
    assert _gemeente("0599").opgevolgd_door.code == "1998"


def test_r_her_01_cut_off_it_goes_on_where_it_stopped(app):
    """R-HER-01: a worker that stops after a batch leaves the herindeling to the next, which
    moves the rest; the counts add up to what moved, once."""
    h = herindeling.registreer(_fb(), UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    in_utrecht = Persoon.select().where(Persoon.woongemeente == _gemeente("0344")).count()
    from models import neem_claim
    houder = neem_claim(Herindeling, h.id, datetime.timedelta(seconds=-1), herindeling._OPEN)
    assert herindeling._stap(SYSTEEM, h.id, houder, 1, datetime.timedelta(seconds=-1))
    assert Herindeling.get_by_id(h.id).status == herindeling.Status.BEZIG
    assert herindeling.te_doen(DATUM) == [h.id]
    klaar = herindeling.voer_uit(SYSTEEM, h.id, per_keer=1, vandaag=DATUM)
    assert json.loads(klaar.aantallen)["personen"] == in_utrecht


def test_r_her_01_three_months_on_the_old_files_go_and_the_users_are_blocked(app):
    """Seed 000: the old gemeente's files removed and its users blocked three months after
    the date, with a report; not before."""
    from domain.gebruikers import actor_voor
    from tests.factories import lpa_utrecht
    lpa = lpa_utrecht()
    utrecht_org = _gemeente("0344").organisatie_id
    import io

    from domain import bestanden
    bestanden.nieuw_retourbestand(io.BytesIO(b"oud"), organisatie=utrecht_org,
                                  soort=bestanden.Soort.LEVERING, naam="oud.csv",
                                  actor="systeem:test", afzender="Open Register")
    h = herindeling.registreer(_fb(), UTRECHT_IN_AMSTERDAM, vandaag=VANDAAG)
    herindeling.dag(SYSTEEM, DATUM)
    assert herindeling.dag(SYSTEEM, D(2027, 3, 31))["opgeruimd"] == 0
    assert herindeling.dag(SYSTEEM, D(2027, 4, 1))["opgeruimd"] == 1
    opgeruimd = Herindeling.get_by_id(h.id)
    assert json.loads(opgeruimd.verslag) == {"bestanden": 1, "gebruikers": 1, "certificaten": 0}
    assert not Gebruiker.get_by_id(lpa.id).actief
    assert not Bestand.select().where(Bestand.organisatie == utrecht_org).exists()
    assert actor_voor(Gebruiker.get_by_id(lpa.id))  # the row stays, blocked


def test_r_her_01_the_pages(client):
    """R-HER-01: functioneel beheer records it on the page (bad input keeps what was typed);
    Amsterdam's leerplichtambtenaar opens its page with the dry run and the open meldingen;
    a school may not."""
    melding = meld(UTRECHTER)
    inloggen_als(client, "functioneel.beheer")
    lijst = client.get("/herindelingen")
    token = csrf_token(lijst.text)
    fout = client.post("/herindelingen", data={"csrf_token": token, "datum": "01-01-2020",
                                                "oude_codes": "0344", "nieuwe_code": "0363"})
    assert fout.status_code == 422 and "in het verleden" in fout.text
    assert 'value="0344"' in fout.text
    gelukt = client.post("/herindelingen", data={"csrf_token": token, "datum": "01-01-2031",
                                                  "oude_codes": "0344", "nieuwe_code": "0363"})
    assert gelukt.status_code == 302
    pad = gelukt.headers["Location"]
    inloggen_als(client, "leerplicht.amsterdam")
    pagina = client.get(pad)
    assert pagina.status_code == 200
    assert "Proef: wat er op 01-01-2031 verhuist" in pagina.text
    assert "Er staan nog 1 meldingen van de oude gemeenten open." in pagina.text
    assert f"<th class=\"utrecht-table__cell\" scope=\"row\">{melding.nummer}</th>" in pagina.text
    inloggen_als(client, "school")
    assert client.get(pad).status_code == 403


@pytest.mark.slow
def test_r_her_01_killed_with_kill_9_and_started_again_it_finishes_once(maak_database,
                                                                         tmp_path):
    """R-HER-01: `flask herindeling dag` killed (SIGKILL) in the middle and started again
    moves every person once: the count is the persons that moved."""
    from bench.proces import ROOT, met_demo
    from models import make_database
    url = maak_database("herindeling")
    env = met_demo(url, tmp_path, HERINDELING_PER_KEER="10", HERINDELING_CLAIM_SECONDS="1")
    db = make_database(url)
    p = db.param
    with db.connection_context():
        utrecht, amsterdam = (r[0] for r in db.execute_sql(
            f"SELECT id FROM gemeente WHERE code IN ({p}, {p}) ORDER BY code",
            ("0344", "0363")).fetchall())
        for i in range(3000):
            db.execute_sql(
                "INSERT INTO persoon (achternaam, geslacht, geboortedatum, "
                "geboortedatum_precisie, adresbron, woonland, woongemeente_id, aangemaakt, "
                f"gewijzigd) VALUES ({p}, 'M', '2012-01-01', 'D', 'school', '6030', {p}, "
                "'2026-01-01', '2026-01-01')", (f"Kill{i}", utrecht))
        voor = db.execute_sql(f"SELECT count(*) FROM persoon WHERE woongemeente_id = {p}",
                              (utrecht,)).fetchone()[0]
        (h,) = db.execute_sql(
            "INSERT INTO herindeling (datum, nieuwe_gemeente_id, status, fase, positie, "
            "aantallen, aankondigingen, verslag, actor, geregistreerd) VALUES "
            f"('2027-01-01', {p}, 'gepland', '', 0, '{{}}', '[]', '{{}}', 'test', '2026-09-01') "
            "RETURNING id", (amsterdam,)).fetchone()
        db.execute_sql("INSERT INTO herindelingsdeel (herindeling_id, gemeente_id, naar_id) "
                       f"VALUES ({p}, {p}, {p})", (h, utrecht, amsterdam))
    commando = [sys.executable, "-m", "flask", "--app", "app", "herindeling", "dag",
                "--datum", "2027-01-01"]
    proces = subprocess.Popen(commando, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    einde = time.monotonic() + 60
    aantallen = {}
    while time.monotonic() < einde and not aantallen.get("personen"):
        time.sleep(0.05)
        with db.connection_context():
            (tekst,) = db.execute_sql("SELECT aantallen FROM herindeling").fetchone()
        aantallen = json.loads(tekst)
    os.kill(proces.pid, signal.SIGKILL)
    proces.wait(10)
    with db.connection_context():
        status, halverwege = db.execute_sql("SELECT status, aantallen FROM herindeling").fetchone()
    assert status == "bezig" and 0 < json.loads(halverwege)["personen"] < voor
    time.sleep(1.1)  # the killed worker's claim runs out
    opnieuw = subprocess.run(commando, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert opnieuw.returncode == 0, opnieuw.stdout + opnieuw.stderr
    with db.connection_context():
        status, aantallen = db.execute_sql("SELECT status, aantallen FROM herindeling").fetchone()
        over = db.execute_sql(f"SELECT count(*) FROM persoon WHERE woongemeente_id = {p}",
                              (utrecht,)).fetchone()[0]
    assert status == "uitgevoerd" and over == 0
    assert json.loads(aantallen)["personen"] == voor
    db.close()
