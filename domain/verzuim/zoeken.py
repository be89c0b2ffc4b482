"""Raadplegen Verzuim (R-VZ-11): the search over meldingen a school or a gemeente may see."""
import datetime
from dataclasses import dataclass

from models import Gemeente, Persoon, Verzuimmelding, json_tekst

from .. import inzage, nummers, velden
from .leerling import instelling_van
from .lijsten import STANDAARD_STATUSSEN

PAGINAGROOTTES = (10, 25, 50)


@dataclass
class Zoekvraag:
    meldingnummer: str = ""
    pgn: str = ""
    naam_contactpersoon: str = ""
    naam_behandelaar: str = ""
    gemeentecode: str = ""
    wet: str = ""
    statussen: tuple = STANDAARD_STATUSSEN
    pagina: int = 1
    per_pagina: int = 10


@dataclass(frozen=True)
class Zoekresultaat:
    meldingen: list
    totaal: int
    pagina: int
    paginas: int


def zoek_meldingen(actor, instellingscode, vraag, vandaag=None):
    """R-VZ-11: the instelling's meldingen matching the vraag, newest first, a page at a
    time. "Aantal dagen status" is `aantal_dagen_status(melding, vandaag)`."""
    instelling = instelling_van(actor, instellingscode)
    query = Verzuimmelding.select(Verzuimmelding, Persoon).join(Persoon).where(
        Verzuimmelding.instelling == instelling)
    volgorde = (Verzuimmelding.melddatum.desc(), Verzuimmelding.nummer.desc())
    return zoek(actor, query, vraag, volgorde, "raadplegen verzuim")


def zoek(actor, query, vraag, volgorde, doel):
    """The search of R-VZ-11 on a query already scoped to what the actor may see: the
    school's instelling or the gemeente's area (R-AVG-03). Reads are logged (R-AVG-02)."""
    query = query.where(Verzuimmelding.status.in_(list(vraag.statussen) or ["-"]))
    # A number no melding or person can have ("²", 25 digits) finds none; it never
    # reaches a column.
    if vraag.meldingnummer.strip():
        nummer = velden.getal(nummers.schoon(vraag.meldingnummer), 9)
        query = query.where(Verzuimmelding.nummer == (-1 if nummer is None else nummer))
    if vraag.pgn.strip():
        pgn = nummers.schoon(vraag.pgn)[:10]
        query = query.where((Persoon.bsn == pgn) | (Persoon.onderwijsnummer == pgn))
    if vraag.naam_contactpersoon.strip():
        query = query.where(Verzuimmelding.naam_contactpersoon.contains(
            vraag.naam_contactpersoon.strip()))
    if vraag.naam_behandelaar.strip():
        # No column holds the behandelaar's naam: read from the stored document.
        query = query.where(json_tekst(Verzuimmelding.gegevens, "terugkoppeling", "naam")
                            .contains(vraag.naam_behandelaar.strip()))
    if vraag.gemeentecode.strip():
        query = query.where(Verzuimmelding.gemeente.in_(
            Gemeente.select(Gemeente.id).where(Gemeente.code == vraag.gemeentecode.strip())))
    if vraag.wet:
        query = query.where(Verzuimmelding.wet == vraag.wet)
    totaal = query.count()
    per_pagina = vraag.per_pagina if vraag.per_pagina in PAGINAGROOTTES else PAGINAGROOTTES[0]
    paginas = max(1, -(-totaal // per_pagina))
    pagina = min(max(1, vraag.pagina), paginas)
    meldingen = list(query.order_by(*volgorde).paginate(pagina, per_pagina))
    inzage.log(actor, doel, [m.persoon_id for m in meldingen])
    return Zoekresultaat(meldingen, totaal, pagina, paginas)


def aantal_dagen_status(melding, vandaag=None):
    vandaag = vandaag or datetime.date.today()
    return (vandaag - melding.status_sinds.date()).days
