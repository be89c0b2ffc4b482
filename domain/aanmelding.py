"""Aanmelden voor gegevenslevering (seed 003; seed 000's "Aanmeldformulier
RMC-gegevenslevering"): a gemeente signs up for the P-levering, delivered to the gemeente,
to its Doorstroompunt-regio, or both, and mailed to the users it names. What the original
does with a paper form, a behandelaar RMC of the gemeente or of the regio does on a page;
every change is a version that both see."""
import enum
import functools
import json
import operator

from peewee import JOIN, IntegrityError

from models import (
    Aanmelding,
    AanmeldingVersie,
    Gebruiker,
    Gemeente,
    Kenmerk,
    Machtiging,
    Organisatie,
    Regio,
    Rol,
    database,
    utcnow,
    werk_bij,
)

from . import machtiging
from .actor import door
from .fouten import N_, Conflict, Fout, GeenToegang, Ongeldig

ROL = "behandelaar_rmc"


class Via(enum.StrEnum):
    """Where the deliveries of a gemeente go (seed 000)."""

    GEMEENTE = "gemeente"
    REGIO = "regio"
    BEIDE = "beide"


VIA = {
    Via.GEMEENTE: N_("Via de gemeente"),
    Via.REGIO: N_("Via de Doorstroompunt-regio"),
    Via.BEIDE: N_("Via de gemeente en de Doorstroompunt-regio"),
}

GEWIJZIGD = N_("De aanmelding is intussen gewijzigd. Bekijk de historie en voer uw wijziging "
               "opnieuw in.")


def gemeenten_van(actor):
    """The gemeenten whose deliveries `actor` may arrange and ask for: those of its
    gemeentecodes, and every gemeente of its Doorstroompunt-codes (regiocode), as kenmerken
    of the role Behandelaar RMC (seed 003)."""
    gemeentecodes, regios = codes_van(actor)
    if not actor.heeft_rol(ROL):
        return []
    waar = Gemeente.code.in_(gemeentecodes)
    if regios:
        waar |= Gemeente.regio.in_(Regio.select(Regio.id).where(Regio.code.in_(regios)))
    return list(Gemeente.select(Gemeente, Regio)
                .join(Regio, JOIN.LEFT_OUTER, on=Gemeente.regio == Regio.id)
                .where(waar, Gemeente.geldig_tot.is_null()).order_by(Gemeente.code))


def codes_van(actor):
    """(gemeentecodes, regiocodes) of the actor's kenmerken, sorted; an instantie's only
    those of gemeenten that authorise it for their leveringen today (R-GEM-03)."""
    gemeentecodes = sorted(actor.waarden("gemeentecode"))
    if actor.organisatie_soort != "instantie":
        return gemeentecodes, sorted(actor.waarden("regiocode"))
    gemachtigd = {g.code for g in machtiging.gemeenten_van(actor.organisatie_id,
                                                            machtiging.Soort.LEVERINGEN)}
    return [code for code in gemeentecodes if code in gemachtigd], []


def gemeente_van(actor, gemeentecode):
    """A gemeente whose sign-up the actor arranges: the gemeente's or the regio's own
    Behandelaar RMC; an authorised instantie receives the leveringen, not arranges them."""
    if actor.organisatie_soort == "instantie":
        raise GeenToegang()
    for gemeente in gemeenten_van(actor):
        if gemeente.code == gemeentecode:
            return gemeente
    raise GeenToegang()


def aanmelding_van(gemeente):
    return Aanmelding.get_or_none(Aanmelding.gemeente == gemeente.id)


def aanmeldingen_van(actor):
    """(gemeente, its Aanmelding or None) for every gemeente whose sign-up the actor
    arranges (gemeente_van)."""
    if actor.organisatie_soort == "instantie":
        return []
    gemeenten = gemeenten_van(actor)
    aanmeldingen = {a.gemeente_id: a for a in Aanmelding.select().where(
        Aanmelding.gemeente.in_([g.id for g in gemeenten]))}
    return [(g, aanmeldingen.get(g.id)) for g in gemeenten]


