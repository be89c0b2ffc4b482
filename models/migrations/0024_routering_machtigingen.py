"""Gemeenten arrange it themselves (R-GEM-01, R-GEM-03): the versions of a gemeente's
alternatieve routering (routering); a melding's category and the organisation the routering
named (verzuimmelding.categorie, instantie_id); a machtiging granted, accepted and ended on a
page, with its version (machtiging); an instantie's reads logged with its machtigingen
(inzagelog.machtigingen). Machtigingen made before were granted by an operator: accepted."""
import datetime

from peewee import *

OUD = datetime.datetime(2026, 1, 1)


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = 'organisatie'

    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    class Routering(Model):
        gemeente = ForeignKeyField(Gemeente, backref="+")
        versie = IntegerField()
        ingangsdatum = DateField()
        regels = TextField()
        tijdstip = DateTimeField()
        actor = CharField(max_length=100)
        organisatie = ForeignKeyField(Organisatie, null=True, backref="+")
        door = CharField(max_length=200)

        class Meta:
            database = db
            table_name = 'routering'
            indexes = ((("gemeente", "versie"), True), (("gemeente", "ingangsdatum"), False))

    db.create_tables([Routering])
    migrator.migrate(
        migrator.add_column('verzuimmelding', 'categorie', CharField(max_length=30, null=True)),
        migrator.add_column('verzuimmelding', 'instantie_id',
                            ForeignKeyField(Organisatie, null=True, field=Organisatie.id)),
        migrator.add_column('inzagelog', 'machtigingen', TextField(null=True)),
        migrator.add_column('machtiging', 'verleend', DateTimeField(default=OUD)),
        migrator.add_column('machtiging', 'verleend_door', CharField(max_length=200, default="")),
        migrator.add_column('machtiging', 'geaccepteerd', DateTimeField(null=True)),
        migrator.add_column('machtiging', 'geaccepteerd_door',
                            CharField(max_length=200, null=True)),
        migrator.add_column('machtiging', 'beeindigd', DateTimeField(null=True)),
        migrator.add_column('machtiging', 'beeindigd_door', CharField(max_length=200, null=True)),
        migrator.add_column('machtiging', 'versie', IntegerField(default=1)),
        migrator.add_column('machtiging', 'gewijzigd', DateTimeField(default=OUD)),
    )
    db.execute_sql("UPDATE machtiging SET geaccepteerd = verleend, "
                   "verleend_door = 'functioneel beheer', geaccepteerd_door = 'functioneel beheer'")


def down(migrator, db):
    migrator.migrate(
        *(migrator.drop_column('machtiging', kolom) for kolom in (
            'gewijzigd', 'versie', 'beeindigd_door', 'beeindigd', 'geaccepteerd_door',
            'geaccepteerd', 'verleend_door', 'verleend')),
        migrator.drop_column('inzagelog', 'machtigingen'),
        migrator.drop_index('verzuimmelding', 'verzuimmelding_instantie_id'),
        migrator.drop_column('verzuimmelding', 'instantie_id'),
        migrator.drop_column('verzuimmelding', 'categorie'),
        migrator.drop_table('routering'),
    )
