"""The enrolment forms. Dates come in three boxes (dag, maand, jaar) as in the seed."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from domain.datums import GeenDatum, uit_delen
from domain.fouten import N_, Fout
from domain.inschrijving import Adres, InschrijvingInvoer, PersoonInvoer
from domain.resultaat import ResultaatInvoer
from forms import datum_uit

DATUM_DELEN = ("dag", "maand", "jaar")
PERSOON_VELDEN = ("bsn", "onderwijsnummer", "geslacht", "achternaam", "voorvoegsels", "voornamen")
NAAM_VELDEN = ("achternaam", "voorvoegsels", "voornamen")
BINNENLAND_VELDEN = (
    "postcode", "huisnummer", "straatnaam", "plaatsnaam", "huisletter", "huisnummertoevoeging",
    "huisnummeraanduiding", "aanduiding_locatie",
)
BUITENLAND_VELDEN = ("landcode", "adresregel1", "adresregel2", "adresregel3")
ADRES_VELDEN = BINNENLAND_VELDEN + BUITENLAND_VELDEN


class DatumVelden:
    """Adds `<naam>_dag`, `<naam>_maand`, `<naam>_jaar` to a form class."""

    def __init__(self, *namen):
        self.namen = namen

    def __call__(self, cls):
        for naam in self.namen:
            for deel in DATUM_DELEN:
                setattr(cls, f"{naam}_{deel}", StringField())
        return cls


def lees_datum(form, naam, fouten, *, gedeeltelijk=False, regel="R-INS-02"):
    delen = [getattr(form, f"{naam}_{d}").data for d in DATUM_DELEN]
    try:
        return uit_delen(*delen, gedeeltelijk=gedeeltelijk)
    except GeenDatum:
        melding = (N_("Vul een geldige datum in: dag, maand en jaar, alleen maand en jaar, "
                      "of alleen het jaar.") if gedeeltelijk
                   else N_("Vul een geldige datum in (dag, maand, jaar)."))
        fouten.append(Fout(naam, melding, regel))
        return None


@DatumVelden("datum_inschrijving", "datum_uitschrijving", "geboortedatum")
class InschrijvingForm(FlaskForm):
    instellingscode = StringField()
    persoon_variant = HiddenField(default="met")
    adres_variant = HiddenField(default="binnenland")
    # "ja" once a submit found a BSN the BRP does not know (R-INS-12): the name and
    # address fields stay while the user fills them. Only a submit sets it.
    naam_adres = HiddenField(default="")

    def invoer(self):
        """(InschrijvingInvoer, Fouten of dates that are not dates)."""
        fouten = []
        veld = {n: (getattr(self, n).data or "").strip() for n in PERSOON_VELDEN + ADRES_VELDEN}
        adres = Adres(soort=self.adres_soort, **{n: veld[n] for n in ADRES_VELDEN})
        persoon = PersoonInvoer(
            variant=self.variant,
            geboortedatum=lees_datum(self, "geboortedatum", fouten, gedeeltelijk=True,
                                     regel="R-INS-05"),
            adres=adres, **{n: veld[n] for n in PERSOON_VELDEN})
        if persoon.variant == "zonder":
            persoon.bsn = persoon.onderwijsnummer = ""
        invoer = InschrijvingInvoer(
            instellingscode=(self.instellingscode.data or "").strip(),
            datum_inschrijving=lees_datum(self, "datum_inschrijving", fouten),
            datum_uitschrijving=lees_datum(self, "datum_uitschrijving", fouten, regel="R-INS-03"),
            persoon=persoon)
        return invoer, fouten

    @property
    def variant(self):
        return "zonder" if self.persoon_variant.data == "zonder" else "met"

    @property
    def adres_soort(self):
        return "buitenland" if self.adres_variant.data == "buitenland" else "binnenland"


for _naam in PERSOON_VELDEN + ADRES_VELDEN:
    setattr(InschrijvingForm, _naam, StringField())


@DatumVelden("datum_inschrijving", "datum_uitschrijving")
class WijzigForm(FlaskForm):
    def datums(self):
        fouten = []
        begin = lees_datum(self, "datum_inschrijving", fouten)
        eind = lees_datum(self, "datum_uitschrijving", fouten, regel="R-INS-03")
        return begin, eind, fouten

    def vul(self, inschrijving):
        for naam in ("datum_inschrijving", "datum_uitschrijving"):
            datum = getattr(inschrijving, naam)
            delen = (datum.day, datum.month, datum.year) if datum else ("", "", "")
            for deel, waarde in zip(DATUM_DELEN, delen, strict=True):
                getattr(self, f"{naam}_{deel}").data = str(waarde)


def resultaat_uit(waarden):
    """(ResultaatInvoer, Fouten of a date that is not one) from the posted fields."""
    fouten = []
    invoer = ResultaatInvoer(
        instellingscode=waarden.get("instellingscode", ""), pgn=waarden.get("pgn", ""),
        datum=datum_uit(waarden, "datum", fouten), diploma=waarden.get("diploma", ""),
        startkwalificatie=waarden.get("startkwalificatie") == "ja")
    return invoer, fouten
