"""Koppeling OWN/BSN (seed 002, R-LEV-04) and the merge of a person registered twice
(R-INS-10): a Behandelaar RMC sends the Excel file Koppelen gegevens, the register links
the numbers of its area's pupils and answers in the same file, questions go to functioneel
beheer, and a link can be undone."""
import datetime
import io
import zipfile

import openpyxl
import pytest

from domain import inschrijving as ins
from domain import koppeling, resultaat
from domain.bestanden import Uitkomst
from domain.fouten import Ongeldig
from formats import Onleesbaar
from formats import koppelingen as kb
from models import (
    Bestand,
    Inschrijving,
    Koppeling,
    Mutatie,
    Persoon,
    Resultaat,
    UitgaandeMail,
    Vraag,
)
from tests.conftest import csrf_token, inloggen_als
from tests.factories import (
    BRP_KIND,
    SCHOOLJAAR_2024,
    UTRECHTER,
    actor,
    brp_kind,
    met_bsn,
    zonder,
)
from tests.test_web_leveringen import _verstuur as verstuur

D = datetime.date
VANDAAG = datetime.date.today()
NAAM = f"{VANDAAG:%Y%m%d}G0363.koci.xlsx"
IN_AMSTERDAM = ins.Adres(soort="binnenland", postcode="1094 HA", huisnummer="7")
IN_UTRECHT = ins.Adres(soort="binnenland", postcode="3511 AA", huisnummer="7")


def _zonder_nummer(adres=IN_AMSTERDAM, code="31ED", begin=SCHOOLJAAR_2024):
    """A pupil the school enrolled without a number: the register gives it an
    onderwijsnummer (R-INS-11). Born on GEBOREN_2015, like brp_kind()."""
    invoer = zonder(adres=adres, geboren=ins.DeelDatum(2015, 5, 1), code=code, begin=begin,
                    achternaam="Testkind")
    uitkomst = ins.registreer(invoer, actor("school"))
    return Persoon.get_by_id(uitkomst.persoon.id)


def _gebied(code="0363"):
    from models import Gemeente
    return [Gemeente.get(Gemeente.code == code).id]


def _koppel(bsn, onderwijsnummer, gebruiker="rmc.amsterdam"):
    return koppeling.koppel(actor(gebruiker), _gebied(), bsn, onderwijsnummer)


def _xlsx(rijen, koppen=kb.KOLOMMEN[:5]):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(list(koppen))
    for rij in rijen:
        blad.append(list(rij))
    for cel in (c for rij in blad.iter_rows() for c in rij):
        if isinstance(cel.value, str) and cel.value.startswith("="):
            cel.data_type = "s"  # as typed, as text: not a formula of the test's own
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


# ---------------------------------------------------------------- the link (domain)

def test_r_lev_04_a_bsn_not_in_the_register_is_given_to_the_pupil_with_its_brp_data(db):
    brp_kind()
    eigen = _zonder_nummer()
    uitkomst, melding = _koppel(BRP_KIND, eigen.onderwijsnummer)
    assert (uitkomst, melding) == (Uitkomst.GEKOPPELD, koppeling.GEKOPPELD)
    persoon = Persoon.get_by_id(eigen.id)
    assert persoon.bsn == BRP_KIND and persoon.onderwijsnummer == eigen.onderwijsnummer
    assert (persoon.achternaam, persoon.adresbron) == ("Testkind", "brp")  # R-INS-12
    (k,) = Koppeling.select().where(Koppeling.persoon == eigen.id)
    assert (k.soort, k.status, k.vervallen_id) == ("bsn toegevoegd", "actief", None)
    assert Mutatie.select().where(Mutatie.persoon == eigen.id,
                                  Mutatie.soort == "persoon bsn toegevoegd").count() == 1
    # the same pair again: already linked, nothing written
    assert _koppel(BRP_KIND, eigen.onderwijsnummer)[0] == Uitkomst.ONGEWIJZIGD
    assert Koppeling.select().where(Koppeling.persoon == eigen.id).count() == 1


