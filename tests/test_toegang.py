"""R-AVG-03: every route checks the role and the organisation. This walks every route
with every demo role (and without a login) and compares with the route's declaration."""
import datetime
import re

import pytest

from models import Gebruiker, Inschrijving, Instelling
from tests.conftest import csrf_token, inloggen_als
from tests.factories import vrijstelling_in_amsterdam

GEBRUIKERS = ["school", "beheerder.school", "school2", "leerplicht.amsterdam", "beheerder.regio",
              "beheerder.amsterdam", "rmc.amsterdam", "rmc.regio", "functioneel.beheer"]


def _routes(app):
    """Every route but static; logging out last, since it ends the session."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return sorted(rules, key=lambda r: r.endpoint == "auth.logout")


def _url(rule, inschrijving_id, gebruiker_id, concept, melding, certificaat=None,
         vrijstelling=None, bestand=None, resultaat=None, levering=None, vraag=None,
         koppeling=None, machtiging=None, herindeling=None):
    if certificaat is not None:
        rule = type("Regel", (), {"rule": rule.rule.replace("<int:certificaat_id>",
                                                             str(certificaat.id))})
    url = re.sub(r"<int:inschrijving_id>", str(inschrijving_id), rule.rule)
    url = url.replace("<instellingscode>", "31ED").replace("<sleutel>", concept.sleutel)
    url = url.replace("<stap>", "leerling").replace("<int:nummer>", str(melding.nummer))
    url = url.replace("<actie>", "kopieren").replace("<int:versie>", "1")
    url = url.replace("<int:id>", str(inschrijving_id))
    if vrijstelling is not None:
        url = url.replace("<int:vrijstelling_id>", str(vrijstelling.id))
    if bestand is not None:
        url = url.replace("<int:bestand_id>", str(bestand.id))
    if resultaat is not None:
        url = url.replace("<int:resultaat_id>", str(resultaat.id))
    if levering is not None:
        url = url.replace("<int:levering_id>", str(levering.id))
    if vraag is not None:
        url = url.replace("<int:vraag_id>", str(vraag.id))
    if koppeling is not None:
        url = url.replace("<int:koppeling_id>", str(koppeling.id))
    if machtiging is not None:
        url = url.replace("<int:machtiging_id>", str(machtiging.id))
    if herindeling is not None:
        url = url.replace("<int:herindeling_id>", str(herindeling.id))
    url = url.replace("<gemeentecode>", "0363")
    url = url.replace("<variant>", "met").replace("<ext>", "csv")
    return re.sub(r"<int:gebruiker_id>", str(gebruiker_id), url)


def test_every_route_declares_its_access(app):
    """Fail closed: a route without a declaration would be refused; none may lack one."""
    for rule in _routes(app):
        assert getattr(app.view_functions[rule.endpoint], "toegang", None), rule.rule


def _concept_en_melding(school):
    from domain import verzuim
    from domain.gebruikers import actor_voor
    from tests.factories import DONDER, geldig
    actor = actor_voor(school)
    melding = verzuim.sla_op(actor, "31ED", DONDER, geldig())
    return verzuim.begin_concept(actor, "31ED", DONDER, school.id), melding


def _certificaat_van_amsterdam():
    import datetime

    from models import Certificaat, Gemeente
    nu = datetime.datetime(2026, 1, 1)
    return Certificaat.create(
        organisatie=Gemeente.get(Gemeente.code == "0363").organisatie_id, vingerafdruk="ab" * 32,
        subject="CN=test", issuer="CN=test", serienummer="1", oin="00000099000000000363",
        geldig_van=nu, geldig_tot=nu.replace(year=2036), pem="-")


def _vraag_en_koppeling(bestand, persoon):
    """A question of a koppeling file and a link, for functioneel beheer's pages."""
    import json

    from domain import mutaties
    from models import Koppeling, Vraag
    vraag = Vraag.create(bestand=bestand, regel=2,
                         nummer=persoon.bsn or persoon.onderwijsnummer, vraag="Klopt dit?")
    koppeling = Koppeling.create(
        soort="bsn toegevoegd", status="actief", persoon=persoon, bsn=persoon.bsn or "",
        onderwijsnummer="100000016", voor=json.dumps({"persoon": mutaties.momentopname(persoon)}),
        actor="systeem:test")
    return vraag, koppeling


