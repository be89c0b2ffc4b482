"""Raadplegen Verzuim (R-VZ-11): the search over meldingen a school or a gemeente may see."""
import datetime
from dataclasses import dataclass

from peewee import fn

from models import Gemeente, Persoon, Sjabloon, Verzuimmelding, json_tekst

from .. import inzage, nummers, velden
from .leerling import instelling_van
from .lijsten import STANDAARD_STATUSSEN, Status

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


def zoek_meldingen(actor, instellingscode, vraag, voor_tabel=False):
    """R-VZ-11: the instelling's meldingen matching the vraag, newest first, a page at a
    time. "Aantal dagen status" is `aantal_dagen_status(melding, vandaag)`. `voor_tabel`:
    only what the table of meldingen shows is read (TABEL)."""
    instelling = instelling_van(actor, instellingscode)
    return zoek(actor, vraag, "raadplegen verzuim", instelling=instelling.id,
                voor_tabel=voor_tabel)


# What a row of the pages' table of meldingen shows (templates/verzuim/_zoeken.html), with
# the person and the gemeente; the rest of a melding (the API's document) is not read.
TABEL = (Verzuimmelding.id, Verzuimmelding.nummer, Verzuimmelding.status,
         Verzuimmelding.status_sinds, Verzuimmelding.melddatum, Verzuimmelding.periode_van,
         Verzuimmelding.naam_contactpersoon, Verzuimmelding.vermoedelijke_soort,
         Verzuimmelding.met_prioriteit, Verzuimmelding.gegevens, Persoon.id,
         Persoon.achternaam, Persoon.voorvoegsels, Persoon.voornamen, Gemeente.id,
         Gemeente.naam)


def met_leerling_en_gemeente(kolommen=(Verzuimmelding, Persoon, Gemeente)):
    """Meldingen with the person and the gemeente a row shows, in one query."""
    return (Verzuimmelding.select(*kolommen).join(Persoon)
            .join_from(Verzuimmelding, Gemeente))


def _voorwaarden(vraag):
    """The values of the vraag's filters that are filled in, by name (R-VZ-11)."""
    waarden = {}
    if vraag.meldingnummer.strip():
        # A number no melding can have ("²", 25 digits) finds none; it never reaches a
        # column.
        nummer = velden.getal(nummers.schoon(vraag.meldingnummer), 9)
        waarden["nummer"] = -1 if nummer is None else nummer
    if vraag.pgn.strip():
        waarden["pgn"] = nummers.schoon(vraag.pgn)[:10]
    if vraag.naam_contactpersoon.strip():
        waarden["contactpersoon"] = vraag.naam_contactpersoon.strip()
    if vraag.naam_behandelaar.strip():
        waarden["behandelaar"] = vraag.naam_behandelaar.strip()
    if vraag.gemeentecode.strip():
        waarden["gemeentecode"] = vraag.gemeentecode.strip()
    if vraag.wet:
        waarden["wet"] = vraag.wet
    return waarden


def _waar(vorm, waarde):
    """The condition of a search of this form: its scope (one instelling, or n gemeenten),
    the filters named, and how many statuses."""
    scope, filters, statussen = vorm[:3]
    if scope[0] == "instelling":
        waar = Verzuimmelding.instelling == waarde("instelling")
    else:
        waar = Verzuimmelding.gemeente.in_([waarde(f"gemeente{i}") for i in range(scope[1])])
    waar &= Verzuimmelding.status.in_([waarde(f"status{i}") for i in range(statussen)])
    voorwaarden = {
        "nummer": lambda: Verzuimmelding.nummer == waarde("nummer"),
        "pgn": lambda: (Persoon.bsn == waarde("pgn")) | (Persoon.onderwijsnummer == waarde("pgn")),
        "contactpersoon": lambda: Verzuimmelding.naam_contactpersoon.contains(
            waarde("contactpersoon")),
        # No column holds the behandelaar's naam: read from the stored document.
        "behandelaar": lambda: json_tekst(Verzuimmelding.gegevens, "terugkoppeling", "naam")
        .contains(waarde("behandelaar")),
        "gemeentecode": lambda: Verzuimmelding.gemeente.in_(
            Gemeente.select(Gemeente.id).where(Gemeente.code == waarde("gemeentecode"))),
        "wet": lambda: Verzuimmelding.wet == waarde("wet"),
    }
    for naam in filters:
        waar &= voorwaarden[naam]()
    return waar


# The count and the page of a search, their SQL text built once per form: every page of
# Raadplegen and the werkvoorraad runs both.
_AANTAL = Sjabloon(lambda vorm, waarde: (
    Verzuimmelding.select(fn.COUNT(Verzuimmelding.id)).join(Persoon).where(_waar(vorm, waarde))))
_PAGINA = Sjabloon(lambda vorm, waarde: (
    met_leerling_en_gemeente(*((TABEL,) if vorm[4] else ())).where(_waar(vorm, waarde))
    .order_by(*((Verzuimmelding.status != Status.GEREGISTREERD,) if vorm[3] else ()),
              Verzuimmelding.melddatum.desc(), Verzuimmelding.nummer.desc())
    .limit(waarde("limit")).offset(waarde("offset"))))


def zoek(actor, vraag, doel, instelling=None, gemeenten=(), nieuw_eerst=False,
         voor_tabel=False):
    """The search of R-VZ-11 within what the actor may see: one instelling (its id), or
    the meldingen routed to `gemeenten` (ids; R-AVG-03); newest first, or with
    `nieuw_eerst` the Geregistreerd ones before that; `voor_tabel`: only the TABEL
    columns. Reads are logged (R-AVG-02)."""
    scope: tuple  # the query's form: ("instelling",) or ("gemeenten", n)
    if instelling is not None:
        scope, bereik = ("instelling",), {"instelling": instelling}
    else:
        gemeenten = list(gemeenten) or [-1]
        scope = ("gemeenten", len(gemeenten))
        bereik = {f"gemeente{i}": gemeente for i, gemeente in enumerate(gemeenten)}
    voorwaarden = _voorwaarden(vraag)
    statussen = list(vraag.statussen) or ["-"]
    vorm = (scope, tuple(voorwaarden), len(statussen), nieuw_eerst, voor_tabel)
    waarden = {**bereik, **voorwaarden, **{f"status{i}": s for i, s in enumerate(statussen)}}
    ((totaal,),) = _AANTAL.rijen(vorm, **waarden)
    per_pagina = vraag.per_pagina if vraag.per_pagina in PAGINAGROOTTES else PAGINAGROOTTES[0]
    paginas = max(1, -(-totaal // per_pagina))
    pagina = min(max(1, vraag.pagina), paginas)
    meldingen = _PAGINA.objecten(vorm, limit=per_pagina, offset=(pagina - 1) * per_pagina,
                                 **waarden)
    inzage.log(actor, doel, [m.persoon.id for m in meldingen])
    return Zoekresultaat(meldingen, totaal, pagina, paginas)


def aantal_dagen_status(melding, vandaag=None):
    vandaag = vandaag or datetime.date.today()
    return (vandaag - melding.status_sinds.date()).days
