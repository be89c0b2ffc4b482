"""R-AVG-02: every read of persons' data is logged with who, when and why; for one person,
functioneel beheer sees everything the register holds and every read of it (a parent's
inzage request)."""
import datetime
import json
from dataclasses import dataclass

from peewee import JOIN

from models import (
    Gebruiker,
    Gemeente,
    Inschrijving,
    Instelling,
    Inzagelog,
    Koppeling,
    Organisatie,
    Persoon,
    Resultaat,
    Sjabloon,
    Verzuimmelding,
    Vrijstelling,
    utcnow,
)

from .fouten import N_, GeenToegang
from .machtiging import waaronder

# Every page that shows persons writes one: its SQL text built once.
_NIEUW = Sjabloon(lambda _vorm, waarde: Inzagelog.insert(
    tijdstip=waarde("tijdstip"), actor=waarde("actor"), organisatie=waarde("organisatie"),
    doel=waarde("doel"), personen=waarde("personen"), brp=waarde("brp"),
    machtigingen=waarde("machtigingen")))


def log(actor, doel, persoon_ids, bsns=(), gemeenten=None):
    """`persoon_ids`: persons of the register read; `bsns`: records read from the BRP
    source that are not (yet) in the register, which have no other name. An instantie
    reads under the machtigingen of its gemeenten: they are logged with the read (R-GEM-03),
    only those of `gemeenten` (ids) when the read is of those gemeenten' data alone."""
    ids = sorted(set(persoon_ids))
    brp = sorted(set(bsns))
    if ids or brp:
        machtigingen = waaronder(actor, gemeenten)
        _NIEUW.rijen(None, tijdstip=utcnow(), actor=actor.kenmerk,
                     organisatie=actor.organisatie_id, doel=doel, personen=json.dumps(ids),
                     brp=json.dumps(brp) if brp else None,
                     machtigingen=json.dumps(machtigingen) if machtigingen else None)


# ---------------------------------------------------------------- one person's inzage

ROL = "functioneel_beheer"
DOEL = "inzage (AVG)"


@dataclass(frozen=True)
class Lezing:
    """One read of the person's data: when, who, which organisation, why."""

    tijdstip: datetime.datetime
    wie: str
    organisatie: str
    doel: str
    machtigingen: list


@dataclass(frozen=True)
class Overzicht:
    """Everything the register holds of one person, and every read of it (R-AVG-02)."""

    persoon: Persoon
    nummers: list  # every BSN and onderwijsnummer it has or was linked under
    inschrijvingen: list
    resultaten: list
    meldingen: list
    vrijstellingen: list
    koppelingen: list
    lezingen: list


def persoon_van(nummer):
    """The person of a BSN or onderwijsnummer, also one given up in a merge (R-INS-10:
    the number then leads to the person it became)."""
    persoon = Persoon.get_or_none((Persoon.bsn == nummer) | (Persoon.onderwijsnummer == nummer))
    if persoon is None:
        koppeling = (Koppeling.select().where((Koppeling.bsn == nummer)
                                              | (Koppeling.onderwijsnummer == nummer))
                     .order_by(Koppeling.id.desc()).first())
        persoon = Persoon.get_or_none(Persoon.id == koppeling.persoon_id) if koppeling else None
    while persoon is not None and persoon.samengevoegd_in_id:
        persoon = Persoon.get_by_id(persoon.samengevoegd_in_id)
    return persoon


def _bevat(ids):
    """The condition on Inzagelog.personen (a JSON list like "[3, 12]") for a read of any
    of `ids`: the list is text on both engines, so each id is matched with its neighbours."""
    waar = None
    for i in ids:
        for patroon in (f"[{i}]", f"[{i},%", f"% {i},%", f"% {i}]"):
            conditie = Inzagelog.personen ** patroon if "%" in patroon else (
                Inzagelog.personen == patroon)
            waar = conditie if waar is None else waar | conditie
    return waar


def _wie(kenmerken):
    """Actor kenmerken → the name a parent can read: a user's name, an organisation's
    package, or the register itself."""
    gebruikers = [int(k.partition(":")[2]) for k in kenmerken
                  if k.startswith("gebruiker:") and k.partition(":")[2].isdigit()]
    namen = {f"gebruiker:{i}": naam for i, naam in Gebruiker.select(
        Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(gebruikers)).tuples()}
    return {k: namen.get(k) or (N_("administratiepakket (koppeling)")
                                if k.startswith("certificaat:") else N_("het register zelf"))
            for k in kenmerken}


def overzicht(actor, nummer):
    """R-AVG-02: for functioneel beheer, everything of the person with this BSN or
    onderwijsnummer and every read of it (also of a person merged into it), newest first;
    None when the register does not know the number. This read is logged too."""
    if not actor.heeft_rol(ROL):
        raise GeenToegang()
    persoon = persoon_van(nummer)
    if persoon is None:
        return None
    koppelingen = list(Koppeling.select().where(Koppeling.persoon == persoon.id)
                       .order_by(Koppeling.id))
    ids = [persoon.id] + [k.vervallen_id for k in koppelingen if k.vervallen_id]
    log(actor, DOEL, [persoon.id])
    rijen = list(Inzagelog.select(Inzagelog, Organisatie.naam.alias("org"))
                 .join(Organisatie, JOIN.LEFT_OUTER, on=Inzagelog.organisatie == Organisatie.id)
                 .where(_bevat(ids)).order_by(Inzagelog.id.desc()).objects())
    wie = _wie({r.actor for r in rijen})
    nummers = sorted({n for n in (persoon.bsn, persoon.onderwijsnummer) if n}
                     | {n for k in koppelingen for n in (k.bsn, k.onderwijsnummer) if n})
    return Overzicht(
        persoon=persoon, nummers=nummers,
        inschrijvingen=list(Inschrijving.select(Inschrijving, Instelling).join(Instelling)
                            .where(Inschrijving.persoon == persoon.id)
                            .order_by(Inschrijving.datum_inschrijving)),
        resultaten=list(Resultaat.select(Resultaat, Instelling).join(Instelling)
                        .where(Resultaat.persoon == persoon.id).order_by(Resultaat.datum)),
        meldingen=list(Verzuimmelding.select(Verzuimmelding, Instelling, Gemeente)
                       .join(Instelling).switch(Verzuimmelding).join(Gemeente)
                       .where(Verzuimmelding.persoon == persoon.id)
                       .order_by(Verzuimmelding.periode_van)),
        vrijstellingen=list(Vrijstelling.select(Vrijstelling, Gemeente).join(Gemeente)
                            .where(Vrijstelling.persoon == persoon.id)
                            .order_by(Vrijstelling.begindatum)),
        koppelingen=koppelingen,
        lezingen=[Lezing(r.tijdstip, wie[r.actor], r.org or "", r.doel,
                         json.loads(r.machtigingen) if r.machtigingen else []) for r in rijen])
