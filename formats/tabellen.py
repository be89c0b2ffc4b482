"""Tables out, as CSV or Excel: the registratieoverzicht (20,000 rows and more) and the
reports per row. Rows come from an iterator and leave in blocks, so a table is never in
memory as a whole; every value is text, and none becomes a formula in a spreadsheet."""
import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from domain.datums import DeelDatum

from . import BLOK

# A cell starting with one of these is a formula to Excel or LibreOffice, also in a CSV
# file (OWASP, CSV injection): "=HYPERLINK(...)" in a name must stay a name.
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
MAX_CEL = 32_767  # the most characters an Excel cell holds
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def tekst(waarde: Any) -> str:
    """A value as the text a table shows: dates as DD-MM-JJJJ (a partial date as MM-JJJJ
    or JJJJ), None as empty."""
    if type(waarde) is datetime.date:
        # First, and not strftime nor an f-string: a registratieoverzicht writes three
        # dates a row, 60,000 a file, and this is the quickest.
        return "%02d-%02d-%04d" % (waarde.day, waarde.month, waarde.year)  # noqa: UP031
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%d-%m-%Y %H:%M:%S")
    if isinstance(waarde, datetime.date):
        return tekst(datetime.date(waarde.year, waarde.month, waarde.day))
    if isinstance(waarde, DeelDatum):
        if waarde.precisie == "J":
            return f"{waarde.jaar:04d}"
        if waarde.precisie == "M":
            return f"{waarde.maand:02d}-{waarde.jaar:04d}"
        return tekst(waarde.eerste_dag)
    return str(waarde)


def veilig(waarde: Any) -> str:
    """`tekst` for a CSV file: a text that a spreadsheet would run as a formula gets a
    leading `'`, which shows it as text."""
    if isinstance(waarde, str):  # most cells: straight to the formula check
        return "'" + waarde if waarde.startswith(FORMULE_TEKENS) else waarde
    return tekst(waarde)


class _Regels(list):
    """What a csv.writer writes, kept as its lines until taken."""

    write = list.append


def csv_stroom(koppen: Iterable[Any], rijen: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """A CSV file in blocks of about BLOK bytes: UTF-8 with a BOM (so Excel reads it as
    UTF-8), `;` separated (Excel in NL), lines ending in CRLF. The lines wait in a list,
    not a growing buffer: a block's memory whatever the rows hold."""
    regels = _Regels()
    schrijver = csv.writer(regels, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([veilig(kop) for kop in koppen])
    blok = codecs.BOM_UTF8
    for rij in rijen:
        # `veilig` inline for the plain text and the empty cells most of them are: an
        # overview has 200,000.
        schrijver.writerow([w if type(w) is str and not w.startswith(FORMULE_TEKENS)
                            else "" if w is None else veilig(w) for w in rij])
        if len(regels) >= 500:
            blok += "".join(regels).encode("utf-8")
            regels.clear()
            if len(blok) >= BLOK:
                yield blok
                blok = b""
    blok += "".join(regels).encode("utf-8")
    if blok:
        yield blok


def csv_rijen(blokken: Iterable[bytes]) -> Iterator[list[str]]:
    """The rows of a CSV file `csv_stroom` wrote, read from its blocks as they come: a
    stored file made into another format without being in memory whole."""
    return csv.reader(_regels(codecs.iterdecode(blokken, "utf-8-sig")), delimiter=";")


def _regels(stukken: Iterable[str]) -> Iterator[str]:
    rest = ""
    for stuk in stukken:
        *hele, rest = (rest + stuk).split("\n")
        for regel in hele:
            yield regel + "\n"
    if rest:
        yield rest


# The parts of an .xlsx besides its sheet (ECMA-376, the SpreadsheetML package): one sheet,
# two cell styles (0 plain, 1 bold for the header).
_HOOFD = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PAKKET = "http://schemas.openxmlformats.org/package/2006"
_DELEN = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PAKKET}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PAKKET}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PAKKET}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_HOOFD}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/>'
        '</font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/>'
        '<xf fontId="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
        'xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class _Uitvoer(io.RawIOBase):
    """What the zip writes to: kept until taken, never seekable, so zipfile streams (a data
    descriptor after each part) and nothing waits for the end of the file."""

    def __init__(self) -> None:
        self.deel = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.deel += data
        return len(data)

    def blokken(self, alles: bool = False) -> Iterator[bytes]:
        """What was written, in blocks of BLOK bytes; a rest smaller than that stays
        unless `alles`."""
        while len(self.deel) >= BLOK or (alles and self.deel):
            yield bytes(self.deel[:BLOK])
            del self.deel[:BLOK]


