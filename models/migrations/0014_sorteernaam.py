"""The overview's sort name on inschrijving: the person's lower-cased achternaam, beside
zoeknaam, with an index that gives one school's enrolments in the overview's order, so a
page of 100 reads 100 rows, not the school's 2,000. Filled from the persons already there
with Python's lower(), as the app writes it (SQLite's LOWER() leaves É and Ö as they are)."""
from peewee import CharField

PER = 10_000


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('inschrijving', 'sorteernaam', CharField(max_length=200, default='')),
        migrator.add_index('inschrijving', ('instelling_id', 'sorteernaam', 'persoon_id', 'id'),
                           False),
    )
    vorige, plaats = 0, db.param
    while True:
        rijen = db.execute_sql(
            "SELECT i.id, p.achternaam FROM inschrijving i JOIN persoon p ON p.id = i.persoon_id"
            f" WHERE i.id > {plaats} ORDER BY i.id LIMIT {plaats}", (vorige, PER)).fetchall()
        if not rijen:
            break
        db.cursor().executemany(
            f"UPDATE inschrijving SET sorteernaam = {plaats} WHERE id = {plaats}",
            [((achternaam or "").lower(), i) for i, achternaam in rijen])
        vorige = rijen[-1][0]


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('inschrijving', 'inschrijving_instelling_id_sorteernaam_persoon_id_id'),
        migrator.drop_column('inschrijving', 'sorteernaam'),
    )
