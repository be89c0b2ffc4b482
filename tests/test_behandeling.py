"""The gemeente's side: werkvoorraad, status changes, terugkoppeling (seed 004 ch. 2,
DESIGN §4), each a version the school sees."""
import json
import re

import pytest

from domain import behandeling, verzuim
from domain.actor import Actor
from domain.fouten import GeenToegang, Ongeldig
from domain.gebruikers import actor_voor
from models import Organisatie, UitgaandeMail, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import (
    DONDER,
    GRONINGER,
    UTRECHTER,
    VANDAAG,
    D,
    actor,
    lpa_utrecht,
    meld,
    vrijstelling_in_amsterdam,
)


@pytest.fixture
def melding(app):
    return meld(mail_naar_melder=True)


def test_r_avg_03_werkvoorraad_holds_only_meldingen_routed_to_the_gemeente(melding):
    """R-AVG-03: a gemeente sees the meldingen routed to it, and no other gemeente does."""
    lpa = actor("leerplicht.amsterdam")
    assert [m.nummer for m in behandeling.werkvoorraad(lpa).meldingen] == [melding.nummer]
    andere = lpa_utrecht()
    assert behandeling.werkvoorraad(actor_voor(andere)).totaal == 0
    with pytest.raises(GeenToegang):
        behandeling.melding_voor(actor_voor(andere), melding.nummer)
    # A kenmerk for another gemeente than the user's own organisation gives nothing either
    # (written past the domain, which would refuse to hand it out).
    andere.kenmerken.model.create(gebruiker=andere, soort="gemeentecode", waarde="0363")
    assert behandeling.werkvoorraad(actor_voor(andere)).totaal == 0


def test_status_changes_keep_versions_and_mail_the_school(melding):
    lpa = actor("leerplicht.amsterdam")
    mails = UitgaandeMail.select().count()
    behandeling.wijzig_status(lpa, melding.nummer, 1, "behandeling")
    with pytest.raises(Ongeldig):  # read at version 1, now at 2
        behandeling.wijzig_status(lpa, melding.nummer, 1, "kennisgeving")
    with pytest.raises(Ongeldig) as exc:
        behandeling.wijzig_status(lpa, melding.nummer, 2, "afsluiten")
    assert exc.value.fouten[0].veld == "reden"
    gesloten = behandeling.wijzig_status(lpa, melding.nummer, 2, "afsluiten", "TERUG", "GEZIEN")
    assert (gesloten.status, gesloten.versie) == ("G", 3)
    assert UitgaandeMail.select().count() == mails + 2
    assert DONDER not in UitgaandeMail.select().order_by(UitgaandeMail.id.desc()).first().tekst
    with pytest.raises(Ongeldig):  # closed: R-VZ-12 for the school too
        verzuim.begin_wijziging(actor("school"), melding.nummer, 1)


def test_terugkoppeling_is_seen_by_the_school(client, melding):
    lpa = actor("leerplicht.amsterdam")
    behandeling.geef_terugkoppeling(lpa, melding.nummer, 1, behandeling.Terugkoppeling(
        naam="Jan Boezeroen", functie="Leerplichtambtenaar", telefoon="020-1234567",
        toelichting="Gesprek met ouders gepland."))
    inloggen_als(client, "school")
    page = client.get(f"/verzuim/meldingen/{melding.nummer}").text
    for tekst in ("Jan Boezeroen", "Leerplichtambtenaar", "Gesprek met ouders gepland.",
                  "Amsterdam"):
        assert tekst in page


def test_gemeente_pages_close_a_melding_with_terugkoppeling(client, melding):
    inloggen_als(client, "leerplicht.amsterdam")
    lijst = client.get("/gemeente/meldingen")
    assert f">{melding.nummer}</a>" in lijst.text
    page = client.get(f"/gemeente/meldingen/{melding.nummer}")
    token = csrf_token(page.text)
    fout = client.post(f"/gemeente/meldingen/{melding.nummer}/terugkoppeling",
                       data={"csrf_token": token, "versie": "1", "functie": "lpa"})
    assert fout.status_code == 422 and 'value="lpa"' in fout.text
    ok = client.post(f"/gemeente/meldingen/{melding.nummer}/terugkoppeling",
                     data={"csrf_token": token, "versie": "1", "naam": "Ayla",
                           "datum": "20-11-2026"})
    assert ok.status_code == 302
    dicht = client.post(f"/gemeente/meldingen/{melding.nummer}/status", data={
        "csrf_token": token, "versie": "2", "actie": "afsluiten", "reden": "TERUG",
        "toelichting_afsluiting": "GEEN_ACTIE"})
    assert dicht.status_code == 302
    assert Verzuimmelding.get(Verzuimmelding.nummer == melding.nummer).status == "G"
    school = client.application.test_client()
    inloggen_als(school, "school")
    gezien = school.get(f"/verzuim/meldingen/{melding.nummer}").text
    assert "Afgesloten" in gezien and "terug naar school, opleiding hervat" in gezien
    assert "20-11-2026" in gezien and "Ayla" in gezien


