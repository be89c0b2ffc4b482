"""Persoonsgebonden nummers: checks, and the onderwijsnummer the register hands out (R-INS-11)."""
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import onderwijsnummer as stdnum_own

from models import Nummerreeks, Persoon

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


def nieuw_onderwijsnummer():
    """The next unused onderwijsnummer. Call inside the transaction that stores it:
    the counter row stays locked until commit, so two callers never get the same one."""
    Nummerreeks.insert(naam=REEKS, volgende=EERSTE).on_conflict_ignore().execute()
    while True:
        (Nummerreeks.update(volgende=Nummerreeks.volgende + 1)
         .where(Nummerreeks.naam == REEKS).execute())
        teller = Nummerreeks.get_by_id(REEKS).volgende - 1
        if teller > LAATSTE:
            raise RuntimeError("onderwijsnummer series exhausted")
        nummer = _met_controlecijfer(teller)
        if nummer and not Persoon.select().where(Persoon.onderwijsnummer == nummer).exists():
            return nummer
