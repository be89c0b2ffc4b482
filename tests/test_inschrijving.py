"""Domain rules of enrolment (seed 004 §1.3–1.4). No Flask here."""
import json
from functools import partial
from operator import attrgetter

import pytest

from domain import inschrijving as ins
from domain.datums import DeelDatum
from domain.fouten import GeenToegang, Ongeldig
from models import Inschrijving, Inzagelog, Mutatie, Persoon
from tests.factories import (
    BRP_KIND,
    VANDAAG,
    D,
    actor,
    brp_kind,
    met_bsn,
    met_nummer,
    vul_school,
    zonder,
)


def velden(exc):
    return {(f.veld, f.regel) for f in exc.value.fouten}


def test_r_ins_12_bsn_takes_name_address_and_woongemeente_from_brp(actor_school):
    """R-INS-12: a pupil with a BSN gets name, address and woongemeente from the BRP."""
    brp_kind()
    resultaat = ins.registreer(met_bsn(), actor_school, VANDAAG)
    p = resultaat.persoon
    assert (p.achternaam, p.voorvoegsels, p.voornamen) == ("Testkind", "van", "Pim")
    assert p.postcode == "1094 HA" and p.adresbron == "brp"
    assert p.woongemeente.code == "0363"
    assert resultaat.nieuw_onderwijsnummer is None


def test_r_ins_12_unknown_bsn_asks_name_and_woonadres(actor_school):
    """R-INS-12: a BSN the BRP does not know makes the form ask name and woonadres (without
    them it is refused: WEIGERINGEN); with them the school's address is stored."""
    invoer = met_bsn("111222333")
    assert ins.vraagt_naam_en_adres(invoer.persoon)
    invoer.persoon.achternaam = "Bakker"
    invoer.persoon.adres = ins.Adres(postcode="3511 AB", huisnummer="12")
    p = ins.registreer(invoer, actor_school, VANDAAG).persoon
    assert p.bsn == "111222333" and p.woongemeente.code == "0344" and p.adresbron == "school"


def test_r_ins_11_pupil_without_number_gets_a_valid_unused_onderwijsnummer(actor_school):
    """R-INS-11: the register gives an onderwijsnummer (starts with 10, stdnum check)."""
    from stdnum.nl import onderwijsnummer
    eerste = ins.registreer(zonder(), actor_school, VANDAAG)
    tweede = ins.registreer(zonder(code="31ED"), actor_school, VANDAAG)
    for r in (eerste, tweede):
        assert r.nieuw_onderwijsnummer.startswith("10")
        assert onderwijsnummer.is_valid(r.nieuw_onderwijsnummer)
        assert r.persoon.onderwijsnummer == r.nieuw_onderwijsnummer
    assert eerste.nieuw_onderwijsnummer != tweede.nieuw_onderwijsnummer


def test_r_ins_11_number_is_not_reused_after_a_refused_registration(actor_school):
    """R-INS-11: numbers are never handed out twice."""
    uitgegeven = {ins.registreer(zonder(), actor_school, VANDAAG).nieuw_onderwijsnummer}
    with pytest.raises(Ongeldig):
        ins.registreer(zonder(begin=None), actor_school, VANDAAG)
    nummer = ins.registreer(zonder(code="31ED"), actor_school, VANDAAG).nieuw_onderwijsnummer
    assert nummer not in uitgegeven


def _adres(**velden):
    return partial(zonder, adres=ins.Adres(**velden))


def _buitenland(**velden):
    return _adres(soort="buitenland", **velden)


