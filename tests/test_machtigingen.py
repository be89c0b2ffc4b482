"""R-GEM-03 Verklaring gegevensverstrekking aan verwerker / VSV verklaring uitbesteding as
pages: a gemeente's beheerder grants an instantie (by OIN) its meldingen, its leveringen or
both, from–to; the instantie's beheerder accepts; either side ends it; reads under it are
logged with it."""
import datetime
import json

import pytest

from domain import aanmelding, behandeling, levering, machtiging
from domain.actor import Actor
from domain.fouten import Conflict, GeenToegang, Ongeldig
from domain.gebruikers import actor_voor
from domain.machtiging import Soort, Status
from models import Gemeente, Inzagelog, Machtiging, Organisatie, UitgaandeMail
from tests.conftest import csrf_token, inloggen_als
from tests.factories import VANDAAG, D, actor, meld, nieuwe_gebruiker

AMSTERDAM = "0363"
BUREAU_OIN = "00000099000000007001"  # the demo's Regionaal Bureau Leerplicht Midden-Utrecht
AMSTERDAM_OIN = "00000099000000000363"


@pytest.fixture
def bureau(app):
    """The bureau's beheerder (with an address for the mails), and a leerplichtambtenaar
    and a behandelaar RMC of it with Amsterdam's code, as its beheerder gives them once
    Amsterdam authorised it."""
    beheerder = nieuwe_gebruiker(BUREAU_OIN, "beheerder.bureau", ["beheerder"], [])
    beheerder.email = "beheer@bureau.example"
    beheerder.save()
    organisatie = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    return {"beheerder": actor_voor(beheerder), "organisatie": organisatie}


def _bureau_gebruiker(naam, rol):
    """A user of the bureau with Amsterdam's code, put there directly: its beheerder could
    give the code only while a machtiging holds, which these tests end and start."""
    from models import Gebruiker, Kenmerk, Rol
    organisatie = Organisatie.get(Organisatie.oin == BUREAU_OIN)
    gebruiker = Gebruiker.create(gebruikersnaam=naam, naam=naam, organisatie=organisatie,
                                 wachtwoord_hash="-")
    Rol.create(gebruiker=gebruiker, rol=rol)
    Kenmerk.create(gebruiker=gebruiker, soort="gemeentecode", waarde=AMSTERDAM)
    return actor_voor(gebruiker)


def test_r_gem_03_granted_accepted_ended_and_only_then_in_force(bureau):
    """R-GEM-03: granted by the gemeente's beheerder it waits for the instantie; accepted it
    counts (the bureau's leerplichtambtenaar handles Amsterdam's meldingen, its reads logged
    with the machtiging); ended by either side it counts no more. Each step tells the other
    side's beheerders and is a Mutatie."""
    melding = meld()
    lpa = _bureau_gebruiker("lpa.bureau", "leerplichtambtenaar")
    gemeente = actor("beheerder.amsterdam")
    verleend = machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.VERZUIM,
                                  datetime.date.today())
    assert machtiging.status_van(verleend) == Status.TE_ACCEPTEREN
    assert UitgaandeMail.select().where(UitgaandeMail.aan == "beheer@bureau.example").count() == 1
    with pytest.raises(GeenToegang):  # not yet accepted
        behandeling.melding_voor(lpa, melding.nummer)
    with pytest.raises(GeenToegang):  # the gemeente cannot accept for the instantie
        machtiging.accepteer(gemeente, verleend.id, verleend.versie)
    geaccepteerd = machtiging.accepteer(bureau["beheerder"], verleend.id, verleend.versie)
    assert machtiging.status_van(geaccepteerd) == Status.ACTIEF
    assert geaccepteerd.geaccepteerd_door.startswith("beheerder.bureau")
    behandeling.melding_voor(lpa, melding.nummer)
    log = Inzagelog.select().order_by(Inzagelog.id.desc()).first()
    assert (log.actor, json.loads(log.machtigingen)) == (lpa.kenmerk, [verleend.id])
    with pytest.raises(Conflict):  # accepted twice, or from a stale page
        machtiging.accepteer(bureau["beheerder"], verleend.id, verleend.versie)
    machtiging.beeindig(gemeente, verleend.id, geaccepteerd.versie)
    assert machtiging.status_van(Machtiging.get_by_id(verleend.id)) == Status.BEEINDIGD
    with pytest.raises(GeenToegang):
        behandeling.melding_voor(lpa, melding.nummer)
    from models import Mutatie
    soorten = [m.soort for m in Mutatie.select().where(Mutatie.onderwerp == "machtiging",
                                                       Mutatie.onderwerp_id == verleend.id)
               .order_by(Mutatie.id)]
    assert soorten == ["machtiging verleend", "machtiging geaccepteerd", "machtiging beeindigd"]


