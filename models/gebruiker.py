"""People who log in, their roles and kenmerken."""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from .db import BaseModel, utcnow
from .organisatie import Organisatie


class Gebruiker(BaseModel):
    organisatie = ForeignKeyField(Organisatie, backref="gebruikers")
    gebruikersnaam = CharField(max_length=100, unique=True)
    naam = CharField(max_length=200)
    email = CharField(max_length=254, null=True)
    wachtwoord_hash = CharField(max_length=255)
    totp_secret = CharField(max_length=64, null=True)
    totp_actief = BooleanField(default=False)
    # The last accepted TOTP time step: a code is accepted once.
    laatste_totp_stap = IntegerField(default=0)
    # Every session carries the generation it began in; raising it ends them all on the
    # next request (R-AVG-05: logout, a new password or token, herstel toegang, blocking).
    sessie_generatie = IntegerField(default=0)
    actief = BooleanField(default=True)
    aangemaakt = DateTimeField(default=utcnow)


class Aanmeldpoging(BaseModel):
    """Failed logins per user name, known or not, so that the lock-out answers the same
    for names that do not exist. The key is a hash: a password typed into the name field
    is not stored."""

    sleutel = CharField(max_length=64, primary_key=True)
    mislukt = IntegerField(default=0)
    geblokkeerd_tot = DateTimeField(null=True)
    bijgewerkt = DateTimeField(default=utcnow, index=True)


class Rol(BaseModel):
    gebruiker = ForeignKeyField(Gebruiker, backref="rollen", on_delete="CASCADE")
    rol = CharField(max_length=40)

    class Meta:
        indexes = ((("gebruiker", "rol"), True),)


class Kenmerk(BaseModel):
    """Scopes a user: instellingscode, gemeentecode or regiocode."""

    gebruiker = ForeignKeyField(Gebruiker, backref="kenmerken", on_delete="CASCADE")
    soort = CharField(max_length=20)
    waarde = CharField(max_length=10)

    class Meta:
        indexes = ((("gebruiker", "soort", "waarde"), True),)


class Uitnodiging(BaseModel):
    """A one-time link for a new organisation's first beheerder (seed 000, "Aanmelding
    beheerder"): its key is stored hashed, it expires, and it is used once, to choose the
    first password; the token is linked right after."""

    gebruiker = ForeignKeyField(Gebruiker, backref="uitnodigingen", on_delete="CASCADE")
    sleutel_hash = CharField(max_length=64, unique=True)  # SHA-256 of the link's key, hex
    verloopt = DateTimeField()
    gebruikt = DateTimeField(null=True)
    aangemaakt = DateTimeField(default=utcnow)
    actor = CharField(max_length=100)
