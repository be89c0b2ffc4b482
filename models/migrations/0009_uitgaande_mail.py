"""The outbox's delivery record: `bericht_id` (a random id per mail, its Message-ID on every
attempt, so a receiver can drop the copy sent again after a crash) and `mislukt` (when the
worker gave up on a mail for good: it cannot be built, or the server refused it)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('uitgaande_mail', 'mislukt', DateTimeField(null=True)),
        migrator.add_column('uitgaande_mail', 'bericht_id', CharField(max_length=32, null=True)))
    # Each existing mail its own random id (a column default would give all rows one value),
    # 32 hex digits like the model's uuid4().hex; one statement, however long the outbox.
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("UPDATE uitgaande_mail SET bericht_id = "
                       "replace(gen_random_uuid()::text, '-', '')")
    else:
        db.execute_sql("UPDATE uitgaande_mail SET bericht_id = lower(hex(randomblob(16)))")
    migrator.migrate(
        migrator.add_not_null('uitgaande_mail', 'bericht_id'),
        migrator.add_index('uitgaande_mail', ('bericht_id',), True))


def down(migrator, db):
    # SQLite drops no indexed column: the index goes first.
    migrator.migrate(
        migrator.drop_index('uitgaande_mail', 'uitgaande_mail_bericht_id'),
        migrator.drop_column('uitgaande_mail', 'bericht_id'),
        migrator.drop_column('uitgaande_mail', 'mislukt'))
