"""Explicit migrations (peewee's runner, files in models/migrations/)."""
from pathlib import Path

from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

from . import ALL_MODELS

DIRECTORY = str(Path(__file__).parent / "migrations")


def runner(db):
    return Runner(db, DIRECTORY)


def upgrade(db):
    """Apply pending migrations; returns their names."""
    return runner(db).up()


def pending_diff(db):
    """What the models have that the migrated schema lacks (empty when in step)."""
    return diff_models(db, ALL_MODELS)
