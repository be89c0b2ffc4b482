"""The koppeling file (seed 002, R-LEV-04): the Excel file "Koppelen gegevens" in which a
gemeente or Doorstroompunt-regio lists pupils whose BSN and onderwijsnummer it knows, to
have them linked, and asks questions about a pupil in the column "Opmerking
Gemeente/Regio". Its name: `JJJJMMDD` + `R` or `G` + the 4-digit code + `.koci.xls` or
`.koci.xlsx`. The register answers in the same file: every row as sent, with the columns
"Resultaat koppeling" and "Antwoord" filled in.

No database here: whether the code is the user's, and what the numbers are, is the
domain's to say (domain/koppeling.py)."""
import datetime
import enum
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from domain import nummers
from domain.fouten import N_, Fout

from . import BESTAND, Onleesbaar, tabellen
from .inschrijvingen import GEEN_EXCEL as GEEN_EXCEL_INSCHRIJVINGEN
from .inschrijvingen import excel_bron, veilige_naam
from .verzoeken import Gebied, datum_en_code

REGEL = "R-LEV-04"
MAX_GROOTTE = 5 * 1024 * 1024  # bytes: 10,000 rows of a few columns take a tenth of this
MAX_RIJEN = 10_000
KOP_ZOEKEN = 10  # the header is one of the first rows (a title may come before it)
MAX_OPMERKING = 2000  # characters of a question kept

BSN, ONDERWIJSNUMMER, ACHTERNAAM, GEBOORTEDATUM, OPMERKING = (
    "BSN", "Onderwijsnummer", "Achternaam", "Geboortedatum", "Opmerking Gemeente/Regio")
RESULTAAT, ANTWOORD = "Resultaat koppeling", "Antwoord"
# The template's columns in order; the register fills the last two.
KOLOMMEN = (BSN, ONDERWIJSNUMMER, ACHTERNAAM, GEBOORTEDATUM, OPMERKING, RESULTAAT, ANTWOORD)
VOORBEELD = "20180925G1234.koci.xlsx"
TITEL = "Koppelen gegevens"

OPBOUW = N_("De bestandsnaam moet zo zijn opgebouwd: de datum als jaar, maand, dag "
            "(JJJJMMDD), R voor een Doorstroompunt-regio of G voor een gemeente, uw code van "
            "4 cijfers, en .koci.xls of .koci.xlsx. Bijvoorbeeld %(voorbeeld)s.")
KLEINE_LETTERS = N_("Schrijf de letter R of G in de bestandsnaam als hoofdletter (dus "
                    "%(goed)s).")
GEEN_EXCEL = N_("Een koppelbestand is een Excel-bestand (.xls of .xlsx). Vul het Excel-bestand "
                "Koppelen gegevens in en verstuur het opnieuw.")
TE_GROOT = N_("Het bestand is groter dan %(maximum)s MB. Verdeel de leerlingen over "
              "kleinere bestanden en verstuur die na elkaar.")
TE_VEEL = N_("Het bestand bevat meer dan %(maximum)s regels. Verdeel de leerlingen over "
             "bestanden van hoogstens %(maximum)s regels en verstuur die na elkaar.")
GEEN_KOPPEN = N_("Het bestand heeft geen kolommen BSN en Onderwijsnummer. Gebruik het "
                 "Excel-bestand Koppelen gegevens en laat de kolomkoppen staan.")
GEEN_REGELS = N_("Het bestand bevat geen leerlingen. Vul onder de kolomkoppen per leerling "
                 "een regel in en verstuur het bestand opnieuw.")
GEEN_BSN = N_("%(tekst)s is geen geldig BSN.")
GEEN_ONDERWIJSNUMMER = N_("%(tekst)s is geen geldig onderwijsnummer. Een onderwijsnummer heeft "
                          "9 cijfers en begint met 10.")
BEIDE = N_("Vul het BSN en het onderwijsnummer van de leerling in. Hebt u een vraag over de "
           "leerling, zet die dan in de kolom Opmerking Gemeente/Regio.")
VRAAG_ZONDER_NUMMER = N_("Vul bij uw vraag het BSN of het onderwijsnummer van de leerling in.")


class Soort(enum.StrEnum):
    """What a row asks for."""

    KOPPELING = "koppeling"  # both numbers: link them (a question may come with it)
    VRAAG = "vraag"  # a question about the pupil of one number
    FOUT = "fout"  # neither: the row says why (`fouten`)


@dataclass(frozen=True)
class Rij:
    nummer: int  # the row's number as Excel shows it
    soort: Soort
    bsn: str = ""
    onderwijsnummer: str = ""
    opmerking: str = ""
    fouten: tuple[Fout, ...] = ()

    @property
    def leerling(self) -> str:
        """Whom the row names, for the file's page."""
        return self.bsn or self.onderwijsnummer


