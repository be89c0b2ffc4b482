"""The job queue: huey, with its SQLite storage in the instance folder by default and
Redis when REDIS_URL is set, so consumers on several machines share one queue. `flask
jobs worker` runs a consumer; the tasks are in this package's modules.

A job finds its app (configuration, database, translations) in `app_context()`: the one
`flask jobs worker` hands over when it starts, or the request's own in huey's immediate
mode (the tests)."""
import contextlib
import os
from pathlib import Path

from flask import current_app, has_app_context
from huey import RedisHuey, SqliteHuey

from models import database

NAAM = "open-register"
_app = None


def _maak():
    if os.environ.get("REDIS_URL"):
        return RedisHuey(NAAM, url=os.environ["REDIS_URL"])
    instance = os.environ.get("INSTANCE_PATH") or Path(__file__).parents[1] / "instance"
    Path(instance).mkdir(parents=True, exist_ok=True)
    return SqliteHuey(NAAM, filename=str(Path(instance) / "huey.db"))


huey = _maak()


def gebruik_app(app):
    """The app the consumer's jobs run in."""
    global _app
    _app = app


@contextlib.contextmanager
def app_context():
    """The app's context and a database connection for one job; a connection that was
    already open (immediate mode, inside a request) stays open after it."""
    if has_app_context():
        context: contextlib.AbstractContextManager = contextlib.nullcontext(current_app)
    elif _app is not None:
        context = _app.app_context()
    else:
        raise RuntimeError("a job runs in `flask jobs worker` or inside a request")
    with context:
        eigen = database.is_closed()
        if eigen:
            database.connect()
        try:
            yield
        finally:
            if eigen and not database.is_closed():
                database.close()
