"""Bestandsuitwisseling (seed 004 §1.5): an enrolment file sent by a school is processed
row by row through the form's own rules (R-INS-01 … R-INS-08), the result of every row is
shown and returned as a verwerkingsverslag, sending it again changes nothing, a worker
that stops mid-file leaves the rest to the next, and the registratieoverzicht is built
live. In process, with huey's immediate mode (the job runs when it is queued); the
consumers as separate processes are in test_bestanden_schaal.py."""
import csv
import datetime
import io
import zipfile

import openpyxl
import pytest

from domain import bestanden
from domain.fouten import GeenToegang, Ongeldig
from formats import inschrijvingen as inschrijvingsbestand
from jobs import bestanden as taken
from models import (
    Bestand,
    Bestandsinhoud,
    Bestandsregel,
    Inschrijving,
    Inzagelog,
    Persoon,
    utcnow,
)
from tests.conftest import csrf_token, inloggen_als
from tests.factories import actor

KOP = ("Achternaam;Voornamen;Geslacht;Geboortedatum;Postcode;Huisnummer;Datum inschrijving;"
       "Datum uitschrijving")


def _rij(i, **anders):
    """A pupil without a number living in Amsterdam, enrolled at 31EG: row i is Kind i."""
    waarden = {"achternaam": f"Bestandskind {i:03d}", "voornamen": "Sam", "geslacht": "V",
               "geboortedatum": "03-02-2016", "postcode": "1094 HA", "huisnummer": str(i),
               "begin": "01-08-2024", "eind": ""}
    waarden.update(anders)
    return ";".join(waarden.values())


def _csv(rijen):
    return ("\r\n".join([KOP, *rijen]) + "\r\n").encode()


# The five kinds of mistakes of the "Done when", at rows 11, 21, 31, 41 and 50.
FOUTEN = {
    10: {"begin": "31-02-2024"},  # no such date
    20: {"postcode": "9999 ZZ"},  # a postcode of no gemeente (R-INS-06)
    30: {"geslacht": "X"},  # R-INS-04
    40: {"geboortedatum": "03-02-2024"},  # younger than 4 (R-INS-07)
    49: {"achternaam": ""},  # R-INS-04
}


def _vijftig(goed=False):
    return _csv([_rij(i, **({} if goed else FOUTEN.get(i, {}))) for i in range(1, 51)])


def _verstuur(client, inhoud, naam="leerlingen 2026 (definitief).csv", code="31EG", **extra):
    token = csrf_token(client.get("/bestanden/versturen").text)
    return client.post("/bestanden/versturen", data={
        "csrf_token": token, "bestandssoort": "rod", "instellingscode": code,
        "bestand": (io.BytesIO(inhoud), naam), **extra}, content_type="multipart/form-data")


def _laatste():
    return Bestand.select().where(Bestand.richting == "verstuurd").order_by(Bestand.id.desc()) \
        .first()


def _aantal_kinderen():
    return (Inschrijving.select().join(Persoon)
            .where(Persoon.achternaam.startswith("Bestandskind")).count())


# ---------------------------------------------------------------- the school's way

def test_r_ins_04_a_file_of_50_rows_with_5_wrong_stores_45_and_names_the_5(school):
    antwoord = _verstuur(school, _vijftig())
    assert antwoord.status_code == 302
    bestand = _laatste()
    assert antwoord.headers["Location"].endswith(f"/bestanden/{bestand.id}")
    assert bestand.status == bestanden.Status.MET_FOUTEN
    assert (bestand.aantal_regels, bestand.regels_klaar, bestand.regels_fout) == (50, 50, 5)
    assert bestand.naam == "leerlingen 2026 (definitief).csv"
    assert _aantal_kinderen() == 45
    pagina = school.get(f"/bestanden/{bestand.id}").text
    assert "Verwerkt met fouten" in pagina
    fouten = {u.regel: u.fouten for u in bestanden.regels_van(bestand, alleen_fouten=True)}
    assert set(fouten) == {11, 21, 31, 41, 50}  # the header is row 1
    assert {f.regel for f in fouten[21]} == {"R-INS-06"} and fouten[21][0].veld == "postcode"
    assert {f.veld for f in fouten[31]} == {"geslacht"}
    assert {f.regel for f in fouten[41]} == {"R-INS-07"}
    assert fouten[11][0].veld == "datum_inschrijving"
    for regel in fouten:
        assert f'<th class="utrecht-table__cell" scope="row">{regel}</th>' in pagina
    assert "Postcode" in pagina and "geen geldige datum" in pagina


