"""Enrolments: one row per person, instelling and period; never deleted (R-INS-08)."""
from peewee import DateField, DateTimeField, ForeignKeyField

from .db import BaseModel, utcnow
from .organisatie import Instelling, Onderwijslocatie
from .persoon import Persoon


class Inschrijving(BaseModel):
    persoon = ForeignKeyField(Persoon, backref="inschrijvingen")
    instelling = ForeignKeyField(Instelling, backref="inschrijvingen")
    onderwijslocatie = ForeignKeyField(Onderwijslocatie, null=True, backref="inschrijvingen")
    datum_inschrijving = DateField()
    datum_uitschrijving = DateField(null=True)
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)
