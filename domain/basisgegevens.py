"""Basisgegevens (seed 003, R-LEV-05): the instellingen of the register with their bevoegd
gezag and onderwijslocaties, and the opleidingen, for anyone, without logging in: a page
to look them up ("Instellingsinformatie") and files to download, built from the register
when asked. No personal data: nothing here is logged as a read."""
from dataclasses import dataclass

from peewee import fn, prefetch

from models import Bestuur, Instelling, Onderwijslocatie, Opleiding, Sjabloon

from .fouten import N_

PER_PAGINA = 50
PARTIJ = 1000  # instellingen read at a time for the file

# The file's columns, one row per onderwijslocatie (an instelling without one: one row
# with those columns empty). Version 1, docs/formats.md; the words are the seeds'.
KOLOMMEN = (N_("Instellingscode"), N_("Naam instelling"), N_("Soort onderwijs"),
            N_("Categorie"), N_("Datum oprichting"), N_("Code bevoegd gezag"),
            N_("Naam bevoegd gezag"), N_("Code onderwijslocatie"),
            N_("Naam onderwijslocatie"), N_("Plaats onderwijslocatie"))


# Basisgegevens opleidingen, version 1 (docs/formats.md).
OPLEIDING_KOLOMMEN = (N_("Code opleiding"), N_("Naam opleiding"), N_("Soort onderwijs"),
                      N_("Niveau"), N_("Startkwalificatie"))


def opleidingen():
    """The rows of the Basisgegevens opleidingen file (OPLEIDING_KOLOMMEN), by code: a
    list of some tens, reference data."""
    return [(o.code, o.naam, o.soort, o.niveau, "J" if o.startkwalificatie else "N")
            for o in Opleiding.select().order_by(Opleiding.code)]


@dataclass(frozen=True)
class Lijst:
    instellingen: list
    totaal: int
    pagina: int
    paginas: int


def zoek(zoekterm="", pagina=1):
    """Instellingsinformatie: the instellingen whose code starts with `zoekterm`, or whose
    name, bevoegd gezag's name or an onderwijslocatie's place contains it, by code, a page
    at a time, each with its bestuur and onderwijslocaties."""
    zoekterm = (zoekterm or "").strip()
    query = Instelling.select(Instelling, Bestuur).join(Bestuur)
    if zoekterm:
        klein = zoekterm.lower()
        plaatsen = (Onderwijslocatie.select(Onderwijslocatie.instelling)
                    .where(fn.LOWER(Onderwijslocatie.plaats).contains(klein)))
        query = query.where(Instelling.code.startswith(zoekterm.upper())
                            | fn.LOWER(Instelling.naam).contains(klein)
                            | fn.LOWER(Bestuur.naam).contains(klein)
                            | Instelling.id.in_(plaatsen))
    totaal = query.count()
    paginas = max(1, -(-totaal // PER_PAGINA))
    pagina = min(max(1, pagina), paginas)
    deel = query.order_by(Instelling.code).paginate(pagina, PER_PAGINA)
    locaties = Onderwijslocatie.select().order_by(Onderwijslocatie.code)
    return Lijst(prefetch(deel, locaties), totaal, pagina, paginas)


def _deel(na, waarde):
    """The next PARTIJ instellingen: from the first, or after the code `na` (keyset)."""
    query = (Instelling.select(Instelling.id, Instelling.code, Instelling.naam,
                               Instelling.soort, Instelling.categorie,
                               Instelling.oprichtingsdatum, Bestuur.code, Bestuur.naam)
             .join(Bestuur))
    if na:
        query = query.where(Instelling.code > waarde("na"))
    return query.order_by(Instelling.code).limit(waarde("limit")).tuples()


_DEEL = Sjabloon(_deel)  # its SQL text built once


def rijen():
    """The rows of the Basisgegevens instellingen file (KOLOMMEN), by instellingscode and
    onderwijslocatie code, PARTIJ instellingen at a time: never all in memory."""
    na = None
    while True:
        deel = _DEEL.objecten(na is not None, na=na, limit=PARTIJ)
        if not deel:
            return
        locaties: dict[int, list] = {}
        for locatie in (Onderwijslocatie.select()
                        .where(Onderwijslocatie.instelling.in_([r[0] for r in deel]))
                        .order_by(Onderwijslocatie.code)):
            locaties.setdefault(locatie.instelling_id, []).append(locatie)
        for id_, *instelling in deel:
            for locatie in locaties.get(id_) or [None]:
                yield (*instelling, *((locatie.code, locatie.naam, locatie.plaats)
                                      if locatie else (None, None, None)))
        na = deel[-1][1]
        if len(deel) < PARTIJ:
            return
