"""Verzuimmeldingen with their versions, the wizard's concepts, and the mail outbox."""
# (utcnow defaults are applied by the models in Python; the schema needs none.)
from peewee import *


def up(migrator, db):
    class Gebruiker(Model):
        class Meta:
            database = db
            table_name = 'gebruiker'

    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    class Instelling(Model):
        class Meta:
            database = db
            table_name = 'instelling'

    class Persoon(Model):
        class Meta:
            database = db
            table_name = 'persoon'

    class Verzuimmelding(Model):
        nummer = IntegerField(unique=True)
        persoon = ForeignKeyField(Persoon)
        instelling = ForeignKeyField(Instelling)
        gemeente = ForeignKeyField(Gemeente)
        instantie_email = CharField(null=True, max_length=254)
        status = CharField(max_length=1, default='R')
        wet = CharField(max_length=10)
        vermoedelijke_soort = CharField(max_length=10)
        periode_van = DateField()
        periode_tm = DateField(null=True)
        met_prioriteit = BooleanField(default=False)
        naam_contactpersoon = CharField(max_length=200)
        melddatum = DateField()
        status_sinds = DateTimeField()
        versie = IntegerField(default=1)
        gegevens = TextField()
        aangemaakt = DateTimeField()
        gewijzigd = DateTimeField()
        class Meta:
            database = db
            table_name = 'verzuimmelding'
            indexes = ((('instelling', 'status', 'melddatum'), False), (('gemeente', 'status', 'melddatum'), False))
    db.create_tables([Verzuimmelding])

    class MeldingConcept(Model):
        sleutel = CharField(unique=True, max_length=43)
        gebruiker = ForeignKeyField(Gebruiker, on_delete='CASCADE')
        instelling = ForeignKeyField(Instelling)
        persoon = ForeignKeyField(Persoon)
        melding = ForeignKeyField(Verzuimmelding, null=True, on_delete='CASCADE')
        versie = IntegerField(null=True)
        gegevens = TextField(default='{}')
        gewijzigd = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'melding_concept'
    db.create_tables([MeldingConcept])

    class MeldingVersie(Model):
        melding = ForeignKeyField(Verzuimmelding)
        versie = IntegerField()
        tijdstip = DateTimeField()
        actor = CharField(max_length=100)
        status = CharField(max_length=1)
        gegevens = TextField()
        class Meta:
            database = db
            table_name = 'melding_versie'
            indexes = ((('melding', 'versie'), True),)
    db.create_tables([MeldingVersie])

    class UitgaandeMail(Model):
        aan = CharField(max_length=254)
        onderwerp = CharField(max_length=200)
        tekst = TextField()
        aangemaakt = DateTimeField()
        verzonden = DateTimeField(index=True, null=True)
        pogingen = IntegerField(default=0)
        volgende_poging = DateTimeField()
        laatste_fout = TextField(null=True)
        class Meta:
            database = db
            table_name = 'uitgaande_mail'
    db.create_tables([UitgaandeMail])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('uitgaande_mail'))
    migrator.migrate(migrator.drop_table('melding_versie'))
    migrator.migrate(migrator.drop_table('melding_concept'))
    migrator.migrate(migrator.drop_table('verzuimmelding'))
