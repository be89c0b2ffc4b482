"""Opvoeren Verzuim, finding the pupil (seed 004 §2.1): R-VZ-01, R-VZ-02, routing."""
import datetime

import pytest

from domain import inschrijving as ins
from domain import routing, verzuim
from domain.datums import DeelDatum
from domain.fouten import GeenToegang, Ongeldig
from domain.verzuim import AfwijkendAdres, Contactpersoon, MeldingInvoer, Verzuimdag
from models import (
    Gebruiker,
    Gemeente,
    Lijstwaarde,
    MeldingVersie,
    Mutatie,
    Persoon,
    UitgaandeMail,
    Verzuimmelding,
)
from tests.conftest import csrf_token, inloggen_als
from tests.factories import DONDER, VANDAAG, D, actor, geldig, meld, zonder


def test_r_vz_01_pupil_found_by_pgn_only_when_enrolled_at_this_instelling(app):
    """R-VZ-01: search by PGN only; found only when enrolled at the user's instelling."""
    school = actor("school")
    leerling = verzuim.zoek_leerling(school, "31ED", DONDER)
    assert leerling.persoon.achternaam == "Donder"
    assert verzuim.zoek_leerling(school, "31EG", DONDER) is None
    with pytest.raises(Ongeldig) as exc:
        verzuim.zoek_leerling(school, "31ED", "Donder")
    assert exc.value.fouten[0].regel == "R-VZ-01"
    with pytest.raises(GeenToegang):
        verzuim.zoek_leerling(actor("school2"), "31ED", DONDER)


def test_r_vz_01_pupil_found_by_onderwijsnummer(actor_school):
    """R-VZ-01: the onderwijsnummer the register gave works like a BSN."""
    resultaat = ins.registreer(zonder(
        adres=ins.Adres(postcode="9712 AB", huisnummer="3"), geboren=DeelDatum(2012, 3, 4),
        code="31GY", begin=D(2025, 8, 1), achternaam="Nummer", geslacht="M"), actor_school)
    leerling = verzuim.zoek_leerling(actor_school, "31GY", resultaat.nieuw_onderwijsnummer)
    assert leerling.persoon.id == resultaat.persoon.id
    assert leerling.route.gemeente.code == "0014"


def test_r_vz_02_pupil_living_abroad_gets_bv_s_error(app):
    """R-VZ-02: no uitvoerende instantie for a pupil abroad, so no melding."""
    abroad = Persoon.get(Persoon.woonland == "5010")
    instelling = abroad.inschrijvingen[0].instelling
    school = actor("school" if instelling.code in ("31ED", "31EG", "31GY") else "school2")
    with pytest.raises(Ongeldig) as exc:
        verzuim.zoek_leerling(school, instelling.code, abroad.onderwijsnummer)
    fout = exc.value.fouten[0]
    assert fout.regel == "R-VZ-02" and fout.params["code"] == routing.BUITENLAND


def test_routing_goes_to_the_woongemeentes_verzuimloket_also_after_a_herindeling(app):
    """DESIGN §3 domain/routing: the woongemeente's verzuimloket, following herindelingen."""
    persoon = Persoon.get(Persoon.bsn == DONDER)
    route = routing.behandelende_instantie(persoon)
    assert (route.gemeente.code, route.email) == ("0363", "verzuimloket@amsterdam.example")
    nieuw = Gemeente.create(code="1999", naam="Amstelstad",
                            verzuimloket_email="loket@amstelstad.example")
    Gemeente.update(opgevolgd_door=nieuw).where(Gemeente.code == "0363").execute()
    persoon = Persoon.get(Persoon.bsn == DONDER)
    assert routing.behandelende_instantie(persoon).email == "loket@amstelstad.example"


