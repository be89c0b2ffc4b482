"""Melden (seed 004 ch. 2): saving a melding (R-VZ-10), changing it (R-VZ-12), withdrawing
it (R-VZ-13), and reading the school's own."""
import datetime

from models import Nummerreeks, Persoon, Verzuimmelding, database, utcnow

from .. import berichten, inzage, mutaties, routing, samenloop, velden
from ..fouten import N_, Fout, GeenToegang, Gewijzigd, Ongeldig
from ..inschrijving import instellingen_van, vergrendel_personen
from .document import LANG, als_gegevens, document, gegevens, invoer_van
from .leerling import Leerling, zoek_leerling
from .lijsten import INTREKBAAR, WIJZIGBAAR, Status, lijstwaarden
from .regels import controleer_melding, wet_voor
from .versies import nieuwe_versie, schrijf_versie, versies_van

# Fixed once reported (the seed shows them as text on Wijzigen Verzuim, Afb. 9).
VAST_NA_MELDEN = ("periode_van", "vermoedelijke_soort", "alle_lessen_gemist", "onderwijslocatie")


def is_intrekbaar(melding):
    return melding.status in INTREKBAAR


def is_wijzigbaar(melding):
    return melding.status in WIJZIGBAAR


def volgend_meldingnummer():
    Nummerreeks.insert(naam="meldingnummer", volgende=1).on_conflict_ignore().execute()
    (Nummerreeks.update(volgende=Nummerreeks.volgende + 1)
     .where(Nummerreeks.naam == "meldingnummer").execute())
    return Nummerreeks.get_by_id("meldingnummer").volgende - 1


def sla_op(actor, instellingscode, pgn, invoer, vandaag=None):
    """R-VZ-10: store the melding with its first version and Mutatie, and put the mails
    to the handling instantie (and, when asked, the school's contactpersoon) in the
    outbox, all in one transaction. Returns the Verzuimmelding."""
    vandaag = vandaag or datetime.date.today()
    with database.atomic():
        leerling = zoek_leerling(actor, instellingscode, pgn, vandaag)
        if leerling is None:
            raise Ongeldig([Fout("pgn", N_("Geen gegevens gevonden."), "R-VZ-01")])
        # The pupil stays locked until commit (PostgreSQL): two writers cannot both pass
        # the check on its other meldingen (R-VZ-06, R-VZ-16) and then both store.
        vergrendel_personen(Persoon.id == leerling.persoon.id)
        fouten = controleer_melding(leerling, invoer, vandaag=vandaag)
        if fouten:
            raise Ongeldig(fouten)
        # R-VZ-16 when the melding comes second: stored flagged, both sides told.
        overlap = samenloop.overlapt_vrijstelling(leerling.persoon, invoer.periode_van,
                                                  invoer.periode_tm)
        # R-GEM-01: the gemeente's routering of today for the melding's category.
        route = routing.route_in(leerling.route.gemeente, routing.categorie_van(
            leerling.persoon, invoer.periode_van, invoer.vermoedelijke_soort), vandaag)
        melding = Verzuimmelding.create(
            nummer=volgend_meldingnummer(), persoon=leerling.persoon,
            instelling=leerling.instelling, gemeente=route.gemeente,
            instantie_email=route.email, instantie=route.instantie, categorie=route.categorie,
            status=Status.GEREGISTREERD,
            wet=wet_voor(leerling.persoon, invoer.periode_van),
            vermoedelijke_soort=invoer.vermoedelijke_soort, periode_van=invoer.periode_van,
            periode_tm=invoer.periode_tm, met_prioriteit=invoer.met_prioriteit,
            naam_contactpersoon=invoer.naam_contactpersoon.strip(), melddatum=vandaag,
            vrijstelling_overlap=overlap, gegevens=als_gegevens(document(invoer)))
        mutaties.schrijf(actor, "verzuimmelding", melding, "melding toegevoegd",
                         na={"nummer": melding.nummer, "status": melding.status},
                         persoon=leerling.persoon)
        berichten.nieuwe_melding(melding, invoer)
        if overlap:
            berichten.samenloop(melding)
        schrijf_versie(actor, melding)
    return melding