# R-INS-01 … R-INS-07 and R-INS-12, one row a refused enrolment: its builder, every problem
# it gives as (field, rule), and for R-INS-01 the words of the message (None for the others).
# The BRP knows BRP_KIND (a boy born 1 May 2015); met_bsn() enrols him at 31ED from 1 August
# 2024, zonder() Camille Dubois (born 3 February 2014, living in Brussels) at 31EG.
WEIGERINGEN = [
    pytest.param(partial(met_bsn, code="31UD"), {("instellingscode", "R-INS-01")},
                 "hoort niet bij uw bestuur", id="R-INS-01-another-bestuurs-code"),
    pytest.param(partial(met_bsn, code="3XED"), {("instellingscode", "R-INS-01")},
                 "twee cijfers", id="R-INS-01-not-two-digits-two-letters"),
    pytest.param(partial(met_bsn, code=""), {("instellingscode", "R-INS-01")}, "Kies",
                 id="R-INS-01-no-code"),
    pytest.param(partial(met_bsn, begin=D(1970, 1, 1)),
                 {("datum_inschrijving", "R-INS-02"), ("geboortedatum", "R-INS-07")}, None,
                 id="R-INS-02-before-the-oprichtingsdatum"),
    pytest.param(partial(met_bsn, begin=None), {("datum_inschrijving", "R-INS-02")}, None,
                 id="R-INS-02-no-datum-inschrijving"),
    pytest.param(partial(met_bsn, begin=D(2024, 9, 1), eind=D(2024, 8, 31)),
                 {("datum_uitschrijving", "R-INS-03")}, None, id="R-INS-03-uitschrijving-before"),
    pytest.param(partial(met_bsn, "123456789", geslacht="", geboren=None),
                 {("bsn", "R-INS-04"), ("geslacht", "R-INS-04"), ("geboortedatum", "R-INS-04")},
                 None, id="R-INS-04-bad-bsn-no-geslacht-no-geboortedatum"),
    pytest.param(partial(met_nummer, onderwijsnummer="101222332"),
                 {("onderwijsnummer", "R-INS-04")}, None, id="R-INS-04-bad-onderwijsnummer"),
    pytest.param(partial(met_nummer, onderwijsnummer="101222331"),
                 {("onderwijsnummer", "R-INS-04")}, None,
                 id="R-INS-04-onderwijsnummer-never-given"),
    pytest.param(partial(met_bsn, geboren=DeelDatum(2015, 5, 2)), {("bsn", "R-INS-04")}, None,
                 id="R-INS-04-brp-knows-another-geboortedatum"),
    pytest.param(partial(met_bsn, geslacht="V"), {("bsn", "R-INS-04")}, None,
                 id="R-INS-04-brp-knows-another-geslacht"),
    pytest.param(partial(zonder, adres=ins.Adres(soort="binnenland"), achternaam=" "),
                 {("achternaam", "R-INS-04"), ("postcode", "R-INS-06"), ("huisnummer", "R-INS-06")},
                 None, id="R-INS-04-without-number-no-achternaam-no-woonadres"),
    pytest.param(_adres(postcode="1234", huisnummer="1"), {("postcode", "R-INS-06")}, None,
                 id="R-INS-06-postcode-without-letters"),
    pytest.param(_adres(postcode="9999 ZZ", huisnummer="1"), {("postcode", "R-INS-06")}, None,
                 id="R-INS-06-postcode-in-no-gemeente"),
    pytest.param(_adres(postcode="1094 HA", huisnummer="1a"), {("huisnummer", "R-INS-06")}, None,
                 id="R-INS-06-huisnummer-with-a-letter"),
    pytest.param(_adres(postcode="1094 HA", huisnummer="1", huisletter="AB"),
                 {("huisletter", "R-INS-06")}, None, id="R-INS-06-two-huisletters"),
    pytest.param(_buitenland(landcode="", adresregel1="x"), {("landcode", "R-INS-06")}, None,
                 id="R-INS-06-no-landcode"),
    pytest.param(_buitenland(landcode="6030", adresregel1="x"), {("landcode", "R-INS-06")}, None,
                 id="R-INS-06-landcode-of-the-netherlands"),
    pytest.param(_buitenland(landcode="5010", adresregel2="x"),
                 {("adresregel1", "R-INS-06"), ("adresregel2", "R-INS-06")}, None,
                 id="R-INS-06-regel-2-without-regel-1"),
    pytest.param(_buitenland(landcode="9089", adresregel1="x", adresregel3="y"),
                 {("adresregel3", "R-INS-06")}, None, id="R-INS-06-regel-3-without-regel-2"),
    pytest.param(partial(zonder, geboren=DeelDatum(2023, 1, 1), begin=D(2026, 11, 1)),
                 {("geboortedatum", "R-INS-07")}, None, id="R-INS-07-three-years-old"),
    pytest.param(partial(zonder, geboren=DeelDatum(2022, 6, 1), begin=D(2026, 5, 31)),
                 {("geboortedatum", "R-INS-07")}, None, id="R-INS-07-four-today-not-at-the-start"),
    pytest.param(partial(zonder, geboren=DeelDatum(2022), begin=D(2026, 11, 1)),
                 {("geboortedatum", "R-INS-07")}, None,
                 id="R-INS-07-year-only-counts-its-last-day"),
    pytest.param(partial(met_bsn, "111222333"),
                 {("achternaam", "R-INS-04"), ("postcode", "R-INS-06"), ("huisnummer", "R-INS-06")},
                 None, id="R-INS-12-bsn-unknown-to-the-brp-without-name-and-woonadres"),
]


