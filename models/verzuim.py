"""Verzuim: the reference lists (as data, with their wire codes), the melding with its
versions, the wizard's concepts, and the mail outbox."""
import uuid

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
from .gebruiker import Gebruiker
from .organisatie import Gemeente, Instelling, Organisatie
from .persoon import Persoon


class Lijstwaarde(BaseModel):
    """One value of a reference list: vermoedelijke_soort, status, wet, reden_afgesloten,
    toelichting_afsluiting, reden_intrekken, actie_school. `kenmerken` holds flags such
    as einddatum_verplicht, verbijzondering, open, vervallen, toelichting_verplicht."""

    lijst = CharField(max_length=40)
    code = CharField(max_length=30)
    naam = CharField(max_length=200)
    naam_en = CharField(max_length=200)
    volgorde = IntegerField(default=0)
    kenmerken = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("lijst", "code"), True),)

    def heeft(self, kenmerk):
        return kenmerk in self.kenmerken.split()


class Verzuimmelding(BaseModel):
    """A melding; the columns searched and sorted on, and the whole document as JSON.
    Every save also writes a MeldingVersie (the history is a list of full snapshots)."""

    nummer = IntegerField(unique=True)
    persoon = ForeignKeyField(Persoon, backref="verzuimmeldingen")
    instelling = ForeignKeyField(Instelling, backref="verzuimmeldingen")
    gemeente = ForeignKeyField(Gemeente, backref="verzuimmeldingen")  # the handling one
    instantie_email = CharField(max_length=254, null=True)
    # R-GEM-01: the routering's category of the melding and the organisation it named (none:
    # the gemeente's own verzuimloket).
    categorie = CharField(max_length=30, null=True)
    instantie = ForeignKeyField(Organisatie, null=True, backref="+")
    status = CharField(max_length=1, default="R")
    wet = CharField(max_length=10)
    vermoedelijke_soort = CharField(max_length=10)
    periode_van = DateField()
    periode_tm = DateField(null=True)
    met_prioriteit = BooleanField(default=False)
    # R-VZ-16: the period overlaps a vrijstelling or vervangende leerplicht.
    vrijstelling_overlap = BooleanField(default=False)
    naam_contactpersoon = CharField(max_length=200)
    melddatum = DateField()
    status_sinds = DateTimeField(default=utcnow)
    versie = IntegerField(default=1)  # optimistic locking: a save names the version it read
    gegevens = TextField()
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("instelling", "status", "melddatum"), False),
            (("gemeente", "status", "melddatum"), False),
        )


class MeldingVersie(BaseModel):
    """A full snapshot per change: the history view and the gemeenten's change feed."""

    melding = ForeignKeyField(Verzuimmelding, backref="versies")
    versie = IntegerField()
    tijdstip = DateTimeField(default=utcnow)
    actor = CharField(max_length=100)
    status = CharField(max_length=1)
    gegevens = TextField()  # the full melding as JSON
    # The handling gemeente when written, and the writing transaction (models.db.transactie):
    # the feed of one gemeente reads its (transactie, id) index in order.
    gemeente = ForeignKeyField(Gemeente, null=True, backref="+")
    transactie = BigIntegerField(default=0)
    # The version's entry in the change feed as the API sends it (domain.documenten.mutatie),
    # written with the version: a page of the feed is these texts joined.
    document = TextField(null=True)

    class Meta:
        indexes = (
            (("melding", "versie"), True),
            (("gemeente", "transactie", "id"), False),
        )


def _bericht_id():
    return uuid.uuid4().hex


class UitgaandeMail(BaseModel):
    """The outbox: written in the transaction of the change it reports, sent by a worker.

    A row is waiting until it is `verzonden`, or `mislukt`: it cannot be built or the server
    refused it for good (the reason in `laatste_fout`); such a row is never tried again.
    `bericht_id` makes the Message-ID, the same on every attempt, so a receiver can drop the
    copy a worker sends again after a crash."""

    aan = CharField(max_length=254)
    onderwerp = CharField(max_length=200)
    tekst = TextField()
    aangemaakt = DateTimeField(default=utcnow)
    verzonden = DateTimeField(null=True, index=True)
    pogingen = IntegerField(default=0)
    volgende_poging = DateTimeField(default=utcnow)
    laatste_fout = TextField(null=True)
    mislukt = DateTimeField(null=True)
    # The page the mail links to, as a path: the worker puts PUBLIC_URL in front.
    pad = CharField(max_length=200, null=True)
    bericht_id = CharField(max_length=32, unique=True, default=_bericht_id)


class MeldingConcept(BaseModel):
    """A melding being entered in the wizard: kept server-side so a reload or the back
    button loses nothing, and not part of the register until Opslaan (R-VZ-04).
    Concepts older than a day are removed."""

    sleutel = CharField(max_length=43, unique=True)
    gebruiker = ForeignKeyField(Gebruiker, backref="concepten", on_delete="CASCADE")
    instelling = ForeignKeyField(Instelling, backref="concepten")
    persoon = ForeignKeyField(Persoon, backref="concepten")
    # Set when the concept changes an existing melding: the version it was read at.
    melding = ForeignKeyField(Verzuimmelding, null=True, backref="concepten",
                              on_delete="CASCADE")
    versie = IntegerField(null=True)
    gegevens = TextField(default="{}")
    gewijzigd = DateTimeField(default=utcnow, index=True)


class Vrijstelling(BaseModel):
    """A vrijstelling or vervangende leerplicht of a pupil, registered by a gemeente
    (R-GEM-02)."""

    persoon = ForeignKeyField(Persoon, backref="vrijstellingen")
    gemeente = ForeignKeyField(Gemeente, backref="vrijstellingen")
    soort = CharField(max_length=30)  # vrijstelling / vervangende_leerplicht
    artikel = CharField(max_length=10)
    begindatum = DateField()
    einddatum = DateField(null=True)
    aangemaakt = DateTimeField(default=utcnow)
    # Ended or corrected like a melding: a change names the version it read (optimistic
    # locking); its before and after are a Mutatie.
    versie = IntegerField(default=1)
    gewijzigd = DateTimeField(default=utcnow)
