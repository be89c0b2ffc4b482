"""formats/: enrolment files in (CSV, .xlsx, .xls) and tables out. Pure unit tests: no
database, no app; every file is built here (csv text, openpyxl workbooks, zips edited by
hand)."""
import codecs
import csv
import datetime
import io
import os
import re
import time
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
import xlrd

from domain.datums import DeelDatum, GeenDatum
from formats import BESTAND, Onleesbaar, tabellen
from formats import inschrijvingen as ib

CODE = "31XU"
KOP = "Instellingscode;Bsn;Geslacht;Geboortedatum;Datum inschrijving"


def lees(tekst, naam="leerlingen.csv", **kwargs):
    """Read CSV text (UTF-8 unless bytes are given)."""
    inhoud = tekst if isinstance(tekst, bytes) else tekst.encode("utf-8")
    return ib.lees(naam, inhoud, CODE, **kwargs)


def regels(inhoud):
    return list(inhoud.regels())


def weigering(inhoud, naam="leerlingen.csv", **kwargs):
    """The Onleesbaar that reading raises."""
    if isinstance(inhoud, str):
        inhoud = inhoud.encode("utf-8")
    with pytest.raises(Onleesbaar) as gevangen:
        ib.lees(naam, inhoud, CODE, **kwargs)
    fouten = gevangen.value.fouten
    assert fouten and all(f.veld == BESTAND for f in fouten)
    return fouten


def meldingen(fouten):
    return [f.melding % f.params for f in fouten]


