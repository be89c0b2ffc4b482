"""Domain rules of enrolment (seed 004 §1.3–1.4). No Flask here."""
import datetime

import pytest

from domain import inschrijving as ins
from domain.datums import DeelDatum
from domain.fouten import GeenToegang, Ongeldig
from domain.gebruikers import actor_voor
from models import BrpPersoon, Gebruiker, Inschrijving, Inzagelog, Mutatie, Persoon

VANDAAG = datetime.date(2026, 11, 23)
D = datetime.date
GEBOREN_2015 = D(2015, 5, 1)
SCHOOLJAAR_2024 = D(2024, 8, 1)
DEEL_2015, DEEL_2014 = DeelDatum(2015, 5, 1), DeelDatum(2014, 2, 3)


def brp_kind(bsn="999990500", geboren=GEBOREN_2015, **extra):
    velden = dict(bsn=bsn, geslachtsnaam="Testkind", voorvoegsel="van", voornamen="Pim",
                  geslacht="M", geboortedatum=geboren, straatnaam="Javastraat", huisnummer=1,
                  postcode="1094 HA", woonplaats="Amsterdam", gemeentecode="0363")
    velden.update(extra)
    return BrpPersoon.create(**velden)


def met_bsn(bsn, geboren=DEEL_2015, geslacht="M", code="31ED", begin=SCHOOLJAAR_2024,
            eind=None):
    return ins.InschrijvingInvoer(
        instellingscode=code, datum_inschrijving=begin, datum_uitschrijving=eind,
        persoon=ins.PersoonInvoer(variant="met", bsn=bsn, geslacht=geslacht, geboortedatum=geboren))


def zonder(adres=None, geboren=DEEL_2014, code="31EG", begin=SCHOOLJAAR_2024):
    adres = adres or ins.Adres(soort="buitenland", landcode="5010",
                               adresregel1="Rue de la Loi 16", adresregel2="1000 Brussel")
    return ins.InschrijvingInvoer(
        instellingscode=code, datum_inschrijving=begin,
        persoon=ins.PersoonInvoer(variant="zonder", geslacht="V", geboortedatum=geboren,
                                  achternaam="Dubois", voornamen="Camille", adres=adres))


def velden(exc):
    return {(f.veld, f.regel) for f in exc.value.fouten}


def test_r_ins_12_bsn_takes_name_address_and_woongemeente_from_brp(actor_school):
    """R-INS-12: a pupil with a BSN gets name, address and woongemeente from the BRP."""
    brp_kind()
    resultaat = ins.registreer(met_bsn("999990500"), actor_school, VANDAAG)
    p = resultaat.persoon
    assert (p.achternaam, p.voorvoegsels, p.voornamen) == ("Testkind", "van", "Pim")
    assert p.postcode == "1094 HA" and p.adresbron == "brp"
    assert p.woongemeente.code == "0363"
    assert resultaat.nieuw_onderwijsnummer is None


def test_r_ins_12_unknown_bsn_asks_name_and_woonadres(actor_school):
    """R-INS-12: a BSN the BRP does not know makes the form ask name and woonadres."""
    invoer = met_bsn("111222333")
    assert ins.vraagt_naam_en_adres(invoer.persoon)
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer, actor_school, VANDAAG)
    assert {("achternaam", "R-INS-04"), ("postcode", "R-INS-06"),
            ("huisnummer", "R-INS-06")} <= velden(exc)
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


def test_r_ins_01_instellingscode_must_belong_to_the_users_bestuur(actor_school):
    """R-INS-01: only the bestuur's own instellingscodes; 2 digits + 2 letters."""
    brp_kind()
    for code, melding in (("31UD", "hoort niet bij uw bestuur"), ("3XED", "twee cijfers"),
                          ("", "Kies")):
        with pytest.raises(Ongeldig) as exc:
            ins.registreer(met_bsn("999990500", code=code), actor_school, VANDAAG)
        fout = [f for f in exc.value.fouten if f.veld == "instellingscode"][0]
        assert fout.regel == "R-INS-01" and melding in fout.melding
    assert [i.code for i in ins.instellingen_van(actor_school)] == ["31ED", "31EG", "31GY"]