def test_the_verwerkingsverslag_is_returned_with_a_line_per_row(school):
    _verstuur(school, _vijftig())
    bestand = _laatste()
    verslag = bestanden.verslag_van(bestand)
    assert verslag is not None and verslag.status == bestanden.Status.NIEUW
    tekst = school.get(f"/bestanden/{verslag.id}/download").data.decode("utf-8-sig")
    regels = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert regels[0] == ["Regel", "Leerling", "Uitkomst", "Kolom", "Foutmelding"]
    per_regel = {}
    for regel, leerling, uitkomst, kolom, melding in regels[1:]:
        per_regel.setdefault(int(regel), []).append((uitkomst, kolom, melding))
        assert leerling == f"Sam Bestandskind {int(regel) - 1:03d}" or int(regel) == 50
    assert sorted(per_regel) == list(range(2, 52))
    assert per_regel[2] == [("Opgeslagen", "", "")]
    assert per_regel[21][0][:2] == ("Niet opgeslagen", "Postcode")
    assert Bestand.get_by_id(verslag.id).status == bestanden.Status.GEDOWNLOAD


def test_the_verslag_speaks_the_senders_language(school):
    school.post("/taal", data={"taal": "en", "csrf_token": csrf_token(school.get("/").text)})
    _verstuur(school, _csv([_rij(1, postcode="9999 ZZ")]))
    bestand = _laatste()
    assert bestand.taal == "en"
    tekst = bestanden.inhoud_van(bestanden.verslag_van(bestand)).decode("utf-8-sig")
    assert tekst.startswith("Row;Pupil;Outcome;Column;Error message") and "Not stored" in tekst
    assert "Postcode (Postcode)" not in tekst and ";Postcode;" in tekst


def test_sending_the_same_file_again_changes_nothing(school):
    _verstuur(school, _vijftig())
    personen, mutaties = Persoon.select().count(), _aantal_kinderen()
    _verstuur(school, _vijftig())
    tweede = _laatste()
    assert (Persoon.select().count(), _aantal_kinderen()) == (personen, mutaties)
    telling = bestanden.telling(tweede)
    assert telling == {bestanden.Uitkomst.ONGEWIJZIGD: 45, bestanden.Uitkomst.FOUT: 5}
    assert "Dit bestand is eerder verstuurd" in school.get(f"/bestanden/{tweede.id}").text


def test_a_pupil_twice_in_one_file_is_stored_once(school):
    """A batch checks its rows together, so a batch ends before a row about a pupil it
    already has: the same row twice is stored, then Ongewijzigd; one person. (A pupil
    with a number twice in one batch: test_inschrijving, R-INS-08.)"""
    _verstuur(school, _csv([_rij(1), _rij(2), _rij(1)]))
    assert [u.uitkomst for u in bestanden.regels_van(_laatste())] == [
        bestanden.Uitkomst.OPGESLAGEN, bestanden.Uitkomst.OPGESLAGEN,
        bestanden.Uitkomst.ONGEWIJZIGD]
    assert Persoon.select().where(Persoon.achternaam == "Bestandskind 001").count() == 1
    assert _aantal_kinderen() == 2


def test_the_corrected_rows_sent_alone_are_stored_and_all_50_are_registered(school):
    _verstuur(school, _vijftig())
    verbeterd = _csv([_rij(i) for i in FOUTEN])
    _verstuur(school, verbeterd, naam="verbeterd.xlsx.csv")
    assert bestanden.telling(_laatste()) == {bestanden.Uitkomst.OPGESLAGEN: 5}
    assert _aantal_kinderen() == 50
    overzicht = school.get("/bestanden/registratieoverzicht/31EG.csv").data.decode("utf-8-sig")
    assert sum("Bestandskind" in regel for regel in overzicht.splitlines()) == 50