def xlsx(rijen, bewerk=None):
    """An .xlsx with `rijen` on its only sheet; `bewerk(boek, blad)` may change it first."""
    boek = openpyxl.Workbook()
    blad = boek.active
    for rij in rijen:
        blad.append(rij)
    if bewerk:
        bewerk(boek, blad)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def herschrijf(inhoud, naam, wijzig):
    """The zip `inhoud` with the text of part `naam` changed by `wijzig`."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, \
            zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            data = bron.read(info.filename)
            if info.filename == naam:
                data = wijzig(data.decode("utf-8")).encode("utf-8")
            doel.writestr(info.filename, data)
    return uit.getvalue()


BLAD = "xl/worksheets/sheet1.xml"


# ---------------------------------------------------------------- columns and templates

def test_columns_use_the_forms_labels_and_the_domains_field_names():
    assert [k.kop for k in ib.KOLOMMEN] == [
        "Instellingscode", "Bsn", "Onderwijsnummer", "Geslacht", "Geboortedatum", "Achternaam",
        "Voorvoegsels", "Voornamen", "Postcode", "Huisnummer", "Huisletter",
        "Huisnummertoevoeging", "Huisnummeraanduiding", "Straatnaam", "Plaatsnaam",
        "Aanduiding locatie", "Landcode", "Adresregel 1", "Adresregel 2", "Adresregel 3",
        "Datum inschrijving", "Datum uitschrijving", "Diploma", "Datum diploma",
        "Startkwalificatie"]
    assert ib.kop_van("adresregel1") == "Adresregel 1"
    assert ib.kop_van("datum_inschrijving") == "Datum inschrijving"
    assert ib.kop_van("bestand") == "bestand"  # unknown: the veld itself
    assert ib.VARIANTEN == ("met", "binnenland", "buitenland")


def test_r_ins_04_r_ins_06_template_columns_per_variant():
    """R-INS-04/06: with a number no name or address (they come from the BRP); without a
    number the names and either the Dutch or the foreign address."""
    koppen = {v: [k.kop for k in ib.sjabloon_kolommen(v)] for v in ib.VARIANTEN}
    assert koppen["met"] == ["Instellingscode", "Bsn", "Onderwijsnummer", "Geslacht",
                             "Geboortedatum", "Datum inschrijving", "Datum uitschrijving"]
    assert "Postcode" in koppen["binnenland"] and "Landcode" not in koppen["binnenland"]
    assert "Achternaam" in koppen["binnenland"] and "Bsn" not in koppen["binnenland"]
    assert koppen["buitenland"][-6:] == ["Landcode", "Adresregel 1", "Adresregel 2",
                                         "Adresregel 3", "Datum inschrijving",
                                         "Datum uitschrijving"]
    assert "Postcode" not in koppen["buitenland"]
    with pytest.raises(ValueError):
        ib.sjabloon_kolommen("anders")


VERWACHT = {"met": ("met", "binnenland"), "binnenland": ("zonder", "binnenland"),
            "buitenland": ("zonder", "buitenland")}


@pytest.mark.parametrize("soort", ["csv", "xlsx"])
@pytest.mark.parametrize("variant", ib.VARIANTEN)
def test_r_ins_04_r_ins_06_each_template_round_trips(variant, soort):
    """R-INS-04/06: the template's header and example row, once filled in (here: another
    datum inschrijving), read back as the form's input of the template's variant, without
    a conversion error. Sent unchanged, the example row is no pupil: the file is refused."""
    inhoud = (ib.sjabloon_csv(variant) if soort == "csv"
              else ib.sjabloon_xlsx(variant, ["5010", "9089"]))
    with pytest.raises(Onleesbaar) as exc:
        ib.lees(f"sjabloon.{soort}", inhoud, CODE)
    assert exc.value.fouten[0].melding == ib.ALLEEN_VOORBEELD
    gelezen = ib.lees(f"sjabloon.{soort}", _ingevuld(inhoud, soort), CODE)
    assert gelezen.soort == soort and gelezen.aantal == 1 and gelezen.opmerkingen == []
    [regel] = regels(gelezen)
    assert regel.nummer == 2 and regel.fouten == []
    invoer = regel.invoer
    assert (invoer.persoon.variant, invoer.persoon.adres.soort) == VERWACHT[variant]
    assert invoer.instellingscode == CODE  # the example leaves it to the code chosen on upload
    assert invoer.datum_inschrijving == datetime.date(2026, 9, 1)
    assert invoer.datum_uitschrijving is None
    geboren = invoer.persoon.geboortedatum
    assert geboren == DeelDatum(2020, 3, 15)
    assert 6 <= (invoer.datum_inschrijving - geboren.eerste_dag).days // 365 < 7
    assert invoer.persoon.geslacht in ("M", "V")
    if variant == "met":
        assert invoer.persoon.bsn == "111222333" and invoer.persoon.onderwijsnummer == ""
    elif variant == "binnenland":
        adres = invoer.persoon.adres
        assert (adres.postcode, adres.huisnummer) == ("3511 AB", "12")
        assert invoer.persoon.achternaam == "Vries" and invoer.persoon.bsn == ""
    else:
        adres = invoer.persoon.adres
        assert (adres.landcode, adres.adresregel1) == ("5010", "Rue de l'Exemple 12")
        assert adres.postcode == ""


def _ingevuld(inhoud, soort):
    """A template whose example row got another datum inschrijving (01-09-2026)."""
    if soort == "csv":
        return inhoud.replace(b"01-08-2026", b"01-09-2026")
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    blad = boek["Inschrijvingen"]
    for cel in blad[2]:
        if cel.value == "01-08-2026":
            cel.value = "01-09-2026"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def test_an_example_row_among_real_rows_is_skipped_and_said():
    tekst = ib.sjabloon_csv("binnenland").decode("utf-8-sig")
    kop, voorbeeld = tekst.splitlines()[:2]
    echt = voorbeeld.replace("Daan", "Sam")
    gelezen = lees("\r\n".join([kop, echt, voorbeeld, echt.replace("Sam", "Noor")]) + "\r\n")
    assert gelezen.aantal == 2 and [r.nummer for r in gelezen.regels()] == [2, 4]
    assert [(f.melding, f.params) for f in gelezen.opmerkingen] == [
        (ib.VOORBEELD, {"nummer": 3})]


def test_csv_template_is_utf8_with_bom_semicolons_and_crlf():
    inhoud = ib.sjabloon_csv("binnenland")
    assert inhoud.startswith(codecs.BOM_UTF8)
    kop, voorbeeld, rest = inhoud[3:].decode("utf-8").split("\r\n")
    assert rest == ""
    assert kop.split(";")[:4] == ["Instellingscode", "Geslacht", "Geboortedatum", "Achternaam"]
    assert "3511 AB" in voorbeeld.split(";") and "01-08-2026" in voorbeeld.split(";")


def test_xlsx_template_has_bold_frozen_header_text_columns_and_lists():
    inhoud = ib.sjabloon_xlsx("buitenland", ["5010", "9089", "6030"])
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames == ["Inschrijvingen", "Landcodes"]
    blad = boek["Inschrijvingen"]
    koppen = [c.value for c in blad[1]]
    assert koppen[0] == "Instellingscode" and blad.freeze_panes == "A2"
    assert all(c.font.b for c in blad[1])
    kolom = {kop: openpyxl.utils.get_column_letter(i) for i, kop in enumerate(koppen, 1)}
    assert blad[kolom["Datum inschrijving"] + "2"].value == "01-08-2026"
    assert blad[kolom["Datum inschrijving"] + "2"].number_format == "@"
    assert blad.column_dimensions[kolom["Datum inschrijving"]].number_format == "@"
    assert blad.column_dimensions[kolom["Adresregel 1"]].width > len("Adresregel 1")
    lijsten = {str(dv.sqref).split(":")[0]: dv.formula1
               for dv in blad.data_validations.dataValidation}
    assert lijsten[kolom["Geslacht"] + "2"] == '"M,V,O"'
    assert lijsten[kolom["Landcode"] + "2"] == "Landcodes!$A$2:$A$4"  # a range, not inline
    assert [c.value for c in boek["Landcodes"]["A"]] == ["Landcode", "5010", "9089", "6030"]
    zonder_land = openpyxl.load_workbook(io.BytesIO(ib.sjabloon_xlsx("met", ["5010"])))
    assert zonder_land.sheetnames == ["Inschrijvingen"]


# ---------------------------------------------------------------- CSV: separators, encodings

@pytest.mark.parametrize("teken", [";", ",", "\t"])
def test_csv_separator_follows_from_the_header(teken):
    tekst = teken.join(["Bsn", "Geslacht", "Geboortedatum", "Datum inschrijving"]) + "\n"
    tekst += teken.join(["111222333", "V", "16-03-2020", "01-08-2026"]) + "\n"
    [regel] = regels(lees(tekst))
    assert regel.invoer.persoon.bsn == "111222333"
    assert regel.invoer.datum_inschrijving == datetime.date(2026, 8, 1)


@pytest.mark.parametrize("teken", [";", ","])
def test_csv_header_after_empty_lines_keeps_the_row_numbers(teken):
    tekst = "\r\n;;;\r\nBsn;Datum inschrijving\r\n\r\n111222333;01-08-2026\r\n".replace(
        ";", teken)
    gelezen = lees(tekst)
    assert gelezen.kolommen == ("bsn", "datum_inschrijving")
    assert [r.nummer for r in gelezen.regels()] == [5]


def test_csv_comma_separated_with_quoted_commas():
    tekst = ('Achternaam,Voornamen,Postcode,Huisnummer,Geslacht,Geboortedatum,'
             'Datum inschrijving\r\n"Vries, de","Daan, Jan",3511 AB,12,M,2020,01-08-2026\r\n')
    [regel] = regels(lees(tekst))
    assert regel.invoer.persoon.achternaam == "Vries, de"
    assert regel.invoer.persoon.voornamen == "Daan, Jan"


NAAM_KOP = "Achternaam;Geslacht;Geboortedatum;Datum inschrijving\r\n"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_csv_utf8_with_and_without_bom_reads_without_a_note(bom):
    gelezen = lees(bom + (NAAM_KOP + "Müller-Ëlçin;V;2020;01-08-2026\r\n").encode("utf-8"))
    assert gelezen.opmerkingen == []
    assert regels(gelezen)[0].invoer.persoon.achternaam == "Müller-Ëlçin"


def test_csv_windows_1252_is_read_and_said_in_a_note():
    gelezen = lees((NAAM_KOP + "Müller;V;2020;01-08-2026\r\n").encode("cp1252"))
    assert regels(gelezen)[0].invoer.persoon.achternaam == "Müller"
    [opmerking] = gelezen.opmerkingen
    assert opmerking.veld == BESTAND and opmerking.melding == ib.CP1252
    assert "Windows-1252" in opmerking.melding and "CSV UTF-8" in opmerking.melding


def test_csv_bytes_that_are_valid_utf8_are_read_as_utf8():
    """C3 AB is "Ã«" in Windows-1252 and "ë" in UTF-8: UTF-8 wins, no garbled name."""
    gelezen = lees(NAAM_KOP.encode() + b"Bront\xc3\xab;V;2020;01-08-2026\r\n")
    assert regels(gelezen)[0].invoer.persoon.achternaam == "Brontë"
    assert gelezen.opmerkingen == []


def test_csv_with_characters_garbled_before_gets_a_note():
    """A name once read wrongly and saved again ("Ã«" for "ë") is read as it is, with a
    note that names what was found."""
    gelezen = lees(NAAM_KOP + "BrontÃ«;V;2020;01-08-2026\r\n")
    assert regels(gelezen)[0].invoer.persoon.achternaam == "BrontÃ«"
    [opmerking] = gelezen.opmerkingen
    assert opmerking.melding == ib.VERMINKT and opmerking.params == {"voorbeeld": "Ã«"}


@pytest.mark.parametrize("inhoud", [
    NAAM_KOP.encode() + b"M\x81ller;V;2020;01-08-2026\r\n",  # 81: no character in cp1252
    NAAM_KOP.encode() + b"M\x00ller;V;2020;01-08-2026\r\n",  # NUL: no text
    (NAAM_KOP + "Jansen;V;2020;01-08-2026\r\n").encode("utf-16-le"),  # UTF-16 without BOM
], ids=["undefined-cp1252", "nul", "utf16-without-bom"])
def test_csv_that_is_no_text_is_refused(inhoud):
    [fout] = weigering(inhoud)
    assert fout.melding == ib.GEEN_TEKST
    assert "UTF-8 of Windows-1252" in fout.melding and "CSV UTF-8" in fout.melding


@pytest.mark.parametrize("codering", ["utf-16", "utf-16-be"])
def test_csv_utf16_with_bom_is_read_with_a_note(codering):
    tekst = (NAAM_KOP + "Øberg;O;2020;01-08-2026\r\n").replace(";", "\t")
    inhoud = tekst.encode(codering)
    if codering == "utf-16-be":
        inhoud = codecs.BOM_UTF16_BE + inhoud
    gelezen = lees(inhoud, naam="unicode.txt")
    assert regels(gelezen)[0].invoer.persoon.achternaam == "Øberg"
    assert [o.melding for o in gelezen.opmerkingen] == [ib.UTF16]


def test_csv_row_numbers_with_quoted_line_breaks_and_mixed_line_ends():
    """Row numbers count records, the header being 1: a quoted line break stays in its
    value and does not add a row; \\r\\n, \\n and \\r all end a row; an empty row keeps its
    number but is not returned."""
    tekst = (NAAM_KOP                                  # 1
             + "Een;M;2020;01-08-2026\n"               # 2
             + '"Twee\r\nmet regel";V;2020;01-08-2026\r'  # 3
             + "\r\n"                                  # 4: empty
             + ";;;\n"                                 # 5: empty
             + "Drie;O;2020;01-08-2026\r\n"            # 6
             + '"Vier ""citaat""";V;2020;01-08-2026')  # 7, no line end
    gelezen = lees(tekst)
    assert gelezen.aantal == 4
    gevonden = [(r.nummer, r.invoer.persoon.achternaam) for r in gelezen.regels()]
    assert gevonden == [(2, "Een"), (3, "Twee\r\nmet regel"), (6, "Drie"),
                        (7, 'Vier "citaat"')]


