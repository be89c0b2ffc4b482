"""The OpenAPI 3 description of /api/v1. It is also the contract the API holds itself
to: request bodies are validated against these schemas before a view runs, and a test
checks every route against `paths`."""
from domain import behandeling, bestanden, inschrijving, levering, verzuim
from domain.verzuim import ONDERWIJSLOCATIE
from formats.verzoeken import MAX_NUMMERS

VERSIE = "1.0.0"

DATUM = {"type": "string", "format": "date", "example": "2026-11-02"}
TIJDSTIP = {"type": "string", "format": "date-time", "example": "2026-11-02T09:30:00Z"}
PGN = {"type": "string", "pattern": "^[0-9]{9,10}$",
       "description": "Persoonsgebonden nummer: bsn or onderwijsnummer (never in a URI)."}
INSTELLINGSCODE = {"type": "string", "pattern": "^[0-9]{2}[A-Z]{2}$", "example": "31ED"}
GEMEENTECODE = {"type": "string", "pattern": "^[0-9]{4}$", "example": "0363"}


# What a gemeente registers of a vrijstelling, and corrects later (R-GEM-02).
VRIJSTELLING = {
    "artikel": {"type": "string", "maxLength": 10,
                "description": "5-a, 5-b, 5-c, 5a, 15 or 3a (vervangende leerplicht)."},
    "begindatum": DATUM, "einddatum": {"oneOf": [DATUM, {"type": "null"}]}}


def _tekst(lengte):
    return {"type": "string", "maxLength": lengte}


def _teksten(lengtes):
    """String properties with the lengths the domain checks (one rule, one place)."""
    return {naam: _tekst(lengte) for naam, lengte in lengtes.items()}


def _object(properties, required=(), extra=False):
    schema = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    return schema


def _ref(naam):
    return {"$ref": f"#/components/schemas/{naam}"}


def _lijst(naam):
    return {"type": "array", "items": _ref(naam)}