def test_r_ins_02_datum_inschrijving_not_before_oprichtingsdatum(actor_school):
    """R-INS-02: datum inschrijving is required and not before the oprichtingsdatum."""
    brp_kind()
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(met_bsn("999990500", begin=D(1970, 1, 1)), actor_school, VANDAAG)
    assert ("datum_inschrijving", "R-INS-02") in velden(exc)
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(met_bsn("999990500", begin=None), actor_school, VANDAAG)
    assert ("datum_inschrijving", "R-INS-02") in velden(exc)


def test_r_ins_03_datum_uitschrijving_not_before_datum_inschrijving(actor_school):
    """R-INS-03: the datum uitschrijving is optional and not before the inschrijving."""
    brp_kind()
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(met_bsn("999990500", begin=D(2024, 9, 1), eind=D(2024, 8, 31)),
                       actor_school, VANDAAG)
    assert ("datum_uitschrijving", "R-INS-03") in velden(exc)
    same_day = ins.registreer(met_bsn("999990500", begin=D(2025, 9, 1), eind=D(2025, 9, 1)),
                              actor_school, VANDAAG)
    assert same_day.inschrijving.datum_uitschrijving == D(2025, 9, 1)


def test_r_ins_04_checksums_geslacht_and_geboortedatum_are_required(actor_school):
    """R-INS-04: valid BSN/onderwijsnummer, geslacht and geboortedatum."""
    invoer = met_bsn("123456789", geslacht="", geboren=None)
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer, actor_school, VANDAAG)
    assert {("bsn", "R-INS-04"), ("geslacht", "R-INS-04"),
            ("geboortedatum", "R-INS-04")} <= velden(exc)
    invoer = met_bsn("")
    invoer.persoon.onderwijsnummer = "101222332"
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer, actor_school, VANDAAG)
    assert ("onderwijsnummer", "R-INS-04") in velden(exc)


def test_r_ins_04_without_number_needs_achternaam_and_woonadres(actor_school):
    """R-INS-04: without a number: geboortedatum, geslacht, achternaam and a woonadres."""
    invoer = zonder(adres=ins.Adres(soort="binnenland"))
    invoer.persoon.achternaam = " "
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer, actor_school, VANDAAG)
    assert {("achternaam", "R-INS-04"), ("postcode", "R-INS-06"),
            ("huisnummer", "R-INS-06")} <= velden(exc)


def test_r_ins_04_known_number_with_other_personal_data_is_refused(actor_school):
    """R-INS-04: a known number typed with another geboortedatum or geslacht is refused,
    and the stored person is not changed (we chose refuse over overwrite: see README)."""
    brp_kind()
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(met_bsn("999990500", geboren=DeelDatum(2015, 5, 2)), actor_school, VANDAAG)
    assert ("bsn", "R-INS-04") in velden(exc)
    with pytest.raises(Ongeldig):
        ins.registreer(met_bsn("999990500", geslacht="V"), actor_school, VANDAAG)
    eerste = ins.registreer(zonder(), actor_school, VANDAAG)
    own = ins.InschrijvingInvoer(
        instellingscode="31ED", datum_inschrijving=D(2025, 1, 6),
        persoon=ins.PersoonInvoer(variant="met", onderwijsnummer=eerste.nieuw_onderwijsnummer,
                                  geslacht="M", geboortedatum=DeelDatum(2014, 2, 3)))
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(own, actor_school, VANDAAG)
    assert ("onderwijsnummer", "R-INS-04") in velden(exc)
    own.persoon.geslacht = "V"
    tweede = ins.registreer(own, actor_school, VANDAAG)
    assert tweede.persoon.id == eerste.persoon.id
    assert Persoon.get_by_id(eerste.persoon.id).achternaam == "Dubois"


