"""Gegevensleveringen (seed 003): the sign-ups of gemeenten (Aanmeldformulier
RMC-gegevenslevering, seed 000) with every version, and the deliveries (P, C, A)."""
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

from .bestand import Bestand
from .db import BaseModel, utcnow
from .organisatie import Gemeente, Organisatie, Regio


class Aanmelding(BaseModel):
    """A gemeente signed up for the gegevensleveringen: delivered to the gemeente, to its
    Doorstroompunt-regio, or both, and mailed to the users chosen. Changed with the version
    it read (optimistic locking); every version is an AanmeldingVersie."""

    gemeente = ForeignKeyField(Gemeente, unique=True, backref="+")
    via = CharField(max_length=10)  # domain.aanmelding.Via
    actief = BooleanField(default=True)  # False: afgemeld
    ontvangers = TextField(default="[]")  # JSON list of gebruiker ids
    versie = IntegerField(default=1)
    gewijzigd = DateTimeField(default=utcnow)


class AanmeldingVersie(BaseModel):
    aanmelding = ForeignKeyField(Aanmelding, backref="versies", on_delete="CASCADE")
    versie = IntegerField()
    tijdstip = DateTimeField(default=utcnow)
    actor = CharField(max_length=100)
    organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
    door = CharField(max_length=200)  # the name shown in the history
    gegevens = TextField()  # JSON: via, actief, ontvangers (ids and names)

    class Meta:
        indexes = ((("aanmelding", "versie"), True),)


class Levering(BaseModel):
    """One delivery: asked for (C, A) or made by the weekly job (P). Its file is a returned
    Bestand of the receiving organisation; a P-levering of a gemeente delivered via gemeente
    and regio has one Levering per organisation."""

    soort = CharField(max_length=1)  # domain.levering.Soort
    organisatie = ForeignKeyField(Organisatie, backref="+")
    gemeente = ForeignKeyField(Gemeente, null=True, backref="+")  # the area: a gemeente
    regio = ForeignKeyField(Regio, null=True, backref="+")  # or a Doorstroompunt-regio
    peildatum = DateField()
    # A P-levering: the first day of its period (the peildatum of the one before), and the
    # Mutaties it reports, (transactie, id) after `van` up to and including `tot`.
    vanaf = DateField(null=True)
    van_transactie = BigIntegerField(default=0)
    van_id = BigIntegerField(default=0)
    tot_transactie = BigIntegerField(default=0)
    tot_id = BigIntegerField(default=0)
    actor = CharField(max_length=100)
    status = CharField(max_length=12, index=True)  # domain.levering.Status
    verzoek = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
    bestand = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
    aantal = IntegerField(null=True)  # rows delivered
    nummers = TextField(null=True)  # an A-levering: JSON list of the numbers asked for
    opmerkingen = TextField(null=True)  # JSON list of {melding, params}, like Bestand's
    aangevraagd = DateTimeField(default=utcnow, index=True)
    klaar = DateTimeField(null=True)
    # A P-levering's "P:<organisatie>:<gemeente>:<peildatum>": the weekly job makes each
    # once, and a run cut off and started again finds the ones it made.
    sleutel = CharField(max_length=60, null=True, unique=True)
    houder = CharField(max_length=32, null=True)
    geclaimd_tot = DateTimeField(null=True)
