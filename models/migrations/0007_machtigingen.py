"""Uitvoerende instanties: a gemeente's machtiging lets another organisation handle its
meldingen (R-GEM-03)."""
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

    class Machtiging(Model):
        gemeente = ForeignKeyField(Gemeente)
        organisatie = ForeignKeyField(Organisatie)
        soort = CharField(max_length=20)
        geldig_van = DateField()
        geldig_tot = DateField(null=True)

        class Meta:
            database = db
            table_name = 'machtiging'
            indexes = ((("organisatie", "soort", "gemeente"), False),)
    db.create_tables([Machtiging])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('machtiging'))