def test_r_ins_04_unknown_onderwijsnummer_is_refused(actor_school):
    """R-INS-04: an onderwijsnummer the register never gave is refused."""
    invoer = met_bsn("")
    invoer.persoon.onderwijsnummer = "101222331"
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(invoer, actor_school, VANDAAG)
    assert ("onderwijsnummer", "R-INS-04") in velden(exc)


def test_r_ins_05_partial_geboortedatum_is_stored_with_its_precision(actor_school):
    """R-INS-05: year only, or month and year."""
    jaar = ins.registreer(zonder(geboren=DeelDatum(2012)), actor_school, VANDAAG).persoon
    maand = ins.registreer(zonder(geboren=DeelDatum(2012, 7), code="31ED"), actor_school,
                           VANDAAG).persoon
    assert (jaar.geboortedatum, jaar.geboortedatum_precisie) == (D(2012, 1, 1), "J")
    assert (maand.geboortedatum, maand.geboortedatum_precisie) == (D(2012, 7, 1), "M")


def test_r_ins_06_binnenland_address_rules(actor_school):
    """R-INS-06: postcode (valid, in a known gemeente) and huisnummer required."""
    for adres, veld in (
        (ins.Adres(postcode="1234", huisnummer="1"), "postcode"),
        (ins.Adres(postcode="9999 ZZ", huisnummer="1"), "postcode"),
        (ins.Adres(postcode="1094 HA", huisnummer="1a"), "huisnummer"),
        (ins.Adres(postcode="1094 HA", huisnummer="1", huisletter="AB"), "huisletter"),
    ):
        with pytest.raises(Ongeldig) as exc:
            ins.registreer(zonder(adres=adres), actor_school, VANDAAG)
        assert (veld, "R-INS-06") in velden(exc)
    p = ins.registreer(zonder(adres=ins.Adres(postcode="1094ha", huisnummer="7", huisletter="b")),
                       actor_school, VANDAAG).persoon
    assert p.postcode == "1094 HA" and p.woongemeente.code == "0363" and p.huisletter == "b"


def test_r_ins_06_buitenland_address_rules(actor_school):
    """R-INS-06: landcode and adresregel 1; regel 2 only with 1; regel 3 only with 1 and 2."""
    for adres, veld in (
        (ins.Adres(soort="buitenland", landcode="", adresregel1="x"), "landcode"),
        (ins.Adres(soort="buitenland", landcode="6030", adresregel1="x"), "landcode"),
        (ins.Adres(soort="buitenland", landcode="5010", adresregel2="x"), "adresregel1"),
        (ins.Adres(soort="buitenland", landcode="5010", adresregel2="x"), "adresregel2"),
        (ins.Adres(soort="buitenland", landcode="9089", adresregel1="x", adresregel3="y"),
         "adresregel3"),
    ):
        with pytest.raises(Ongeldig) as exc:
            ins.registreer(zonder(adres=adres), actor_school, VANDAAG)
        assert (veld, "R-INS-06") in velden(exc)
    p = ins.registreer(zonder(), actor_school, VANDAAG).persoon
    assert p.woonland == "5010" and p.woongemeente is None and p.postcode is None


def test_r_ins_07_nothing_is_stored_of_a_child_under_four(actor_school):
    """R-INS-07: registered from the 4th birthday; nothing stored of a younger child."""
    personen, mutaties = Persoon.select().count(), Mutatie.select().count()
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(zonder(geboren=DeelDatum(2023, 1, 1), begin=D(2026, 11, 1)),
                       actor_school, VANDAAG)
    assert ("geboortedatum", "R-INS-07") in velden(exc)
    # Four today, but not yet on the datum inschrijving.
    with pytest.raises(Ongeldig):
        ins.registreer(zonder(geboren=DeelDatum(2022, 6, 1), begin=D(2026, 5, 31)),
                       actor_school, VANDAAG)
    assert (Persoon.select().count(), Mutatie.select().count()) == (personen, mutaties)
    ins.registreer(zonder(geboren=DeelDatum(2022, 6, 1), begin=D(2026, 6, 1)), actor_school,
                   VANDAAG)


