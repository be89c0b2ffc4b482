"""R-AVG-02 Inzage: for one person everything the register holds and every read of it
(who, which organisation, when, why), as a page for functioneel beheer and as a PDF for a
parent's request."""
import io

import pypdf
import pytest

from domain import behandeling, inschrijving, inzage, koppeling
from domain.actor import Actor
from domain.fouten import GeenToegang
from models import Gemeente, Persoon
from tests.conftest import csrf_token, inloggen_als
from tests.factories import BRP_KIND, DONDER, actor, brp_kind, meld, met_bsn, zonder


def _tekst(pdf):
    return "\n".join(pagina.extract_text() for pagina in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_r_avg_02_the_overview_holds_the_persons_data_and_every_read(app):
    """R-AVG-02: the school's and the gemeente's reads of Donder, with who, organisation,
    when and why, newest first; the overview itself is a read too."""
    melding = meld()
    behandeling.melding_voor(actor("leerplicht.amsterdam"), melding.nummer)
    overzicht = inzage.overzicht(actor("functioneel.beheer"), DONDER)
    assert overzicht.persoon.bsn == DONDER and DONDER in overzicht.nummers
    assert [m.nummer for m in overzicht.meldingen] == [melding.nummer]
    assert overzicht.inschrijvingen and overzicht.inschrijvingen[0].instelling.code == "31ED"
    lezingen = [(lezing.wie, lezing.organisatie, lezing.doel) for lezing in overzicht.lezingen]
    assert ("Ayla Leerplicht", "Gemeente Amsterdam", "verzuimmelding behandelen") in lezingen
    assert ("Lotte Bone", "Stichting Particulier Onderwijs Amstel", "opvoeren verzuim") in lezingen
    tweede = inzage.overzicht(actor("functioneel.beheer"), DONDER)
    assert tweede.lezingen[0].doel == inzage.DOEL  # the inzage before is logged
    assert inzage.overzicht(actor("functioneel.beheer"), "999999990") is None
    with pytest.raises(GeenToegang):
        inzage.overzicht(actor("beheerder.amsterdam"), DONDER)


def test_r_avg_02_reads_of_a_merged_person_are_in_the_inzage_of_the_one_it_became(app):
    """R-AVG-02 with R-INS-10: the onderwijsnummer given up in a merge leads to the person
    it became, and the reads of the person before the merge are listed."""
    school = actor("school")
    brp_kind()
    inschrijving.registreer(met_bsn(code="31GY"), school)
    eerst = inschrijving.registreer(zonder(
        adres=inschrijving.Adres(soort="binnenland", postcode="1094 HA", huisnummer="7"),
        geboren=inschrijving.DeelDatum(2015, 5, 1), code="31ED", achternaam="Testkind"), school)
    own = Persoon.get_by_id(eerst.persoon.id).onderwijsnummer
    inzage.log(school, "registratieoverzicht", [eerst.persoon.id])
    amsterdam = Gemeente.get(Gemeente.code == "0363")
    koppeling.koppel(Actor("systeem:test", None), [amsterdam.id], BRP_KIND, own)
    overzicht = inzage.overzicht(actor("functioneel.beheer"), own)
    assert overzicht.persoon.bsn == BRP_KIND
    assert own in overzicht.nummers
    assert "registratieoverzicht" in [lezing.doel for lezing in overzicht.lezingen]


def test_r_avg_02_the_page_and_the_pdf(client):
    """R-AVG-02: functioneel beheer searches by number in a form (the number never in a
    URL) and gets the page, then the PDF with the same data and reads; no one else may."""
    meld()
    inloggen_als(client, "functioneel.beheer")
    pagina = client.get("/inzage")
    token = csrf_token(pagina.text)
    gevonden = client.post("/inzage", data={"csrf_token": token, "nummer": DONDER})
    assert gevonden.status_code == 200
    assert "Bliksem van de Donder" in gevonden.text and "opvoeren verzuim" in gevonden.text
    pdf = client.post("/inzage/pdf", data={"csrf_token": token, "nummer": DONDER})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert DONDER not in pdf.headers["Content-Disposition"]
    tekst = _tekst(pdf.data)
    assert "Inzage in het register" in tekst and "Bliksem van de Donder" in tekst
    assert "opvoeren verzuim" in tekst and "Lotte Bone" in tekst
    niets = client.post("/inzage", data={"csrf_token": token, "nummer": "999999990"})
    assert niets.status_code == 200 and "Geen gegevens gevonden." in niets.text
    leeg = client.post("/inzage", data={"csrf_token": token, "nummer": " "})
    assert leeg.status_code == 422 and "Vul het bsn of onderwijsnummer in." in leeg.text
    fout = client.post("/inzage", data={"csrf_token": token, "nummer": "123"})
    assert fout.status_code == 422 and "Dit is geen geldig bsn of onderwijsnummer." in fout.text
    inloggen_als(client, "beheerder.amsterdam")
    assert client.post("/inzage", data={"csrf_token": token, "nummer": DONDER}).status_code == 403
