"""Who does something: a logged-in user, or a package by its certificate (M2M)."""
from dataclasses import dataclass, field

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
    "instantie": ("beheerder", "leerplichtambtenaar"),
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

