"""The blueprint of /api/v1 and what every call shares: the caller identified by its
certificate, the route decorator that ties a view to its operation in `openapi.PATHS` (so
the request body and query are checked against the published schemas before the view
runs), media types, and answers as JSON or problem+json."""
import functools
import logging
import re
import ssl
from urllib.parse import unquote

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from werkzeug.exceptions import HTTPException

from certificates import vertrouwen_van
from domain import certificaten, documenten
from domain.fouten import Conflict, GeenToegang, Gewijzigd, Ongeldig
from models import Certificaat, Organisatie
from views.beveiliging import openbaar
from views.weergave import foutmelding

from . import openapi

bp = Blueprint("m2m", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)

JSON = "application/json"
PROBLEM = "application/problem+json"


# ---------------------------------------------------------------- answers

class Probleem(Exception):
    def __init__(self, status, titel, detail=None, params=None):
        self.status, self.titel, self.detail, self.params = status, titel, detail, params


def probleem(status, titel, detail=None, params=None):
    body = {"type": "about:blank", "title": titel, "status": status}
    if detail:
        body["detail"] = detail
    if params:
        body["invalidParams"] = params
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM
    return response


def ongeldig_antwoord(fout: Ongeldig):
    """A domain refusal as problem+json: 409 for a lost race, 400 for a rule."""
    params = [{"name": f.veld, "code": f.regel or "ongeldig", "reason": foutmelding(f)}
              for f in fout.fouten]
    if isinstance(fout, Gewijzigd):
        return probleem(409, gettext("De melding is intussen gewijzigd."), params=params)
    if isinstance(fout, Conflict):
        return probleem(409, gettext("De gegevens zijn intussen gewijzigd."), params=params)
    return probleem(400, gettext("De gegevens voldoen niet aan de regels."), params=params)


# ---------------------------------------------------------------- the caller

def _leaf_der():
    """The verified client leaf: from gunicorn's TLS socket, or from nginx's header when
    the request comes from a trusted proxy. Anything else: None (refused)."""
    sock = request.environ.get("gunicorn.socket")
    if isinstance(sock, ssl.SSLSocket):
        return sock.getpeercert(binary_form=True)
    if request.remote_addr not in current_app.config["M2M_TRUSTED_PROXIES"]:
        return None
    if request.headers.get("X-SSL-Client-Verify") != "SUCCESS":
        return None
    pem = unquote(request.headers.get("X-SSL-Client-Cert", ""))
    try:
        return x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER)
    except ValueError:
        return None


def _identificeer():
    der = _leaf_der()
    if der is None:
        log.warning("m2m refused: no verified client certificate from %s", request.remote_addr)
        raise Probleem(403, gettext("Geen geldig clientcertificaat."))
    try:
        g.actor = certificaten.identificeer(der, vertrouwen_van(current_app.config))
    except certificaten.Geweigerd as geweigerd:
        log.warning("m2m refused: certificate %s %s", geweigerd.vingerafdruk, geweigerd.reden)
        raise Probleem(403, gettext("Dit certificaat geeft geen toegang."),
                       detail=geweigerd.reden) from None
    g.certificaat = g.actor.kenmerk.split(":", 1)[1]


# ---------------------------------------------------------------- media types and schemas

_registry = Registry().with_resource(
    "urn:register:openapi",
    Resource.from_contents({"$schema": "https://json-schema.org/draft/2020-12/schema",
                            "components": {"schemas": openapi.SCHEMAS}}))


def _validator(schema):
    return Draft202012Validator(
        {"$ref": f"urn:register:openapi#/components/schemas/{schema}"}
        if isinstance(schema, str) else schema,
        registry=_registry, format_checker=FormatChecker())


def _fouten(validator, data):
    params = []
    for fout in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        pad = list(fout.absolute_path)
        if fout.validator == "required":  # name the missing field, not its parent
            pad += [next(v for v in fout.validator_value if v not in fout.instance)]
        naam = ".".join(str(p) for p in pad) or "body"
        params.append({"name": naam, "code": "schema", "reason": fout.message[:300]})
    return params


def _aanvaardt_json():
    accept = request.accept_mimetypes
    if not request.headers.get("Accept"):
        return True
    return any(accept[t] for t in (JSON, PROBLEM)) or accept["application/*"] > 0