def test_rows_can_be_read_twice():
    gelezen = lees(NAAM_KOP + "Een;M;2020;01-08-2026\r\nTwee;V;2020;01-08-2026\r\n")
    assert [r.nummer for r in gelezen.regels()] == [r.nummer for r in gelezen.regels()] == [2, 3]


# ---------------------------------------------------------------- headers

def test_header_is_matched_loosely():
    tekst = ("\ufeff  BSN ;GESLACHT;geboorteDATUM;Datum   Inschrijving;datum_uitschrijving;"
             "adresregel1\n111222333;v;2020;01-08-2026;;\n")
    gelezen = lees(tekst)
    assert gelezen.kolommen == ("bsn", "geslacht", "geboortedatum", "datum_inschrijving",
                                "datum_uitschrijving", "adresregel1")
    assert regels(gelezen)[0].invoer.persoon.geslacht == "V"


def test_missing_header_is_refused_naming_what_the_first_row_holds():
    [fout] = weigering("111222333;V;15-03-2020;01-08-2026\n")
    assert fout.melding == ib.GEEN_KOPPEN
    assert '"111222333"' in fout.params["kolommen"]
    assert "Datum inschrijving" in fout.params["koppen"]
    assert "Bestand versturen" in fout.melding


@pytest.mark.parametrize("kop,onbekend", [
    ("Bsn;Geboorte datum;Datum inschrijving", '"Geboorte datum"'),  # renamed
    ("Bsn;Geboortedatum;Datum inschrijving;Klas", '"Klas"'),  # an extra column
])
def test_unknown_column_is_refused_naming_it_and_the_known_ones(kop, onbekend):
    [fout] = weigering(kop + "\n111222333;2020;01-08-2026;\n")
    assert fout.melding == ib.ONBEKEND and fout.params["kolommen"] == onbekend
    assert fout.params["koppen"].startswith("Instellingscode, Bsn, Onderwijsnummer")
    tekst = fout.melding % fout.params
    assert onbekend in tekst and "sjabloon" in tekst


def test_duplicate_column_is_refused_naming_it():
    [fout] = weigering("Bsn;Datum inschrijving;BSN\n111222333;01-08-2026;111222333\n")
    assert fout.melding == ib.DUBBEL and fout.params == {"kolommen": '"Bsn"'}


def test_missing_datum_inschrijving_and_person_columns_are_refused_together():
    fouten = weigering("Geslacht;Geboortedatum\nV;2020\n")
    assert [f.melding for f in fouten] == [ib.ZONDER_DATUM, ib.ZONDER_PERSOON]
    assert "Datum inschrijving" in meldingen(fouten)[0]


def test_every_header_problem_is_said_at_once():
    fouten = weigering("Bsn;Bsn;Klas\n1;1;1\n")
    assert [f.melding for f in fouten] == [ib.ONBEKEND, ib.DUBBEL, ib.ZONDER_DATUM]


@pytest.mark.parametrize("inhoud", [b"", codecs.BOM_UTF8, b" \r\n\r\n", b";;;\n;;\n"],
                         ids=["0-bytes", "bom-only", "blank-lines", "separators-only"])
def test_empty_file_is_refused(inhoud):
    [fout] = weigering(inhoud)
    assert fout.melding == ib.LEEG and "verstuur het opnieuw" in fout.melding


