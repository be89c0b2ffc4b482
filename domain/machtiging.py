"""Machtigingen (R-GEM-03): a gemeente lets an uitvoerende instantie handle its meldingen.
The instantie's leerplichtambtenaren then see and handle them as the gemeente's own do,
scoped by the gemeentecode kenmerken their beheerder gave them."""
import datetime

from peewee import JOIN

from models import Gemeente, Machtiging, Organisatie, Sjabloon, database

from . import mutaties
from .fouten import N_, Fout, Ongeldig

VERZUIM = "verzuim"


def geldig(organisatie_id, soort=VERZUIM, op=None):
    """The condition on Machtiging for the organisation's `soort` of work on day `op`
    (today when None; a Sjabloon passes a place for it)."""
    if op is None:
        op = datetime.date.today()
    return ((Machtiging.organisatie == organisatie_id) & (Machtiging.soort == soort)
            & (Machtiging.geldig_van <= op)
            & (Machtiging.geldig_tot.is_null() | (Machtiging.geldig_tot >= op)))


def gemeenten_van(organisatie_id, soort=VERZUIM, op=None):
    """The gemeenten whose `soort` of work the organisation does on day `op` (a query)."""
    return Gemeente.select().join(Machtiging).where(geldig(organisatie_id, soort, op))


def _gemeenten(aantal_codes, waarde):
    # One join, not a subquery; a Sjabloon: this runs on every feed call.
    return (Gemeente.select(Gemeente.id).distinct()
            .join(Machtiging, JOIN.LEFT_OUTER, on=(Machtiging.gemeente == Gemeente.id)
                  & geldig(waarde("organisatie"), op=waarde("op")))
            .where(Gemeente.code.in_([waarde(f"code{i}") for i in range(aantal_codes)]),
                   (Gemeente.organisatie == waarde("organisatie"))
                   | Machtiging.id.is_null(False)))


_GEMEENTEN = Sjabloon(_gemeenten)


def gemeente_ids(actor):
    """The ids of the gemeenten whose meldingen the actor handles: its gemeentecode
    kenmerken, within its own organisation or the gemeenten that authorised it
    (R-AVG-03, R-GEM-03)."""
    codes = sorted(actor.waarden("gemeentecode"))
    if not codes or not actor.heeft_rol("leerplichtambtenaar"):
        return []
    rijen = _GEMEENTEN.rijen(len(codes), organisatie=actor.organisatie_id,
                             op=datetime.date.today(),
                             **{f"code{i}": code for i, code in enumerate(codes)})
    return [gemeente_id for gemeente_id, in rijen]


def verleen(actor, gemeentecode, oin, soort=VERZUIM, van=None, tot=None):
    """Register a machtiging (today the operator does, with `flask machtiging verleen`)."""
    gemeente = Gemeente.get_or_none(Gemeente.code == gemeentecode)
    instantie = Organisatie.get_or_none(Organisatie.oin == oin)
    fouten = []
    if gemeente is None:
        fouten.append(Fout("gemeentecode", N_("Deze gemeente bestaat niet.")))
    if instantie is None or instantie.soort != "instantie":
        fouten.append(Fout("oin", N_("Dit OIN is niet van een uitvoerende instantie.")))
    van = van or datetime.date.today()
    if tot is not None and tot < van:
        fouten.append(Fout("tot", N_("De einddatum ligt voor de begindatum.")))
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        machtiging = Machtiging.create(gemeente=gemeente, organisatie=instantie, soort=soort,
                                       geldig_van=van, geldig_tot=tot)
        mutaties.schrijf(actor, "machtiging", machtiging, "machtiging verleend",
                         na={"gemeente": gemeente.code, "oin": oin, "soort": soort,
                             "van": van.isoformat(), "tot": tot and tot.isoformat()})
    return machtiging
