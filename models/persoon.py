"""Persons in the register, the BRP extract, and the onderwijsnummer series."""
from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from .db import BaseModel, utcnow
from .organisatie import Gemeente


class Persoon(BaseModel):
    PRECISIE_DAG, PRECISIE_MAAND, PRECISIE_JAAR = "D", "M", "J"

    bsn = CharField(max_length=9, null=True, unique=True)
    onderwijsnummer = CharField(max_length=9, null=True, unique=True)
    achternaam = CharField(max_length=200, null=True)
    voorvoegsels = CharField(max_length=20, null=True)
    voornamen = CharField(max_length=200, null=True)
    geslacht = CharField(max_length=1)  # M, V, O (onbekend)
    # A partial date is stored as its first day, with the precision beside it.
    geboortedatum = DateField()
    geboortedatum_precisie = CharField(max_length=1, default=PRECISIE_DAG)
    datum_overlijden = DateField(null=True)
    # Woonadres: from the BRP ("brp") or as the school gave it ("school").
    adresbron = CharField(max_length=10, default="school")
    postcode = CharField(max_length=7, null=True)
    huisnummer = IntegerField(null=True)
    huisletter = CharField(max_length=1, null=True)
    huisnummertoevoeging = CharField(max_length=4, null=True)
    huisnummeraanduiding = CharField(max_length=2, null=True)
    straatnaam = CharField(max_length=200, null=True)
    plaatsnaam = CharField(max_length=100, null=True)
    aanduiding_locatie = CharField(max_length=100, null=True)
    woonland = CharField(max_length=4, default="6030")
    adresregel1 = CharField(max_length=100, null=True)
    adresregel2 = CharField(max_length=100, null=True)
    adresregel3 = CharField(max_length=100, null=True)
    woongemeente = ForeignKeyField(Gemeente, null=True, backref="inwoners")
    # Set when a Koppeling OWN/BSN merged this person into another (R-INS-10): it keeps
    # its history (Mutaties), no numbers, no woongemeente and no rows of its own.
    samengevoegd_in = ForeignKeyField("self", null=True, backref="+")
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)

    class Meta:
        # The P-levering's birthdays: who in a gemeente turned 4 or 23 in its days.
        indexes = ((("woongemeente", "geboortedatum"), False),)


class BrpPersoon(BaseModel):
    """A row of the loaded BRP extract (the file source of domain.brp)."""

    bsn = CharField(max_length=9, primary_key=True)
    geslachtsnaam = CharField(max_length=200)
    voorvoegsel = CharField(max_length=20, null=True)
    voornamen = CharField(max_length=200, null=True)
    geslacht = CharField(max_length=1)
    geboortedatum = DateField()
    straatnaam = CharField(max_length=200, null=True)
    huisnummer = IntegerField(null=True)
    huisletter = CharField(max_length=1, null=True)
    huisnummertoevoeging = CharField(max_length=4, null=True)
    postcode = CharField(max_length=7, null=True)
    woonplaats = CharField(max_length=100, null=True)
    gemeentecode = CharField(max_length=4, null=True)
    datum_overlijden = DateField(null=True)

    class Meta:
        # The P-levering's children of the BRP who turned 4 (not in the register yet).
        indexes = ((("gemeentecode", "geboortedatum"), False),)


class Nummerreeks(BaseModel):
    """Counters that hand out numbers once: never reused, also after a rollback elsewhere."""

    naam = CharField(max_length=40, primary_key=True)
    volgende = IntegerField()