SCHEMAS = {
    "Problem": _object({
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "invalidParams": {"type": "array", "items": _object({
            "name": {"type": "string"}, "code": {"type": "string"},
            "reason": {"type": "string"}}, ("name", "reason"))},
    }, ("title", "status")),
    "Organisatie": _object({
        "naam": {"type": "string"}, "soort": {"type": "string"},
        "oin": {"type": "string", "pattern": "^[0-9]{20}$"},
        "instellingscodes": {"type": "array", "items": {"type": "string"}},
        "gemeentecodes": {"type": "array", "items": {"type": "string"}},
        "certificaat": _object({"vingerafdruk": {"type": "string"}, "geldigTot": TIJDSTIP}),
    }, ("naam", "soort", "oin", "certificaat")),
    # ---- inschrijvingen (seed 004 §1.3–1.4)
    "Adres": _object({
        "soort": {"type": "string", "enum": ["binnenland", "buitenland"]},
        **_teksten(inschrijving.ADRES_LENGTES), "huisnummer": _tekst(5),
        "huisletter": _tekst(1), "huisnummertoevoeging": _tekst(4),
        "huisnummeraanduiding": _tekst(2),
    }),
    "PersoonInvoer": _object({
        "bsn": {"type": "string", "maxLength": 9},
        "onderwijsnummer": {"type": "string", "maxLength": 10},
        "geslacht": {"type": "string", "enum": ["M", "V", "O"]},
        "geboortedatum": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                          "description": "YYYY-MM-DD, or YYYY-MM / YYYY when partly unknown."},
        **_teksten(inschrijving.PERSOON_LENGTES),
        "adres": _ref("Adres"),
    }),
    "InschrijvingNieuw": _object({
        "instellingscode": INSTELLINGSCODE, "datumInschrijving": DATUM,
        "datumUitschrijving": DATUM, "onderwijslocatie": {"type": "string", "maxLength": 6},
        "persoon": _ref("PersoonInvoer"),
    }, ("instellingscode", "datumInschrijving", "persoon")),
    "InschrijvingWijziging": _object({
        "datumInschrijving": DATUM,
        "datumUitschrijving": {"oneOf": [DATUM, {"type": "null"}]},
    }, ("datumInschrijving",)),
    "Inschrijving": _object({
        "id": {"type": "integer"}, "instellingscode": {"type": "string"},
        "pgn": {"type": "string"}, "naam": {"type": "string"},
        "datumInschrijving": DATUM, "datumUitschrijving": {"oneOf": [DATUM, {"type": "null"}]},
        "nieuwOnderwijsnummer": {"type": ["string", "null"]},
    }, ("id", "instellingscode", "pgn", "datumInschrijving")),
    "Inschrijvingen": _object({"inschrijvingen": _lijst("Inschrijving")}, ("inschrijvingen",)),
    # A diploma or other result of one of the school's own pupils (seed 003).
    "ResultaatNieuw": _object({
        "instellingscode": INSTELLINGSCODE, "pgn": PGN, "datum": DATUM,
        "diploma": {"type": "string", "minLength": 1, "maxLength": 200,
                    "example": "Diploma havo"},
        "startkwalificatie": {"type": "boolean", "default": False},
    }, ("instellingscode", "pgn", "datum", "diploma")),
    "Resultaat": _object({
        "id": {"type": "integer"}, "versie": {"type": "integer"},
        "instellingscode": INSTELLINGSCODE, "pgn": PGN,
        "datum": DATUM, "diploma": {"type": "string"}, "startkwalificatie": {"type": "boolean"},
    }, ("id", "versie", "instellingscode", "pgn", "datum", "diploma", "startkwalificatie")),
    "ResultaatWijziging": _object({
        "versie": {"type": "integer", "description": "The version read (optimistic locking)."},
        "datum": DATUM,
        "diploma": {"type": "string", "minLength": 1, "maxLength": 200},
        "startkwalificatie": {"type": "boolean"},
    }, ("versie", "datum", "diploma", "startkwalificatie")),
    "InschrijvingenBulk": _object({"inschrijvingen": {
        "type": "array", "items": _ref("InschrijvingNieuw"), "minItems": 1, "maxItems": 1000}},
        ("inschrijvingen",)),
    "BulkResultaat": _object({"resultaten": {"type": "array", "items": _object({
        "index": {"type": "integer"}, "status": {"type": "integer"},
        "inschrijving": _ref("Inschrijving"), "fout": _ref("Problem")}, ("index", "status"))}},
        ("resultaten",)),
    # ---- Bestandsuitwisseling (seed 004 §1.5): an enrolment file, as on the page
    "BestandNieuw": _object({
        "instellingscode": INSTELLINGSCODE,
        "bestandsnaam": {"type": "string", "minLength": 1, "maxLength": 255,
                         "example": "inschrijvingen.csv",
                         "description": "Its extension says the type: .csv, .txt, .xlsx, .xls."},
        "inhoud": {"type": "string", "contentEncoding": "base64",
                   "description": "The file's bytes, base64. The body may be MAX_UPLOAD_MB."}},
        ("instellingscode", "bestandsnaam", "inhoud")),
    "Bestand": _object({
        "id": {"type": "integer"}, "bestandsnaam": {"type": "string"},
        "instellingscode": INSTELLINGSCODE, "status": {"type": "string", "enum": [
            s.value for s in bestanden.STATUSSEN_VERSTUURD]},
        "grootte": {"type": "integer"}, "sha256": {"type": "string"},
        "verstuurd": TIJDSTIP, "verwerkt": {"oneOf": [TIJDSTIP, {"type": "null"}]},
        "aantalRegels": {"type": ["integer", "null"]}, "regelsKlaar": {"type": "integer"},
        "regelsFout": {"type": "integer"},
        "opmerkingen": {"type": "array", "items": {"type": "string"}}},
        ("id", "status", "regelsKlaar")),
    "Verwerkingsverslag": _object({
        "bestand": _ref("Bestand"),
        "regels": {"type": "array", "items": _object({
            "regel": {"type": "integer", "description": "The row as the sender sees it; the "
                                                        "header is row 1."},
            "leerling": {"type": "string", "description": "The pupil as the row names it."},
            "uitkomst": {"type": "string", "enum": [u.value for u in bestanden.Uitkomst]},
            "fouten": {"type": "array", "items": _object({
                "name": {"type": "string"}, "kolom": {"type": "string"},
                "code": {"type": "string"}, "reason": {"type": "string"}})}},
            ("regel", "uitkomst"))}}, ("bestand", "regels")),
    # ---- verzuim (seed 004 ch. 2): the same document as the wizard's five tabs
    "Contactpersoon": _object(_teksten(verzuim.CONTACTPERSOON_LENGTES)),
    "AfwijkendAdres": _object({
        "soort": {"type": "string", "enum": ["", "straat", "locatie"]},
        **_teksten(verzuim.ADRES_LENGTES),
    }),
    "Verzuimdag": _object({"datum": DATUM, "hele_dag": {"type": "boolean"},
                           **_teksten(verzuim.VERZUIMDAG_LENGTES)}, ("datum",)),
    "MeldingDocument": _object({
        **_teksten(verzuim.LENGTES),
        "contactpersonen": {"type": "array", "items": _ref("Contactpersoon"),
                            "maxItems": verzuim.MAX_CONTACTPERSONEN},
        "afwijkend_adres": _ref("AfwijkendAdres"),
        "periode_van": DATUM, "periode_tm": {"oneOf": [DATUM, {"type": "null"}]},
        "vermoedelijke_soort": {"type": "string", "maxLength": 10,
                                "description": "Wire code: V3, V4, LRV, L, RMC or O."},
        "alle_lessen_gemist": {"type": "boolean"}, "actie_gewenst": {"type": "boolean"},
        "met_prioriteit": {"type": "boolean"}, "verzuimdagen_specificeren": {"type": "boolean"},
        "onderwijslocatie": {"type": "string", "maxLength": ONDERWIJSLOCATIE,
                             "description": "Code of one of the instelling's own "
                                            "onderwijslocaties (instellingscode + 2 digits), "
                                            "or empty."},
        "verzuimdagen": {"type": "array", "items": _ref("Verzuimdag"),
                         "maxItems": verzuim.MAX_VERZUIMDAGEN},
        "acties": {"type": "array", "items": {"type": "string", "maxLength": 30}, "maxItems": 20},
        "mail_naar_melder": {"type": "boolean"},
    }, ("periode_van", "vermoedelijke_soort")),
    "MeldingNieuw": _object({"instellingscode": INSTELLINGSCODE, "pgn": PGN,
                             "melding": _ref("MeldingDocument")},
                            ("instellingscode", "pgn", "melding")),
    "Leerling": _object({"pgn": {"type": "string"}, "achternaam": {"type": ["string", "null"]},
                         "voorvoegsels": {"type": ["string", "null"]},
                         "voornamen": {"type": ["string", "null"]},
                         "geboortedatum": {"type": ["string", "null"]},
                         "geslacht": {"type": ["string", "null"]}}, extra=True),
    "Versie": _object({"versie": {"type": "integer"}, "tijdstip": TIJDSTIP,
                       "status": {"type": "string"}, "melding": {"type": "object"}},
                      ("versie", "tijdstip", "status")),
    "Melding": _object({
        "nummer": {"type": "integer"}, "versie": {"type": "integer"},
        "status": {"type": "string", "enum": [s.value for s in verzuim.Status]},
        "statusSinds": TIJDSTIP, "melddatum": DATUM, "wet": {"type": "string"},
        "instellingscode": {"type": "string"}, "gemeentecode": {"type": "string"},
        "vrijstellingOverlap": {"type": "boolean"}, "leerling": _ref("Leerling"),
        "behandelaar": {"type": "object", "description": "Where the gemeente's routering "
                        "(R-GEM-01) sent the melding: the instantie (null: the gemeente's own "
                        "verzuimloket), its OIN, the e-mail address and the category.",
                        "properties": {"instantie": {"type": ["string", "null"]},
                                       "oin": {"type": ["string", "null"]},
                                       "email": {"type": ["string", "null"]},
                                       "categorie": {"type": ["string", "null"]}}},
        "melding": {"type": "object", "description": "The MeldingDocument with, once given, "
                    "terugkoppeling, afsluiting and intrekking."},
        "versies": _lijst("Versie"),
    }, ("nummer", "versie", "status", "melding")),
    "Meldingen": _object({"meldingen": _lijst("Melding"), "totaal": {"type": "integer"},
                          "pagina": {"type": "integer"}, "paginas": {"type": "integer"}},
                         ("meldingen", "totaal", "pagina", "paginas")),
    "Mutatie": _object({"meldingnummer": {"type": "integer"}, "versie": {"type": "integer"},
                        "status": {"type": "string"}, "tijdstip": TIJDSTIP,
                        "melding": _ref("Melding")},
                       ("meldingnummer", "versie", "status", "tijdstip", "melding")),
    "Mutaties": _object({
        "mutaties": _lijst("Mutatie"),
        "volgende": {"type": "string", "description": "Opaque cursor: pass it as `vanaf`."},
        "meer": {"type": "boolean"}}, ("mutaties", "volgende", "meer")),
    "Intrekking": _object({"reden": {"type": "string", "maxLength": 30},
                           "toelichting": _tekst(verzuim.LANG)}, ("reden",)),
    "Terugkoppeling": _object({
        "versie": {"type": "integer", "description": "The version read (optimistic locking)."},
        "datum": DATUM, **_teksten(behandeling.TERUGKOPPELING_LENGTES)}, ("versie", "naam")),
    "Statuswijziging": _object({
        "versie": {"type": "integer"},
        "actie": {"type": "string", "enum": ["behandeling", "afsluiten", "kennisgeving"]},
        "reden": {"type": "string", "maxLength": 30},
        "toelichting": {"type": "string", "maxLength": 30}}, ("versie", "actie")),
    "VrijstellingNieuw": _object({"pgn": PGN, **VRIJSTELLING}, ("pgn", "artikel", "begindatum")),
    "VrijstellingWijziging": _object({
        "versie": {"type": "integer", "description": "The version read (optimistic locking)."},
        **VRIJSTELLING}, ("versie", "artikel", "begindatum")),
    "Vrijstelling": _object({
        "id": {"type": "integer"}, "versie": {"type": "integer"}, "pgn": {"type": "string"},
        "soort": {"type": "string"}, "artikel": {"type": "string"},
        "gemeentecode": {"type": "string"},
        "begindatum": DATUM, "einddatum": {"oneOf": [DATUM, {"type": "null"}]}},
        ("id", "versie", "pgn", "soort", "artikel", "begindatum")),
    "Vrijstellingen": _object({"vrijstellingen": _lijst("Vrijstelling")}, ("vrijstellingen",)),
    "LeveringAanvraag": {
        **_object({
            "soort": {"type": "string", "enum": ["C", "A"],
                      "description": "C: everyone of the area at the peildatum (R-LEV-02); A: "
                                     "the persons of `nummers` (R-LEV-03)."},
            "gemeentecode": GEMEENTECODE,
            "regiocode": {"type": "string", "pattern": "^[0-9]{4}$",
                          "description": "Doorstroompunt-code (formerly RMC-code)."},
            "peildatum": DATUM,
            "nummers": {"type": "array", "items": PGN, "maxItems": MAX_NUMMERS,
                        "description": "A-levering: bsn's or onderwijsnummers."}},
            ("soort", "peildatum")),
        "oneOf": [{"required": ["gemeentecode"]}, {"required": ["regiocode"]}]},
    "Levering": _object({
        "id": {"type": "integer"}, "soort": {"type": "string", "enum": ["P", "C", "A"]},
        "gemeentecode": {"type": "string"}, "regiocode": {"type": "string"},
        "peildatum": DATUM,
        "status": {"type": "string", "enum": [s.value for s in levering.Status]},
        "aantalRegels": {"oneOf": [{"type": "integer"}, {"type": "null"}]},
        "aangevraagd": TIJDSTIP, "klaar": {"oneOf": [TIJDSTIP, {"type": "null"}]},
        "opmerkingen": {"type": "array", "items": {"type": "string"}}},
        ("id", "soort", "peildatum", "status")),
    "Leveringregels": _object({"regels": {"type": "array", "items": {
        "type": "object", "description": "A row: its columns as docs/formats.md names them "
                                         "(Gegevensleveringen), empty cells null."}}},
        ("regels",)),
    "LeveringMutaties": _object({
        "wijzigingen": {"type": "array", "items": {
            "type": "object", "description": "A change of the P-levering: the columns of its "
                                             "file from Wijziging on (docs/formats.md)."}},
        "volgende": {"type": "string", "description": "Opaque cursor: pass it as `vanaf`."},
        "meer": {"type": "boolean"}}, ("wijzigingen", "volgende", "meer")),
    "Verjaardagen": _object({"wijzigingen": {"type": "array", "items": {"type": "object"}}},
                            ("wijzigingen",)),
}

