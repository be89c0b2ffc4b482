"""Migrations are explicit: on a fresh database they build exactly the schema the models
describe, they are applied once, and they can be reverted (both engines)."""
from models import ALL_MODELS, database, make_database
from models.migrate import pending_diff, runner, upgrade


def test_migrations_build_the_schema_of_the_models(app):
    assert not pending_diff(database.obj), pending_diff(database.obj)


def test_fresh_database_migrates_up_down_and_up_again(maak_database):
    db = make_database(maak_database("migraties"))
    tabellen = {m._meta.table_name for m in ALL_MODELS}
    with db.connection_context():
        assert upgrade(db) == ["0001_initial"]
        assert upgrade(db) == []
        assert tabellen <= set(db.get_tables())
        assert not pending_diff(db)
        runner(db).down()
        assert not tabellen & set(db.get_tables())
        assert upgrade(db) == ["0001_initial"]
