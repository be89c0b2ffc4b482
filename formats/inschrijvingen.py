"""Enrolment files (seed 004 §1.5, "Bestanden versturen"): a CSV or Excel file with one
inschrijving a row, for a school that cannot type every pupil in the form. `lees` turns each
row into the InschrijvingInvoer the form gives (forms/inschrijvingen.py), so the domain
checks an uploaded row exactly as a typed one; `sjabloon_csv` and `sjabloon_xlsx` give the
templates to fill in, one per variant of R-INS-04/R-INS-06.

What the caller must know:
- `Regel.nummer` is the row number the user sees, the header being row 1: in Excel the
  sheet's row number; in a CSV file the record number. A quoted value with a line break in
  it is one record, as Excel shows it, so a text editor shows a higher line number after
  such a value. Empty rows are never returned but keep their number.
- `Inhoud.aantal` counts the rows `regels()` returns: empty rows (in the middle or at the
  end) are not counted, and neither is the header.
- `Inhoud.opmerkingen` are notes about the file as a whole that are no errors (the encoding
  it was read in, signs of garbled characters): show them with the result.
- Excel cells are read as their cached values (`data_only`): a formula Excel never
  calculated reads as empty. Of merged cells only the top-left one holds the value.
"""
import codecs
import csv
import datetime
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Protocol

import openpyxl
import xlrd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.datums import DeelDatum, GeenDatum, uit_delen
from domain.fouten import N_, Fout
from domain.inschrijving import Adres, InschrijvingInvoer, PersoonInvoer

from . import BESTAND, Onleesbaar

MAX_REGELS = 100_000
# An .xlsx is a zip: checked before openpyxl unpacks anything (a "zip bomb" is a few kB
# that unpack to gigabytes).
MAX_UITGEPAKT = 200 * 1024 * 1024
MAX_ONDERDELEN = 10_000
MAX_VERHOUDING = 200
# Only a part that unpacks to more than this can hurt; below it the ratio of a tiny
# repetitive part says nothing.
VERHOUDING_VANAF = 1024 * 1024
MAX_NAAM = 200

VARIANTEN = ("met", "binnenland", "buitenland")
_ALLE = VARIANTEN
_ZONDER = ("binnenland", "buitenland")
# The extension says which kinds are allowed, the content which reader reads it: an old
# .xls saved under .xlsx is still read.
EXTENSIES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xls": "xls"}
OLE2 = b"\xd0\xcf\x11\xe0"  # .xls, and also an .xlsx protected with a password
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Files that are surely no text, whatever their name says.
BINAIR = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"{\\rtf", b"\x1f\x8b", b"7z\xbc\xaf",
          b"Rar!", b"MZ")
SCHEIDINGSTEKENS = (";", ",", "\t")  # Excel's CSV in NL, elsewhere, and its "Unicode-tekst"


@dataclass(frozen=True)
class Kolom:
    """A column of the enrolment file: its header (`kop`), the field the domain names in a
    Fout (`veld`), the templates that have it and their example value."""

    kop: str
    veld: str
    varianten: tuple[str, ...]
    voorbeeld: dict[str, str] = field(default_factory=dict, compare=False)


def _overal(waarde, varianten=_ALLE):
    return dict.fromkeys(varianten, waarde)


