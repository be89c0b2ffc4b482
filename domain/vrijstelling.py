"""Vrijstellingen and vervangende leerplicht (R-GEM-02), and the overlap with meldingen
(R-VZ-16): whichever of the two is registered first, the melding is accepted, flagged,
and the gemeente and the school are told."""
import datetime
import json
from dataclasses import dataclass

from models import Mutatie, Persoon, Verzuimmelding, Vrijstelling, database, vergrendel, werk_bij

from . import berichten, inzage, mutaties, nummers
from .behandeling import gemeenten_van
from .fouten import N_, Fout, GeenToegang, Gelijktijdig, Ongeldig
from .inschrijving import vergrendel_personen
from .machtiging import gemeente_ids
from .samenloop import overlapt
from .verzuim.lijsten import Status, lijstwaarden
from .verzuim.versies import nieuwe_versie


@dataclass
class VrijstellingInvoer:
    pgn: str = ""
    artikel: str = ""
    begindatum: datetime.date | None = None
    einddatum: datetime.date | None = None


def vrijstellingen_van(actor):
    gemeenten = gemeente_ids(actor)
    if not gemeenten:
        raise GeenToegang()
    rijen = list(Vrijstelling.select(Vrijstelling, Persoon).join(Persoon)
                 .where(Vrijstelling.gemeente.in_(gemeenten))
                 .order_by(Vrijstelling.begindatum.desc()))
    inzage.log(actor, "vrijstellingen", [v.persoon_id for v in rijen])
    return rijen


def registreer(actor, invoer):
    """R-GEM-02: a vrijstelling or vervangende leerplicht of a pupil living in one of
    the actor's gemeenten (R-AVG-03), with article and period."""
    gemeenten = {g.id: g for g in gemeenten_van(actor)}
    if not gemeenten:
        raise GeenToegang()
    fouten: list[Fout] = []
    nummer = nummers.schoon(invoer.pgn)
    persoon = None
    if not nummer:
        fouten.append(Fout("pgn", N_("Vul het persoonsgebonden nummer in."), "R-GEM-02"))
    else:
        persoon = Persoon.get_or_none(
            ((Persoon.bsn == nummer) | (Persoon.onderwijsnummer == nummer))
            & Persoon.woongemeente.in_(list(gemeenten)))
        if persoon is None:
            fouten.append(Fout("pgn", N_("Geen leerling met dit nummer woont in uw gemeente."),
                               "R-GEM-02"))
    artikel = _controleer(invoer, fouten)
    if fouten or persoon is None or artikel is None:
        raise Ongeldig(fouten)
    with database.atomic():
        meldingen = _vergrendel_meldingen(persoon.id)
        vrijstelling = Vrijstelling.create(
            persoon=persoon, gemeente=gemeenten[persoon.woongemeente_id],
            soort=artikel.kenmerken.split()[0], artikel=artikel.code,
            begindatum=invoer.begindatum, einddatum=invoer.einddatum)
        mutaties.schrijf(actor, "vrijstelling", vrijstelling, "vrijstelling toegevoegd",
                         na=_staat(vrijstelling), persoon=persoon)
        _markeer_samenloop(actor, vrijstelling, meldingen)
    return vrijstelling


def vrijstelling_van(actor, vrijstelling_id):
    """A vrijstelling registered for one of the actor's gemeenten (R-AVG-03), read and
    logged (R-AVG-02); GeenToegang otherwise."""
    vrijstelling = Vrijstelling.get_or_none(Vrijstelling.id == vrijstelling_id)
    if vrijstelling is None or vrijstelling.gemeente_id not in gemeente_ids(actor):
        raise GeenToegang()
    inzage.log(actor, "vrijstelling inzien", [vrijstelling.persoon_id],
               gemeenten={vrijstelling.gemeente_id})
    return vrijstelling


def wijzig(actor, vrijstelling_id, versie, invoer):
    """R-GEM-02: end a vrijstelling (an einddatum) or correct it (artikel, period), from
    the version the actor read: one `UPDATE … WHERE versie = <read>`, a Mutatie with
    before and after, and R-VZ-16 for the new period. The pupil stays the same (another
    pupil is another vrijstelling)."""
    fouten: list[Fout] = []
    artikel = _controleer(invoer, fouten)
    if fouten or artikel is None:
        raise Ongeldig(fouten)
    with database.atomic():
        vrijstelling = vrijstelling_van(actor, vrijstelling_id)
        meldingen = _vergrendel_meldingen(vrijstelling.persoon_id)
        voor = _staat(vrijstelling)
        if vrijstelling.versie != versie or not werk_bij(
                vrijstelling, soort=artikel.kenmerken.split()[0], artikel=artikel.code,
                begindatum=invoer.begindatum, einddatum=invoer.einddatum):
            raise Gelijktijdig("versie", "R-GEM-02")
        mutaties.schrijf(actor, "vrijstelling", vrijstelling, "vrijstelling gewijzigd",
                         voor=voor, na=_staat(vrijstelling), persoon=vrijstelling.persoon_id)
        _markeer_samenloop(actor, vrijstelling, meldingen)
    return vrijstelling


def historie(vrijstelling):
    """Every change of the vrijstelling, oldest first: (tijdstip, soort, voor, na)."""
    return [(m.tijdstip, m.soort, json.loads(m.voor) if m.voor else None,
             json.loads(m.na) if m.na else None)
            for m in Mutatie.select().where(Mutatie.onderwerp == "vrijstelling",
                                            Mutatie.onderwerp_id == vrijstelling.id)
            .order_by(Mutatie.id)]


def _controleer(invoer, fouten):
    """R-GEM-02's article and period; the article's reference value when it is one."""
    artikelen = lijstwaarden("vrijstelling_artikel")
    if invoer.artikel not in artikelen:
        fouten.append(Fout("artikel", N_("Kies het artikel van de Leerplichtwet."), "R-GEM-02"))
    if invoer.begindatum is None:
        fouten.append(Fout("begindatum", N_("Vul de begindatum in."), "R-GEM-02"))
    elif invoer.einddatum and invoer.einddatum < invoer.begindatum:
        fouten.append(Fout("einddatum", N_("De einddatum mag niet voor de begindatum liggen."),
                           "R-GEM-02"))
    return artikelen.get(invoer.artikel)


def _staat(vrijstelling):
    return {"artikel": vrijstelling.artikel, "begindatum": vrijstelling.begindatum.isoformat(),
            "einddatum": vrijstelling.einddatum.isoformat() if vrijstelling.einddatum else None,
            "versie": vrijstelling.versie}


def _vergrendel_meldingen(persoon_id):
    """The pupil's meldingen that are not withdrawn, locked until commit (PostgreSQL): their
    versions as read here are current, and a melding saved at the same moment waits for
    this vrijstelling (R-VZ-16 is then checked by the one that comes second)."""
    vergrendel_personen(Persoon.id == persoon_id)
    return list(vergrendel(Verzuimmelding.select().where(
        Verzuimmelding.persoon == persoon_id, Verzuimmelding.status != Status.INGETROKKEN)))


def _markeer_samenloop(actor, vrijstelling, meldingen):
    """R-VZ-16: each melding the vrijstelling's period overlaps is flagged once; the flag
    is a change of the melding, so its version tells the feed and both sides."""
    for melding in meldingen:
        if (not melding.vrijstelling_overlap
                and overlapt(melding.periode_van, melding.periode_tm, vrijstelling)):
            nieuwe_versie(actor, melding, "vrijstelling overlap", vrijstelling_overlap=True)
            berichten.samenloop(melding)
