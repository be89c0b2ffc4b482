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
    stam = f"10{teller:06d}"
    for cijfer in range(10):
        kandidaat = f"{stam}{cijfer}"
        if stdnum_own.is_valid(kandidaat):
            return kandidaat
    return None  # no check digit fits this counter value: skip it


# A registration without a number runs all four; a file of 100,000 such rows does so
# 100,000 times: their SQL text built once.
_BEGIN = Sjabloon(lambda _v, waarde: Nummerreeks.insert(
    naam=waarde("naam"), volgende=waarde("eerste")).on_conflict_ignore())
_VERHOOG = Sjabloon(lambda _v, waarde: Nummerreeks.update(
    volgende=Nummerreeks.volgende + 1).where(Nummerreeks.naam == waarde("naam")))
_STAND = Sjabloon(lambda _v, waarde: Nummerreeks.select(Nummerreeks.volgende).where(
    Nummerreeks.naam == waarde("naam")))
_GEBRUIKT = Sjabloon(lambda _v, waarde: Persoon.select(Persoon.id).where(
    Persoon.onderwijsnummer == waarde("nummer")).limit(1))


def nieuw_onderwijsnummer():
    """The next unused onderwijsnummer. Call inside the transaction that stores it:
    the counter row stays locked until commit, so two callers never get the same one."""
    _BEGIN.uitvoeren(None, naam=REEKS, eerste=EERSTE)
    while True:
        _VERHOOG.uitvoeren(None, naam=REEKS)
        ((volgende,),) = _STAND.rijen(None, naam=REEKS)
        teller = volgende - 1
        if teller > LAATSTE:
            raise RuntimeError("onderwijsnummer series exhausted")
        nummer = _met_controlecijfer(teller)
        if nummer and not _GEBRUIKT.rijen(None, nummer=nummer):
            return nummer