# In the form's order. The examples pass the domain's checks where they can: the
# instellingscode is left empty (the code chosen on upload is used), and BSN 111222333 is
# valid but not in the BRP, so that row asks for a woonadres (R-INS-12).
KOLOMMEN = (
    Kolom(N_("Instellingscode"), "instellingscode", _ALLE),
    Kolom(N_("Bsn"), "bsn", ("met",), {"met": "111222333"}),
    Kolom(N_("Onderwijsnummer"), "onderwijsnummer", ("met",)),
    Kolom(N_("Geslacht"), "geslacht", _ALLE, {"met": "V", "binnenland": "M", "buitenland": "V"}),
    Kolom(N_("Geboortedatum"), "geboortedatum", _ALLE, _overal("15-03-2020")),
    Kolom(N_("Achternaam"), "achternaam", _ZONDER,
          {"binnenland": "Vries", "buitenland": "Peeters"}),
    Kolom(N_("Voorvoegsels"), "voorvoegsels", _ZONDER, {"binnenland": "de"}),
    Kolom(N_("Voornamen"), "voornamen", _ZONDER, {"binnenland": "Daan", "buitenland": "Lotte"}),
    Kolom(N_("Postcode"), "postcode", ("binnenland",), {"binnenland": "3511 AB"}),
    Kolom(N_("Huisnummer"), "huisnummer", ("binnenland",), {"binnenland": "12"}),
    Kolom(N_("Huisletter"), "huisletter", ("binnenland",)),
    Kolom(N_("Huisnummertoevoeging"), "huisnummertoevoeging", ("binnenland",)),
    Kolom(N_("Huisnummeraanduiding"), "huisnummeraanduiding", ("binnenland",)),
    Kolom(N_("Straatnaam"), "straatnaam", ("binnenland",), {"binnenland": "Voorbeeldstraat"}),
    Kolom(N_("Plaatsnaam"), "plaatsnaam", ("binnenland",), {"binnenland": "Utrecht"}),
    Kolom(N_("Aanduiding locatie"), "aanduiding_locatie", ("binnenland",)),
    Kolom(N_("Landcode"), "landcode", ("buitenland",), {"buitenland": "5010"}),
    Kolom(N_("Adresregel 1"), "adresregel1", ("buitenland",),
          {"buitenland": "Rue de l'Exemple 12"}),
    Kolom(N_("Adresregel 2"), "adresregel2", ("buitenland",), {"buitenland": "1000 Bruxelles"}),
    Kolom(N_("Adresregel 3"), "adresregel3", ("buitenland",)),
    Kolom(N_("Datum inschrijving"), "datum_inschrijving", _ALLE, _overal("01-08-2026")),
    Kolom(N_("Datum uitschrijving"), "datum_uitschrijving", _ALLE),
    # A result of the pupil (seed 003), optional and in no template: the three together,
    # or none; read in any file that has them.
    Kolom(N_("Diploma"), "diploma", ()),
    Kolom(N_("Datum diploma"), "datum_diploma", ()),
    Kolom(N_("Startkwalificatie"), "startkwalificatie", ()),
)
RESULTAAT_VELDEN = ("diploma", "datum_diploma", "startkwalificatie")
_JA_NEE = {"ja": True, "j": True, "yes": True, "y": True, "1": True, "true": True, "waar": True,
           "nee": False, "n": False, "no": False, "0": False, "false": False, "onwaar": False}
GEEN_JA_NEE = N_("Vul bij Startkwalificatie ja of nee in, niet \"%(waarde)s\".")
GEEN_DIPLOMA = N_("Vul bij een datum diploma of startkwalificatie ook het diploma in.")
GEEN_DATUM_DIPLOMA = N_("Vul bij een diploma ook de datum diploma in.")
_PER_VELD = {kolom.veld: kolom for kolom in KOLOMMEN}
_VOORBEELDEN = [{(kolom.veld, kolom.voorbeeld[variant]) for kolom in KOLOMMEN
                 if kolom.voorbeeld.get(variant)} for variant in VARIANTEN]
ADRES_VELDEN = ("postcode", "huisnummer", "huisletter", "huisnummertoevoeging",
                "huisnummeraanduiding", "straatnaam", "plaatsnaam", "aanduiding_locatie",
                "landcode", "adresregel1", "adresregel2", "adresregel3")
BUITENLAND_VELDEN = ("landcode", "adresregel1", "adresregel2", "adresregel3")
PERSOON_VELDEN = ("bsn", "onderwijsnummer", "achternaam")  # one of these says who it is
# Excel drops the leading zeros of a number: a BSN may start with 0.
_CIJFERS = {"bsn": 9, "onderwijsnummer": 9, "landcode": 4}
_GESLACHTEN = {"m": "M", "man": "M", "v": "V", "vrouw": "V", "o": "O", "onbekend": "O"}

# ---------------------------------------------------------------- messages

LEEG = N_("Het bestand is leeg. Kies het ingevulde bestand en verstuur het opnieuw.")
ALLEEN_KOP = N_("Het bestand bevat alleen de kolomkoppen en geen leerlingen. Vul vanaf de "
                "tweede regel per leerling een regel in en verstuur het bestand opnieuw.")
TE_VEEL = N_("Het bestand bevat meer dan %(maximum)s leerlingen. Verdeel de leerlingen over "
             "bestanden van hoogstens %(maximum)s regels en verstuur die na elkaar.")
SOORT = N_("Dit soort bestand kunnen wij niet lezen. Verstuur een CSV-bestand (.csv of .txt) "
           "of een Excel-bestand (.xlsx of .xls), bijvoorbeeld het ingevulde sjabloon.")
GEEN_EXCEL = N_("Het bestand is geen Excel-bestand dat wij kunnen lezen, of het is beveiligd met "
                "een wachtwoord. Open het in Excel, sla het op als Excel-werkmap (.xlsx) zonder "
                "wachtwoord en verstuur het opnieuw.")
TE_GROOT_UITGEPAKT = N_("Het Excel-bestand wordt uitgepakt te groot (meer dan %(maximum)s MB) of "
                        "is verdacht sterk ingepakt. Sla alleen het werkblad met de leerlingen "
                        "op in een nieuw Excel-bestand of als CSV-bestand, en verstuur dat.")
VREEMDE_ONDERDELEN = N_("Het Excel-bestand bevat onderdelen die niet in een Excel-bestand horen. "
                        "Sla het bestand opnieuw op in Excel (als .xlsx of CSV) en verstuur het "
                        "opnieuw.")
