"""Processing sent files in the background (Bestandsuitwisseling), and the periodic job
that picks up work a dead consumer left (files past their retention go with the nightly
retention run, jobs/opschoning.py)."""
import datetime
import logging
import os
import sqlite3
from pathlib import PurePath

from flask import current_app
from flask_babel import force_locale, gettext
from huey import crontab
from redis.exceptions import RedisError

from domain import bestanden
from domain.fouten import N_
from formats import Onleesbaar, tabellen
from formats import inschrijvingen as inschrijvingsbestand

from . import koppelingen
from .wachtrij import app_context, huey

log = logging.getLogger(__name__)

VERSLAG_KOPPEN = (N_("Regel"), N_("Leerling"), N_("Uitkomst"), N_("Kolom"), N_("Foutmelding"))


def plan(bestand_id):
    """Queue a stored file's job, after the commit that stored it (the consumer must find
    the row). A queue that does not answer loses nothing: the file waits in the database,
    and the periodic round queues it again."""
    try:
        verwerk_bestand(bestand_id)
    except (RedisError, sqlite3.Error):
        log.exception("file %s: the job queue did not answer; queued again later", bestand_id)


@huey.task()
def verwerk_bestand(bestand_id):
    with app_context():
        verwerk(bestand_id, _claim())


@huey.periodic_task(crontab(minute="*"))
def herstel():
    """Every minute (and when a consumer starts): files whose job was lost or whose
    consumer died go in the queue again. A consumer that finds one claimed leaves it."""
    with app_context():
        ids = bestanden.open_werk(_claim())
    for bestand_id in ids:
        log.info("file %s queued again", bestand_id)
        verwerk_bestand(bestand_id)


def _claim():
    return datetime.timedelta(seconds=current_app.config["BESTAND_CLAIM_SECONDS"])


def verwerk(bestand_id, claim=bestanden.CLAIM):
    """Claim, read and process one file, then return its report: what the job does."""
    genomen = bestanden.neem(bestand_id, claim)
    if genomen is None:
        return  # done, or another consumer has it
    bestand, houder = genomen
    log.info("file %s claimed by consumer %s (%s)", bestand_id, os.getpid(), houder)
    if bestand.soort == bestanden.Soort.KOPPELING:
        koppelingen.verwerk(bestand, houder, claim)
        return
    try:
        try:
            inhoud = inschrijvingsbestand.lees(bestand.naam, bestanden.inhoud_van(bestand),
                                               bestand.instelling.code)
        except Onleesbaar as exc:
            bestanden.weiger(bestand, houder, exc.fouten, claim)
            return
        if bestanden.verwerk(bestand, houder, inhoud.aantal, inhoud.opmerkingen,
                             inhoud.regels(), claim):
            bestanden.rond_af(bestand, houder, verslag_naam(bestand), verslag(bestand), claim)
    except bestanden.Overgenomen:
        log.warning("file %s: taken over by another consumer", bestand_id)


def verslag_naam(bestand):
    return f"verwerkingsverslag-{bestand.id}-{PurePath(bestand.naam).stem[:80]}.csv"


def verslag(bestand):
    """The verwerkingsverslag: a line per row (and per message of a refused row), in the
    sender's language, as CSV."""
    with force_locale(bestand.taal):
        rijen = [(u.regel, u.leerling, gettext(bestanden.UITKOMSTEN[u.uitkomst]),
                  inschrijvingsbestand.kolomnaam(fout.veld, gettext) if fout else "",
                  gettext(fout.melding, **fout.params) if fout else "")
                 for u in bestanden.regels_van(bestand) for fout in (u.fouten or [None])]
        koppen = [gettext(k) for k in VERSLAG_KOPPEN]
    return b"".join(tabellen.csv_stroom(koppen, rijen))