def test_r_gem_02_vrijstelling_per_pupil_with_article_period_and_gemeente(app):
    """R-GEM-02: registered per pupil with article, period and gemeente; only for pupils
    living in the gemeente."""
    from domain import vrijstelling
    v = vrijstelling_in_amsterdam(begindatum=D(2026, 9, 1), einddatum=D(2027, 7, 31),
                                  artikel="3a")
    assert (v.soort, v.artikel, v.gemeente.code) == ("vervangende_leerplicht", "3a", "0363")
    with pytest.raises(Ongeldig) as exc:
        vrijstelling_in_amsterdam(begindatum=D(2026, 9, 1), einddatum=D(2026, 8, 1))
    assert exc.value.fouten[0].regel == "R-GEM-02"
    with pytest.raises(Ongeldig):  # lives in another gemeente (Groningen)
        vrijstelling_in_amsterdam(begindatum=D(2026, 9, 1), pgn=GRONINGER)
    with pytest.raises(GeenToegang):
        vrijstelling.registreer(actor("school"), vrijstelling.VrijstellingInvoer())
    assert [x.id for x in vrijstelling.vrijstellingen_van(actor("leerplicht.amsterdam"))] == [v.id]


def test_r_vz_16_overlap_flagged_and_both_told_whichever_came_first(app, client):
    """R-VZ-16: accepted, flagged, gemeente and school told — melding first or vrijstelling
    first. Flagged later, the melding gets a version by the gemeente that says so."""
    eerst_melding = meld()
    assert not eerst_melding.vrijstelling_overlap
    voor = UitgaandeMail.select().count()
    vrijstelling_in_amsterdam(begindatum=D(2026, 11, 4), einddatum=D(2026, 11, 30))
    assert Verzuimmelding.get_by_id(eerst_melding.id).vrijstelling_overlap
    assert Verzuimmelding.get_by_id(eerst_melding.id).versie == 2
    inloggen_als(client, "school")
    versie = client.get(f"/verzuim/meldingen/{eerst_melding.nummer}/historie/2").text
    rij = re.search(r"Samenloop met vrijstelling.*?</tr>", versie, re.S).group(0)
    assert "gewijzigd" in rij and "<td class=\"utrecht-table__cell\">Ja</td>" in rij
    assert "Gemeente Amsterdam" in client.get(
        f"/verzuim/meldingen/{eerst_melding.nummer}/historie").text
    aan = [m.aan for m in UitgaandeMail.select().where(UitgaandeMail.id > 0)
           .order_by(UitgaandeMail.id)][voor:]
    assert aan == ["verzuimloket@amsterdam.example", "melder@school.example"]
    daarna = meld(periode_van=D(2026, 11, 16), periode_tm=D(2026, 11, 17))
    assert Verzuimmelding.get_by_id(daarna.id).vrijstelling_overlap
    eerste = json.loads(daarna.versies.get().document)  # flagged in version 1 itself
    assert (eerste["versie"], eerste["melding"]["vrijstellingOverlap"]) == (1, True)
    buiten = meld(periode_van=D(2026, 10, 5), periode_tm=D(2026, 10, 6))  # before it
    assert not Verzuimmelding.get_by_id(buiten.id).vrijstelling_overlap


