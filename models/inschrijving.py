"""Enrolments: one row per person, instelling and period; never deleted (R-INS-08)."""
from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from .db import BaseModel, utcnow
from .organisatie import Instelling, Onderwijslocatie
from .persoon import Persoon


class Inschrijving(BaseModel):
    persoon = ForeignKeyField(Persoon, backref="inschrijvingen")
    instelling = ForeignKeyField(Instelling, backref="inschrijvingen")
    onderwijslocatie = ForeignKeyField(Onderwijslocatie, null=True, backref="inschrijvingen")
    datum_inschrijving = DateField()
    datum_uitschrijving = DateField(null=True)
    # The person's lower-cased "voorvoegsels achternaam", kept in step with the person:
    # the overview's search then reads one index of the school only (R-INS-09).
    zoeknaam = CharField(max_length=230, default="")
    # The person's lower-cased achternaam, kept in step the same way: the overview's order,
    # so a page of one school is read from the index in order (R-INS-09).
    sorteernaam = CharField(max_length=200, default="")
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)

    class Meta:
        # With id, PostgreSQL answers the search's first step from the index alone.
        indexes = ((("instelling", "zoeknaam", "id"), False),
                   (("instelling", "sorteernaam", "persoon", "id"), False),
                   # A file's resend check: this school's pupil of this name from this date.
                   (("instelling", "sorteernaam", "datum_inschrijving"), False))
