"""Accounts: login with password and token code (seed 004 §1.2), lock-out, TOTP
enrolment, and a beheerder managing the users of its own organisation."""
import datetime
import secrets
import time
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import (
    Bestuur,
    Gebruiker,
    Gemeente,
    Instelling,
    Kenmerk,
    Organisatie,
    Regio,
    Rol,
    database,
    utcnow,
)

from . import machtiging, mutaties
from .actor import KENMERK_PER_SOORT, ROLLEN_PER_SOORT, Actor
from .fouten import N_, Fout, GeenToegang, Ongeldig

MAX_POGINGEN = 5
BLOKKEERDUUR = datetime.timedelta(minutes=15)
TOTP_UITGEVER = "Open Register"

_hasher = PasswordHasher()  # argon2id with the library's current parameters


def hash_wachtwoord(wachtwoord):
    return _hasher.hash(wachtwoord)


def nieuw_wachtwoord():
    return secrets.token_urlsafe(12)


def actor_voor(gebruiker):
    kenmerken: dict[str, set[str]] = {}
    for k in gebruiker.kenmerken:
        kenmerken.setdefault(k.soort, set()).add(k.waarde)
    return Actor(
        kenmerk=f"gebruiker:{gebruiker.id}",
        organisatie_id=gebruiker.organisatie_id,
        organisatie_soort=gebruiker.organisatie.soort,
        rollen=frozenset(r.rol for r in gebruiker.rollen),
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


def meld_aan(gebruikersnaam, wachtwoord, code, nu=None):
    """Check password and token code. A user without a linked token passes on the
    password alone and must link one next (`token_koppelen`)."""
    nu = nu or utcnow()
    with database.atomic():
        naam = (gebruikersnaam or "").strip()
        gebruiker = Gebruiker.get_or_none(Gebruiker.gebruikersnaam == naam)
        if gebruiker is None or not gebruiker.actief:
            _hasher.hash("x")  # same work as a real check: no timing hint of which names exist
            return Aanmelding(None, ONJUIST)
        if gebruiker.geblokkeerd_tot and gebruiker.geblokkeerd_tot > nu:
            return Aanmelding(None, GEBLOKKEERD)
        if not _wachtwoord_klopt(gebruiker, wachtwoord):
            return _mislukt(gebruiker, nu)
        if gebruiker.totp_actief:
            stap = _geldige_stap(gebruiker.totp_secret, code, gebruiker.laatste_totp_stap, nu)
            if stap is None:
                return _mislukt(gebruiker, nu)
            gebruiker.laatste_totp_stap = stap
        gebruiker.mislukte_pogingen = 0
        gebruiker.geblokkeerd_tot = None
        gebruiker.save()
        return Aanmelding(gebruiker, None, token_koppelen=not gebruiker.totp_actief)


def _wachtwoord_klopt(gebruiker, wachtwoord):
    try:
        _hasher.verify(gebruiker.wachtwoord_hash, wachtwoord or "")
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(gebruiker.wachtwoord_hash):
        gebruiker.wachtwoord_hash = _hasher.hash(wachtwoord)
    return True


def _mislukt(gebruiker, nu):
    gebruiker.mislukte_pogingen += 1
    if gebruiker.mislukte_pogingen >= MAX_POGINGEN:
        gebruiker.geblokkeerd_tot = nu + BLOKKEERDUUR
        gebruiker.mislukte_pogingen = 0
        gebruiker.save()
        return Aanmelding(None, GEBLOKKEERD)
    gebruiker.save()
    return Aanmelding(None, ONJUIST)


def _geldige_stap(secret, code, laatste_stap, nu):
    """The time step of a valid, not yet used code (one step of clock drift allowed)."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not secret or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = nu.replace(tzinfo=datetime.UTC).timestamp()
    for drift in (0, -1, 1):
        stap = int(moment // totp.interval) + drift
        if stap > laatste_stap and secrets.compare_digest(totp.at(stap * totp.interval), code):
            return stap
    return None


def start_token_koppeling(gebruiker):
    """A fresh secret for a user without a linked token; returns the otpauth URI."""
    if gebruiker.totp_actief:
        raise GeenToegang()
    gebruiker.totp_secret = pyotp.random_base32()
    gebruiker.save()
    return token_uri(gebruiker)


def token_uri(gebruiker):
    return pyotp.TOTP(gebruiker.totp_secret).provisioning_uri(
        name=gebruiker.gebruikersnaam, issuer_name=TOTP_UITGEVER)


def bevestig_token(gebruiker, code, nu=None):
    """Link the token once the user shows a code from it."""
    nu = nu or utcnow()
    stap = _geldige_stap(gebruiker.totp_secret, code, gebruiker.laatste_totp_stap, nu)
    if stap is None:
        raise Ongeldig([Fout("code", N_("Deze code klopt niet. Probeer de volgende code."))])
    gebruiker.totp_actief = True
    gebruiker.laatste_totp_stap = stap
    gebruiker.save()


def huidige_code(secret, moment=None):
    """The code a token shows now (for demo scripts and tests that log in)."""
    return pyotp.TOTP(secret).at(moment or time.time())


# ---------------------------------------------------------------- beheer

def mogelijke_kenmerken(organisatie):
    """The kenmerk values a beheerder may hand out in its own organisation."""
    soort = organisatie.soort
    if soort == "bestuur":
        return [i.code for i in Instelling.select().join(Bestuur)
                .where(Bestuur.organisatie == organisatie).order_by(Instelling.code)]
    if soort == "gemeente":
        return [g.code for g in Gemeente.select().where(Gemeente.organisatie == organisatie)
                .order_by(Gemeente.code)]
    if soort == "instantie":  # the gemeenten that authorised it (R-GEM-03)
        return [g.code for g in machtiging.gemeenten_van(organisatie.id).order_by(Gemeente.code)]
    if soort == "regio":
        return [r.code for r in Regio.select().where(Regio.organisatie == organisatie)]
    return []


def gebruikers_van(actor):
    _eis_beheerder(actor)
    return list(Gebruiker.select().where(Gebruiker.organisatie == actor.organisatie_id)
                .order_by(Gebruiker.gebruikersnaam))


def _eis_beheerder(actor):
    if not actor.heeft_rol("beheerder") or actor.organisatie_id is None:
        raise GeenToegang()


def _controleer(organisatie, naam, rollen, kenmerken, fouten):
    if not (naam or "").strip():
        fouten.append(Fout("naam", N_("Vul de naam in.")))
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
    fouten = []
    gebruikersnaam = (gebruikersnaam or "").strip()
    if not gebruikersnaam:
        fouten.append(Fout("gebruikersnaam", N_("Vul een gebruikersnaam in.")))
    elif Gebruiker.select().where(Gebruiker.gebruikersnaam == gebruikersnaam).exists():
        fouten.append(Fout("gebruikersnaam", N_("Deze gebruikersnaam bestaat al.")))
    _controleer(organisatie, naam, rollen, kenmerken, fouten)
    if fouten:
        raise Ongeldig(fouten)
    wachtwoord = nieuw_wachtwoord()
    with database.atomic():
        gebruiker = Gebruiker.create(
            organisatie=organisatie, gebruikersnaam=gebruikersnaam, naam=naam.strip(),
            email=(email or "").strip() or None, wachtwoord_hash=hash_wachtwoord(wachtwoord))
        _zet_rollen_en_kenmerken(gebruiker, organisatie, rollen, kenmerken)
        mutaties.schrijf(actor, "gebruiker", gebruiker, "gebruiker toegevoegd",
                         na={"gebruikersnaam": gebruikersnaam, **_staat(gebruiker)})
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
    _controleer(gebruiker.organisatie, naam, rollen, kenmerken, fouten)
    if actor.kenmerk == f"gebruiker:{gebruiker.id}" and (not actief or "beheerder" not in rollen):
        fouten.append(Fout("rollen", N_("U kunt uzelf niet blokkeren of uw eigen rol van "
                                        "beheerder afnemen.")))
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        voor = _staat(gebruiker)
        gebruiker.naam, gebruiker.email = naam.strip(), (email or "").strip() or None
        gebruiker.actief = bool(actief)
        gebruiker.save()
        _zet_rollen_en_kenmerken(gebruiker, gebruiker.organisatie, rollen, kenmerken)
        mutaties.schrijf(actor, "gebruiker", gebruiker, "gebruiker gewijzigd", voor=voor,
                         na=_staat(gebruiker))
    return gebruiker


def herstel_toegang(actor, gebruiker_id):
    """A new first password and an unlinked token, for a user who lost either;
    returns the password, shown once."""
    gebruiker = gebruiker_van(actor, gebruiker_id)
    wachtwoord = nieuw_wachtwoord()
    with database.atomic():
        gebruiker.wachtwoord_hash = hash_wachtwoord(wachtwoord)
        gebruiker.totp_secret, gebruiker.totp_actief = None, False
        gebruiker.mislukte_pogingen, gebruiker.geblokkeerd_tot = 0, None
        gebruiker.save()
        mutaties.schrijf(actor, "gebruiker", gebruiker, "toegang hersteld")
    return wachtwoord
