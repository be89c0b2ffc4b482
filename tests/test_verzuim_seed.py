"""Seed fidelity of Verzuim melden (issue 12): the screens, labels and fields as seed 004
ch. 2 shows them, through the domain and the pages (without JavaScript)."""
import datetime
import json
import re

import pytest

from domain import behandeling, verzuim
from domain import inschrijving as ins
from domain.datums import DeelDatum
from domain.fouten import Ongeldig
from domain.verzuim.concept import eerdere_contactpersonen, neem_contactpersoon
from models import Gebruiker, Inschrijving, Lijstwaarde, Onderwijslocatie, Persoon, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import (
    DONDER,
    VANDAAG,
    D,
    actor,
    begin_wizard,
    geldig,
    meld,
    zonder,
)
from tests.factories import stuur as _stuur

DAG = datetime.timedelta(days=1)


def _fouten(invoer, vandaag=VANDAAG, eigen_nummer=None):
    leerling = verzuim.zoek_leerling(actor("school"), "31ED", DONDER)
    return {(f.veld, f.regel, f.melding) for f in verzuim.controleer_melding(
        leerling, invoer, eigen_nummer=eigen_nummer, vandaag=vandaag)}


def _velden(fouten):
    return {veld for veld, _regel, _melding in fouten}


def _wijzig(nummer):
    """A Wijzigen concept of the school's melding."""
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    return verzuim.begin_wijziging(actor("school"), nummer, school.id)


def _stap(url, stap):
    """Another step of the wizard whose step `url` is."""
    return url.rsplit("/", 1)[0] + "/" + stap


# ---------------------------------------------------------------- R-VZ-06, R-VZ-08, R-VZ-05

@pytest.mark.parametrize("van, tm, verwacht", [
    pytest.param(VANDAAG - DAG, VANDAAG, set(), id="R-VZ-06-up-to-today"),
    pytest.param(VANDAAG + DAG, VANDAAG + 2 * DAG, {"periode_van", "periode_tm"},
                 id="R-VZ-06-period-in-the-future"),
    pytest.param(VANDAAG - DAG, VANDAAG + DAG, {"periode_tm"}, id="R-VZ-06-tm-in-the-future"),
    pytest.param(VANDAAG, None, set(), id="R-VZ-06-van-today-without-tm"),
])
def test_r_vz_06_a_verzuimperiode_does_not_reach_past_today(app, van, tm, verwacht):
    """R-VZ-06: verzuim is reported once it happened; an absence that goes on is reported
    up to today and its t/m moved later with Wijzigen."""
    fouten = _fouten(geldig(periode_van=van, periode_tm=tm), vandaag=VANDAAG)
    assert _velden(fouten) == verwacht
    assert all(regel == "R-VZ-06" for _veld, regel, _m in fouten)


def test_r_vz_06_the_fixed_van_of_a_reported_melding_is_not_refused_on_a_change(app):
    """R-VZ-06: periode_van cannot be changed once reported, so a change is not refused
    for it; a t/m moved into the future is."""
    melding = meld()
    invoer = geldig(periode_van=VANDAAG + DAG, periode_tm=None)
    assert _fouten(invoer, eigen_nummer=melding.nummer) == set()
    invoer = geldig(periode_tm=VANDAAG + DAG)
    assert _velden(_fouten(invoer, eigen_nummer=melding.nummer)) == {"periode_tm"}


def test_r_vz_06_sla_op_refuses_a_future_period_and_stores_nothing(app):
    with pytest.raises(Ongeldig) as exc:
        meld(periode_van=VANDAAG + DAG, periode_tm=VANDAAG + DAG)
    assert {f.veld for f in exc.value.fouten} == {"periode_van", "periode_tm"}


def test_r_vz_08_a_verzuimdag_outside_the_period_must_lie_in_it(app):
    invoer = geldig(verzuimdagen_specificeren=True,
                    verzuimdagen=[verzuim.Verzuimdag(datum=D(2026, 11, 3)),
                                  verzuim.Verzuimdag(datum=D(2026, 10, 1))])
    leerling = verzuim.zoek_leerling(actor("school"), "31ED", DONDER)
    [fout] = verzuim.controleer_melding(leerling, invoer, vandaag=VANDAAG)
    assert (fout.veld, fout.regel, fout.params) == ("dag-2-datum", "R-VZ-08", {"nummer": 2})
    assert fout.melding == "De %(nummer)se verzuimdag moet in de verzuimperiode liggen."


