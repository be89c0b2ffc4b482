"""Files that cross the register's border, read and written (DESIGN §3): enrolment files
in, tables out. Pure Python: no Flask and no database, so a page, a job and a test use them
alike, and what a file holds is checked here before any of it reaches the domain."""
from collections.abc import Iterable

from domain.fouten import Fout

BESTAND = "bestand"  # the veld of a Fout about the file as a whole, not one field


class Onleesbaar(Exception):
    """A file that cannot be read as a whole (not a type we read, empty, a column we do not
    know, too large): none of its rows is processed. `fouten` says what is wrong and how to
    fix it, as Dutch msgids with their params, like `Ongeldig`."""

    def __init__(self, fouten: Iterable[Fout]):
        self.fouten = list(fouten)
        super().__init__("; ".join(f.melding for f in self.fouten))
