"""The melding as a document: what the wizard's tabs Leerling, Verzuim, Lesuren and Actie
school collect (and the M2M API sends at once), its JSON form as stored and versioned, and
the lengths its text fields may have."""
import datetime
import json
from dataclasses import asdict, dataclass, field

from .. import velden

MAX_CONTACTPERSONEN = 5  # R-VZ-05
MAX_VERZUIMDAGEN = 400  # more than a school year's days: a list that long is not typed

# The longest value of each text field: the columns and the mails that carry them. The
# wizard, the M2M API (its schemas read these) and files share them.
NAAM, TELEFOON, LANG = 200, 30, 4000
LENGTES = {
    "telefoon_leerling": TELEFOON, "email_leerling": velden.EMAIL_LENGTE,
    "verbijzondering": 30, "vermoedelijke_reden": LANG, "toelichting_verzuim": LANG,
    "toelichting_actie_gewenst": LANG, "naam_contactpersoon": NAAM,
    "functie_contactpersoon": NAAM, "telefoon_contactpersoon": TELEFOON,
    "email_contactpersoon": velden.EMAIL_LENGTE, "toelichting_actie": LANG,
}
CONTACTPERSOON_LENGTES = {"naam": NAAM, "telefoon": TELEFOON, "email": velden.EMAIL_LENGTE}
ADRES_LENGTES = {"straat": NAAM, "huisnummer": 5, "huisletter": 1, "huisnummertoevoeging": 4,
                 "postcode": 7, "locatie": NAAM, "plaatsnaam": 100}
VERZUIMDAG_LENGTES = {"lesuren": 2, "toelichting": 500}
ONDERWIJSLOCATIE = 6  # the code of one: instellingscode + 2 digits


@dataclass
class Contactpersoon:
    naam: str = ""
    telefoon: str = ""
    email: str = ""


@dataclass
class AfwijkendAdres:
    soort: str = ""  # "", "straat" (straat en postcode) or "locatie" (locatie en plaatsnaam)
    straat: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    locatie: str = ""
    plaatsnaam: str = ""


@dataclass
class Verzuimdag:
    datum: datetime.date | None = None
    hele_dag: bool = True
    lesuren: str = ""
    toelichting: str = ""


@dataclass
class MeldingInvoer:
    """Everything the wizard's tabs Leerling, Verzuim, Lesuren and Actie school collect;
    the M2M API sends the same document at once."""

    telefoon_leerling: str = ""
    email_leerling: str = ""
    contactpersonen: list = field(default_factory=list)
    afwijkend_adres: AfwijkendAdres = field(default_factory=AfwijkendAdres)
    periode_van: datetime.date | None = None
    periode_tm: datetime.date | None = None
    vermoedelijke_soort: str = ""
    verbijzondering: str = ""
    vermoedelijke_reden: str = ""
    alle_lessen_gemist: bool = False
    toelichting_verzuim: str = ""
    actie_gewenst: bool = False
    toelichting_actie_gewenst: str = ""
    met_prioriteit: bool = False
    onderwijslocatie: str = ""  # the code of one of the instelling's own, or ""
    naam_contactpersoon: str = ""
    functie_contactpersoon: str = ""
    telefoon_contactpersoon: str = ""
    email_contactpersoon: str = ""
    verzuimdagen_specificeren: bool = False
    verzuimdagen: list = field(default_factory=list)
    acties: list = field(default_factory=list)
    toelichting_actie: str = ""
    mail_naar_melder: bool = False


# The wizard's steps and the fields each one owns (R-VZ-04); rows of a list are named
# "<prefix>-<n>-<field>", so a problem points at the very input. Wijzigen starts at the
# Melding tab (seed 004 Afb. 14): the melding and its terugkoppeling, nothing to fill in.
STAPPEN = {
    "melding": (),
    "leerling": ("telefoon_leerling", "email_leerling", "contactpersonen", "contactpersoon",
                 "afwijkend_adres"),
    "verzuim": ("periode_van", "periode_tm", "vermoedelijke_soort", "verbijzondering",
                "vermoedelijke_reden", "alle_lessen_gemist", "toelichting_verzuim",
                "actie_gewenst", "toelichting_actie_gewenst", "met_prioriteit",
                "onderwijslocatie", "selecteer_contactpersoon", "naam_contactpersoon",
                "functie_contactpersoon", "telefoon_contactpersoon", "email_contactpersoon"),
    "lesuren": ("verzuimdagen", "dag"),
    "actie": ("acties", "toelichting_actie"),
    "overzicht": ("mail_naar_melder",),
}


def document(invoer):
    """The melding as stored JSON (and as a version snapshot)."""
    def waarde(v):
        if isinstance(v, datetime.date):
            return v.isoformat()
        if isinstance(v, list):
            return [waarde(x) for x in v]
        if isinstance(v, dict):
            return {k: waarde(x) for k, x in v.items()}
        return v
    return {k: waarde(v) for k, v in asdict(invoer).items()}


def invoer_uit(doc):
    """A MeldingInvoer from its JSON document (the inverse of `document`)."""
    def datum(v):
        return datetime.date.fromisoformat(v) if v else None
    doc = dict(doc)
    doc["periode_van"] = datum(doc.get("periode_van"))
    doc["periode_tm"] = datum(doc.get("periode_tm"))
    doc["contactpersonen"] = [Contactpersoon(**c) for c in doc.get("contactpersonen", [])]
    doc["afwijkend_adres"] = AfwijkendAdres(**doc.get("afwijkend_adres", {}))
    doc["verzuimdagen"] = [Verzuimdag(**{**d, "datum": datum(d.get("datum"))})
                           for d in doc.get("verzuimdagen", [])]
    bekend = MeldingInvoer.__dataclass_fields__
    return MeldingInvoer(**{k: v for k, v in doc.items() if k in bekend})


def gegevens(melding):
    """The stored document of a melding (or version, or concept), with what the gemeente
    and the school added later: terugkoppeling, afsluiting, intrekking."""
    return json.loads(melding.gegevens)


def als_gegevens(doc):
    """A document as it is stored (the inverse of `gegevens`): keys sorted, so the same
    document is always the same text."""
    return json.dumps(doc, sort_keys=True)


def invoer_van(melding):
    """The MeldingInvoer of a stored melding or concept."""
    return invoer_uit(gegevens(melding))