def test_r_ins_10_a_pupil_registered_under_both_numbers_becomes_one_and_can_be_undone(db):
    """The BSN person takes in the onderwijsnummer person: its enrolment and result move,
    its number too; the one taken in stays, empty, pointing at the other. Undoing puts
    every row and both numbers back."""
    brp_kind()
    eigen = _zonder_nummer(code="31ED")
    met = ins.registreer(met_bsn(code="31GY"), actor("school")).persoon
    diploma = resultaat.registreer(actor("school"), resultaat.ResultaatInvoer(
        "31ED", eigen.onderwijsnummer, D(2026, 7, 1), "Diploma po"))
    own = eigen.onderwijsnummer
    assert _koppel(BRP_KIND, own) == (Uitkomst.GEKOPPELD, koppeling.SAMENGEVOEGD)
    persoon, vervallen = Persoon.get_by_id(met.id), Persoon.get_by_id(eigen.id)
    assert (persoon.bsn, persoon.onderwijsnummer) == (BRP_KIND, own)
    assert (vervallen.bsn, vervallen.onderwijsnummer, vervallen.woongemeente_id,
            vervallen.samengevoegd_in_id) == (None, None, None, met.id)
    assert {i.instelling.code for i in Inschrijving.select().where(
        Inschrijving.persoon == met.id)} == {"31ED", "31GY"}
    na = Resultaat.get_by_id(diploma.id)
    assert na.persoon_id == met.id and na.versie == diploma.versie + 1
    (k,) = Koppeling.select().where(Koppeling.persoon == met.id)
    assert k.soort == "samengevoegd" and k.vervallen_id == eigen.id

    koppeling.draai_terug(actor("functioneel.beheer"), k.id)
    persoon, vervallen = Persoon.get_by_id(met.id), Persoon.get_by_id(eigen.id)
    assert (persoon.bsn, persoon.onderwijsnummer) == (BRP_KIND, None)
    assert (vervallen.onderwijsnummer, vervallen.samengevoegd_in_id,
            vervallen.woongemeente_id) == (own, None, eigen.woongemeente_id)
    assert [i.instelling.code for i in Inschrijving.select().where(
        Inschrijving.persoon == eigen.id)] == ["31ED"]
    assert Resultaat.get_by_id(diploma.id).persoon_id == eigen.id
    assert Koppeling.get_by_id(k.id).status == "teruggedraaid"
    with pytest.raises(Ongeldig) as fout:
        koppeling.draai_terug(actor("functioneel.beheer"), k.id)
    assert fout.value.fouten[0].melding == koppeling.AL_TERUGGEDRAAID
    # and linked again, as new
    assert _koppel(BRP_KIND, own)[0] == Uitkomst.GEKOPPELD


def test_r_ins_10_every_table_of_a_persons_rows_moves_in_a_merge():
    """A table added later with a foreign key to persoon moves with a merge unless it is
    the history: the list is the model's, not kept by hand."""
    tabellen = {v.model._meta.table_name for v in koppeling._verplaatsbaar()}
    assert tabellen == {"inschrijving", "resultaat", "verzuimmelding", "melding_concept",
                        "vrijstelling"}


def test_r_ins_10_an_undone_bsn_link_gives_the_school_data_back(db):
    brp_kind()
    eigen = _zonder_nummer()
    _koppel(BRP_KIND, eigen.onderwijsnummer)
    (k,) = Koppeling.select().where(Koppeling.persoon == eigen.id)
    koppeling.draai_terug(actor("functioneel.beheer"), k.id)
    terug = Persoon.get_by_id(eigen.id)
    assert (terug.bsn, terug.adresbron, terug.postcode, terug.huisnummer) == (
        None, "school", eigen.postcode, 7)