def test_r_vz_14_both_sides_see_the_history_and_who_changed_what(client, melding):
    """The gemeente reads the same history as the school; each version names the
    organisation that wrote it."""
    behandeling.wijzig_status(actor("leerplicht.amsterdam"), melding.nummer, 1, "behandeling")
    for gebruiker, pad in (("leerplicht.amsterdam", "/gemeente/meldingen"),
                           ("school", "/verzuim/meldingen")):
        inloggen_als(client, gebruiker)
        historie = client.get(f"{pad}/{melding.nummer}/historie")
        assert historie.status_code == 200, gebruiker
        assert "In totaal zijn er 2 versie(s) gevonden." in historie.text
        assert "Gemeente Amsterdam" in historie.text
        assert "Stichting Particulier Onderwijs Amstel" in historie.text
        assert f'href="{pad}/{melding.nummer}/historie/2"' in historie.text
        versie = client.get(f"{pad}/{melding.nummer}/historie/2")
        assert versie.status_code == 200 and "gewijzigd" in versie.text
        # The seed's blocks in the seed's order (Afb. 21), Datum/tijd in Melding.
        koppen = [versie.text.index(f">{kop}</h2>") for kop in (
            "Melding:", "Leerling:", "Verzuim:", "Actie school:", "Terugkoppeling:")]
        assert koppen == sorted(koppen) and "Datum/tijd" in versie.text
        assert client.get(f"{pad}/{melding.nummer}/historie/9").status_code == 404
    with pytest.raises(GeenToegang):  # R-AVG-03
        behandeling.versies(actor_voor(lpa_utrecht()), melding.nummer)


def test_demo_meldingen_in_each_stage_through_the_domain_once(app):
    """`make run`'s demo meldingen: reported by the demo school, some handled by the demo
    gemeente, with real versions; loading twice adds nothing."""
    from pathlib import Path

    from domain import demo
    pad = Path(app.config["DEMO_DIR"]) / "verzuimmeldingen.csv"
    assert demo.laad_meldingen(pad, vandaag=VANDAAG) == 5
    assert demo.laad_meldingen(pad, vandaag=VANDAAG) == 0
    statussen = sorted((m.status, m.versie) for m in Verzuimmelding.select())
    assert statussen == [("B", 2), ("G", 4), ("R", 1), ("R", 1), ("R", 1)]
    lpa = actor("leerplicht.amsterdam")
    # open ones; the Rotterdam pupil is not Amsterdam's
    assert behandeling.werkvoorraad(lpa).totaal == 2
    gesloten = Verzuimmelding.get(Verzuimmelding.status == "G")
    melding, versies = behandeling.versies(lpa, gesloten.nummer)
    assert [v.door.organisatie for v in versies] == ["Gemeente Amsterdam"] * 3 + \
        ["Stichting Particulier Onderwijs Amstel"]


def test_r_gem_03_an_instantie_handles_the_meldingen_of_the_gemeenten_that_authorised_it(app):
    """R-GEM-03: the demo instantie is authorised by Utrecht: its leerplichtambtenaar sees
    and handles Utrecht's meldingen, not Amsterdam's; a machtiging that ended gives nothing."""
    from domain import machtiging
    from models import Machtiging
    regio = actor("leerplicht.regio")
    utrechts = meld(UTRECHTER)
    amsterdams = meld()
    assert [m.nummer for m in behandeling.werkvoorraad(regio).meldingen] == [utrechts.nummer]
    behandeling.wijzig_status(regio, utrechts.nummer, 1, "behandeling")
    with pytest.raises(GeenToegang):
        behandeling.melding_voor(regio, amsterdams.nummer)
    # Its beheerder can hand out only the gemeentecodes of the machtigingen.
    from domain.gebruikers import mogelijke_kenmerken
    assert mogelijke_kenmerken(Organisatie.get_by_id(regio.organisatie_id)) == ["0344"]
    eerste = Machtiging.get()  # a second, overlapping machtiging gives the gemeente once
    Machtiging.create(gemeente=eerste.gemeente, organisatie=eerste.organisatie,
                      soort=eerste.soort, geldig_van=D(2026, 1, 1),
                      geaccepteerd=eerste.geaccepteerd)
    assert [g.code for g in behandeling.gemeenten_van(regio)] == ["0344"]
    Machtiging.update(geldig_tot=D(2020, 12, 31)).execute()
    assert behandeling.werkvoorraad(regio).totaal == 0
    with pytest.raises(Ongeldig):  # only an instantie can be authorised
        machtiging.verleen(Actor("systeem:test", None), "0344", "00000099000000000363")
