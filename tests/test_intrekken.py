"""R-VZ-13 as seed 004 §2.5 shows it: a melding reported wrongly is withdrawn also after
the gemeente closed it (Afb. 10), and the gemeente is told; a withdrawn one stays so."""
import pytest

from domain import behandeling, verzuim
from domain.fouten import Ongeldig
from models import UitgaandeMail
from tests.conftest import csrf_token, inloggen_als
from tests.factories import VANDAAG, actor, meld


@pytest.fixture
def gesloten(app):
    melding = meld()
    behandeling.wijzig_status(actor("leerplicht.amsterdam"), melding.nummer, 1, "afsluiten",
                              "TERUG", "GEZIEN")
    return melding


def test_r_vz_13_an_afgesloten_melding_is_withdrawn_and_the_gemeente_told(gesloten):
    voor = UitgaandeMail.select().count()
    ingetrokken = verzuim.trek_in(actor("school"), gesloten.nummer, "FOUTIEF", "verkeerde leerling",
                                  vandaag=VANDAAG)
    assert (ingetrokken.status, ingetrokken.versie) == (verzuim.Status.INGETROKKEN, 3)
    mails = list(UitgaandeMail.select().order_by(UitgaandeMail.id))[voor:]
    assert [(m.aan, m.pad) for m in mails] == [
        ("verzuimloket@amsterdam.example", f"/gemeente/meldingen/{gesloten.nummer}")]
    assert "ingetrokken" in mails[0].tekst and "999990007" not in mails[0].tekst
    with pytest.raises(Ongeldig) as exc:  # once withdrawn it stays so
        verzuim.trek_in(actor("school"), gesloten.nummer, "FOUTIEF", vandaag=VANDAAG)
    assert exc.value.fouten[0].regel == "R-VZ-13"


def test_r_vz_13_the_page_of_an_afgesloten_melding_offers_intrekken_not_wijzigen(client,
                                                                                  gesloten):
    inloggen_als(client, "school")
    pagina = client.get(f"/verzuim/meldingen/{gesloten.nummer}").text
    assert f'href="/verzuim/meldingen/{gesloten.nummer}/intrekken"' in pagina
    assert "actie='wijzigen'" not in pagina and f"/{gesloten.nummer}/wijzigen" not in pagina
    formulier = client.get(f"/verzuim/meldingen/{gesloten.nummer}/intrekken")
    response = client.post(f"/verzuim/meldingen/{gesloten.nummer}/intrekken", data={
        "csrf_token": csrf_token(formulier.text), "reden": "ONTERECHT", "toelichting": ""})
    assert response.status_code == 302
    assert "is ingetrokken" in client.get(response.headers["Location"]).text
    assert f'/{gesloten.nummer}/intrekken"' not in client.get(
        f"/verzuim/meldingen/{gesloten.nummer}").text
