"""Inloggen met token (seed 004 §1.2), lock-out, TOTP enrolment, idle sessions, CSRF."""
import datetime
import time

import pyotp

from domain import gebruikers
from models import Aanmeldpoging, Gebruiker, utcnow
from tests.conftest import csrf_token
from tests.factories import inloggen


def test_login_with_password_and_token_code(client, demo_accounts):
    account = demo_accounts["school"]
    page = client.get("/inloggen")
    for label in ("Gebruikersnaam", "Wachtwoord", "Log in"):
        assert label in page.text
    response = inloggen(client, "school", account["password"],
                      pyotp.TOTP(account["totp_secret"]).now(), "/inschrijvingen")
    assert response.status_code == 302 and response.headers["Location"] == "/inschrijvingen"
    assert client.get("/inschrijvingen").status_code == 200


def test_wrong_code_refused_and_a_code_works_once(client, demo_accounts):
    account = demo_accounts["school"]
    code = pyotp.TOTP(account["totp_secret"]).now()
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    response = inloggen(client, "school", account["password"], wrong)
    assert response.status_code == 401 and "onjuist" in response.text
    assert inloggen(client, "school", account["password"], code).status_code == 302
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    assert inloggen(client, "school", account["password"], code).status_code == 401


def test_repeated_failures_lock_the_account(client, demo_accounts):
    account = demo_accounts["school2"]
    for _ in range(gebruikers.MAX_POGINGEN):
        inloggen(client, "school2", "fout", "000000")
    response = inloggen(client, "school2", account["password"],
                      pyotp.TOTP(account["totp_secret"]).now())
    assert response.status_code == 401 and "geblokkeerd" in response.text
    (Aanmeldpoging.update(geblokkeerd_tot=utcnow() - datetime.timedelta(seconds=1))
     .where(Aanmeldpoging.sleutel == gebruikers._sleutel("school2")).execute())
    response = inloggen(client, "school2", account["password"],
                      pyotp.TOTP(account["totp_secret"]).now())
    assert response.status_code == 302


def test_an_unknown_name_is_answered_as_a_known_one(client):
    """The fifth wrong try blocks a name that does not exist exactly as one that does:
    the answers tell nothing about which names exist."""
    def antwoorden(naam):
        return [inloggen(client, naam, "fout", "000000").text.count("geblokkeerd")
                for _ in range(gebruikers.MAX_POGINGEN + 1)]
    assert antwoorden("school2") == antwoorden("bestaat.niet") == [0, 0, 0, 0, 1, 1]


def test_first_login_links_the_token_with_a_qr_code(client):
    beheerder = gebruikers.actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "beheerder.school"))
    nieuw, wachtwoord = gebruikers.maak_gebruiker(beheerder, "nieuwe.collega", "Nieuwe Collega",
                                                  "", ["schooladministratie"], ["31ED"])
    response = inloggen(client, "nieuwe.collega", wachtwoord, "")
    assert response.headers["Location"] == "/inloggen/token"
    page = client.get("/inloggen/token")
    assert 'src="data:image/svg+xml' in page.text
    secret = Gebruiker.get_by_id(nieuw.id).totp_secret
    assert secret in page.text
    assert client.get("/").status_code == 302  # not logged in before the token is linked
    response = client.post("/inloggen/token", data={"csrf_token": csrf_token(page.text),
                                                    "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert Gebruiker.get_by_id(nieuw.id).totp_actief


def test_idle_session_expires(client, app):
    from tests.conftest import inloggen_als
    inloggen_als(client, "school")
    assert client.get("/").status_code == 200
    with client.session_transaction() as sessie:
        sessie["laatst"] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 - 1
    response = client.get("/inschrijvingen")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")


def test_forms_need_the_csrf_token(school):
    response = school.post("/inschrijvingen/nieuw", data={"instellingscode": "31ED"})
    assert response.status_code == 400
    response = school.post("/taal", data={"taal": "en"})
    assert response.status_code == 400


def test_language_switch_is_remembered(client):
    page = client.get("/inloggen")
    assert '<html lang="nl"' in page.text
    response = client.post("/taal", data={"csrf_token": csrf_token(page.text), "taal": "en",
                                          "next": "/inloggen"})
    assert "taal=en" in response.headers["Set-Cookie"]
    page = client.get("/inloggen")
    assert '<html lang="en"' in page.text and "Log in with token" in page.text
    fresh = client.application.test_client()
    fresh.set_cookie("taal", "en")
    assert '<html lang="en"' in fresh.get("/inloggen").text


def test_security_headers(client):
    response = client.get("/inloggen")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
