"""The database handle and the base model.

One `DatabaseProxy` is bound at start-up to SQLite (the embedded default) or
PostgreSQL, chosen by the URL; models never know which.
"""
import datetime
import secrets

from peewee import (
    SQL,
    BigIntegerField,
    Cast,
    DatabaseProxy,
    Expression,
    Model,
    PostgresqlDatabase,
    Tuple,
    Value,
    fn,
)
from playhouse.db_url import parse
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    # 32 MB of pages a connection (SQLite's default is 2 MB): the indexes of a large school
    # outgrow 2 MB, and a file's rows land all over them.
    "cache_size": -32000,
}


def make_database(url):
    """A peewee database for `sqlite:///path` or `postgresql://...`."""
    if url.startswith("sqlite:///"):
        # Pooled: a request's connection goes back to the pool, so the next request
        # finds SQLite's page cache and parsed schema instead of reading them again
        # (the change feed's speed, docs/benchmarks.md). A pooled connection serves one
        # thread at a time; a request waits up to 10 s when all are in use.
        # Every transaction (`database.atomic()`) begins IMMEDIATE: it takes the write lock
        # at BEGIN, so a writer that must wait does so in busy_timeout. A deferred one
        # that read first cannot upgrade its snapshot and fails at once ("database is
        # locked"). Reads outside a transaction stay concurrent (WAL).
        return PooledSqliteDatabase(url[len("sqlite:///"):], pragmas=SQLITE_PRAGMAS,
                                    max_connections=32, stale_timeout=300, timeout=10,
                                    check_same_thread=False, lock_type="IMMEDIATE")
    if url.startswith(("postgresql://", "postgres://")):
        # Pooled per process too: a new connection costs about 4 ms and a new server
        # process that must load the catalog again (docs/benchmarks.md). A connection
        # left in a transaction is rolled back before reuse. At scale a pgbouncer in
        # transaction mode in front of the server bounds the connections of all
        # processes together (docs/deploy.md).
        params = parse(url)
        name = params.pop("database")
        return PooledPostgresqlDatabase(name, max_connections=32, stale_timeout=300, timeout=10,
                                        **params)
    raise ValueError(f"unsupported DATABASE_URL: {url.split(':', 1)[0]}")


def bind(url):
    """Point the models at `url`; binding the same URL again keeps the open database."""
    current = database.obj
    if current is not None and getattr(current, "url", None) == url:
        return current
    db = make_database(url)
    db.url = url
    database.initialize(db)
    return db


class Sjabloon:
    """A query whose SQL text peewee builds once per form and engine, then runs with new
    values. On the busiest path, every call of an M2M package, building the text cost
    many times running it (docs/benchmarks.md). `bouw(vorm, waarde)` builds the query of
    one form from `vorm` alone, with `waarde(naam)` wherever a value goes: it never sees
    the values, so none can be built into the text and reused for another caller."""

    def __init__(self, bouw):
        self.bouw = bouw
        self.teksten = {}

    def _voer_uit(self, vorm, waarden):
        sleutel = (type(database.obj), vorm)
        if sleutel not in self.teksten:
            query = self.bouw(vorm, _Plaats.waarde)
            self.teksten[sleutel] = (query, *query.sql())
        query, sql, params = self.teksten[sleutel]
        return query, database.execute_sql(
            sql, [waarden[p.naam] if isinstance(p, _Plaats) else p for p in params])

    def uitvoeren(self, vorm, **waarden):
        """Run the statement of `vorm` (an UPDATE, an INSERT without RETURNING); how many
        rows it touched."""
        return self._voer_uit(vorm, waarden)[1].rowcount

    def rijen(self, vorm, **waarden):
        """The rows, as the driver gives them, of the query of `vorm` with `waarden`."""
        return self._voer_uit(vorm, waarden)[1].fetchall()

    def objecten(self, vorm, **waarden):
        """The rows of the query of `vorm` with `waarden` as peewee gives them for that
        query: model instances (joined ones included), or tuples when it asks for them;
        values converted (dates on SQLite)."""
        query, cursor = self._voer_uit(vorm, waarden)
        return list(query._get_cursor_wrapper(cursor))  # what peewee's own execute does