def organisaties(gemeente, via):
    """The organisations a delivery of `gemeente` goes to: the gemeente's own, its
    regio's, or both (those that exist)."""
    gekozen = []
    if via in (Via.GEMEENTE, Via.BEIDE) and gemeente.organisatie_id:
        gekozen.append(gemeente.organisatie_id)
    if via in (Via.REGIO, Via.BEIDE) and gemeente.regio_id:
        regio = Regio.get_by_id(gemeente.regio_id)
        if regio.organisatie_id:
            gekozen.append(regio.organisatie_id)
    return gekozen + _gemachtigd(gemeente)


def _gemachtigd(gemeente):
    """The instanties the gemeente authorised for its leveringen today (R-GEM-03): they
    receive every delivery of it too."""
    return [m.organisatie_id for m in Machtiging.select(Machtiging.organisatie).where(
        Machtiging.gemeente == gemeente.id,
        machtiging.geldig(Machtiging.organisatie, machtiging.Soort.LEVERINGEN))]


def mogelijke_ontvangers(gemeente, via):
    """The active users a delivery of `gemeente` may be mailed to: Behandelaar RMC with the
    gemeente's code (in the gemeente's organisation) or its regio's code (in the regio's),
    as far as `via` sends it there."""
    waar = []
    if via in (Via.GEMEENTE, Via.BEIDE) and gemeente.organisatie_id:
        waar.append((Kenmerk.soort == "gemeentecode") & (Kenmerk.waarde == gemeente.code)
                    & (Gebruiker.organisatie == gemeente.organisatie_id))
    if via in (Via.REGIO, Via.BEIDE) and gemeente.regio_id:
        regio = Regio.get_by_id(gemeente.regio_id)
        if regio.organisatie_id:
            waar.append((Kenmerk.soort == "regiocode") & (Kenmerk.waarde == regio.code)
                        & (Gebruiker.organisatie == regio.organisatie_id))
    instanties = _gemachtigd(gemeente)
    if instanties:
        waar.append((Kenmerk.soort == "gemeentecode") & (Kenmerk.waarde == gemeente.code)
                    & Gebruiker.organisatie.in_(instanties))
    if not waar:
        return []
    voorwaarde = functools.reduce(operator.or_, waar)
    return list(Gebruiker.select(Gebruiker, Organisatie).join(Organisatie).switch(Gebruiker)
                .join(Rol).switch(Gebruiker).join(Kenmerk)
                .where(Rol.rol == ROL, Gebruiker.actief == True, voorwaarde)  # noqa: E712
                .distinct().order_by(Gebruiker.naam))


def ontvangers_van(aanmelding):
    """The users a delivery is mailed to: those chosen that may still receive it."""
    gekozen = set(json.loads(aanmelding.ontvangers))
    gemeente = Gemeente.get_by_id(aanmelding.gemeente_id)
    return [g for g in mogelijke_ontvangers(gemeente, Via(aanmelding.via)) if g.id in gekozen]


def meld_aan(actor, gemeentecode, via, ontvangers, versie=None):
    """Sign a gemeente up, or change its sign-up (`versie`: the one the form showed).
    Raises Ongeldig with every problem at once; Conflict when someone saved a newer
    version since."""
    gemeente = gemeente_van(actor, gemeentecode)
    fouten = []
    if via not in VIA:
        fouten.append(Fout("via", N_("Kies waar de leveringen heen gaan.")))
        mogelijk = []
    else:
        via = Via(via)
        if not organisaties(gemeente, via):
            fouten.append(Fout("via", N_("Er is nog geen organisatie die de leveringen zo kan "
                                         "ontvangen. Kies een andere mogelijkheid.")))
        mogelijk = mogelijke_ontvangers(gemeente, via)
    ids = {g.id for g in mogelijk}
    if via in VIA and not ontvangers:
        fouten.append(Fout("ontvangers", N_("Kies ten minste één gebruiker die een e-mail krijgt "
                                            "als er een levering klaarstaat.")))
    elif via in VIA and any(o not in ids for o in ontvangers):
        buiten = [g.naam for g in mogelijke_ontvangers(gemeente, Via.BEIDE)
                  if g.id in set(ontvangers) - ids]
        fouten.append(Fout("ontvangers", N_(
            "%(namen)s ontvangt de leveringen niet zoals u ze nu laat leveren. Kies bij "
            "Levering via ook de organisatie van deze gebruiker, of vink hem of haar uit."),
            params={"namen": ", ".join(buiten) or "?"}))
    if fouten:
        raise Ongeldig(fouten)
    gegevens = {"via": str(via), "actief": True, "ontvangers": sorted(set(ontvangers))}
    return _bewaar(actor, gemeente, versie, gegevens)


