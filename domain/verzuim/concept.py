"""The wizard's concepts (R-VZ-04): a melding being entered, kept server-side so a reload
or the back button loses nothing, and not in the register until Opslaan."""
import datetime
import json
import secrets
from dataclasses import dataclass, replace

from models import MeldingConcept, Verzuimmelding, database, utcnow

from .. import velden
from ..fouten import N_, Fout, GeenToegang, Gelijktijdig, Ongeldig
from .document import STAPPEN, MeldingInvoer, als_gegevens, document, invoer_van
from .leerling import zoek_leerling
from .melden import VAST_NA_MELDEN, is_wijzigbaar, melding_van, sla_op, wijzig_melding
from .regels import wet_voor

CONCEPT_BEWAARTIJD = datetime.timedelta(days=1)


def begin_concept(actor, instellingscode, pgn, gebruiker_id):
    """Start the wizard for a found pupil (Toevoegen); returns the concept."""
    leerling = zoek_leerling(actor, instellingscode, pgn)
    if leerling is None:
        raise Ongeldig([Fout("pgn", N_("Geen gegevens gevonden."), "R-VZ-01")])
    invoer = MeldingInvoer(onderwijslocatie=leerling.onderwijslocatie())
    return _nieuw_concept(gebruiker_id, leerling.instelling, leerling.persoon,
                          als_gegevens(document(invoer)))


def _nieuw_concept(gebruiker_id, instelling, persoon, gegevens, **melding):
    """A concept under a key nobody can guess; concepts left longer than
    CONCEPT_BEWAARTIJD are removed on the way."""
    (MeldingConcept.delete()
     .where(MeldingConcept.gewijzigd < utcnow() - CONCEPT_BEWAARTIJD).execute())
    return MeldingConcept.create(sleutel=secrets.token_urlsafe(24), gebruiker=gebruiker_id,
                                 instelling=instelling, persoon=persoon, gegevens=gegevens,
                                 **melding)


def concept_van(actor, sleutel):
    """The actor's own concept (a concept belongs to the user who started it)."""
    concept = MeldingConcept.get_or_none(MeldingConcept.sleutel == sleutel)
    if concept is None or actor.kenmerk != f"gebruiker:{concept.gebruiker_id}":
        raise GeenToegang()
    return concept


def vaste_velden(concept):
    """The fields a concept shows but does not change: those fixed once the melding it
    changes was reported (R-VZ-12); none for a new melding."""
    return VAST_NA_MELDEN if concept.melding_id is not None else ()


def wet_van(concept, invoer):
    """The wet the concept's melding is under: a changed melding keeps its own; a new one
    follows from the pupil's age when its period starts, once that is known."""
    if concept.melding_id is not None:
        return concept.melding.wet
    return wet_voor(concept.persoon, invoer.periode_van) if invoer.periode_van else ""


def stap_van(veld):
    """The wizard step that owns a field (for linking a problem to its step)."""
    naam = veld.split("-")[0]
    return next((stap for stap, velden in STAPPEN.items() if naam in velden), "overzicht")


def leerling_van(actor, concept):
    return zoek_leerling(actor, concept.instelling.code, _pgn(concept.persoon))


def _pgn(persoon):
    return persoon.bsn or persoon.onderwijsnummer


def bewaar_concept(concept, invoer):
    concept.gegevens = als_gegevens(document(invoer))
    concept.gewijzigd = utcnow()
    concept.save()


def verstuur_concept(actor, concept):
    """Opslaan on the Overzicht: the concept becomes a melding (R-VZ-10), or changes its
    melding (R-VZ-12), and is removed."""
    if concept.melding_id is not None:
        return wijzig_melding(actor, concept)
    with database.atomic():
        # Removed first, in the same statement that checks it is still there: Opslaan
        # pressed twice stores one melding, the second answers that it was already sent.
        if not MeldingConcept.delete().where(MeldingConcept.id == concept.id).execute():
            raise Gelijktijdig("opslaan", "R-VZ-10")
        melding = sla_op(actor, concept.instelling.code, _pgn(concept.persoon),
                         invoer_van(concept))
    return melding


def begin_wijziging(actor, nummer, gebruiker_id):
    """Wijzigen: a concept holding the melding as it is now, and the version read."""
    melding = melding_van(actor, nummer)
    if not is_wijzigbaar(melding):
        raise Ongeldig([Fout("status", N_("Een afgesloten melding kan niet meer gewijzigd "
                                          "worden."), "R-VZ-12")])
    return _nieuw_concept(gebruiker_id, melding.instelling, melding.persoon, melding.gegevens,
                          melding=melding, versie=melding.versie)


def begin_kopie(actor, nummer, gebruiker_id):
    """R-VZ-15: a new melding prefilled from an existing one, through the same wizard.
    The period and its days are left empty: copied, they would overlap the original."""
    melding = melding_van(actor, nummer)
    invoer = invoer_van(melding)
    invoer.periode_van = invoer.periode_tm = None
    invoer.verzuimdagen, invoer.verzuimdagen_specificeren = [], False
    return _nieuw_concept(gebruiker_id, melding.instelling, melding.persoon,
                          als_gegevens(document(invoer)))


# Selecteer contactpersoon (seed 004 Afb. 6) reads the school's latest meldingen, not all
# of them: a list longer than this is not chosen from.
EERDERE_MELDINGEN = 500


@dataclass(frozen=True)
class EerdereContactpersoon:
    melding: int  # the meldingnummer it was last given on: what the choice names
    naam: str
    functie: str
    telefoon: str
    email: str


def eerdere_contactpersonen(concept):
    """Selecteer contactpersoon: the contactpersonen the concept's instelling gave on its
    earlier meldingen, each (naam and e-mail) once with its latest details, by naam."""
    gezien = {}
    for nummer, gegevens in (Verzuimmelding.select(Verzuimmelding.nummer,
                                                   Verzuimmelding.gegevens)
                             .where(Verzuimmelding.instelling == concept.instelling)
                             .order_by(Verzuimmelding.id.desc())
                             .limit(EERDERE_MELDINGEN).tuples()):
        doc = json.loads(gegevens)
        naam = doc.get("naam_contactpersoon", "").strip()
        email = doc.get("email_contactpersoon", "").strip()
        if naam and (naam.lower(), email.lower()) not in gezien:
            gezien[naam.lower(), email.lower()] = EerdereContactpersoon(
                nummer, naam, doc.get("functie_contactpersoon", ""),
                doc.get("telefoon_contactpersoon", ""), email)
    return sorted(gezien.values(), key=lambda c: (c.naam.lower(), c.email.lower()))


def neem_contactpersoon(concept, invoer, keuze):
    """The invoer with the contactpersoon of the school chosen from `eerdere_contactpersonen`
    (`keuze` names its melding): naam, functie, telefoon and e-mail filled in."""
    melding = Verzuimmelding.get_or_none(Verzuimmelding.nummer == velden.getal(keuze, 9),
                                         Verzuimmelding.instelling == concept.instelling)
    if melding is None:
        raise Ongeldig([Fout("selecteer_contactpersoon",
                             N_("Kies een contactpersoon uit de lijst."))])
    bron = invoer_van(melding)
    return replace(invoer, naam_contactpersoon=bron.naam_contactpersoon,
                   functie_contactpersoon=bron.functie_contactpersoon,
                   telefoon_contactpersoon=bron.telefoon_contactpersoon,
                   email_contactpersoon=bron.email_contactpersoon)