def test_r_vz_05_each_missing_part_of_an_afwijkend_adres_is_named(app):
    """R-VZ-05: not "Dit veld is verplicht." five times, but which field."""
    fouten = _fouten(geldig(afwijkend_adres=verzuim.AfwijkendAdres(soort="straat")))
    assert {(v, m) for v, _r, m in fouten} == {
        ("afwijkend_adres-straat", "Vul de straat in."),
        ("afwijkend_adres-huisnummer", "Vul het huisnummer in."),
        ("afwijkend_adres-postcode", "Vul de postcode in.")}
    fouten = _fouten(geldig(afwijkend_adres=verzuim.AfwijkendAdres(soort="locatie")))
    assert {m for _v, _r, m in fouten} == {"Vul de locatie in.", "Vul de plaatsnaam in."}


def test_r_vz_05_the_wizards_error_summary_names_the_field_of_a_general_message(client):
    """R-VZ-05 through the page: the summary says which field an e-mail or date message is
    about; the typed value stays."""
    url, token = begin_wizard(client)
    fout = _stuur(client, url, token, ga="volgende", aantal_contactpersonen="0",
                  email_leerling="geen-adres", afwijkend_adres="straat",
                  **{"afwijkend_adres-huisletter": "A"})
    assert fout.status_code == 422 and 'value="geen-adres"' in fout.text
    samenvatting = fout.text.split("foutsamenvatting", 1)[1].split("</ul>", 1)[0]
    for tekst in ("E-mailadres leerling: Dit is geen geldig e-mailadres.", "Vul de straat in.",
                  "Vul het huisnummer in.", "Vul de postcode in."):
        assert tekst in samenvatting, tekst
    assert "Dit veld is verplicht." not in fout.text
    fout = _stuur(client, _stap(url, "verzuim"), token, ga="volgende",
                  periode_van="31-02-2026", periode_tm="nooit")
    assert "Verzuimperiode t/m: Vul een geldige datum in (DD-MM-JJJJ)." in fout.text


# ---------------------------------------------------------------- R-VZ-03: open meldingen

def test_r_vz_03_open_meldingen_link_to_the_melding_its_history_and_copy(client):
    """R-VZ-03 (Afb. 4): the number opens the melding, Historie, Kopiëren."""
    melding = meld()
    inloggen_als(client, "school")
    token = csrf_token(client.get("/verzuim/31ED/opvoeren").text)
    pagina = client.post("/verzuim/31ED/opvoeren", data={"csrf_token": token, "pgn": DONDER}).text
    tabel = pagina.split("Openstaande Verzuimmeldingen", 1)[1]
    assert f'href="/verzuim/meldingen/{melding.nummer}"' in tabel
    assert f'href="/verzuim/meldingen/{melding.nummer}/historie"' in tabel
    assert f'action="/verzuim/meldingen/{melding.nummer}/kopieren"' in tabel
    kopie = client.post(f"/verzuim/meldingen/{melding.nummer}/kopieren",
                        data={"csrf_token": token})
    assert kopie.status_code == 302 and kopie.headers["Location"].endswith("/leerling")
    assert "Burgerservicenummer" not in pagina  # Afb. 4: the number was just typed


def test_the_leerling_step_shows_the_burgerservicenummer_or_onderwijsnummer(client):
    """Afb. 5: the pupil's number under its own label."""
    url, _token = begin_wizard(client)
    assert f"<dt>Burgerservicenummer</dt><dd>{DONDER}</dd>" in client.get(url).text
    nummer = ins.registreer(zonder(
        adres=ins.Adres(postcode="1018 DW", huisnummer="3"), geboren=DeelDatum(2016, 3, 4),
        code="31ED", begin=D(2025, 8, 1), achternaam="Nummer", geslacht="M"),
        actor("school")).nieuw_onderwijsnummer
    concept = verzuim.begin_concept(actor("school"), "31ED", nummer,
                                    Gebruiker.get(Gebruiker.gebruikersnaam == "school").id)
    stap = client.get(f"/verzuim/concept/{concept.sleutel}/leerling").text
    assert f"<dt>Onderwijsnummer</dt><dd>{nummer}</dd>" in stap
    assert "Burgerservicenummer" not in stap


