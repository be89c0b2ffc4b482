"""Machtigingen (R-GEM-03): the "Verklaring gegevensverstrekking aan verwerker" and the
"VSV verklaring uitbesteding" as pages. A gemeente's beheerder authorises an uitvoerende
instantie (by OIN) to handle its meldingen, to receive its gegevensleveringen, or both, from
one date to another; the instantie's beheerder accepts; either side ends it. While it counts,
the instantie's users see and handle the gemeente's meldingen (or ask for and receive its
leveringen) as the gemeente's own do, scoped by the gemeentecode kenmerken their beheerder
gave them; every read they do is logged with it (inzage.log)."""
import datetime
import enum

from peewee import JOIN

from models import (
    Gemeente,
    Machtiging,
    Organisatie,
    Sjabloon,
    database,
    utcnow,
    vergrendel,
    werk_bij,
)

from . import berichten, mutaties
from .actor import beheerders, door
from .datums import overlappen
from .fouten import N_, Conflict, Fout, GeenToegang, Ongeldig


class Soort(enum.StrEnum):
    VERZUIM = "verzuim"  # VSV verklaring uitbesteding: the meldingen
    LEVERINGEN = "leveringen"  # Verklaring gegevensverstrekking aan verwerker
    BEIDE = "beide"


SOORTEN = {
    Soort.VERZUIM: N_("Verzuimmeldingen afhandelen"),
    Soort.LEVERINGEN: N_("Gegevensleveringen ontvangen"),
    Soort.BEIDE: N_("Verzuimmeldingen en gegevensleveringen"),
}
VERZUIM = Soort.VERZUIM  # the soort of work most callers ask about


class Status(enum.StrEnum):
    TE_ACCEPTEREN = "te accepteren"
    GEPLAND = "gepland"  # accepted, counts from a later date
    ACTIEF = "actief"
    VERLOPEN = "verlopen"
    BEEINDIGD = "beeindigd"


STATUSSEN = {
    Status.TE_ACCEPTEREN: N_("Wacht op acceptatie"),
    Status.GEPLAND: N_("Geaccepteerd, nog niet ingegaan"),
    Status.ACTIEF: N_("Actief"),
    Status.VERLOPEN: N_("Verlopen"),
    Status.BEEINDIGD: N_("Beëindigd"),
}
LOPEND = (Status.TE_ACCEPTEREN, Status.GEPLAND, Status.ACTIEF)  # may still be ended

GEWIJZIGD = N_("De machtiging is intussen gewijzigd. Bekijk hoe ze nu is en probeer het "
               "opnieuw.")
OIN_LENGTE = 20


def _soorten(soort):
    """The stored soorten that include `soort` of work (BEIDE includes both)."""
    return (soort, Soort.BEIDE) if soort != Soort.BEIDE else tuple(Soort)


def geldig(organisatie_id, soort=VERZUIM, op=None):
    """The condition on Machtiging for the organisation's `soort` of work (None: any) on
    day `op` (today when None; a Sjabloon passes a place for it): accepted, not ended,
    within its dates."""
    if op is None:
        op = datetime.date.today()
    waar = ((Machtiging.organisatie == organisatie_id) & Machtiging.geaccepteerd.is_null(False)
            & Machtiging.beeindigd.is_null() & (Machtiging.geldig_van <= op)
            & (Machtiging.geldig_tot.is_null() | (Machtiging.geldig_tot >= op)))
    if soort is not None:
        waar &= Machtiging.soort.in_(_soorten(soort))
    return waar


def gemeenten_van(organisatie_id, soort=VERZUIM, op=None):
    """The gemeenten whose `soort` of work (None: any) the organisation does on day `op`."""
    return Gemeente.select().join(Machtiging).where(geldig(organisatie_id, soort, op)).distinct()


def geldt(organisatie_id, gemeente_id, soort=VERZUIM, op=None):
    return (Machtiging.select().where(geldig(organisatie_id, soort, op),
                                      Machtiging.gemeente == gemeente_id).exists())


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


_GELDIGE = Sjabloon(lambda _vorm, waarde: Machtiging.select(Machtiging.id, Machtiging.gemeente)
                    .where(geldig(waarde("organisatie"), None, waarde("op")))
                    .order_by(Machtiging.id))


def waaronder(actor, gemeenten=None):
    """The ids of the machtigingen an instantie's actor works under today (R-GEM-03), for
    the log of its reads: those of `gemeenten` (ids) when the read is of theirs alone, else
    all; () for anyone else."""
    if actor.organisatie_soort != "instantie":
        return ()
    rijen = _GELDIGE.rijen(None, organisatie=actor.organisatie_id, op=datetime.date.today())
    return [i for i, gemeente in rijen if gemeenten is None or gemeente in gemeenten]


