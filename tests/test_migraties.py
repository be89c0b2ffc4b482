"""Migrations are explicit: on a fresh database they build exactly the schema the models
describe, they are applied once, in order, keep existing data, and can be reverted
(both engines)."""
import pytest

from bench.proces import flask_cli, met_demo
from models import ALL_MODELS, make_database
from models.migrate import pending_diff, runner, upgrade


def _namen(db):
    return [m.name for m in runner(db).migrations()]


def test_migrations_build_the_schema_of_the_models(app):
    from models import database
    assert not pending_diff(database.obj), pending_diff(database.obj)


def test_fresh_database_migrates_up_down_and_up_again(maak_database):
    db = make_database(maak_database("migraties"))
    tabellen = {m._meta.table_name for m in ALL_MODELS}
    with db.connection_context():
        namen = _namen(db)
        assert namen[:4] == ["0001_initial", "0002_verzuimlijsten", "0003_verzuimmeldingen",
                            "0004_vrijstellingen"]
        assert upgrade(db) == namen
        assert upgrade(db) == []
        assert tabellen <= set(db.get_tables())
        assert not pending_diff(db)
        runner(db).down(namen[0])
        assert not tabellen & set(db.get_tables())
        assert upgrade(db) == namen


def test_upgrade_from_the_first_migration_keeps_the_data(maak_database):
    db = make_database(maak_database("migratiepad"))
    with db.connection_context():
        runner(db).up("0001_initial")
        db.execute_sql("INSERT INTO land (code, naam, naam_en) "
                       "VALUES ('5010', 'België', 'Belgium')")
        applied = upgrade(db)
        assert applied and applied[0] == "0002_verzuimlijsten"
        assert db.execute_sql("SELECT naam FROM land WHERE code = '5010'").fetchone()[0] == "België"
        assert "lijstwaarde" in db.get_tables()


@pytest.mark.slow  # the flask CLI in subprocesses
def test_upgrade_writes_the_feed_entries_of_versions_written_before_0008(maak_database, tmp_path):
    """Versions written before melding_versie.document existed get their change feed entry
    from `flask db upgrade`: for a melding's latest version, the entry it would have been
    written with."""
    url = maak_database("aanvullen")
    env = met_demo(url, tmp_path, ("demo", "meldingen"))
    db = make_database(url)
    laatste = ("SELECT v.id, v.document FROM melding_versie v JOIN verzuimmelding m "
               "ON m.id = v.melding_id AND m.versie = v.versie ORDER BY v.id")
    with db.connection_context():
        geschreven = db.execute_sql(laatste).fetchall()
        aantal = db.execute_sql("SELECT count(*) FROM melding_versie").fetchone()[0]
        db.execute_sql("UPDATE melding_versie SET document = NULL")
    assert len(geschreven) == 5 and aantal > 5
    uit = flask_cli(env, "db", "upgrade").stdout
    assert f"change feed entries written for {aantal} melding versions" in uit
    with db.connection_context():
        assert db.execute_sql(laatste).fetchall() == geschreven
        assert db.execute_sql("SELECT count(*) FROM melding_versie WHERE document IS NULL"
                              ).fetchone()[0] == 0


def test_0014_fills_the_sort_name_of_existing_enrolments_as_the_app_writes_it(maak_database):
    """R-INS-09: the overview's order comes from inschrijving.sorteernaam; enrolments that
    were there before it get their person's achternaam lower-cased by Python, as the app
    writes it (also Ö, which SQLite's LOWER() leaves)."""
    import datetime

    from models import Bestuur, Inschrijving, Instelling, Organisatie, Persoon

    db = make_database(maak_database("sorteernaam"))
    with db.connection_context(), db.bind_ctx(ALL_MODELS):
        upgrade(db)
        bestuur = Bestuur.create(code="99ZZ", naam="Bestuur", organisatie=Organisatie.create(
            soort="bestuur", naam="Bestuur", oin="9" * 20))
        school = Instelling.create(code="99ZZ", naam="School", soort="PO", categorie="B3",
                                   oprichtingsdatum=datetime.date(2000, 1, 1), bestuur=bestuur)
        for achternaam in ("Öztürk", "Dijk", None):
            Inschrijving.create(instelling=school, datum_inschrijving=datetime.date(2024, 8, 1),
                                persoon=Persoon.create(achternaam=achternaam, geslacht="O",
                                                       geboortedatum=datetime.date(2015, 1, 1)))
        runner(db).down("0014_sorteernaam")
        assert upgrade(db)[0] == "0014_sorteernaam"
        rijen = db.execute_sql("SELECT sorteernaam FROM inschrijving ORDER BY id").fetchall()
        assert [r[0] for r in rijen] == ["öztürk", "dijk", ""]
        assert not pending_diff(db)


def test_0016_moves_the_bytes_of_existing_files_to_their_own_table_and_back(maak_database):
    """A file's bytes leave the row that every batch updates (bestand) for bestandsinhoud;
    files stored before keep their bytes, down and up again."""
    db = make_database(maak_database("bestandsinhoud"))
    with db.connection_context():
        runner(db).up("0015_bestanden")
        organisatie = db.execute_sql(
            "INSERT INTO organisatie (soort, naam, oin) VALUES ('bestuur', 'B', "
            f"'{'9' * 20}') RETURNING id").fetchone()[0]
        for i, inhoud in enumerate((b"Achternaam;Voornamen\r\n", b"\x00\xff" * 5000), 1):
            db.execute_sql(
                "INSERT INTO bestand (id, organisatie_id, richting, soort, status, naam, inhoud, "
                "grootte, sha256, actor, afzender, tijdstip, regels_klaar, regels_fout, taal) "
                f"VALUES ({i}, {organisatie}, 'verstuurd', 'rod', 'verwerkt', 'f.csv', "
                f"{db.param}, {len(inhoud)}, 'x', 'a', 'a', '2026-12-01', 0, 0, 'nl')",
                (inhoud,))
        assert upgrade(db)[0] == "0016_bestandsinhoud"
        verwacht = [(1, b"Achternaam;Voornamen\r\n"), (2, b"\x00\xff" * 5000)]
        rijen = db.execute_sql("SELECT bestand_id, inhoud FROM bestandsinhoud ORDER BY 1")
        assert [(i, bytes(b)) for i, b in rijen.fetchall()] == verwacht
        assert "inhoud" not in {k.name for k in db.get_columns("bestand")}
        runner(db).down("0016_bestandsinhoud")
        rijen = db.execute_sql("SELECT id, inhoud FROM bestand ORDER BY 1").fetchall()
        assert [(i, bytes(b)) for i, b in rijen] == verwacht
        assert upgrade(db)[0] == "0016_bestandsinhoud"
        assert not pending_diff(db)