def test_r_ins_08_a_merge_that_would_overlap_at_one_instelling_is_refused(db):
    brp_kind()
    eigen = _zonder_nummer(code="31ED")
    ins.registreer(met_bsn(code="31ED", begin=D(2025, 8, 1)), actor("school"))
    with pytest.raises(Ongeldig) as fout:
        _koppel(BRP_KIND, eigen.onderwijsnummer)
    assert fout.value.fouten[0].melding == koppeling.OVERLAP
    assert fout.value.fouten[0].params == {"code": "31ED"}
    assert Persoon.get_by_id(eigen.id).onderwijsnummer == eigen.onderwijsnummer
    assert not Koppeling.select().where(Koppeling.onderwijsnummer == eigen.onderwijsnummer
                                        ).exists()


def test_r_avg_03_numbers_outside_the_area_are_not_found_and_nothing_tells_more(db):
    """R-AVG-04: outside the area and unknown say the same."""
    brp_kind()
    utrechter = _zonder_nummer(adres=IN_UTRECHT)
    eigen = _zonder_nummer()
    weigeringen = []
    for bsn, own in ((BRP_KIND, utrechter.onderwijsnummer),  # the pupil lives in Utrecht
                     (UTRECHTER, eigen.onderwijsnummer),  # the BSN's person does
                     ("123456782", eigen.onderwijsnummer),  # a BSN no one has
                     (BRP_KIND, "100000016")):  # an onderwijsnummer no one has
        with pytest.raises(Ongeldig) as fout:
            _koppel(bsn, own)
        weigeringen.append(fout.value.fouten[0].melding)
    assert set(weigeringen) == {koppeling.NIET_IN_GEBIED}
    assert Persoon.get_by_id(eigen.id).bsn is None


def test_r_lev_04_different_birth_dates_are_not_linked(db):
    brp_kind(geboren=D(2014, 1, 1))
    eigen = _zonder_nummer()
    with pytest.raises(Ongeldig) as fout:
        _koppel(BRP_KIND, eigen.onderwijsnummer)
    assert fout.value.fouten[0].melding == koppeling.GEBOORTEDATUM


# ---------------------------------------------------------------- the file (formats)

@pytest.mark.parametrize("naam,melding", [
    (f"{VANDAAG:%Y%m%d}g0363.koci.xlsx", kb.KLEINE_LETTERS),
    (f"{VANDAAG:%Y%m%d}G363.koci.xlsx", "De code in de bestandsnaam heeft 4 cijfers. Vul hem "
                                        "aan met nullen vooraan: %(goed)s."),
    ("20181325G0363.koci.xls", "%(datum)s in de bestandsnaam is geen datum. Schrijf de datum "
                               "als jaar, maand, dag (JJJJMMDD), bijvoorbeeld 20180925 voor 25 "
                               "september 2018."),
    (f"{VANDAAG + datetime.timedelta(days=1):%Y%m%d}G0363.koci.xlsx",
     "De datum in de bestandsnaam (%(datum)s) ligt in de toekomst. Gebruik de datum van "
     "vandaag of een eerdere datum."),
    ("koppelen.xlsx", kb.OPBOUW),
    (f"{VANDAAG:%Y%m%d}G0363.koci.txt", kb.GEEN_EXCEL),
])
def test_r_lev_04_every_mistake_in_the_name_says_how_to_fix_it(naam, melding):
    with pytest.raises(Onleesbaar) as fout:
        kb.lees_naam(naam, VANDAAG)
    assert melding in [f.melding for f in fout.value.fouten]
    assert all(f.regel == "R-LEV-04" for f in fout.value.fouten)


def test_r_lev_04_the_name_gives_area_code_and_kind():
    naam = kb.lees_naam("20180925R0023.koci.xls", VANDAAG)
    assert (naam.peildatum, naam.gebied, naam.code, naam.xls) == (D(2018, 9, 25), "R", "0023",
                                                                  True)


