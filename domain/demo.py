"""Demo data: the demo besturen and schools, an uitvoerende instantie, a BRP extract,
pupils and accounts; and (`laad_meldingen`, for `make run` only, so tests start from an
empty register of meldingen) verzuimmeldingen in several stages of handling.

Passwords and token secrets are generated here, at set-up, and written only to
instance/demo-accounts.json; loading twice changes nothing."""
import datetime
import json
from pathlib import Path

import pyotp

from models import (
    Bestuur,
    BrpPersoon,
    Gebruiker,
    Gemeente,
    Inschrijving,
    Instelling,
    Kenmerk,
    Machtiging,
    Persoon,
    Resultaat,
    Rol,
    Verzuimmelding,
    database,
)

from . import behandeling, brp, inschrijving, machtiging, referentie, resultaat, verzuim
from .actor import KENMERK_PER_SOORT, Actor
from .datums import geboren_uiterlijk, uit_iso
from .fouten import Ongeldig
from .gebruikers import actor_voor, hash_wachtwoord, nieuw_wachtwoord

BEHEER_OIN = "00000099000000000001"
DOORSTROOMPUNT_OIN = "00000099000000000923"
# Mail addresses of the demo users who receive deliveries (the others get none).
EMAILS = {"rmc.amsterdam": "rmc@amsterdam.example", "rmc.regio": "rmc@doorstroompunt.example"}


def _accounts(besturen, amsterdam, beheer, instantie, doorstroompunt):
    """(gebruikersnaam, naam, organisatie, rollen, kenmerken)."""
    def codes(bestuur):
        return [i.code for i in bestuur.instellingen.order_by(Instelling.code)]
    eerste, tweede = besturen[0], besturen[1]
    return [
        ("school", "Lotte Bone", eerste.organisatie, ["schooladministratie", "verzuimmelder"],
         codes(eerste)),
        ("beheerder.school", "Sam de Beheerder", eerste.organisatie, ["beheerder"], []),
        ("school2", "Noor Jansen", tweede.organisatie, ["schooladministratie", "verzuimmelder"],
         codes(tweede)),
        ("leerplicht.amsterdam", "Ayla Leerplicht", amsterdam.organisatie,
         ["leerplichtambtenaar"], [amsterdam.code]),
        ("beheerder.amsterdam", "Joost Beheer", amsterdam.organisatie, ["beheerder"], []),
        ("leerplicht.regio", "Ruben de Regio", instantie, ["leerplichtambtenaar"], ["0344"]),
        # The bureau's beheerder accepts machtigingen and gives its users their gemeentecodes.
        ("beheerder.regio", "Bo Bureau", instantie, ["beheerder"], []),
        ("rmc.amsterdam", "Rachid RMC", amsterdam.organisatie, ["behandelaar_rmc"],
         [amsterdam.code]),
        ("rmc.regio", "Dewi Doorstroom", doorstroompunt, ["behandelaar_rmc"],
         [amsterdam.regio.code]),
        ("functioneel.beheer", "Fenna Functioneel", beheer, ["functioneel_beheer", "beheerder"],
         []),
    ]


def laad(folder, accounts_path):
    folder = Path(folder)
    counts = referentie.laad_instellingen(folder)
    counts["brp"] = len(brp.laad_extract(folder / "brp.csv"))
    _vierjarige(datetime.date.today())
    beheer = referentie.organisatie("beheer", "Registerbeheer", BEHEER_OIN)
    besturen = list(Bestuur.select().order_by(Bestuur.id))
    amsterdam = Gemeente.get(Gemeente.code == "0363")
    instanties = _laad_instanties(folder / "instanties.csv")
    doorstroompunt = _doorstroompunt(amsterdam.regio)
    accounts = _laad_accounts(_accounts(besturen, amsterdam, beheer, instanties[0],
                                        doorstroompunt), Path(accounts_path))
    counts["inschrijvingen"] = _laad_inschrijvingen(folder / "inschrijvingen.csv")
    counts["resultaten"] = _laad_resultaten(folder / "resultaten.csv")
    return counts, accounts


VIERJARIGE = "999990561"


