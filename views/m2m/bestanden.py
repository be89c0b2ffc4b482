"""M2M Bestandsuitwisseling: a package sends an enrolment file as the page does (the same
domain function and job), then reads its status and its verwerkingsverslag."""
import base64
import binascii

from flask import g, url_for

from domain import bestanden, documenten
from domain.fouten import N_, Fout, Ongeldig
from formats import inschrijvingen as inschrijvingsbestand
from jobs.bestanden import plan
from views.weergave import foutmelding

from .basis import antwoord, route


@route("post", "/bestanden")
def bestand_nieuw(query, body):
    try:
        inhoud = base64.b64decode(body["inhoud"], validate=True)
    except (binascii.Error, ValueError):
        raise Ongeldig([Fout("inhoud", N_("De inhoud is geen geldige base64."))]) from None
    bestand = bestanden.verstuur(g.actor, body["instellingscode"],
                                 inschrijvingsbestand.veilige_naam(body["bestandsnaam"]),
                                 inhoud, taal="nl")
    plan(bestand.id)
    response = antwoord(_bestand(bestand), 202)
    response.headers["Location"] = url_for("m2m.bestand_status", id=bestand.id)
    return response


@route("get", "/bestanden/{id}")
def bestand_status(query, id):
    return antwoord(_bestand(bestanden.bestand_van(g.actor, id)))


@route("get", "/bestanden/{id}/verslag")
def bestand_verslag(query, id):
    bestand = bestanden.bestand_van(g.actor, id)
    return antwoord({"bestand": _bestand(bestand), "regels": [
        {"regel": u.regel, "leerling": u.leerling, "uitkomst": u.uitkomst.value, "fouten": [
            {"name": f.veld, "kolom": inschrijvingsbestand.kop_van(f.veld),
             "code": f.regel or "ongeldig", "reason": foutmelding(f)} for f in u.fouten]}
        for u in bestanden.regels_van(bestand)]})


def _bestand(b):
    return {"id": b.id, "bestandsnaam": b.naam,
            "instellingscode": b.instelling.code if b.instelling_id else None,
            "status": b.status, "grootte": b.grootte, "sha256": b.sha256,
            "verstuurd": documenten.tijdstip(b.tijdstip),
            "verwerkt": documenten.tijdstip(b.verwerkt),
            "aantalRegels": b.aantal_regels, "regelsKlaar": b.regels_klaar,
            "regelsFout": b.regels_fout,
            "opmerkingen": [foutmelding(f) for f in bestanden.opmerkingen_van(b)]}