def test_r_ins_03_a_later_file_with_a_datum_uitschrijving_ends_the_same_inschrijving(school):
    _verstuur(school, _csv([_rij(1)]))
    _verstuur(school, _csv([_rij(1, eind="31-07-2025")]))
    assert bestanden.telling(_laatste()) == {bestanden.Uitkomst.GEWIJZIGD: 1}
    inschrijving = Inschrijving.select().join(Persoon).where(
        Persoon.achternaam == "Bestandskind 001").get()
    assert inschrijving.datum_uitschrijving == datetime.date(2025, 7, 31)


def test_r_ins_01_a_row_of_another_instellingscode_is_refused(school):
    kop = "Instellingscode;" + KOP
    inhoud = (f"{kop}\r\n31UD;{_rij(1)}\r\n31ED;{_rij(2)}\r\n31EG;{_rij(3)}\r\n").encode()
    _verstuur(school, inhoud)
    fouten = {u.regel: u.fouten for u in bestanden.regels_van(_laatste(), alleen_fouten=True)}
    assert set(fouten) == {2, 3}
    assert fouten[2][0].veld == "instellingscode" and fouten[2][0].regel == "R-INS-01"
    assert _aantal_kinderen() == 1


# ---------------------------------------------------------------- the form's own messages

def test_r_ins_01_only_an_own_instellingscode_can_be_chosen(school):
    antwoord = _verstuur(school, _csv([_rij(1)]), code="31UD")
    assert antwoord.status_code == 422
    assert "Deze instellingscode hoort niet bij uw bestuur." in antwoord.text
    assert _laatste() is None


def test_an_empty_file_is_refused_at_once_and_nothing_is_stored(school):
    antwoord = _verstuur(school, b"")
    assert antwoord.status_code == 422 and "Het bestand is leeg." in antwoord.text
    assert _laatste() is None


def test_no_file_chosen_says_so_next_to_the_field(school):
    token = csrf_token(school.get("/bestanden/versturen").text)
    antwoord = school.post("/bestanden/versturen", data={
        "csrf_token": token, "bestandssoort": "rod", "instellingscode": "31EG"},
        content_type="multipart/form-data")
    assert antwoord.status_code == 422
    assert 'id="fout-bestand"' in antwoord.text and "Kies het bestand" in antwoord.text
    assert 'value="31EG" selected' in antwoord.text  # the choice stays


def test_an_unreadable_file_is_refused_with_its_reason_and_stores_no_row(school):
    _verstuur(school, b"%PDF-1.7 not a table", naam="leerlingen.csv")
    bestand = _laatste()
    assert bestand.status == bestanden.Status.GEWEIGERD
    assert not Bestandsregel.select().where(Bestandsregel.bestand == bestand).exists()
    pagina = school.get(f"/bestanden/{bestand.id}").text
    assert "Geweigerd" in pagina and bestanden.opmerkingen_van(bestand)


def test_the_form_needs_its_csrf_token(school):
    antwoord = school.post("/bestanden/versturen", data={
        "bestandssoort": "rod", "instellingscode": "31EG",
        "bestand": (io.BytesIO(_csv([_rij(1)])), "x.csv")}, content_type="multipart/form-data")
    assert antwoord.status_code == 400 and _laatste() is None


# ---------------------------------------------------------------- progress

def test_the_progress_is_polled_until_the_file_is_done(school):
    _verstuur(school, _csv([_rij(1)]))
    bestand = _laatste()
    htmx = {"HX-Request": "true", "HX-Target": "voortgang"}
    klaar = school.get(f"/bestanden/{bestand.id}", headers=htmx)
    assert klaar.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in klaar.text and "<html" not in klaar.text
    Bestand.update(status=bestanden.Status.IN_VERWERKING, aantal_regels=40,
                   regels_klaar=10).where(Bestand.id == bestand.id).execute()
    bezig = school.get(f"/bestanden/{bestand.id}", headers=htmx)
    assert bezig.status_code == 200
    assert 'hx-trigger="every 1000ms"' in bezig.text
    assert '<progress id="voortgangsbalk" max="40" value="10">' in bezig.text
    pagina = school.get(f"/bestanden/{bestand.id}").text  # without JavaScript
    assert "<noscript>" in pagina and "Vernieuwen" in pagina


