"""New organisations (seed 000, "Aanmelding en wijziging beheerder Mijn DUO"): functioneel
beheer registers an organisation with what places it (a gemeente's code, a Doorstroompunt's
code, a bestuur's instellingen) and invites its first beheerder by a one-time link; the
beheerder chooses a password, links a token and takes it from there. A new gemeente's home
shows the checklist of seed 000, each item ticked from the register's real state."""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError, fn

from models import (
    Aanmelding,
    Bestuur,
    Certificaat,
    Gebruiker,
    Gemeente,
    Instelling,
    Organisatie,
    Regio,
    Rol,
    Routering,
    database,
    utcnow,
)

from . import berichten, gebruikers, mutaties, velden
from .fouten import N_, Fout, GeenToegang, Ongeldig

ROL = "functioneel_beheer"
SOORTEN = {
    "gemeente": N_("Gemeente"),
    "instantie": N_("Uitvoerende instantie"),
    "regio": N_("Doorstroompunt (RMC-regio)"),
    "bestuur": N_("Bestuur (bevoegd gezag)"),
}
NAAM_LENGTE = 200
MAX_INSTELLINGEN = 500  # a large bestuur holds some dozens


@dataclass(frozen=True)
class Aanvraag:
    """What the form of functioneel beheer holds."""

    soort: str
    naam: str
    oin: str
    gemeentecode: str = ""  # a gemeente: its CBS code (new, or one without organisation)
    regiocode: str = ""  # a Doorstroompunt: its regio's code
    bestuurcode: str = ""  # a bestuur: its code and the instellingen it holds
    instellingscodes: tuple[str, ...] = ()
    beheerder_naam: str = ""
    beheerder_email: str = ""
    gebruikersnaam: str = ""


def _eis(actor):
    if not actor.heeft_rol(ROL):
        raise GeenToegang()


def _controleer(a):
    fouten = []
    if a.soort not in SOORTEN:
        fouten.append(Fout("soort", N_("Kies de soort organisatie.")))
    if not a.naam.strip():
        fouten.append(Fout("naam", N_("Vul de naam van de organisatie in.")))
    velden.te_lang(fouten, "naam", a.naam, NAAM_LENGTE)
    if not (len(a.oin) == 20 and a.oin.isdigit()):
        fouten.append(Fout("oin", N_("Een OIN bestaat uit 20 cijfers.")))
    elif Organisatie.select().where(Organisatie.oin == a.oin).exists():
        fouten.append(Fout("oin", N_("Er is al een organisatie met dit OIN.")))
    if a.soort == "gemeente":
        gemeente = Gemeente.get_or_none(Gemeente.code == a.gemeentecode)
        if not (len(a.gemeentecode) == 4 and a.gemeentecode.isdigit()):
            fouten.append(Fout("gemeentecode", N_("Een gemeentecode bestaat uit 4 cijfers.")))
        elif gemeente is not None and (gemeente.organisatie_id or gemeente.geldig_tot):
            fouten.append(Fout("gemeentecode", N_(
                "Deze gemeentecode hoort al bij een organisatie of bij een opgeheven gemeente. "
                "Codes worden niet opnieuw gebruikt.")))
    if a.soort == "regio":
        regio = Regio.get_or_none(Regio.code == a.regiocode)
        if regio is None or regio.organisatie_id:
            fouten.append(Fout("regiocode", N_(
                "Kies een Doorstroompunt-code die nog geen organisatie heeft.")))
    if a.soort == "bestuur":
        if not a.bestuurcode.strip() or Bestuur.select().where(
                Bestuur.code == a.bestuurcode).exists():
            fouten.append(Fout("bestuurcode", N_("Vul een bestuurscode in die nog niet bestaat.")))
        if len(a.instellingscodes) > MAX_INSTELLINGEN:
            fouten.append(Fout("instellingscodes", N_("Geef hoogstens %(aantal)s "
                                                      "instellingscodes op."),
                               params={"aantal": MAX_INSTELLINGEN}))
            return fouten
        bekend = {i.code for i in Instelling.select(Instelling.code).where(
            Instelling.code.in_(list(a.instellingscodes)))}
        onbekend = [c for c in a.instellingscodes if c not in bekend]
        if not a.instellingscodes or onbekend:
            fouten.append(Fout("instellingscodes", N_(
                "Vul de instellingscodes van het bestuur in, gescheiden door spaties; deze zijn "
                "niet bekend: %(codes)s"), params={"codes": ", ".join(onbekend) or "–"}))
    if not a.beheerder_naam.strip():
        fouten.append(Fout("beheerder_naam", N_("Vul de naam van de beheerder in.")))
    velden.controleer_email(fouten, "beheerder_email", a.beheerder_email, verplicht=True)
    if not a.gebruikersnaam.strip():
        fouten.append(Fout("gebruikersnaam", N_("Vul een gebruikersnaam in.")))
    elif Gebruiker.select().where(Gebruiker.gebruikersnaam == a.gebruikersnaam.strip()).exists():
        fouten.append(Fout("gebruikersnaam", N_("Deze gebruikersnaam bestaat al.")))
    return fouten


