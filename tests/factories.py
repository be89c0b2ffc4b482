"""The tests' shared data and builders. Everything that is stored goes through the
domain's own functions (a melding through verzuim.sla_op, the BRP through its extract
loader), so the data is what the application itself would have written. Fixtures stay in
conftest.py; this module has none."""
import contextlib
import csv
import datetime
import tempfile
from pathlib import Path

from domain import brp, gebruikers, verzuim, vrijstelling
from domain import inschrijving as ins
from domain.actor import Actor
from domain.datums import DeelDatum
from domain.gebruikers import actor_voor
from extensions import limiter
from models import Gebruiker, Organisatie
from tests.conftest import csrf_token, inloggen_als

D = datetime.date
VANDAAG = D(2026, 11, 23)  # the day the tests' meldingen are made

# ---------------------------------------------------------------- the demo data's pupils

DONDER = "999990007"  # B. van de Donder: enrolled at 31ED (school), lives in Amsterdam
ANDER_BESTUUR = "999990044"  # enrolled at 31UD (school2's board), in the BRP
UTRECHTER = "999990329"  # enrolled at 31ED, lives in Utrecht (handled by leerplicht.regio)
GRONINGER = "999990305"  # lives in Groningen


def actor(gebruikersnaam):
    """The domain's actor of a demo user (README: Demo accounts)."""
    return actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == gebruikersnaam))


def nieuwe_gebruiker(oin, gebruikersnaam, rollen, kenmerken):
    """A user of the organisation with this OIN, made as its beheerder would
    (gebruikers.maak_gebruiker); returns the Gebruiker."""
    organisatie = Organisatie.get(Organisatie.oin == oin)
    beheerder = Actor("systeem:test", organisatie.id, rollen=frozenset({"beheerder"}))
    gebruiker, _wachtwoord = gebruikers.maak_gebruiker(beheerder, gebruikersnaam, gebruikersnaam,
                                                       "", rollen, kenmerken)
    return gebruiker


def lpa_utrecht():
    """A leerplichtambtenaar of Utrecht (0344): no demo user handles Utrecht's meldingen
    in Utrecht's own organisation."""
    return nieuwe_gebruiker("00000099000000000344", "lpa.utrecht", ["leerplichtambtenaar"],
                            ["0344"])


# ---------------------------------------------------------------- verzuim

def geldig(**wijzig):
    """A MeldingInvoer that breaks no rule for DONDER at 31ED, with `wijzig` changed."""
    velden = dict(periode_van=D(2026, 11, 2), periode_tm=D(2026, 11, 6), vermoedelijke_soort="O",
                  vermoedelijke_reden="afwezig", toelichting_actie_gewenst="eerst gesprek",
                  naam_contactpersoon="Mevr. Melder", email_contactpersoon="melder@school.example",
                  acties=["BRIEF"])
    velden.update(wijzig)
    return verzuim.MeldingInvoer(**velden)


def meld(pgn=DONDER, gebruiker="school", instellingscode="31ED", vandaag=VANDAAG, **wijzig):
    """A melding reported through the domain (R-VZ-10): geldig(**wijzig) for `pgn`."""
    return verzuim.sla_op(actor(gebruiker), instellingscode, pgn, geldig(**wijzig),
                          vandaag=vandaag)


# The same melding as geldig(mail_naar_melder=True), in the shape the M2M API takes.
MELDING = {"periode_van": "2026-11-02", "periode_tm": "2026-11-06", "vermoedelijke_soort": "O",
           "vermoedelijke_reden": "afwezig", "toelichting_actie_gewenst": "eerst gesprek",
           "naam_contactpersoon": "Mevr. Melder", "email_contactpersoon": "melder@school.example",
           "mail_naar_melder": True, "acties": ["BRIEF"]}

# Client certificates of tests/m2m/conftest.py's `pakket`, by organisation.
AMSTERDAM, UTRECHT = "gemeente-amsterdam", "gemeente-utrecht"
AMSTEL = "stichting-particulier-onderwijs-amstel"


# ---------------------------------------------------------------- inschrijving

BRP_KIND = "999990500"  # not in the demo data: brp_kind() puts it in the BRP
GEBOREN_2015 = D(2015, 5, 1)
SCHOOLJAAR_2024 = D(2024, 8, 1)
DEEL_2015, DEEL_2014 = DeelDatum(2015, 5, 1), DeelDatum(2014, 2, 3)


def brp_persoon(bsn, **velden):
    """Put one person in the BRP (or change one) the way a new extract does
    (brp.laad_extract); returns what the register reads there."""
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "brp.csv"
        with open(pad, "w", newline="", encoding="utf-8") as fh:
            schrijver = csv.DictWriter(fh, fieldnames=brp.KOLOMMEN)
            schrijver.writeheader()
            schrijver.writerow({k: "" if v is None else str(v)
                                for k, v in {**velden, "bsn": bsn}.items()})
        brp.laad_extract(pad)
    return brp.zoek(bsn)