# ---------------------------------------------------------------- Selecteer contactpersoon

def test_selecteer_contactpersoon_offers_the_instellings_earlier_ones_once(app):
    """Afb. 6: the contactpersonen of this instelling's earlier meldingen, each once with
    its latest details; another instelling's are not offered."""
    meld(functie_contactpersoon="mentor")
    laatste = meld(periode_van=D(2026, 11, 16), periode_tm=D(2026, 11, 17),
                   functie_contactpersoon="teamleider", telefoon_contactpersoon="020-1234567")
    meld(periode_van=D(2026, 11, 18), periode_tm=D(2026, 11, 18),
         naam_contactpersoon="Dhr. Ander", email_contactpersoon="ander@school.example")
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    concept = verzuim.begin_concept(actor("school"), "31ED", DONDER, school.id)
    eerdere = eerdere_contactpersonen(concept)
    assert [(c.naam, c.functie) for c in eerdere] == [("Dhr. Ander", ""),
                                                      ("Mevr. Melder", "teamleider")]
    assert eerdere[1].melding == laatste.nummer
    gekozen = neem_contactpersoon(concept, verzuim.MeldingInvoer(), str(laatste.nummer))
    assert (gekozen.naam_contactpersoon, gekozen.functie_contactpersoon,
            gekozen.telefoon_contactpersoon, gekozen.email_contactpersoon) == \
        ("Mevr. Melder", "teamleider", "020-1234567", "melder@school.example")
    Inschrijving.update(instelling=verzuim.instelling_van(actor("school"), "31EG")).where(
        Inschrijving.persoon == Persoon.get(Persoon.bsn == DONDER).id).execute()
    ander = verzuim.begin_concept(actor("school"), "31EG", DONDER, school.id)
    assert eerdere_contactpersonen(ander) == []
    for keuze in (str(laatste.nummer), "", "x", "99999999999"):
        with pytest.raises(Ongeldig) as exc:
            neem_contactpersoon(ander, verzuim.MeldingInvoer(), keuze)
        assert exc.value.fouten[0].veld == "selecteer_contactpersoon"


def test_selecteer_contactpersoon_without_javascript_fills_the_fields(client):
    """Afb. 6 through the page: a select and Kies; what else was typed stays."""
    melding = meld(functie_contactpersoon="mentor")
    url, token = begin_wizard(client)
    stap = _stap(url, "verzuim")
    pagina = client.get(stap).text
    assert "Selecteer contactpersoon" in pagina
    assert f'<option value="{melding.nummer}">Mevr. Melder (mentor, melder@school.example)' \
        in pagina
    gekozen = _stuur(client, stap, token, ga="kies-contactpersoon",
                     selecteer_contactpersoon=str(melding.nummer), vermoedelijke_reden="ziek",
                     naam_contactpersoon="iets anders")
    assert gekozen.status_code == 200
    for veld, waarde in (("naam_contactpersoon", "Mevr. Melder"),
                         ("functie_contactpersoon", "mentor"),
                         ("email_contactpersoon", "melder@school.example")):
        assert re.search(rf'id="{veld}" name="{veld}" value="{waarde}"', gekozen.text), veld
    assert ">ziek</textarea>" in gekozen.text
    fout = _stuur(client, stap, token, ga="kies-contactpersoon", selecteer_contactpersoon="")
    assert fout.status_code == 422 and "Kies een contactpersoon uit de lijst." in fout.text


# ---------------------------------------------------------------- onderwijslocatie

def test_onderwijslocatie_is_one_of_the_instellings_own(app):
    """The melding names one of the instelling's onderwijslocaties, or none."""
    assert _fouten(geldig(onderwijslocatie="31ED01")) == set()
    for vreemd in ("31GY01", "31ED99", "x" * 50):
        assert _velden(_fouten(geldig(onderwijslocatie=vreemd))) == {"onderwijslocatie"}