def registreer(actor, a):
    """Register the organisation, what places it and its first beheerder, and mail the
    beheerder the one-time link. Returns (organisatie, beheerder, key of the link): the
    page shows the link once too, should the mail not arrive. Every problem at once."""
    _eis(actor)
    fouten = _controleer(a)
    if fouten:
        raise Ongeldig(fouten)
    try:
        with database.atomic():
            organisatie = Organisatie.create(soort=a.soort, naam=a.naam.strip(), oin=a.oin)
            _plaats(a, organisatie)
            beheerder = Gebruiker.create(
                organisatie=organisatie, gebruikersnaam=a.gebruikersnaam.strip(),
                naam=a.beheerder_naam.strip(), email=a.beheerder_email.strip(),
                # No password anyone knows: the invitee chooses the first one.
                wachtwoord_hash=gebruikers.hash_wachtwoord(gebruikers.nieuw_wachtwoord()))
            Rol.create(gebruiker=beheerder, rol="beheerder")
            mutaties.schrijf(actor, "organisatie", organisatie, "organisatie aangemeld",
                             na={"soort": a.soort, "naam": organisatie.naam, "oin": a.oin,
                                 "gemeentecode": a.gemeentecode, "regiocode": a.regiocode,
                                 "bestuurcode": a.bestuurcode,
                                 "instellingscodes": list(a.instellingscodes),
                                 "beheerder": beheerder.gebruikersnaam})
            sleutel = gebruikers.nodig_uit(actor, beheerder)
            berichten.uitnodiging(beheerder.email, organisatie.naam, sleutel)
    except IntegrityError:  # the same OIN or user name registered a moment ago
        raise Ongeldig(_controleer(a) or [Fout("oin", N_("Er is al een organisatie met dit "
                                                         "OIN."))]) from None
    return organisatie, beheerder, sleutel


def _plaats(a, organisatie):
    """Link the organisation to what it is: the gemeente (made when its code is new), the
    regio, or the bestuur with its instellingen."""
    if a.soort == "gemeente":
        gemeente = Gemeente.get_or_none(Gemeente.code == a.gemeentecode)
        if gemeente is None:
            naam = a.naam.strip().removeprefix("Gemeente ").strip()
            Gemeente.create(code=a.gemeentecode, naam=naam, organisatie=organisatie,
                            geldig_van=datetime.date.today())
        else:
            Gemeente.update(organisatie=organisatie).where(Gemeente.id == gemeente.id).execute()
    elif a.soort == "regio":
        Regio.update(organisatie=organisatie).where(Regio.code == a.regiocode).execute()
    elif a.soort == "bestuur":
        bestuur = Bestuur.create(code=a.bestuurcode.strip(), naam=organisatie.naam,
                                 organisatie=organisatie)
        Instelling.update(bestuur=bestuur).where(
            Instelling.code.in_(list(a.instellingscodes))).execute()


