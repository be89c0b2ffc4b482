"""The search name on inschrijving (the overview searches one school's index entries),
filled from the persons already there."""
from peewee import CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('inschrijving', 'zoeknaam', CharField(max_length=230, default='')),
        migrator.add_index('inschrijving', ('instelling_id', 'zoeknaam', 'id'), False),
    )
    db.execute_sql(
        "UPDATE inschrijving SET zoeknaam = (SELECT LOWER(COALESCE(p.voorvoegsels, '') || ' ' "
        "|| COALESCE(p.achternaam, '')) FROM persoon p WHERE p.id = inschrijving.persoon_id)")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('inschrijving', 'inschrijving_instelling_id_zoeknaam_id'),
        migrator.drop_column('inschrijving', 'zoeknaam'),
    )
