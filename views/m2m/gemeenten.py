"""M2M for gemeenten' packages (their main road since 2020): the werkvoorraad and the
change feed of the meldingen routed to them, terugkoppeling and status, and
vrijstellingen. A school's package reads its own meldingen through the same routes."""
import datetime
import json

from flask import current_app, g

from domain import behandeling, documenten, verzuim, vrijstelling
from domain.fouten import N_, Fout, Ongeldig
from domain.verzuim import STANDAARD_STATUSSEN, Zoekvraag

from .basis import antwoord, route

SCHOOL = "bestuur"


@route("get", "/verzuimmeldingen")
def meldingen(query):
    vraag = Zoekvraag(statussen=tuple(query.get("status", ",".join(STANDAARD_STATUSSEN))
                                      .split(",")), pagina=query.get("pagina", 1), per_pagina=50)
    if g.actor.organisatie_soort == SCHOOL:
        if "instellingscode" not in query:
            raise Ongeldig([Fout("instellingscode", N_("Kies de instellingscode."))])
        resultaat = verzuim.zoek_meldingen(g.actor, query["instellingscode"], vraag)
    else:
        resultaat = behandeling.werkvoorraad(g.actor, vraag)
    return antwoord({"meldingen": [documenten.melding(m) for m in resultaat.meldingen],
                     "totaal": resultaat.totaal, "pagina": resultaat.pagina,
                     "paginas": resultaat.paginas})


def _melding_van(nummer):
    """The school's own melding, or one routed to the gemeente (R-AVG-03)."""
    if g.actor.organisatie_soort == SCHOOL:
        return verzuim.melding_van(g.actor, nummer)
    return behandeling.melding_voor(g.actor, nummer)


@route("get", "/verzuimmeldingen/{nummer}")
def melding(query, nummer):
    m = _melding_van(nummer)
    return antwoord(documenten.melding(m, versies=verzuim.versies_van(m)))


@route("get", "/verzuimmeldingen/mutaties")
def mutaties(query):
    sinds = query.get("sinds")
    if sinds:  # RFC 3339 (checked against the schema), so it has an offset
        try:
            sinds = (datetime.datetime.fromisoformat(sinds.upper().replace("Z", "+00:00"))
                     .astimezone(datetime.UTC))
        except (ValueError, OverflowError):  # a leap second, or beyond the years Python holds
            raise Ongeldig([Fout("sinds", N_("Geef een tijdstip als 2026-11-23T09:00:00Z."))]) \
                from None
    pagina = behandeling.mutaties(g.actor, query.get("vanaf"), sinds,
                                  query.get("paginagrootte", 100))
    # The entries are stored as JSON text: joined, not parsed and serialised again.
    return current_app.response_class(
        '{"mutaties":[' + ",".join(pagina.documenten) + '],"volgende":'
        + json.dumps(pagina.volgende) + ',"meer":' + json.dumps(pagina.meer) + "}",
        mimetype="application/json")


@route("post", "/verzuimmeldingen/{nummer}/terugkoppeling")
def terugkoppeling(query, body, nummer):
    gegeven = behandeling.Terugkoppeling(
        datum=documenten.lees_datum(body.get("datum")),
        **{k: body.get(k, "") for k in ("organisatie", "naam", "functie", "telefoon", "email",
                                        "toelichting")})
    m = behandeling.geef_terugkoppeling(g.actor, nummer, body["versie"], gegeven)
    return antwoord(documenten.melding(m))


@route("post", "/verzuimmeldingen/{nummer}/status")
def status(query, body, nummer):
    m = behandeling.wijzig_status(g.actor, nummer, body["versie"], body["actie"],
                                  body.get("reden", ""), body.get("toelichting", ""))
    return antwoord(documenten.melding(m))


@route("get", "/vrijstellingen")
def vrijstellingen(query):
    return antwoord({"vrijstellingen": [documenten.vrijstelling(v) for v in
                                        vrijstelling.vrijstellingen_van(g.actor)]})


def _vrijstelling_invoer(body):
    """A VrijstellingNieuw or VrijstellingWijziging (no pgn: the pupil stays the same)."""
    return vrijstelling.VrijstellingInvoer(
        pgn=body.get("pgn", ""), artikel=body["artikel"],
        begindatum=documenten.lees_datum(body["begindatum"]),
        einddatum=documenten.lees_datum(body.get("einddatum")))


@route("post", "/vrijstellingen")
def vrijstelling_nieuw(query, body):
    v = vrijstelling.registreer(g.actor, _vrijstelling_invoer(body))
    return antwoord(documenten.vrijstelling(v), 201)


@route("patch", "/vrijstellingen/{id}")
def vrijstelling_wijzigen(query, body, id):
    v = vrijstelling.wijzig(g.actor, id, body["versie"], _vrijstelling_invoer(body))
    return antwoord(documenten.vrijstelling(v))
