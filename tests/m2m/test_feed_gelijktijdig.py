"""The change feed never skips a version that got a lower id but committed later
(DESIGN §3, Mutatie): two writers on their own connections, a reader in between."""
import datetime
import json

import pytest
from peewee import OperationalError, PostgresqlDatabase

from domain import behandeling
from domain.actor import Actor
from models import (
    Gemeente,
    Instelling,
    MeldingVersie,
    Persoon,
    Verzuimmelding,
    database,
    make_database,
    transactie,
)

AMSTERDAM = "0363"


def _leerplicht():
    gemeente = Gemeente.get(Gemeente.code == AMSTERDAM)
    return Actor("systeem:test", gemeente.organisatie_id, "gemeente",
                 frozenset({"leerplichtambtenaar"}), {"gemeentecode": frozenset({AMSTERDAM})})


def _versie(db, melding_id, gemeente_id, versie):
    """A version written on connection `db` with the writer's own transaction id."""
    with MeldingVersie.bind_ctx(db, bind_refs=False, bind_backrefs=False):
        return MeldingVersie.insert(
            melding=melding_id, versie=versie, actor="systeem:test", status="R",
            gegevens="{}", gemeente=gemeente_id, transactie=transactie(),
            document=json.dumps({"versie": versie})).execute()


@pytest.fixture
def vaste_melding(app):
    """A melding committed on its own connection (the test's transaction is invisible to
    other connections), removed afterwards."""
    url = database.obj.url
    db = make_database(url)
    db.url = url
    gemeente = Gemeente.get(Gemeente.code == AMSTERDAM)
    persoon = Persoon.get(Persoon.bsn == "999990007")
    instelling = Instelling.get(Instelling.code == "31ED")
    with Verzuimmelding.bind_ctx(db, bind_refs=False, bind_backrefs=False):
        melding_id = Verzuimmelding.insert(
            nummer=990000 + datetime.datetime.now().microsecond, persoon=persoon.id,
            instelling=instelling.id, gemeente=gemeente.id, wet="LPW", vermoedelijke_soort="O",
            periode_van=datetime.date(2026, 1, 5), naam_contactpersoon="Test",
            melddatum=datetime.date(2026, 1, 5), gegevens=json.dumps({})).execute()
    yield db, melding_id, gemeente.id
    db.execute_sql(f"DELETE FROM melding_versie WHERE melding_id = {int(melding_id)}")
    db.execute_sql(f"DELETE FROM verzuimmelding WHERE id = {int(melding_id)}")
    db.close()


def test_feed_never_skips_a_lower_id_that_commits_later(app, vaste_melding):
    """PostgreSQL lets two writers interleave: the reader waits for the lower id.
    SQLite serialises writers, so id order is commit order there."""
    db, melding_id, gemeente_id = vaste_melding
    if isinstance(db, PostgresqlDatabase):
        _postgresql(db, melding_id, gemeente_id)
    else:
        _sqlite(db, melding_id, gemeente_id)


def _postgresql(db, melding_id, gemeente_id):
    eerste = behandeling.mutaties(_leerplicht()).volgende
    db_a, db_b = make_database(db.url), make_database(db.url)
    try:
        db_a.begin()
        laag = _versie(db_a, melding_id, gemeente_id, 1)  # A: lower id, still running
        with db_b.atomic():
            hoog = _versie(db_b, melding_id, gemeente_id, 2)  # B: higher id, committed
        assert laag < hoog
        pagina = behandeling.mutaties(_leerplicht(), eerste)
        assert pagina.documenten == []  # B waits: A might still commit below it
        db_a.commit()
        pagina = behandeling.mutaties(_leerplicht(), pagina.volgende)
        assert [json.loads(d)["versie"] for d in pagina.documenten] == [1, 2]  # nothing skipped
    finally:
        db_a.close()
        db_b.close()


def _sqlite(db, melding_id, gemeente_id):
    db_a = make_database(db.url)
    db_b = make_database(db.url)
    db_b.connect()
    db_b.execute_sql("PRAGMA busy_timeout = 100")
    try:
        with db_a.atomic():
            eerst = _versie(db_a, melding_id, gemeente_id, 1)
            with pytest.raises(OperationalError):  # B cannot write while A is open
                _versie(db_b, melding_id, gemeente_id, 2)
        assert _versie(db_b, melding_id, gemeente_id, 2) > eerst  # after A: a higher id
    finally:
        db_a.close()
        db_b.close()


# ---------------------------------------------------------------- the P-levering's feed

def _rmc():
    gemeente = Gemeente.get(Gemeente.code == AMSTERDAM)
    return Actor("systeem:test", gemeente.organisatie_id, "gemeente",
                 frozenset({"behandelaar_rmc"}), {"gemeentecode": frozenset({AMSTERDAM})})


def _mutatie(db, persoon_id, nummer):
    """An "inschrijving toegevoegd" of a pupil of Amsterdam, written on connection `db` with
    the writer's own transaction id (as mutaties.schrijf does)."""
    from models import Mutatie
    with Mutatie.bind_ctx(db, bind_refs=False, bind_backrefs=False):
        return Mutatie.insert(
            tijdstip=datetime.datetime(2026, 1, 5), actor="systeem:test", onderwerp="test",
            onderwerp_id=nummer, persoon=persoon_id, soort="inschrijving toegevoegd",
            na=json.dumps({"instelling": None}), transactie=transactie()).execute()


def test_r_lev_01_the_p_feed_never_skips_a_lower_id_that_commits_later(app):
    """The P-levering's feed (GET /api/v1/leveringen/mutaties) reads Mutaties by the same
    safe cursor: a Mutatie with a lower id whose transaction is still running holds the
    ones after it back until it commits, then both come, in order. (The test's own
    transaction writes nothing before: a reader's transaction that wrote is itself one
    the feed waits for.)"""
    from domain import levering
    url = database.obj.url
    persoon = Persoon.get(Persoon.bsn == "999990007").id
    db_a, db_b = make_database(url), make_database(url)
    geschreven = []
    if not isinstance(db_a, PostgresqlDatabase):
        # SQLite serialises writers, so id order is commit order: no lower id can come late.
        db_b.connect()
        db_b.execute_sql("PRAGMA busy_timeout = 100")
        try:
            with db_a.atomic():
                geschreven.append(_mutatie(db_a, persoon, 1))
                with pytest.raises(OperationalError):
                    _mutatie(db_b, persoon, 2)
        finally:
            db_a.execute_sql(f"DELETE FROM mutatie WHERE id = {int(geschreven[0])}")
            db_a.close()
            db_b.close()
        return
    try:
        begin = levering._cursor(*levering.leesbare_positie())
        db_a.begin()
        geschreven.append(_mutatie(db_a, persoon, 1))  # A: lower id, still running
        with db_b.atomic():
            geschreven.append(_mutatie(db_b, persoon, 2))  # B: higher id, committed
        assert geschreven[0] < geschreven[1]
        wachten = levering.feed(_rmc(), begin)
        assert wachten.wijzigingen == [] and wachten.volgende == begin
        db_a.commit()
        pagina = levering.feed(_rmc(), begin)
        assert [w[0] for w in pagina.wijzigingen] == ["Inschrijving toegevoegd"] * 2
    finally:
        if geschreven:
            ids = ",".join(str(int(i)) for i in geschreven)
            db_b.execute_sql(f"DELETE FROM mutatie WHERE id IN ({ids})")
        db_a.close()
        db_b.close()