@pytest.mark.parametrize("invoer, verwacht, woorden", WEIGERINGEN)
def test_r_ins_a_refused_enrolment_gives_exactly_its_problems_and_stores_nothing(
        actor_school, invoer, verwacht, woorden):
    brp_kind()
    voor = [m.select().count() for m in (Persoon, Inschrijving, Mutatie)]
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer(), actor_school, VANDAAG)
    assert velden(exc) == verwacht
    if woorden is not None:
        assert all(woorden in f.melding for f in exc.value.fouten)
    assert [m.select().count() for m in (Persoon, Inschrijving, Mutatie)] == voor


# The accepted side of the same rules: the builder, and what is stored (dotted paths into
# the registration's result).
AANVAARD = [
    pytest.param(partial(met_bsn, begin=D(2025, 9, 1), eind=D(2025, 9, 1)),
                 {"inschrijving.datum_uitschrijving": D(2025, 9, 1)},
                 id="R-INS-03-uitschrijving-on-the-same-day"),
    pytest.param(partial(zonder, geboren=DeelDatum(2012)),
                 {"persoon.geboortedatum": D(2012, 1, 1), "persoon.geboortedatum_precisie": "J"},
                 id="R-INS-05-year-only"),
    pytest.param(partial(zonder, geboren=DeelDatum(2012, 7)),
                 {"persoon.geboortedatum": D(2012, 7, 1), "persoon.geboortedatum_precisie": "M"},
                 id="R-INS-05-month-and-year"),
    pytest.param(_adres(postcode="1094ha", huisnummer="7", huisletter="b"),
                 {"persoon.postcode": "1094 HA", "persoon.woongemeente.code": "0363",
                  "persoon.huisletter": "b"}, id="R-INS-06-binnenland-postcode-normalised"),
    pytest.param(zonder, {"persoon.woonland": "5010", "persoon.woongemeente": None,
                          "persoon.postcode": None}, id="R-INS-06-buitenland"),
    pytest.param(_buitenland(landcode="9089", adresregel1="x", adresregel2="y",
                             adresregel3="z"),
                 {"persoon.woonland": "9089"}, id="R-INS-06-buitenland-three-lines"),
    pytest.param(partial(zonder, geboren=DeelDatum(2022, 6, 1), begin=D(2026, 6, 1)),
                 {"inschrijving.datum_inschrijving": D(2026, 6, 1)},
                 id="R-INS-07-four-on-the-datum-inschrijving"),
]


@pytest.mark.parametrize("invoer, verwacht", AANVAARD)
def test_r_ins_an_accepted_enrolment_stores_what_was_given(actor_school, invoer, verwacht):
    brp_kind()
    resultaat = ins.registreer(invoer(), actor_school, VANDAAG)
    assert {pad: attrgetter(pad)(resultaat) for pad in verwacht} == verwacht