GEEN_WERKBLAD = N_("Het Excel-bestand heeft geen zichtbaar werkblad. Maak het werkblad met de "
                   "leerlingen zichtbaar en verstuur het bestand opnieuw.")
GEEN_TEKST = N_("Het bestand is geen tekstbestand in UTF-8 of Windows-1252. Sla het in Excel op "
                "als 'CSV UTF-8 (door komma's gescheiden)' en verstuur het opnieuw.")
CSV_FOUT = N_("Het bestand kunnen wij vanaf regel %(nummer)s niet lezen: waarschijnlijk staat "
              "daar een aanhalingsteken (\") dat niet wordt afgesloten. Controleer de "
              "aanhalingstekens in die regel en verstuur het bestand opnieuw.")
GEEN_KOPPEN = N_("De eerste regel bevat geen kolomkoppen die wij kennen (%(kolommen)s). Zet de "
                 "kolomkoppen van het sjabloon op de eerste regel: %(koppen)s. Het sjabloon "
                 "vindt u op de pagina Bestand versturen.")
ONBEKEND = N_("Het bestand bevat kolommen die wij niet kennen: %(kolommen)s. Geef ze de kop "
              "uit het sjabloon of verwijder ze. De kolommen van het sjabloon zijn: "
              "%(koppen)s. Het sjabloon vindt u op de pagina Bestand versturen.")
DUBBEL = N_("Deze kolommen staan meer dan één keer in het bestand: %(kolommen)s. Houd van elke "
            "kolom er één en verstuur het bestand opnieuw.")
ZONDER_DATUM = N_("De kolom Datum inschrijving ontbreekt. Voeg die kolom toe, zoals in het "
                  "sjabloon, vul per leerling de datum inschrijving in en verstuur het bestand "
                  "opnieuw.")
ZONDER_PERSOON = N_("Het bestand heeft geen kolom Bsn, Onderwijsnummer of Achternaam, dus wij "
                    "weten niet om welke leerlingen het gaat. Gebruik de kolommen van een van "
                    "de sjablonen en verstuur het bestand opnieuw.")
TE_VEEL_WAARDEN = N_("Regel heeft meer waarden dan er kolommen zijn: kolom %(kolom)s heeft geen "
                     "kolomkop. Controleer de scheidingstekens in deze regel, of zet de waarde "
                     "in de goede kolom.")
GEEN_DATUM = N_("Dit is geen geldige datum: %(waarde)s. Schrijf de datum als DD-MM-JJJJ, "
                "bijvoorbeeld 01-08-2026.")
GEEN_GEBOORTEDATUM = N_("Dit is geen geldige geboortedatum: %(waarde)s. Schrijf de datum als "
                        "DD-MM-JJJJ, of alleen maand en jaar (MM-JJJJ), of alleen het jaar "
                        "(JJJJ).")
CP1252 = N_("Het bestand is gelezen als Windows-1252 (ANSI), omdat het geen UTF-8 is. Controleer "
            "of namen met bijzondere tekens (zoals ë of ü) goed zijn overgekomen; sla het "
            "bestand anders op als 'CSV UTF-8' en verstuur het opnieuw.")
UTF16 = N_("Het bestand is gelezen als UTF-16 (Unicode-tekst). Controleer of namen met "
           "bijzondere tekens goed zijn overgekomen.")
VOORBEELD = N_("Regel %(nummer)s is de voorbeeldregel van het sjabloon en is overgeslagen.")
ALLEEN_VOORBEELD = N_("Het bestand bevat alleen de voorbeeldregel van het sjabloon. Vervang die "
                      "door een regel per leerling en verstuur het bestand opnieuw.")
VERMINKT = N_("Het bestand bevat tekens die eerder verkeerd zijn omgezet, zoals %(voorbeeld)s "
              "waar een letter met een accent hoort (bijvoorbeeld ë). Herstel de namen in het "
              "bestand en verstuur het opnieuw als dat nodig is.")

# A UTF-8 letter once read as Windows-1252 and saved again: "Ã«" for "ë", "Ã©" for "é".
_VERMINKT = re.compile(
    "[\u00c2\u00c3][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", "ignore")) + "]")
