"""Koppeling OWN/BSN (R-LEV-04, R-INS-10): the links and merges of persons, recorded so
they can be undone (koppeling); the questions asked in a koppeling file (vraag); and the
person a merge took in, pointing at the one it became (persoon.samengevoegd_in_id)."""
from peewee import *


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = 'organisatie'

    class Persoon(Model):
        class Meta:
            database = db
            table_name = 'persoon'

    class Bestand(Model):
        class Meta:
            database = db
            table_name = 'bestand'

    class Koppeling(Model):
        soort = CharField(max_length=20)
        status = CharField(max_length=20, index=True)
        persoon = ForeignKeyField(Persoon, backref="+")
        vervallen = ForeignKeyField(Persoon, null=True, backref="+")
        bsn = CharField(max_length=9)
        onderwijsnummer = CharField(max_length=9)
        verplaatst = TextField(default="{}")
        voor = TextField()
        actor = CharField(max_length=100)
        organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
        bestand = ForeignKeyField(Bestand, null=True, backref="+", on_delete="SET NULL")
        regel = IntegerField(null=True)
        tijdstip = DateTimeField(index=True)
        teruggedraaid = DateTimeField(null=True)
        teruggedraaid_door = CharField(max_length=100, null=True)

        class Meta:
            database = db
            table_name = 'koppeling'

    class Vraag(Model):
        bestand = ForeignKeyField(Bestand, backref="+", on_delete="CASCADE")
        regel = IntegerField()
        nummer = CharField(max_length=20)
        vraag = TextField()
        antwoord = TextField(null=True)
        beantwoord = DateTimeField(null=True)
        beantwoord_door = CharField(max_length=100, null=True)
        gesteld = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = 'vraag'
            indexes = ((("bestand", "regel"), True),)

    db.create_tables([Koppeling, Vraag])
    migrator.migrate(
        migrator.add_column('persoon', 'samengevoegd_in_id',
                            ForeignKeyField(Persoon, null=True, field=Persoon.id)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('persoon', 'persoon_samengevoegd_in_id'),
        migrator.drop_column('persoon', 'samengevoegd_in_id'),
        migrator.drop_table('vraag'),
        migrator.drop_table('koppeling'),
    )
