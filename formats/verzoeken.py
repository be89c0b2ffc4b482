"""Request files of the gegevensleveringen (seed 003; R-LEV-03), made in Kladblok as the
seed tells: a C-levering is asked for with `JJJJMMDD` + `R` or `G` + the 4-digit
Doorstroompunt-code or gemeentecode + `C.txt`, holding `111111111` and one line end; an
A-levering with `…A.txt`, holding one BSN or onderwijsnummer a line. Saved as ANSI
(Windows-1252) or UTF-8, with or without a BOM, with Windows or other line ends.

Every mistake the seed's steps allow gets a message that says how to fix it; what does no
harm (a BOM, the last line end missing) is read, with a note. Whether the code is one of
the user's own (the role Behandelaar RMC with that code) is the caller's to check: no
database here."""
import codecs
import datetime
import enum
import re
from dataclasses import dataclass

from domain import nummers
from domain.fouten import N_, Fout

from . import BESTAND, Onleesbaar
from .inschrijvingen import veilige_naam

MAX_NUMMERS = 10_000  # numbers an A-levering asks for at once
# Bytes a request file may have: MAX_NUMMERS lines of a number with a Windows line end,
# and room for spaces. A larger one is refused unread beyond this (A_TE_VEEL).
MAX_GROOTTE = MAX_NUMMERS * 16
C_INHOUD = "111111111"


class Soort(enum.StrEnum):
    C = "C"  # levering op Doorstroompunt- of gemeentecode
    A = "A"  # levering op persoonsgebonden nummer


class Gebied(enum.StrEnum):
    REGIO = "R"  # Doorstroompunt-regio (formerly RMC-regio): kenmerk regiocode
    GEMEENTE = "G"  # kenmerk gemeentecode


VOORBEELD = "20180925G1234C.txt"
OPBOUW = N_("De bestandsnaam moet zo zijn opgebouwd: de datum als jaar, maand, dag "
            "(JJJJMMDD), R voor een Doorstroompunt-regio of G voor een gemeente, uw code van "
            "4 cijfers, en C.txt voor een levering op code of A.txt voor een levering op "
            "persoonsgebonden nummer. Bijvoorbeeld %(voorbeeld)s.")
EXTENSIE = N_("Het bestand moet een tekstbestand uit Kladblok zijn, met een naam die eindigt op "
              "C.txt of A.txt. Sla het in Kladblok op als tekstbestand en verstuur het "
              "opnieuw.")
KLEINE_LETTERS = N_("Schrijf de letters in de bestandsnaam als hoofdletters: R of G, en C of A "
                    "(dus %(goed)s).")
CODE_KORT = N_("De code in de bestandsnaam heeft 4 cijfers. Vul hem aan met nullen vooraan: "
               "%(goed)s.")
DATUM = N_("%(datum)s in de bestandsnaam is geen datum. Schrijf de datum als jaar, maand, dag "
           "(JJJJMMDD), bijvoorbeeld 20180925 voor 25 september 2018.")
TOEKOMST = N_("De datum in de bestandsnaam (%(datum)s) ligt in de toekomst. Gebruik de datum "
              "van vandaag of een eerdere datum.")
GEEN_TEKST = N_("Het bestand is geen tekstbestand. Maak het in Kladblok, sla het op met "
                "codering ANSI en verstuur het opnieuw.")
LEEG = N_("Het bestand is leeg. Typ %(inhoud)s, druk 1 keer op enter, sla het bestand op en "
          "verstuur het opnieuw.")
C_FOUT = N_("Een aanvraag van een levering op code bevat alleen %(inhoud)s en 1 keer enter. "
            "Het bestand bevat iets anders (regel %(nummer)s: %(tekst)s). Pas het aan en "
            "verstuur het opnieuw.")
A_LEEG = N_("Het bestand bevat geen onderwijs- of burgerservicenummers. Zet de nummers onder "
            "elkaar, één per regel, druk na het laatste nummer op enter en verstuur het "
            "opnieuw.")
