"""R-GEM-01 Alternatieve routering verzuimloket: per category an instantie and address, from
an ingangsdatum, every version kept; new meldingen route by it, open ones move only when the
gemeente moves them, each move a version of the melding."""
import datetime
import json
from types import SimpleNamespace

import pytest

from domain import behandeling, machtiging, routing
from domain.fouten import Conflict, GeenToegang, Ongeldig
from domain.routing import SoortLeerling
from models import Gemeente, Machtiging, MeldingVersie, Organisatie, UitgaandeMail, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import VANDAAG, D, actor, meld

AMSTERDAM = "0363"
BUREAU_OIN = "00000099000000007001"  # the demo's Regionaal Bureau Leerplicht Midden-Utrecht


def _persoon(geboren):
    return SimpleNamespace(geboortedatum=geboren, geboortedatum_precisie="D")


def _bureau_gemachtigd_door_amsterdam(soort=machtiging.Soort.VERZUIM):
    """Amsterdam authorised the demo's bureau for its meldingen, accepted."""
    bureau = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    amsterdam = Gemeente.get(Gemeente.code == AMSTERDAM)
    return Machtiging.create(gemeente=amsterdam, organisatie=bureau, soort=soort,
                             geldig_van=D(2026, 1, 1), geaccepteerd=D(2026, 1, 1))


def _regels(lp, kp="kp@amsterdam.example", rmc="rmc@amsterdam.example", instantie=None):
    """Every category of the default list: LP to `lp` at `instantie` (the gemeente when
    None), the others to the gemeente itself."""
    eigen = Gemeente.get(Gemeente.code == AMSTERDAM).organisatie_id
    return {"LP": (instantie or eigen, lp), "KP": (eigen, kp), "RMC": (eigen, rmc)}


def test_r_gem_01_the_soort_leerling_of_a_pupil_on_a_day():
    """R-GEM-01 (seed 002's categories): leerplichtig up to 31 July of the school year in
    which the pupil turns 16, kwalificatieplichtig up to 18, then 18+ zonder
    startkwalificatie."""
    zomer = _persoon(D(2010, 6, 1))  # turns 16 on 1 June 2026: school year 2025/26
    assert routing.soort_leerling(zomer, D(2026, 7, 31)) == SoortLeerling.LEERPLICHTIG
    assert routing.soort_leerling(zomer, D(2026, 8, 1)) == SoortLeerling.KWALIFICATIEPLICHTIG
    najaar = _persoon(D(2010, 9, 1))  # turns 16 on 1 September 2026: school year 2026/27
    assert routing.soort_leerling(najaar, D(2027, 7, 31)) == SoortLeerling.LEERPLICHTIG
    assert routing.soort_leerling(najaar, D(2027, 8, 1)) == SoortLeerling.KWALIFICATIEPLICHTIG
    assert routing.soort_leerling(zomer, D(2028, 5, 31)) == SoortLeerling.KWALIFICATIEPLICHTIG
    assert routing.soort_leerling(zomer, D(2028, 6, 1)) == SoortLeerling.ZONDER_STARTKWALIFICATIE


def test_r_gem_01_the_categories_are_reference_data_in_their_order(app):
    """R-GEM-01: the default list per soort leerling (seed 002), each saying what it takes;
    the first category whose kenmerken match takes a melding."""
    assert [(c.code, c.naam) for c in routing.categorieen()] == [
        ("LP", "leerplichtig"), ("KP", "kwalificatieplichtig"),
        ("RMC", "18+ zonder startkwalificatie")]
    donder = SimpleNamespace(geboortedatum=D(2016, 3, 14), geboortedatum_precisie="D")
    assert routing.categorie_van(donder, D(2026, 11, 2), "O") == "LP"
    assert routing.categorie_van(_persoon(D(2005, 1, 1)), D(2026, 11, 2), "RMC") == "RMC"


