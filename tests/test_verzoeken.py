"""R-LEV-03: the request files of the C- and A-levering (seed 003), made in Kladblok. Every
mistake the seed's steps allow says how to fix it; what does no harm is read, with a note;
hostile input is refused quickly with a message."""
import codecs
import datetime
import io
import zipfile

import pytest

from formats import Onleesbaar
from formats import verzoeken as v

VANDAAG = datetime.date(2026, 12, 2)
BSN = "999990305"  # 11-proef


def _fouten(naam, inhoud=b"111111111\r\n"):
    with pytest.raises(Onleesbaar) as exc:
        v.lees(naam, inhoud, VANDAAG)
    return [(f.melding, f.params) for f in exc.value.fouten]


def test_r_lev_03_the_seeds_example_is_a_c_levering_of_that_gemeente_at_that_date():
    verzoek = v.lees("20180925G1234C.txt", b"111111111\r\n", VANDAAG)
    assert (verzoek.soort, verzoek.peildatum, verzoek.gebied, verzoek.code) == (
        v.Soort.C, datetime.date(2018, 9, 25), v.Gebied.GEMEENTE, "1234")
    assert verzoek.opmerkingen == () and verzoek.nummers == ()
    regio = v.lees("20261201R0007C.txt", b"111111111\n", VANDAAG)
    assert (regio.gebied, regio.code) == (v.Gebied.REGIO, "0007")


@pytest.mark.parametrize("inhoud", [b"111111111\r\n", b"111111111\n", b"111111111\r",
                                    b"111111111\r\n\r\n", b" 111111111 \r\n"])
def test_r_lev_03_any_line_end_and_trailing_empty_lines_are_fine(inhoud):
    assert v.lees("20180925G0363C.txt", inhoud, VANDAAG).opmerkingen == ()


def test_r_lev_03_a_bom_or_a_missing_line_end_is_read_with_a_note_how_to_do_it_next_time():
    verzoek = v.lees("20180925G0363C.txt", codecs.BOM_UTF8 + b"111111111", VANDAAG)
    assert [f.melding for f in verzoek.opmerkingen] == [v.BOM, v.GEEN_ENTER]


@pytest.mark.parametrize("naam, melding, params", [
    ("20180925g0363c.txt", v.KLEINE_LETTERS, {"goed": "20180925G0363C.txt"}),
    ("20180925G363C.txt", v.CODE_KORT, {"goed": "20180925G0363C.txt"}),
    ("20181332G0363C.txt", v.DATUM, {"datum": "20181332"}),
    ("20270101G0363C.txt", v.TOEKOMST, {"datum": "01-01-2027"}),
    ("25092018G0363C.txt", v.DATUM, {"datum": "25092018"}),
    ("2018-09-25G0363C.txt", v.OPBOUW, {"voorbeeld": v.VOORBEELD}),
    ("20180925X0363C.txt", v.OPBOUW, {"voorbeeld": v.VOORBEELD}),
    ("20180925G0363.txt", v.OPBOUW, {"voorbeeld": v.VOORBEELD}),
    ("20180925G0363C", v.OPBOUW, {"voorbeeld": v.VOORBEELD}),
    ("20180925G0363C.txt.txt", v.OPBOUW, {"voorbeeld": v.VOORBEELD}),
    ("20180925G0363C.rtf", v.EXTENSIE, {}),
    ("20180925G0363C.docx", v.EXTENSIE, {}),
])
def test_r_lev_03_each_mistake_in_the_name_says_how_to_fix_it(naam, melding, params):
    assert _fouten(naam) == [(melding, params)]


def test_r_lev_03_every_mistake_of_a_name_at_once():
    assert [m for m, _ in _fouten("20181332g363c.txt")] == [v.KLEINE_LETTERS, v.CODE_KORT,
                                                           v.DATUM]


@pytest.mark.parametrize("inhoud, nummer, tekst", [
    (b"11111111\r\n", 1, "11111111"),
    (b"1111111111\r\n", 1, "1111111111"),
    (b"111111111\r\n111111111\r\n", 2, "111111111"),
    (b"\r\n111111111\r\n", 1, ""),
    (BSN.encode() + b"\r\n", 1, BSN),
])
def test_r_lev_03_a_c_request_holds_only_the_nines_ones(inhoud, nummer, tekst):
    assert _fouten("20180925G0363C.txt", inhoud) == [
        (v.C_FOUT, {"inhoud": "111111111", "nummer": nummer, "tekst": tekst})]