def test_onderwijslocatie_starts_from_the_enrolment_and_is_fixed_once_reported(app):
    """A new melding starts with the onderwijslocatie of the pupil's inschrijving; a change
    keeps the reported one (Afb. 9 shows it as text)."""
    persoon = Persoon.get(Persoon.bsn == DONDER)
    locatie = Onderwijslocatie.get(Onderwijslocatie.code == "31ED01")
    Inschrijving.update(onderwijslocatie=locatie).where(Inschrijving.persoon == persoon).execute()
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    concept = verzuim.begin_concept(actor("school"), "31ED", DONDER, school.id)
    assert verzuim.invoer_van(concept).onderwijslocatie == "31ED01"
    melding = meld(onderwijslocatie="31ED01")
    wijziging = _wijzig(melding.nummer)
    invoer = verzuim.invoer_van(wijziging)
    invoer.onderwijslocatie = "31ED00"
    verzuim.bewaar_concept(wijziging, invoer)
    verzuim.wijzig_melding(actor("school"), wijziging)
    assert verzuim.invoer_van(Verzuimmelding.get_by_id(melding.id)).onderwijslocatie == "31ED01"


def test_onderwijslocatie_on_the_verzuim_step_and_in_raadplegen(client):
    """Verzuim step: a choice when the instelling has onderwijslocaties; Raadplegen's
    column (Afb. 13) names it."""
    url, token = begin_wizard(client)
    stap = _stap(url, "verzuim")
    pagina = client.get(stap).text
    assert '<option value="31ED01">Basisschool De Bliksemschicht, dependance IJburg (31ED01)' \
        in pagina
    meld(onderwijslocatie="31ED01")
    tabel = client.get("/verzuim/31ED/raadplegen").text.split("<tbody", 1)[1]
    assert "Basisschool De Bliksemschicht, dependance IJburg</td>" in tabel
    Onderwijslocatie.delete().where(Onderwijslocatie.code.startswith("31ED")).execute()
    assert 'id="onderwijslocatie"' not in client.get(stap).text


# ---------------------------------------------------------------- R-VZ-11: Naam behandelaar

def test_r_vz_11_search_on_the_naam_of_the_terugkoppelings_behandelaar(client):
    """R-VZ-11 (Afb. 8): Naam behandelaar, for the school and the gemeente's werkvoorraad."""
    met = meld()
    zonder_ = meld(periode_van=D(2026, 11, 16), periode_tm=D(2026, 11, 17))
    lpa = actor("leerplicht.amsterdam")
    behandeling.geef_terugkoppeling(lpa, met.nummer, 1, behandeling.Terugkoppeling(
        naam="Ayla Leerplicht", toelichting="Jan gesproken"))
    behandeling.geef_terugkoppeling(lpa, zonder_.nummer, 1, behandeling.Terugkoppeling(
        naam="Bram Bakker"))
    for naam, verwacht in (("ayla", [met.nummer]), ("Leerplicht", [met.nummer]),
                           ("jan", []), ("", [zonder_.nummer, met.nummer])):
        vraag = verzuim.Zoekvraag(naam_behandelaar=naam)
        gevonden = verzuim.zoek_meldingen(actor("school"), "31ED", vraag)
        assert [m.nummer for m in gevonden.meldingen] == verwacht, naam
        assert [m.nummer for m in behandeling.werkvoorraad(lpa, vraag).meldingen] == verwacht
    inloggen_als(client, "school")
    pagina = client.get("/verzuim/31ED/raadplegen")
    assert '<label class="utrecht-form-label" for="naam_behandelaar">Naam behandelaar' \
        in pagina.text
    gezocht = client.post("/verzuim/31ED/raadplegen", data={
        "csrf_token": csrf_token(pagina.text), "naam_behandelaar": "Bakker",
        "statussen": ["R", "B"]}).text
    assert f">{zonder_.nummer}</a>" in gezocht and f">{met.nummer}</a>" not in gezocht
    assert 'value="Bakker"' in gezocht


# ---------------------------------------------------------------- Wijzigen: the Melding tab