def meld_af(actor, gemeentecode, versie):
    """End a sign-up: no more P-leveringen (the versions stay)."""
    gemeente = gemeente_van(actor, gemeentecode)
    aanmelding = aanmelding_van(gemeente)
    if aanmelding is None:
        raise GeenToegang()
    gegevens = {"via": aanmelding.via, "actief": False,
                "ontvangers": json.loads(aanmelding.ontvangers)}
    return _bewaar(actor, gemeente, versie, gegevens)


def _bewaar(actor, gemeente, versie, gegevens):
    kolommen = {"via": gegevens["via"], "actief": gegevens["actief"],
                "ontvangers": json.dumps(gegevens["ontvangers"])}
    with database.atomic():
        aanmelding = aanmelding_van(gemeente)
        if aanmelding is None:
            if versie:  # the form showed a sign-up that is no longer there
                raise Conflict([Fout("", GEWIJZIGD)])
            try:
                with database.atomic():
                    aanmelding = Aanmelding.create(gemeente=gemeente.id, **kolommen)
            except IntegrityError:  # signed up at the same moment by another user
                raise Conflict([Fout("", GEWIJZIGD)]) from None
        elif aanmelding.versie == versie and all(
                getattr(aanmelding, k) == v for k, v in kolommen.items()):
            return aanmelding  # saved unchanged: no new version
        elif not _werk_bij(aanmelding, versie, kolommen):
            raise Conflict([Fout("", GEWIJZIGD)])
        namen = {g.id: g.naam for g in Gebruiker.select(Gebruiker.id, Gebruiker.naam)
                 .where(Gebruiker.id.in_(gegevens["ontvangers"]))}
        AanmeldingVersie.create(
            aanmelding=aanmelding, versie=aanmelding.versie, tijdstip=utcnow(),
            actor=actor.kenmerk, organisatie=actor.organisatie_id, door=door(actor),
            gegevens=json.dumps({**gegevens, "namen": [namen.get(i, "") for i in
                                                       gegevens["ontvangers"]]}))
    return aanmelding


def _werk_bij(aanmelding, versie, kolommen):
    """The change, when the form showed the version now stored: checked in the UPDATE
    itself (werk_bij), so of two at once one loses."""
    return aanmelding.versie == versie and werk_bij(aanmelding, **kolommen)


def historie(actor, gemeentecode):
    """Every version of the gemeente's sign-up, newest first, as dicts (versie, tijdstip,
    door, via, actief, namen)."""
    gemeente = gemeente_van(actor, gemeentecode)
    aanmelding = aanmelding_van(gemeente)
    if aanmelding is None:
        return []
    return [{"versie": v.versie, "tijdstip": v.tijdstip, "door": v.door, **json.loads(v.gegevens)}
            for v in aanmelding.versies.order_by(AanmeldingVersie.versie.desc())]


def aangemeld(op_gemeente_ids=None):
    """The active sign-ups (of the gemeenten `op_gemeente_ids`, or all), with their gemeente."""
    query = (Aanmelding.select(Aanmelding, Gemeente).join(Gemeente)
             .where(Aanmelding.actief == True))  # noqa: E712
    if op_gemeente_ids is not None:
        query = query.where(Aanmelding.gemeente.in_(list(op_gemeente_ids)))
    return list(query.order_by(Gemeente.code))
