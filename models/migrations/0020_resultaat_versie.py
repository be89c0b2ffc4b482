"""resultaat: a version and the moment of the last change, so a school corrects a result
from the version it read (optimistic locking, "resultaat gewijzigd")."""
import datetime

from peewee import DateTimeField, IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('resultaat', 'versie', IntegerField(default=1)),
        migrator.add_column('resultaat', 'gewijzigd',
                            DateTimeField(default=datetime.datetime(2026, 1, 1))),
    )
    db.execute_sql("UPDATE resultaat SET gewijzigd = aangemaakt")  # never changed before


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('resultaat', 'gewijzigd'),
        migrator.drop_column('resultaat', 'versie'),
    )
