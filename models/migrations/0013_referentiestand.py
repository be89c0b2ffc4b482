"""referentiestand: one row whose `versie` `flask reference load` raises, so every process
that keeps the reference lists in memory knows when to read them again."""
from peewee import *


def up(migrator, db):
    class Referentiestand(Model):
        versie = IntegerField(default=1)

        class Meta:
            database = db
            table_name = 'referentiestand'
    db.create_tables([Referentiestand])
    Referentiestand.insert(id=1, versie=1).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_table('referentiestand'))
