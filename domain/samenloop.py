"""R-VZ-16: a melding and a vrijstelling or vervangende leerplicht of the same pupil whose
periods overlap. Whichever comes second is accepted and the melding is flagged; this is
the test both sides use."""
from models import Vrijstelling

from .datums import overlappen


def overlapt(van, tm, vrijstelling):
    return overlappen(van, tm, vrijstelling.begindatum, vrijstelling.einddatum)


def overlapt_vrijstelling(persoon, van, tm):
    """Whether a period of the pupil overlaps one of its vrijstellingen."""
    return any(overlapt(van, tm, v)
               for v in Vrijstelling.select().where(Vrijstelling.persoon == persoon))