def test_r_ins_04_a_known_onderwijsnummer_with_other_personal_data_is_refused(actor_school):
    """R-INS-04: a number the register gave, typed with another geslacht, is refused and
    the stored person is not changed (we chose refuse over overwrite: see README); with
    matching data the enrolment is added to the same person."""
    eerste = ins.registreer(zonder(), actor_school, VANDAAG)
    own = met_nummer(onderwijsnummer=eerste.nieuw_onderwijsnummer, geboren=DeelDatum(2014, 2, 3),
                     begin=D(2025, 1, 6))
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(own, actor_school, VANDAAG)
    assert ("onderwijsnummer", "R-INS-04") in velden(exc)
    own.persoon.geslacht = "V"
    tweede = ins.registreer(own, actor_school, VANDAAG)
    assert tweede.persoon.id == eerste.persoon.id
    assert Persoon.get_by_id(eerste.persoon.id).achternaam == "Dubois"


@pytest.mark.parametrize("code, begin, eind, verwacht", [
    pytest.param("31ED", D(2024, 1, 1), None, {("datum_inschrijving", "R-INS-08")},
                 id="R-INS-08-overlap-at-the-same-instelling"),
    pytest.param("31ED", D(2023, 1, 1), None, {("datum_inschrijving", "R-INS-08")},
                 id="R-INS-08-around-it-at-the-same-instelling"),
    pytest.param("31GY", D(2024, 1, 1), None, set(), id="R-INS-08-overlap-at-another-instelling"),
    pytest.param("31ED", D(2024, 7, 31), None, set(), id="R-INS-08-from-the-day-it-ends"),
    pytest.param("31ED", D(2023, 1, 2), D(2023, 8, 1), set(),
                 id="R-INS-08-until-the-day-it-starts"),
])
def test_r_ins_08_a_second_enrolment_of_a_pupil(actor_school, code, begin, eind, verwacht):
    """R-INS-08: more than one inschrijving per person, all kept; no overlap at one
    instelling. Against an enrolment at 31ED from 1 August 2023 to 31 July 2024."""
    brp_kind()
    eerste = ins.registreer(met_bsn(begin=D(2023, 8, 1), eind=D(2024, 7, 31)), actor_school,
                            VANDAAG)
    if verwacht:
        with pytest.raises(Ongeldig) as exc:
            ins.registreer(met_bsn(code=code, begin=begin, eind=eind), actor_school, VANDAAG)
        assert velden(exc) == verwacht
        return
    tweede = ins.registreer(met_bsn(code=code, begin=begin, eind=eind), actor_school, VANDAAG)
    assert {i.id for i in Inschrijving.select().where(
        Inschrijving.persoon == eerste.persoon)} == {eerste.inschrijving.id,
                                                     tweede.inschrijving.id}


def test_r_ins_09_overview_per_instellingscode_searchable_on_part_of_achternaam(actor_school):
    """R-INS-09: sections per instellingscode; "Don" finds "van de Donder"; the read is
    logged (R-AVG-02)."""
    secties = ins.overzicht(actor_school, "Don")
    assert [s.instelling.code for s in secties] == ["31ED", "31EG", "31GY"]
    gevonden = {s.instelling.code: [r.naam for r in s.regels] for s in secties}
    assert gevonden["31ED"] == ["Bliksem van de Donder"]
    assert gevonden["31EG"] == [] and gevonden["31GY"] == []
    assert ins.overzicht(actor_school, "van de don")[0].regels[0].naam == "Bliksem van de Donder"
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert log.doel == "overzicht inschrijvingen" and log.actor == actor_school.kenmerk