def test_r_gem_01_without_a_routering_a_melding_goes_to_the_verzuimloket(app):
    """R-GEM-01: without an alternative, the woongemeente's own verzuimloket."""
    melding = meld()
    assert melding.instantie_email == Gemeente.get(Gemeente.code == AMSTERDAM).verzuimloket_email
    assert melding.instantie_id is None and melding.categorie == "LP"


def test_r_gem_01_new_meldingen_route_by_the_routering_from_its_ingangsdatum(app):
    """R-GEM-01: from its ingangsdatum a new melding goes to its category's instantie and
    address, and says so in its document; before that date, to where it went before."""
    _bureau_gemachtigd_door_amsterdam()
    bureau = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    beheerder = actor("beheerder.amsterdam")
    routing.stel_in(beheerder, AMSTERDAM, D(2026, 11, 24),
                    _regels("lp@bureau.example", instantie=bureau.id), 0, vandaag=VANDAAG)
    ervoor = meld(vandaag=VANDAAG)
    assert ervoor.instantie_email != "lp@bureau.example"
    erna = meld(vandaag=D(2026, 11, 24), periode_van=D(2026, 11, 9), periode_tm=D(2026, 11, 13))
    assert (erna.instantie_email, erna.instantie_id, erna.categorie) == (
        "lp@bureau.example", bureau.id, "LP")
    assert UitgaandeMail.select().where(UitgaandeMail.aan == "lp@bureau.example").count() == 1
    document = json.loads(MeldingVersie.get(MeldingVersie.melding == erna).document)
    assert document["melding"]["behandelaar"] == {
        "instantie": bureau.naam, "oin": BUREAU_OIN, "email": "lp@bureau.example",
        "categorie": "LP"}


def test_r_gem_01_an_instantie_no_longer_authorised_gets_no_meldingen(app):
    """R-GEM-01 with R-GEM-03: when the machtiging ends, new meldingen go to the
    gemeente's own verzuimloket again, not to the instantie."""
    gemachtigd = _bureau_gemachtigd_door_amsterdam()
    bureau = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    routing.stel_in(actor("beheerder.amsterdam"), AMSTERDAM, VANDAAG,
                    _regels("lp@bureau.example", instantie=bureau.id), 0, vandaag=VANDAAG)
    Machtiging.update(beeindigd=D(2026, 11, 1)).where(Machtiging.id == gemachtigd.id).execute()
    melding = meld()
    assert melding.instantie_email == Gemeente.get(Gemeente.code == AMSTERDAM).verzuimloket_email
    assert melding.instantie_id is None
    assert routing.niet_gemachtigd(Gemeente.get(Gemeente.code == AMSTERDAM)) == [bureau.naam]


def test_r_gem_01_the_form_takes_every_category_with_a_valid_address(app):
    """R-GEM-01: every category, also when several share one address; an address of the
    wrong shape, an instantie not authorised, a date in the past: each its message, next
    to its field, all at once; nothing stored."""
    beheerder = actor("beheerder.amsterdam")
    eigen = Gemeente.get(Gemeente.code == AMSTERDAM).organisatie_id
    bureau = Organisatie.get(Organisatie.oin == BUREAU_OIN)  # not authorised by Amsterdam
    with pytest.raises(Ongeldig) as fout:
        routing.stel_in(beheerder, AMSTERDAM, D(2026, 11, 1), {
            "LP": (eigen, "loket@amsterdam"), "KP": (bureau.id, "kp@bureau.example")},
            0, vandaag=VANDAAG)
    assert {(f.veld, f.regel) for f in fout.value.fouten} == {
        ("ingangsdatum", "R-GEM-01"), ("email-LP", "R-GEM-01"), ("instantie-KP", "R-GEM-01"),
        ("instantie-RMC", "R-GEM-01"), ("email-RMC", "R-GEM-01")}
    gedeeld = "verzuim@amsterdam.example"
    routing.stel_in(beheerder, AMSTERDAM, VANDAAG, _regels(gedeeld, gedeeld, gedeeld), 0,
                    vandaag=VANDAAG)
    assert routing.laatste(Gemeente.get(Gemeente.code == AMSTERDAM)).versie == 1


