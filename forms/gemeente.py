"""The gemeente's forms: status, terugkoppeling and vrijstelling, read from the posted
fields. They parse; the rules are in domain/."""
from domain.behandeling import Terugkoppeling
from domain.velden import getal
from domain.vrijstelling import VrijstellingInvoer
from forms import datum_uit

TERUGKOPPELING_VELDEN = ("organisatie", "naam", "functie", "telefoon", "email", "toelichting")


def versie_uit(waarden):
    """The version the page showed; a form without one cannot be checked (-1 never is)."""
    gelezen = getal(waarden.get("versie"))
    return -1 if gelezen is None else gelezen


def terugkoppeling_uit(waarden):
    """(Terugkoppeling, Fouten of what is not readable)."""
    fouten = []
    datum = datum_uit(waarden, "datum", fouten)
    return Terugkoppeling(datum=datum, **{k: waarden.get(k, "") for k in TERUGKOPPELING_VELDEN}), \
        fouten


def vrijstelling_uit(waarden):
    """(VrijstellingInvoer, Fouten of unreadable dates, each next to its own field)."""
    fouten = []
    invoer = VrijstellingInvoer(
        pgn=waarden.get("pgn", ""), artikel=waarden.get("artikel", ""),
        begindatum=datum_uit(waarden, "begindatum", fouten, "R-GEM-02"),
        einddatum=datum_uit(waarden, "einddatum", fouten, "R-GEM-02"))
    return invoer, fouten