_REGEL = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_TIJD = re.compile(r"(\S+)\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_PADDELEN = re.compile(r"[/\\]")


def _onleesbaar(melding, **params):
    return Onleesbaar([Fout(BESTAND, melding, "", params)])


def kop_van(veld: str) -> str:
    """The column header of a Fout's veld, so a report can name the column."""
    kolom = _PER_VELD.get(veld)
    return kolom.kop if kolom else veld


def kolomnaam(veld: str, vertaal: Callable[[str], str]) -> str:
    """A column as a report in another language names it: "Sex (Geslacht)", since the
    file's own headers are Dutch in every language; in Dutch just "Geslacht"."""
    kop = kop_van(veld)
    vertaald = vertaal(kop)
    return kop if vertaald == kop else f"{vertaald} ({kop})"


def _is_voorbeeld(cellen, indeling):
    """Whether a row is a template's example row as downloaded (its instellingscode aside):
    sent unchanged, it would enrol a pupil nobody has."""
    waarden = {(veld, _tekst(cel)) for veld, cel in zip(indeling, cellen, strict=False)
               if veld and veld != "instellingscode" and _tekst(cel)}
    return waarden in _VOORBEELDEN


def sjabloon_kolommen(variant: str) -> tuple[Kolom, ...]:
    if variant not in VARIANTEN:
        raise ValueError(f"unknown variant {variant!r}")
    return tuple(kolom for kolom in KOLOMMEN if variant in kolom.varianten)


def _norm(kop):
    """A header as compared: case, spaces, underscores and a stray BOM do not count."""
    return " ".join(kop.replace("\ufeff", "").replace("_", " ").split()).lower()


# Each column by its header, and by its field name ("datum_inschrijving", "adresregel1").
_KOPPEN = {_norm(naam): kolom.veld for kolom in KOLOMMEN for naam in (kolom.kop, kolom.veld)}


# ---------------------------------------------------------------- names

def veilige_naam(naam: str) -> str:
    """The name to store and show for an uploaded file: its last path component, without
    control characters, with the characters Windows forbids in a name (and a quote that
    would end a header) replaced by "_", at most MAX_NAAM characters (the extension kept),
    never empty. Nothing else of the name is used, whatever the browser sent."""
    deel = _PADDELEN.split(unicodedata.normalize("NFC", naam or ""))[-1]
    deel = "".join("_" if ch in '<>:"|?*' else ch for ch in deel
                   if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch)
                   not in ("Zl", "Zp")).strip()
    if deel in ("", ".", ".."):
        return "bestand"
    if len(deel) > MAX_NAAM:
        stam, punt, extensie = deel.rpartition(".")
        if punt and stam and len(extensie) < 20:
            deel = stam[:MAX_NAAM - len(extensie) - 1].rstrip() + "." + extensie
        else:
            deel = deel[:MAX_NAAM].rstrip()
    return deel


def _extensie(naam):
    stam, punt, extensie = veilige_naam(naam).rpartition(".")
    return "." + extensie.strip().lower() if punt and stam else ""


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Resultaat:
    """A row's result: its Diploma, Datum diploma and Startkwalificatie columns."""

    diploma: str
    datum: datetime.date
    startkwalificatie: bool


@dataclass
class Regel:
    """One row of the file: its number as the user sees it, what it says as the form's
    input, the values that were not what their column needs (dates; a value outside the
    columns) and the row's values as text by veld, for a report."""

    nummer: int
    invoer: InschrijvingInvoer
    fouten: list[Fout] = field(default_factory=list)
    waarden: dict[str, str] = field(default_factory=dict)
    resultaat: Resultaat | None = None  # the row's diploma, when it has one



class _Bron(Protocol):
    def rijen(self) -> Generator[list[Any], None, None]:
        """Every row from the first, empty ones too: the n-th is row n."""
        ...


class Inhoud:
    """A file `lees` could read as a whole. `regels()` reads it again from the start each
    time it is called, so no list of all rows is kept."""

    def __init__(self, soort: str, aantal: int, opmerkingen: list[Fout], bron: _Bron,
                 kop_nummer: int, indeling: list[str | None], instellingscode: str):
        self.soort = soort  # "csv", "xlsx" or "xls": the content's kind, not the name's
        self.aantal = aantal
        self.opmerkingen = opmerkingen
        self.kolommen = tuple(veld for veld in indeling if veld)  # in the file's order
        self.instellingscode = instellingscode
        self._bron = bron
        self._kop_nummer = kop_nummer
        self._indeling = indeling

    def regels(self) -> Iterator[Regel]:
        with closing(self._bron.rijen()) as rijen:
            for nummer, cellen in enumerate(rijen, start=1):
                if (nummer > self._kop_nummer and not _leeg(cellen)
                        and not _is_voorbeeld(cellen, self._indeling)):
                    yield _regel(nummer, cellen, self._indeling, self.instellingscode)


def lees(bestandsnaam: str, inhoud: bytes, instellingscode: str,
         max_regels: int = MAX_REGELS) -> Inhoud:
    """Read an enrolment file. Raises Onleesbaar at once for a problem with the file as a
    whole; a row's own problems come with the row (`Regel.fouten`) or from the domain."""
    soort = _soort(bestandsnaam, inhoud)
    opmerkingen: list[Fout] = []
    bron: _Bron
    if soort == "csv":
        tekst = _decodeer(inhoud, opmerkingen)
        bron = _CsvBron(tekst, _scheidingsteken(tekst))
    else:
        bron = excel_bron(inhoud)
    kop_nummer, indeling, aantal = _tel(bron, max_regels, opmerkingen)
    return Inhoud(soort, aantal, opmerkingen, bron, kop_nummer, indeling, instellingscode)


