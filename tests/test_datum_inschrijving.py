"""R-INS-02, the seed's guidance on the datum inschrijving (seed 004 §1.3 step 2): in PO
never a weekend, except 1 August. A warning from the domain, never a refusal."""
import pytest

from domain import inschrijving as ins
from domain.datums import DeelDatum
from models import Instelling
from tests.factories import VANDAAG, D


@pytest.mark.parametrize(("code", "datum", "waarschuwt"), [
    ("31ED", D(2025, 9, 6), True),    # PO, a Saturday
    ("31ED", D(2025, 9, 7), True),    # PO, a Sunday
    ("31ED", D(2025, 9, 8), False),   # PO, a Monday
    ("31ED", D(2026, 8, 1), False),   # PO, 1 August on a Saturday: the first school day
    ("31ED", D(2027, 8, 1), False),   # PO, 1 August on a Sunday
    ("31ED", D(2026, 8, 2), True),    # PO, the Sunday after
    ("31GY", D(2025, 9, 6), False),   # VO: aligns with the previous school, weekend or not
])
def test_r_ins_02_po_weekend_warning(db, code, datum, waarschuwt):
    waarschuwingen = ins.waarschuwingen(Instelling.get(Instelling.code == code), datum)
    assert bool(waarschuwingen) is waarschuwt
    assert all((w.veld, w.regel) == ("datum_inschrijving", "R-INS-02") for w in waarschuwingen)


def test_r_ins_02_no_warning_without_an_instelling_or_a_date(db):
    assert ins.waarschuwingen(None, D(2025, 9, 6)) == []
    assert ins.waarschuwingen(Instelling.get(Instelling.code == "31ED"), None) == []


def test_r_ins_02_a_weekend_date_is_not_refused(actor_school):
    """The seed gives the weekend as guidance, not as a check: registreer stores it, and
    nothing else reports it (controleer finds no problem)."""
    invoer = ins.InschrijvingInvoer(
        instellingscode="31ED", datum_inschrijving=D(2025, 9, 6),
        persoon=ins.PersoonInvoer(variant="zonder", geslacht="V",
                                  geboortedatum=DeelDatum(2015, 3, 1), achternaam="Zondag",
                                  adres=ins.Adres(postcode="1094 HA", huisnummer="3")))
    assert ins.controleer(invoer, actor_school, VANDAAG)[0] == []
    resultaat = ins.registreer(invoer, actor_school, VANDAAG)
    assert resultaat.inschrijving.datum_inschrijving == D(2025, 9, 6)
    gewijzigd = ins.wijzig_datums(actor_school, resultaat.inschrijving.id, D(2025, 9, 7), None)
    assert gewijzigd.datum_inschrijving == D(2025, 9, 7)
