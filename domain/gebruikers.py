"""Accounts: login with password and token code (seed 004 §1.2), lock-out, TOTP
enrolment, and a beheerder managing the users of its own organisation."""
import datetime
import enum
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import IntegrityError, Value

from models import (
    Aanmeldpoging,
    Bestuur,
    Gebruiker,
    Gemeente,
    Instelling,
    Kenmerk,
    Organisatie,
    Regio,
    Rol,
    Sjabloon,
    Uitnodiging,
    database,
    utcnow,
)

from . import machtiging, mutaties, velden
from .actor import KENMERK_PER_SOORT, ROLLEN_PER_SOORT, Actor
from .fouten import N_, Conflict, Fout, GeenToegang, Ongeldig

log = logging.getLogger(__name__)

MAX_POGINGEN = 5
BLOKKEERDUUR = datetime.timedelta(minutes=15)
BEWAARDUUR_POGINGEN = datetime.timedelta(days=1)
GEBRUIKERSNAAM_LENGTE, NAAM_LENGTE = 100, 200  # the columns
TOTP_UITGEVER = "Open Register"

_hasher = PasswordHasher()  # argon2id with the library's current parameters


def kies_wachtwoordkosten(time_cost, memory_cost, parallelism):
    """argon2's cost for this process (ARGON2_COST in the app's config). A hash carries its
    own parameters, so hashes made at another cost still verify, and are made anew at
    this cost at their next login."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost,
                             parallelism=parallelism)


def hash_wachtwoord(wachtwoord):
    return _hasher.hash(wachtwoord)


def nieuw_wachtwoord():
    return secrets.token_urlsafe(12)


# What every page request reads first: the user with its organisation, then its roles
# and kenmerken (a role is a row without soort). Sjablonen: their SQL text is built once.
_ACTIEF = Sjabloon(lambda _vorm, waarde: (
    Gebruiker.select(Gebruiker, Organisatie).join(Organisatie)
    .where(Gebruiker.id == waarde("id"), Gebruiker.actief == True)))  # noqa: E712
_ROLLEN_EN_KENMERKEN = Sjabloon(lambda _vorm, waarde: (
    Rol.select(Value(None, converter=False), Rol.rol).where(Rol.gebruiker == waarde("id"))
    .union_all(Kenmerk.select(Kenmerk.soort, Kenmerk.waarde)
               .where(Kenmerk.gebruiker == waarde("id")))))


def actief_met_organisatie(gebruiker_id):
    """The active user with this id and its organisation, in one query (None: gone or
    blocked)."""
    gevonden = _ACTIEF.objecten(None, id=gebruiker_id)
    return gevonden[0] if gevonden else None


def actor_voor(gebruiker):
    """The Actor of a user: its organisation, roles and kenmerken."""
    rijen = _ROLLEN_EN_KENMERKEN.rijen(None, id=gebruiker.id)
    rollen: set[str] = set()
    kenmerken: dict[str, set[str]] = {}
    for soort, waarde in rijen:
        if soort is None:
            rollen.add(waarde)
        else:
            kenmerken.setdefault(soort, set()).add(waarde)
    return Actor(
        kenmerk=f"gebruiker:{gebruiker.id}",
        organisatie_id=gebruiker.organisatie_id,
        organisatie_soort=gebruiker.organisatie.soort,
        rollen=frozenset(rollen),
        kenmerken={k: frozenset(v) for k, v in kenmerken.items()},
    )


@dataclass(frozen=True)
class Aanmelding:
    gebruiker: Gebruiker | None
    fout: str | None = None
    token_koppelen: bool = False


ONJUIST = N_("De gebruikersnaam, het wachtwoord of de code is onjuist.")
GEBLOKKEERD = N_("Uw account is tijdelijk geblokkeerd na te veel mislukte pogingen. "
                 "Probeer het over 15 minuten opnieuw.")
CODE_GEBRUIKT = N_("Deze code is al gebruikt. Wacht tot uw token een nieuwe code toont en "
                   "log daarmee in.")


class Code(enum.Enum):
    """What a token code typed at login is."""
    GELDIG = "geldig"
    GEBRUIKT = "gebruikt"  # right, but its time step was used before (R-AVG-05: once)
    ONGELDIG = "ongeldig"


def meld_aan(gebruikersnaam, wachtwoord, code, nu=None):
    """Check password and token code. A user without a linked token passes on the
    password alone and must link one next (`token_koppelen`).

    A name that does not exist (or is blocked by its beheerder) fails like a wrong
    password, counts towards the lock-out the same way and is answered the same. The
    slow work (argon2) runs before the write transaction, so logins do not queue behind
    one another for the database's write lock."""
    nu = nu or utcnow()
    naam = (gebruikersnaam or "").strip()
    sleutel = _sleutel(naam)
    poging = Aanmeldpoging.get_or_none(Aanmeldpoging.sleutel == sleutel)
    if poging is not None and poging.geblokkeerd_tot and poging.geblokkeerd_tot > nu:
        return Aanmelding(None, GEBLOKKEERD)
    gebruiker = Gebruiker.get_or_none(Gebruiker.gebruikersnaam == naam)
    if gebruiker is None or not gebruiker.actief:
        _hasher.hash("x")  # same work as a real check: no timing hint of which names exist
        return _mislukt(sleutel, nu)
    if not _wachtwoord_klopt(gebruiker.wachtwoord_hash, wachtwoord):
        return _mislukt(sleutel, nu)
    stap = gebruiker.laatste_totp_stap
    if gebruiker.totp_actief:
        uitslag, stap = _toets_code(gebruiker.totp_secret, code, gebruiker.laatste_totp_stap, nu)
        if uitslag is Code.GEBRUIKT:
            return Aanmelding(None, CODE_GEBRUIKT)
        if uitslag is Code.ONGELDIG:
            return _mislukt(sleutel, nu)
    kolommen = {"laatste_totp_stap": stap}
    if _hasher.check_needs_rehash(gebruiker.wachtwoord_hash):
        kolommen["wachtwoord_hash"] = _hasher.hash(wachtwoord)
    with database.atomic():
        query = Gebruiker.update(**kolommen).where(Gebruiker.id == gebruiker.id)
        if gebruiker.totp_actief:  # the step checked in the statement that takes it
            query = query.where(Gebruiker.laatste_totp_stap < stap)
        if not query.execute():
            return Aanmelding(None, CODE_GEBRUIKT)  # a login a moment ago used this code
        Aanmeldpoging.delete().where(Aanmeldpoging.sleutel == sleutel).execute()
    gebruiker.laatste_totp_stap = stap
    return Aanmelding(gebruiker, None, token_koppelen=not gebruiker.totp_actief)


