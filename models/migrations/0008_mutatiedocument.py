"""The change feed's entry stored with each melding version (melding_versie.document).
Versions written before this migration get theirs from `flask db upgrade`, which fills
them after migrating (domain.opwaarderen.documenten_aanvullen)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('melding_versie', 'document', TextField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('melding_versie', 'document'))
