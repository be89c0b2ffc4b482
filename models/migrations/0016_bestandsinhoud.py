"""A file's bytes move from bestand to a table of their own, bestandsinhoud: the row in
bestand changes with every batch of a file (claim, progress), and SQLite writes a changed
row whole, its bytes too. Copied in parts, so a register with many files does not hold
them all in memory."""
from peewee import *

PER = 100


def up(migrator, db):
    class Bestand(Model):
        class Meta:
            database = db
            table_name = 'bestand'

    class Bestandsinhoud(Model):
        bestand = ForeignKeyField(Bestand, primary_key=True, backref="+", on_delete="CASCADE")
        inhoud = BlobField()

        class Meta:
            database = db
            table_name = 'bestandsinhoud'

    db.create_tables([Bestandsinhoud])
    for id_, inhoud in _per_deel(db, "bestand", "id"):
        db.execute_sql(f"INSERT INTO bestandsinhoud (bestand_id, inhoud) VALUES "
                       f"({db.param}, {db.param})", (id_, inhoud))
    migrator.migrate(migrator.drop_column('bestand', 'inhoud'))


def down(migrator, db):
    migrator.migrate(migrator.add_column('bestand', 'inhoud', BlobField(null=True)))
    for id_, inhoud in _per_deel(db, "bestandsinhoud", "bestand_id"):
        db.execute_sql(f"UPDATE bestand SET inhoud = {db.param} WHERE id = {db.param}",
                       (inhoud, id_))
    migrator.migrate(migrator.drop_table('bestandsinhoud'))


def _per_deel(db, tabel, sleutel):
    """(id, bytes) of every row of `tabel`, read PER at a time in id order."""
    vorige = 0
    while True:
        rijen = db.execute_sql(
            f"SELECT {sleutel}, inhoud FROM {tabel} WHERE {sleutel} > {db.param} "
            f"ORDER BY {sleutel} LIMIT {PER}", (vorige,)).fetchall()
        if not rijen:
            return
        yield from rijen
        vorige = rijen[-1][0]