# ---------------------------------------------------------------- a worker that stops

class Afgebroken(BaseException):
    """What a killed worker leaves: the batch it was in is rolled back."""


def _afbreken_na(regels, aantal):
    for i, regel in enumerate(regels):
        if i == aantal:
            raise Afgebroken()
        yield regel


def test_a_file_cut_off_mid_way_is_finished_by_the_next_worker_without_doubles(
        app, actor_school):
    aantal = bestanden.BATCH + 250
    inhoud = _csv([_rij(i) for i in range(1, aantal + 1)])
    bestand = bestanden.verstuur(actor_school, "31EG", "groot.csv", inhoud)
    eerste, houder = bestanden.neem(bestand.id)
    gelezen = inschrijvingsbestand.lees(eerste.naam, inhoud, "31EG")
    with pytest.raises(Afgebroken):
        bestanden.verwerk(eerste, houder, gelezen.aantal, [],
                          _afbreken_na(gelezen.regels(), bestanden.BATCH + 50))
    # The first batch (BATCH rows) committed with its results; the second did not.
    assert Bestand.get_by_id(bestand.id).regels_klaar == bestanden.BATCH
    assert _aantal_kinderen() == bestanden.BATCH
    assert bestanden.neem(bestand.id) is None  # the claim still holds
    Bestand.update(geclaimd_tot=utcnow() - datetime.timedelta(seconds=1)).where(
        Bestand.id == bestand.id).execute()
    assert bestand.id in bestanden.open_werk()
    taken.verwerk(bestand.id)
    klaar = Bestand.get_by_id(bestand.id)
    assert klaar.status == bestanden.Status.VERWERKT and klaar.regels_klaar == aantal
    assert _aantal_kinderen() == aantal
    assert Bestandsregel.select().where(Bestandsregel.bestand == bestand.id).count() == aantal
    with pytest.raises(bestanden.Overgenomen):  # the first worker, back, may not go on
        bestanden.verleng(eerste, houder)


def test_a_file_claimed_by_one_worker_is_left_alone_by_another(app, actor_school):
    bestand = bestanden.verstuur(actor_school, "31EG", "a.csv", _csv([_rij(1)]))
    assert bestanden.neem(bestand.id) is not None
    assert bestanden.neem(bestand.id) is None
    taken.verwerk(bestand.id)  # a second job for the same file does nothing
    assert Bestand.get_by_id(bestand.id).status == bestanden.Status.IN_VERWERKING
    assert _aantal_kinderen() == 0


def test_r_avg_03_a_sender_blocked_before_processing_gets_the_file_refused(app, actor_school):
    from models import Gebruiker
    bestand = bestanden.verstuur(actor_school, "31EG", "a.csv", _csv([_rij(1)]))
    Gebruiker.update(actief=False).where(Gebruiker.gebruikersnaam == "school").execute()
    taken.verwerk(bestand.id)
    bestand = Bestand.get_by_id(bestand.id)
    assert bestand.status == bestanden.Status.GEWEIGERD and _aantal_kinderen() == 0
    assert bestanden.opmerkingen_van(bestand)[0].regel == "R-AVG-03"


# ---------------------------------------------------------------- access (R-AVG-03)

def test_r_avg_03_another_organisations_file_is_not_there(client, actor_school):
    bestand = bestanden.verstuur(actor_school, "31EG", "a.csv", _csv([_rij(1)]))
    inloggen_als(client, "school2")
    assert client.get(f"/bestanden/{bestand.id}").status_code == 403
    assert client.get(f"/bestanden/{bestand.id}/download").status_code == 403
    assert client.get("/bestanden/registratieoverzicht/31EG.csv").status_code == 403
    with pytest.raises(GeenToegang):
        bestanden.bestand_van(actor("school2"), bestand.id)


def test_r_avg_03_a_verzuimmelder_without_schooladministratie_cannot_send(client):
    from tests.factories import nieuwe_gebruiker
    nieuwe_gebruiker("00000099100000041234", "alleen.melder", ["verzuimmelder"], ["31ED"])
    inloggen_als(client, "alleen.melder")
    assert client.get("/bestanden/versturen").status_code == 403
    with pytest.raises(Ongeldig):
        bestanden.verstuur(actor("alleen.melder"), "31ED", "a.csv", b"x")


