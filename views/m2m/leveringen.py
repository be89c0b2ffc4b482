"""M2M Gegevensleveringen (seed 003) for the packages of gemeenten and Doorstroompunt-
regio's: ask for a C- or A-levering and read it when it is made, and the P-levering's
changes as a feed with a cursor, so a package need not wait a week. The same domain
functions and job as the pages."""
import datetime
import json

from flask import Response, current_app, g, stream_with_context, url_for

from domain import bestanden, documenten, levering
from domain.fouten import N_, Fout, Ongeldig
from formats import leveringen as kolommen
from formats import tabellen
from jobs.leveringen import plan
from views.weergave import foutmelding

from .basis import antwoord, route


@route("post", "/leveringen")
def levering_nieuw(query, body):
    gebied, code = ((levering.Gebied.GEMEENTE, body["gemeentecode"]) if "gemeentecode" in body
                    else (levering.Gebied.REGIO, body["regiocode"]))
    soort = levering.Soort(body["soort"])
    if (soort == levering.Soort.A) != bool(body.get("nummers")):
        raise Ongeldig([Fout("nummers", N_("Een A-levering vraagt nummers; een C-levering "
                                           "geen."), "R-LEV-03")])
    gevraagd = levering.vraag_aan(g.actor, levering.Aanvraag(
        soort, gebied, code, documenten.lees_datum(body["peildatum"]),
        tuple(dict.fromkeys(body.get("nummers", ())))),
        veld="gemeentecode" if gebied == levering.Gebied.GEMEENTE else "regiocode")
    plan(gevraagd.id)
    response = antwoord(_levering(levering.levering_van(g.actor, gevraagd.id)), 202)
    response.headers["Location"] = url_for("m2m.levering_status", id=gevraagd.id)
    return response


@route("get", "/leveringen/{id}")
def levering_status(query, id):
    return antwoord(_levering(levering.levering_van(g.actor, id)))


@route("get", "/leveringen/{id}/regels")
def levering_regels(query, id):
    """The delivery's rows, each an object of its file's columns (docs/formats.md),
    streamed from the stored file: never whole in memory."""
    gevonden = levering.levering_van(g.actor, id)
    if gevonden.status != levering.Status.KLAAR:
        raise Ongeldig([Fout("id", N_("De levering is nog niet klaar."))])
    (bestand,) = bestanden.download(g.actor, [gevonden.bestand_id])
    return Response(stream_with_context(_json_regels(bestanden.inhoud_stroom(bestand))),
                    mimetype="application/json")


def _json_regels(blokken):
    rijen = tabellen.csv_rijen(blokken)
    koppen = next(rijen)
    yield '{"regels":['
    for i, rij in enumerate(rijen):
        yield ("," if i else "") + json.dumps(
            {k: (w or None) for k, w in zip(koppen, rij, strict=True)}, ensure_ascii=False)
    yield "]}"


@route("get", "/leveringen/mutaties")
def levering_mutaties(query):
    pagina = levering.feed(g.actor, query.get("vanaf"), query.get("paginagrootte", 100))
    namen = [k.naam for k in kolommen.P_FEED]
    return current_app.response_class(json.dumps({
        "wijzigingen": [{n: _tekst(w) for n, w in zip(namen, rij, strict=True)}
                        for rij in pagina.wijzigingen],
        "volgende": pagina.volgende, "meer": pagina.meer}, ensure_ascii=False),
        mimetype="application/json")


@route("get", "/leveringen/verjaardagen")
def levering_verjaardagen(query):
    van, tot = (documenten.lees_datum(query["van"]), documenten.lees_datum(query["tot"]))
    if tot < van or (tot - van).days > 366:
        raise Ongeldig([Fout("tot", N_("Kies een periode van ten hoogste een jaar, tot niet "
                                       "voor van."))])
    rijen = levering.verjaardagen_van(g.actor, van, tot)
    namen = [k.naam for k in kolommen.P_FEED]
    return antwoord({"wijzigingen": [{n: _tekst(w) for n, w in zip(namen, rij, strict=True)}
                                     for rij in rijen]})


def _tekst(waarde):
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return waarde


def _levering(lev):
    gebied, code = levering.gebied_code(lev)
    return {"id": lev.id, "soort": lev.soort,
            "gemeentecode" if gebied == levering.Gebied.GEMEENTE else "regiocode": code,
            "peildatum": lev.peildatum.isoformat(), "status": lev.status,
            "aantalRegels": lev.aantal, "aangevraagd": documenten.tijdstip(lev.aangevraagd),
            "klaar": documenten.tijdstip(lev.klaar),
            "opmerkingen": [foutmelding(f) for f in levering.opmerkingen_van(lev)]}
