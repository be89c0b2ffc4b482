"""Vrijstellingen and vervangende leerplicht (R-GEM-02), and the overlap with meldingen
(R-VZ-16): whichever of the two is registered first, the melding is accepted, flagged,
and the gemeente and the school are told."""
import datetime
from dataclasses import dataclass

from models import Persoon, Verzuimmelding, Vrijstelling, database, vergrendel

from . import berichten, inzage, mutaties, nummers
from .behandeling import gemeenten_van
from .fouten import N_, Fout, GeenToegang, Ongeldig
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
    fouten = []
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
    artikelen = lijstwaarden("vrijstelling_artikel")
    if invoer.artikel not in artikelen:
        fouten.append(Fout("artikel", N_("Kies het artikel van de Leerplichtwet."), "R-GEM-02"))
    if invoer.begindatum is None:
        fouten.append(Fout("begindatum", N_("Vul de begindatum in."), "R-GEM-02"))
    elif invoer.einddatum and invoer.einddatum < invoer.begindatum:
        fouten.append(Fout("einddatum", N_("De einddatum mag niet voor de begindatum liggen."),
                           "R-GEM-02"))
    if fouten or persoon is None:
        raise Ongeldig(fouten)
    artikel = artikelen[invoer.artikel]
    with database.atomic():
        # The pupil's open meldingen stay locked until commit (PostgreSQL): their versions
        # as read here are current, and a melding saved at the same moment waits for this
        # vrijstelling (R-VZ-16 is then checked by the one that comes second).
        list(vergrendel(Persoon.select(Persoon.id).where(Persoon.id == persoon.id)))
        meldingen = list(vergrendel(Verzuimmelding.select().where(
            Verzuimmelding.persoon == persoon, Verzuimmelding.status != Status.INGETROKKEN)))
        vrijstelling = Vrijstelling.create(
            persoon=persoon, gemeente=gemeenten[persoon.woongemeente_id],
            soort=artikel.kenmerken.split()[0], artikel=artikel.code,
            begindatum=invoer.begindatum, einddatum=invoer.einddatum)
        mutaties.schrijf(actor, "vrijstelling", vrijstelling, "vrijstelling toegevoegd",
                         na={"artikel": artikel.code, "begindatum": invoer.begindatum.isoformat(),
                             "einddatum": invoer.einddatum.isoformat() if invoer.einddatum
                             else None}, persoon=persoon)
        for melding in meldingen:
            if (not melding.vrijstelling_overlap
                    and overlapt(melding.periode_van, melding.periode_tm, vrijstelling)):
                # The flag is a change of the melding: its version tells the feed and both sides.
                nieuwe_versie(actor, melding, "vrijstelling overlap", vrijstelling_overlap=True)
                berichten.samenloop(melding)
    return vrijstelling
