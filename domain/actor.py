"""Who does something: a logged-in user, or a package by its certificate (M2M)."""
from dataclasses import dataclass, field

from models import Gebruiker, Organisatie, Rol

from .fouten import N_

ROLLEN = {
    "beheerder": N_("Beheerder"),
    "schooladministratie": N_("Schooladministratie"),
    "verzuimmelder": N_("Verzuimmelder"),
    "leerplichtambtenaar": N_("Leerplichtambtenaar"),
    "behandelaar_rmc": N_("Behandelaar RMC"),
    "functioneel_beheer": N_("Functioneel beheer"),
}

# Which roles an organisation of each soort can hand out, and which kenmerk scopes them.
ROLLEN_PER_SOORT = {
    "bestuur": ("beheerder", "schooladministratie", "verzuimmelder"),
    "gemeente": ("beheerder", "leerplichtambtenaar", "behandelaar_rmc"),
    "regio": ("beheerder", "behandelaar_rmc"),
    "instantie": ("beheerder", "leerplichtambtenaar", "behandelaar_rmc"),
    "beheer": ("beheerder", "functioneel_beheer"),
}
KENMERK_PER_SOORT = {
    "bestuur": "instellingscode",
    "gemeente": "gemeentecode",
    "regio": "regiocode",
    "instantie": "gemeentecode",
}


@dataclass(frozen=True)
class Actor:
    kenmerk: str  # "gebruiker:12", "systeem:demo"
    organisatie_id: int | None
    organisatie_soort: str | None = None
    rollen: frozenset = frozenset()
    kenmerken: dict = field(default_factory=dict)  # soort -> frozenset(waarden)

    def heeft_rol(self, *rollen):
        return any(r in self.rollen for r in rollen)

    def waarden(self, soort):
        return self.kenmerken.get(soort, frozenset())



def door(actor):
    """Who did something, as a history shows it: "name (organisation)" of an active user,
    else the actor's kenmerk (a package's certificate, the system)."""
    soort, _, sleutel = actor.kenmerk.partition(":")
    if soort == "gebruiker" and sleutel.isdigit():
        gebruiker = (Gebruiker.select(Gebruiker.naam, Organisatie.naam.alias("org"))
                     .join(Organisatie).where(Gebruiker.id == int(sleutel)).dicts().first())
        if gebruiker:
            return f"{gebruiker['naam']} ({gebruiker['org']})"
    return actor.kenmerk


def beheerders(organisatie_id):
    """The active beheerders of an organisation with an e-mail address: whom a mail about
    the organisation goes to."""
    return list(Gebruiker.select().join(Rol)
                .where(Gebruiker.organisatie == organisatie_id, Gebruiker.actief == True,  # noqa: E712
                       Rol.rol == "beheerder", Gebruiker.email.is_null(False))
                .order_by(Gebruiker.id))