class _Plaats:
    def __init__(self, naam):
        self.naam = naam

    @classmethod
    def waarde(cls, naam):
        # Unconverted: the fields' converters would not know a place. The values given
        # later are what the driver takes (ints, strings, dates, naive UTC datetimes).
        return Value(cls(naam), converter=False)


def utcnow():
    """Naive UTC: stored the same way on both engines."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def _postgres():
    return isinstance(database.obj, PostgresqlDatabase)


def stroom(query, per_keer=2000):
    """The rows of `query` as the driver gives them (tuples), fetched `per_keer` at a time:
    a delivery of 150,000 persons is never in memory whole. PostgreSQL's driver fetches a
    whole result unless the cursor is a named one on the server, which lives in a
    transaction: a read-only one, so it holds no transaction id back from the feeds
    (`leesbaar`). SQLite steps its cursor row by row already."""
    sql, params = query.sql()
    if not _postgres():
        cursor = database.execute_sql(sql, params)
        while rijen := cursor.fetchmany(per_keer):
            yield from rijen
        return
    with database.atomic():
        cursor = database.connection().cursor(name="stroom")
        try:
            cursor.itersize = per_keer
            cursor.execute(sql, params)
            yield from cursor
        finally:
            cursor.close()


def json_tekst(kolom, *pad):
    """The text at `pad` (keys) in the JSON held by the text column `kolom`, as an SQL
    expression of either engine: for a search on a value that has no column of its own."""
    if _postgres():
        return Expression(Cast(kolom, "jsonb"), "#>>", "{" + ",".join(pad) + "}")
    return fn.json_extract(kolom, "$." + ".".join(pad))


def vergrendel(query):
    """`query` as a SELECT … FOR UPDATE on PostgreSQL: its rows stay locked until the
    transaction ends, so a check that depends on them (an overlapping period, a person
    not yet stored) holds until the write. SQLite needs no row lock: a transaction there
    holds the database's write lock from BEGIN."""
    return query.for_update() if _postgres() else query


def werk_bij(rij, **kolommen):
    """Write `kolommen` to the row of the model instance `rij` with the next `versie` and
    `gewijzigd` now, only when its versie is still the one `rij` was read with: the write
    and the check that nobody wrote since in one statement (optimistic locking). True when
    it wrote, and then `rij` holds what was written; False when someone wrote first."""
    model, gelezen = type(rij), rij.versie
    kolommen = {**kolommen, "versie": gelezen + 1, "gewijzigd": utcnow()}
    if not model.update(**kolommen).where(model.id == rij.id, model.versie == gelezen).execute():
        return False
    for naam, waarde in kolommen.items():
        setattr(rij, naam, waarde)
    return True


def neem_claim(model, rij_id, duur, open_):
    """Claim the row for a worker of long work (a retention run, a herindeling): one that
    is `open_` (a condition) and that no worker holds, or whose worker stopped renewing.
    Returns the holder's key, or None when another worker has it or it is done."""
    houder, nu = secrets.token_hex(8), utcnow()
    genomen = model.update(houder=houder, geclaimd_tot=nu + duur).where(
        model.id == rij_id, open_, model.houder.is_null() | (model.geclaimd_tot < nu)).execute()
    return houder if genomen else None


def verleng_claim(model, rij_id, houder, duur, open_):
    """Renew the claim in the transaction of a batch; False when another worker took the
    row over (then the batch must not be written)."""
    return bool(model.update(geclaimd_tot=utcnow() + duur).where(
        model.id == rij_id, model.houder == houder, open_).execute())


