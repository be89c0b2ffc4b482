"""bestand and bestandsregel: files sent and returned (Bestandsuitwisseling), kept in the
database, and what became of each row of a sent file."""
from peewee import *


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = 'organisatie'

    class Instelling(Model):
        class Meta:
            database = db
            table_name = 'instelling'

    class Inschrijving(Model):
        class Meta:
            database = db
            table_name = 'inschrijving'

    class Bestand(Model):
        organisatie = ForeignKeyField(Organisatie, backref="bestanden", index=True)
        instelling = ForeignKeyField(Instelling, null=True, backref="bestanden")
        richting = CharField(max_length=10)
        soort = CharField(max_length=30)
        status = CharField(max_length=30, index=True)
        naam = CharField(max_length=200)
        inhoud = BlobField()
        grootte = IntegerField()
        sha256 = CharField(max_length=64, index=True)
        actor = CharField(max_length=100)
        afzender = CharField(max_length=200)
        tijdstip = DateTimeField(index=True)
        verwerkt = DateTimeField(null=True)
        aantal_regels = IntegerField(null=True)
        regels_klaar = IntegerField(default=0)
        regels_fout = IntegerField(default=0)
        opmerkingen = TextField(null=True)
        houder = CharField(max_length=32, null=True)
        geclaimd_tot = DateTimeField(null=True)
        bron = ForeignKeyField("self", null=True, backref="verslagen", on_delete="CASCADE")
        bewaren_tot = DateField(null=True, index=True)
        gedownload = DateTimeField(null=True)
        taal = CharField(max_length=2, default="nl")

        class Meta:
            database = db
            table_name = 'bestand'

    class Bestandsregel(Model):
        bestand = ForeignKeyField(Bestand, backref="regels", on_delete="CASCADE")
        regel = IntegerField()
        uitkomst = CharField(max_length=12)
        fouten = TextField(null=True)
        leerling = CharField(max_length=200, default="")
        inschrijving = ForeignKeyField(Inschrijving, null=True, backref="+",
                                       on_delete="SET NULL")

        class Meta:
            database = db
            table_name = 'bestandsregel'
            indexes = ((("bestand", "regel"), True),)

    db.create_tables([Bestand, Bestandsregel])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('bestandsregel'))
    migrator.migrate(migrator.drop_table('bestand'))
