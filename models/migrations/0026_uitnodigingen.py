"""New organisations (seed 000): the one-time link of a first beheerder (uitnodiging)."""
from peewee import *


def up(migrator, db):
    class Gebruiker(Model):
        class Meta:
            database = db
            table_name = 'gebruiker'

    class Uitnodiging(Model):
        gebruiker = ForeignKeyField(Gebruiker, backref="+", on_delete="CASCADE")
        sleutel_hash = CharField(max_length=64, unique=True)
        verloopt = DateTimeField()
        gebruikt = DateTimeField(null=True)
        aangemaakt = DateTimeField()
        actor = CharField(max_length=100)

        class Meta:
            database = db
            table_name = 'uitnodiging'

    db.create_tables([Uitnodiging])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('uitnodiging'))
