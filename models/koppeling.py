"""Koppeling OWN/BSN (seed 002, R-LEV-04, R-INS-10): a person registered under an
onderwijsnummer linked to its BSN, recorded so that functioneel beheer can undo it; and
the questions about a pupil asked in the same file, with their answers."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .bestand import Bestand
from .db import BaseModel, utcnow
from .organisatie import Organisatie
from .persoon import Persoon


class Koppeling(BaseModel):
    """One link. `persoon` holds both numbers afterwards; a merge also names the person
    it took in (`vervallen`: kept, without numbers, pointing at `persoon`), with the ids of
    the rows moved (`verplaatst`) and the columns it had (`voor`), so undoing it puts
    everything back."""

    soort = CharField(max_length=20)  # domain.koppeling.Soort
    status = CharField(max_length=20, index=True)  # domain.koppeling.Status
    persoon = ForeignKeyField(Persoon, backref="+")
    vervallen = ForeignKeyField(Persoon, null=True, backref="+")
    bsn = CharField(max_length=9)
    onderwijsnummer = CharField(max_length=9)
    verplaatst = TextField(default="{}")  # JSON: {table: [ids]}
    voor = TextField()  # JSON: the columns of the person(s) before the link
    actor = CharField(max_length=100)
    organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
    bestand = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
    regel = IntegerField(null=True)
    tijdstip = DateTimeField(default=utcnow, index=True)
    teruggedraaid = DateTimeField(null=True)
    teruggedraaid_door = CharField(max_length=100, null=True)


class Vraag(BaseModel):
    """A question about a pupil in the column "Opmerking Gemeente/Regio" of a koppeling
    file; answered by functioneel beheer. When the last question of a file is answered,
    the file is returned again with the answers."""

    bestand = ForeignKeyField(Bestand, backref="+", on_delete="CASCADE")
    regel = IntegerField()
    nummer = CharField(max_length=20)  # the row's BSN or onderwijsnummer, as written
    vraag = TextField()
    antwoord = TextField(null=True)
    beantwoord = DateTimeField(null=True)
    beantwoord_door = CharField(max_length=100, null=True)
    gesteld = DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("bestand", "regel"), True),)