def melding_van(actor, nummer):
    """A melding of the actor's own instellingen (R-AVG-03), read and logged (R-AVG-02)."""
    melding = Verzuimmelding.get_or_none(Verzuimmelding.nummer == nummer)
    if melding is None or melding.instelling_id not in {i.id for i in instellingen_van(actor)}:
        raise GeenToegang()
    inzage.log(actor, "verzuimmelding inzien", [melding.persoon_id])
    return melding


def wijzig_melding(actor, concept):
    """R-VZ-12: store the changes of a Wijzigen concept. Refused when the melding was
    changed by someone else after the concept read it; the concept stays, so nothing
    typed is lost."""
    with database.atomic():
        melding = melding_van(actor, concept.melding.nummer)
        vergrendel_personen(Persoon.id == melding.persoon_id)
        if not is_wijzigbaar(melding):
            raise Ongeldig([Fout("status", N_("Een afgesloten melding kan niet meer gewijzigd "
                                              "worden."), "R-VZ-12")])
        if melding.versie != concept.versie:
            raise Gewijzigd("status", "R-VZ-12")
        invoer = invoer_van(concept)
        vast = invoer_van(melding)
        for veld in VAST_NA_MELDEN:
            setattr(invoer, veld, getattr(vast, veld))
        leerling = Leerling.van_melding(melding)
        fouten = controleer_melding(leerling, invoer, eigen_nummer=melding.nummer)
        if fouten:
            raise Ongeldig(fouten)
        nieuwe_versie(actor, melding, "melding gewijzigd", "status", "R-VZ-12",
                      gegevens=als_gegevens(document(invoer)),
                      periode_tm=invoer.periode_tm, met_prioriteit=invoer.met_prioriteit,
                      naam_contactpersoon=invoer.naam_contactpersoon.strip())
        concept.delete_instance()
    return melding


def begin_schooljaar(datum):
    """1 August of the school year that `datum` falls in."""
    jaar = datum.year if datum.month >= 8 else datum.year - 1
    return datetime.date(jaar, 8, 1)


def trek_in(actor, nummer, reden, toelichting="", vandaag=None):
    """R-VZ-13: withdraw with a reason; cannot be undone. "geen inschrijving" only for
    meldingen starting on or after 1 August of the current school year; "foutief" and
    "onterecht opgevoerd" up to one year back."""
    vandaag = vandaag or datetime.date.today()
    with database.atomic():
        melding = melding_van(actor, nummer)
        redenen = lijstwaarden("reden_intrekken")
        fouten: list[Fout] = []
        velden.te_lang(fouten, "toelichting", toelichting, LANG)
        if not is_intrekbaar(melding):
            fouten.append(Fout("reden", N_("Deze melding is al ingetrokken."), "R-VZ-13"))
        elif reden not in redenen:
            fouten.append(Fout("reden", N_("Kies de reden van intrekken."), "R-VZ-13"))
        elif reden == "GEEN_INSCHRIJVING" and melding.periode_van < begin_schooljaar(vandaag):
            fouten.append(Fout("reden", N_("Met de reden 'geen inschrijving' kunt u alleen "
                                           "meldingen intrekken die op of na 1 augustus van het "
                                           "lopende schooljaar beginnen."), "R-VZ-13"))
        elif reden in ("FOUTIEF", "ONTERECHT") and \
                melding.periode_van < vandaag - datetime.timedelta(days=365):
            fouten.append(Fout("reden", N_("Met deze reden kunt u meldingen tot een jaar terug "
                                           "intrekken."), "R-VZ-13"))
        if fouten:
            raise Ongeldig(fouten)
        doc = gegevens(melding)
        doc["intrekking"] = {"reden": reden, "toelichting": (toelichting or "").strip(),
                             "datum": vandaag.isoformat()}
        nieuwe_versie(actor, melding, "melding ingetrokken", "reden", "R-VZ-13",
                      status=Status.INGETROKKEN,
                      status_sinds=utcnow(), gegevens=als_gegevens(doc))
        berichten.ingetrokken(melding)  # the gemeente need not handle it any more
    return melding


def versies(actor, nummer):
    """R-VZ-14: every version of the school's melding, newest first."""
    melding = melding_van(actor, nummer)
    return melding, versies_van(melding)