@pytest.mark.parametrize("inhoud", [b"", b"\r\n", b"   \r\n\r\n"])
def test_r_lev_03_an_empty_c_request_says_what_to_type(inhoud):
    assert _fouten("20180925G0363C.txt", inhoud) == [(v.LEEG, {"inhoud": "111111111"})]


def test_r_lev_03_an_a_request_gives_each_valid_number_once_and_notes_the_rest():
    from stdnum.nl import onderwijsnummer
    own = next(f"10{i:06d}{c}" for i in range(500000, 500100) for c in range(10)
               if onderwijsnummer.is_valid(f"10{i:06d}{c}"))
    inhoud = f"{BSN}\r\n{own}\r\n\r\n999 990 305\r\n12345\r\n999990306\r\nabc\r\n".encode()
    verzoek = v.lees("20180925R0001A.txt", inhoud, VANDAAG)
    assert verzoek.soort == v.Soort.A and verzoek.nummers == (BSN, own)
    assert [(f.melding, f.params) for f in verzoek.opmerkingen] == [
        (v.A_DUBBEL, {"nummer": 4, "tekst": BSN}),
        (v.A_GEEN_NUMMER, {"nummer": 5, "tekst": "12345"}),
        (v.A_GEEN_NUMMER, {"nummer": 6, "tekst": "999990306"}),
        (v.A_GEEN_NUMMER, {"nummer": 7, "tekst": "abc"})]


def test_r_lev_03_an_a_request_without_a_valid_number_is_refused():
    assert _fouten("20180925G0363A.txt", b"") == [(v.A_LEEG, {})]
    assert _fouten("20180925G0363A.txt", b"12345\r\nabc\r\n") == [(v.A_LEEG, {})]


def test_r_lev_03_an_ansi_file_with_a_special_character_is_read_as_windows_1252():
    verzoek = v.lees("20180925G0363A.txt", f"{BSN}\r\nJosé\r\n".encode("cp1252"), VANDAAG)
    assert verzoek.nummers == (BSN,)
    assert verzoek.opmerkingen[0].params == {"nummer": 2, "tekst": "José"}


# ---------------------------------------------------------------- hostile input

def test_a_path_in_the_name_is_dropped_and_the_last_part_read():
    for naam in ("../../20180925G0363C.txt", "C:\\Users\\lpa\\20180925G0363C.txt",
                 "/etc/20180925G0363C.txt"):
        assert v.lees(naam, b"111111111\r\n", VANDAAG).code == "0363"
    assert _fouten("20180925G0363C.txt/..") == [(v.OPBOUW, {"voorbeeld": v.VOORBEELD})]


@pytest.mark.parametrize("inhoud", [
    "111111111\r\n".encode("utf-16"),  # Kladblok's "Unicode": NUL bytes
    b"\x81\x8d\x8f\r\n",  # no characters in UTF-8 nor in Windows-1252
    b"%PDF-1.7\r\n",
])
def test_what_is_no_text_is_refused_as_such(inhoud):
    assert _fouten("20180925G0363C.txt", inhoud) == [(v.GEEN_TEKST, {})]


def test_a_zip_bomb_named_txt_is_refused_unopened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("x.txt", b"1" * 50_000_000)
    assert _fouten("20180925G0363C.txt", buffer.getvalue()) == [(v.GEEN_TEKST, {})]


def test_huge_requests_are_refused_with_the_limit_named():
    regels = (BSN + "\r\n") * (v.MAX_NUMMERS + 1)
    assert _fouten("20180925G0363A.txt", regels.encode()) == [
        (v.A_TE_VEEL, {"maximum": v.MAX_NUMMERS})]
    lang = b"1" * 20_000_000 + b"\r\n"  # refused by its size, before it is decoded
    [(melding, params)] = _fouten("20180925G0363C.txt", lang)
    assert melding == v.C_FOUT and params["nummer"] == 2
    [(melding, params)] = _fouten("20180925G0363A.txt", b"1" * (v.MAX_GROOTTE + 1))
    assert melding == v.A_TE_VEEL


def test_the_name_is_recognised_as_a_request_mistakes_and_all():
    assert v.is_verzoek("20180925g363c.txt") and v.is_verzoek("x/20180925G0363A.TXT")
    assert not v.is_verzoek("leerlingen.csv") and not v.is_verzoek("20180925G0363C.csv")