_FOUTEN = {
    "400": "Invalid request or a rule of the register refused it (invalidParams name the rule).",
    "403": "The certificate does not identify a caller, or this is not the caller's to see.",
    "404": "No such resource.",
    "406": "Only application/json can be returned.",
    "409": "The melding changed since the version that was read.",
    "415": "Send application/json.",
}


def _antwoorden(ok_status, ok_schema, fouten=("400", "403", "404", "406")):
    antwoorden = {ok_status: {"description": "OK", "headers": {"API-Version": _API_HEADER},
                              "content": {"application/json": {"schema": _ref(ok_schema)}}}}
    for code in fouten:
        antwoorden[code] = {"$ref": f"#/components/responses/{code}"}
    return antwoorden


_API_HEADER = {"schema": {"type": "string"}, "description": "The API's full version."}
_SCHRIJF_FOUTEN = ("400", "403", "404", "406", "409", "415")


def _operatie(samenvatting, ok_status, ok_schema, tag, body=None, parameters=(), fouten=None):
    operatie = {"summary": samenvatting, "tags": [tag], "parameters": list(parameters),
                "responses": _antwoorden(ok_status, ok_schema,
                                         fouten or (_SCHRIJF_FOUTEN if body else
                                                    ("400", "403", "404", "406")))}
    if body:
        operatie["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": _ref(body)}}}
    return operatie