def test_reference_lists_are_data_with_wire_codes(app):
    """DESIGN §4: the verzuim reference lists are loaded as data."""
    lijst = Lijstwaarde.select().where(Lijstwaarde.lijst == "vermoedelijke_soort")
    soorten = {w.code: w for w in lijst}
    assert set(soorten) == {"V3", "V4", "LRV", "L", "RMC", "O"}
    verplicht = {c for c, w in soorten.items() if w.heeft("einddatum_verplicht")}
    assert verplicht == {"V3", "V4", "LRV", "RMC"}
    assert soorten["O"].heeft("verbijzondering")
    statussen = [w.code for w in Lijstwaarde.select().where(Lijstwaarde.lijst == "status")
                 .order_by(Lijstwaarde.volgorde)]
    assert statussen == ["R", "B", "G", "K", "I", "D"]
    assert Lijstwaarde.select().where(Lijstwaarde.lijst == "actie_school").count() == 9


def test_opvoeren_page_searches_by_post_and_shows_the_pupil(client):
    inloggen_als(client, "school")
    page = client.get("/verzuim/31ED/opvoeren")
    assert "Opvoeren Verzuim - 31ED" in page.text and "Persoonsgebonden nummer" in page.text
    gevonden = client.post("/verzuim/31ED/opvoeren", data={"csrf_token": csrf_token(page.text),
                                                            "pgn": DONDER})
    for tekst in ("Donder, B. van de", "Bliksem", "man", "14 maart 2016", "GBA-adres",
                  "Plantage Kerklaan 230, 1018 DW Amsterdam", "Gemeente Amsterdam"):
        assert tekst in gevonden.text, tekst
    niet = client.post("/verzuim/31EG/opvoeren", data={"csrf_token": csrf_token(page.text),
                                                        "pgn": DONDER})
    assert "Geen gegevens gevonden." in niet.text and "Donder" not in niet.text


# ---------------------------------------------------------------- the melding

def _fouten(invoer, stap=None):
    leerling = verzuim.zoek_leerling(actor("school"), "31ED", DONDER)
    return {(f.veld, f.regel) for f in verzuim.controleer_melding(leerling, invoer, stap)}


def _dag(dag, **kw):
    return Verzuimdag(datum=D(2026, 11, dag), **kw)


ZES = [Contactpersoon(naam=f"C{i}") for i in range(6)]

