"""Files exchanged with organisations (seed 004 §1.5, Bestandsuitwisseling): what they
send (an enrolment file) and what the register returns (a verwerkingsverslag). Kept in
the database, so every web node and worker sees the same files."""
from peewee import (
    BlobField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .db import BaseModel, utcnow
from .inschrijving import Inschrijving
from .organisatie import Instelling, Organisatie


class Bestand(BaseModel):
    """One file: its bytes, size and checksum, soort, status and whose it is.

    A sent file is processed by a worker that holds it (`houder`) until `geclaimd_tot`;
    a worker that dies leaves the claim to expire and another takes the file over where
    the rows' results (Bestandsregel) end."""

    organisatie = ForeignKeyField(Organisatie, backref="bestanden", index=True)
    instelling = ForeignKeyField(Instelling, null=True, backref="bestanden")
    richting = CharField(max_length=10)  # verstuurd / retour (domain.bestanden.Richting)
    soort = CharField(max_length=30)  # domain.bestanden.Soort
    status = CharField(max_length=30, index=True)  # domain.bestanden.Status
    naam = CharField(max_length=200)
    grootte = IntegerField()
    sha256 = CharField(max_length=64, index=True)
    # Who sent it, as Mutatie.actor names it ("gebruiker:12", "certificaat:<sha256>"),
    # and the name shown in the overview.
    actor = CharField(max_length=100)
    afzender = CharField(max_length=200)
    tijdstip = DateTimeField(default=utcnow, index=True)
    verwerkt = DateTimeField(null=True)
    aantal_regels = IntegerField(null=True)
    regels_klaar = IntegerField(default=0)
    regels_fout = IntegerField(default=0)
    # Notes on the file as a whole (JSON list of {melding, params}): why it was refused,
    # or that it was read as Windows-1252.
    opmerkingen = TextField(null=True)
    houder = CharField(max_length=32, null=True)
    geclaimd_tot = DateTimeField(null=True)
    bron = ForeignKeyField("self", null=True, backref="verslagen", on_delete="CASCADE")
    bewaren_tot = DateField(null=True, index=True)
    gedownload = DateTimeField(null=True)
    taal = CharField(max_length=2, default="nl")  # the sender's: its report speaks it


class Bestandsinhoud(BaseModel):
    """A file's bytes, in a table of their own: a file's row in `bestand` changes with
    every batch (claim, progress), and SQLite writes a changed row whole, bytes and all (a
    file of 100,000 rows: 5 MB twice a batch, 500 batches)."""

    bestand = ForeignKeyField(Bestand, primary_key=True, backref="+", on_delete="CASCADE")
    inhoud = BlobField()


class Bestandsdeel(BaseModel):
    """A returned file written as it is made (a levering of 150,000 persons), in parts of
    at most 1 MB: neither its making nor its download holds it whole in memory."""

    bestand = ForeignKeyField(Bestand, backref="+", on_delete="CASCADE")
    volgnummer = IntegerField()
    inhoud = BlobField()

    class Meta:
        indexes = ((("bestand", "volgnummer"), True),)


class Bestandsregel(BaseModel):
    """What became of one row of a sent file, written in the transaction that stored (or
    refused) the row: a row is never processed twice, and none is lost."""

    bestand = ForeignKeyField(Bestand, backref="regels", on_delete="CASCADE")
    regel = IntegerField()  # the row's number as the sender sees it (the header is 1)
    uitkomst = CharField(max_length=12)  # domain.bestanden.Uitkomst
    fouten = TextField(null=True)  # JSON list of {veld, melding, regel, params}
    # Whom the row is about as the file names the pupil (names, or the number), so a
    # report says more than a row number.
    leerling = CharField(max_length=200, default="")
    inschrijving = ForeignKeyField(Inschrijving, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        indexes = ((("bestand", "regel"), True),)
