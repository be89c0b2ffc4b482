"""Dates as the seeds show and take them: dag, maand, jaar; geboortedatum may be partial
(R-INS-05)."""
import calendar
import datetime
import zoneinfo
from dataclasses import dataclass

from .fouten import N_
from .velden import getal

MAANDEN = (
    N_("januari"), N_("februari"), N_("maart"), N_("april"), N_("mei"), N_("juni"),
    N_("juli"), N_("augustus"), N_("september"), N_("oktober"), N_("november"),
    N_("december"),
)


@dataclass(frozen=True)
class DeelDatum:
    """A date that may be known to the day, the month or only the year."""

    jaar: int
    maand: int | None = None
    dag: int | None = None

    @property
    def precisie(self):
        return "D" if self.dag else ("M" if self.maand else "J")

    @property
    def eerste_dag(self):
        return datetime.date(self.jaar, self.maand or 1, self.dag or 1)

    @property
    def laatste_dag(self):
        """The latest date it can mean: used where a rule must hold for sure."""
        if self.dag:
            return self.eerste_dag
        maand = self.maand or 12
        return datetime.date(self.jaar, maand, calendar.monthrange(self.jaar, maand)[1])

    @classmethod
    def uit_opslag(cls, datum, precisie):
        if precisie == "J":
            return cls(datum.year)
        if precisie == "M":
            return cls(datum.year, datum.month)
        return cls(datum.year, datum.month, datum.day)

    def iso(self):
        if self.precisie == "J":
            return f"{self.jaar:04d}"
        if self.precisie == "M":
            return f"{self.jaar:04d}-{self.maand:02d}"
        return self.eerste_dag.isoformat()


def overlappen(van1, tm1, van2, tm2):
    """Whether two periods share a day; both ends count (van … t/m), and a period without
    an end goes on."""
    return van1 <= (tm2 or datetime.date.max) and van2 <= (tm1 or datetime.date.max)


def leeftijd_op(persoon, datum):
    """A person's age in whole years on `datum` (a partial geboortedatum: its first day)."""
    geboren = DeelDatum.uit_opslag(persoon.geboortedatum, persoon.geboortedatum_precisie).eerste_dag
    return datum.year - geboren.year - ((datum.month, datum.day) < (geboren.month, geboren.day))


class GeenDatum(ValueError):
    pass


def uit_delen(dag, maand, jaar, *, gedeeltelijk=False):
    """dag/maand/jaar strings to a date (or DeelDatum); None when all empty.

    Raises GeenDatum when the parts do not make a real date.
    """
    dag, maand, jaar = (str(x or "").strip() for x in (dag, maand, jaar))
    if not (dag or maand or jaar):
        return None
    j, m, d = getal(jaar, 4), getal(maand, 2), getal(dag, 2)
    if j is None or (maand and m is None) or (dag and d is None):
        raise GeenDatum
    if not 1000 <= j <= 9999:
        raise GeenDatum
    if gedeeltelijk:
        if d is not None and m is None:
            raise GeenDatum
        try:
            datetime.date(j, m or 1, d or 1)
        except ValueError as exc:
            raise GeenDatum from exc
        return DeelDatum(j, m, d)
    if m is None or d is None:
        raise GeenDatum
    try:
        return datetime.date(j, m, d)
    except ValueError as exc:
        raise GeenDatum from exc


def uit_iso(text, *, gedeeltelijk=False):
    """ISO `YYYY-MM-DD` (or `YYYY`/`YYYY-MM` when partial) to a date; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) > 3 or any(getal(p, 4) is None for p in parts):
        raise GeenDatum
    jaar, maand, dag = (parts + [None, None])[:3]
    return uit_delen(dag, maand, jaar, gedeeltelijk=gedeeltelijk)


def verjaardag(geboren, leeftijd):
    """The date someone born on `geboren` reaches `leeftijd` (29 Feb → 1 Mar)."""
    try:
        return geboren.replace(year=geboren.year + leeftijd)
    except ValueError:
        return datetime.date(geboren.year + leeftijd, 3, 1)


# Days and moments as the users mean them: a P-levering's days, a moment on a page.
NEDERLAND = zoneinfo.ZoneInfo("Europe/Amsterdam")


def geboren_uiterlijk(peildatum, leeftijd):
    """The last birth date of someone who is `leeftijd` or older on `peildatum` (the
    inverse of `verjaardag`): born on or before it, old enough; after it, younger."""
    try:
        return peildatum.replace(year=peildatum.year - leeftijd)
    except ValueError:  # 29 February: one born on 29 February turns it on 1 March
        return datetime.date(peildatum.year - leeftijd, 2, 28)


def uit_tekst(text):
    """"02-11-2026" (DD-MM-JJJJ, also with / or .) to a date; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    for sep in "/.":
        text = text.replace(sep, "-")
    parts = text.split("-")
    if len(parts) != 3:
        raise GeenDatum
    dag, maand, jaar = parts
    return uit_delen(dag, maand, jaar)


def als_tekst(datum):
    return datum.strftime("%d-%m-%Y") if datum else ""