# ---------------------------------------------------------------- the pages

def status_van(machtiging, op=None):
    op = op or datetime.date.today()
    if machtiging.beeindigd:
        return Status.BEEINDIGD
    if machtiging.geldig_tot is not None and machtiging.geldig_tot < op:
        return Status.VERLOPEN
    if machtiging.geaccepteerd is None:
        return Status.TE_ACCEPTEREN
    return Status.GEPLAND if machtiging.geldig_van > op else Status.ACTIEF


def eigen_gemeenten(actor):
    """The gemeenten whose machtigingen the actor grants: a beheerder of a gemeente's
    organisation (a herindeling's ended gemeenten not)."""
    if not actor.heeft_rol("beheerder") or actor.organisatie_soort != "gemeente":
        return []
    return list(Gemeente.select().where(Gemeente.organisatie == actor.organisatie_id,
                                        Gemeente.geldig_tot.is_null()).order_by(Gemeente.code))


def machtigingen_van(actor):
    """The machtigingen a beheerder sees: granted by its gemeenten, or to its instantie;
    newest first, with gemeente and organisation."""
    if not actor.heeft_rol("beheerder") or actor.organisatie_id is None:
        raise GeenToegang()
    query = (Machtiging.select(Machtiging, Gemeente, Organisatie).join(Gemeente)
             .switch(Machtiging).join(Organisatie))
    if actor.organisatie_soort == "gemeente":
        query = query.where(Gemeente.organisatie == actor.organisatie_id)
    elif actor.organisatie_soort == "instantie":
        query = query.where(Machtiging.organisatie == actor.organisatie_id)
    else:
        raise GeenToegang()
    return list(query.order_by(Machtiging.verleend.desc(), Machtiging.id.desc()))


def _is_operator(actor):
    return actor.organisatie_id is None  # the CLI and the demo: functioneel beheer's hand


def verleen(actor, gemeentecode, oin, soort=VERZUIM, van=None, tot=None, vandaag=None,
            vooraf=()):
    """Grant a machtiging. A gemeente's beheerder grants it for its own gemeente, from today
    or later, and the instantie accepts it; the operator (`flask machtiging verleen`) grants
    on the signed paper verklaring of both, accepted at once. Every problem at once
    (Ongeldig): an unknown OIN, one's own, an overlap with another of the same instantie;
    `vooraf`, those the caller found reading the input (an unreadable date), with them."""
    vandaag = vandaag or datetime.date.today()
    oin = (oin or "").strip()
    fouten = list(vooraf)
    gelezen = {f.veld for f in vooraf}
    if _is_operator(actor):
        gemeente = Gemeente.get_or_none(Gemeente.code == gemeentecode)
    else:
        gemeente = next((g for g in eigen_gemeenten(actor) if g.code == gemeentecode), None)
        if not eigen_gemeenten(actor):
            raise GeenToegang()
    if gemeente is None:
        fouten.append(Fout("gemeentecode", N_("Kies een gemeente van uw organisatie."),
                           "R-GEM-03"))
    instantie = None
    if not (len(oin) == OIN_LENGTE and oin.isdigit()):
        fouten.append(Fout("oin", N_("Een OIN bestaat uit 20 cijfers."), "R-GEM-03"))
    else:
        instantie = Organisatie.get_or_none(Organisatie.oin == oin)
        eigen = {actor.organisatie_id, gemeente.organisatie_id if gemeente else None} - {None}
        if instantie is not None and instantie.id in eigen:
            fouten.append(Fout("oin", N_("U kunt uw eigen organisatie niet machtigen."),
                               "R-GEM-03"))
        elif instantie is None or instantie.soort != "instantie":
            fouten.append(Fout("oin", N_("Er is geen uitvoerende instantie met dit OIN. "
                                         "Vraag de instantie om haar OIN."), "R-GEM-03"))
    if soort not in SOORTEN:
        fouten.append(Fout("soort", N_("Kies waarvoor u de instantie machtigt."), "R-GEM-03"))
    if van is None and "van" not in gelezen:
        fouten.append(Fout("van", N_("Vul de ingangsdatum in."), "R-GEM-03"))
    elif van < vandaag and not _is_operator(actor):
        fouten.append(Fout("van", N_("De ingangsdatum ligt in het verleden."), "R-GEM-03"))
    if van is not None and tot is not None and tot < van:
        fouten.append(Fout("tot", N_("De einddatum ligt voor de ingangsdatum."), "R-GEM-03"))
    if fouten or gemeente is None or instantie is None:
        raise Ongeldig(fouten)
    soort = Soort(soort)
    with database.atomic():
        # The gemeente locked: of two grants at once, the second sees the first (PostgreSQL;
        # SQLite holds its write lock from BEGIN).
        list(vergrendel(Gemeente.select(Gemeente.id).where(Gemeente.id == gemeente.id)))
        for andere in Machtiging.select().where(
                Machtiging.gemeente == gemeente.id, Machtiging.organisatie == instantie.id,
                Machtiging.soort.in_(_soorten(soort)),
                Machtiging.beeindigd.is_null()):
            if overlappen(van, tot, andere.geldig_van, andere.geldig_tot):
                raise Ongeldig([Fout("van", N_(
                    "%(naam)s heeft al een machtiging voor %(gemeente)s die (deels) in deze "
                    "periode valt. Beëindig die eerst, of kies een periode daarna."),
                    "R-GEM-03", {"naam": instantie.naam, "gemeente": gemeente.naam})])
        nu = utcnow()
        wie = "functioneel beheer" if _is_operator(actor) else door(actor)
        machtiging = Machtiging.create(
            gemeente=gemeente, organisatie=instantie, soort=soort, geldig_van=van,
            geldig_tot=tot, verleend=nu, verleend_door=wie,
            geaccepteerd=nu if _is_operator(actor) else None,
            geaccepteerd_door=wie if _is_operator(actor) else None)
        mutaties.schrijf(actor, "machtiging", machtiging, "machtiging verleend",
                         na=_momentopname(machtiging))
        if not _is_operator(actor):
            for beheerder in beheerders(instantie.id):
                berichten.machtiging_verleend(beheerder.email, gemeente.naam, SOORTEN[soort])
    return machtiging