# R-VZ-05 … R-VZ-09, one row a case: a change to geldig() (a melding of 2 to 6 November,
# overig verzuim, no action wanted, a letter sent) and every problem it gives as
# (field, rule), or set() for none. DONDER is 10 in November 2026.
REGELS = [
    pytest.param({}, set(), id="complete-melding"),
    # R-VZ-05: at most 5 extra contactpersonen, each with a name; an afwijkend adres as
    # straat en postcode or as locatie en plaatsnaam, each with its required fields.
    pytest.param({"contactpersonen": ZES}, {("contactpersonen", "R-VZ-05")},
                 id="R-VZ-05-six-contactpersonen"),
    pytest.param({"contactpersonen": ZES[:5]}, set(), id="R-VZ-05-five-contactpersonen"),
    pytest.param({"contactpersonen": [Contactpersoon(naam=" ")]},
                 {("contactpersoon-1-naam", "R-VZ-05")}, id="R-VZ-05-contactpersoon-without-naam"),
    pytest.param({"afwijkend_adres": AfwijkendAdres(soort="straat", straat="Dorpsstraat")},
                 {("afwijkend_adres-huisnummer", "R-VZ-05"),
                  ("afwijkend_adres-postcode", "R-VZ-05")}, id="R-VZ-05-straat-without-number"),
    pytest.param({"afwijkend_adres": AfwijkendAdres(soort="straat", straat="Dorpsstraat",
                                                    huisnummer="1", postcode="3511 AB")},
                 set(), id="R-VZ-05-straat-complete"),
    pytest.param({"afwijkend_adres": AfwijkendAdres(soort="locatie", locatie="Woonboot De Zwaan",
                                                    plaatsnaam="Utrecht")},
                 set(), id="R-VZ-05-locatie-complete"),
    pytest.param({"afwijkend_adres": AfwijkendAdres(soort="locatie", locatie="Woonboot")},
                 {("afwijkend_adres-plaatsnaam", "R-VZ-05")}, id="R-VZ-05-locatie-without-plaats"),
    # R-VZ-06: van required, t/m not before it, t/m required for V3/V4/LRV/RMC, the soort
    # fits the age (V4 is for 18 and older).
    pytest.param({"periode_van": None}, {("periode_van", "R-VZ-06")}, id="R-VZ-06-no-van"),
    pytest.param({"periode_tm": D(2026, 11, 1)}, {("periode_tm", "R-VZ-06")},
                 id="R-VZ-06-tm-before-van"),
    pytest.param({"periode_tm": D(2026, 11, 2)}, set(), id="R-VZ-06-one-day"),
    pytest.param({"vermoedelijke_soort": "V3", "periode_tm": None}, {("periode_tm", "R-VZ-06")},
                 id="R-VZ-06-V3-without-tm"),
    pytest.param({"vermoedelijke_soort": "V4"}, {("vermoedelijke_soort", "R-VZ-06")},
                 id="R-VZ-06-V4-under-18"),
    # R-VZ-07: toelichting actie gewenst required when no action is wanted; met prioriteit
    # only when one is.
    pytest.param({"toelichting_actie_gewenst": ""}, {("toelichting_actie_gewenst", "R-VZ-07")},
                 id="R-VZ-07-no-action-without-toelichting"),
    pytest.param({"toelichting_actie_gewenst": "  "}, {("toelichting_actie_gewenst", "R-VZ-07")},
                 id="R-VZ-07-no-action-blank-toelichting"),
    pytest.param({"met_prioriteit": True}, {("met_prioriteit", "R-VZ-07")},
                 id="R-VZ-07-priority-without-action"),
    pytest.param({"actie_gewenst": True, "met_prioriteit": True, "toelichting_actie_gewenst": ""},
                 set(), id="R-VZ-07-priority-with-action"),
    # R-VZ-08: alle lessen gemist, no lesuren; otherwise days in the period, each the whole
    # day or with 1 to 16 lesuren, or "niet van toepassing".
    pytest.param({"alle_lessen_gemist": True}, set(), id="R-VZ-08-all-lessons-missed"),
    pytest.param({"alle_lessen_gemist": True, "verzuimdagen_specificeren": True,
                  "verzuimdagen": [_dag(3, hele_dag=False, lesuren="3")]},
                 {("verzuimdagen", "R-VZ-08")}, id="R-VZ-08-all-lessons-missed-with-days"),
    pytest.param({"verzuimdagen_specificeren": True,
                  "verzuimdagen": [_dag(3, hele_dag=False, lesuren="3"), _dag(4)]},
                 set(), id="R-VZ-08-lesuren-and-a-whole-day"),
    pytest.param({"verzuimdagen_specificeren": True, "verzuimdagen": [_dag(3, hele_dag=False)]},
                 {("dag-1-lesuren", "R-VZ-08")}, id="R-VZ-08-part-of-a-day-without-lesuren"),
    pytest.param({"verzuimdagen_specificeren": True,
                  "verzuimdagen": [_dag(3, hele_dag=False, lesuren="16")]},
                 set(), id="R-VZ-08-16-lesuren"),
    pytest.param({"verzuimdagen_specificeren": True,
                  "verzuimdagen": [_dag(3, hele_dag=False, lesuren="17")]},
                 {("dag-1-lesuren", "R-VZ-08")}, id="R-VZ-08-17-lesuren"),
    pytest.param({"verzuimdagen_specificeren": True,
                  "verzuimdagen": [Verzuimdag(datum=D(2026, 10, 1))]},
                 {("dag-1-datum", "R-VZ-08")}, id="R-VZ-08-day-outside-the-period"),
    pytest.param({"verzuimdagen_specificeren": True, "verzuimdagen": [_dag(3), _dag(3)]},
                 {("dag-2-datum", "R-VZ-08")}, id="R-VZ-08-the-same-day-twice"),
    # R-VZ-09: at least one ondernomen actie from the list; "anders namelijk" requires a
    # toelichting.
    pytest.param({"acties": []}, {("acties", "R-VZ-09")}, id="R-VZ-09-no-action"),
    pytest.param({"acties": ["ONBEKEND"]}, {("acties", "R-VZ-09")},
                 id="R-VZ-09-action-not-in-the-list"),
    pytest.param({"acties": ["BRIEF", "ANDERS"]}, {("toelichting_actie", "R-VZ-09")},
                 id="R-VZ-09-anders-without-toelichting"),
    pytest.param({"acties": ["ANDERS"], "toelichting_actie": "huisbezoek"}, set(),
                 id="R-VZ-09-anders-with-toelichting"),
]


