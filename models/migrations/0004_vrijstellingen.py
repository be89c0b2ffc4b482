"""Vrijstellingen and vervangende leerplicht (R-GEM-02), and the overlap flag of a
melding (R-VZ-16): a new table and a column added to an existing one."""
import datetime

from peewee import *


def up(migrator, db):
    class Persoon(Model):
        class Meta:
            database = db
            table_name = 'persoon'

    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    class Vrijstelling(Model):
        persoon = ForeignKeyField(Persoon)
        gemeente = ForeignKeyField(Gemeente)
        soort = CharField(max_length=30)
        artikel = CharField(max_length=10)
        begindatum = DateField()
        einddatum = DateField(null=True)
        aangemaakt = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'vrijstelling'
    db.create_tables([Vrijstelling])
    migrator.migrate(migrator.add_column(
        'verzuimmelding', 'vrijstelling_overlap', BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('verzuimmelding', 'vrijstelling_overlap'))
    migrator.migrate(migrator.drop_table('vrijstelling'))
