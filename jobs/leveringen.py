"""Making the gegevensleveringen in the background: a C- or A-levering as soon as it is
asked for, the P-leveringen every week (Monday night), and a round every minute that
queues what a dead consumer left. A delivery is made by one job at a time (its claim);
one cut off is made whole by the next, never twice (domain/levering.py)."""
import logging
import sqlite3
import tempfile

from huey import crontab
from redis.exceptions import RedisError

from domain import levering
from formats import leveringen, tabellen

from .wachtrij import app_context, huey

log = logging.getLogger(__name__)


def plan(levering_id):
    """Queue a stored delivery's job, after the commit that stored it. A queue that does
    not answer loses nothing: the periodic round queues it again."""
    try:
        maak_levering(levering_id)
    except (RedisError, sqlite3.Error):
        log.exception("levering %s: the job queue did not answer; queued again later",
                      levering_id)


@huey.task()
def maak_levering(levering_id):
    with app_context():
        maak(levering_id)


@huey.periodic_task(crontab(minute="*"))
def herstel():
    """Deliveries whose job was lost or whose consumer died go in the queue again."""
    with app_context():
        ids = levering.open_werk()
    for levering_id in ids:
        log.info("levering %s queued again", levering_id)
        maak_levering(levering_id)


@huey.periodic_task(crontab(day_of_week="1", hour="2", minute="7"))
def p_leveringen():
    """Every Monday night: the week's P-leveringen (R-LEV-01)."""
    with app_context():
        maak_p_leveringen(levering.peildatum_van(levering.vandaag()))


def maak_p_leveringen(peildatum):
    """Plan the P-leveringen of `peildatum` and make every one not yet made (these, and any
    an earlier run left). Returns their ids."""
    ids = levering.plan_p_leveringen(peildatum)
    for levering_id in ids:
        maak(levering_id)
    return ids


def maak(levering_id, claim=levering.CLAIM):
    """Claim, make and return one delivery: what the job does."""
    genomen = levering.neem(levering_id, claim)
    if genomen is None:
        return None  # made, or another consumer has it
    gevonden, houder = genomen
    try:
        actor = levering.aanvrager(gevonden)
        if actor is None:
            levering.weiger(gevonden, houder)
            return None
        gebied, code = levering.gebied_code(gevonden)
        naam = leveringen.bestandsnaam(gevonden.soort, gebied, code, gevonden.peildatum,
                                       gevonden.id)
        rijen = _Geteld(levering.rijen(gevonden, actor))
        # Written to a temporary file first, then stored in one short transaction: the
        # read takes as long as it takes without holding a transaction id back from the
        # feeds (models.leesbaar), and memory holds one block.
        with tempfile.TemporaryFile() as bron:
            for blok in tabellen.csv_stroom(leveringen.koppen(gevonden.soort), rijen):
                bron.write(blok)
            bestand = levering.rond_af(gevonden, houder, bron, naam, rijen.aantal)
        log.info("levering %s made: %s rows", levering_id, rijen.aantal)
        return bestand
    except levering.Overgenomen:
        log.warning("levering %s: taken over by another consumer", levering_id)
        return None


class _Geteld:
    """The rows, counted as they pass."""

    def __init__(self, rijen):
        self.rijen, self.aantal = rijen, 0

    def __iter__(self):
        for rij in self.rijen:
            self.aantal += 1
            yield rij