A_TE_VEEL = N_("Het bestand bevat meer dan %(maximum)s nummers. Verdeel de nummers over "
               "bestanden van hoogstens %(maximum)s regels en verstuur die na elkaar.")
A_GEEN_NUMMER = N_("Regel %(nummer)s (%(tekst)s) is geen geldig bsn of onderwijsnummer en is "
                   "overgeslagen.")
A_DUBBEL = N_("Regel %(nummer)s herhaalt nummer %(tekst)s en is overgeslagen.")
BOM = N_("Het bestand begint met een BOM (opgeslagen als UTF-8 met BOM). Wij hebben het "
         "gelezen; sla het voortaan op met codering ANSI.")
GEEN_ENTER = N_("Na de laatste regel staat geen enter. Wij hebben het bestand gelezen; druk "
                "voortaan na de laatste regel 1 keer op enter.")

# Letters in either case and a code of fewer than 4 digits match too: those mistakes get
# a message of their own.
_NAAM = re.compile(r"(?P<datum>\d{8})(?P<gebied>[RG])(?P<code>\d{1,4})(?P<soort>[CA])\.txt",
                   re.IGNORECASE)
_BINAIR = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b")
_REGELEINDE = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class Verzoek:
    """A request file read: what is asked for, at which peildatum, for which area."""

    soort: Soort
    peildatum: datetime.date
    gebied: Gebied
    code: str
    nummers: tuple[str, ...] = ()  # an A-levering's valid numbers, each once, in order
    opmerkingen: tuple[Fout, ...] = ()  # read despite these; and the lines skipped
    ongeldig: tuple[str, ...] = ()  # the lines skipped as no valid number (at most 20 chars)


def is_verzoek(bestandsnaam: str) -> bool:
    """Whether a name looks like a request file (a C- or A-levering), mistakes and all:
    what to check it as."""
    return bool(_NAAM.fullmatch(veilige_naam(bestandsnaam)))


def lees(bestandsnaam: str, inhoud: bytes, vandaag: datetime.date) -> Verzoek:
    """Read a request file; Onleesbaar with every problem of its name at once, or with what
    is wrong with its content."""
    naam = veilige_naam(bestandsnaam)
    soort, peildatum, gebied, code = _lees_naam(naam, vandaag)
    if len(inhoud) > MAX_GROOTTE:  # refused before it is decoded
        raise Onleesbaar([_fout(A_TE_VEEL, maximum=MAX_NUMMERS) if soort == Soort.A
                          else _fout(C_FOUT, inhoud=C_INHOUD, nummer=2, tekst="…")])
    opmerkingen: list[Fout] = []
    regels = _regels(inhoud, opmerkingen)
    if soort == Soort.C:
        _controleer_c(regels)
        return Verzoek(soort, peildatum, gebied, code, (), tuple(opmerkingen))
    geldig = _nummers(regels, opmerkingen)
    return Verzoek(soort, peildatum, gebied, code, geldig, tuple(opmerkingen),
                   tuple(f.params["tekst"] for f in opmerkingen if f.melding == A_GEEN_NUMMER))


def _fout(melding, **params):
    return Fout(BESTAND, melding, "R-LEV-03", params)


def _lees_naam(naam, vandaag):
    gevonden = _NAAM.fullmatch(naam)
    if not gevonden:
        if "." in naam and not naam.lower().endswith(".txt"):
            raise Onleesbaar([_fout(EXTENSIE)])
        raise Onleesbaar([_fout(OPBOUW, voorbeeld=VOORBEELD)])
    delen = gevonden.groupdict()
    goed = (f"{delen['datum']}{delen['gebied'].upper()}{delen['code'].zfill(4)}"
            f"{delen['soort'].upper()}.txt")
    fouten = []
    if not (delen["gebied"].isupper() and delen["soort"].isupper()):
        fouten.append(_fout(KLEINE_LETTERS, goed=goed))
    peildatum = datum_en_code(delen, goed, vandaag, fouten, "R-LEV-03")
    if fouten:
        raise Onleesbaar(fouten)
    return (Soort(delen["soort"]), peildatum, Gebied(delen["gebied"]), delen["code"])