def test_r_gem_01_every_version_is_kept_and_a_stale_form_is_a_conflict(app):
    """R-GEM-01: each save is a new version with its ingangsdatum, shown newest first with
    which one counts; a form of an older version saves nothing (Conflict, 409)."""
    beheerder = actor("beheerder.amsterdam")
    routing.stel_in(beheerder, AMSTERDAM, VANDAAG, _regels("een@amsterdam.example"), 0,
                    vandaag=VANDAAG)
    routing.stel_in(beheerder, AMSTERDAM, D(2027, 1, 1), _regels("twee@amsterdam.example"), 1,
                    vandaag=VANDAAG)
    with pytest.raises(Conflict):
        routing.stel_in(beheerder, AMSTERDAM, D(2027, 2, 1), _regels("drie@amsterdam.example"),
                        1, vandaag=VANDAAG)
    historie = routing.historie(Gemeente.get(Gemeente.code == AMSTERDAM), vandaag=VANDAAG)
    assert [(v["versie"], v["stand"]) for v in historie] == [
        (2, routing.Stand.GEPLAND), (1, routing.Stand.GELDT)]
    assert [code for code, _regel in historie[0]["regels"]] == ["LP", "KP", "RMC"]
    assert historie[0]["door"] == "Joost Beheer (Gemeente Amsterdam)"


def test_r_gem_01_open_meldingen_move_only_when_the_gemeente_moves_them(app):
    """R-GEM-01: a new routering leaves open meldingen where they are; the page lists those
    it would send elsewhere, and moving one is a version of it (its history shows the new
    instantie) with a mail to the new address. A closed melding is not listed."""
    lpa = actor("leerplicht.amsterdam")
    open_ = meld()
    gesloten = meld(periode_van=D(2026, 11, 9), periode_tm=D(2026, 11, 13))
    behandeling.wijzig_status(lpa, gesloten.nummer, 1, "afsluiten", "HALT")
    beheerder = actor("beheerder.amsterdam")
    routing.stel_in(beheerder, AMSTERDAM, VANDAAG, _regels("nieuw@amsterdam.example"), 0,
                    vandaag=VANDAAG)
    assert Verzuimmelding.get_by_id(open_.id).instantie_email != "nieuw@amsterdam.example"
    lijst = behandeling.te_verplaatsen(beheerder, AMSTERDAM, vandaag=VANDAAG)
    assert [(v.melding.nummer, v.route.email) for v in lijst] == [
        (open_.nummer, "nieuw@amsterdam.example")]
    assert behandeling.verplaats(beheerder, AMSTERDAM, [open_.nummer], vandaag=VANDAAG) == 1
    verplaatst = Verzuimmelding.get_by_id(open_.id)
    assert (verplaatst.instantie_email, verplaatst.versie) == ("nieuw@amsterdam.example", 2)
    assert UitgaandeMail.select().where(UitgaandeMail.aan == "nieuw@amsterdam.example").count() == 1
    melding, versies = behandeling.versies(lpa, open_.nummer)
    from domain.verzuim.versies import vergelijk
    gewijzigd = {v.veld for v in vergelijk(versies[0], versies[1]) if v.gewijzigd}
    assert gewijzigd == {"instantie_email"}
    assert behandeling.te_verplaatsen(beheerder, AMSTERDAM, vandaag=VANDAAG) == []


def test_r_gem_01_only_the_gemeentes_own_beheerder_sets_it(app):
    """R-GEM-01 with R-AVG-03: another gemeente's beheerder, a school's beheerder and a
    leerplichtambtenaar cannot."""
    for wie in ("beheerder.school", "leerplicht.amsterdam", "functioneel.beheer"):
        with pytest.raises(GeenToegang):
            routing.stel_in(actor(wie), AMSTERDAM, VANDAAG, _regels("x@amsterdam.example"), 0,
                            vandaag=VANDAAG)
        with pytest.raises(GeenToegang):
            behandeling.te_verplaatsen(actor(wie), AMSTERDAM)