def test_header_only_file_is_refused():
    [fout] = weigering(KOP + "\r\n;;;;\r\n\r\n")
    assert fout.melding == ib.ALLEEN_KOP and "tweede regel" in fout.melding


def test_row_limit_refuses_a_million_rows_quickly():
    """Counting stops after max_regels + 1 rows: a million-row file is refused without
    reading it all, let alone keeping its rows."""
    inhoud = b"Bsn;Datum inschrijving\n" + b"111222333;01-08-2026\n" * 1_000_000
    begin = time.monotonic()
    [fout] = weigering(inhoud)
    assert time.monotonic() - begin < 3
    assert ib.MAX_REGELS == 100_000
    assert fout.melding == ib.TE_VEEL and fout.params == {"maximum": 100_000}
    assert "100000 leerlingen" in fout.melding % fout.params


def test_row_limit_counts_rows_with_data_only():
    tekst = "Bsn;Datum inschrijving\n" + "111222333;01-08-2026\n;\n\n" * 3
    assert lees(tekst, max_regels=3).aantal == 3
    [fout] = weigering(tekst + "111222333;01-08-2026\n", max_regels=3)
    assert fout.params == {"maximum": 3}


# ---------------------------------------------------------------- values

def test_r_ins_02_r_ins_03_r_ins_05_dates_that_are_no_dates_are_row_errors():
    """R-INS-02/03/05: each date that is no date is a Fout of its own field with the
    form's rule id and the value in its params; the field stays None, the row is read."""
    tekst = KOP + ";Datum uitschrijving\n;111222333;V;2019-13;32-01-2026;morgen\n"
    [regel] = regels(lees(tekst))
    fouten = {f.veld: f for f in regel.fouten}
    assert set(fouten) == {"geboortedatum", "datum_inschrijving", "datum_uitschrijving"}
    assert (fouten["geboortedatum"].regel, fouten["geboortedatum"].params) == (
        "R-INS-05", {"waarde": "2019-13"})
    assert fouten["geboortedatum"].melding == ib.GEEN_GEBOORTEDATUM
    assert "MM-JJJJ" in fouten["geboortedatum"].melding
    assert (fouten["datum_inschrijving"].regel, fouten["datum_inschrijving"].params) == (
        "R-INS-02", {"waarde": "32-01-2026"})
    assert fouten["datum_inschrijving"].melding == ib.GEEN_DATUM
    assert "DD-MM-JJJJ" in fouten["datum_inschrijving"].melding
    assert fouten["datum_uitschrijving"].regel == "R-INS-03"
    invoer = regel.invoer
    assert (invoer.persoon.geboortedatum, invoer.datum_inschrijving,
            invoer.datum_uitschrijving) == (None, None, None)
    assert invoer.persoon.bsn == "111222333"


@pytest.mark.parametrize("tekst,datum", [
    ("01-08-2026", datetime.date(2026, 8, 1)),
    ("1-8-2026", datetime.date(2026, 8, 1)),
    ("2026-08-01", datetime.date(2026, 8, 1)),
    ("01/08/2026", datetime.date(2026, 8, 1)),
    ("1.8.2026", datetime.date(2026, 8, 1)),
    ("2026-08-01 00:00:00", datetime.date(2026, 8, 1)),
    ("29-02-2028", datetime.date(2028, 2, 29)),
])
def test_r_ins_02_date_notations(tekst, datum):
    assert ib.lees_datum(tekst) == datum


@pytest.mark.parametrize("tekst", ["29-02-2027", "08-2026", "2026", "01-08-26", "1-8",
                                   "01-08-2026-1", "01--2026", "een-acht-2026", "²-8-2026"])
def test_r_ins_02_not_a_full_date(tekst):
    with pytest.raises(GeenDatum):
        ib.lees_datum(tekst)


@pytest.mark.parametrize("tekst,datum", [
    ("15-03-2020", DeelDatum(2020, 3, 15)),
    ("2020-03-15", DeelDatum(2020, 3, 15)),
    ("03-2020", DeelDatum(2020, 3)),
    ("3-2020", DeelDatum(2020, 3)),
    ("2020-03", DeelDatum(2020, 3)),
    ("2020", DeelDatum(2020)),
])
def test_r_ins_05_geboortedatum_may_be_partial(tekst, datum):
    assert ib.lees_datum(tekst, gedeeltelijk=True) == datum


@pytest.mark.parametrize("tekst", ["13-2020", "20", "15--2020", "2020-3-"])
def test_r_ins_05_not_even_a_partial_date(tekst):
    with pytest.raises(GeenDatum):
        ib.lees_datum(tekst, gedeeltelijk=True)


def test_r_ins_04_geslacht_words_and_letters_in_any_case():
    tekst = KOP + "\n" + "".join(f";111222333;{g};2020;01-08-2026\n" for g in
                                 ("m", "Man", "VROUW", "v", "onbekend", "O", "x", ""))
    gevonden = [r.invoer.persoon.geslacht for r in lees(tekst).regels()]
    assert gevonden == ["M", "M", "V", "V", "O", "O", "x", ""]  # the domain refuses x and ""


def test_r_ins_04_r_ins_06_each_row_has_the_variant_its_values_say():
    """R-INS-04/06: one file holds all variants; a number makes "met", else "zonder" with a
    foreign address when a landcode or an adresregel is given."""
    kop = ("Bsn;Onderwijsnummer;Achternaam;Postcode;Huisnummer;Landcode;Adresregel 1;"
           "Adresregel 2;Geslacht;Geboortedatum;Datum inschrijving\n")
    tekst = kop + ("111222333;;;;;;;;V;2020;01-08-2026\n"
                   ";101234567;;;;;;;V;2020;01-08-2026\n"
                   ";;Vries;3511 AB;12;;;;M;2020;01-08-2026\n"
                   ";;Peeters;;;5010;Rue 1;;V;2020;01-08-2026\n"
                   ";;Schmidt;;;;;Berlin;V;2020;01-08-2026\n")
    gevonden = [(r.invoer.persoon.variant, r.invoer.persoon.adres.soort, r.invoer.persoon.bsn,
                 r.invoer.persoon.onderwijsnummer) for r in lees(tekst).regels()]
    assert gevonden == [("met", "binnenland", "111222333", ""),
                        ("met", "binnenland", "", "101234567"),
                        ("zonder", "binnenland", "", ""),
                        ("zonder", "buitenland", "", ""),
                        ("zonder", "buitenland", "", "")]