# ---------------------------------------------------------------- Bestanden ophalen

def test_the_registratieoverzicht_is_live_logged_and_safe_from_formulas(school, actor_school):
    _verstuur(school, _csv([_rij(1), _rij(2, achternaam="=HYPERLINK(\"http://x\")")]))
    tekst = school.get("/bestanden/registratieoverzicht/31EG.csv").data.decode("utf-8-sig")
    regels = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert regels[0][:3] == ["Instellingscode", "Bsn", "Onderwijsnummer"]
    assert any(r[3] == "'=HYPERLINK(\"http://x\")" for r in regels[1:])
    kind = next(r for r in regels[1:] if r[3] == "Bestandskind 001")
    assert kind[0] == "31EG" and kind[6] == "03-02-2016" and kind[8] == "01-08-2024"
    assert kind[2]  # the onderwijsnummer the register gave
    log = Inzagelog.select().where(Inzagelog.doel == "registratieoverzicht").order_by(
        Inzagelog.id.desc()).first()
    assert log is not None and log.actor == actor_school.kenmerk
    xlsx = school.get("/bestanden/registratieoverzicht/31EG.xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][0] == "Instellingscode" and len(rijen) == len(regels)


def test_the_registratieoverzicht_reads_in_parts_and_keeps_every_row(app, actor_school,
                                                                      monkeypatch):
    from tests.factories import vul_school
    vul_school(actor_school, "31GY", 7)
    monkeypatch.setattr(bestanden, "OVERZICHT_PARTIJ", 3)
    rijen = list(bestanden.registratieoverzicht(actor_school, "31GY"))
    namen = [r[3] for r in rijen if r[3].startswith("Paginakind")]
    assert namen == [f"Paginakind {i:03d}" for i in range(1, 8)]


def test_files_are_downloaded_alone_or_selected_in_one_zip(school):
    _verstuur(school, _csv([_rij(1)]), naam="een.csv")
    _verstuur(school, _csv([_rij(2)]), naam="twee.csv")
    pagina = school.get("/bestanden/ophalen")
    assert "Registratieoverzicht" in pagina.text and "Verwerkingsverslag" in pagina.text
    ids = [b.id for b in bestanden.retour(actor("school")).bestanden][:2]
    antwoord = school.post("/bestanden/ophalen", data={
        "csrf_token": csrf_token(pagina.text), "bestand": [str(i) for i in ids]})
    assert antwoord.mimetype == "application/zip"
    namen = zipfile.ZipFile(io.BytesIO(antwoord.data)).namelist()
    assert len(namen) == 2 and all(n.startswith("verwerkingsverslag-") for n in namen)
    nieuw = school.get("/bestanden/ophalen?status=nieuw").text
    assert not any(f'value="{i}"' in nieuw for i in ids)  # both gedownload now


def test_overzicht_verstuurde_bestanden_shows_sender_status_and_rows(school):
    _verstuur(school, _vijftig(), naam="lijst.csv")
    pagina = school.get("/bestanden/verstuurd").text
    assert "lijst.csv" in pagina and "Lotte Bone" in pagina
    assert "Verwerkt met fouten" in pagina and "50 van 50, 5 met fouten" in pagina
    assert "lijst.csv" not in school.get("/bestanden/verstuurd?status=verwerkt").text


@pytest.mark.parametrize("variant", inschrijvingsbestand.VARIANTEN)
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_r_ins_04_r_ins_06_a_template_sent_unchanged_enrols_nobody(school, variant, ext):
    """The example row is no pupil: the template as downloaded is refused with a message
    saying to replace it (the filled-in template reads back: test_formats)."""
    antwoord = school.get(f"/bestanden/sjabloon/{variant}.{ext}")
    assert antwoord.status_code == 200
    assert f"sjabloon-inschrijvingen-{variant}.{ext}" in antwoord.headers["Content-Disposition"]
    personen = Persoon.select().count()
    _verstuur(school, antwoord.data, naam=f"sjabloon.{ext}")
    bestand = _laatste()
    assert bestand.status == bestanden.Status.GEWEIGERD and Persoon.select().count() == personen
    assert bestanden.opmerkingen_van(bestand)[0].melding == inschrijvingsbestand.ALLEEN_VOORBEELD


def test_retention_removes_files_and_their_rows_but_not_work_in_progress(app, actor_school):
    oud = bestanden.verstuur(actor_school, "31EG", "oud.csv", _csv([_rij(1)]))
    taken.verwerk(oud.id)
    bezig = bestanden.verstuur(actor_school, "31EG", "bezig.csv", _csv([_rij(2)]))
    Bestand.update(bewaren_tot=datetime.date(2020, 1, 1)).execute()
    assert bestanden.ruim_op() == 2  # the sent file and its verslag
    assert Bestand.get_or_none(Bestand.id == oud.id) is None
    assert not Bestandsregel.select().where(Bestandsregel.bestand == oud.id).exists()
    assert set(Bestandsinhoud.select(Bestandsinhoud.bestand).tuples()) == {(bezig.id,)}
    assert Bestand.get_by_id(bezig.id).status == bestanden.Status.ONTVANGEN


def test_a_file_over_the_limit_is_refused_with_the_limit_named(app, school, monkeypatch):
    token = csrf_token(school.get("/bestanden/versturen").text)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    antwoord = school.post("/bestanden/versturen", data={
        "csrf_token": token, "bestandssoort": "rod", "instellingscode": "31EG",
        "bestand": (io.BytesIO(b"x" * (2 * 1024 * 1024)), "groot.csv")},
        content_type="multipart/form-data")
    assert antwoord.status_code == 413 and "hoogstens 1 MB" in antwoord.text
    assert _laatste() is None


def test_r_ins_04_r_ins_05_r_ins_06_a_row_wrong_everywhere_gets_every_message_at_once(school):
    """As the form: what could not be read and every other field's problem, in one round."""
    kop = "Bsn;Geslacht;Geboortedatum;Datum inschrijving;Postcode;Huisnummer;Landcode"
    _verstuur(school, f"{kop}\r\n123456789;X;32-13-2015;31-02-2024;9999 ZZ;abc;12\r\n".encode())
    ((regel, uitkomst, fouten, _leerling),) = bestanden.regels_van(_laatste())
    assert (regel, uitkomst) == (2, bestanden.Uitkomst.FOUT)
    assert {"bsn", "geslacht", "geboortedatum", "datum_inschrijving"} <= {f.veld for f in fouten}
    assert not Inschrijving.select().join(Persoon).where(Persoon.bsn == "123456789").exists()


def test_a_file_keeps_its_own_name_also_with_accents_and_folders(school):
    _verstuur(school, _csv([_rij(1)]), naam="../../etc/leerlingen groep 8 (Zoë).csv")
    bestand = _laatste()
    assert bestand.naam == "leerlingen groep 8 (Zoë).csv"
    kop = school.get(f"/bestanden/{bestand.id}/download").headers["Content-Disposition"]
    assert "filename*=UTF-8''leerlingen%20groep%208%20%28Zo%C3%AB%29.csv" in kop


def test_the_form_names_every_problem_at_once_and_keeps_the_choices(school):
    token = csrf_token(school.get("/bestanden/versturen").text)
    antwoord = school.post("/bestanden/versturen", data={
        "csrf_token": token, "bestandssoort": "", "instellingscode": ""},
        content_type="multipart/form-data")
    assert antwoord.status_code == 422
    for melding in ("Kies een bestandssoort.", "Kies een instellingscode.",
                    "Kies het bestand dat u wilt versturen."):
        assert melding in antwoord.text


def test_downloading_nothing_selected_says_what_to_do(school):
    pagina = school.get("/bestanden/ophalen")
    antwoord = school.post("/bestanden/ophalen", data={"csrf_token": csrf_token(pagina.text)},
                           follow_redirects=True)
    assert "Kies eerst de bestanden die u wilt downloaden." in antwoord.text


def test_the_lists_of_files_go_a_page_at_a_time_keeping_their_filters(school, monkeypatch):
    monkeypatch.setattr(bestanden, "PER_PAGINA", 2)
    for i in range(3):
        _verstuur(school, _csv([_rij(i + 1)]), naam=f"lijst-{i}.csv")
    eerste = school.get("/bestanden/verstuurd?status=verwerkt").text
    assert "lijst-2.csv" in eerste and "lijst-0.csv" not in eerste
    assert 'href="/bestanden/verstuurd?pagina=2&amp;status=verwerkt"' in eerste
    tweede = school.get("/bestanden/verstuurd?status=verwerkt&pagina=2").text
    assert "lijst-0.csv" in tweede and "lijst-2.csv" not in tweede
    assert "Alle bestandssoorten" in tweede


def test_the_resend_check_reads_the_schools_name_index_and_not_every_person(app, db):
    """The check whether a row without a number is already there must not grow with the
    register: it reads the school's (instelling, sorteernaam) index, on SQLite also
    without statistics, and the persons only after, by id (a `bsn IS NULL` term made
    SQLite walk the bsn index through every person without a BSN, and PostgreSQL with
    statistics of a smaller register read every person for a join: a file of 100,000 got
    slower with every row)."""
    from peewee import SqliteDatabase

    from domain.datums import DeelDatum
    from domain.inschrijving import Adres, InschrijvingInvoer, PersoonInvoer
    invoer = InschrijvingInvoer(
        instellingscode="31EG", datum_inschrijving=datetime.date(2024, 8, 1),
        persoon=PersoonInvoer(variant="zonder", achternaam="Vries", voornamen="Sam",
                              geboortedatum=DeelDatum(2016, 2, 3), adres=Adres()))
    if not isinstance(db.obj, SqliteDatabase):
        pytest.skip("SQLite's planner without statistics; PostgreSQL plans by its own")
    sql, params = bestanden._zelfde_zonder([bestanden._zelfde_sleutel(invoer)], 1).sql()
    plan = " ".join(str(r) for r in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "USING INDEX inschrijving_instelling_id_sorteernaam" in plan and "SCAN t" not in plan


def test_results_in_the_enrolment_file_are_registered_once_with_their_rows(school):
    """The optional columns Diploma, Datum diploma and Startkwalificatie (seed 003,
    Resultaten): a row's result is registered for its pupil, the first startkwalificatie
    is a P-levering event; a wrong result refuses its row (nothing stored); sending the
    file again registers nothing twice; a result dated before the enrolment keeps the
    enrolment and says why the result is not there."""
    from models import Mutatie, Resultaat
    kop = KOP + ";Diploma;Datum diploma;Startkwalificatie"
    rijen = [_rij(1) + ";Diploma havo;01-07-2026;ja",
             _rij(2) + ";Diploma havo;01-07-2026;misschien",
             _rij(3) + ";Diploma havo;;nee",
             _rij(4) + ";Diploma vmbo;01-07-2020;nee",
             _rij(5) + ";;;"]
    inhoud = ("\r\n".join([kop, *rijen]) + "\r\n").encode()
    voor = Resultaat.select().count()
    _verstuur(school, inhoud)
    bestand = _laatste()
    uitslagen = {u.regel: u for u in bestanden.regels_van(bestand)}
    assert [uitslagen[r].uitkomst for r in (2, 3, 4, 5, 6)] == [
        bestanden.Uitkomst.OPGESLAGEN, bestanden.Uitkomst.FOUT, bestanden.Uitkomst.FOUT,
        bestanden.Uitkomst.OPGESLAGEN, bestanden.Uitkomst.OPGESLAGEN]
    assert [f.veld for f in uitslagen[3].fouten] == ["startkwalificatie"]
    assert [f.veld for f in uitslagen[4].fouten] == ["datum_diploma"]
    assert [f.veld for f in uitslagen[5].fouten] == ["datum"]  # before the enrolment
    assert Resultaat.select().count() == voor + 1
    persoon = Persoon.get(Persoon.achternaam == "Bestandskind 001")
    assert [m.soort for m in Mutatie.select().where(
        Mutatie.persoon == persoon, Mutatie.onderwerp == "resultaat")] == [
        "resultaat toegevoegd", "startkwalificatie behaald"]
    _verstuur(school, inhoud)
    assert Resultaat.select().count() == voor + 1
    verslag = bestanden.inhoud_van(bestanden.verslag_van(bestand)).decode("utf-8-sig")
    assert "Datum diploma" in verslag and "Startkwalificatie" in verslag