def _momentopname(machtiging):
    return {"gemeente": machtiging.gemeente.code, "oin": machtiging.organisatie.oin,
            "soort": str(machtiging.soort), "van": machtiging.geldig_van.isoformat(),
            "tot": machtiging.geldig_tot and machtiging.geldig_tot.isoformat(),
            "geaccepteerd": bool(machtiging.geaccepteerd), "beeindigd": bool(machtiging.beeindigd)}


def _van(actor, machtiging_id):
    """The machtiging and which side the actor is on ("gemeente", "instantie")."""
    machtiging = Machtiging.get_or_none(Machtiging.id == machtiging_id)
    if machtiging is None or not actor.heeft_rol("beheerder"):
        raise GeenToegang()
    if machtiging.organisatie_id == actor.organisatie_id:
        return machtiging, "instantie"
    if machtiging.gemeente.organisatie_id == actor.organisatie_id:
        return machtiging, "gemeente"
    raise GeenToegang()


def accepteer(actor, machtiging_id, versie):
    """The instantie accepts: from its geldig_van on it counts."""
    return _wijzig(actor, machtiging_id, versie, "geaccepteerd", (Status.TE_ACCEPTEREN,),
                   kanten=("instantie",))


def beeindig(actor, machtiging_id, versie):
    """Either side ends it, at once."""
    return _wijzig(actor, machtiging_id, versie, "beeindigd", LOPEND,
                   kanten=("gemeente", "instantie"))


def _wijzig(actor, machtiging_id, versie, wat, vanuit, kanten):
    """One step of a machtiging (`wat`: the column of its moment, "geaccepteerd" or
    "beeindigd"), from the version the page showed, in a status of `vanuit`, by a beheerder
    of one of `kanten`; a Mutatie, and the other side's beheerders told."""
    with database.atomic():
        machtiging, kant = _van(actor, machtiging_id)
        if kant not in kanten:
            raise GeenToegang()
        if machtiging.versie != versie or status_van(machtiging) not in vanuit:
            raise Conflict([Fout("", GEWIJZIGD, "R-GEM-03")])
        voor = _momentopname(machtiging)
        if not werk_bij(machtiging, **{wat: utcnow(), f"{wat}_door": door(actor)}):
            raise Conflict([Fout("", GEWIJZIGD, "R-GEM-03")])
        mutaties.schrijf(actor, "machtiging", machtiging, f"machtiging {wat}", voor=voor,
                         na=_momentopname(machtiging))
        andere = (machtiging.gemeente.organisatie_id if kant == "instantie"
                  else machtiging.organisatie_id)
        for beheerder in beheerders(andere):
            berichten.machtiging_gewijzigd(beheerder.email, machtiging.organisatie.naam,
                                           machtiging.gemeente.naam, wat)
    return machtiging