def test_instellingscode_from_the_row_or_the_chosen_one():
    tekst = KOP + "\n 31ed ;111222333;V;2020;01-08-2026\n;111222333;V;2020;01-08-2026\n"
    assert [r.invoer.instellingscode for r in lees(tekst).regels()] == ["31ED", CODE]
    zonder_kolom = lees("Bsn;Datum inschrijving\n111222333;01-08-2026\n")
    assert regels(zonder_kolom)[0].invoer.instellingscode == CODE


def test_values_are_trimmed_and_kept_by_veld_for_a_report():
    tekst = ("Achternaam;Voornamen;Postcode;Huisnummer;Geslacht;Geboortedatum;"
             "Datum inschrijving\n  Vries ;\tDaan ; 3511 AB ; 12 ;M;2020; 1-8-2026 \n")
    [regel] = regels(lees(tekst))
    persoon = regel.invoer.persoon
    assert (persoon.achternaam, persoon.voornamen, persoon.adres.postcode,
            persoon.adres.huisnummer) == ("Vries", "Daan", "3511 AB", "12")
    assert regel.waarden["datum_inschrijving"] == "1-8-2026"
    assert set(regel.waarden) == {"achternaam", "voornamen", "postcode", "huisnummer",
                                  "geslacht", "geboortedatum", "datum_inschrijving"}


def test_a_row_with_more_values_than_columns_is_a_row_error():
    tekst = ("Bsn;Datum inschrijving\n"
             "111222333;01-08-2026;;\n"  # empty cells past the end: nothing lost
             "111222333;01-08-2026;Jansen;x\n")
    eerste, tweede = regels(lees(tekst))
    assert eerste.fouten == []
    [fout] = tweede.fouten
    assert (fout.veld, fout.melding, fout.params) == (BESTAND, ib.TE_VEEL_WAARDEN, {"kolom": 3})
    assert fout.melding.startswith("Regel heeft meer waarden dan er kolommen zijn")
    assert tweede.invoer.persoon.bsn == "111222333"  # the row itself is still read


def test_a_column_without_header_between_known_ones_is_ignored_while_empty():
    tekst = "Bsn;;Datum inschrijving\n111222333;;01-08-2026\n111222333;x;01-08-2026\n"
    eerste, tweede = regels(lees(tekst))
    assert eerste.fouten == [] and eerste.invoer.datum_inschrijving == datetime.date(2026, 8, 1)
    assert [f.params for f in tweede.fouten] == [{"kolom": 2}]


# ---------------------------------------------------------------- file kinds and names

