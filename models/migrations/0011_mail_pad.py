"""uitgaande_mail.pad: the page a mail links to, as a path; the worker puts PUBLIC_URL in
front when it sends. Mails already in the outbox keep the whole link in their text."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('uitgaande_mail', 'pad', CharField(max_length=200, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('uitgaande_mail', 'pad'))
