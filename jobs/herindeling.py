"""Herindelingen (R-HER-01) in the background: every night the announcements due, the
herindelingen whose date has come and the clean-ups three months on; a herindeling cut off
(its worker killed) is taken up again within five minutes where it stopped."""
import datetime
import logging

from flask import current_app
from huey import crontab

from domain import herindeling
from domain.actor import Actor

from .wachtrij import app_context, huey

log = logging.getLogger(__name__)
SYSTEEM = Actor("systeem:herindeling", None)


def _maat():
    """(persons a transaction, claim) as configured."""
    config = current_app.config
    return (config["HERINDELING_PER_KEER"],
            datetime.timedelta(seconds=config["HERINDELING_CLAIM_SECONDS"]))


def dag(vandaag=None):
    """The day's work (the nightly job; `flask herindeling dag` for the demo's clock)."""
    per_keer, claim = _maat()
    return herindeling.dag(SYSTEEM, vandaag, per_keer, claim)


@huey.periodic_task(crontab(hour="1", minute="30"))
def nachtelijk():
    with app_context():
        log.info("herindelingen: %s", dag())


@huey.periodic_task(crontab(minute="*/5"))
def herstel():
    """Herindelingen due that no worker holds (their worker died) go on."""
    with app_context():
        per_keer, claim = _maat()
        for herindeling_id in herindeling.te_doen():
            herindeling.voer_uit(SYSTEEM, herindeling_id, per_keer, claim)