@pytest.mark.parametrize("naam,inhoud", [
    ("leerlingen.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),  # a PDF named .csv
    ("leerlingen.pdf", b"%PDF-1.7\n"),
    ("leerlingen.docx", b"PK\x03\x04rest"),
    ("leerlingen", b"Bsn;Datum inschrijving\n"),  # no extension
    ("leerlingen.csv.exe", b"MZ\x90\x00"),
])
def test_other_kinds_of_file_are_refused_naming_the_accepted_ones(naam, inhoud):
    [fout] = weigering(inhoud, naam=naam)
    assert fout.melding == ib.SOORT
    assert all(s in fout.melding for s in (".csv", ".txt", ".xlsx", ".xls"))


@pytest.mark.parametrize("naam", ["../../x.csv", "C:\\Users\\juf\\Mijn bestanden\\x.CSV",
                                  "lijst (2) – groep 8 @ 31XU.TXT", "x.csv "])
def test_any_file_name_is_accepted(naam):
    assert lees(KOP + "\n;111222333;V;2020;01-08-2026\n", naam=naam).aantal == 1


@pytest.mark.parametrize("naam,veilig", [
    ("../../etc/passwd.csv", "passwd.csv"),
    ("C:\\Users\\juf\\leerlingen.xlsx", "leerlingen.xlsx"),
    ("a\x00b\x1f\x7f\u202e\u2028c.csv", "abc.csv"),  # controls, a bidi override, a separator
    ('rare "naam" <1>|?*:.csv', "rare _naam_ _1_____.csv"),
    ("  mijn bestand (2).xlsx  ", "mijn bestand (2).xlsx"),
    ("", "bestand"), ("..", "bestand"), ("dir/", "bestand"), ("\x01\x02", "bestand"),
])
def test_veilige_naam(naam, veilig):
    assert ib.veilige_naam(naam) == veilig


def test_veilige_naam_of_a_very_long_name_keeps_its_extension():
    naam = ib.veilige_naam("é" * 500 + ".xlsx")
    assert len(naam) == ib.MAX_NAAM and naam.endswith("é.xlsx")
    assert len(ib.veilige_naam("x" * 300)) == ib.MAX_NAAM


# ---------------------------------------------------------------- Excel (.xlsx)

def test_xlsx_numbers_and_real_dates_become_the_forms_text():
    koppen = ["Bsn", "Onderwijsnummer", "Postcode", "Huisnummer", "Landcode", "Geboortedatum",
              "Datum inschrijving", "Datum uitschrijving", "Achternaam"]
    inhoud = xlsx([koppen,
                   [111222333, None, 1234, 12.0, None, datetime.date(2020, 3, 15),
                    datetime.datetime(2026, 8, 1), "31-07-2027", None],
                   [111222333.0, None, None, 7, None, 2019, datetime.date(2026, 8, 1), None, None],
                   [12345672, None, None, None, 10, "03-2020", "01-08-2026", None, None],
                   [None, 101234567, None, None, None, 2020, "01-08-2026", None, 12.5]])
    een, twee, drie, vier = regels(ib.lees("leerlingen.xlsx", inhoud, CODE))
    assert (een.invoer.persoon.bsn, een.invoer.persoon.adres.postcode,
            een.invoer.persoon.adres.huisnummer) == ("111222333", "1234", "12")
    assert een.invoer.persoon.geboortedatum == DeelDatum(2020, 3, 15)
    assert een.invoer.datum_inschrijving == datetime.date(2026, 8, 1)
    assert een.invoer.datum_uitschrijving == datetime.date(2027, 7, 31)
    assert twee.invoer.persoon.bsn == "111222333" and twee.invoer.persoon.adres.huisnummer == "7"
    assert twee.invoer.persoon.geboortedatum == DeelDatum(2019)
    # Excel dropped the leading zeros of a number: a BSN has 9 digits, a landcode 4.
    assert drie.invoer.persoon.bsn == "012345672"
    assert drie.invoer.persoon.adres.landcode == "0010"
    assert drie.invoer.persoon.geboortedatum == DeelDatum(2020, 3)
    assert vier.invoer.persoon.onderwijsnummer == "101234567"
    assert vier.invoer.persoon.achternaam == "12.5"
    assert all(r.fouten == [] for r in (een, twee, drie, vier))


def test_xlsx_formulas_read_as_their_cached_values():
    """Excel stores a formula's last result next to it; that is what is read. A formula
    Excel never calculated (no cached value) reads as empty."""
    inhoud = xlsx([["Achternaam", "Bsn", "Geslacht", "Geboortedatum", "Datum inschrijving"],
                   ['=UPPER("vries")', "=111222000+333", "M", "2020", "01-08-2026"],
                   ['=LOWER("X")', "111222333", "V", "2020", "01-08-2026"]])

    def met_resultaat(xml):
        xml = xml.replace('<c r="A2"><f>', '<c r="A2" t="str"><f>').replace(
            '<f>UPPER("vries")</f><v />', '<f>UPPER("vries")</f><v>VRIES</v>')
        return xml.replace("<f>111222000+333</f><v />", "<f>111222000+333</f><v>111222333</v>")

    inhoud = herschrijf(inhoud, BLAD, met_resultaat)
    een, twee = regels(ib.lees("formules.xlsx", inhoud, CODE))
    assert een.invoer.persoon.achternaam == "VRIES" and een.invoer.persoon.bsn == "111222333"
    assert twee.invoer.persoon.achternaam == ""


def test_xlsx_merged_cells_hold_their_value_in_the_top_left_cell_only():
    def voeg_samen(boek, blad):
        blad.merge_cells("A2:A3")

    inhoud = xlsx([["Instellingscode", "Bsn", "Datum inschrijving"],
                   ["31ed", "111222333", "01-08-2026"],
                   [None, "111222333", "02-08-2026"]], voeg_samen)
    een, twee = regels(ib.lees("samengevoegd.xlsx", inhoud, CODE))
    assert een.invoer.instellingscode == "31ED"
    assert twee.invoer.instellingscode == CODE  # empty: the chosen code


@pytest.mark.parametrize("staat", ["hidden", "veryHidden"])
def test_xlsx_reads_the_first_visible_sheet(staat):
    def verborgen_eerst(boek, blad):
        blad.title = "Oud"
        blad.sheet_state = staat
        nieuw = boek.create_sheet("Leerlingen")
        nieuw.append(["Bsn", "Datum inschrijving"])
        nieuw.append(["111222333", "01-08-2026"])
        boek.active = 1

    inhoud = xlsx([["Dit", "is", "geen", "lijst"], ["x", "y", "z", "w"]], verborgen_eerst)
    gelezen = ib.lees("verborgen.xlsx", inhoud, CODE)
    assert gelezen.kolommen == ("bsn", "datum_inschrijving")
    assert [r.invoer.persoon.bsn for r in gelezen.regels()] == ["111222333"]


def test_xlsx_without_a_visible_sheet_is_refused():
    inhoud = xlsx([["Bsn", "Datum inschrijving"], ["111222333", "01-08-2026"]])
    inhoud = herschrijf(inhoud, "xl/workbook.xml",
                        lambda xml: xml.replace('state="visible"', 'state="hidden"'))
    [fout] = weigering(inhoud, naam="verborgen.xlsx")
    assert fout.melding == ib.GEEN_WERKBLAD and "zichtbaar" in fout.melding


def test_xlsx_trailing_empty_rows_are_not_counted():
    def opgemaakt(boek, blad):
        for rij in range(4, 60):  # formatted, emptied, or an empty string
            blad.cell(row=rij, column=1, value="" if rij % 2 else None).font = \
                openpyxl.styles.Font(bold=True)

    inhoud = xlsx([["Bsn", "Datum inschrijving"], ["111222333", "01-08-2026"], [None, None],
                   ["111222333", "02-08-2026"]], opgemaakt)
    gelezen = ib.lees("leeg.xlsx", inhoud, CODE)
    assert gelezen.aantal == 2
    assert [r.nummer for r in gelezen.regels()] == [2, 4]


def test_xlsx_claiming_a_million_rows_is_read_by_what_it_holds():
    """The sheet's dimension says A1:V1048576 (as Excel writes after a column was
    formatted) but it holds 3 rows: reading does not walk a million empty rows."""
    inhoud = xlsx([["Bsn", "Datum inschrijving"]]
                  + [["111222333", f"0{d}-08-2026"] for d in (1, 2, 3)])
    inhoud = herschrijf(inhoud, BLAD, lambda xml: re.sub(
        r'<dimension ref="[^"]*"', '<dimension ref="A1:V1048576"', xml))
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        assert 'ref="A1:V1048576"' in archief.read(BLAD).decode()
    begin = time.monotonic()
    gelezen = ib.lees("groot.xlsx", inhoud, CODE)
    gevonden = [(r.nummer, r.invoer.datum_inschrijving.day) for r in gelezen.regels()]
    assert time.monotonic() - begin < 1
    assert gelezen.aantal == 3 and gevonden == [(2, 1), (3, 2), (4, 3)]


def test_xlsx_rows_with_a_gap_keep_their_sheet_row_numbers():
    def verder_op(boek, blad):
        blad["A7"], blad["B7"] = "111222333", "01-08-2026"

    inhoud = xlsx([["Bsn", "Datum inschrijving"], ["111222333", "01-08-2026"]], verder_op)
    assert [r.nummer for r in ib.lees("gat.xlsx", inhoud, CODE).regels()] == [2, 7]


def test_xlsx_value_in_the_sheets_last_row_is_read_in_bounded_time():
    """A value in row 1,048,576: the empty rows before it are passed over, not kept."""
    def onderaan(boek, blad):
        blad.cell(row=1_048_576, column=22, value="vergeten")

    inhoud = xlsx([["Bsn", "Datum inschrijving"], ["111222333", "01-08-2026"]], onderaan)
    begin = time.monotonic()
    gelezen = ib.lees("onderaan.xlsx", inhoud, CODE)
    eerste, laatste = gelezen.regels()
    assert time.monotonic() - begin < 5
    assert gelezen.aantal == 2 and (eerste.nummer, laatste.nummer) == (2, 1_048_576)
    assert [f.params for f in laatste.fouten] == [{"kolom": 22}]


def _zip(onderdelen, niveau=None):
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED, compresslevel=niveau) as archief:
        for naam, data in onderdelen:
            archief.writestr(naam, data)
    return uit.getvalue()