def test_rows_are_read_as_people_write_them():
    """A BSN typed as a number loses its leading zero in Excel; a title above the header;
    headers in other words; every kind of row."""
    inhoud = _xlsx([("Koppelen gegevens",), (), ("Burgerservicenummer", "OWN", "Opmerking"),
                    (12345672, "100000016", ""),  # 012345672 as a number
                    ("999990007", "", "Woont zij nog in Amsterdam?"),
                    ("999990008", "", ""),  # invalid BSN
                    ("", "", "Wie is dit?"),
                    ("999990007", "", "")], koppen=("",))
    rijen = list(kb.lees(inhoud).rijen())
    assert [(r.nummer, r.soort) for r in rijen] == [
        (5, "koppeling"), (6, "vraag"), (7, "fout"), (8, "fout"), (9, "fout")]
    assert rijen[0].bsn == "012345672"
    assert rijen[2].fouten[0].melding == kb.GEEN_BSN
    assert rijen[3].fouten[0].melding == kb.VRAAG_ZONDER_NUMMER
    assert rijen[4].fouten[0].melding == kb.BEIDE


@pytest.mark.parametrize("inhoud,melding", [
    (b"", kb.GEEN_REGELS),
    (b"BSN;Onderwijsnummer\r\n999990007;100000009\r\n", kb.GEEN_EXCEL),  # a CSV, renamed
    (_xlsx([]), kb.GEEN_REGELS),
    (_xlsx([("999990007", "100000016")], koppen=("Naam", "Adres")), kb.GEEN_KOPPEN),
    (b"PK\x03\x04" + b"\x00" * 200, kb.GEEN_EXCEL),  # a broken zip
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, kb.GEEN_EXCEL),  # an OLE2 file that is no .xls
    (b"x" * (kb.MAX_GROOTTE + 1), kb.TE_GROOT),
], ids=["empty", "csv", "only-header", "no-number-columns", "broken-zip", "not-xls", "huge"])
def test_hostile_files_are_refused_with_a_message_and_nothing_read(inhoud, melding):
    with pytest.raises(Onleesbaar) as fout:
        kb.lees(inhoud)
    assert fout.value.fouten[0].melding == melding


