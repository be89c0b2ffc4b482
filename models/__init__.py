"""peewee models, one module per aggregate. `ALL_MODELS` is in dependency order."""
from .bestand import Bestand, Bestandsdeel, Bestandsinhoud, Bestandsregel
from .certificaat import Certificaat
from .db import (
    BaseModel,
    Sjabloon,
    TransactieVeld,
    bind,
    database,
    json_tekst,
    leesbaar,
    make_database,
    neem_claim,
    niet_geclaimd,
    positie,
    stroom,
    transactie,
    utcnow,
    vergrendel,
    verleng_claim,
    voeg_toe,
    werk_bij,
)
from .gebruiker import Aanmeldpoging, Gebruiker, Kenmerk, Rol, Uitnodiging
from .inschrijving import Inschrijving
from .koppeling import Koppeling, Vraag
from .levering import Aanmelding, AanmeldingVersie, Levering
from .mutatie import Inzagelog, Mutatie
from .opschoning import Opschoning, OpschoningPersoon
from .organisatie import (
    Bestuur,
    Gemeente,
    Herindeling,
    HerindelingPersoon,
    Herindelingsdeel,
    Instelling,
    Land,
    Machtiging,
    Onderwijslocatie,
    Opleiding,
    Organisatie,
    Postcodegebied,
    Referentiestand,
    Regio,
    Routering,
)
from .persoon import BrpPersoon, Nummerreeks, Persoon
from .resultaat import Resultaat
from .verzuim import (
    Lijstwaarde,
    MeldingConcept,
    MeldingVersie,
    UitgaandeMail,
    Verzuimmelding,
    Vrijstelling,
)

ALL_MODELS = [
    Organisatie, Bestuur, Instelling, Onderwijslocatie, Regio, Gemeente, Land,
    Postcodegebied, Gebruiker, Rol, Kenmerk, Persoon, BrpPersoon, Nummerreeks,
    Inschrijving, Mutatie, Inzagelog, Lijstwaarde, Verzuimmelding, MeldingVersie,
    UitgaandeMail, MeldingConcept, Vrijstelling, Certificaat, Machtiging, Aanmeldpoging,
    Referentiestand, Bestand, Bestandsinhoud, Bestandsregel, Resultaat, Bestandsdeel,
    Aanmelding, AanmeldingVersie, Levering, Opleiding, Koppeling, Vraag,
    Routering, Opschoning, Uitnodiging, Herindeling, Herindelingsdeel, OpschoningPersoon,
    HerindelingPersoon,
]

__all__ = [m.__name__ for m in ALL_MODELS] + [
    "ALL_MODELS", "BaseModel", "Sjabloon", "TransactieVeld", "bind", "database",
    "make_database", "transactie",
    "utcnow", "leesbaar", "positie", "stroom", "vergrendel", "json_tekst", "werk_bij", "voeg_toe",
    "neem_claim", "verleng_claim", "niet_geclaimd",
]