@pytest.mark.parametrize("gebruikersnaam", GEBRUIKERS + [None])
def test_r_avg_03_every_route_with_every_role(app, gebruikersnaam):
    """R-AVG-03: role per route, organisation per record (school2 may not open 31ED's,
    the gemeente's beheerder not the school's users)."""
    eigen = (Inschrijving.select().join(Instelling).where(Instelling.code == "31ED").first())
    collega = Gebruiker.get(Gebruiker.gebruikersnaam == "school")
    concept, melding = _concept_en_melding(collega)
    certificaat = _certificaat_van_amsterdam()
    vrijstelling = vrijstelling_in_amsterdam()
    from domain import bestanden
    from domain.gebruikers import actor_voor
    bestand = bestanden.verstuur(actor_voor(collega), "31ED", "a.csv", b"Bsn\r\n")
    from domain import resultaat as resultaten
    from tests.factories import DONDER
    resultaat = resultaten.registreer(actor_voor(collega), resultaten.ResultaatInvoer(
        "31ED", DONDER, datetime.date(2026, 7, 1), "Diploma vmbo-gt"))
    from domain import levering as leveringen
    levering = leveringen.vraag_aan(actor_voor(Gebruiker.get(
        Gebruiker.gebruikersnaam == "rmc.amsterdam")), leveringen.Aanvraag(
        leveringen.Soort.C, leveringen.Gebied.GEMEENTE, "0363", datetime.date(2026, 9, 1)))
    from jobs.leveringen import maak
    maak(levering.id)
    vraag, koppeling = _vraag_en_koppeling(bestand, eigen.persoon)
    from models import Gemeente, Machtiging
    machtiging = Machtiging.get()  # the demo's: Utrecht authorised the regional bureau
    amsterdam = Gemeente.get(Gemeente.code == "0363")
    from domain import herindeling as herindelingen
    herindeling = herindelingen.registreer(  # Utrecht into Amsterdam, some day
        actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "functioneel.beheer")),
        herindelingen.Invoer(datetime.date(2031, 1, 1), ("0344",), "0363"))
    client = app.test_client()
    actor = None
    if gebruikersnaam:
        actor = actor_voor(inloggen_als(client, gebruikersnaam))
    token = csrf_token(client.get("/inloggen").text)
    for rule in _routes(app):
        toegang = app.view_functions[rule.endpoint].toegang
        url = _url(rule, eigen.id, collega.id, concept, melding, certificaat, vrijstelling,
                   bestand, resultaat, levering, vraag, koppeling, machtiging, herindeling)
        methode = "GET" if "GET" in rule.methods else min(rule.methods - {"OPTIONS"})
        if methode == "GET":
            response = client.get(url)
        else:
            response = client.open(url, method=methode, data={"csrf_token": token})
        response.get_data()  # a streamed body is read while its request is there
        if toegang == "pakket":  # M2M: a session is no certificate
            assert response.status_code == 403, (url, response.status_code)
            continue
        if toegang == "openbaar":  # 410: an invitation link that is not (or no longer) one
            assert response.status_code < 400 or response.status_code in (401, 410), url
            continue
        if actor is None:
            assert response.status_code == 302 and "/inloggen" in response.headers["Location"], url
            continue
        soorten = getattr(app.view_functions[rule.endpoint], "soorten", None)
        mag = toegang == "ingelogd" or (actor.heeft_rol(*toegang) and (
            soorten is None or actor.organisatie_soort in soorten))
        if "sleutel" in rule.rule and mag:
            mag = actor.kenmerk == f"gebruiker:{collega.id}"  # a concept is its maker's
        if rule.rule.startswith(("/gemeente/meldingen/", "/gemeente/vrijstellingen/")) and mag:
            mag = "0363" in actor.waarden("gemeentecode")  # the melding goes to Amsterdam
        elif ("inschrijving_id" in rule.rule or "instellingscode" in rule.rule
                or "nummer" in rule.rule or "resultaat_id" in rule.rule) and mag:
            mag = "31ED" in actor.waarden("instellingscode")
        if "certificaat_id" in rule.rule and mag:
            mag = actor.organisatie_id == certificaat.organisatie_id
        if ("gebruiker_id" in rule.rule or "bestand_id" in rule.rule) and mag:
            mag = actor.organisatie_id == collega.organisatie_id  # the school's file
        if "levering_id" in rule.rule and mag:
            mag = actor.organisatie_id == levering.organisatie_id  # Amsterdam's delivery
        if "machtiging_id" in rule.rule and mag:  # either side's beheerder
            mag = actor.organisatie_id in (machtiging.organisatie_id,
                                           machtiging.gemeente.organisatie_id)
        if "herindeling_id" in rule.rule and mag:  # functioneel beheer, and Amsterdam's
            mag = (actor.heeft_rol("functioneel_beheer")
                   or actor.organisatie_id == amsterdam.organisatie_id)
        if rule.rule.startswith("/routering/") and mag:  # Amsterdam's own beheerder
            mag = actor.organisatie_id == amsterdam.organisatie_id
        elif "gemeentecode" in rule.rule and mag:  # the sign-up of Amsterdam (regio 0023)
            mag = "0363" in actor.waarden("gemeentecode") or "0023" in actor.waarden("regiocode")
        if mag:
            # 409: a form posted without the version it read (a bare POST here)
            assert response.status_code in (200, 302, 409, 422), \
                (url, gebruikersnaam, response.status_code)
        else:
            assert response.status_code == 403, (url, gebruikersnaam, response.status_code)
        if gebruikersnaam == "school2" and rule.endpoint == "inschrijvingen.overzicht":
            assert "Donder" not in response.text


@pytest.mark.parametrize("gebruikersnaam", ["school", "beheerder.school", "leerplicht.amsterdam",
                                            "leerplicht.regio", "rmc.amsterdam",
                                            "functioneel.beheer"])
def test_r_avg_03_menu_and_tiles_offer_exactly_the_parts_the_user_may_open(app, gebruikersnaam):
    """One list, filtered by each route's declared access: a link is shown if and only if
    its page opens for the user."""
    from views.weergave import ONDERDELEN
    client = app.test_client()
    inloggen_als(client, gebruikersnaam)
    home = client.get("/").text
    menu = home.split('<nav class="hoofdmenu"')[1].split("</nav>")[0]
    tegels = home.split('<ul class="tegels">')[1].split("</ul>")[0]
    with app.test_request_context():
        from flask import url_for
        for endpoint, _label, _omschrijving in ONDERDELEN:
            pad = url_for(endpoint)
            opent = client.get(pad).status_code == 200
            assert (f'href="{pad}"' in menu) == opent, (gebruikersnaam, pad)
            assert (f'href="{pad}"' in tegels) == opent, (gebruikersnaam, pad)
