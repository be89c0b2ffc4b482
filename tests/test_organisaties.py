"""New organisations (seed 000, "Aanmelding en wijziging beheerder Mijn DUO"): functioneel
beheer registers one and invites its first beheerder by a one-time link with an expiry; the
invitee chooses a password and links a token; a new gemeente's home shows seed 000's
checklist, ticked from the register's real state."""
import datetime
import re

import pytest

from domain import aanmelding, gebruikers, organisaties, routing
from domain.fouten import GeenToegang, Ongeldig
from models import Gebruiker, Gemeente, Organisatie, UitgaandeMail, Uitnodiging
from tests.conftest import csrf_token, inloggen_als
from tests.factories import actor

NIEUW = organisaties.Aanvraag(
    soort="gemeente", naam="Gemeente Dijk en Waard", oin="00000001821002193000",
    gemeentecode="1911", beheerder_naam="Wim Waard", beheerder_email="wim@dijkenwaard.example",
    gebruikersnaam="beheerder.dijkenwaard")


def _sleutel_uit_mail(aan):
    mail = UitgaandeMail.select().where(UitgaandeMail.aan == aan).order_by(
        UitgaandeMail.id.desc()).first()
    return re.fullmatch(r"/uitnodiging/([\w-]+)", mail.pad).group(1)


def test_a_new_gemeente_and_its_beheerder_invited_by_a_one_time_link(app):
    """Seed 000: the organisation, its gemeente (a new code) and its first beheerder, who
    gets a mail with a link; the link sets the first password once, then stops working."""
    organisatie, beheerder, sleutel = organisaties.registreer(actor("functioneel.beheer"), NIEUW)
    gemeente = Gemeente.get(Gemeente.code == "1911")
    assert (gemeente.naam, gemeente.organisatie_id) == ("Dijk en Waard", organisatie.id)
    assert _sleutel_uit_mail("wim@dijkenwaard.example") == sleutel
    assert Uitnodiging.get().sleutel_hash != sleutel  # stored hashed
    assert gebruikers.meld_aan("beheerder.dijkenwaard", "", "").gebruiker is None
    gebruiker = gebruikers.aanvaard(sleutel, "een-eigen-wachtwoord", "een-eigen-wachtwoord")
    assert gebruiker.id == beheerder.id
    aanmelding = gebruikers.meld_aan("beheerder.dijkenwaard", "een-eigen-wachtwoord", "")
    assert aanmelding.gebruiker is not None and aanmelding.token_koppelen
    with pytest.raises(Ongeldig):  # used once
        gebruikers.aanvaard(sleutel, "nog-een-wachtwoord", "nog-een-wachtwoord")


def test_an_invitation_expires_and_a_new_one_replaces_it(app):
    """Seed 000: the link works 7 days; a new one sent stops the old one."""
    _org, beheerder, sleutel = organisaties.registreer(actor("functioneel.beheer"), NIEUW)
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=8)
    assert gebruikers.uitnodiging_van(sleutel, later) is None
    _beheerder, nieuwe = organisaties.nieuwe_uitnodiging(actor("functioneel.beheer"), beheerder.id)
    assert gebruikers.uitnodiging_van(sleutel) is None
    assert gebruikers.uitnodiging_van(nieuwe).gebruiker_id == beheerder.id


def test_bad_registrations_each_get_their_message_and_store_nothing(app):
    """An OIN of the wrong shape or taken, a gemeentecode of an existing organisation, a
    Doorstroompunt-code that has one, unknown instellingscodes, no address for the
    invitation: each at its field; nothing stored. Only functioneel beheer registers."""
    fb = actor("functioneel.beheer")
    voor = Organisatie.select().count()
    gevallen = [
        ({"oin": "123"}, "oin"),
        ({"oin": Organisatie.get(Organisatie.soort == "gemeente").oin}, "oin"),
        ({"gemeentecode": "0363"}, "gemeentecode"),
        ({"gemeentecode": "19X1"}, "gemeentecode"),
        ({"soort": "regio", "regiocode": "0023"}, "regiocode"),
        ({"soort": "bestuur", "bestuurcode": "B9999", "instellingscodes": ("31ED", "99ZZ")},
         "instellingscodes"),
        ({"soort": "bestuur", "bestuurcode": "B9999",  # hostile: huge
          "instellingscodes": tuple(f"{i:02d}AB" for i in range(100)) * 1000},
         "instellingscodes"),
        ({"beheerder_email": "wim@"}, "beheerder_email"),
        ({"gebruikersnaam": "school"}, "gebruikersnaam"),
    ]
    for wijziging, veld in gevallen:
        with pytest.raises(Ongeldig) as fout:
            organisaties.registreer(fb, organisaties.Aanvraag(**{**NIEUW.__dict__, **wijziging}))
        assert [f.veld for f in fout.value.fouten] == [veld], wijziging
    assert Organisatie.select().count() == voor
    with pytest.raises(GeenToegang):
        organisaties.registreer(actor("beheerder.amsterdam"), NIEUW)