def _soort(naam, inhoud):
    extensie = _extensie(naam)
    if extensie not in EXTENSIES:
        raise _onleesbaar(SOORT)
    if not inhoud:
        raise _onleesbaar(LEEG)
    if inhoud.startswith(OLE2):
        return "xls"
    if inhoud.startswith(ZIP):
        return "xlsx"
    if EXTENSIES[extensie] != "csv":
        raise _onleesbaar(GEEN_EXCEL)
    if inhoud.lstrip().startswith(BINAIR):
        raise _onleesbaar(SOORT)
    return "csv"


def _tel(bron, max_regels, opmerkingen):
    """(row number of the header, its columns, number of non-empty rows after it, the
    template's example row not counted). Stops at max_regels + 1 rows: a file of a million
    rows is refused after reading 100,001."""
    kop_nummer, indeling, aantal, voorbeeld = 0, None, 0, False
    with closing(bron.rijen()) as rijen:
        for nummer, cellen in enumerate(rijen, start=1):
            if _leeg(cellen):
                continue
            if indeling is None:
                kop_nummer, indeling = nummer, _indeling(cellen)
                continue
            if _is_voorbeeld(cellen, indeling):
                voorbeeld = True
                opmerkingen.append(Fout(BESTAND, VOORBEELD, "", {"nummer": nummer}))
                continue
            aantal += 1
            if aantal > max_regels:
                raise _onleesbaar(TE_VEEL, maximum=max_regels)
    if indeling is None:
        raise _onleesbaar(LEEG)
    if aantal == 0:
        raise _onleesbaar(ALLEEN_VOORBEELD if voorbeeld else ALLEEN_KOP)
    return kop_nummer, indeling, aantal


def _opsomming(namen, hoogstens=10):
    tekst = ", ".join(f'"{naam[:40]}"' for naam in namen[:hoogstens])
    return tekst + (", …" if len(namen) > hoogstens else "")


def _indeling(cellen):
    """The veld of each column of the header row (None: a column without a header, whose
    values each row checks); raises Onleesbaar with every problem of the header at once."""
    koppen = [_tekst(cel) for cel in cellen]
    while koppen and not koppen[-1]:
        koppen.pop()
    indeling: list[str | None] = []
    onbekend: list[str] = []
    dubbel: list[str] = []
    for kop in koppen:
        veld = _KOPPEN.get(_norm(kop)) if kop else None
        if kop and veld is None:
            onbekend.append(kop)
        elif veld is not None and veld in indeling:
            if kop_van(veld) not in dubbel:
                dubbel.append(kop_van(veld))
            veld = None
        indeling.append(veld)
    bekend = set(indeling) - {None}
    alle = ", ".join(kolom.kop for kolom in KOLOMMEN)
    if not bekend:
        raise _onleesbaar(GEEN_KOPPEN, kolommen=_opsomming(onbekend), koppen=alle)
    fouten = []
    if onbekend:
        fouten.append(Fout(BESTAND, ONBEKEND, "", {"kolommen": _opsomming(onbekend),
                                                   "koppen": alle}))
    if dubbel:
        fouten.append(Fout(BESTAND, DUBBEL, "", {"kolommen": _opsomming(dubbel)}))
    if "datum_inschrijving" not in bekend:
        fouten.append(Fout(BESTAND, ZONDER_DATUM))
    if not bekend & set(PERSOON_VELDEN):
        fouten.append(Fout(BESTAND, ZONDER_PERSOON))
    if fouten:
        raise Onleesbaar(fouten)
    return indeling


# ---------------------------------------------------------------- values

def _tekst(waarde):
    """A cell's value as the text the form would have had: Excel's numbers without ".0",
    dates as DD-MM-JJJJ, spaces trimmed."""
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        return waarde.strip()
    if isinstance(waarde, bool):
        return "1" if waarde else "0"
    if isinstance(waarde, int):
        return str(waarde)
    if isinstance(waarde, float):
        return str(int(waarde)) if waarde.is_integer() else repr(waarde)
    if isinstance(waarde, datetime.datetime) and waarde.time() != datetime.time():
        return waarde.strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, datetime.date):
        return waarde.strftime("%d-%m-%Y")
    return str(waarde).strip()


def _leeg(cellen):
    return all(not _tekst(cel) for cel in cellen)


def _nummer(waarde, veld):
    tekst = _tekst(waarde)
    cijfers = _CIJFERS.get(veld)
    if cijfers and isinstance(waarde, int | float) and not isinstance(waarde, bool) \
            and tekst.isdigit():
        return tekst.zfill(cijfers)
    return tekst