def test_r_ins_08_second_enrolment_kept_overlap_at_same_instelling_refused(actor_school):
    """R-INS-08: more than one inschrijving per person; no overlap at one instelling."""
    brp_kind()
    eerste = ins.registreer(met_bsn("999990500", begin=D(2023, 8, 1), eind=D(2024, 7, 31)),
                            actor_school, VANDAAG)
    andere_school = ins.registreer(met_bsn("999990500", code="31GY", begin=D(2024, 8, 1)),
                                   actor_school, VANDAAG)
    with pytest.raises(Ongeldig) as exc:
        ins.registreer(met_bsn("999990500", begin=D(2024, 1, 1)), actor_school, VANDAAG)
    assert ("datum_inschrijving", "R-INS-08") in velden(exc)
    terug = ins.registreer(met_bsn("999990500", begin=D(2024, 7, 31)), actor_school, VANDAAG)
    assert {i.id for i in Inschrijving.select().where(
        Inschrijving.persoon == eerste.persoon)} == {
        eerste.inschrijving.id, andere_school.inschrijving.id, terug.inschrijving.id}


def test_r_ins_09_overview_per_instellingscode_searchable_on_part_of_achternaam(actor_school):
    """R-INS-09: sections per instellingscode; "Don" finds "van de Donder"; the read is
    logged (R-AVG-02)."""
    secties = ins.overzicht(actor_school, "Don")
    assert [i.code for i, _regels in secties] == ["31ED", "31EG", "31GY"]
    gevonden = {i.code: [r.naam for r in regels] for i, regels in secties}
    assert gevonden["31ED"] == ["Bliksem van de Donder"]
    assert gevonden["31EG"] == [] and gevonden["31GY"] == []
    assert ins.overzicht(actor_school, "van de don")[0][1][0].naam == "Bliksem van de Donder"
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert log.doel == "overzicht inschrijvingen" and log.actor == actor_school.kenmerk


def test_r_ins_09_dates_changed_under_r_ins_02_and_03(actor_school):
    """R-INS-09 with R-INS-02/03: the overview's Wijzigen changes dates under the rules,
    and the change is a Mutatie with before and after."""
    brp_kind()
    r = ins.registreer(met_bsn("999990500", begin=D(2024, 8, 1)), actor_school, VANDAAG)
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
    andere = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school2"))
    eigen = Inschrijving.select().join(Inschrijving.instelling.rel_model).where(
        Inschrijving.instelling.rel_model.code == "31ED").first()
    with pytest.raises(GeenToegang):
        ins.wijzig_datums(andere, eigen.id, D(2024, 8, 1), None)
    namen = [r.naam for _i, regels in ins.overzicht(andere) for r in regels]
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
    ins.registreer(met_bsn("999990500"), actor_school, VANDAAG)
    assert [r.naam for _i, regels in ins.overzicht(actor_school, "testkind") for r in regels] \
        == ["Pim van Testkind"]
    BrpPersoon.update(geslachtsnaam="Nieuwenhuis", voorvoegsel=None).where(
        BrpPersoon.bsn == "999990500").execute()
    ins.registreer(met_bsn("999990500", code="31GY"), actor_school, VANDAAG)
    assert [r.naam for _i, regels in ins.overzicht(actor_school, "nieuwen") for r in regels] \
        == ["Pim Nieuwenhuis", "Pim Nieuwenhuis"]
    assert all(not regels for _i, regels in ins.overzicht(actor_school, "testkind"))