@pytest.mark.parametrize("wijzig, verwacht", REGELS)
def test_r_vz_05_to_09_each_change_gives_exactly_its_rules_problems(app, wijzig, verwacht):
    assert _fouten(geldig(**wijzig)) == verwacht


@pytest.mark.parametrize("eerdere, wijzig, verwacht", [
    pytest.param("R", {"periode_van": D(2026, 11, 6), "periode_tm": D(2026, 11, 9)},
                 {("periode_van", "R-VZ-06")}, id="R-VZ-06-overlaps-on-its-last-day"),
    pytest.param("R", {"periode_van": D(2026, 11, 9), "periode_tm": D(2026, 11, 10)}, set(),
                 id="R-VZ-06-after-it"),
    pytest.param("I", {"periode_van": D(2026, 11, 6), "periode_tm": D(2026, 11, 9)}, set(),
                 id="R-VZ-06-overlaps-a-withdrawn-one"),
])
def test_r_vz_06_a_period_overlapping_another_melding_of_the_pupil(app, eerdere, wijzig,
                                                                   verwacht):
    """R-VZ-06: against the pupil's melding of 2 to 6 November (registered, or withdrawn)."""
    gemeld = meld()
    if eerdere == "I":
        verzuim.trek_in(actor("school"), gemeld.nummer, "FOUTIEF", vandaag=VANDAAG)
    assert _fouten(geldig(**wijzig)) == verwacht


def test_r_vz_04_each_step_reports_only_its_own_fields(app):
    """R-VZ-04: the wizard checks one step at a time; nothing is stored before Opslaan."""
    leeg = MeldingInvoer()
    assert {v for v, _r in _fouten(leeg, "leerling")} == set()
    assert {v for v, _r in _fouten(leeg, "actie")} == {"acties"}
    assert "periode_van" in {v for v, _r in _fouten(leeg, "verzuim")}
    assert Verzuimmelding.select().count() == 0


def test_r_vz_10_opslaan_gives_a_number_a_version_and_mails(app):
    """R-VZ-10: a meldingnummer, a first version and Mutatie, a mail to the handling
    instantie and one to the contactpersoon when asked; no personal number in a mail."""
    eerste = meld(mail_naar_melder=True)
    tweede = meld(periode_van=D(2026, 11, 16), periode_tm=D(2026, 11, 17))
    assert tweede.nummer == eerste.nummer + 1
    assert (eerste.status, eerste.wet, eerste.gemeente.code) == ("R", "LPW", "0363")
    assert MeldingVersie.get(MeldingVersie.melding == eerste).versie == 1
    assert Mutatie.select().where(Mutatie.onderwerp == "verzuimmelding").count() == 2
    mails = list(UitgaandeMail.select().order_by(UitgaandeMail.id))
    assert [m.aan for m in mails] == ["verzuimloket@amsterdam.example", "melder@school.example",
                                      "verzuimloket@amsterdam.example"]
    assert str(eerste.nummer) in mails[0].tekst and DONDER not in mails[0].tekst
    # The gemeente's mail links to the gemeente's page of the melding, the school's to its
    # own; the outbox keeps the path, the worker puts PUBLIC_URL in front (tests/test_mail).
    assert mails[0].pad == f"/gemeente/meldingen/{eerste.nummer}"
    assert mails[1].pad == f"/verzuim/meldingen/{eerste.nummer}"


def test_r_vz_10_a_refused_melding_stores_nothing(app):
    """R-VZ-10 with R-VZ-09: nothing is stored or mailed when a rule fails."""
    with pytest.raises(Ongeldig):
        verzuim.sla_op(actor("school"), "31ED", DONDER, geldig(acties=[]))
    assert (Verzuimmelding.select().count(), UitgaandeMail.select().count()) == (0, 0)


