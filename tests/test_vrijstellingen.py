"""R-GEM-02: a vrijstelling is ended or corrected like a melding: from the version read,
each change a version with its before and after, and R-VZ-16 for the new period."""
import pytest

from domain import vrijstelling
from domain.fouten import Conflict, Ongeldig
from models import Mutatie, UitgaandeMail, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import D, actor, meld, vrijstelling_in_amsterdam
from tests.factories import vrijstelling_invoer as invoer


@pytest.fixture
def geregistreerd(app):
    return vrijstelling_in_amsterdam()


def test_r_gem_02_ending_and_correcting_are_versions_with_before_and_after(geregistreerd):
    lpa = actor("leerplicht.amsterdam")
    beeindigd = vrijstelling.wijzig(lpa, geregistreerd.id, 1, invoer(einddatum=D(2027, 6, 30)))
    assert (beeindigd.versie, beeindigd.einddatum) == (2, D(2027, 6, 30))
    gecorrigeerd = vrijstelling.wijzig(lpa, geregistreerd.id, 2, invoer(
        artikel="15", einddatum=D(2027, 6, 30)))
    assert (gecorrigeerd.versie, gecorrigeerd.artikel, gecorrigeerd.soort) == (
        3, "15", "vrijstelling")
    historie = vrijstelling.historie(gecorrigeerd)
    assert [soort for _t, soort, _v, _n in historie] == [
        "vrijstelling toegevoegd", "vrijstelling gewijzigd", "vrijstelling gewijzigd"]
    _t, _s, voor, na = historie[-1]
    assert (voor["artikel"], na["artikel"], voor["versie"], na["versie"]) == ("5-a", "15", 2, 3)
    assert Mutatie.select().where(Mutatie.onderwerp == "vrijstelling").count() == 3


def test_r_gem_02_a_change_from_an_old_version_is_refused_and_changes_nothing(geregistreerd):
    lpa = actor("leerplicht.amsterdam")
    vrijstelling.wijzig(lpa, geregistreerd.id, 1, invoer(einddatum=D(2027, 6, 30)))
    with pytest.raises(Conflict):
        vrijstelling.wijzig(lpa, geregistreerd.id, 1, invoer(einddatum=D(2027, 3, 1)))
    with pytest.raises(Ongeldig) as exc:  # the period's rule, next to einddatum
        vrijstelling.wijzig(lpa, geregistreerd.id, 2, invoer(einddatum=D(2026, 1, 1)))
    assert [(f.veld, f.regel) for f in exc.value.fouten] == [("einddatum", "R-GEM-02")]
    assert vrijstelling.vrijstelling_van(lpa, geregistreerd.id).einddatum == D(2027, 6, 30)


def test_r_vz_16_a_corrected_period_that_now_overlaps_a_melding_flags_it(geregistreerd):
    melding = meld()  # November 2026, before the vrijstelling
    assert not Verzuimmelding.get_by_id(melding.id).vrijstelling_overlap
    voor = UitgaandeMail.select().count()
    vrijstelling.wijzig(actor("leerplicht.amsterdam"), geregistreerd.id, 1,
                        invoer(begindatum=D(2026, 10, 1)))
    gemarkeerd = Verzuimmelding.get_by_id(melding.id)
    assert gemarkeerd.vrijstelling_overlap and gemarkeerd.versie == 2
    assert UitgaandeMail.select().count() == voor + 2  # the gemeente and the school


def test_r_gem_02_the_page_ends_a_vrijstelling_and_shows_its_history(client, geregistreerd):
    inloggen_als(client, "leerplicht.amsterdam")
    lijst = client.get("/gemeente/vrijstellingen").text
    pad = f"/gemeente/vrijstellingen/{geregistreerd.id}"
    assert f'href="{pad}"' in lijst
    pagina = client.get(pad)
    assert pagina.status_code == 200 and 'value="01-01-2027"' in pagina.text
    fout = client.post(pad, data={"csrf_token": csrf_token(pagina.text), "versie": "1",
                                  "artikel": "5-a", "begindatum": "01-01-2027",
                                  "einddatum": "31-12-2026"})
    assert fout.status_code == 422 and 'value="31-12-2026"' in fout.text
    assert "De einddatum mag niet voor de begindatum liggen." in \
        fout.text.split('id="fout-einddatum"')[1][:300]
    gelukt = client.post(pad, data={"csrf_token": csrf_token(pagina.text), "versie": "1",
                                    "artikel": "5-a", "begindatum": "01-01-2027",
                                    "einddatum": "30-06-2027"}, follow_redirects=True)
    assert "De vrijstelling is gewijzigd." in gelukt.text and 'value="30-06-2027"' in gelukt.text
    oud = client.post(pad, data={"csrf_token": csrf_token(pagina.text), "versie": "1",
                                 "artikel": "5-a", "begindatum": "01-01-2027",
                                 "einddatum": "01-03-2027"})
    assert oud.status_code == 409 and "intussen gewijzigd" in oud.text
    assert 'value="01-03-2027"' in oud.text  # what was typed stays