def brp_kind(bsn=BRP_KIND, geboren=GEBOREN_2015, **extra):
    """Pim van Testkind in the BRP, living in Amsterdam."""
    velden = dict(geslachtsnaam="Testkind", voorvoegsel="van", voornamen="Pim", geslacht="M",
                  geboortedatum=geboren, straatnaam="Javastraat", huisnummer=1,
                  postcode="1094 HA", woonplaats="Amsterdam", gemeentecode="0363")
    velden.update(extra)
    return brp_persoon(bsn, **velden)


def met_nummer(bsn="", onderwijsnummer="", geboren=DEEL_2015, geslacht="M", code="31ED",
               begin=SCHOOLJAAR_2024, eind=None):
    """An enrolment of a pupil with a BSN or onderwijsnummer (seed 004 §1.3)."""
    return ins.InschrijvingInvoer(
        instellingscode=code, datum_inschrijving=begin, datum_uitschrijving=eind,
        persoon=ins.PersoonInvoer(variant="met", bsn=bsn, onderwijsnummer=onderwijsnummer,
                                  geslacht=geslacht, geboortedatum=geboren))


def met_bsn(bsn=BRP_KIND, **kw):
    """met_nummer() with a BSN, by default the one brp_kind() puts in the BRP."""
    return met_nummer(bsn=bsn, **kw)


def zonder(adres=None, geboren=DEEL_2014, code="31EG", begin=SCHOOLJAAR_2024,
           achternaam="Dubois", geslacht="V"):
    """An enrolment of a pupil without a number, by default living in Brussels."""
    adres = adres or ins.Adres(soort="buitenland", landcode="5010",
                               adresregel1="Rue de la Loi 16", adresregel2="1000 Brussel")
    return ins.InschrijvingInvoer(
        instellingscode=code, datum_inschrijving=begin,
        persoon=ins.PersoonInvoer(variant="zonder", geslacht=geslacht, geboortedatum=geboren,
                                  achternaam=achternaam, voornamen="Camille", adres=adres))


def vul_school(actor, code, aantal):
    """`aantal` pupils without a number enrolled at `code`, "Paginakind 001" and on: a
    school of more than a page (domain.inschrijving.PER_PAGINA)."""
    for i in range(1, aantal + 1):
        ins.registreer(zonder(code=code, achternaam=f"Paginakind {i:03d}"), actor, VANDAAG)


# The enrolment form's fields that every submit has (the web tests add the person's).
LEEG = {
    "instellingscode": "31ED", "datum_inschrijving_dag": "1", "datum_inschrijving_maand": "8",
    "datum_inschrijving_jaar": "2025", "persoon_variant": "met", "adres_variant": "binnenland",
}


# ---------------------------------------------------------------- the pages

def inloggen(client, gebruikersnaam, wachtwoord, code, next_url=None):
    """Log in through the login form (conftest's inloggen_als skips the form)."""
    page = client.get("/inloggen")
    url = "/inloggen" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": csrf_token(page.text),
                                  "gebruikersnaam": gebruikersnaam, "wachtwoord": wachtwoord,
                                  "code": code})


def begin_wizard(client):
    """School starts Opvoeren Verzuim for DONDER at 31ED; returns the Leerling step's URL
    and the CSRF token."""
    inloggen_als(client, "school")
    page = client.get("/verzuim/31ED/opvoeren")
    token = csrf_token(page.text)
    gevonden = client.post("/verzuim/31ED/opvoeren", data={"csrf_token": token, "pgn": DONDER})
    assert "Toevoegen" in gevonden.text
    response = client.post("/verzuim/31ED/toevoegen", data={"csrf_token": token, "pgn": DONDER})
    assert response.status_code == 302
    return response.headers["Location"], token


def stuur(client, url, token, **data):
    """Send a form (a wizard step's) with its CSRF token."""
    return client.post(url, data={"csrf_token": token, **data})


@contextlib.contextmanager
def limiet(app, naam, waarde):
    """A lower rate limit for one test; the counts start empty and are emptied after."""
    oud = app.config[naam]
    app.config[naam] = waarde
    limiter.reset()
    try:
        yield
    finally:
        app.config[naam] = oud
        limiter.reset()


def vrijstelling_invoer(**wijzig):
    """A vrijstelling of the demo pupil DONDER from 1 January 2027 (R-GEM-02)."""
    velden = dict(pgn=DONDER, artikel="5-a", begindatum=D(2027, 1, 1), einddatum=None)
    velden.update(wijzig)
    return vrijstelling.VrijstellingInvoer(**velden)


def vrijstelling_in_amsterdam(**wijzig):
    """vrijstelling_invoer(**wijzig) registered by Amsterdam's leerplichtambtenaar."""
    return vrijstelling.registreer(actor("leerplicht.amsterdam"), vrijstelling_invoer(**wijzig))