def lees_datum(tekst: str, gedeeltelijk: bool = False) -> datetime.date | DeelDatum | None:
    """DD-MM-JJJJ, D-M-JJJJ or JJJJ-MM-DD (also with / or .) to a date; with `gedeeltelijk`
    (geboortedatum, R-INS-05) also MM-JJJJ and JJJJ, to a DeelDatum. None when empty;
    raises GeenDatum when it is no date."""
    tekst = (tekst or "").strip()
    if not tekst:
        return None
    if tijd := _TIJD.fullmatch(tekst):  # "2026-08-01 00:00:00" from a database export
        tekst = tijd.group(1)
    delen = re.split(r"[-/.]", tekst)
    if not all(deel.strip() for deel in delen):
        raise GeenDatum
    jaar_eerst = len(delen[0].strip()) == 4
    if len(delen) == 3:
        jaar, maand, dag = delen if jaar_eerst else delen[::-1]
        return uit_delen(dag, maand, jaar, gedeeltelijk=gedeeltelijk)
    if gedeeltelijk and len(delen) == 2:
        jaar, maand = delen if jaar_eerst else delen[::-1]
        return uit_delen("", maand, jaar, gedeeltelijk=True)
    if gedeeltelijk and len(delen) == 1:
        return uit_delen("", "", tekst, gedeeltelijk=True)
    raise GeenDatum


def _datum(waarde, veld, regel, fouten, gedeeltelijk=False):
    """A date column's value, or None with a Fout when it is no date (R-INS-02/03/05)."""
    if isinstance(waarde, datetime.datetime):
        waarde = waarde.date()
    if isinstance(waarde, datetime.date):
        return DeelDatum(waarde.year, waarde.month, waarde.day) if gedeeltelijk else waarde
    tekst = _tekst(waarde)
    try:
        return lees_datum(tekst, gedeeltelijk)
    except GeenDatum:
        melding = GEEN_GEBOORTEDATUM if gedeeltelijk else GEEN_DATUM
        fouten.append(Fout(veld, melding, regel, {"waarde": tekst[:40]}))
        return None


def _regel(nummer, cellen, indeling, instellingscode):
    fouten: list[Fout] = []
    ruw: dict[str, Any] = {}
    for index, cel in enumerate(cellen):
        veld = indeling[index] if index < len(indeling) else None
        if veld is not None:
            ruw[veld] = cel
        elif _tekst(cel) and not any(f.veld == BESTAND for f in fouten):
            fouten.append(Fout(BESTAND, TE_VEEL_WAARDEN, "", {"kolom": index + 1}))
    waarden = {veld: _nummer(ruw.get(veld), veld) for veld in _PER_VELD}
    buitenland = any(waarden[veld] for veld in BUITENLAND_VELDEN)
    adres = Adres(soort="buitenland" if buitenland else "binnenland",
                  **{veld: waarden[veld] for veld in ADRES_VELDEN})
    persoon = PersoonInvoer(
        variant="met" if waarden["bsn"] or waarden["onderwijsnummer"] else "zonder",
        bsn=waarden["bsn"], onderwijsnummer=waarden["onderwijsnummer"],
        geslacht=_GESLACHTEN.get(waarden["geslacht"].lower(), waarden["geslacht"]),
        geboortedatum=_datum(ruw.get("geboortedatum"), "geboortedatum", "R-INS-05", fouten,
                             gedeeltelijk=True),
        achternaam=waarden["achternaam"], voorvoegsels=waarden["voorvoegsels"],
        voornamen=waarden["voornamen"], adres=adres)
    invoer = InschrijvingInvoer(
        instellingscode=(waarden["instellingscode"] or instellingscode or "").strip().upper(),
        datum_inschrijving=_datum(ruw.get("datum_inschrijving"), "datum_inschrijving",
                                  "R-INS-02", fouten),
        datum_uitschrijving=_datum(ruw.get("datum_uitschrijving"), "datum_uitschrijving",
                                   "R-INS-03", fouten),
        persoon=persoon)
    return Regel(nummer, invoer, fouten, {veld: waarden[veld] for veld in ruw},
                 _resultaat(waarden, ruw, fouten))


def _resultaat(waarden, ruw, fouten):
    """The row's result, when its columns say one; checked as typed, so a row with a wrong
    one stores nothing."""
    if not any(waarden[veld] for veld in RESULTAAT_VELDEN):
        return None
    datum = _datum(ruw.get("datum_diploma"), "datum_diploma", "", fouten)
    if not waarden["diploma"]:
        fouten.append(Fout("diploma", GEEN_DIPLOMA))
    if datum is None and not any(f.veld == "datum_diploma" for f in fouten):
        fouten.append(Fout("datum_diploma", GEEN_DATUM_DIPLOMA))
    startkwalificatie = _JA_NEE.get(waarden["startkwalificatie"].lower() or "nee")
    if startkwalificatie is None:
        fouten.append(Fout("startkwalificatie", GEEN_JA_NEE, "",
                           {"waarde": waarden["startkwalificatie"][:20]}))
    if not waarden["diploma"] or datum is None or startkwalificatie is None:
        return None
    return Resultaat(waarden["diploma"], datum, startkwalificatie)


# ---------------------------------------------------------------- CSV

