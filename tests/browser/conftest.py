"""Browser tests: real gunicorn on a fresh database with the demo data, driven by
Debian's Chromium through Playwright."""
import json
import os
import secrets
import sys
from pathlib import Path

import pyotp
import pytest

from tests.conftest import achtergrond, flask_cli, vrije_poort

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def live_server(maak_database, tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-instance")
    env = {**os.environ, "DATABASE_URL": maak_database("live"), "INSTANCE_PATH": str(instance),
           "SECRET_KEY": secrets.token_hex(16), "PYTHONPATH": str(ROOT)}
    for command in (["db", "upgrade"], ["reference", "load"], ["demo", "load"]):
        flask_cli(env, *command)
    port = vrije_poort()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--no-control-socket", "app:create_app()"]
    with achtergrond(command, env, instance / "gunicorn.log", port):
        accounts = {a["username"]: a
                    for a in json.loads((instance / "demo-accounts.json").read_text())}
        yield {"url": f"http://127.0.0.1:{port}", "accounts": accounts}


def inloggen(page, live_server, username):
    """Log in through the page with the token code, waiting for a fresh code when the
    last one was used (a code is accepted once)."""
    account = live_server["accounts"][username]
    totp = pyotp.TOTP(account["totp_secret"])
    page.goto(live_server["url"] + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(account["password"])
    page.get_by_label("Code van de token").fill(totp.now())
    page.get_by_role("button", name="Log in").click()


@pytest.fixture(scope="session")
def school_state(browser, live_server):
    """One login for the session's school tests (the token code works once)."""
    context = browser.new_context()
    page = context.new_page()
    inloggen(page, live_server, "school")
    page.wait_for_url(live_server["url"] + "/")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def school_page(browser, school_state, live_server):
    context = browser.new_context(storage_state=school_state, base_url=live_server["url"])
    page = context.new_page()
    yield page
    context.close()


def axe(page):
    """axe-core on the current page: the serious and critical findings."""
    # Loaded from our own origin: the Content-Security-Policy forbids inline scripts.
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
