"""Gegevensleveringen: sign-ups (aanmelding, with every version), deliveries (levering), a
returned file written in parts (bestandsdeel), and the writing transaction of every
mutatie, so the P-levering and its feed read them in a safe order (models.db.leesbaar).
Mutaties written before carry 0: older than any transaction still running."""
from peewee import *


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = 'organisatie'

    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    class Regio(Model):
        class Meta:
            database = db
            table_name = 'regio'

    class Bestand(Model):
        class Meta:
            database = db
            table_name = 'bestand'

    class Aanmelding(Model):
        gemeente = ForeignKeyField(Gemeente, unique=True, backref="+")
        via = CharField(max_length=10)
        actief = BooleanField(default=True)
        ontvangers = TextField(default="[]")
        versie = IntegerField(default=1)
        gewijzigd = DateTimeField()

        class Meta:
            database = db
            table_name = 'aanmelding'

    class AanmeldingVersie(Model):
        aanmelding = ForeignKeyField(Aanmelding, backref="versies", on_delete="CASCADE")
        versie = IntegerField()
        tijdstip = DateTimeField()
        actor = CharField(max_length=100)
        organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
        door = CharField(max_length=200)
        gegevens = TextField()

        class Meta:
            database = db
            table_name = 'aanmelding_versie'
            indexes = ((("aanmelding", "versie"), True),)

    class Levering(Model):
        soort = CharField(max_length=1)
        organisatie = ForeignKeyField(Organisatie, backref="+")
        gemeente = ForeignKeyField(Gemeente, null=True, backref="+")
        regio = ForeignKeyField(Regio, null=True, backref="+")
        peildatum = DateField()
        vanaf = DateField(null=True)
        van_transactie = BigIntegerField(default=0)
        van_id = BigIntegerField(default=0)
        tot_transactie = BigIntegerField(default=0)
        tot_id = BigIntegerField(default=0)
        actor = CharField(max_length=100)
        status = CharField(max_length=12, index=True)
        verzoek = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
        bestand = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
        aantal = IntegerField(null=True)
        nummers = TextField(null=True)
        opmerkingen = TextField(null=True)
        aangevraagd = DateTimeField(index=True)
        klaar = DateTimeField(null=True)
        sleutel = CharField(max_length=60, null=True, unique=True)
        houder = CharField(max_length=32, null=True)
        geclaimd_tot = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'levering'

    class Bestandsdeel(Model):
        bestand = ForeignKeyField(Bestand, backref="+", on_delete="CASCADE")
        volgnummer = IntegerField()
        inhoud = BlobField()

        class Meta:
            database = db
            table_name = 'bestandsdeel'
            indexes = ((("bestand", "volgnummer"), True),)

    db.create_tables([Aanmelding, AanmeldingVersie, Levering, Bestandsdeel])
    migrator.migrate(
        migrator.add_column('mutatie', 'transactie', BigIntegerField(default=0)),
        migrator.add_index('mutatie', ('transactie', 'id'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('mutatie', 'mutatie_transactie_id'),
        migrator.drop_column('mutatie', 'transactie'),
        migrator.drop_table('bestandsdeel'),
        migrator.drop_table('levering'),
        migrator.drop_table('aanmelding_versie'),
        migrator.drop_table('aanmelding'),
    )