def _body(validator):
    if request.mimetype != JSON:
        raise Probleem(415, gettext("Stuur de gegevens als application/json."))
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than any document of ours
        data = None
    if data is None:
        raise Probleem(400, gettext("De gegevens zijn geen geldige JSON."))
    params = _fouten(validator, data)
    if params:
        raise Probleem(400, gettext("De gegevens voldoen niet aan het schema."), params=params)
    return data


def _query_validator(operatie):
    """The operation's query parameters as one object schema, and which are integers."""
    params = [p for p in operatie.get("parameters", []) if p["in"] == "query"]
    schema = {"type": "object", "properties": {p["name"]: p["schema"] for p in params},
              "required": [p["name"] for p in params if p["required"]]}
    return _validator(schema), {p["name"] for p in params if p["schema"].get("type") == "integer"}


def _query(validator, integers):
    waarden = {naam: request.args[naam] for naam in validator.schema["properties"]
               if naam in request.args}
    for naam in integers & waarden.keys():
        if re.fullmatch(r"-?[0-9]{1,12}", waarden[naam]):
            waarden[naam] = int(waarden[naam])
    params = _fouten(validator, waarden)
    if params:
        raise Probleem(400, gettext("De zoekvraag is ongeldig."), params=params)
    return waarden


def route(methode, pad):
    """Register a view for the operation `methode pad` of the OpenAPI description.
    The view gets the validated body (if any) and query as keyword arguments. The
    validators are built here, once, not per request."""
    operatie = openapi.PATHS[pad][methode]
    body = operatie.get("requestBody", {}).get("content", {}).get(JSON, {}).get("schema")
    body_validator = _validator(body["$ref"].rsplit("/", 1)[1]) if body else None
    query_validator, integers = _query_validator(operatie)
    # A number outside a path parameter's range names nothing: 404, as an unknown one.
    pad_validators = {p["name"]: _validator(p["schema"])
                      for p in operatie.get("parameters", []) if p["in"] == "path"}
    flask_pad = re.sub(r"\{(\w+)\}", r"<int:\1>", pad)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            _identificeer()
            if not all(v.is_valid(kwargs[naam]) for naam, v in pad_validators.items()):
                raise Probleem(404, gettext("Niet gevonden."))
            query = _query(query_validator, integers)
            if body_validator:
                kwargs["body"] = _body(body_validator)
            return view(query=query, **kwargs)
        wrapper.toegang = "pakket"
        bp.add_url_rule(flask_pad, endpoint=f"{view.__name__}", view_func=wrapper,
                        methods=[methode.upper()])
        return wrapper
    return decorator


def antwoord(data, status=200):
    response = jsonify(data)
    response.status_code = status
    return response


@bp.before_request
def _onderhandel():
    if not _aanvaardt_json():
        raise Probleem(406, gettext("Deze API levert alleen application/json."))


@bp.after_request
def _api_headers(response):
    response.headers["API-Version"] = openapi.VERSIE
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


@bp.errorhandler(Probleem)
def _probleem(p):
    return probleem(p.status, p.titel, p.detail, p.params)


@bp.errorhandler(Ongeldig)
def _regel(fout):
    return ongeldig_antwoord(fout)


@bp.errorhandler(GeenToegang)
def _geen_toegang(_fout):
    return probleem(403, gettext("Geen toegang."))


def fout_van_pad(error: HTTPException):
    """404/405 on /api/ paths (the blueprint's own handlers do not see unrouted paths)."""
    response = probleem(error.code, error.name)
    response.headers["API-Version"] = openapi.VERSIE
    return response


@bp.get("/openapi.json")
@openbaar
def specificatie():
    return antwoord(openapi.specificatie())

@route("get", "/organisatie")
def organisatie(query):
    org = Organisatie.get_by_id(g.actor.organisatie_id)
    cert = Certificaat.get(Certificaat.vingerafdruk == g.certificaat)
    return antwoord({"naam": org.naam, "soort": org.soort, "oin": org.oin,
                     "instellingscodes": sorted(g.actor.waarden("instellingscode")),
                     "gemeentecodes": sorted(g.actor.waarden("gemeentecode")),
                     "certificaat": {"vingerafdruk": cert.vingerafdruk,
                                     "geldigTot": documenten.tijdstip(cert.geldig_tot)}})