def test_r_vz_03_open_meldingen_are_shown_before_a_new_one(client):
    """R-VZ-03: the pupil's open meldingen (Geregistreerd, In behandeling) are listed."""
    school = actor("school")
    melding = meld()
    gesloten = meld(periode_van=D(2026, 10, 5), periode_tm=D(2026, 10, 6))
    Verzuimmelding.update(status="G").where(Verzuimmelding.id == gesloten.id).execute()
    leerling = verzuim.zoek_leerling(school, "31ED", DONDER)
    assert [m.nummer for m in leerling.open_meldingen()] == [melding.nummer]
    inloggen_als(client, "school")
    page = client.get("/verzuim/31ED/opvoeren")
    gevonden = client.post("/verzuim/31ED/opvoeren", data={"csrf_token": csrf_token(page.text),
                                                            "pgn": DONDER})
    # Each open melding with the seed's links (Afb. 4): the number opens it, Historie.
    assert f'href="/verzuim/meldingen/{melding.nummer}"' in gevonden.text
    assert f'href="/verzuim/meldingen/{melding.nummer}/historie"' in gevonden.text
    assert "overig verzuim" in gevonden.text and "Geregistreerd" in gevonden.text
    assert f'href="/verzuim/meldingen/{gesloten.nummer}"' not in gevonden.text


def test_melding_document_round_trips_through_json(app):
    """The stored document (and version snapshot) reads back as the same melding."""
    import json
    invoer = geldig(contactpersonen=[Contactpersoon(naam="Vader", telefoon="010")],
                    afwijkend_adres=AfwijkendAdres(soort="locatie", locatie="Boot",
                                                   plaatsnaam="Gouda"),
                    verzuimdagen_specificeren=True,
                    verzuimdagen=[Verzuimdag(datum=D(2026, 11, 3), hele_dag=False, lesuren="2")])
    assert verzuim.invoer_uit(json.loads(json.dumps(verzuim.document(invoer)))) == invoer


def test_r_vz_11_raadplegen_with_default_statuses_pages_and_days_in_status(app):
    """R-VZ-11: search on meldingsnummer, PGN, contactpersoon, gemeentecode, wet and
    statuses (default Geregistreerd and In behandeling); pages of 10; "Aantal dagen status"."""
    school = actor("school")
    meldingen = [meld(periode_van=D(2026, 1, 5) + datetime.timedelta(days=7 * i),
                      periode_tm=D(2026, 1, 6) + datetime.timedelta(days=7 * i),
                      naam_contactpersoon="Jan" if i % 2 else "Piet") for i in range(12)]
    Verzuimmelding.update(status="G").where(Verzuimmelding.id == meldingen[0].id).execute()
    eerste = verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag())
    assert (eerste.totaal, eerste.paginas, len(eerste.meldingen)) == (11, 2, 10)
    assert eerste.meldingen[0].nummer == meldingen[-1].nummer  # newest first
    tweede = verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(pagina=2))
    assert len(tweede.meldingen) == 1
    alle = verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(
        statussen=("R", "B", "G"), per_pagina=25))
    assert (alle.totaal, len(alle.meldingen)) == (12, 12)
    assert verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(
        meldingnummer=str(meldingen[3].nummer))).meldingen == [meldingen[3]]
    assert verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(
        naam_contactpersoon="Jan")).totaal == 6
    assert verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(pgn=DONDER)).totaal == 11
    rotterdam = verzuim.Zoekvraag(gemeentecode="0599")
    assert verzuim.zoek_meldingen(school, "31ED", rotterdam).totaal == 0
    assert verzuim.zoek_meldingen(school, "31ED", verzuim.Zoekvraag(wet="RMC")).totaal == 0
    melding = Verzuimmelding.get_by_id(meldingen[1].id)
    melding.status_sinds = datetime.datetime(2026, 11, 13, 9, 0)
    assert verzuim.aantal_dagen_status(melding, VANDAAG) == 10
    assert verzuim.zoek_meldingen(school, "31EG", verzuim.Zoekvraag()).totaal == 0
    with pytest.raises(GeenToegang):
        verzuim.zoek_meldingen(actor("school2"), "31ED", verzuim.Zoekvraag())