def _vierjarige(vandaag):
    """A child of Amsterdam in the BRP who turned 4 two days before the demo load: the
    P-levering of the days up to today (`flask leveringen p-levering --tot-en-met-vandaag`)
    names it. Its birth date follows the day of the load, so the file cannot hold it."""
    BrpPersoon.insert(
        bsn=VIERJARIGE, geslachtsnaam="Vier", voornamen="Kim", geslacht="V",
        geboortedatum=geboren_uiterlijk(vandaag - datetime.timedelta(days=2), 4),
        straatnaam="Sarphatistraat", huisnummer=4, postcode="1018 GA", woonplaats="Amsterdam",
        gemeentecode="0363",
    ).on_conflict(conflict_target=[BrpPersoon.bsn],
                  preserve=[BrpPersoon.geboortedatum]).execute()


def _doorstroompunt(regio):
    """The organisation of Amsterdam's Doorstroompunt-regio (formerly RMC-regio), whose
    behandelaar RMC receives the deliveries of the regio's gemeenten."""
    org = referentie.organisatie("regio", f"Doorstroompunt {regio.naam}", DOORSTROOMPUNT_OIN)
    if regio.organisatie_id != org.id:
        regio.organisatie = org
        regio.save()
    return org


def _laad_instanties(path):
    """Uitvoerende instanties with the machtigingen of their gemeenten (R-GEM-03)."""
    systeem = Actor(kenmerk="systeem:demo", organisatie_id=None)
    instanties = []
    for row in referentie.lees(path):
        org = referentie.organisatie("instantie", row["naam"], row["oin"])
        for code in row["gemeentecodes"].split():
            gemeente = Gemeente.get(Gemeente.code == code)
            if not Machtiging.select().where(Machtiging.gemeente == gemeente,
                                             Machtiging.organisatie == org).exists():
                machtiging.verleen(systeem, code, org.oin, van=datetime.date(2020, 1, 1))
        instanties.append(org)
    return instanties


def _laad_accounts(specs, path):
    bewaard = {}
    if path.exists():
        bewaard = {a["username"]: a for a in json.loads(path.read_text(encoding="utf-8"))}
    accounts = []
    with database.atomic():
        for gebruikersnaam, naam, organisatie, rollen, kenmerken in specs:
            gebruiker = Gebruiker.get_or_none(Gebruiker.gebruikersnaam == gebruikersnaam)
            account = bewaard.get(gebruikersnaam)
            if gebruiker is None or account is None:
                account = {"username": gebruikersnaam, "password": nieuw_wachtwoord(),
                           "totp_secret": pyotp.random_base32()}
                velden = dict(organisatie=organisatie, naam=naam, email=EMAILS.get(gebruikersnaam),
                              wachtwoord_hash=hash_wachtwoord(account["password"]),
                              totp_secret=account["totp_secret"], totp_actief=True,
                              laatste_totp_stap=0)
                if gebruiker is None:
                    gebruiker = Gebruiker.create(gebruikersnaam=gebruikersnaam, **velden)
                else:
                    Gebruiker.update(**velden).where(Gebruiker.id == gebruiker.id).execute()
            for rol in rollen:
                Rol.insert(gebruiker=gebruiker, rol=rol).on_conflict_ignore().execute()
            soort = KENMERK_PER_SOORT.get(organisatie.soort)
            for waarde in kenmerken:
                Kenmerk.insert(gebruiker=gebruiker, soort=soort,
                               waarde=waarde).on_conflict_ignore().execute()
            accounts.append({**account, "role": ", ".join(rollen),
                             "organisation": organisatie.naam})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return accounts


def _laad_inschrijvingen(path):
    nieuw = 0
    for row in referentie.lees(path):
        instelling = Instelling.get(Instelling.code == row["instellingscode"])
        begin = datetime.date.fromisoformat(row["datum_inschrijving"])
        if _bestaat(row, instelling, begin):
            continue
        actor = _school(instelling)
        invoer = inschrijving.InschrijvingInvoer(
            instellingscode=instelling.code, datum_inschrijving=begin,
            datum_uitschrijving=uit_iso(row["datum_uitschrijving"]),
            persoon=_persoon(row))
        try:
            inschrijving.registreer(invoer, actor)
        except Ongeldig as exc:
            raise ValueError(f"demo row {row}: {exc}") from exc
        nieuw += 1
    return nieuw


def _school(instelling):
    """The demo's system actor as a school of `instelling`."""
    return Actor(kenmerk="systeem:demo", organisatie_id=instelling.bestuur.organisatie_id,
                 organisatie_soort="bestuur",
                 kenmerken={"instellingscode": frozenset([instelling.code])})