def niet_geclaimd(model, open_):
    """The condition for rows `open_` that no worker holds: the periodic job takes them up."""
    return open_ & (model.houder.is_null() | (model.geclaimd_tot < utcnow()))


class TransactieVeld(BigIntegerField):
    """A row's `transactie` column, filled in by the statement that writes the row
    (`transactie()`), never by a value the caller passes."""


# Values a statement may carry: SQLite takes 32766, PostgreSQL 65535.
MAX_PARAMETERS = 30000


def voeg_toe(objecten, *sleutel):
    """Insert the unsaved model instances `objecten` (of one model) in a few statements and
    give each its id. `sleutel`: the names of fields whose values tell the new rows apart,
    as the ids come back by RETURNING, whose order neither engine promises. For the rows
    of a file's batch: three statements, not 200, their SQL text built once."""
    if not objecten:
        return
    model = type(objecten[0])
    velden = [v for v in model._meta.sorted_fields if v is not model._meta.primary_key]
    per_sleutel = {tuple(o.__data__.get(naam) for naam in sleutel): o for o in objecten}
    if len(per_sleutel) != len(objecten):
        raise ValueError(f"{model.__name__}: new rows not told apart by {sleutel}")
    grootste = 1 << (MAX_PARAMETERS // len(velden)).bit_length() - 1
    begin = 0
    while begin < len(objecten):
        # Statements of 2**k rows: a few SQL texts per model serve any number of rows.
        aantal = min(grootste, 1 << (len(objecten) - begin).bit_length() - 1)
        waarden = {}
        for r, o in enumerate(objecten[begin:begin + aantal]):
            for veld in velden:
                if not isinstance(veld, TransactieVeld):
                    waarden[f"{r}.{veld.name}"] = veld.db_value(o.__data__.get(veld.name))
        for id_, *sleutelwaarden in _VOEG_TOE.rijen((model, sleutel, aantal), **waarden):
            per_sleutel[tuple(sleutelwaarden)].id = id_
        begin += aantal


_VOEG_TOE = Sjabloon(lambda vorm, waarde: (
    vorm[0].insert_many([{veld: transactie() if isinstance(veld, TransactieVeld)
                          else waarde(f"{r}.{veld.name}") for veld in vorm[0]._meta.sorted_fields
                          if veld is not vorm[0]._meta.primary_key} for r in range(vorm[2])])
    .returning(vorm[0]._meta.primary_key, *(vorm[0]._meta.fields[n] for n in vorm[1]))))


# A feed that reads "after position N" must not skip a row that got a lower id but
# committed later. PostgreSQL: rows carry their transaction id, and a feed reads only
# rows of transactions older than the oldest one still running. SQLite: writers are
# serialised, so id order is commit order and every row is safe to read.

def transactie():
    """The value for a row's `transactie` column: the writing transaction's id."""
    return SQL("pg_current_xact_id()::text::bigint") if _postgres() else 0


def positie(transactie_kolom, id_kolom, op, transactie_waarde, id_waarde):
    """The condition "(transactie, id) `op` (t, i)" (op ">" or "<=") on a feed's position.
    On SQLite every transactie is 0 (`transactie`), so the id alone: SQLite's planner uses
    only the first column of a row-value range on an index, which made it read every row
    ever written (docs/benchmarks.md, Gegevensleveringen)."""
    if _postgres():
        links, rechts = Tuple(transactie_kolom, id_kolom), Tuple(transactie_waarde, id_waarde)
    else:
        links, rechts = id_kolom, id_waarde
    return links > rechts if op == ">" else links <= rechts


def leesbaar(kolom):
    """The condition on a `transactie` column for rows a feed may read now (None: all).
    The reader's own rows count too when its transaction is the oldest one running."""
    if not _postgres():
        return None
    xmin = SQL("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    eigen = SQL("pg_current_xact_id_if_assigned()::text::bigint")
    return (kolom < xmin) | ((kolom == xmin) & (xmin == eigen))


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
