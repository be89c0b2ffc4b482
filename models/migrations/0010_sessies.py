"""Sessions that end on the server (R-AVG-05): gebruiker.sessie_generatie. Failed logins
counted per user name in aanmeldpoging, for names that exist and names that do not, so
the lock-out tells nothing about which exist (they were columns of gebruiker). And
inzagelog.brp: BRP records read that are not in the register (R-AVG-02)."""
from peewee import *


def up(migrator, db):
    class Aanmeldpoging(Model):
        sleutel = CharField(max_length=64, primary_key=True)
        mislukt = IntegerField(default=0)
        geblokkeerd_tot = DateTimeField(null=True)
        bijgewerkt = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = 'aanmeldpoging'
    db.create_tables([Aanmeldpoging])
    migrator.migrate(
        migrator.add_column('gebruiker', 'sessie_generatie', IntegerField(default=0)),
        migrator.drop_column('gebruiker', 'mislukte_pogingen'),
        migrator.drop_column('gebruiker', 'geblokkeerd_tot'),
        migrator.add_column('inzagelog', 'brp', TextField(null=True)))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('inzagelog', 'brp'),
        migrator.add_column('gebruiker', 'geblokkeerd_tot', DateTimeField(null=True)),
        migrator.add_column('gebruiker', 'mislukte_pogingen', IntegerField(default=0)),
        migrator.drop_column('gebruiker', 'sessie_generatie'),
        migrator.drop_table('aanmeldpoging'))