def _decodeer(inhoud, opmerkingen):
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; else Windows-1252, said in an
    opmerking: a file is never read in a guessed encoding without telling."""
    if inhoud.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            tekst = inhoud.decode("utf-16")
        except UnicodeDecodeError:
            raise _onleesbaar(GEEN_TEKST) from None
        opmerkingen.append(Fout(BESTAND, UTF16))
    elif b"\x00" in inhoud:
        raise _onleesbaar(GEEN_TEKST)
    else:
        try:
            tekst = inhoud.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                tekst = inhoud.decode("cp1252")
            except UnicodeDecodeError:  # 81, 8D, 8F, 90, 9D: no character in Windows-1252
                raise _onleesbaar(GEEN_TEKST) from None
            opmerkingen.append(Fout(BESTAND, CP1252))
    if "\x00" in tekst:
        raise _onleesbaar(GEEN_TEKST)
    if verminkt := _VERMINKT.search(tekst):
        opmerkingen.append(Fout(BESTAND, VERMINKT, "", {"voorbeeld": verminkt.group()}))
    return tekst


def _tekstregels(tekst):
    """The lines of `tekst`, each with its own line end (\\r\\n, \\n or \\r), one at a time:
    no list of a million lines."""
    return (gevonden.group() for gevonden in _REGEL.finditer(tekst))


def _scheidingsteken(tekst):
    """The separator that splits the header line into the most known column headers."""
    kop = next((regel for regel in _tekstregels(tekst) if any(ch.isalnum() for ch in regel)),
               "")
    beste, meeste = SCHEIDINGSTEKENS[0], -1
    for teken in SCHEIDINGSTEKENS:
        try:
            cellen = next(csv.reader([kop], delimiter=teken), [])
        except csv.Error:
            continue
        bekend = sum(_norm(cel) in _KOPPEN for cel in cellen)
        if bekend > meeste:
            beste, meeste = teken, bekend
    return beste


class _CsvBron:
    def __init__(self, tekst, scheidingsteken):
        self.tekst = tekst
        self.scheidingsteken = scheidingsteken

    def rijen(self):
        lezer = csv.reader(_tekstregels(self.tekst), delimiter=self.scheidingsteken)
        nummer = 0
        while True:
            try:
                rij = next(lezer)
            except StopIteration:
                return
            except csv.Error:  # an unclosed quote swallows the rest, up to the field limit
                raise _onleesbaar(CSV_FOUT, nummer=nummer + 1) from None
            nummer += 1
            yield rij


# ---------------------------------------------------------------- Excel (.xlsx)

def _aantal_onderdelen(inhoud):
    """The number of parts the zip's end record announces, read before zipfile builds an
    object for each of them; None when there is no end record (zipfile will say)."""
    begin = inhoud.rfind(b"PK\x05\x06", max(0, len(inhoud) - 22 - 0xFFFF))
    if begin < 0 or begin + 22 > len(inhoud):
        return None
    return struct.unpack_from("<H", inhoud, begin + 10)[0]  # 0xFFFF: zip64, so very many


def _gevaarlijk_pad(naam):
    delen = _PADDELEN.split(naam)
    return bool(naam.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", naam) or ".." in delen)


def _controleer_zip(inhoud):
    """The zip's own directory, checked before anything is unpacked: zipfile never unpacks
    a part beyond the size the directory gives, so these sizes bound what openpyxl reads."""
    aantal = _aantal_onderdelen(inhoud)
    if aantal is not None and aantal > MAX_ONDERDELEN:
        raise _onleesbaar(VREEMDE_ONDERDELEN)
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            onderdelen = archief.infolist()
    except Exception:  # BadZipFile, and whatever else a broken directory raises
        raise _onleesbaar(GEEN_EXCEL) from None
    if len(onderdelen) > MAX_ONDERDELEN or any(_gevaarlijk_pad(o.filename) for o in onderdelen):
        raise _onleesbaar(VREEMDE_ONDERDELEN)
    maximum = MAX_UITGEPAKT // (1024 * 1024)
    if sum(o.file_size for o in onderdelen) > MAX_UITGEPAKT:
        raise _onleesbaar(TE_GROOT_UITGEPAKT, maximum=maximum)
    for onderdeel in onderdelen:
        if (onderdeel.file_size > VERHOUDING_VANAF
                and onderdeel.file_size > MAX_VERHOUDING * max(onderdeel.compress_size, 1)):
            raise _onleesbaar(TE_GROOT_UITGEPAKT, maximum=maximum)


def excel_bron(inhoud: bytes) -> _Bron:
    """The rows of an Excel file, .xlsx or .xls by what it holds (not its name), an
    .xlsx's zip checked before anything is unpacked; Onleesbaar for anything else."""
    if inhoud.startswith(OLE2):
        return _XlsBron(inhoud)
    if inhoud.startswith(ZIP):
        _controleer_zip(inhoud)
        return _XlsxBron(inhoud)
    raise _onleesbaar(GEEN_EXCEL)


