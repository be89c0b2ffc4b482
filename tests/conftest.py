"""Fixtures: one database per run (SQLite, or a throwaway PostgreSQL database when
TEST_DATABASE_URL names a server), migrated and loaded with reference and demo data;
each test runs in a transaction that is rolled back."""
import json
import os
import re
import secrets
import shutil
import time
import uuid

import pytest

# Slow tests: they start live servers (gunicorn, nginx, redis), put load on them or set up a
# database with the flask CLI in subprocesses. `make test` runs them, `make test-fast`
# (-m "not slow") leaves them out. Known by the fixtures that do this, so a new test using
# one is slow too; a test that runs the CLI itself is marked @pytest.mark.slow.
LANGZAME_FIXTURES = {
    "m2m_instance",  # CLI set-up for gunicorn with TLS (test_mtls, m2m/test_nginx, schemathesis)
    "web_instance",  # the same for nginx in front of the web app (test_nginx_web)
    "knopen",  # two gunicorn nodes and redis (test_schaal)
    "afloop",  # 20 writers for 30 s on live gunicorn (test_gelijktijdig)
    "eigen_database",  # `flask db upgrade` for the mail worker's own processes (test_mail)
}


def pytest_collection_modifyitems(items):
    for item in items:
        if LANGZAME_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


def _postgres_database(server_url):
    import psycopg
    name = f"register_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = server_url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def _drop_postgres(server_url, name):
    import psycopg
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def maak_database(tmp_path_factory):
    """A factory for fresh, empty databases of the engine under test."""
    server = os.environ.get("TEST_DATABASE_URL")
    made = []

    def maak(label):
        if server:
            url, name = _postgres_database(server)
            made.append(name)
            return url
        return f"sqlite:///{tmp_path_factory.mktemp(label) / 'register.db'}"

    yield maak
    for name in made:
        _drop_postgres(server, name)


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(path)
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(16))
    return path


@pytest.fixture(scope="session")
def app(maak_database, instance_path):
    from app import create_app
    from domain import demo, referentie
    from models import database
    from models.migrate import upgrade

    url = maak_database("unit")
    # Limits far above what the suite does in a minute; tests of the limits set their own.
    ruim = "100000 per minute"
    # argon2 at its lowest cost in this process: the suite hashes and checks hundreds of
    # passwords, which took two thirds of its time. The cost is a parameter of each hash,
    # not a different path through the code; the live-server tests keep the real one.
    application = create_app({"TESTING": True, "DATABASE_URL": url, "LIMIET_INLOGGEN": ruim,
                              "LIMIET_OPZOEKEN": ruim, "LIMIET_OPZOEKEN_PAKKET": ruim,
                              "LIMIET_BASISGEGEVENS": ruim,
                              "LIMIET_WACHTWOORD": ruim, "ARGON2_COST": (1, 1024, 1)})
    # huey's own immediate mode: a job runs when it is queued, in the caller's thread and
    # transaction (rolled back with the test). The live-server tests run real consumers.
    from jobs.wachtrij import huey
    huey.immediate = True
    database.connect(reuse_if_open=True)
    upgrade(database.obj)
    referentie.laad_referentie(application.config["REFERENCE_DIR"])
    demo.laad(application.config["DEMO_DIR"], instance_path / "demo-accounts.json")
    yield application
    database.close()


@pytest.fixture(scope="session")
def demo_accounts(app, instance_path):
    accounts = json.loads((instance_path / "demo-accounts.json").read_text())
    return {a["username"]: a for a in accounts}


@pytest.fixture(autouse=True)
def transactie(request):
    """Roll back what each test wrote (tests without the app skip this)."""
    if "app" not in request.fixturenames and "db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    from peewee import SqliteDatabase

    from models import database
    # Deferred on SQLite: the app's transactions begin IMMEDIATE, which would keep the
    # write lock for the whole test from the fixtures that write on their own connection.
    sqlite = isinstance(database.obj, SqliteDatabase)
    with database.atomic(**({"lock_type": "DEFERRED"} if sqlite else {})) as txn:
        yield
        txn.rollback()


@pytest.fixture
def db(app):
    from models import database
    return database


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def rmc(client):
    """A client logged in as the Behandelaar RMC of Amsterdam."""
    inloggen_als(client, "rmc.amsterdam")
    return client


def inloggen_als(client, gebruikersnaam):
    """Put a user in the session directly (the login itself is tested in test_auth)."""
    from models import Gebruiker
    gebruiker = Gebruiker.get(Gebruiker.gebruikersnaam == gebruikersnaam)
    with client.session_transaction() as sessie:
        nu = int(time.time())
        sessie.update(gebruiker_id=gebruiker.id, generatie=gebruiker.sessie_generatie,
                      begonnen=nu, laatst=nu)
    return gebruiker


def csrf_token(html):
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def school(client):
    inloggen_als(client, "school")
    return client


@pytest.fixture
def actor_school(app):
    from domain.gebruikers import actor_voor
    from models import Gebruiker
    return actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school"))


def programma(naam, pakket):
    """The path of the system program `naam` a live-server test needs; without it the test
    fails (not skips), saying which package brings it."""
    pad = shutil.which(naam) or shutil.which(naam, path="/usr/sbin:/usr/bin")
    if pad is None:
        pytest.fail(f"{naam} is needed for this test: `make test` installs it "
                    f"(scripts/ensure-system.sh), or apt-get install {pakket}")
    return pad