def test_r_gem_03_the_instantie_ends_it_too(bureau):
    """R-GEM-03: either side ends it; the gemeente's beheerders hear of it."""
    gemeente = actor("beheerder.amsterdam")
    verleend = machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.BEIDE,
                                  datetime.date.today())
    machtiging.beeindig(bureau["beheerder"], verleend.id, verleend.versie)
    assert machtiging.status_van(Machtiging.get_by_id(verleend.id)) == Status.BEEINDIGD
    with pytest.raises(GeenToegang):  # a school's beheerder is neither side
        machtiging.beeindig(actor("beheerder.school"), verleend.id, verleend.versie + 1)


def test_r_gem_03_bad_grants_each_get_their_message(bureau):
    """R-GEM-03: an OIN of the wrong shape, an unknown one, one's own, a date in the past,
    an end before the start, an overlap with a machtiging of the same instantie: each a
    clear message at its field; nothing stored."""
    gemeente = actor("beheerder.amsterdam")
    vandaag = datetime.date.today()
    gevallen = [
        (("123", Soort.VERZUIM, vandaag, None), "oin", "Een OIN bestaat uit 20 cijfers."),
        (("00000099000000009999", Soort.VERZUIM, vandaag, None), "oin",
         "Er is geen uitvoerende instantie met dit OIN."),
        ((AMSTERDAM_OIN, Soort.VERZUIM, vandaag, None), "oin",
         "U kunt uw eigen organisatie niet machtigen."),
        ((BUREAU_OIN, Soort.VERZUIM, vandaag - datetime.timedelta(days=1), None), "van",
         "De ingangsdatum ligt in het verleden."),
        ((BUREAU_OIN, Soort.VERZUIM, vandaag, vandaag - datetime.timedelta(days=1)), "tot",
         "De einddatum ligt voor de ingangsdatum."),
        ((BUREAU_OIN, "alles", vandaag, None), "soort", "Kies waarvoor"),
    ]
    for (oin, soort, van, tot), veld, tekst in gevallen:
        with pytest.raises(Ongeldig) as fout:
            machtiging.verleen(gemeente, AMSTERDAM, oin, soort, van, tot)
        assert [(f.veld, f.regel) for f in fout.value.fouten] == [(veld, "R-GEM-03")], oin
        assert fout.value.fouten[0].melding.startswith(tekst)
    machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.VERZUIM, vandaag,
                       vandaag + datetime.timedelta(days=30))
    with pytest.raises(Ongeldig) as fout:  # BEIDE overlaps VERZUIM
        machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.BEIDE,
                           vandaag + datetime.timedelta(days=30))
    assert "die (deels) in deze periode valt" in fout.value.fouten[0].melding
    # Leveringen alone do not overlap meldingen; after the first ends, another may follow.
    machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.LEVERINGEN, vandaag)
    machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.VERZUIM,
                       vandaag + datetime.timedelta(days=31))
    with pytest.raises(GeenToegang):  # the instantie grants nothing; nor does a school
        machtiging.verleen(bureau["beheerder"], AMSTERDAM, BUREAU_OIN, Soort.VERZUIM, vandaag)
    with pytest.raises(GeenToegang):
        machtiging.verleen(actor("beheerder.school"), AMSTERDAM, BUREAU_OIN, Soort.VERZUIM,
                           vandaag)
    with pytest.raises(Ongeldig):  # another gemeente's code
        machtiging.verleen(gemeente, "0344", BUREAU_OIN, Soort.VERZUIM, vandaag)