def _xml_tekst(t: str) -> str:
    """A cell's text as the escaped text of an XML element: characters XML cannot hold are
    left out, and no cell gets more than Excel holds."""
    t = ILLEGAL_CHARACTERS_RE.sub("", t)[:MAX_CEL]
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rij_xml(nummer: int, rij: Iterable[Any], stijl: str = "") -> str:
    """A row of text cells, inline strings: never a formula, whatever they start with.
    Cells go in order without a reference, an empty value as an empty text. One join a
    row, the checks on the row's text at once and the cells one by one only when one of
    them needs it: an overview of 20,000 rows has 200,000 cells, nearly all plain."""
    cellen = [w if type(w) is str else "" if w is None else tekst(w) for w in rij]
    samen = "".join(cellen)
    if (len(samen) > MAX_CEL or ILLEGAL_CHARACTERS_RE.search(samen)
            or "&" in samen or "<" in samen or ">" in samen):
        cellen = [_xml_tekst(t) for t in cellen]
    cel = f'<c{stijl} t="inlineStr"><is><t>'
    return f'<row r="{nummer}">{cel}{("</t></is></c>" + cel).join(cellen)}</t></is></c></row>'


def xlsx_stroom(koppen: Iterable[Any], rijen: Iterable[Iterable[Any]],
                titel: str = "Overzicht") -> Iterator[bytes]:
    """An Excel file (.xlsx) in blocks of about BLOK bytes, written as the rows come: one
    sheet named `titel`, the header bold and frozen, every value a text cell. The zip
    streams, so neither memory nor disk holds the whole file. Written by hand, not by
    openpyxl: an overview of 20,000 rows took openpyxl's write-only mode 15 times as long as
    the same rows as CSV, and XlsxWriter's 8 times (docs/benchmarks.md); the few parts of
    the package are fixed text, and openpyxl reads every file back in the tests."""
    koppen = list(koppen)
    uit = _Uitvoer()
    # Level 1: a sheet of names and dates compresses well at any level, and faster here.
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archief:
        for naam, inhoud in _DELEN.items():
            archief.writestr(naam, _XML + inhoud)
        archief.writestr("xl/workbook.xml", _XML + (
            f'<workbook xmlns="{_HOOFD}" xmlns:r="{_REL}"><sheets><sheet '
            f'name="{_xml_tekst(titel[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        with archief.open("xl/worksheets/sheet1.xml", "w") as blad:
            blad.write((_XML + f'<worksheet xmlns="{_HOOFD}"><sheetViews><sheetView '
                        'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                        '<sheetData>' + _rij_xml(1, koppen, ' s="1"')).encode())
            deel = []
            for nummer, rij in enumerate(rijen, start=2):
                deel.append(_rij_xml(nummer, rij))
                if len(deel) == 500:
                    blad.write("".join(deel).encode())
                    deel = []
                    yield from uit.blokken()
            blad.write(("".join(deel) + "</sheetData></worksheet>").encode())
    yield from uit.blokken(alles=True)


def stroom(ext: str, koppen: Iterable[Any], rijen: Iterable[Iterable[Any]],
           titel: str = "Overzicht") -> Iterator[bytes]:
    """The table as a file of type `ext` (a key of MIMETYPES), in blocks."""
    return csv_stroom(koppen, rijen) if ext == "csv" else xlsx_stroom(koppen, rijen, titel)