def test_wijzigen_starts_at_the_melding_tab_with_the_terugkoppeling(client):
    """Afb. 14: Melding first: Meldingnummer … Wet, the terugkoppeling, Melding intrekken."""
    melding = meld()
    behandeling.geef_terugkoppeling(actor("leerplicht.amsterdam"), melding.nummer, 1,
                                    behandeling.Terugkoppeling(naam="Ayla Leerplicht",
                                                               telefoon="020-5555555"))
    inloggen_als(client, "school")
    token = csrf_token(client.get(f"/verzuim/meldingen/{melding.nummer}").text)
    wijzig = client.post(f"/verzuim/meldingen/{melding.nummer}/wijzigen",
                         data={"csrf_token": token})
    assert wijzig.headers["Location"].endswith("/melding")
    tab = client.get(wijzig.headers["Location"]).text
    rijen = re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", tab)
    assert rijen[:5] == [("Meldingnummer", str(melding.nummer)),
                         ("Meldende instelling", "31ED – Basisschool De Bliksemschicht"),
                         ("Melddatum", "23-11-2026"), ("Status", "Geregistreerd"),
                         ("Wet", "Leerplichtwet")]
    terugkoppeling = re.findall(r"<dt>([^<]+)</dt>", tab.split("Terugkoppeling:", 1)[1])
    assert terugkoppeling == ["Datum terugkoppeling", "Organisatie", "Naam behandelaar",
                              "Telefoonnummer behandelaar", "E-mail behandelaar",
                              "Functie behandelaar", "Toelichting"]
    assert ("Naam behandelaar", "Ayla Leerplicht") in rijen
    assert ("Organisatie", "Amsterdam") in rijen
    assert f'href="/verzuim/meldingen/{melding.nummer}/intrekken">Melding intrekken' in tab
    assert re.search(r'aria-current="step">Melding</button>', tab)
    assert ">1. Leerling</button>" in tab and ">5. Overzicht</button>" in tab
    verder = _stuur(client, wijzig.headers["Location"], token, ga="volgende")
    assert verder.headers["Location"].endswith("/leerling")
    nieuw, _token = begin_wizard(client)
    assert client.get(_stap(nieuw, "melding")).status_code == 404


# ---------------------------------------------------------------- labels and the Overzicht

def test_overzicht_shows_the_melding_block_before_opslaan(client):
    """Afb. 7/10: "Melding:" first; for a new melding what is known before Opslaan."""
    url, token = begin_wizard(client)
    _stuur(client, _stap(url, "verzuim"), token, ga="overzicht",
           periode_van="02-11-2026", periode_tm="06-11-2026", vermoedelijke_soort="O",
           vermoedelijke_reden="afwezig", actie_gewenst="nee", toelichting_actie_gewenst="x",
           naam_contactpersoon="Mevr. Melder", email_contactpersoon="melder@school.example")
    overzicht = client.get(_stap(url, "overzicht")).text
    blok = overzicht.split("Melding:", 1)[1].split("Leerling:", 1)[0]
    assert re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", blok) == [
        ("Meldende instelling", "31ED – Basisschool De Bliksemschicht"),
        ("Status", "Geregistreerd (na opslaan)"), ("Wet", "Leerplichtwet")]
    melding = meld()
    wijziging = _wijzig(melding.nummer)
    overzicht = client.get(f"/verzuim/concept/{wijziging.sleutel}/overzicht").text
    assert f"<dt>Meldingnummer</dt><dd>{melding.nummer}</dd>" in \
        overzicht.split("Leerling:", 1)[0]


def test_labels_as_the_seed_writes_them(client):
    """Afb. 6, 16: "16 uren per 4 weken 18-" and its 18+ sibling, "Verbijzondering",
    "Datum vorige terugkoppeling"."""
    soorten = {w.code: w.naam for w in Lijstwaarde.select()
               .where(Lijstwaarde.lijst == "vermoedelijke_soort")}
    assert (soorten["V3"], soorten["V4"]) == ("16 uren per 4 weken 18-", "16 uren per 4 weken 18+")
    melding = meld(verbijzondering="mogelijk langdurig ziek")
    behandeling.geef_terugkoppeling(actor("leerplicht.amsterdam"), melding.nummer, 1,
                                    behandeling.Terugkoppeling(naam="Ayla Leerplicht",
                                                               datum=D(2026, 11, 24)))
    inloggen_als(client, "school")
    pagina = client.get(f"/verzuim/meldingen/{melding.nummer}").text
    assert "<dt>Verbijzondering</dt><dd>mogelijk langdurig ziek</dd>" in pagina
    assert "<dt>Datum vorige terugkoppeling</dt><dd>24-11-2026</dd>" in pagina
    assert "Mogelijkheid tot verbijzondering" not in pagina