def test_r_gem_03_leveringen_go_to_the_instantie_while_it_is_authorised(bureau):
    """R-GEM-03 for leveringen: the instantie's Behandelaar RMC asks for Amsterdam's
    C-levering only while authorised for leveringen (not for meldingen alone); the
    P-levering of Amsterdam goes to it too; it does not arrange Amsterdam's sign-up."""
    rmc = _bureau_gebruiker("rmc.bureau", "behandelaar_rmc")
    gemeente = actor("beheerder.amsterdam")
    vandaag = datetime.date.today()
    aanvraag = levering.Aanvraag(levering.Soort.C, levering.Gebied.GEMEENTE, AMSTERDAM,
                                 VANDAAG)
    alleen_verzuim = machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.VERZUIM, vandaag)
    machtiging.accepteer(bureau["beheerder"], alleen_verzuim.id, alleen_verzuim.versie)
    with pytest.raises(Ongeldig):
        levering.vraag_aan(rmc, aanvraag)
    leveringen = machtiging.verleen(gemeente, AMSTERDAM, BUREAU_OIN, Soort.LEVERINGEN, vandaag)
    machtiging.accepteer(bureau["beheerder"], leveringen.id, leveringen.versie)
    gevraagd = levering.vraag_aan(rmc, aanvraag)
    assert gevraagd.organisatie_id == bureau["organisatie"].id
    amsterdam = Gemeente.get(Gemeente.code == AMSTERDAM)
    assert bureau["organisatie"].id in aanmelding.organisaties(amsterdam, aanmelding.Via.GEMEENTE)
    assert "rmc.bureau" in [g.gebruikersnaam for g in aanmelding.mogelijke_ontvangers(
        amsterdam, aanmelding.Via.GEMEENTE)]
    with pytest.raises(GeenToegang):
        aanmelding.gemeente_van(rmc, AMSTERDAM)


def test_r_gem_03_the_operator_grants_on_paper_accepted_at_once(app):
    """R-GEM-03: `flask machtiging verleen` (the operator, on the signed verklaring of both)
    stays; such a machtiging counts at once, also from a date in the past."""
    verleend = machtiging.verleen(Actor("systeem:cli", None), AMSTERDAM, BUREAU_OIN,
                                  Soort.VERZUIM, D(2026, 1, 1))
    assert machtiging.status_van(verleend) == Status.ACTIEF
    assert verleend.verleend_door == "functioneel beheer"


# ---------------------------------------------------------------- the page

def test_r_gem_03_pages_of_both_sides(client, bureau):
    """R-GEM-03: the gemeente's beheerder grants on the page (a bad OIN keeps what was
    typed), the instantie's beheerder sees it and accepts, then ends it."""
    inloggen_als(client, "beheerder.amsterdam")
    pagina = client.get("/machtigingen")
    assert pagina.status_code == 200 and "Instantie machtigen" in pagina.text
    token = csrf_token(pagina.text)
    vandaag = datetime.date.today().strftime("%d-%m-%Y")
    data = {"csrf_token": token, "gemeentecode": AMSTERDAM, "oin": "0000009900000000700",
            "soort": "verzuim", "van": vandaag, "tot": "31-02-2027"}
    fout = client.post("/machtigingen", data=data)
    assert fout.status_code == 422
    assert "Een OIN bestaat uit 20 cijfers." in fout.text
    assert "Vul een bestaande datum in als DD-MM-JJJJ." in fout.text
    assert 'value="0000009900000000700"' in fout.text
    assert Machtiging.select().where(Machtiging.gemeente == Gemeente.get(
        Gemeente.code == AMSTERDAM).id).count() == 0
    data.update(oin=BUREAU_OIN, tot="")
    gelukt = client.post("/machtigingen", data=data, follow_redirects=True)
    assert "De machtiging is verleend." in gelukt.text and "Wacht op acceptatie" in gelukt.text
    verleend = Machtiging.select().order_by(Machtiging.id.desc()).first()
    assert f"/machtigingen/{verleend.id}/accepteren" not in gelukt.text  # not the gemeente's

    inloggen_als(client, "beheerder.bureau")
    lijst = client.get("/machtigingen")
    assert "Instantie machtigen" not in lijst.text  # an instantie grants nothing
    assert "0363 Amsterdam" in lijst.text and "Wacht op acceptatie" in lijst.text
    token = csrf_token(lijst.text)
    geaccepteerd = client.post(f"/machtigingen/{verleend.id}/accepteren",
                               data={"csrf_token": token, "versie": verleend.versie},
                               follow_redirects=True)
    assert "De machtiging is geaccepteerd." in geaccepteerd.text
    nogmaals = client.post(f"/machtigingen/{verleend.id}/accepteren",
                           data={"csrf_token": token, "versie": verleend.versie})
    assert nogmaals.status_code == 409
    beeindigd = client.post(f"/machtigingen/{verleend.id}/beeindigen",
                            data={"csrf_token": token, "versie": verleend.versie + 1},
                            follow_redirects=True)
    assert "De machtiging is beëindigd." in beeindigd.text

    inloggen_als(client, "beheerder.school")  # a school's beheerder has no such page
    assert client.get("/machtigingen").status_code == 403
