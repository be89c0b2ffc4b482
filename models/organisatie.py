"""Organisations and the reference data that places them: besturen with their
instellingen and onderwijslocaties, gemeenten, regio's, landen and PC4 areas."""
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


class Organisatie(BaseModel):
    """Anything users or packages act for. Every organisation has an OIN."""

    SOORTEN = ("bestuur", "gemeente", "regio", "instantie", "beheer")

    soort = CharField(max_length=20)
    naam = CharField(max_length=200)
    oin = CharField(max_length=20, unique=True)


class Bestuur(BaseModel):
    code = CharField(max_length=5, unique=True)
    naam = CharField(max_length=200)
    organisatie = ForeignKeyField(Organisatie, unique=True, backref="besturen")


class Instelling(BaseModel):
    code = CharField(max_length=4, unique=True)
    naam = CharField(max_length=200)
    soort = CharField(max_length=2)  # PO / VO
    categorie = CharField(max_length=10)  # B3 / B4 / bekostigd
    oprichtingsdatum = DateField()
    bestuur = ForeignKeyField(Bestuur, backref="instellingen")


class Onderwijslocatie(BaseModel):
    code = CharField(max_length=6, unique=True)
    naam = CharField(max_length=200)
    plaats = CharField(max_length=100, null=True)
    instelling = ForeignKeyField(Instelling, backref="onderwijslocaties")


class Regio(BaseModel):
    """Doorstroompunt-regio (formerly RMC-regio)."""

    code = CharField(max_length=4, unique=True)
    naam = CharField(max_length=200)
    organisatie = ForeignKeyField(Organisatie, null=True, backref="regios")


class Gemeente(BaseModel):
    code = CharField(max_length=4, unique=True)
    naam = CharField(max_length=200)
    regio = ForeignKeyField(Regio, null=True, backref="gemeenten")
    verzuimloket_email = CharField(max_length=254, null=True)
    # Codes are never reused: a herindeling ends a gemeente and names its successor.
    geldig_van = DateField(null=True)
    geldig_tot = DateField(null=True)
    opgevolgd_door = ForeignKeyField("self", null=True, backref="voorgangers")
    organisatie = ForeignKeyField(Organisatie, null=True, backref="gemeenten")


class Land(BaseModel):
    """BRP landcode (RvIG Landelijke tabel 34)."""

    NEDERLAND = "6030"
    ONBEKEND = "0000"

    code = CharField(max_length=4, primary_key=True)
    naam = CharField(max_length=100)
    naam_en = CharField(max_length=100)


class Referentiestand(BaseModel):
    """One row (id 1): the version of the reference data, raised by every load, so the
    processes that keep the lists in memory read them again (domain/referentie.py)."""

    versie = IntegerField(default=1)


class Opleiding(BaseModel):
    """An opleiding whose diploma a result names (Basisgegevens opleidingen, R-LEV-05): kept
    as reference data, with whether its diploma is a startkwalificatie (havo, vwo, mbo 2
    and up)."""

    code = CharField(max_length=20, primary_key=True)
    naam = CharField(max_length=200)
    soort = CharField(max_length=10)  # VO / MBO
    niveau = CharField(max_length=30)
    startkwalificatie = BooleanField(default=False)


class Postcodegebied(BaseModel):
    """PC4 to gemeente: where a school-given address lies."""

    pc4 = CharField(max_length=4, primary_key=True)
    gemeente = ForeignKeyField(Gemeente, backref="postcodegebieden")