def test_raadplegen_page_posts_the_search_and_pages(client):
    melding = meld()
    inloggen_als(client, "school")
    page = client.get("/verzuim/31ED/raadplegen")
    assert f">{melding.nummer}</a>" in page.text and "Aantal dagen status" in page.text
    assert 'id="status-R" value="R" checked' in page.text
    assert 'id="status-G" value="G" checked' not in page.text
    leeg = client.post("/verzuim/31ED/raadplegen", data={
        "csrf_token": csrf_token(page.text), "pgn": "111222333", "statussen": ["R", "B"]})
    assert "Geen resultaten gevonden" in leeg.text and "111222333" not in leeg.request.url


def _concept_wijzig(melding, **wijzig):
    """A Wijzigen concept with some fields changed (as the wizard would store them)."""
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    concept = verzuim.begin_wijziging(actor("school"), melding.nummer, school.id)
    invoer = verzuim.invoer_van(concept)
    for k, v in wijzig.items():
        setattr(invoer, k, v)
    verzuim.bewaar_concept(concept, invoer)
    return concept


def test_r_vz_12_change_only_registered_or_in_behandeling_and_not_over_another_change(app):
    """R-VZ-12: only R and B can be changed; G and K are read-only; a change made after
    the concept was read is not silently overwritten (the concept stays)."""
    school = actor("school")
    melding = meld()
    concept = _concept_wijzig(melding, periode_tm=D(2026, 11, 9), naam_contactpersoon="Dhr. Nieuw",
                              periode_van=D(2020, 1, 1))
    gewijzigd = verzuim.wijzig_melding(school, concept)
    assert (gewijzigd.versie, gewijzigd.periode_tm, gewijzigd.naam_contactpersoon) == \
        (2, D(2026, 11, 9), "Dhr. Nieuw")
    assert gewijzigd.periode_van == D(2026, 11, 2)  # fixed once reported
    eerste = _concept_wijzig(gewijzigd, naam_contactpersoon="Eerste")
    tweede = _concept_wijzig(gewijzigd, naam_contactpersoon="Tweede")
    verzuim.wijzig_melding(school, eerste)
    with pytest.raises(Ongeldig) as exc:
        verzuim.wijzig_melding(school, tweede)
    assert "intussen gewijzigd" in exc.value.fouten[0].melding
    assert verzuim.invoer_van(tweede).naam_contactpersoon == "Tweede"  # nothing typed lost
    for status in ("G", "K"):
        Verzuimmelding.update(status=status).where(Verzuimmelding.id == melding.id).execute()
        with pytest.raises(Ongeldig) as exc:
            verzuim.begin_wijziging(school, melding.nummer, 1)
        assert exc.value.fouten[0].regel == "R-VZ-12"


def test_r_vz_13_withdraw_needs_a_reason_and_respects_the_date_rules(app):
    """R-VZ-13: a reason is required; "geen inschrijving" only from 1 August of the
    current school year; "foutief"/"onterecht" up to one year back; final."""
    school = actor("school")
    oud = meld(periode_van=D(2026, 3, 2), periode_tm=D(2026, 3, 3))
    nieuw = meld()
    for reden in ("", "ONBEKEND"):
        with pytest.raises(Ongeldig):
            verzuim.trek_in(school, nieuw.nummer, reden, vandaag=VANDAAG)
    with pytest.raises(Ongeldig) as exc:
        verzuim.trek_in(school, oud.nummer, "GEEN_INSCHRIJVING", vandaag=VANDAAG)
    assert exc.value.fouten[0].regel == "R-VZ-13"
    with pytest.raises(Ongeldig):
        verzuim.trek_in(school, oud.nummer, "FOUTIEF", vandaag=D(2027, 3, 3))
    ingetrokken = verzuim.trek_in(school, oud.nummer, "FOUTIEF", "dubbel", vandaag=VANDAAG)
    assert (ingetrokken.status, ingetrokken.versie) == ("I", 2)
    verzuim.trek_in(school, nieuw.nummer, "GEEN_INSCHRIJVING", vandaag=VANDAAG)
    with pytest.raises(Ongeldig):  # cannot be undone or repeated
        verzuim.trek_in(school, nieuw.nummer, "ANDERS", vandaag=VANDAAG)
    assert verzuim.begin_schooljaar(D(2026, 7, 31)) == D(2025, 8, 1)