def _query(naam, schema, beschrijving, verplicht=False):
    return {"name": naam, "in": "query", "required": verplicht, "schema": schema,
            "description": beschrijving}


def _pad(naam, beschrijving):
    return {"name": naam, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            "description": beschrijving}


PAGINA = _query("pagina", {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
                "Page number.")
NUMMER = _pad("nummer", "Meldingnummer.")
_CODES = "".join(s.value for s in verzuim.Status)
STATUS = _query("status", {"type": "string", "pattern": f"^[{_CODES}](,[{_CODES}])*$"},
                "Comma-separated statuses; default R,B.")

PATHS = {
    "/organisatie": {"get": _operatie(
        "The calling organisation, identified by its certificate", "200", "Organisatie",
        "algemeen", fouten=("403", "406"))},
    "/inschrijvingen": {
        "get": _operatie("Inschrijvingen of one of the school's instellingen", "200",
                         "Inschrijvingen", "scholen", parameters=[
                             _query("instellingscode", INSTELLINGSCODE, "Instellingscode.", True)]),
        "post": _operatie("Register an inschrijving (R-INS rules)", "201", "Inschrijving",
                          "scholen", body="InschrijvingNieuw"),
    },
    "/inschrijvingen/bulk": {"post": _operatie(
        "Register many inschrijvingen; each succeeds or fails on its own", "200",
        "BulkResultaat", "scholen", body="InschrijvingenBulk")},
    "/inschrijvingen/{id}": {"patch": _operatie(
        "Change the dates of an inschrijving (R-INS-02, R-INS-03)", "200", "Inschrijving",
        "scholen", body="InschrijvingWijziging",
        parameters=[_pad("id", "The inschrijving's id in this register.")])},
    "/resultaten": {"post": _operatie(
        "Register a diploma or other result of a pupil of the school; the first "
        "startkwalificatie is an event of the P-levering (R-LEV-01)", "201", "Resultaat",
        "scholen", body="ResultaatNieuw")},
    "/resultaten/{id}": {
        "patch": _operatie(
            "Correct a result from the version read: an event of the P-levering, and "
            "'startkwalificatie behaald' or 'voldoet niet langer' when it gives the person "
            "its first or takes its last (R-LEV-01)", "200", "Resultaat", "scholen",
            body="ResultaatWijziging",
            parameters=[_pad("id", "The result's id, from the answer to the POST.")]),
        "delete": _operatie(
            "Remove a result registered in error; when the person has no startkwalificatie "
            "left, that is an event of the P-levering (R-LEV-01). Answers the result as it "
            "was", "200", "Resultaat", "scholen",
            parameters=[_pad("id", "The result's id, from the answer to the POST.")])},
    "/bestanden": {"post": _operatie(
        "Send an enrolment file (CSV or Excel), processed in the background row by row "
        "through the R-INS rules; poll its status", "202", "Bestand", "scholen",
        body="BestandNieuw")},
    "/bestanden/{id}": {"get": _operatie(
        "A sent file's status and progress", "200", "Bestand", "scholen",
        parameters=[_pad("id", "The file's id, from the answer to the POST.")])},
    "/bestanden/{id}/verslag": {"get": _operatie(
        "The result of every row of a processed file (its verwerkingsverslag)", "200",
        "Verwerkingsverslag", "scholen",
        parameters=[_pad("id", "The file's id, from the answer to the POST.")])},
    "/verzuimmeldingen": {
        "get": _operatie("Meldingen: a school's of one instelling, or a gemeente's werkvoorraad",
                         "200", "Meldingen", "verzuim", parameters=[
                             _query("instellingscode", INSTELLINGSCODE,
                                    "For schools: the instelling (required)."),
                             STATUS, PAGINA]),
        "post": _operatie("Report verzuim: the whole wizard in one document (R-VZ-05 … R-VZ-10)",
                          "201", "Melding", "scholen", body="MeldingNieuw"),
    },
    "/verzuimmeldingen/mutaties": {"get": _operatie(
        "The change feed of the meldingen routed to the gemeente: every version once, in a "
        "stable order, each as the melding was when that version was written", "200",
        "Mutaties", "gemeenten", parameters=[
            _query("vanaf", {"type": "string", "maxLength": 100},
                   "The `volgende` of the previous page; leave out to start at the beginning."),
            _query("sinds", {"type": "string", "format": "date-time"},
                   "Start at versions written at or after this moment (the old interface's "
                   "selection period); ignored when `vanaf` is given."),
            _query("paginagrootte", {"type": "integer", "minimum": 1, "maximum": 500,
                                     "default": 100}, "Versions per page.")])},
    "/verzuimmeldingen/{nummer}": {"get": _operatie(
        "One melding with its versions and terugkoppeling", "200", "Melding", "verzuim",
        parameters=[NUMMER])},
    "/verzuimmeldingen/{nummer}/intrekking": {"post": _operatie(
        "Withdraw a melding (R-VZ-13); cannot be undone", "200", "Melding", "scholen",
        body="Intrekking", parameters=[NUMMER])},
    "/verzuimmeldingen/{nummer}/terugkoppeling": {"post": _operatie(
        "The gemeente's terugkoppeling, shown to the school", "200", "Melding", "gemeenten",
        body="Terugkoppeling", parameters=[NUMMER])},
    "/verzuimmeldingen/{nummer}/status": {"post": _operatie(
        "In behandeling, Afgesloten (with reden) or Ter kennisgeving aangenomen", "200",
        "Melding", "gemeenten", body="Statuswijziging", parameters=[NUMMER])},
    "/vrijstellingen": {
        "get": _operatie("Vrijstellingen and vervangende leerplicht in the gemeente's area",
                         "200", "Vrijstellingen", "gemeenten"),
        "post": _operatie("Register a vrijstelling or vervangende leerplicht (R-GEM-02, R-VZ-16)",
                          "201", "Vrijstelling", "gemeenten", body="VrijstellingNieuw"),
    },
    "/leveringen": {"post": _operatie(
        "Ask for a C- or A-levering (R-LEV-02, R-LEV-03) of one of the caller's gemeentecodes "
        "or Doorstroompunt-codes; made in the background, poll its status", "202", "Levering",
        "leveringen", body="LeveringAanvraag")},
    "/leveringen/{id}": {"get": _operatie(
        "A delivery's status (also a P-levering's)", "200", "Levering", "leveringen",
        parameters=[_pad("id", "The delivery's id, from the answer to the POST.")])},
    "/leveringen/{id}/regels": {"get": _operatie(
        "The rows of a delivery that is klaar, streamed", "200", "Leveringregels",
        "leveringen", parameters=[_pad("id", "The delivery's id.")])},
    "/leveringen/mutaties": {"get": _operatie(
        "The P-levering's changes in the caller's area as a feed (R-LEV-01): every change "
        "once, in a stable order; birthdays are not stored, see /leveringen/verjaardagen",
        "200", "LeveringMutaties", "leveringen", parameters=[
            _query("vanaf", {"type": "string", "maxLength": 100},
                   "The `volgende` of the previous page; leave out to start at the beginning."),
            _query("paginagrootte", {"type": "integer", "minimum": 1, "maximum": 500,
                                     "default": 100}, "Changes read per page.")])},
    "/leveringen/verjaardagen": {"get": _operatie(
        "Who in the caller's area turned 4 or 23 in a period (at most a year): the "
        "P-levering's computed changes (R-LEV-01)", "200", "Verjaardagen", "leveringen",
        parameters=[_query("van", DATUM, "First day.", True),
                    _query("tot", DATUM, "Last day (included).", True)])},
    "/vrijstellingen/{id}": {"patch": _operatie(
        "End (an einddatum) or correct a vrijstelling, from the version read (R-GEM-02, "
        "R-VZ-16)", "200", "Vrijstelling", "gemeenten", body="VrijstellingWijziging",
        parameters=[_pad("id", "The vrijstelling's id in this register.")])},
}


def specificatie():
    problem = {"application/problem+json": {"schema": _ref("Problem")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Open Register Onderwijsdeelnemers en Verzuim — M2M API",
                 "version": VERSIE,
                 "description": "For administration packages of schools and gemeenten, over "
                                "mutual TLS with a registered PKIoverheid certificate. See "
                                "docs/m2m.md."},
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "responses": {code: {"description": tekst, "headers": {"API-Version": _API_HEADER},
                                 "content": problem}
                          for code, tekst in _FOUTEN.items()},
        },
        "tags": [{"name": n} for n in ("algemeen", "scholen", "gemeenten", "verzuim",
                                       "leveringen")],
    }