def _eerste_zichtbare(boek):
    for blad in boek.worksheets:
        if getattr(blad, "sheet_state", "visible") == "visible":
            return blad
    raise _onleesbaar(GEEN_WERKBLAD)


class _XlsxBron:
    def __init__(self, inhoud):
        self.inhoud = inhoud

    def rijen(self):
        try:
            boek = openpyxl.load_workbook(io.BytesIO(self.inhoud), read_only=True,
                                          data_only=True, keep_links=False)
        except Exception:
            raise _onleesbaar(GEEN_EXCEL) from None
        try:
            blad = _eerste_zichtbare(boek)
            # The size the sheet claims (Excel may say A1:V1048576 for 3 rows) is dropped:
            # rows are read as the sheet holds them, not padded or filled up to that size.
            blad.reset_dimensions()
            rijen = blad.iter_rows(values_only=True)
            while True:
                try:
                    rij = next(rijen)
                except StopIteration:
                    return
                except Exception:  # broken XML halfway through the sheet
                    raise _onleesbaar(GEEN_EXCEL) from None
                yield list(rij)
        finally:
            boek.close()


# ---------------------------------------------------------------- Excel 97-2003 (.xls)

def _xls_waarde(soort, waarde, datemode):
    """An xlrd cell's value as openpyxl would give it: a date cell is a float of days in
    the file's date system, an error cell a code."""
    if soort in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if soort == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(waarde, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return waarde
    if soort == xlrd.XL_CELL_BOOLEAN:
        return bool(waarde)
    if soort == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(waarde, "#ERR")
    return waarde


def _xls_rijen(blad, datemode):
    for index in range(blad.nrows):
        yield [_xls_waarde(cel.ctype, cel.value, datemode) for cel in blad.row(index)]


def _eerste_zichtbare_xls(boek):
    for index in range(boek.nsheets):
        blad = boek.sheet_by_index(index)
        if blad.visibility == 0:
            return blad
        boek.unload_sheet(index)
    raise _onleesbaar(GEEN_WERKBLAD)


class _XlsBron:
    def __init__(self, inhoud):
        self.inhoud = inhoud

    def rijen(self):
        try:
            boek = xlrd.open_workbook(file_contents=self.inhoud, on_demand=True,
                                      logfile=io.StringIO())
            blad = _eerste_zichtbare_xls(boek)
        except Onleesbaar:
            raise
        except Exception:  # not BIFF, encrypted, a Word file, a broken one
            raise _onleesbaar(GEEN_EXCEL) from None
        try:
            yield from _xls_rijen(blad, boek.datemode)
        finally:
            boek.release_resources()


# ---------------------------------------------------------------- templates

def sjabloon_csv(variant: str) -> bytes:
    """The CSV template of a variant: header and one example row, `;` separated, UTF-8
    with a BOM (without it Excel reads the file as ANSI)."""
    kolommen = sjabloon_kolommen(variant)
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([kolom.kop for kolom in kolommen])
    schrijver.writerow([kolom.voorbeeld.get(variant, "") for kolom in kolommen])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def sjabloon_xlsx(variant: str, landcodes: list[str]) -> bytes:
    """The Excel template of a variant: header (bold, frozen), one example row, lists to
    choose Geslacht and Landcode from, and every column formatted as text, so Excel keeps
    01-08-2026 and the leading zero of a BSN as typed."""
    kolommen = sjabloon_kolommen(variant)
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.title = "Inschrijvingen"
    blad.append([kolom.kop for kolom in kolommen])
    blad.append([kolom.voorbeeld.get(variant, "") for kolom in kolommen])
    blad.freeze_panes = "A2"
    vet = Font(bold=True)
    laatste = MAX_REGELS + 1
    for index, kolom in enumerate(kolommen, start=1):
        letter = get_column_letter(index)
        blad.cell(row=1, column=index).font = vet
        blad.cell(row=2, column=index).number_format = "@"
        blad.column_dimensions[letter].width = max(
            len(kolom.kop), len(kolom.voorbeeld.get(variant, ""))) + 4
        blad.column_dimensions[letter].number_format = "@"
        bereik = f"{letter}2:{letter}{laatste}"
        if kolom.veld == "geslacht":
            lijst = DataValidation(type="list", formula1='"M,V,O"', allow_blank=True,
                                   showErrorMessage=True, error="Kies M, V of O.")
            lijst.add(bereik)
            blad.add_data_validation(lijst)
        elif kolom.veld == "landcode" and landcodes:
            lijst = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                                   formula1=f"Landcodes!$A$2:$A${len(landcodes) + 1}",
                                   error="Kies een landcode uit het werkblad Landcodes.")
            lijst.add(bereik)
            blad.add_data_validation(lijst)
    if "landcode" in {kolom.veld for kolom in kolommen}:
        codes = boek.create_sheet("Landcodes")
        codes.append([kop_van("landcode")])
        codes["A1"].font = vet
        codes.column_dimensions["A"].number_format = "@"
        for code in landcodes:
            codes.append([str(code)])
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
