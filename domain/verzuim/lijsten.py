"""The reference lists of verzuim (seed 004 ch. 2, DESIGN §4): kept as data with their wire
codes, so they change without code. The status of a melding is a closed set: an enum."""
import enum

from domain.referentie import lijsten


class Status(enum.StrEnum):
    """A melding's status, by its wire code (R-VZ-11, R-VZ-12)."""

    GEREGISTREERD = "R"
    IN_BEHANDELING = "B"
    AFGESLOTEN = "G"
    KENNISGEVING = "K"  # Ter kennisgeving aangenomen
    INGETROKKEN = "I"
    OVERGEDRAGEN = "D"  # Overgedragen aan derden: retired in 2020, old data may carry it


# Open: still to be handled by the gemeente, and the school may change or withdraw it
# (R-VZ-03, R-VZ-12, R-VZ-13); also the statuses a search shows by default (R-VZ-11).
OPEN = frozenset({Status.GEREGISTREERD, Status.IN_BEHANDELING})
WIJZIGBAAR = OPEN
# R-VZ-13: a melding reported wrongly is withdrawn also after the gemeente closed it (seed
# 004 §2.5, Afb. 10 withdraws an Afgesloten one); once withdrawn it stays so.
INTREKBAAR = frozenset(Status) - {Status.INGETROKKEN, Status.OVERGEDRAGEN}
STANDAARD_STATUSSEN = (Status.GEREGISTREERD, Status.IN_BEHANDELING)


def lijstwaarden(naam):
    return {w.code: w for w in lijsten().per_lijst.get(naam, ())}


def keuzes(naam):
    """A reference list in its order, without retired values: what a form offers."""
    return [w for w in lijsten().per_lijst.get(naam, ()) if not w.heeft("vervallen")]
