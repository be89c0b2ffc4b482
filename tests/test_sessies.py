"""Sessions end on the server (R-AVG-05): logout, a new password, herstel toegang and
blocking end every session of the user at once, a captured cookie included; a session
also ends after its absolute lifetime. And the login's smaller findings of issue 11."""
import time

import pyotp
import pytest

from domain import gebruikers
from models import Gebruiker, Mutatie
from tests.conftest import csrf_token, inloggen_als
from tests.factories import inloggen
from views.beveiliging import LAATST_STAP


def _ingelogd(app, demo_accounts, naam="school"):
    """A browser that logged in through the form, and a second one holding a copy of its
    session cookie (what an attacker who captured it has)."""
    browser = app.test_client()
    account = demo_accounts[naam]
    antwoord = inloggen(browser, naam, account["password"],
                        pyotp.TOTP(account["totp_secret"]).now())
    assert antwoord.status_code == 302
    kopie = app.test_client()
    kopie.set_cookie("session", browser.get_cookie("session").value)
    assert kopie.get("/").status_code == 200
    return browser, kopie


def _uitgelogd(client):
    response = client.get("/inschrijvingen")
    return response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_r_avg_05_a_captured_cookie_is_worth_nothing_after_logout(app, demo_accounts):
    browser, kopie = _ingelogd(app, demo_accounts)
    token = csrf_token(browser.get("/").text)
    assert browser.post("/uitloggen", data={"csrf_token": token}).status_code == 302
    assert _uitgelogd(browser) and _uitgelogd(kopie)
    gevolgd = kopie.get("/inschrijvingen", follow_redirects=True)
    assert "Uw sessie is beëindigd. Log opnieuw in." in gevolgd.text


def test_r_avg_05_herstel_toegang_ends_the_users_sessions(app, demo_accounts):
    _browser, kopie = _ingelogd(app, demo_accounts)
    beheerder = gebruikers.actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam ==
                                                    "beheerder.school"))
    gebruikers.herstel_toegang(beheerder, Gebruiker.get(Gebruiker.gebruikersnaam == "school").id)
    assert _uitgelogd(kopie)


def test_r_avg_05_blocking_ends_the_users_sessions(app, demo_accounts):
    _browser, kopie = _ingelogd(app, demo_accounts)
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    beheerder = gebruikers.actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam ==
                                                    "beheerder.school"))
    rollen, kenmerken = [r.rol for r in school.rollen], [k.waarde for k in school.kenmerken]
    gebruikers.wijzig_gebruiker(beheerder, school.id, school.naam, school.email, rollen,
                                kenmerken, actief=False)
    assert _uitgelogd(kopie)


def test_r_avg_05_a_new_password_ends_the_other_sessions_and_keeps_this_one(app,
                                                                           demo_accounts):
    browser, kopie = _ingelogd(app, demo_accounts)
    pagina = browser.get("/account/wachtwoord")
    assert pagina.status_code == 200 and "Wachtwoord wijzigen" in pagina.text
    nieuw = "een heel nieuw wachtwoord"
    fout = browser.post("/account/wachtwoord", data={
        "csrf_token": csrf_token(pagina.text), "huidig": "fout", "nieuw": nieuw,
        "herhaling": nieuw})
    assert fout.status_code == 422 and "Het huidige wachtwoord is onjuist." in fout.text
    assert not _uitgelogd(kopie)  # a refused change ends nothing
    response = browser.post("/account/wachtwoord", data={
        "csrf_token": csrf_token(pagina.text), "huidig": demo_accounts["school"]["password"],
        "nieuw": nieuw, "herhaling": nieuw})
    assert response.status_code == 302
    assert _uitgelogd(kopie) and not _uitgelogd(browser)
    assert Mutatie.select().where(Mutatie.soort == "wachtwoord gewijzigd").count() == 1


@pytest.mark.parametrize("nieuw, herhaling, melding", [
    ("kort", "kort", "Een wachtwoord heeft 12 tot 128 tekens."),
    ("x" * 129, "x" * 129, "Een wachtwoord heeft 12 tot 128 tekens."),
    ("school", "school", "Een wachtwoord heeft 12 tot 128 tekens."),
    ("lang genoeg wachtwoord", "een ander wachtwoord", "De twee nieuwe wachtwoorden zijn"),
])
def test_a_new_password_follows_the_rules(app, demo_accounts, nieuw, herhaling, melding):
    school = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    with pytest.raises(gebruikers.Ongeldig) as exc:
        gebruikers.wijzig_wachtwoord(school.id, demo_accounts["school"]["password"], nieuw,
                                     herhaling)
    fout = exc.value.fouten[0]
    assert (fout.melding % fout.params).startswith(melding)


def test_r_avg_05_a_session_ends_after_its_absolute_lifetime(app, client):
    inloggen_als(client, "school")
    with client.session_transaction() as sessie:
        # Active all along (laatst is now), but begun longer ago than the lifetime allows.
        sessie["begonnen"] = int(time.time() - app.config["SESSION_MAX_HOURS"] * 3600 - 1)
    assert _uitgelogd(client)
    assert "Uw sessie is verlopen." in client.get("/", follow_redirects=True).text


@pytest.mark.parametrize("volgende", [
    "/%09/evil.example/", "/\t/evil.example/", "//evil.example/", "/\\evil.example",
    "https://evil.example/", "/%0d%0a/evil.example", "javascript:alert(1)", "/\x7f/evil",
])
def test_after_login_the_redirect_stays_on_this_site(client, demo_accounts, volgende):
    """The open redirect of issue 11: `next=/%09/evil.example/` gave
    `Location: //evil.example/` (browsers drop the tab)."""
    account = demo_accounts["school"]
    response = inloggen(client, "school", account["password"],
                        pyotp.TOTP(account["totp_secret"]).now(), volgende)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_code_used_a_moment_ago_says_so(app, demo_accounts):
    """Not the generic "onjuist": the code was right but used; wait for the next one."""
    account = demo_accounts["school"]
    code = pyotp.TOTP(account["totp_secret"]).now()
    assert inloggen(app.test_client(), "school", account["password"], code).status_code == 302
    again = inloggen(app.test_client(), "school", account["password"], code)
    assert again.status_code == 401 and "Deze code is al gebruikt." in again.text


def test_r_avg_05_activity_is_written_back_at_most_every_half_minute(app, client):
    """An unchanged session is not signed and sent again on every request; after
    LAATST_STAP seconds the last activity moves on, so the idle limit still counts from
    the user's latest click to within half a minute."""
    inloggen_als(client, "school")
    with client.session_transaction() as sessie:
        sessie["laatst"] = int(time.time()) - 5
    assert client.get("/").status_code == 200  # the csrf token is stored on the first page
    antwoord = client.get("/")
    assert antwoord.status_code == 200 and "Set-Cookie" not in antwoord.headers
    with client.session_transaction() as sessie:
        sessie["laatst"] = oud = int(time.time()) - LAATST_STAP - 1
    antwoord = client.get("/")
    assert "Set-Cookie" in antwoord.headers
    with client.session_transaction() as sessie:
        assert sessie["laatst"] >= oud + LAATST_STAP
