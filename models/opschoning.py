"""Retention (R-AVG-01): each run of the job that removes persons past their retention,
with its anonymous counts; a dry run counts what would go."""
from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .db import BaseModel, utcnow


class Opschoning(BaseModel):
    """One run for a peildatum. It goes through the persons in id order, a batch per
    transaction, and keeps its place (`positie`) and counts with each batch, so a run cut
    off goes on where it stopped and counts nothing twice; a worker holds it by a claim it
    renews (`houder`, `geclaimd_tot`), as with files."""

    peildatum = DateField()
    droog = BooleanField(default=False)  # a dry run: counts, removes nothing
    # A real run's peildatum: one a day, also when two workers begin it at once.
    sleutel = CharField(max_length=10, null=True, unique=True)
    status = CharField(max_length=20, default="bezig")  # domain.opschoning.Status
    positie = IntegerField(default=0)  # the last persoon id gone through
    aantallen = TextField(default="{}")  # JSON {what: how many}
    per_gemeente = TextField(default="{}")  # JSON {gemeentecode: persons}
    actor = CharField(max_length=100)
    begonnen = DateTimeField(default=utcnow)
    klaar = DateTimeField(null=True)
    houder = CharField(max_length=16, null=True)
    geclaimd_tot = DateTimeField(null=True)

    class Meta:
        indexes = ((("peildatum", "droog"), False),)


class OpschoningPersoon(BaseModel):
    """The persons of the batch under way (written and cleared in the batch's transaction):
    every table's rows of theirs are removed by one statement on this set, not by lists of
    ids built in Python."""

    opschoning = ForeignKeyField(Opschoning, backref="+", on_delete="CASCADE")
    persoon = BigIntegerField()

    class Meta:
        primary_key = False
        indexes = ((("opschoning", "persoon"), True),)
