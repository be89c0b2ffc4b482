"""Flask-WTF forms, one module per blueprint. They parse; the rules are in domain/."""
from flask_wtf import FlaskForm

from domain.datums import GeenDatum, uit_tekst
from domain.fouten import N_, Fout

GEEN_DATUM = N_("Vul een geldige datum in (DD-MM-JJJJ).")


class CsrfForm(FlaskForm):
    """The CSRF check alone: for a button that is the whole request, or for fields a
    module's own parser reads from the posted form."""


def datum_uit(waarden, naam, fouten, regel=""):
    """The DD-MM-JJJJ field `naam` of posted `waarden` as a date, None when empty; one that
    is not a date adds its message next to that very field."""
    try:
        return uit_tekst(waarden.get(naam))
    except GeenDatum:
        fouten.append(Fout(naam, GEEN_DATUM, regel))
        return None
