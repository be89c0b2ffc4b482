"""Rule violations as data: a field, a message and the rule id it enforces.

Messages are Dutch msgids marked with `N_`; the pages translate them with Babel
when they render, the API returns them in its problem+json body.
"""
from dataclasses import dataclass, field


def N_(message):
    """Mark a message for extraction; translated where it is shown."""
    return message


@dataclass(frozen=True)
class Fout:
    veld: str
    melding: str
    regel: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)


class Ongeldig(Exception):
    """Raised with every problem found, so the user sees them all at once."""

    def __init__(self, fouten):
        self.fouten = list(fouten)
        super().__init__("; ".join(f"{f.veld}: {f.melding}" for f in self.fouten))

    def per_veld(self):
        result: dict[str, list[Fout]] = {}
        for fout in self.fouten:
            result.setdefault(fout.veld, []).append(fout)
        return result


class Conflict(Ongeldig):
    """A lost race with another writer (HTTP 409): nothing is stored, and what the user
    typed stays with them, to send again."""


class Gewijzigd(Conflict):
    """Someone else saved a newer version of the melding since this one was read
    (optimistic locking)."""

    def __init__(self, veld, regel=""):
        super().__init__([Fout(veld, N_("De melding is intussen gewijzigd. Bekijk de historie "
                                        "en voer uw wijziging opnieuw in."), regel)])


class Gelijktijdig(Conflict):
    """Another transaction wrote what this one was about to write (the same new person,
    the same user name, a concept sent twice)."""

    def __init__(self, veld="", regel=""):
        super().__init__([Fout(veld, N_("De gegevens zijn intussen gewijzigd. Probeer het "
                                        "opnieuw."), regel)])


class GeenToegang(Exception):
    """The actor may not see or change this (R-AVG-03)."""
