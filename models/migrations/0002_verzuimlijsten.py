"""The reference lists of verzuim (vermoedelijke soort, status, wet, redenen, acties)."""
from peewee import *


def up(migrator, db):
    class Lijstwaarde(Model):
        lijst = CharField(max_length=40)
        code = CharField(max_length=30)
        naam = CharField(max_length=200)
        naam_en = CharField(max_length=200)
        volgorde = IntegerField(default=0)
        kenmerken = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'lijstwaarde'
            indexes = ((('lijst', 'code'), True),)
    db.create_tables([Lijstwaarde])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('lijstwaarde'))
