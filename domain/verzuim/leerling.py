"""Finding the pupil (R-VZ-01, R-VZ-02) and the open meldingen shown before a new one
(R-VZ-03)."""
import datetime
from dataclasses import dataclass

from models import Inschrijving, Onderwijslocatie, Persoon, Verzuimmelding

from .. import inzage, nummers, routing
from ..datums import DeelDatum
from ..fouten import N_, Fout, GeenToegang, Ongeldig
from ..inschrijving import instellingen_van
from .lijsten import OPEN

# A melding may concern a pupil who left recently: the enrolment may have ended this long ago.
UITGESCHREVEN_TERMIJN = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Leerling:
    persoon: Persoon
    route: routing.Route
    instelling: object  # models.Instelling: the school that reports

    @classmethod
    def van_melding(cls, melding):
        """The pupil as the melding routed it (not looked up again)."""
        return cls(persoon=melding.persoon, instelling=melding.instelling,
                   route=routing.Route(melding.gemeente, melding.instantie_email))

    def open_meldingen(self):
        """R-VZ-03: the pupil's meldingen of this school that are Geregistreerd or In
        behandeling, shown before a new one is added."""
        return list(Verzuimmelding.select()
                    .where(Verzuimmelding.persoon == self.persoon,
                           Verzuimmelding.instelling == self.instelling,
                           Verzuimmelding.status.in_(list(OPEN)))
                    .order_by(Verzuimmelding.periode_van.desc()))

    def onderwijslocatie(self):
        """The code of the onderwijslocatie of the pupil's latest inschrijving here, or "":
        what a new melding starts with."""
        inschrijving = (Inschrijving.select(Onderwijslocatie.code).join(Onderwijslocatie)
                        .where(Inschrijving.persoon == self.persoon,
                               Inschrijving.instelling == self.instelling)
                        .order_by(Inschrijving.datum_inschrijving.desc()).tuples().first())
        return inschrijving[0] if inschrijving else ""

    @property
    def geboortedatum(self):
        p = self.persoon
        return DeelDatum.uit_opslag(p.geboortedatum, p.geboortedatum_precisie)


def instelling_van(actor, instellingscode):
    """The actor's own instelling with this code (R-AVG-03), or GeenToegang."""
    for instelling in instellingen_van(actor):
        if instelling.code == instellingscode:
            return instelling
    raise GeenToegang()


def onderwijslocaties(instelling):
    """The instelling's onderwijslocaties, by code: those a melding may name (seed 004
    Afb. 9, 13, 16)."""
    return list(Onderwijslocatie.select().where(Onderwijslocatie.instelling == instelling)
                .order_by(Onderwijslocatie.code))


def is_eigen_locatie(instelling, code):
    return Onderwijslocatie.select().where(Onderwijslocatie.instelling == instelling,
                                           Onderwijslocatie.code == code).exists()


def zoek_leerling(actor, instellingscode, pgn, vandaag=None):
    """R-VZ-01: a pupil is found by persoonsgebonden nummer only, and only when enrolled
    at this instelling. R-VZ-02: a pupil living abroad cannot get a melding.
    Returns a Leerling, or None for "Geen gegevens gevonden"."""
    vandaag = vandaag or datetime.date.today()
    instelling = instelling_van(actor, instellingscode)
    nummer = nummers.schoon(pgn)
    if not nummer:
        raise Ongeldig([Fout("pgn", N_("Vul het persoonsgebonden nummer in."), "R-VZ-01")])
    if not (nummers.is_bsn(nummer) or nummers.is_onderwijsnummer(nummer)):
        raise Ongeldig([Fout("pgn", N_("Dit is geen geldig bsn of onderwijsnummer."),
                             "R-VZ-01")])
    persoon = (Persoon.select().join(Inschrijving)
               .where((Persoon.bsn == nummer) | (Persoon.onderwijsnummer == nummer),
                      Inschrijving.instelling == instelling,
                      Inschrijving.datum_inschrijving <= vandaag,
                      Inschrijving.datum_uitschrijving.is_null()
                      | (Inschrijving.datum_uitschrijving >= vandaag - UITGESCHREVEN_TERMIJN))
               .first())
    if persoon is None:
        return None
    inzage.log(actor, "opvoeren verzuim", [persoon.id])
    try:
        route = routing.behandelende_instantie(persoon)
    except routing.GeenInstantie as exc:
        raise Ongeldig([Fout("pgn", exc.melding, "R-VZ-02", {"code": exc.code})]) from exc
    return Leerling(persoon=persoon, route=route, instelling=instelling)
