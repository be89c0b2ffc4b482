"""Koppeling files (R-LEV-04) in the background: the rows linked one transaction each, the
file returned answered with a mail; and, once functioneel beheer has answered a file's
last question, the file returned again with the answers."""
import logging
import sqlite3
import tempfile

from flask_babel import force_locale, gettext
from huey import crontab
from redis.exceptions import RedisError

from domain import bestanden, koppeling, levering
from domain.fouten import Fout, GeenToegang, Ongeldig
from formats import Onleesbaar
from formats import koppelingen as koppelbestand
from models import Bestand

from .wachtrij import app_context, huey

log = logging.getLogger(__name__)


def verwerk(bestand, houder, claim):
    """Process a claimed koppeling file (jobs.bestanden.verwerk hands it over)."""
    try:
        try:
            naam = koppelbestand.lees_naam(bestand.naam, bestand.tijdstip.date())
            inhoud = koppelbestand.lees(bestanden.inhoud_van(bestand))
        except Onleesbaar as exc:
            bestanden.weiger(bestand, houder, exc.fouten, claim)
            return
        actor = bestanden.actor_van(bestand)
        try:
            if actor is None or actor.organisatie_id != bestand.organisatie_id:
                raise GeenToegang()
            gebied = levering.gebied_van(actor, naam.gebied, naam.code)
        except (GeenToegang, Ongeldig):
            bestanden.weiger(bestand, houder, [Fout("bestand", koppeling.GEEN_ROL,
                                                    koppeling.REGEL)], claim)
            return
        bestanden.zet_aantal(bestand, houder, inhoud.aantal, claim)
        koppeling.verwerk(actor, bestand, houder, levering.gemeente_ids_van(gebied),
                          inhoud.rijen(), claim)
        with tempfile.TemporaryFile() as bron:
            _beantwoord(bestand, inhoud, bron)
            koppeling.rond_af(bestand, houder, koppelbestand.antwoord_naam(bestand.naam),
                              bron, claim)
    except bestanden.Overgenomen:
        log.warning("file %s: taken over by another consumer", bestand.id)


def _beantwoord(bestand, inhoud, bron):
    """The answered file, in the sender's language, written to the open file `bron`."""
    antwoorden = koppeling.antwoorden(bestand)

    def tekst(waarde):
        return gettext(waarde.melding, **waarde.params) if isinstance(waarde, Fout) else (
            waarde or "")

    def per_rij(nummer):
        resultaat, antwoord = antwoorden.get(nummer, (None, ""))
        return tekst(resultaat), tekst(antwoord)
    with force_locale(bestand.taal):
        for blok in inhoud.beantwoord(per_rij):
            bron.write(blok)


def plan_antwoorden(bestand_id):
    """Queue the answered file's return, after the commit of the last answer. A queue that
    does not answer loses nothing: the periodic round finds the file."""
    try:
        stuur_antwoorden(bestand_id)
    except (RedisError, sqlite3.Error):
        log.exception("file %s: the job queue did not answer; queued again later", bestand_id)


@huey.task()
def stuur_antwoorden(bestand_id):
    with app_context():
        maak_antwoorden(bestand_id)


@huey.periodic_task(crontab(minute="*/5"))
def herstel_antwoorden():
    """Answered files whose return was lost are returned."""
    with app_context():
        for bestand_id in koppeling.antwoorden_te_sturen():
            maak_antwoorden(bestand_id)


def maak_antwoorden(bestand_id):
    """Return a koppeling file with the answers to its questions (once)."""
    bestand = Bestand.get_by_id(bestand_id)
    inhoud = koppelbestand.lees(bestanden.inhoud_van(bestand))
    with tempfile.TemporaryFile() as bron:
        _beantwoord(bestand, inhoud, bron)
        gestuurd = koppeling.stuur_antwoorden(
            bestand_id, koppelbestand.antwoord_naam(bestand.naam, antwoorden=True), bron)
    if gestuurd is not None:
        log.info("file %s: the answers to its questions returned as file %s", bestand_id,
                 gestuurd.id)
    return gestuurd
