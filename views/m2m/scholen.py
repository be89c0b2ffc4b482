"""M2M for schools' administration packages: inschrijvingen, and verzuimmeldingen
reported, withdrawn and read with the gemeente's terugkoppeling."""
from flask import g

from domain import documenten, resultaat, verzuim
from domain import inschrijving as inschrijvingen
from domain.fouten import GeenToegang, Ongeldig
from extensions import limiet, per_pakket

from .basis import antwoord, ongeldig_antwoord, route


@route("get", "/inschrijvingen")
def inschrijvingen_lijst(query):
    secties = inschrijvingen.overzicht(g.actor, instellingscode=query["instellingscode"])
    if not secties:
        raise GeenToegang()
    return antwoord({"inschrijvingen": [
        {"id": r.inschrijving_id, "instellingscode": query["instellingscode"], "pgn": r.pgn,
         "naam": r.naam, "datumInschrijving": documenten.datum(r.datum_inschrijving),
         "datumUitschrijving": documenten.datum(r.datum_uitschrijving)}
        for r in secties[0].regels]})


def _opzoeken(aantal=1):
    """R-AVG-04: registering compares with the BRP and the register; per certificate at
    most LIMIET_OPZOEKEN_PAKKET persons, a bulk call counting each of its persons."""
    return limiet("opzoeken_pakket", per_pakket, cost=aantal)


@route("post", "/inschrijvingen")
def inschrijving_nieuw(query, body):
    with _opzoeken():
        resultaat = inschrijvingen.registreer(documenten.inschrijving_invoer(body), g.actor)
    return antwoord(documenten.inschrijving(resultaat.inschrijving,
                                            resultaat.nieuw_onderwijsnummer), 201)


@route("post", "/inschrijvingen/bulk")
def inschrijvingen_bulk(query, body):
    """Each inschrijving in its own transaction: one refused leaves the others stored."""
    resultaten = []
    with _opzoeken(len(body["inschrijvingen"])):
        for index, item in enumerate(body["inschrijvingen"]):
            try:  # each in its own transaction (registreer's)
                r = inschrijvingen.registreer(documenten.inschrijving_invoer(item), g.actor)
                resultaten.append({"index": index, "status": 201, "inschrijving": documenten
                                   .inschrijving(r.inschrijving, r.nieuw_onderwijsnummer)})
            except Ongeldig as fout:
                probleem = ongeldig_antwoord(fout)
                resultaten.append({"index": index, "status": probleem.status_code,
                                   "fout": probleem.get_json()})
    return antwoord({"resultaten": resultaten})


@route("patch", "/inschrijvingen/{id}")
def inschrijving_wijzigen(query, body, id):
    gewijzigd = inschrijvingen.wijzig_datums(
        g.actor, id, documenten.lees_datum(body["datumInschrijving"]),
        documenten.lees_datum(body.get("datumUitschrijving")))
    return antwoord(documenten.inschrijving(gewijzigd))


@route("post", "/resultaten")
def resultaat_nieuw(query, body):
    with _opzoeken():  # looks a person up by number, as registering an enrolment does
        r = resultaat.registreer(g.actor, documenten.resultaat_invoer(body))
    return antwoord(documenten.resultaat(r), 201)


@route("patch", "/resultaten/{id}")
def resultaat_wijzigen(query, body, id):
    gevonden = resultaat.resultaat_van(g.actor, id)
    invoer = documenten.resultaat_invoer({**body, "instellingscode": gevonden.instelling.code,
                                          "pgn": documenten.pgn(gevonden.persoon)})
    return antwoord(documenten.resultaat(resultaat.wijzig(g.actor, id, body["versie"], invoer)))


@route("delete", "/resultaten/{id}")
def resultaat_verwijderen(query, id):
    return antwoord(documenten.resultaat(resultaat.verwijder(g.actor, id)))


@route("post", "/verzuimmeldingen")
def melding_nieuw(query, body):
    invoer = verzuim.invoer_uit(body["melding"])
    melding = verzuim.sla_op(g.actor, body["instellingscode"], body["pgn"], invoer)
    return antwoord(documenten.melding(melding, versies=list(melding.versies)), 201)


@route("post", "/verzuimmeldingen/{nummer}/intrekking")
def intrekking(query, body, nummer):
    melding = verzuim.trek_in(g.actor, nummer, body["reden"], body.get("toelichting", ""))
    return antwoord(documenten.melding(melding))
