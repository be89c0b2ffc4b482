"""Tables out, as CSV or Excel: the registratieoverzicht (20,000 rows and more) and the
reports per row. Rows come from an iterator and leave in blocks, so a table is never in
memory as a whole; every value is text, and none becomes a formula in a spreadsheet."""
import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from domain.datums import DeelDatum

from . import BLOK, blokken

# A cell starting with one of these is a formula to Excel or LibreOffice, also in a CSV
# file (OWASP, CSV injection): "=HYPERLINK(...)" in a name must stay a name.
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
MAX_CEL = 32_767  # the most characters an Excel cell holds


def tekst(waarde: Any) -> str:
    """A value as the text a table shows: dates as DD-MM-JJJJ (a partial date as MM-JJJJ
    or JJJJ), None as empty."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%d-%m-%Y %H:%M:%S")
    if isinstance(waarde, datetime.date):
        # Not strftime: a registratieoverzicht writes two dates a row, 40,000 a file.
        return f"{waarde.day:02d}-{waarde.month:02d}-{waarde.year:04d}"
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


def csv_stroom(koppen: Iterable[Any], rijen: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """A CSV file in blocks of about BLOK bytes: UTF-8 with a BOM (so Excel reads it as
    UTF-8), `;` separated (Excel in NL), lines ending in CRLF."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    schrijver.writerow([veilig(kop) for kop in koppen])
    for rij in rijen:
        schrijver.writerow([veilig(waarde) for waarde in rij])
        if buffer.tell() >= BLOK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _cel(blad, waarde, font=None):
    """A text cell whatever the value: openpyxl makes a formula of a string starting with
    "=", so the type is set after. Characters XML cannot hold are left out."""
    cel = WriteOnlyCell(blad, value=ILLEGAL_CHARACTERS_RE.sub("", tekst(waarde))[:MAX_CEL])
    cel.data_type = "s"
    if font is not None:
        cel.font = font
    return cel


def xlsx_schrijf(koppen: Iterable[Any], rijen: Iterable[Iterable[Any]], doel: IO[bytes],
                 titel: str = "Overzicht") -> None:
    """An Excel file to `doel` (a writable binary file): one sheet, header bold and frozen,
    every value a text cell. openpyxl's write-only mode keeps the rows in a temporary file,
    not in memory."""
    boek = Workbook(write_only=True)
    blad = boek.create_sheet(titel)
    blad.freeze_panes = "A2"
    vet = Font(bold=True)
    blad.append([_cel(blad, kop, vet) for kop in koppen])
    for rij in rijen:
        blad.append([_cel(blad, waarde) for waarde in rij])
    boek.save(doel)


def xlsx_stroom(koppen: Iterable[Any], rijen: Iterable[Iterable[Any]],
                titel: str = "Overzicht") -> Iterator[bytes]:
    """`xlsx_schrijf` to a temporary file, then that file in blocks of BLOK bytes (a zip is
    only complete at its end, so the first block comes after the last row)."""
    with tempfile.TemporaryFile() as doel:
        xlsx_schrijf(koppen, rijen, doel, titel)
        yield from blokken(doel)