def test_reden_afgesloten_has_halt_and_proces_verbaal(app):
    """Afb. 16, 21: a gemeente closes a melding with HALT or proces verbaal."""
    redenen = {w.code: (w.naam, w.naam_en) for w in Lijstwaarde.select()
               .where(Lijstwaarde.lijst == "reden_afgesloten")}
    assert redenen["HALT"][0] == "HALT" and redenen["PROCES_VERBAAL"][0] == "proces verbaal"
    assert all(en for _nl, en in redenen.values())
    lpa = actor("leerplicht.amsterdam")
    for reden, van in (("HALT", D(2026, 11, 2)), ("PROCES_VERBAAL", D(2026, 11, 16))):
        melding = meld(periode_van=van, periode_tm=van)
        gesloten = behandeling.wijzig_status(lpa, melding.nummer, 1, "afsluiten", reden)
        assert json.loads(gesloten.gegevens)["afsluiting"]["reden"] == reden


# ---------------------------------------------------------------- R-VZ-14: the history

def test_r_vz_14_history_as_the_seeds_screens(client):
    """R-VZ-14 (Afb. 13, 21): the list's heading with Meldende instelling and Melddatum; a
    version in the seed's blocks and order, Datum/tijd in Melding, differences marked."""
    melding = meld(onderwijslocatie="31ED01")
    behandeling.wijzig_status(actor("leerplicht.amsterdam"), melding.nummer, 1, "afsluiten",
                              "HALT")
    inloggen_als(client, "school")
    lijst = client.get(f"/verzuim/meldingen/{melding.nummer}/historie").text
    assert "Overzicht historie melding relatief verzuim" in lijst
    assert "<dt>Meldende instelling</dt><dd>31ED</dd>" in lijst
    assert "<dt>Melddatum</dt><dd>23-11-2026</dd>" in lijst
    versie = client.get(f"/verzuim/meldingen/{melding.nummer}/historie/2").text
    blokken = re.findall(r'<h2 class="utrecht-heading-2" id="blok-\d+">([^<]+)</h2>', versie)
    assert blokken == ["Melding:", "Leerling:", "Contactpersonen leerling:", "Verzuim:",
                       "Details verzuim:", "Actie school:", "Terugkoppeling:"]
    delen = dict(zip(blokken, re.split(r'<h2 class="utrecht-heading-2" id="blok-\d+">',
                                       versie)[1:], strict=True))
    labels = {titel: re.findall(r'scope="row">([^<]+?)(?: <span|</th>)', deel)
              for titel, deel in delen.items()}
    assert labels["Melding:"] == ["Meldingnummer", "Meldende instelling", "Melddatum", "Status",
                                  "Reden melding afgesloten", "Toelichting afsluiting", "Wet",
                                  "Samenloop met vrijstelling", "Instantie behandelaar",
                                  "E-mail instantie", "Datum/tijd"]
    assert labels["Leerling:"][:2] == ["Burgerservicenummer", "Naam"]
    assert labels["Leerling:"][-1] == "Afwijkend adres leerling"
    assert labels["Verzuim:"][:2] == ["Vermoedelijke soort", "Verbijzondering"]
    assert labels["Verzuim:"][-6:-4] == ["Met prioriteit oppakken", "Onderwijslocatie"]
    assert labels["Terugkoppeling:"] == [
        "Datum vorige terugkoppeling", "Organisatie", "Naam behandelaar", "Functie behandelaar",
        "Telefoonnummer behandelaar", "E-mail behandelaar", "Toelichting"]
    status = re.search(r'<tr class="utrecht-table__row verschil">\s*<th[^>]*>Status '
                       r'<span class="gewijzigd">gewijzigd</span>.*?</tr>', versie, re.S).group(0)
    assert "<td class=\"utrecht-table__cell\">Afgesloten</td>" in status
    assert "<del>Geregistreerd</del>" in status
    assert re.search(r"Reden melding afgesloten <span class=\"gewijzigd\">gewijzigd</span>"
                     r"</th>\s*<td[^>]*>HALT</td>", versie)
    # "" and a field the previous version did not have both show "–": not a difference
    assert "Toelichting afsluiting <span" not in versie
    assert "Basisschool De Bliksemschicht, dependance IJburg (31ED01)" in delen["Verzuim:"]
