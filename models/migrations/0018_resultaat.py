"""resultaat: the diplomas and other results schools register for their pupils, with
whether each is a startkwalificatie (the P-levering's events, the VSV status)."""
from peewee import *


def up(migrator, db):
    class Persoon(Model):
        class Meta:
            database = db
            table_name = 'persoon'

    class Instelling(Model):
        class Meta:
            database = db
            table_name = 'instelling'

    class Resultaat(Model):
        persoon = ForeignKeyField(Persoon, backref="resultaten")
        instelling = ForeignKeyField(Instelling, backref="resultaten")
        datum = DateField()
        diploma = CharField(max_length=200)
        startkwalificatie = BooleanField(default=False)
        aangemaakt = DateTimeField()

        class Meta:
            database = db
            table_name = 'resultaat'
            indexes = ((("persoon", "datum"), False),)

    db.create_tables([Resultaat])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('resultaat'))
