"""opleiding: the reference list of opleidingen (Basisgegevens opleidingen, R-LEV-05), with
whether a diploma of one is a startkwalificatie; loaded by `flask reference load`."""
from peewee import *


def up(migrator, db):
    class Opleiding(Model):
        code = CharField(max_length=20, primary_key=True)
        naam = CharField(max_length=200)
        soort = CharField(max_length=10)
        niveau = CharField(max_length=30)
        startkwalificatie = BooleanField(default=False)

        class Meta:
            database = db
            table_name = 'opleiding'

    db.create_tables([Opleiding])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('opleiding'))