def nieuwe_uitnodiging(actor, gebruiker_id):
    """A new link for a beheerder who did not use the first in time (the old one stops)."""
    _eis(actor)
    beheerder = Gebruiker.get_or_none(Gebruiker.id == gebruiker_id)
    if beheerder is None or not beheerder.email:
        raise GeenToegang()
    with database.atomic():
        sleutel = gebruikers.nodig_uit(actor, beheerder)
        berichten.uitnodiging(beheerder.email, beheerder.organisatie.naam, sleutel)
    return beheerder, sleutel


def wachtende_beheerders(organisatie_ids):
    """{organisatie id: a beheerder that never linked a token}, for the organisations whose
    beheerders none did: the invitation may need sending again."""
    wachtend: dict[int, Gebruiker | None] = {}
    for gebruiker in (Gebruiker.select().join(Rol).where(
            Gebruiker.organisatie.in_(organisatie_ids), Rol.rol == "beheerder",
            Gebruiker.actief == True, Gebruiker.email.is_null(False))  # noqa: E712
            .order_by(Gebruiker.id)):
        if gebruiker.totp_actief:
            wachtend[gebruiker.organisatie_id] = None
        else:
            wachtend.setdefault(gebruiker.organisatie_id, gebruiker)
    return {o: g for o, g in wachtend.items() if g is not None}


def opgeheven(organisatie_ids):
    """{organisatie id: the gemeente that succeeded it} of the gemeenten' organisations whose
    every gemeente ended in a herindeling: no checklist for them."""
    uit: dict[int, Gemeente | None] = {}
    for gemeente in Gemeente.select().where(Gemeente.organisatie.in_(organisatie_ids)):
        if gemeente.geldig_tot is None:
            uit[gemeente.organisatie_id] = None
        elif gemeente.opgevolgd_door_id:
            uit.setdefault(gemeente.organisatie_id, gemeente.opgevolgd_door)
    return {o: g for o, g in uit.items() if g is not None}


# ---------------------------------------------------------------- the checklist

@dataclass(frozen=True)
class Punt:
    """One item of seed 000's list for a new gemeente, and whether it is done."""

    wat: str  # N_ msgid
    klaar: bool
    endpoint: str  # the page where it is done


def checklist(organisatie_id):
    """Seed 000's "Nieuwe gemeenten" for a gemeente's organisation, from the register's
    state: a beheerder who logged in (token linked), a routering (its own or the loket's
    address), the RMC-aanmelding of its gemeenten, an M2M certificate."""
    gemeenten = [g.id for g in Gemeente.select(Gemeente.id).where(
        Gemeente.organisatie == organisatie_id, Gemeente.geldig_tot.is_null())]
    beheerders = (Gebruiker.select().join(Rol)
                  .where(Gebruiker.organisatie == organisatie_id, Gebruiker.actief == True,  # noqa: E712
                         Gebruiker.totp_actief == True, Rol.rol == "beheerder").exists())  # noqa: E712
    zonder_routering = Gemeente.select().where(
        Gemeente.id.in_(gemeenten), Gemeente.verzuimloket_email.is_null(),
        ~fn.EXISTS(Routering.select(Routering.id).where(Routering.gemeente == Gemeente.id)))
    aangemeld = Aanmelding.select().where(Aanmelding.gemeente.in_(gemeenten),
                                          Aanmelding.actief == True).count()  # noqa: E712
    certificaat = Certificaat.select().where(
        Certificaat.organisatie == organisatie_id, Certificaat.status == "actief",
        Certificaat.geldig_tot > utcnow()).exists()
    return [
        Punt(N_("Een of meer beheerders, met token"), beheerders, "beheer.gebruikers_lijst"),
        Punt(N_("Routering verzuimmeldingen"), bool(gemeenten) and not zonder_routering.exists(),
             "routering.start"),
        Punt(N_("Aanmelding RMC-gegevensleveringen"), bool(gemeenten)
             and aangemeld == len(gemeenten), "leveringen.start"),
        Punt(N_("M2M-certificaat voor de koppeling met het register"), certificaat,
             "beheer.certificaten_lijst"),
    ]


def organisaties(actor):
    """Every organisation for functioneel beheer's list, newest first, with its soort."""
    _eis(actor)
    return list(Organisatie.select().where(Organisatie.soort != "beheer")
                .order_by(Organisatie.id.desc()))
