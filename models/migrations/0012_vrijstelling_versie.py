"""A vrijstelling is ended or corrected like a melding: vrijstelling.versie (optimistic
locking) and vrijstelling.gewijzigd. Existing ones are at version 1."""
import datetime

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('vrijstelling', 'versie', IntegerField(default=1)),
        migrator.add_column('vrijstelling', 'gewijzigd',
                            DateTimeField(default=datetime.datetime(2026, 1, 1))))
    db.execute_sql("UPDATE vrijstelling SET gewijzigd = aangemaakt")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('vrijstelling', 'gewijzigd'),
        migrator.drop_column('vrijstelling', 'versie'))