@dataclass(frozen=True)
class Naam:
    peildatum: datetime.date
    gebied: Gebied
    code: str
    xls: bool


_NAAM = re.compile(r"(?P<datum>\d{8})(?P<gebied>[RG])(?P<code>\d{1,4})\.koci\.(?P<ext>xlsx?)",
                   re.IGNORECASE)


def lees_naam(bestandsnaam: str, vandaag: datetime.date) -> Naam:
    """The name of a koppeling file, read; Onleesbaar with every problem of it at once."""
    naam = veilige_naam(bestandsnaam)
    gevonden = _NAAM.fullmatch(naam)
    if not gevonden:
        if not naam.lower().endswith((".xls", ".xlsx")):
            raise Onleesbaar([_fout(GEEN_EXCEL)])
        raise Onleesbaar([_fout(OPBOUW, voorbeeld=VOORBEELD)])
    delen = gevonden.groupdict()
    goed = (f"{delen['datum']}{delen['gebied'].upper()}{delen['code'].zfill(4)}"
            f".koci.{delen['ext'].lower()}")
    fouten = [] if delen["gebied"].isupper() else [_fout(KLEINE_LETTERS, goed=goed)]
    peildatum = datum_en_code(delen, goed, vandaag, fouten, REGEL)
    if fouten or peildatum is None:
        raise Onleesbaar(fouten)
    return Naam(peildatum, Gebied(delen["gebied"]), delen["code"],
                delen["ext"].lower() == "xls")


def _fout(melding, **params):
    return Fout(BESTAND, melding, REGEL, params)


def _norm(kop: Any) -> str:
    tekst = unicodedata.normalize("NFKC", str(kop or "")).lower()
    return re.sub(r"[^a-z]", "", tekst)


# Headers as people write them: "BSN", "Burgerservicenummer", "OWN", "Opmerking".
_KOPPEN = {"bsn": BSN, "burgerservicenummer": BSN, "onderwijsnummer": ONDERWIJSNUMMER,
           "own": ONDERWIJSNUMMER, "achternaam": ACHTERNAAM, "geboortedatum": GEBOORTEDATUM,
           "opmerkinggemeenteregio": OPMERKING, "opmerking": OPMERKING,
           "resultaatkoppeling": RESULTAAT, "antwoord": ANTWOORD}


@dataclass
class Inhoud:
    """A koppeling file that could be read as a whole. `rijen()` reads it again from the
    start each time; `koppen` is its header row as it is."""

    koppen: list[str]
    aantal: int
    _bron: Any = field(repr=False)
    _kop_nummer: int = 0
    _indeling: dict[str, int] = field(default_factory=dict)

    def rijen(self) -> Iterator[Rij]:
        for nummer, cellen in self._cellen():
            yield _rij(nummer, cellen, self._indeling)

    def _cellen(self) -> Iterator[tuple[int, list[Any]]]:
        with closing(self._bron.rijen()) as rijen:
            for nummer, cellen in enumerate(rijen, start=1):
                if nummer > self._kop_nummer and any(_tekst(c) for c in cellen):
                    yield nummer, cellen

    def beantwoord(self, antwoorden: Callable[[int], tuple[str, str]]) -> Iterator[bytes]:
        """The same file answered, as .xlsx in blocks: the header and every row as sent
        (as text), with "Resultaat koppeling" and "Antwoord" from `antwoorden(nummer)`.
        Every value a text cell: nothing the sender typed becomes a formula."""
        koppen = list(self.koppen)
        plek = {}
        for kolom in (RESULTAAT, ANTWOORD):
            if kolom in self._indeling:
                plek[kolom] = self._indeling[kolom]
            else:
                plek[kolom] = len(koppen)
                koppen.append(kolom)

        def rijen() -> Iterator[list[str]]:
            for nummer, cellen in self._cellen():
                rij = [_tekst(c) for c in cellen] + [""] * max(0, len(koppen) - len(cellen))
                rij[plek[RESULTAAT]], rij[plek[ANTWOORD]] = antwoorden(nummer)
                yield rij
        return tabellen.xlsx_stroom(koppen, rijen(), TITEL)


