"""Retention (R-AVG-01): the runs of the job that removes persons past their retention,
with their place, claim and anonymous counts (opschoning); the persons of a batch under
way (opschoning_persoon)."""
from peewee import *


def up(migrator, db):
    class Opschoning(Model):
        peildatum = DateField()
        droog = BooleanField(default=False)
        sleutel = CharField(max_length=10, null=True, unique=True)
        status = CharField(max_length=20, default="bezig")
        positie = IntegerField(default=0)
        aantallen = TextField(default="{}")
        per_gemeente = TextField(default="{}")
        actor = CharField(max_length=100)
        begonnen = DateTimeField()
        klaar = DateTimeField(null=True)
        houder = CharField(max_length=16, null=True)
        geclaimd_tot = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'opschoning'
            indexes = ((("peildatum", "droog"), False),)

    class OpschoningPersoon(Model):
        opschoning = ForeignKeyField(Opschoning, backref="+", on_delete="CASCADE")
        persoon = BigIntegerField()

        class Meta:
            database = db
            table_name = 'opschoning_persoon'
            primary_key = False
            indexes = ((("opschoning", "persoon"), True),)

    db.create_tables([Opschoning, OpschoningPersoon])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('opschoning_persoon'), migrator.drop_table('opschoning'))
