"""Retention (R-AVG-01) in the background: every night the run of the day removes the
persons past their retention and the files past theirs; a run cut off (its worker killed)
is taken up again within five minutes and goes on where it stopped."""
import datetime
import logging
import sqlite3

from flask import current_app
from huey import crontab
from redis.exceptions import RedisError

from domain import opschoning
from domain.actor import Actor

from .wachtrij import app_context, huey

log = logging.getLogger(__name__)
SYSTEEM = Actor("systeem:opschoning", None)


def plan(run_id):
    """Queue a run (a dry run asked for on the page); a queue that does not answer loses
    nothing: the periodic round finds the run."""
    try:
        voer_uit(run_id)
    except (RedisError, sqlite3.Error):
        log.exception("opschoning %s: the job queue did not answer; queued again later", run_id)


@huey.task()
def voer_uit(run_id):
    with app_context():
        verwerk(run_id)


def verwerk(run_id):
    config = current_app.config
    klaar = opschoning.voer_uit(run_id, config["OPSCHONING_PER_KEER"],
                                datetime.timedelta(seconds=config["OPSCHONING_CLAIM_SECONDS"]))
    if klaar is not None:
        log.info("opschoning %s (%s, droog=%s) klaar: %s", klaar.id, klaar.peildatum, klaar.droog,
                 klaar.aantallen)


@huey.periodic_task(crontab(hour="2", minute="30"))
def nachtelijk():
    """The run of the day."""
    with app_context():
        verwerk(opschoning.begin(SYSTEEM, datetime.date.today()).id)


@huey.periodic_task(crontab(minute="*/5"))
def herstel():
    """Runs no worker holds (lost from the queue, or their worker died) go on."""
    with app_context():
        for run_id in opschoning.onaf():
            verwerk(run_id)
