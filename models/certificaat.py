"""Client certificates of organisations for the M2M link (R-CRT-01 … R-CRT-03)."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .db import BaseModel, utcnow
from .gebruiker import Gebruiker
from .organisatie import Organisatie


class Certificaat(BaseModel):
    """The public part only; a caller is identified by the fingerprint of its leaf.
    Status is actief or ingetrokken; verlopen follows from geldig_tot."""

    organisatie = ForeignKeyField(Organisatie, backref="certificaten")
    vingerafdruk = CharField(max_length=64, unique=True)  # SHA-256 of the DER, hex
    subject = CharField(max_length=500)
    issuer = CharField(max_length=500)
    serienummer = CharField(max_length=64)
    oin = CharField(max_length=20)
    geldig_van = DateTimeField()
    geldig_tot = DateTimeField()
    pem = TextField()
    status = CharField(max_length=12, default="actief")
    geregistreerd_door = ForeignKeyField(Gebruiker, null=True, backref="+")
    geregistreerd_op = DateTimeField(default=utcnow)
    ingetrokken_op = DateTimeField(null=True)
    # The last expiry warning sent (60, 30 or 7 days before), so each goes out once.
    gewaarschuwd = IntegerField(null=True)
