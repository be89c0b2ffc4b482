"""An index on inschrijving (instelling, sorteernaam, datum_inschrijving): a file's check
whether a row without a number is already there asks for pairs of name and date, and with
the name alone it read every pupil of that name at a large school for each batch."""


def up(migrator, db):
    migrator.migrate(migrator.add_index(
        'inschrijving', ('instelling_id', 'sorteernaam', 'datum_inschrijving'), False))


def down(migrator, db):
    migrator.migrate(migrator.drop_index(
        'inschrijving', 'inschrijving_instelling_id_sorteernaam_datum_inschrijving'))