class Machtiging(BaseModel):
    """A gemeente lets another organisation (an uitvoerende instantie) do part of its work
    (R-GEM-03): soort domain.machtiging.Soort. It counts from geldig_van to geldig_tot
    once the instantie accepted it, until either side ends it; changed with the version
    it read (optimistic locking)."""

    gemeente = ForeignKeyField(Gemeente, backref="machtigingen")
    organisatie = ForeignKeyField(Organisatie, backref="machtigingen")
    soort = CharField(max_length=20)
    geldig_van = DateField()
    geldig_tot = DateField(null=True)
    verleend = DateTimeField(default=utcnow)
    verleend_door = CharField(max_length=200, default="")
    geaccepteerd = DateTimeField(null=True)
    geaccepteerd_door = CharField(max_length=200, null=True)
    beeindigd = DateTimeField(null=True)
    beeindigd_door = CharField(max_length=200, null=True)
    versie = IntegerField(default=1)
    gewijzigd = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("organisatie", "soort", "gemeente"), False),)


class Routering(BaseModel):
    """One version of a gemeente's alternatieve routering verzuimloket (R-GEM-01): per
    category the handling organisation and the address its meldingen are mailed to, from
    the ingangsdatum. Versions are never changed; a new one takes the next number, and the
    unique (gemeente, versie) lets only one of two at once have it."""

    gemeente = ForeignKeyField(Gemeente, backref="+")
    versie = IntegerField()
    ingangsdatum = DateField()
    # JSON {categorie: {"organisatie": id, "naam": ..., "email": ...}}
    regels = TextField()
    tijdstip = DateTimeField(default=utcnow)
    actor = CharField(max_length=100)
    organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
    door = CharField(max_length=200)  # the name shown in the history

    class Meta:
        indexes = ((("gemeente", "versie"), True), (("gemeente", "ingangsdatum"), False))


class Herindeling(BaseModel):
    """A gemeentelijke herindeling (R-HER-01): on `datum` the old gemeenten (its delen)
    end and their persons, vrijstellingen, open meldingen and machtigingen go to the new or
    continuing gemeente (for a split: per PC4 area to the gemeente named). A job carries it
    out on the date, a phase and a batch at a time with its place (`fase`, `positie`) and
    counts, so a run cut off goes on where it stopped; three months later it removes the
    old gemeenten' files and blocks their users."""

    datum = DateField()
    nieuwe_gemeente = ForeignKeyField(Gemeente, backref="+")
    status = CharField(max_length=20, default="gepland")  # domain.herindeling.Status
    fase = CharField(max_length=20, default="")  # the phase of the execution under way
    positie = BigIntegerField(default=0)  # the last person moved
    aantallen = TextField(default="{}")  # JSON {what: how many}, as carried out
    aankondigingen = TextField(default="[]")  # JSON: the announcement mails sent
    verslag = TextField(default="{}")  # JSON: the clean-up three months on
    actor = CharField(max_length=100)
    geregistreerd = DateTimeField(default=utcnow)
    uitgevoerd = DateTimeField(null=True)
    opgeruimd = DateTimeField(null=True)
    houder = CharField(max_length=16, null=True)
    geclaimd_tot = DateTimeField(null=True)


class Herindelingsdeel(BaseModel):
    """An old gemeente of a herindeling, whole (pc4 None) or one PC4 area of it (a split),
    and the gemeente it goes to."""

    herindeling = ForeignKeyField(Herindeling, backref="delen", on_delete="CASCADE")
    gemeente = ForeignKeyField(Gemeente, backref="+")
    pc4 = CharField(max_length=4, null=True)
    naar = ForeignKeyField(Gemeente, backref="+")

    class Meta:
        indexes = ((("herindeling", "gemeente", "pc4"), True),)


class HerindelingPersoon(BaseModel):
    """The persons a herindeling moves and where each goes, gathered in one statement when
    its execution begins: the batches then move them in id order from this list, set-based,
    and never look up by the old gemeente again (whose index fills with the moved rows)."""

    herindeling = ForeignKeyField(Herindeling, backref="+", on_delete="CASCADE")
    persoon = BigIntegerField()
    naar = ForeignKeyField(Gemeente, backref="+")

    class Meta:
        primary_key = False
        indexes = ((("herindeling", "persoon"), True),)
