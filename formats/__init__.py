"""Files that cross the register's border, read and written (DESIGN §3): enrolment files
in, tables out. Pure Python: no Flask and no database, so a page, a job and a test use them
alike, and what a file holds is checked here before any of it reaches the domain."""
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from domain.fouten import Fout

BESTAND = "bestand"  # the veld of a Fout about the file as a whole, not one field


class Onleesbaar(Exception):
    """A file that cannot be read as a whole (not a type we read, empty, a column we do not
    know, too large): none of its rows is processed. `fouten` says what is wrong and how to
    fix it, as Dutch msgids with their params, like `Ongeldig`."""

    def __init__(self, fouten: Iterable[Fout]):
        self.fouten = list(fouten)
        super().__init__("; ".join(f.melding for f in self.fouten))


BLOK = 64 * 1024


def blokken(bestand: IO[bytes]) -> Iterator[bytes]:
    """A file written to the end, from its start in blocks of BLOK bytes: a streamed answer
    that never holds the whole file in memory."""
    bestand.seek(0)
    while blok := bestand.read(BLOK):
        yield blok


def zip_stroom(bestanden: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """(name, bytes) pairs as one zip, built in a temporary file one file at a time, then
    streamed: a selection of many files is never in memory at once. A name that occurs
    twice gets a number in front."""
    with tempfile.TemporaryFile() as doel:
        with zipfile.ZipFile(doel, "w", zipfile.ZIP_DEFLATED) as archief:
            namen: set[str] = set()
            for i, (naam, inhoud) in enumerate(bestanden, start=1):
                uniek = naam if naam not in namen else f"{i}-{naam}"
                namen.add(uniek)
                archief.writestr(uniek, inhoud)
        yield from blokken(doel)
