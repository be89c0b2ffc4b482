"""Machtigingen (R-GEM-03): a gemeente lets an uitvoerende instantie handle its meldingen.
The instantie's leerplichtambtenaren then see and handle them as the gemeente's own do,
scoped by the gemeentecode kenmerken their beheerder gave them."""
import datetime

from models import Gemeente, Machtiging, Organisatie, database

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