def lees(inhoud: bytes) -> Inhoud:
    """Read a koppeling file's content as a whole; Onleesbaar when it is not an Excel file
    we can read, is too large, has no BSN and Onderwijsnummer columns or no rows."""
    if len(inhoud) > MAX_GROOTTE:
        raise Onleesbaar([_fout(TE_GROOT, maximum=MAX_GROOTTE // (1024 * 1024))])
    if not inhoud:
        raise Onleesbaar([_fout(GEEN_REGELS)])
    try:
        bron = excel_bron(inhoud)
        kop_nummer, koppen, indeling, aantal = _tel(bron)
    except Onleesbaar as exc:  # the reader's own message speaks of an enrolment file
        if any(f.melding == GEEN_EXCEL_INSCHRIJVINGEN for f in exc.fouten):
            raise Onleesbaar([_fout(GEEN_EXCEL)]) from None
        raise
    return Inhoud(koppen, aantal, bron, kop_nummer, indeling)


def _tel(bron) -> tuple[int, list[str], dict[str, int], int]:
    kop_nummer, koppen, indeling, aantal = 0, [], {}, 0
    with closing(bron.rijen()) as rijen:
        for nummer, cellen in enumerate(rijen, start=1):
            if not kop_nummer:
                gevonden = {_KOPPEN[_norm(c)]: i for i, c in reversed(list(enumerate(cellen)))
                            if _norm(c) in _KOPPEN}
                if BSN in gevonden and ONDERWIJSNUMMER in gevonden:
                    kop_nummer, indeling = nummer, gevonden
                    koppen = [_tekst(c) for c in cellen]
                elif nummer >= KOP_ZOEKEN:
                    raise Onleesbaar([_fout(GEEN_KOPPEN)])
                continue
            if any(_tekst(c) for c in cellen):
                aantal += 1
                if aantal > MAX_RIJEN:
                    raise Onleesbaar([_fout(TE_VEEL, maximum=MAX_RIJEN)])
    if not kop_nummer:
        raise Onleesbaar([_fout(GEEN_KOPPEN)])
    if not aantal:
        raise Onleesbaar([_fout(GEEN_REGELS)])
    return kop_nummer, koppen, indeling, aantal


def _tekst(waarde: Any) -> str:
    """A cell as text: a whole number without ".0", a date as DD-MM-JJJJ."""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    return tabellen.tekst(waarde).strip()


def _nummer(waarde: Any) -> str:
    """A number as typed: Excel drops a BSN's leading zero when the cell is a number."""
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        return _tekst(waarde).zfill(9)
    return nummers.schoon(_tekst(waarde))


def _cel(cellen: list[Any], indeling: dict[str, int], kolom: str) -> Any:
    plek = indeling.get(kolom)
    return cellen[plek] if plek is not None and plek < len(cellen) else None


def _rij(nummer: int, cellen: list[Any], indeling: dict[str, int]) -> Rij:
    bsn = _nummer(_cel(cellen, indeling, BSN))
    onderwijsnummer = _nummer(_cel(cellen, indeling, ONDERWIJSNUMMER))
    opmerking = _tekst(_cel(cellen, indeling, OPMERKING))[:MAX_OPMERKING]
    fouten = []
    if bsn and not nummers.is_bsn(bsn):
        fouten.append(Fout("bsn", GEEN_BSN, REGEL, {"tekst": bsn[:20]}))
    if onderwijsnummer and not nummers.is_onderwijsnummer(onderwijsnummer):
        fouten.append(Fout("onderwijsnummer", GEEN_ONDERWIJSNUMMER, REGEL,
                           {"tekst": onderwijsnummer[:20]}))
    if fouten:
        return Rij(nummer, Soort.FOUT, bsn, onderwijsnummer, opmerking, tuple(fouten))
    if bsn and onderwijsnummer:
        return Rij(nummer, Soort.KOPPELING, bsn, onderwijsnummer, opmerking)
    if opmerking and (bsn or onderwijsnummer):
        return Rij(nummer, Soort.VRAAG, bsn, onderwijsnummer, opmerking)
    melding = VRAAG_ZONDER_NUMMER if opmerking else BEIDE
    return Rij(nummer, Soort.FOUT, bsn, onderwijsnummer, opmerking,
               (Fout("bsn", melding, REGEL),))


def sjabloon() -> bytes:
    """The empty Excel file Koppelen gegevens: its header."""
    return b"".join(tabellen.xlsx_stroom(KOLOMMEN, [], TITEL))


def antwoord_naam(naam: str, antwoorden: bool = False) -> str:
    """The answered file's name: the sent one's with `-resultaat` (the links) or
    `-antwoorden` (the answers to its questions), as .koci.xlsx (an .xls is answered as
    .xlsx): never the name of the sender's own file, which a download would overwrite."""
    naam = veilige_naam(naam)
    stam = re.sub(r"\.koci\.xlsx?$", "", naam, flags=re.IGNORECASE)
    return f"{stam}-{'antwoorden' if antwoorden else 'resultaat'}.koci.xlsx"


# The row's fields (Fout.veld) by the template's column names, for the file's page.
_VELDEN = {"bsn": BSN, "onderwijsnummer": ONDERWIJSNUMMER, "opmerking": OPMERKING}


def kop_van(veld: str) -> str:
    """The column a Fout's veld names, as the template calls it."""
    return _VELDEN.get(veld, "")