def test_a_zip_bomb_and_a_path_traversal_are_refused_before_unpacking():
    from formats import inschrijvingen as ib
    bom = io.BytesIO()
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("xl/worksheets/sheet1.xml", bytes(300 * 1024 * 1024 // 100) * 100)
    with pytest.raises(Onleesbaar) as fout:
        kb.lees(bom.getvalue())
    assert fout.value.fouten[0].melding == ib.TE_GROOT_UITGEPAKT
    pad = io.BytesIO()
    with zipfile.ZipFile(pad, "w") as archief:
        archief.writestr("../../etc/cron.d/x", b"* * * * * root true")
    with pytest.raises(Onleesbaar) as fout:
        kb.lees(pad.getvalue())
    assert fout.value.fouten[0].melding == ib.VREEMDE_ONDERDELEN


def test_more_rows_than_allowed_are_refused(monkeypatch):
    monkeypatch.setattr(kb, "MAX_RIJEN", 3)
    with pytest.raises(Onleesbaar) as fout:
        kb.lees(_xlsx([("999990007", "100000016")] * 4))
    assert fout.value.fouten[0].melding == kb.TE_VEEL


def test_the_answered_file_keeps_every_cell_as_text_never_a_formula():
    inhoud = kb.lees(_xlsx([("999990007", "100000016", "Jansen", "", "=HYPERLINK(\"x\")")]))
    blokken = inhoud.beantwoord(lambda nummer: ("Gekoppeld", "=1+1"))
    blad = openpyxl.load_workbook(io.BytesIO(b"".join(blokken))).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0] == kb.KOLOMMEN
    assert rijen[1] == ("999990007", "100000016", "Jansen", "", "=HYPERLINK(\"x\")",
                        "Gekoppeld", "=1+1")
    assert all(c.data_type == "s" for c in blad[2])


# ---------------------------------------------------------------- end to end

def _verstuur(client, naam, inhoud):
    return verstuur(client, naam, inhoud, soort="koppeling-own-bsn")


def _antwoord(bestand):
    from domain.bestanden import inhoud_van
    blad = openpyxl.load_workbook(io.BytesIO(inhoud_van(bestand))).active
    return {r[0]: r for r in blad.iter_rows(min_row=2, values_only=True)}


def test_r_lev_04_a_koci_file_is_linked_and_returned_answered_with_a_mail(rmc, client, app):
    """The seed's steps: the file is sent as Koppeling OWN/BSN, the links are made at once,
    the file comes back in Bestanden ophalen with the result of every row and a mail;
    the question goes to functioneel beheer, whose answer returns the file again."""
    brp_kind()
    eigen = _zonder_nummer()
    utrechter = _zonder_nummer(adres=IN_UTRECHT)
    mails = UitgaandeMail.select().count()
    antwoord = _verstuur(rmc, NAAM, _xlsx([
        (BRP_KIND, eigen.onderwijsnummer, "Testkind", "01-05-2015", "Zit zij op 31ED?"),
        ("999990008", eigen.onderwijsnummer, "", "", ""),
        ("999990329", utrechter.onderwijsnummer, "", "", ""),
        ("999990007", "", "", "", "Is deze leerling verhuisd?"),
    ]))
    assert antwoord.status_code == 302, antwoord.text
    bestand = Bestand.get_by_id(int(antwoord.headers["Location"].rsplit("/", 1)[1]))
    assert (bestand.soort, bestand.status) == ("koppeling-own-bsn", "verwerkt met fouten")
    assert Persoon.get_by_id(eigen.id).bsn == BRP_KIND
    pagina = rmc.get(f"/bestanden/{bestand.id}").text
    # no instelling to show; a row's column named as the template names it
    assert "Instellingscode" not in pagina and '<td class="utrecht-table__cell">BSN</td>' in pagina
    for tekst in ("Gekoppeld: <strong>1</strong>", "Niet gekoppeld: <strong>2</strong>",
                  "Alleen een vraag: <strong>1</strong>", "2 vragen wachten op antwoord",
                  "Download het beantwoorde bestand"):
        assert tekst in pagina
    (retour,) = Bestand.select().where(Bestand.bron == bestand.id)
    assert retour.naam == f"{VANDAAG:%Y%m%d}G0363-resultaat.koci.xlsx"
    assert retour.richting == "retour"
    rijen = _antwoord(retour)
    assert rijen[BRP_KIND][5] == koppeling.GEKOPPELD
    assert rijen[BRP_KIND][6].startswith("Uw vraag is doorgestuurd")
    assert rijen["999990008"][5] == "999990008 is geen geldig BSN."
    assert rijen["999990329"][5] == "Niet gevonden in uw gemeente of regio"
    (mail,) = UitgaandeMail.select().order_by(UitgaandeMail.id.desc()).limit(1)
    assert UitgaandeMail.select().count() == mails + 1 and "is verwerkt" in mail.onderwerp
    assert "Uw vragen (2) worden beantwoord" in mail.tekst and BRP_KIND not in mail.tekst

    # functioneel beheer answers both questions
    beheer = app.test_client()
    inloggen_als(beheer, "functioneel.beheer")
    pagina = beheer.get("/beheer/vragen").text
    assert "Zit zij op 31ED?" in pagina and "Is deze leerling verhuisd?" in pagina
    vragen = list(Vraag.select().where(Vraag.bestand == bestand.id).order_by(Vraag.regel))
    token = csrf_token(pagina)
    leeg = beheer.post(f"/beheer/vragen/{vragen[0].id}", data={"csrf_token": token,
                                                               "antwoord": " "})
    assert leeg.status_code == 422 and "Vul een antwoord in." in leeg.text
    for vraag, tekst in zip(vragen, ("Ja, sinds augustus 2024.", "Nee."), strict=True):
        assert beheer.post(f"/beheer/vragen/{vraag.id}", data={
            "csrf_token": token, "antwoord": tekst}).status_code == 302
    dubbel = beheer.post(f"/beheer/vragen/{vragen[0].id}", data={"csrf_token": token,
                                                                 "antwoord": "Nog eens"})
    assert dubbel.status_code == 409 and "intussen beantwoord" in dubbel.text
    laatste = Bestand.select().where(Bestand.bron == bestand.id).order_by(Bestand.id.desc()
                                                                         ).first()
    assert laatste.id != retour.id and laatste.naam.endswith("G0363-antwoorden.koci.xlsx")
    rijen = _antwoord(laatste)
    assert rijen[BRP_KIND][6] == "Ja, sinds augustus 2024." and rijen["999990007"][6] == "Nee."
    (mail,) = UitgaandeMail.select().order_by(UitgaandeMail.id.desc()).limit(1)
    assert UitgaandeMail.select().count() == mails + 2 and "is beantwoord" in mail.onderwerp
    assert "geen open vragen" in beheer.get("/beheer/vragen").text
    # the answers are returned once, whoever asks again
    from jobs.koppelingen import maak_antwoorden
    assert maak_antwoorden(bestand.id) is None


def test_r_lev_04_the_code_in_the_name_must_be_the_users(rmc):
    antwoord = _verstuur(rmc, f"{VANDAAG:%Y%m%d}G0344.koci.xlsx",
                         _xlsx([("999990007", "100000016")]))
    assert antwoord.status_code == 422
    assert "U hebt de rol Behandelaar RMC niet met gemeentecode 0344" in antwoord.text
    assert not Bestand.select().where(Bestand.naam.endswith("G0344.koci.xlsx")).exists()


def test_r_lev_04_a_broken_file_is_named_next_to_the_field_and_not_stored(rmc):
    voor = Bestand.select().count()
    antwoord = _verstuur(rmc, NAAM, b"BSN;Onderwijsnummer\r\n")
    assert antwoord.status_code == 422
    assert "Een koppelbestand is een Excel-bestand" in antwoord.text
    assert Bestand.select().count() == voor


def test_the_template_is_the_excel_file_koppelen_gegevens(rmc):
    antwoord = rmc.get("/bestanden/koppelen-gegevens.xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(antwoord.data)).active
    assert next(blad.iter_rows(values_only=True)) == kb.KOLOMMEN


def test_r_ins_10_functioneel_beheer_undoes_a_link_on_its_page(client, app):
    brp_kind()
    eigen = _zonder_nummer()
    _koppel(BRP_KIND, eigen.onderwijsnummer)
    inloggen_als(client, "functioneel.beheer")
    pagina = client.get(f"/beheer/koppelingen?nummer={BRP_KIND}").text
    (k,) = Koppeling.select().where(Koppeling.bsn == BRP_KIND)
    assert eigen.onderwijsnummer in pagina and "BSN toegevoegd" in pagina
    antwoord = client.post(f"/beheer/koppelingen/{k.id}/terugdraaien",
                           data={"csrf_token": csrf_token(pagina)}, follow_redirects=True)
    assert "De koppeling is teruggedraaid." in antwoord.text
    assert Persoon.get_by_id(eigen.id).bsn is None
    nogmaals = client.post(f"/beheer/koppelingen/{k.id}/terugdraaien",
                           data={"csrf_token": csrf_token(pagina)}, follow_redirects=True)
    assert "Deze koppeling is al teruggedraaid." in nogmaals.text


def test_the_sent_file_sent_as_another_soort_is_not_read_as_an_enrolment_file(db):
    """A request file (C-route) waiting for its delivery is not the file job's: the
    periodic round never takes it as an enrolment file."""
    from domain import bestanden
    from domain import levering as lev
    lev.vraag_aan(actor("rmc.amsterdam"), lev.Aanvraag(lev.Soort.C, lev.Gebied.GEMEENTE,
                                                       "0363", VANDAAG),
                  verzoekbestand=(f"{VANDAAG:%Y%m%d}G0363C.txt", b"111111111\r\n"),
                  bestandssoort=bestanden.Soort.C_ROUTE)
    (verzoek,) = Bestand.select().where(Bestand.soort == "c-route").order_by(
        Bestand.id.desc()).limit(1)
    assert verzoek.id not in bestanden.open_werk(datetime.timedelta(seconds=-1))
    assert bestanden.neem(verzoek.id) is None