def _sleutel(gebruikersnaam):
    return hashlib.sha256(gebruikersnaam.encode("utf-8", "replace")).hexdigest()


def _wachtwoord_klopt(wachtwoord_hash, wachtwoord):
    try:
        return _hasher.verify(wachtwoord_hash, wachtwoord or "")
    except (VerificationError, InvalidHashError):
        return False


def _mislukt(sleutel, nu):
    """Count a failed login for the name; the fifth in a row blocks it for a while."""
    with database.atomic():
        (Aanmeldpoging.insert(sleutel=sleutel, mislukt=1, bijgewerkt=nu)
         .on_conflict(conflict_target=[Aanmeldpoging.sleutel],
                      update={Aanmeldpoging.mislukt: Aanmeldpoging.mislukt + 1,
                              Aanmeldpoging.bijgewerkt: nu})
         .execute())
        geblokkeerd = (Aanmeldpoging.update(mislukt=0, geblokkeerd_tot=nu + BLOKKEERDUUR)
                       .where(Aanmeldpoging.sleutel == sleutel,
                              Aanmeldpoging.mislukt >= MAX_POGINGEN).execute())
        # Names nobody tried for a day are forgotten: the table holds current attempts only.
        (Aanmeldpoging.delete()
         .where(Aanmeldpoging.bijgewerkt < nu - BEWAARDUUR_POGINGEN).execute())
    if geblokkeerd:
        log.warning("login blocked for %s minutes after %s failures (name key %s)",
                    int(BLOKKEERDUUR.total_seconds() // 60), MAX_POGINGEN, sleutel[:12])
        return Aanmelding(None, GEBLOKKEERD)
    log.info("login refused (name key %s)", sleutel[:12])
    return Aanmelding(None, ONJUIST)


def _toets_code(secret, code, laatste_stap, nu):
    """(Code, time step) of a typed token code: six ASCII digits (spaces allowed between)
    that the token showed within one step of clock drift."""
    code = (code or "").replace(" ", "")
    if not secret or not re.fullmatch(r"[0-9]{6}", code):
        return Code.ONGELDIG, None
    totp = pyotp.TOTP(secret)
    moment = nu.replace(tzinfo=datetime.UTC).timestamp()
    for drift in (0, -1, 1):
        stap = int(moment // totp.interval) + drift
        if secrets.compare_digest(totp.at(stap * totp.interval), code):
            return (Code.GELDIG, stap) if stap > laatste_stap else (Code.GEBRUIKT, stap)
    return Code.ONGELDIG, None


def beeindig_sessies(gebruiker_id):
    """R-AVG-05: every session of the user ends at its next request (the generation its
    cookie carries is no longer the user's)."""
    (Gebruiker.update(sessie_generatie=Gebruiker.sessie_generatie + 1)
     .where(Gebruiker.id == gebruiker_id).execute())
    return Gebruiker.get_by_id(gebruiker_id).sessie_generatie


MIN_WACHTWOORD, MAX_WACHTWOORD = 12, 128


def wijzig_wachtwoord(gebruiker_id, huidig, nieuw, herhaling):
    """The user's own new password: the current one first. Ends every other session of
    the user (R-AVG-05); returns the new session generation for the one that stays."""
    gebruiker = Gebruiker.get_by_id(gebruiker_id)
    fouten: list[Fout] = []
    if not _wachtwoord_klopt(gebruiker.wachtwoord_hash, huidig):
        fouten.append(Fout("huidig", N_("Het huidige wachtwoord is onjuist.")))
    _controleer_nieuw(fouten, gebruiker, nieuw, herhaling, huidig)
    if fouten:
        raise Ongeldig(fouten)
    wachtwoord_hash = hash_wachtwoord(nieuw)
    with database.atomic():
        Gebruiker.update(wachtwoord_hash=wachtwoord_hash).where(
            Gebruiker.id == gebruiker.id).execute()
        generatie = beeindig_sessies(gebruiker.id)
        mutaties.schrijf(_zelf(gebruiker), "gebruiker", gebruiker, "wachtwoord gewijzigd")
    return generatie


def _controleer_nieuw(fouten, gebruiker, nieuw, herhaling, huidig=None):
    """The rules of a password the user chooses: its length, not the user name or the
    current one, typed twice the same."""
    nieuw = nieuw or ""
    if not MIN_WACHTWOORD <= len(nieuw) <= MAX_WACHTWOORD:
        fouten.append(Fout("nieuw", N_("Een wachtwoord heeft %(min)s tot %(max)s tekens."),
                           params={"min": MIN_WACHTWOORD, "max": MAX_WACHTWOORD}))
    elif nieuw.strip().lower() == gebruiker.gebruikersnaam.lower() or nieuw == huidig:
        fouten.append(Fout("nieuw", N_("Kies een ander wachtwoord dan uw gebruikersnaam of uw "
                                       "huidige wachtwoord.")))
    elif nieuw != herhaling:
        fouten.append(Fout("herhaling", N_("De twee nieuwe wachtwoorden zijn niet gelijk.")))


# ---------------------------------------------------------------- invitations (seed 000)

UITNODIGING_GELDIG = datetime.timedelta(days=7)
UITNODIGING_VERLOPEN = N_("Deze uitnodiging is verlopen of al gebruikt. Vraag functioneel "
                          "beheer om een nieuwe.")


def _sleutelhash(sleutel):
    return hashlib.sha256(sleutel.encode()).hexdigest()


def nodig_uit(actor, gebruiker, nu=None):
    """A one-time link key for `gebruiker` (a new organisation's first beheerder), valid
    for UITNODIGING_GELDIG; an earlier one of the same user stops working. The key itself
    is returned once and stored only hashed."""
    nu = nu or utcnow()
    sleutel = secrets.token_urlsafe(32)
    with database.atomic():
        Uitnodiging.update(verloopt=nu).where(Uitnodiging.gebruiker == gebruiker.id,
                                              Uitnodiging.gebruikt.is_null()).execute()
        Uitnodiging.create(gebruiker=gebruiker, sleutel_hash=_sleutelhash(sleutel),
                           verloopt=nu + UITNODIGING_GELDIG, actor=actor.kenmerk)
        mutaties.schrijf(actor, "gebruiker", gebruiker, "uitgenodigd")
    return sleutel


def uitnodiging_van(sleutel, nu=None):
    """The open invitation of this key with its user, or None (unknown, used, expired)."""
    nu = nu or utcnow()
    return (Uitnodiging.select(Uitnodiging, Gebruiker).join(Gebruiker)
            .where(Uitnodiging.sleutel_hash == _sleutelhash(sleutel or ""),
                   Uitnodiging.gebruikt.is_null(), Uitnodiging.verloopt > nu,
                   Gebruiker.actief == True).first())  # noqa: E712


def aanvaard(sleutel, nieuw, herhaling, nu=None):
    """The invitee chooses the first password; the link is used up in the same statement
    that checks it is not (two tabs at once: one wins). Returns the user, whose token is
    linked next (token_koppelen)."""
    nu = nu or utcnow()
    uitnodiging = uitnodiging_van(sleutel, nu)
    if uitnodiging is None:
        raise Ongeldig([Fout("", UITNODIGING_VERLOPEN)])
    gebruiker = uitnodiging.gebruiker
    fouten: list[Fout] = []
    _controleer_nieuw(fouten, gebruiker, nieuw, herhaling)
    if fouten:
        raise Ongeldig(fouten)
    wachtwoord_hash = hash_wachtwoord(nieuw)
    with database.atomic():
        if not Uitnodiging.update(gebruikt=nu).where(
                Uitnodiging.id == uitnodiging.id, Uitnodiging.gebruikt.is_null()).execute():
            raise Conflict([Fout("", UITNODIGING_VERLOPEN)])
        (Gebruiker.update(wachtwoord_hash=wachtwoord_hash, totp_secret=None, totp_actief=False)
         .where(Gebruiker.id == gebruiker.id).execute())
        beeindig_sessies(gebruiker.id)
        mutaties.schrijf(_zelf(gebruiker), "gebruiker", gebruiker, "uitnodiging aanvaard")
    return gebruiker


def _zelf(gebruiker):
    return Actor(kenmerk=f"gebruiker:{gebruiker.id}", organisatie_id=gebruiker.organisatie_id)


def start_token_koppeling(gebruiker):
    """A fresh secret for a user without a linked token; returns the otpauth URI."""
    if gebruiker.totp_actief:
        raise GeenToegang()
    gebruiker.totp_secret = pyotp.random_base32()
    gebruiker.save(only=[Gebruiker.totp_secret])
    return token_uri(gebruiker)


def token_uri(gebruiker):
    return pyotp.TOTP(gebruiker.totp_secret).provisioning_uri(
        name=gebruiker.gebruikersnaam, issuer_name=TOTP_UITGEVER)


def bevestig_token(gebruiker, code, nu=None):
    """Link the token once the user shows a code from it."""
    nu = nu or utcnow()
    uitslag, stap = _toets_code(gebruiker.totp_secret, code, gebruiker.laatste_totp_stap, nu)
    if uitslag is not Code.GELDIG:
        raise Ongeldig([Fout("code", N_("Deze code klopt niet. Probeer de volgende code."))])
    gebruiker.totp_actief = True
    gebruiker.laatste_totp_stap = stap
    gebruiker.save(only=[Gebruiker.totp_actief, Gebruiker.laatste_totp_stap])


def huidige_code(secret, moment=None):
    """The code a token shows now (for demo scripts and tests that log in)."""
    return pyotp.TOTP(secret).at(moment or time.time())


# ---------------------------------------------------------------- beheer

def _kenmerkcodes(soort, waarde):
    if soort == "bestuur":
        return (Instelling.select(Instelling.code).join(Bestuur)
                .where(Bestuur.organisatie == waarde("organisatie")).order_by(Instelling.code))
    if soort == "gemeente":
        return (Gemeente.select(Gemeente.code).where(Gemeente.organisatie == waarde("organisatie"))
                .order_by(Gemeente.code))
    if soort == "instantie":  # the gemeenten that authorised it (R-GEM-03)
        return (machtiging.gemeenten_van(waarde("organisatie"), None, waarde("op"))
                .select(Gemeente.code).order_by(Gemeente.code))
    return Regio.select(Regio.code).where(Regio.organisatie == waarde("organisatie"))


# Every M2M call reads them for its certificate's organisation: built once per soort.
_KENMERKCODES = Sjabloon(_kenmerkcodes)


def mogelijke_kenmerken(organisatie):
    """The kenmerk values a beheerder may hand out in its own organisation."""
    if organisatie.soort not in ("bestuur", "gemeente", "instantie", "regio"):
        return []
    return [code for code, in _KENMERKCODES.rijen(organisatie.soort, organisatie=organisatie.id,
                                                   op=datetime.date.today())]


def gebruikers_van(actor):
    _eis_beheerder(actor)
    return list(Gebruiker.select().where(Gebruiker.organisatie == actor.organisatie_id)
                .order_by(Gebruiker.gebruikersnaam))


def _eis_beheerder(actor):
    if not actor.heeft_rol("beheerder") or actor.organisatie_id is None:
        raise GeenToegang()


def _controleer(organisatie, naam, email, rollen, kenmerken, fouten):
    if not (naam or "").strip():
        fouten.append(Fout("naam", N_("Vul de naam in.")))
    velden.te_lang(fouten, "naam", naam, NAAM_LENGTE)
    velden.controleer_email(fouten, "email", email)
    toegestaan = ROLLEN_PER_SOORT.get(organisatie.soort, ())
    if not rollen:
        fouten.append(Fout("rollen", N_("Kies minstens één rol.")))
    elif any(r not in toegestaan for r in rollen):
        fouten.append(Fout("rollen", N_("Deze rol hoort niet bij uw organisatie.")))
    mogelijk = set(mogelijke_kenmerken(organisatie))
    if any(k not in mogelijk for k in kenmerken):
        fouten.append(Fout("kenmerken", N_("Dit kenmerk hoort niet bij uw organisatie.")))


def _zet_rollen_en_kenmerken(gebruiker, organisatie, rollen, kenmerken):
    Rol.delete().where(Rol.gebruiker == gebruiker).execute()
    Kenmerk.delete().where(Kenmerk.gebruiker == gebruiker).execute()
    for rol in sorted(set(rollen)):
        Rol.create(gebruiker=gebruiker, rol=rol)
    soort = KENMERK_PER_SOORT.get(organisatie.soort)
    for waarde in sorted(set(kenmerken)):
        Kenmerk.create(gebruiker=gebruiker, soort=soort, waarde=waarde)


def _staat(gebruiker):
    return {"naam": gebruiker.naam, "email": gebruiker.email, "actief": gebruiker.actief,
            "rollen": sorted(r.rol for r in gebruiker.rollen),
            "kenmerken": sorted(k.waarde for k in gebruiker.kenmerken)}


def maak_gebruiker(actor, gebruikersnaam, naam, email, rollen, kenmerken):
    """A new user of the beheerder's own organisation. Returns (gebruiker, wachtwoord):
    the first password is shown once; the token is linked at first login."""
    _eis_beheerder(actor)
    organisatie = Organisatie.get_by_id(actor.organisatie_id)
    fouten: list[Fout] = []
    gebruikersnaam = (gebruikersnaam or "").strip()
    bestaat = Fout("gebruikersnaam", N_("Deze gebruikersnaam bestaat al."))
    if not gebruikersnaam:
        fouten.append(Fout("gebruikersnaam", N_("Vul een gebruikersnaam in.")))
    elif not velden.te_lang(fouten, "gebruikersnaam", gebruikersnaam, GEBRUIKERSNAAM_LENGTE) \
            and Gebruiker.select().where(Gebruiker.gebruikersnaam == gebruikersnaam).exists():
        fouten.append(bestaat)
    _controleer(organisatie, naam, email, rollen, kenmerken, fouten)
    if fouten:
        raise Ongeldig(fouten)
    wachtwoord = nieuw_wachtwoord()
    wachtwoord_hash = hash_wachtwoord(wachtwoord)
    try:
        with database.atomic():
            gebruiker = Gebruiker.create(
                organisatie=organisatie, gebruikersnaam=gebruikersnaam, naam=naam.strip(),
                email=(email or "").strip() or None, wachtwoord_hash=wachtwoord_hash)
            _zet_rollen_en_kenmerken(gebruiker, organisatie, rollen, kenmerken)
            mutaties.schrijf(actor, "gebruiker", gebruiker, "gebruiker toegevoegd",
                             na={"gebruikersnaam": gebruikersnaam, **_staat(gebruiker)})
    except IntegrityError:  # another beheerder took the name a moment ago
        raise Ongeldig([bestaat]) from None
    return gebruiker, wachtwoord


def gebruiker_van(actor, gebruiker_id):
    """A user of the beheerder's own organisation, or GeenToegang."""
    _eis_beheerder(actor)
    gebruiker = Gebruiker.get_or_none(Gebruiker.id == gebruiker_id)
    if gebruiker is None or gebruiker.organisatie_id != actor.organisatie_id:
        raise GeenToegang()
    return gebruiker


def wijzig_gebruiker(actor, gebruiker_id, naam, email, rollen, kenmerken, actief):
    """Change name, e-mail, roles, kenmerken or whether the account may log in."""
    gebruiker = gebruiker_van(actor, gebruiker_id)
    fouten: list[Fout] = []
    _controleer(gebruiker.organisatie, naam, email, rollen, kenmerken, fouten)
    if actor.kenmerk == f"gebruiker:{gebruiker.id}" and (not actief or "beheerder" not in rollen):
        fouten.append(Fout("rollen", N_("U kunt uzelf niet blokkeren of uw eigen rol van "
                                        "beheerder afnemen.")))
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        voor = _staat(gebruiker)
        gebruiker.naam, gebruiker.email = naam.strip(), (email or "").strip() or None
        gebruiker.actief = bool(actief)
        # Only these columns: a login at the same moment writes others of the row.
        gebruiker.save(only=[Gebruiker.naam, Gebruiker.email, Gebruiker.actief])
        if voor["actief"] and not gebruiker.actief:
            beeindig_sessies(gebruiker.id)  # R-AVG-05: blocked means out, now
        _zet_rollen_en_kenmerken(gebruiker, gebruiker.organisatie, rollen, kenmerken)
        mutaties.schrijf(actor, "gebruiker", gebruiker, "gebruiker gewijzigd", voor=voor,
                         na=_staat(gebruiker))
    return gebruiker


def herstel_toegang(actor, gebruiker_id):
    """A new first password and an unlinked token, for a user who lost either;
    returns the password, shown once."""
    gebruiker = gebruiker_van(actor, gebruiker_id)
    wachtwoord = nieuw_wachtwoord()
    wachtwoord_hash = hash_wachtwoord(wachtwoord)
    with database.atomic():
        (Gebruiker.update(wachtwoord_hash=wachtwoord_hash, totp_secret=None, totp_actief=False)
         .where(Gebruiker.id == gebruiker.id).execute())
        beeindig_sessies(gebruiker.id)  # R-AVG-05: whoever had the old password is out
        Aanmeldpoging.delete().where(
            Aanmeldpoging.sleutel == _sleutel(gebruiker.gebruikersnaam)).execute()
        mutaties.schrijf(actor, "gebruiker", gebruiker, "toegang hersteld")
    return wachtwoord
