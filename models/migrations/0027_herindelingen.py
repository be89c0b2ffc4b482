"""Herindelingen (R-HER-01): the herindeling with its date, new gemeente, state, place and
counts (herindeling), and its old gemeenten, whole or per PC4 area, with where they go
(herindelingsdeel); the persons an execution moves, gathered when it begins
(herindeling_persoon)."""
from peewee import *


def up(migrator, db):
    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    class Herindeling(Model):
        datum = DateField()
        nieuwe_gemeente = ForeignKeyField(Gemeente, backref="+")
        status = CharField(max_length=20, default="gepland")
        fase = CharField(max_length=20, default="")
        positie = BigIntegerField(default=0)
        aantallen = TextField(default="{}")
        aankondigingen = TextField(default="[]")
        verslag = TextField(default="{}")
        actor = CharField(max_length=100)
        geregistreerd = DateTimeField()
        uitgevoerd = DateTimeField(null=True)
        opgeruimd = DateTimeField(null=True)
        houder = CharField(max_length=16, null=True)
        geclaimd_tot = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'herindeling'

    class Herindelingsdeel(Model):
        herindeling = ForeignKeyField(Herindeling, backref="+", on_delete="CASCADE")
        gemeente = ForeignKeyField(Gemeente, backref="+")
        pc4 = CharField(max_length=4, null=True)
        naar = ForeignKeyField(Gemeente, backref="+")

        class Meta:
            database = db
            table_name = 'herindelingsdeel'
            indexes = ((("herindeling", "gemeente", "pc4"), True),)

    class HerindelingPersoon(Model):
        herindeling = ForeignKeyField(Herindeling, backref="+", on_delete="CASCADE")
        persoon = BigIntegerField()
        naar = ForeignKeyField(Gemeente, backref="+")

        class Meta:
            database = db
            table_name = 'herindeling_persoon'
            primary_key = False
            indexes = ((("herindeling", "persoon"), True),)

    db.create_tables([Herindeling, Herindelingsdeel, HerindelingPersoon])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('herindeling_persoon'),
                     migrator.drop_table('herindelingsdeel'), migrator.drop_table('herindeling'))