def test_r_ins_09_a_large_school_is_shown_a_page_at_a_time_and_only_that_is_logged(actor_school):
    """R-INS-09 with R-AVG-02: with `per_pagina`, a section holds one page in name order;
    the pages together are the whole list, and a read logs only the persons it showed."""
    vul_school(actor_school, "31EG", 25)
    alles = ins.overzicht(actor_school, instellingscode="31EG")[0]
    assert alles.totaal == len(alles.regels) >= 25 and alles.paginas == 1
    paginas = [ins.overzicht(actor_school, per_pagina=10, paginas={"31EG": p}) for p in (1, 2, 99)]
    secties = [{s.instelling.code: s for s in pagina}["31EG"] for pagina in paginas]
    assert [(s.pagina, s.paginas, s.totaal) for s in secties] == [
        (1, -(-alles.totaal // 10), alles.totaal), (2, -(-alles.totaal // 10), alles.totaal),
        (-(-alles.totaal // 10),) * 2 + (alles.totaal,)]  # past the end: the last page
    assert [r.naam for r in secties[0].regels + secties[1].regels] == \
        [r.naam for r in alles.regels[:20]]
    assert {s.instelling.code: s.pagina for s in paginas[1]}["31ED"] == 1  # others: page 1
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert len(json.loads(log.personen)) == sum(len(s.regels) for s in paginas[2])
    gevonden = ins.overzicht(actor_school, "paginakind 02", per_pagina=10)
    assert [r.naam for s in gevonden for r in s.regels] == [
        f"Camille Paginakind {i:03d}" for i in range(20, 26)]
    assert {s.instelling.code: s.totaal for s in gevonden}["31EG"] == 6


def test_r_ins_09_dates_changed_under_r_ins_02_and_03(actor_school):
    """R-INS-09 with R-INS-02/03: the overview's Wijzigen changes dates under the rules,
    and the change is a Mutatie with before and after."""
    brp_kind()
    r = ins.registreer(met_bsn(begin=D(2024, 8, 1)), actor_school, VANDAAG)
    with pytest.raises(Ongeldig) as exc:
        ins.wijzig_datums(actor_school, r.inschrijving.id, D(2024, 8, 1), D(2024, 7, 1))
    assert ("datum_uitschrijving", "R-INS-03") in velden(exc)
    with pytest.raises(Ongeldig) as exc:
        ins.wijzig_datums(actor_school, r.inschrijving.id, D(1900, 8, 1), None)
    assert ("datum_inschrijving", "R-INS-02") in velden(exc)
    ins.wijzig_datums(actor_school, r.inschrijving.id, D(2024, 9, 2), D(2025, 7, 18))
    m = (Mutatie.select().where(Mutatie.onderwerp == "inschrijving")
         .order_by(Mutatie.id.desc()).first())
    assert m.soort == "inschrijving gewijzigd"
    assert '"2024-08-01"' in m.voor and '"2025-07-18"' in m.na


def test_r_avg_03_school_cannot_change_another_bestuurs_inschrijving(app):
    """R-AVG-03: a school sees and changes only its own pupils."""
    andere = actor("school2")
    eigen = Inschrijving.select().join(Inschrijving.instelling.rel_model).where(
        Inschrijving.instelling.rel_model.code == "31ED").first()
    with pytest.raises(GeenToegang):
        ins.wijzig_datums(andere, eigen.id, D(2024, 8, 1), None)
    namen = [r.naam for sectie in ins.overzicht(andere) for r in sectie.regels]
    assert "Bliksem van de Donder" not in namen


def test_every_change_writes_a_mutatie_in_the_same_transaction(actor_school):
    """DESIGN §3: persoon and inschrijving changes are Mutaties; a refusal writes none."""
    voor = Mutatie.select().count()
    r = ins.registreer(zonder(), actor_school, VANDAAG)
    laatste = Mutatie.select().where(Mutatie.id > 0).order_by(Mutatie.id.desc()).limit(2)
    soorten = [m.soort for m in laatste]
    assert soorten == ["inschrijving toegevoegd", "persoon toegevoegd"]
    assert Mutatie.select().count() == voor + 2
    assert Mutatie.select().order_by(Mutatie.id.desc()).first().persoon_id == r.persoon.id


def test_r_ins_09_search_name_follows_a_name_change_from_the_brp(actor_school):
    """R-INS-09 with R-INS-12: the overview finds a pupil by the name the BRP has now."""
    brp_kind()
    ins.registreer(met_bsn(), actor_school, VANDAAG)
    assert [r.naam for sectie in ins.overzicht(actor_school, "testkind") for r in sectie.regels] \
        == ["Pim van Testkind"]
    brp_kind(geslachtsnaam="Nieuwenhuis", voorvoegsel=None)  # a new extract
    ins.registreer(met_bsn(code="31GY"), actor_school, VANDAAG)
    assert [r.naam for sectie in ins.overzicht(actor_school, "nieuwen") for r in sectie.regels] \
        == ["Pim Nieuwenhuis", "Pim Nieuwenhuis"]
    assert all(not sectie.regels for sectie in ins.overzicht(actor_school, "testkind"))
    # ... and sorts it by that name: both enrolments carry it (the overview's order).
    assert Inschrijving.select().where(Inschrijving.sorteernaam == "nieuwenhuis").count() == 2


def test_r_ins_08_r_ins_11_a_batch_checks_each_row_as_the_form_would_one_after_another(
        actor_school):
    """`registreer_veel` (a file's batch) stores what registering the rows one after
    another would: a pupil twice in the batch is checked against the row before
    (R-INS-08: overlapping refused, a later period stored, one person); each pupil without
    a number gets its own onderwijsnummer (R-INS-11); a refused row stores nothing and
    keeps the others; each new person and inschrijving is a Mutatie."""
    brp_kind()
    voor = (Persoon.select().count(), Inschrijving.select().count(), Mutatie.select().count())
    invoeren = [
        met_bsn(code="31ED", begin=D(2024, 8, 1), eind=D(2025, 7, 31)),
        zonder(achternaam="Dubois"),
        met_bsn(code="31ED", begin=D(2025, 1, 6)),  # overlaps the first row: refused
        met_bsn(code="31ED", begin=D(2025, 8, 1)),  # after the first row: stored
        zonder(achternaam="Durand"),
        zonder(achternaam="Dupont", begin=None),  # refused: no datum inschrijving
    ]
    uitkomsten = ins.registreer_veel(invoeren, actor_school, VANDAAG)
    eerste, dubois, overlap, later, durand, zonder_datum = uitkomsten
    assert isinstance(overlap, Ongeldig)
    assert {(f.veld, f.regel) for f in overlap.fouten} == {("datum_inschrijving", "R-INS-08")}
    assert isinstance(zonder_datum, Ongeldig)
    assert eerste.persoon.id == later.persoon.id and eerste.persoon.bsn == BRP_KIND
    assert later.inschrijving.datum_inschrijving == D(2025, 8, 1)
    nummers = {dubois.nieuw_onderwijsnummer, durand.nieuw_onderwijsnummer}
    assert len(nummers) == 2 and None not in nummers
    assert {dubois.persoon.onderwijsnummer, durand.persoon.onderwijsnummer} == nummers
    for resultaat in (eerste, dubois, later, durand):
        opgeslagen = Inschrijving.get_by_id(resultaat.inschrijving.id)
        assert opgeslagen.persoon_id == resultaat.persoon.id
        assert opgeslagen.sorteernaam == ins.namen(resultaat.persoon)["sorteernaam"]
    na = (Persoon.select().count(), Inschrijving.select().count(), Mutatie.select().count())
    # 3 persons (the BRP pupil, Dubois, Durand), 4 inschrijvingen, a Mutatie for each.
    assert (na[0] - voor[0], na[1] - voor[1], na[2] - voor[2]) == (3, 4, 7)
    gelogd = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert gelogd.doel == "inschrijving: vergelijking persoonsgegevens"
    assert json.loads(gelogd.personen) == [eerste.persoon.id]  # the BRP pupil, now known


def test_r_ins_11_numbers_given_in_a_batch_skip_those_already_held(actor_school):
    """R-INS-11: an onderwijsnummer someone already holds (loaded from elsewhere) is
    skipped, in a batch too; the counter hands each number out once."""
    from domain import nummers
    from models import Nummerreeks
    nummers.nieuwe_onderwijsnummers(1)  # the counter exists
    (stand,) = Nummerreeks.select(Nummerreeks.volgende).tuples().get()
    bezet = nummers._met_controlecijfer(stand) or nummers._met_controlecijfer(stand + 1)
    Persoon.create(onderwijsnummer=bezet, geslacht="V", geboortedatum=D(2015, 1, 1))
    gegeven = [r.nieuw_onderwijsnummer for r in ins.registreer_veel(
        [zonder(achternaam=f"Kind{i}") for i in range(5)], actor_school, VANDAAG)]
    assert bezet not in gegeven and len(set(gegeven)) == 5
    assert not set(gegeven) & set(nummers.nieuwe_onderwijsnummers(3))