def test_r_vz_14_history_lists_versions_and_compares_with_the_previous(app):
    """R-VZ-14: every version with date and time; a version side by side with the
    previous one, the differences marked (a pure function of two snapshots)."""
    school = actor("school")
    melding = meld()
    verzuim.wijzig_melding(school, _concept_wijzig(melding, naam_contactpersoon="Dhr. Nieuw"))
    _melding, lijst = verzuim.versies(school, melding.nummer)
    assert [v.versie for v in lijst] == [2, 1]
    verschillen = {v.veld: v for v in verzuim.vergelijk(lijst[0], lijst[1])}
    assert verschillen["naam_contactpersoon"].gewijzigd
    assert (verschillen["naam_contactpersoon"].nu, verschillen["naam_contactpersoon"].vorige) == \
        ("Dhr. Nieuw", "Mevr. Melder")
    assert not verschillen["vermoedelijke_reden"].gewijzigd
    assert not any(v.gewijzigd for v in verzuim.vergelijk(lijst[1], None))


def test_r_vz_15_copy_prefills_a_new_melding_without_the_period(app):
    """R-VZ-15: a new melding prefilled from an existing one, through the same wizard."""
    school = actor("school")
    melding = meld(acties=["GESPREK"])
    concept = verzuim.begin_kopie(school, melding.nummer, 1)
    invoer = verzuim.invoer_van(concept)
    assert concept.melding_id is None
    assert (invoer.acties, invoer.naam_contactpersoon, invoer.periode_van) == \
        (["GESPREK"], "Mevr. Melder", None)
    invoer.periode_van, invoer.periode_tm = D(2026, 11, 16), D(2026, 11, 17)
    verzuim.bewaar_concept(concept, invoer)
    kopie = verzuim.verstuur_concept(school, concept)
    assert kopie.nummer != melding.nummer and kopie.persoon_id == melding.persoon_id


def test_r_vz_06_no_melding_for_an_18_year_old_with_a_startkwalificatie(app):
    """RMC is 18+ without a startkwalificatie; with one, no law asks for a melding. The
    startkwalificatie counts from its date: a diploma after the first day of verzuim does
    not stop the melding."""
    from domain import inschrijving as ins
    from domain import resultaat
    from domain.datums import DeelDatum
    from tests.factories import brp_kind, met_bsn
    school = actor("school")
    brp_kind(geboren=D(2008, 3, 1))
    r = ins.registreer(met_bsn(geboren=DeelDatum(2008, 3, 1), begin=D(2024, 8, 1)), school)
    leerling = verzuim.zoek_leerling(school, "31ED", r.persoon.bsn)
    melding = geldig(vermoedelijke_soort="RMC", periode_van=D(2026, 11, 2),
                     periode_tm=D(2026, 11, 6))

    def fouten():
        return {(f.veld, f.regel) for f in verzuim.controleer_melding(leerling, melding)}

    assert fouten() == set()  # 18, no startkwalificatie: RMC
    diploma = resultaat.registreer(school, resultaat.ResultaatInvoer(
        "31ED", r.persoon.bsn, D(2026, 11, 3), "Diploma havo", True))
    assert fouten() == set()  # obtained after the first day of verzuim
    resultaat.verwijder(school, diploma.id)
    resultaat.registreer(school, resultaat.ResultaatInvoer(
        "31ED", r.persoon.bsn, D(2026, 7, 1), "Diploma havo", True))
    assert fouten() == {("periode_van", "R-VZ-06")}