def datum_en_code(delen, goed, vandaag, fouten, regel):
    """The date of a request's name (JJJJMMDD, not in the future); its code of 4 digits.
    What is wrong goes to `fouten` (rule `regel`), saying the name it should have (`goed`).
    Shared by every file the seeds name so (C, A, and the koppeling's .koci)."""
    if len(delen["code"]) < 4:
        fouten.append(Fout(BESTAND, CODE_KORT, regel, {"goed": goed}))
    try:
        peildatum = datetime.datetime.strptime(delen["datum"], "%Y%m%d").date()
    except ValueError:
        fouten.append(Fout(BESTAND, DATUM, regel, {"datum": delen["datum"]}))
        return None
    if peildatum > vandaag:
        fouten.append(Fout(BESTAND, TOEKOMST, regel,
                           {"datum": peildatum.strftime("%d-%m-%Y")}))
    return peildatum


def _regels(inhoud, opmerkingen):
    """The lines of the content, without their line ends, and the last one only when it is
    not empty. Kladblok writes Windows-1252 (ANSI) or UTF-8, with Windows line ends."""
    if inhoud.startswith(_BINAIR) or b"\x00" in inhoud:
        raise Onleesbaar([_fout(GEEN_TEKST)])
    if inhoud.startswith(codecs.BOM_UTF8):
        opmerkingen.append(_fout(BOM))
        inhoud = inhoud[len(codecs.BOM_UTF8):]
    try:
        tekst = inhoud.decode("utf-8")
    except UnicodeDecodeError:
        try:
            tekst = inhoud.decode("cp1252")
        except UnicodeDecodeError:
            raise Onleesbaar([_fout(GEEN_TEKST)]) from None
    if tekst and not tekst.endswith(("\n", "\r")):
        opmerkingen.append(_fout(GEEN_ENTER))
    regels = _REGELEINDE.split(tekst)
    while regels and not regels[-1].strip():
        regels.pop()  # the line end after the last line, and empty lines after it
    return regels


def _controleer_c(regels):
    """`111111111` on the first line and nothing after it."""
    if not regels:
        raise Onleesbaar([_fout(LEEG, inhoud=C_INHOUD)])
    for nummer, regel in enumerate(regels, start=1):
        if nummer > 1 or regel.strip() != C_INHOUD:
            raise Onleesbaar([_fout(C_FOUT, inhoud=C_INHOUD, nummer=nummer,
                                    tekst=regel.strip()[:20])])


def _nummers(regels, opmerkingen):
    """The valid numbers, each once; a line that is none, or a number again, is skipped
    with a note. Refused: no number at all, or more than MAX_NUMMERS lines."""
    if len(regels) > MAX_NUMMERS:
        raise Onleesbaar([_fout(A_TE_VEEL, maximum=MAX_NUMMERS)])
    gezien: dict[str, None] = {}
    for nummer, regel in enumerate(regels, start=1):
        tekst = regel.strip()
        if not tekst:
            continue
        schoon = nummers.schoon(tekst)
        if (len(schoon) != 9 or schoon != tekst.replace(" ", "").replace(".", "")
                or not (nummers.is_bsn(schoon) or nummers.is_onderwijsnummer(schoon))):
            opmerkingen.append(_fout(A_GEEN_NUMMER, nummer=nummer, tekst=tekst[:20]))
        elif schoon in gezien:
            opmerkingen.append(_fout(A_DUBBEL, nummer=nummer, tekst=schoon))
        else:
            gezien[schoon] = None
    if not gezien:
        raise Onleesbaar([_fout(A_LEEG)])
    return tuple(gezien)
