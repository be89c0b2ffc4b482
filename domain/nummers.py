"""Persoonsgebonden nummers: checks, and the onderwijsnummer the register hands out (R-INS-11)."""
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import onderwijsnummer as stdnum_own

from models import Nummerreeks, Persoon, Sjabloon

REEKS = "onderwijsnummer"
# Counter values are the six digits between the "10" prefix and the check digit.
EERSTE = 500000
LAATSTE = 999999


def is_bsn(value):
    return stdnum_bsn.is_valid(value or "")


def is_onderwijsnummer(value):
    return stdnum_own.is_valid(value or "")


def schoon(value):
    """The ASCII digits only: people type spaces and dots in numbers. (Not isdigit(),
    which keeps "²" and other digits no number check or column takes.)"""
    return "".join(ch for ch in (value or "") if "0" <= ch <= "9")


def _met_controlecijfer(teller):
    """The onderwijsnummer of a counter value, or None when no check digit fits it.
    stdnum's checksum with 0 as the check digit tells the one digit that gives the
    onderwijsnummer's checksum 5."""
    stam = f"10{teller:06d}"
    cijfer = (stdnum_bsn.checksum(stam + "0") - 5) % 11
    return f"{stam}{cijfer}" if cijfer < 10 else None


# The counter's SQL text is built once: a file of 100,000 rows asks for numbers 500 times.
_BEGIN = Sjabloon(lambda _v, waarde: Nummerreeks.insert(
    naam=waarde("naam"), volgende=waarde("eerste")).on_conflict_ignore())
_STAND = Sjabloon(lambda _v, waarde: Nummerreeks.select(Nummerreeks.volgende).where(
    Nummerreeks.naam == waarde("naam")))
_ZET = Sjabloon(lambda _v, waarde: Nummerreeks.update(volgende=waarde("volgende")).where(
    (Nummerreeks.naam == waarde("naam")) & (Nummerreeks.volgende == waarde("was"))))


def nieuwe_onderwijsnummers(aantal):
    """The next `aantal` unused onderwijsnummers, in order. Call inside the transaction
    that stores them: the counter moves past them with a check on the value it was read
    at, so two callers never get the same one (the one that lost the race reads again),
    and the row stays locked until commit. No counter value is skipped that has a number."""
    uit: list[str] = []
    _BEGIN.uitvoeren(None, naam=REEKS, eerste=EERSTE)
    while len(uit) < aantal:
        ((was,),) = _STAND.rijen(None, naam=REEKS)
        teller = was
        kandidaten: list[str] = []
        while len(kandidaten) < aantal - len(uit):
            if teller > LAATSTE:
                raise RuntimeError("onderwijsnummer series exhausted")
            nummer = _met_controlecijfer(teller)
            teller += 1
            if nummer:
                kandidaten.append(nummer)
        if not _ZET.uitvoeren(None, naam=REEKS, volgende=teller, was=was):
            continue  # another transaction took them first
        gebruikt = {n for (n,) in Persoon.select(Persoon.onderwijsnummer).where(
            Persoon.onderwijsnummer.in_(kandidaten)).tuples()}
        uit += [n for n in kandidaten if n not in gebruikt]
    return uit
