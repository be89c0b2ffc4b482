"""Results of pupils (DESIGN §2: diploma, datum, startkwalificatie): the source of the
P-levering's startkwalificatie events and of the voortijdig-schoolverlater status."""
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from .db import BaseModel, utcnow
from .organisatie import Instelling
from .persoon import Persoon


class Resultaat(BaseModel):
    """A diploma or other result a school registered for one of its pupils."""

    persoon = ForeignKeyField(Persoon, backref="resultaten")
    instelling = ForeignKeyField(Instelling, backref="resultaten")
    datum = DateField()
    diploma = CharField(max_length=200)  # as the school names it
    startkwalificatie = BooleanField(default=False)
    aangemaakt = DateTimeField(default=utcnow)
    # Corrected from the version read (optimistic locking, models.werk_bij).
    versie = IntegerField(default=1)
    gewijzigd = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("persoon", "datum"), False),)