# ---------------------------------------------------------------- the page

def test_r_gem_01_page_saves_a_routering_and_shows_its_history(client):
    """R-GEM-01: the form offers the gemeente and the instanties it authorised; saving
    shows the new version; a bad address keeps what was typed and says what is wrong."""
    _bureau_gemachtigd_door_amsterdam()
    bureau = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    inloggen_als(client, "beheerder.amsterdam")
    pagina = client.get("/routering/0363")
    assert pagina.status_code == 200
    assert "Alternatieve routering verzuimloket" in pagina.text
    assert f'<option value="{bureau.id}"' in pagina.text
    for naam in ("Leerplichtig", "Kwalificatieplichtig", "18+ zonder startkwalificatie"):
        assert f"<legend class=\"utrecht-form-fieldset__legend\">{naam}</legend>" in pagina.text
    eigen = Gemeente.get(Gemeente.code == AMSTERDAM).organisatie_id
    token = csrf_token(pagina.text)
    vandaag = datetime.date.today().strftime("%d-%m-%Y")
    data = {"csrf_token": token, "versie": "0", "ingangsdatum": vandaag,
            "instantie-LP": str(bureau.id), "email-LP": "lp@bureau",
            "instantie-KP": str(eigen), "email-KP": "kp@amsterdam.example",
            "instantie-RMC": str(eigen), "email-RMC": "rmc@amsterdam.example"}
    fout = client.post("/routering/0363", data=data)
    assert fout.status_code == 422
    assert 'value="lp@bureau"' in fout.text and 'value="kp@amsterdam.example"' in fout.text
    assert 'id="fout-email-LP"' in fout.text
    assert '<a class="utrecht-link" href="#email-LP">Leerplichtig: ' in fout.text  # which one
    data["email-LP"] = "lp@bureau.example"
    gelukt = client.post("/routering/0363", data=data, follow_redirects=True)
    assert gelukt.status_code == 200 and "De routering is opgeslagen." in gelukt.text
    assert "lp@bureau.example" in gelukt.text and "Geldt nu" in gelukt.text
    nogmaals = client.post("/routering/0363", data=data)  # the form of version 0 again
    assert nogmaals.status_code == 409 and "intussen gewijzigd" in nogmaals.text
    ongewijzigd = client.post("/routering/0363", data={**data, "versie": "1"},
                              follow_redirects=True)
    assert "Er is niets gewijzigd" in ongewijzigd.text
    assert routing.laatste(Gemeente.get(Gemeente.code == AMSTERDAM)).versie == 1
    client.post("/taal", data={"taal": "en", "csrf_token": token})
    engels = client.get("/routering/0363")
    assert "Routing of absence reports" in engels.text and "Of compulsory school age" in engels.text


def test_r_gem_01_page_moves_the_listed_meldingen(client):
    """R-GEM-01: the open meldingen listed, then moved with the button."""
    open_ = meld()
    routing.stel_in(actor("beheerder.amsterdam"), AMSTERDAM,
                    datetime.date.today(), _regels("nieuw@amsterdam.example"), 0)
    inloggen_als(client, "beheerder.amsterdam")
    pagina = client.get("/routering/0363")
    assert f'value="{open_.nummer}"' in pagina.text
    antwoord = client.post("/routering/0363/verplaatsen", data={
        "csrf_token": csrf_token(pagina.text), "nummers": str(open_.nummer)},
        follow_redirects=True)
    assert "1 melding is verplaatst." in antwoord.text
    assert Verzuimmelding.get_by_id(open_.id).instantie_email == "nieuw@amsterdam.example"
