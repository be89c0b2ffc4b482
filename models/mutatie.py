"""The append-only record of changes, and the log of reads of personal data."""
from peewee import BigAutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .db import BaseModel, TransactieVeld, utcnow
from .organisatie import Organisatie
from .persoon import Persoon


class Mutatie(BaseModel):
    """Written in the same transaction as the change it records."""

    id = BigAutoField()
    tijdstip = DateTimeField(default=utcnow, index=True)
    actor = CharField(max_length=100)  # "gebruiker:12", "certificaat:<sha256>", "systeem:demo"
    organisatie = ForeignKeyField(Organisatie, null=True, backref="mutaties")
    onderwerp = CharField(max_length=30)  # persoon, inschrijving, ...
    onderwerp_id = IntegerField()
    persoon = ForeignKeyField(Persoon, null=True, backref="mutaties")
    soort = CharField(max_length=60)
    voor = TextField(null=True)  # JSON
    na = TextField(null=True)  # JSON
    # The writing transaction (models.db.transactie): the P-levering and its feed read
    # (transactie, id) in order and never skip a row committed late.
    transactie = TransactieVeld()

    class Meta:
        indexes = ((("transactie", "id"), False),)


class Inzagelog(BaseModel):
    """Every read of persons' data (R-AVG-02): who, when, why, whom."""

    id = BigAutoField()
    tijdstip = DateTimeField(default=utcnow, index=True)
    actor = CharField(max_length=100)
    organisatie = ForeignKeyField(Organisatie, null=True, backref="inzagen")
    doel = CharField(max_length=100)
    personen = TextField()  # JSON list of persoon ids
    brp = TextField(null=True)  # JSON list of BSNs read from the BRP source alone
    # R-GEM-03: an instantie's read, under which machtigingen (JSON list of ids)
    machtigingen = TextField(null=True)
