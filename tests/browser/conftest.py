"""Browser tests: real gunicorn on a fresh database with the demo data, driven by
Debian's Chromium through Playwright."""
import json
import os
import re
import secrets
import subprocess
import sys

import pyotp
import pytest
from playwright.sync_api import expect

from bench.proces import ROOT, achtergrond, met_demo, vrije_poort

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


@pytest.fixture
def verwerker(live_server, tmp_path):
    """Starts `flask jobs worker` for the live server when called: the same environment
    (DATABASE_URL, INSTANCE_PATH and so the queue $INSTANCE_PATH/huey.db, or REDIS_URL).
    Stopped after the test; its output is printed, so a failing test shows it."""
    processen = []

    def start():
        log = open(tmp_path / f"jobs-worker-{len(processen)}.log", "w+")
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker", "--workers", "1"],
            cwd=ROOT, env=live_server["env"], stdout=log, stderr=subprocess.STDOUT)
        processen.append((proc, log))
        return proc

    yield start
    for proc, log in processen:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.seek(0)
        print(log.read())
        log.close()


@pytest.fixture(scope="session")
def live_server(maak_database, tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-instance")
    env = met_demo(maak_database("live"), instance, SECRET_KEY=secrets.token_hex(16))
    port = vrije_poort()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--no-control-socket", "app:create_app()"]
    with achtergrond(command, env, instance / "gunicorn.log", port):
        accounts = {a["username"]: a
                    for a in json.loads((instance / "demo-accounts.json").read_text())}
        yield {"url": f"http://127.0.0.1:{port}", "accounts": accounts, "env": env}


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


def sessie(browser, live_server, username):
    """The cookies of one login, for the pages of many tests (the token code works once)."""
    context = browser.new_context()
    page = context.new_page()
    inloggen(page, live_server, username)
    page.wait_for_url(live_server["url"] + "/")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="session")
def school_state(browser, live_server):
    return sessie(browser, live_server, "school")


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


def zoek(page, pgn):
    """Opvoeren Verzuim at 31ED: the pupil with this persoonsgebonden nummer."""
    page.goto("/verzuim/31ED/opvoeren")
    page.get_by_label("Persoonsgebonden nummer").fill(pgn)
    page.get_by_role("button", name="Zoeken").click()


def voeg_toe(page, pgn):
    """A new melding for the pupil: the wizard at its Leerling step."""
    zoek(page, pgn)
    page.get_by_role("button", name="Toevoegen").click()
    expect(page).to_have_url(re.compile(r"/leerling$"))


def meld(page, pgn, van, tm, soort="O", reden="afwezig", toelichting="eerst gesprek",
         onderwijslocatie=None, naam="Mevr. Melder", functie=None,
         email="melder@school.example", actie="brief gestuurd"):
    """A melding through the wizard's tabs, by default as factories.geldig; its number."""
    voeg_toe(page, pgn)
    page.get_by_role("button", name="2. Verzuim").click()
    expect(page).to_have_url(re.compile(r"/verzuim$"))
    page.get_by_label("Verzuimperiode van").fill(van)
    page.get_by_label("Verzuimperiode t/m").fill(tm)
    page.get_by_label("Vermoedelijke soort").select_option(soort)
    page.get_by_label("Vermoedelijke reden").fill(reden)
    page.get_by_label("Toelichting actie gewenst").fill(toelichting)
    if onderwijslocatie:
        page.get_by_label("Onderwijslocatie").select_option(onderwijslocatie)
    page.get_by_label("Naam contactpersoon").fill(naam)
    if functie:
        page.get_by_label("Functie contactpersoon").fill(functie)
    page.get_by_label("E-mail contactpersoon").fill(email)
    page.get_by_role("button", name="4. Actie school").click()
    expect(page).to_have_url(re.compile(r"/actie$"))
    page.get_by_label(actie).check()
    page.get_by_role("button", name="5. Overzicht").click()
    expect(page).to_have_url(re.compile(r"/overzicht$"))
    expect(page.locator("#wizard")).to_contain_text("Geregistreerd (na opslaan)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".gelukt")).to_contain_text("is verzonden")
    return re.search(r"/meldingen/(\d+)", page.url).group(1)