def test_the_checklist_of_a_new_gemeente_follows_the_register(app):
    """Seed 000's list: beheerders (with a token), routering, RMC-aanmelding and an M2M
    certificate, each ticked once the register holds it."""
    organisatie, beheerder, sleutel = organisaties.registreer(actor("functioneel.beheer"), NIEUW)
    assert [p.klaar for p in organisaties.checklist(organisatie.id)] == [False] * 4
    gebruikers.aanvaard(sleutel, "een-eigen-wachtwoord", "een-eigen-wachtwoord")
    Gebruiker.update(totp_actief=True).where(Gebruiker.id == beheerder.id).execute()
    wim = actor("beheerder.dijkenwaard")
    eigen = Gemeente.get(Gemeente.code == "1911").organisatie_id
    routing.stel_in(wim, "1911", datetime.date.today(),
                    {c: (eigen, "verzuim@dijkenwaard.example") for c in ("LP", "KP", "RMC")}, 0)
    assert [p.klaar for p in organisaties.checklist(organisatie.id)] == [True, True, False, False]
    from models import Aanmelding
    Aanmelding.create(gemeente=Gemeente.get(Gemeente.code == "1911"), via=aanmelding.Via.GEMEENTE)
    assert [p.klaar for p in organisaties.checklist(organisatie.id)] == [True, True, True, False]


def test_the_pages_of_registration_invitation_and_checklist(client):
    """The form of functioneel beheer shows the link once; the invitee's page sets the
    password and goes on to the token; a used link is gone (410); the new gemeente's home
    shows what is still to do."""
    inloggen_als(client, "functioneel.beheer")
    pagina = client.get("/beheer/organisaties")
    token = csrf_token(pagina.text)
    data = {"csrf_token": token, **{k: v for k, v in NIEUW.__dict__.items()
                                    if isinstance(v, str)}, "oin": "123"}
    fout = client.post("/beheer/organisaties", data=data)
    assert fout.status_code == 422 and 'value="Gemeente Dijk en Waard"' in fout.text
    data["oin"] = NIEUW.oin
    gelukt = client.post("/beheer/organisaties", data=data)
    assert gelukt.status_code == 201 and "Gemeente Dijk en Waard is aangemeld" in gelukt.text
    sleutel = _sleutel_uit_mail("wim@dijkenwaard.example")
    assert f"/uitnodiging/{sleutel}" in gelukt.text

    uitnodiger = client.application.test_client()
    uitnodiging = uitnodiger.get(f"/uitnodiging/{sleutel}")
    assert uitnodiging.status_code == 200 and "beheerder.dijkenwaard" in uitnodiging.text
    token = csrf_token(uitnodiging.text)
    kort = uitnodiger.post(f"/uitnodiging/{sleutel}", data={
        "csrf_token": token, "nieuw": "kort", "herhaling": "kort"})
    assert kort.status_code == 422
    verder = uitnodiger.post(f"/uitnodiging/{sleutel}", data={
        "csrf_token": token, "nieuw": "een-eigen-wachtwoord", "herhaling": "een-eigen-wachtwoord"})
    assert verder.status_code == 302 and verder.headers["Location"].endswith("/inloggen/token")
    assert uitnodiger.get("/inloggen/token").status_code == 200
    assert uitnodiger.get(f"/uitnodiging/{sleutel}").status_code == 410

    Gebruiker.update(totp_actief=True).where(
        Gebruiker.gebruikersnaam == "beheerder.dijkenwaard").execute()
    inloggen_als(client, "beheerder.dijkenwaard")
    home = client.get("/").text
    assert "Wat uw gemeente nog regelt" in home and 'href="/routering"' in home
    # The sign-up is the Behandelaar RMC's: named, not linked to a page the beheerder
    # cannot open.
    assert "Aanmelding RMC-gegevensleveringen" in home and 'href="/leveringen"' not in home
