"""The app's own processes on loopback: its CLI, set-up as an operator would do it, and
live servers (gunicorn, nginx, redis) in the background. Shared by the tests and the
benchmarks, so a shipped benchmark does not import the test suite (and pytest)."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What `make instance` does first: the schema, the reference data and the demo data.
DEMO = (("db", "upgrade"), ("reference", "load"), ("demo", "load"))
# The PostgreSQL server the benchmarks make their throwaway databases on.
BENCH_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_database(naam):
    """A fresh, empty throwaway database on the benchmarks' PostgreSQL server
    (BENCH_DATABASE_URL, or BENCH_SERVER): (url, drop)."""
    import psycopg
    server = os.environ.get("BENCH_DATABASE_URL", BENCH_SERVER)
    name = f"bench_{naam}_{uuid.uuid4().hex[:8]}".replace("-", "_")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return f"{server.rsplit('/', 1)[0]}/{name}", drop


def load_average():
    """The machine's load average (1, 5, 15 min), printed beside a benchmark's figures."""
    return [round(x, 2) for x in os.getloadavg()]


def vrije_poort():
    """A free port on loopback for a live server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def achtergrond(command, env, log_path, port):
    """A live server (gunicorn, nginx) in the background, once it accepts connections on
    `port`; its output goes to `log_path` and is shown when it does not come up."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            for _ in range(150):
                if proc.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                proc.kill()
            if proc.poll() is not None:
                raise RuntimeError(f"{command[0]} did not start:\n{Path(log_path).read_text()}")
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def omgeving(database_url, instance, **instellingen):
    """The environment of the app's processes (flask, gunicorn) on their own database and
    instance folder, with `instellingen` (SECRET_KEY, TRUSTED_PROXIES, ...) on top."""
    return {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance),
            "PYTHONPATH": str(ROOT), **instellingen}


def flask_cli(env, *args, check=True):
    """Run `flask --app app ARGS` for a live server's own database and instance; its
    CompletedProcess, with the output as text."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                          env=env, check=check, capture_output=True, text=True)


def met_demo(database_url, instance, *daarna, **instellingen):
    """A live app's database and instance set up with the CLI as an operator would (DEMO,
    then the commands `daarna`); returns the environment of its processes."""
    env = omgeving(database_url, instance, **instellingen)
    for command in (*DEMO, *daarna):
        flask_cli(env, *command)
    return env


def gunicorn(port, *opties, conf="deploy/gunicorn.conf.py"):
    """The command of gunicorn with a shipped configuration, bound to `port` on loopback."""
    return [sys.executable, "-m", "gunicorn", "-c", conf, "--bind", f"127.0.0.1:{port}",
            *opties, "app:create_app()"]