def _laad_resultaten(path):
    """Diplomas of demo pupils who left school: one a startkwalificatie, one not (a
    voortijdig schoolverlater for the leveringen)."""
    nieuw = 0
    for row in referentie.lees(path):
        instelling = Instelling.get(Instelling.code == row["instellingscode"])
        datum = datetime.date.fromisoformat(row["datum"])
        if (Resultaat.select().join(Persoon)
                .where(Persoon.bsn == row["pgn"], Resultaat.instelling == instelling,
                       Resultaat.datum == datum, Resultaat.diploma == row["diploma"]).exists()):
            continue
        try:
            resultaat.registreer(_school(instelling), resultaat.ResultaatInvoer(
                instelling.code, row["pgn"], datum, row["diploma"],
                row["startkwalificatie"] == "ja"))
        except Ongeldig as exc:
            raise ValueError(f"demo row {row}: {exc}") from exc
        nieuw += 1
    return nieuw


def _persoon(row):
    geboren = uit_iso(row["geboortedatum"], gedeeltelijk=True)
    if row["pgn"]:
        return inschrijving.PersoonInvoer(variant="met", bsn=row["pgn"], geslacht=row["geslacht"],
                                          geboortedatum=geboren)
    return inschrijving.PersoonInvoer(
        variant="zonder", geslacht=row["geslacht"], geboortedatum=geboren,
        achternaam=row["achternaam"], voorvoegsels=row["voorvoegsels"],
        voornamen=row["voornamen"],
        adres=inschrijving.Adres(soort="buitenland", landcode=row["landcode"],
                                 adresregel1=row["adresregel1"], adresregel2=row["adresregel2"],
                                 adresregel3=row["adresregel3"]))


def _bestaat(row, instelling, begin):
    query = Inschrijving.select().join(Persoon).where(
        Inschrijving.instelling == instelling, Inschrijving.datum_inschrijving == begin)
    if row["pgn"]:
        return query.where(Persoon.bsn == row["pgn"]).exists()
    return query.where(Persoon.achternaam == row["achternaam"],
                       Persoon.voornamen == (row["voornamen"] or None)).exists()


def laad_meldingen(path, vandaag=None):
    """Report the demo meldingen as the demo school does, and take them as far as the
    row's `behandeling` says as the demo gemeente does (through the domain, so versions,
    mutaties and mails are real). A pupil that already has a melding is skipped, so
    loading twice changes nothing. Periods count back from today."""
    vandaag = vandaag or datetime.date.today()
    school = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school"))
    lpa = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "leerplicht.amsterdam"))
    nieuw = 0
    for row in referentie.lees(path):
        persoon = Persoon.get(Persoon.bsn == row["pgn"])
        if Verzuimmelding.select().where(Verzuimmelding.persoon == persoon).exists():
            continue

        def dag(kolom, row=row):
            return vandaag - datetime.timedelta(days=int(row[kolom]))
        invoer = verzuim.MeldingInvoer(
            periode_van=dag("van_dagen_geleden"), periode_tm=dag("tm_dagen_geleden"),
            vermoedelijke_soort=row["vermoedelijke_soort"],
            vermoedelijke_reden=row["vermoedelijke_reden"],
            naam_contactpersoon=row["naam_contactpersoon"],
            email_contactpersoon=row["email_contactpersoon"], actie_gewenst=True,
            acties=["GESPREK"], mail_naar_melder=True)
        try:
            melding = verzuim.sla_op(school, row["instellingscode"], row["pgn"], invoer,
                                     vandaag)
        except Ongeldig as exc:
            raise ValueError(f"demo melding {row}: {exc}") from exc
        nieuw += 1
        if row["behandeling"]:
            melding = behandeling.wijzig_status(lpa, melding.nummer, melding.versie,
                                                "behandeling")
        if row["behandeling"] == "afgesloten":
            melding = behandeling.geef_terugkoppeling(
                lpa, melding.nummer, melding.versie, behandeling.Terugkoppeling(
                    datum=vandaag, organisatie="Gemeente Amsterdam", naam="Ayla Leerplicht",
                    functie="Leerplichtambtenaar", telefoon="020-5551234",
                    toelichting="Gesprek met leerling en ouders gehad; leerling is weer op "
                                "school."))
            behandeling.wijzig_status(lpa, melding.nummer, melding.versie, "afsluiten",
                                      "TERUG", "GEZIEN")
    return nieuw