def test_xlsx_zip_bomb_is_refused_before_anything_is_unpacked():
    """300 MB of zeros in a zip of a few hundred kB, written in blocks so the test stays
    small; the zip's directory alone refuses it."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archief:
        with archief.open(BLAD, "w", force_zip64=True) as deel:
            blok = bytes(1024 * 1024)
            for _ in range(300):
                deel.write(blok)
    bom = uit.getvalue()
    assert len(bom) < 3 * 1024 * 1024
    begin = time.monotonic()
    [fout] = weigering(bom, naam="bom.xlsx")
    assert time.monotonic() - begin < 0.5
    assert fout.melding == ib.TE_GROOT_UITGEPAKT and fout.params == {"maximum": 200}


def test_xlsx_part_compressed_too_strongly_is_refused():
    """Within the total, but one part unpacks 1000-fold."""
    bom = _zip([("[Content_Types].xml", b"<Types/>"), (BLAD, bytes(20 * 1024 * 1024))], 9)
    [fout] = weigering(bom, naam="bom.xlsx")
    assert fout.melding == ib.TE_GROOT_UITGEPAKT


@pytest.mark.parametrize("naam", ["../../evil.xml", "xl/../../evil.xml", "/etc/cron.d/x",
                                  "\\windows\\x.xml", "C:/x.xml", "xl\\..\\..\\x.xml"])
def test_xlsx_with_path_traversal_parts_is_refused(naam):
    inhoud = _zip([("[Content_Types].xml", b"<Types/>"), (naam, b"x")])
    [fout] = weigering(inhoud, naam="pad.xlsx")
    assert fout.melding == ib.VREEMDE_ONDERDELEN


def test_xlsx_with_too_many_parts_is_refused():
    inhoud = _zip((f"xl/{i}.xml", b"") for i in range(ib.MAX_ONDERDELEN + 1))
    [fout] = weigering(inhoud, naam="veel.xlsx")
    assert fout.melding == ib.VREEMDE_ONDERDELEN


@pytest.mark.parametrize("naam,inhoud", [
    ("leerlingen.xlsx", b"Bsn;Datum inschrijving\n111222333;01-08-2026\n"),  # a renamed CSV
    ("leerlingen.xlsx", b"PK\x03\x04" + os.urandom(200)),  # a broken zip
    ("leerlingen.xlsx", _zip([("word/document.xml", b"<w:document/>")])),  # a .docx renamed
    ("leerlingen.xls", b"<html><table></table></html>"),
])
def test_not_an_excel_file_is_refused(naam, inhoud):
    [fout] = weigering(inhoud, naam=naam)
    assert fout.melding == ib.GEEN_EXCEL and ".xlsx" in fout.melding


def test_an_xlsx_sent_with_a_csv_name_is_read_by_its_content():
    inhoud = xlsx([["Bsn", "Datum inschrijving"], ["111222333", "01-08-2026"]])
    gelezen = ib.lees("leerlingen.csv", inhoud, CODE)
    assert gelezen.soort == "xlsx" and gelezen.aantal == 1


# ---------------------------------------------------------------- Excel 97-2003 (.xls)

def test_xls_that_cannot_be_read_is_refused_with_a_clear_message():
    """OLE2 is also the container of a password-protected .xlsx: the message says both."""
    inhoud = ib.OLE2 + b"\xa1\xb1\x1a\xe1" + os.urandom(2000)
    for naam in ("oud.xls", "beveiligd.xlsx"):
        [fout] = weigering(inhoud, naam=naam)
        assert fout.melding == ib.GEEN_EXCEL and "wachtwoord" in fout.melding


def test_xls_cell_values_convert_like_xlsx_ones():
    assert ib._xls_waarde(xlrd.XL_CELL_EMPTY, "", 0) is None
    assert ib._xls_waarde(xlrd.XL_CELL_BLANK, "", 0) is None
    assert ib._xls_waarde(xlrd.XL_CELL_TEXT, " Vries ", 0) == " Vries "
    assert ib._xls_waarde(xlrd.XL_CELL_NUMBER, 111222333.0, 0) == 111222333.0
    assert ib._xls_waarde(xlrd.XL_CELL_DATE, 46235.0, 0) == datetime.datetime(2026, 8, 1)
    assert ib._xls_waarde(xlrd.XL_CELL_DATE, 44773.0, 1) == datetime.datetime(2026, 8, 1)
    assert ib._xls_waarde(xlrd.XL_CELL_DATE, 3e6, 0) == 3e6  # past 9999: the number
    assert ib._xls_waarde(xlrd.XL_CELL_BOOLEAN, 1, 0) is True
    assert ib._xls_waarde(xlrd.XL_CELL_ERROR, 0x2A, 0) == "#N/A"


def _cel(ctype, value):
    return SimpleNamespace(ctype=ctype, value=value)


def test_xls_rows_of_the_first_visible_sheet_read_as_rows():
    """xlrd cannot write a file, so its sheet and book are stood in for."""
    tekst, getal, datum = xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE
    rijen = [[_cel(tekst, "Bsn"), _cel(tekst, "Geboortedatum"), _cel(tekst, "Datum inschrijving")],
             [_cel(getal, 111222333.0), _cel(getal, 2020.0), _cel(datum, 46235.0)],
             [_cel(xlrd.XL_CELL_EMPTY, "")] * 3]
    blad = SimpleNamespace(nrows=len(rijen), row=rijen.__getitem__, visibility=0)
    verborgen = SimpleNamespace(visibility=1)
    ontladen = []
    boek = SimpleNamespace(nsheets=2, sheet_by_index=[verborgen, blad].__getitem__,
                           unload_sheet=ontladen.append)
    assert ib._eerste_zichtbare_xls(boek) is blad and ontladen == [0]
    gelezen = list(ib._xls_rijen(blad, 0))
    assert gelezen[1] == [111222333.0, 2020.0, datetime.datetime(2026, 8, 1)]
    indeling = ib._indeling(gelezen[0])
    regel = ib._regel(2, gelezen[1], indeling, CODE)
    assert regel.invoer.persoon.bsn == "111222333"
    assert regel.invoer.persoon.geboortedatum == DeelDatum(2020)
    assert regel.invoer.datum_inschrijving == datetime.date(2026, 8, 1)
    assert ib._leeg(gelezen[2])
    with pytest.raises(Onleesbaar) as gevangen:
        ib._eerste_zichtbare_xls(SimpleNamespace(nsheets=1, sheet_by_index=[verborgen].__getitem__,
                                                 unload_sheet=ontladen.append))
    assert gevangen.value.fouten[0].melding == ib.GEEN_WERKBLAD


# ---------------------------------------------------------------- tables out

@pytest.mark.parametrize("waarde,tekst", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+31 6 1234", "'+31 6 1234"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Vries", "Vries"),
    ("a=b", "a=b"),
    (-5, "-5"),  # a number is no formula
    (None, ""),
    (datetime.date(2026, 8, 1), "01-08-2026"),
    (datetime.datetime(2026, 8, 1, 9, 5), "01-08-2026 09:05:00"),
    (DeelDatum(2020, 3), "03-2020"),
    (DeelDatum(2020), "2020"),
    (DeelDatum(2020, 3, 15), "15-03-2020"),
    (12, "12"),
])
def test_veilig_values_as_text_without_formulas(waarde, tekst):
    assert tabellen.veilig(waarde) == tekst


KOPPEN = ["Bsn", "Achternaam", "Datum inschrijving"]
RIJEN = [["111222333", "=1+1", datetime.date(2026, 8, 1)],
         ["", "Vries; de\r\n\"Jan\"", None],
         ["012345672", "-Streep", DeelDatum(2020, 3)]]


def test_csv_stroom_round_trip():
    inhoud = b"".join(tabellen.csv_stroom(KOPPEN, iter(RIJEN)))
    assert inhoud.startswith(codecs.BOM_UTF8) and b"\r\n" in inhoud
    gelezen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"), newline=""),
                              delimiter=";"))
    assert gelezen == [KOPPEN,
                       ["111222333", "'=1+1", "01-08-2026"],
                       ["", "Vries; de\r\n\"Jan\"", ""],
                       ["012345672", "'-Streep", "03-2020"]]


def test_csv_stroom_of_20000_rows_comes_in_blocks_while_rows_are_made():
    gemaakt = []

    def rijen():
        for i in range(20_000):
            gemaakt.append(i)
            yield [f"{i:09d}", "Vries", datetime.date(2026, 8, 1)]

    stroom = tabellen.csv_stroom(KOPPEN, rijen())
    eerste = next(stroom)
    assert len(gemaakt) < 5_000  # the first block left before most rows were made
    blokken = [eerste, *stroom]
    assert len(blokken) > 5 and all(len(b) < 2 * tabellen.BLOK for b in blokken)
    tekst = b"".join(blokken).decode("utf-8-sig")
    assert tekst.count("\r\n") == 20_001 and tekst.endswith("000019999;Vries;01-08-2026\r\n")


def test_xlsx_stroom_round_trip_has_text_cells_and_no_formulas():
    """Every value a text cell, read back by openpyxl as written: formulas stay text,
    XML's own characters are escaped, characters XML cannot hold are left out, a text
    longer than a cell holds is cut; the header bold and frozen."""
    lang = "x" * (tabellen.MAX_CEL + 10)
    rijen = RIJEN + [["\x01bel\x07", "+31", "@x"], ["a & b", "<b>Vries</b>", lang]]
    inhoud = b"".join(tabellen.xlsx_stroom(KOPPEN, iter(rijen), titel="Registratieoverzicht"))
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    blad = boek.active
    assert blad.title == "Registratieoverzicht"
    assert all(cel.data_type == "s" for rij in blad.iter_rows() for cel in rij if cel.value)
    assert [[c.value or None for c in rij] for rij in blad.iter_rows()] == [
        KOPPEN,
        ["111222333", "=1+1", "01-08-2026"],
        [None, "Vries; de\n\"Jan\"", None],  # XML reads a line end as \n
        ["012345672", "-Streep", "03-2020"],
        ["bel", "+31", "@x"],  # characters XML cannot hold are left out
        ["a & b", "<b>Vries</b>", "x" * tabellen.MAX_CEL]]
    assert blad["A1"].font.b and not blad["A2"].font.b and blad.freeze_panes == "A2"


def test_xlsx_stroom_of_40000_rows_comes_in_blocks_while_rows_are_made():
    """The zip streams: the first block leaves before most rows are made, no block is
    larger than BLOK, and openpyxl's read-only mode reads every row back."""
    gemaakt = []

    def rijen():
        for i in range(40_000):
            gemaakt.append(i)
            yield [f"{i:09d}", f"Naam {i}", datetime.date(2026, 8, 1)]

    stroom = tabellen.xlsx_stroom(KOPPEN, rijen())
    eerste = next(stroom)
    assert len(gemaakt) < 20_000
    blokken = [eerste, *stroom]
    assert len(blokken) > 2 and all(len(b) <= tabellen.BLOK for b in blokken)
    blad = openpyxl.load_workbook(io.BytesIO(b"".join(blokken)), read_only=True).active
    aantal, laatste = 0, None
    for rij in blad.iter_rows(values_only=True):
        aantal, laatste = aantal + 1, rij
    assert aantal == 40_001 and laatste == ("000039999", "Naam 39999", "01-08-2026")


def test_an_xlsx_with_an_entity_bomb_in_its_xml_is_refused_unexpanded():
    """A sheet's XML that declares entities (a "billion laughs" bomb, or an external one) is
    never expanded: openpyxl parses with defusedxml, and the file is refused as unreadable."""
    boek = openpyxl.Workbook()
    boek.active.append(["Achternaam", "Datum inschrijving"])
    boek.active.append(["Vries", "01-09-2026"])
    schoon = io.BytesIO()
    boek.save(schoon)
    bom = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(b'<!ENTITY %s "%s">' % (b"b%d" % i, (b"&a;" if i == 0 else
                                                             b"&b%d;" % (i - 1)) * 10)
                      for i in range(9)) + b"]>")
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(schoon.getvalue())) as bron, zipfile.ZipFile(uit, "w") as doel:
        for info in bron.infolist():
            data = bron.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = bom + data.split(b"?>", 1)[-1].replace(b"<v>", b"<v>&b8;", 1)
            doel.writestr(info, data)
    with pytest.raises(Onleesbaar) as exc:
        ib.lees("bom.xlsx", uit.getvalue(), CODE)
    assert exc.value.fouten[0].melding == ib.GEEN_EXCEL
