"""Register objects as the API's JSON (the shapes of views/m2m/openapi.SCHEMAS), and JSON
back into the domain's invoer. Dates `YYYY-MM-DD`, times UTC with `Z`. Here, not in the
views, because a melding version's entry in the change feed is written with the version."""
import datetime
import json

from .datums import GeenDatum, uit_iso
from .fouten import N_, Fout, Ongeldig
from .inschrijving import Adres, InschrijvingInvoer, PersoonInvoer, volledige_naam
from .resultaat import ResultaatInvoer


def tijdstip(moment):
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def datum(waarde):
    return waarde.isoformat() if waarde else None


def lees_datum(waarde):
    return datetime.date.fromisoformat(waarde) if waarde else None  # checked by the schema


def pgn(persoon):
    return persoon.bsn or persoon.onderwijsnummer


def inschrijving(i, nieuw_onderwijsnummer=None):
    return {"id": i.id, "instellingscode": i.instelling.code, "pgn": pgn(i.persoon),
            "naam": volledige_naam(i.persoon), "datumInschrijving": datum(i.datum_inschrijving),
            "datumUitschrijving": datum(i.datum_uitschrijving),
            "nieuwOnderwijsnummer": nieuw_onderwijsnummer}


def inschrijving_invoer(body):
    p = body.get("persoon", {})
    try:
        geboortedatum = uit_iso(p.get("geboortedatum"), gedeeltelijk=True)
    except GeenDatum:
        raise Ongeldig([Fout("persoon.geboortedatum",
                             N_("Vul een geldige datum in: dag, maand en jaar, alleen maand en "
                                "jaar, of alleen het jaar."), "R-INS-05")]) from None
    persoon = PersoonInvoer(
        variant="met" if p.get("bsn") or p.get("onderwijsnummer") else "zonder",
        bsn=p.get("bsn", ""), onderwijsnummer=p.get("onderwijsnummer", ""),
        geslacht=p.get("geslacht", ""), geboortedatum=geboortedatum,
        achternaam=p.get("achternaam", ""), voorvoegsels=p.get("voorvoegsels", ""),
        voornamen=p.get("voornamen", ""), adres=Adres(**p.get("adres", {})))
    return InschrijvingInvoer(
        instellingscode=body["instellingscode"],
        datum_inschrijving=lees_datum(body["datumInschrijving"]),
        datum_uitschrijving=lees_datum(body.get("datumUitschrijving")),
        onderwijslocatie=body.get("onderwijslocatie", ""), persoon=persoon)


def leerling(persoon):
    return {"pgn": pgn(persoon), "achternaam": persoon.achternaam,
            "voorvoegsels": persoon.voorvoegsels, "voornamen": persoon.voornamen,
            "geboortedatum": datum(persoon.geboortedatum), "geslacht": persoon.geslacht}


def versie(v):
    return {"versie": v.versie, "tijdstip": tijdstip(v.tijdstip), "status": v.status,
            "melding": json.loads(v.gegevens)}


def melding(m, versies=None, als=None):
    """A melding; `als` a MeldingVersie gives the melding as it was in that version."""
    bron = als or m
    data = {"nummer": m.nummer, "versie": bron.versie, "status": bron.status,
            "statusSinds": tijdstip(m.status_sinds), "melddatum": datum(m.melddatum),
            "wet": m.wet, "instellingscode": m.instelling.code,
            "gemeentecode": m.gemeente.code, "vrijstellingOverlap": m.vrijstelling_overlap,
            "leerling": leerling(m.persoon), "behandelaar": behandelaar(m),
            "melding": json.loads(bron.gegevens)}
    if versies is not None:
        data["versies"] = [versie(v) for v in versies]
    return data


def behandelaar(m):
    """Where the routering sent the melding (R-GEM-01); as the melding is now, also in a
    version written now (a move is a version)."""
    instantie = m.instantie if m.instantie_id else None
    return {"instantie": instantie.naam if instantie else None,
            "oin": instantie.oin if instantie else None, "email": m.instantie_email,
            "categorie": m.categorie}


def mutatie(versie):
    """A version's entry in the change feed, as JSON text: the melding as it was when
    this version was written. Stored with the version (MeldingVersie.document), so the
    feed serves a page by joining texts."""
    m = versie.melding
    return json.dumps({"meldingnummer": m.nummer, "versie": versie.versie,
                       "status": versie.status, "tijdstip": tijdstip(versie.tijdstip),
                       "melding": melding(m, als=versie)},
                      ensure_ascii=False, separators=(",", ":"))


def vrijstelling(v):
    return {"id": v.id, "versie": v.versie, "pgn": pgn(v.persoon), "soort": v.soort,
            "artikel": v.artikel,
            "gemeentecode": v.gemeente.code, "begindatum": datum(v.begindatum),
            "einddatum": datum(v.einddatum)}


def resultaat_invoer(body):
    return ResultaatInvoer(instellingscode=body["instellingscode"], pgn=body["pgn"],
                           datum=lees_datum(body["datum"]), diploma=body["diploma"],
                           startkwalificatie=body.get("startkwalificatie", False))


def resultaat(r):
    return {"id": r.id, "versie": r.versie, "instellingscode": r.instelling.code,
            "pgn": pgn(r.persoon),
            "datum": datum(r.datum), "diploma": r.diploma,
            "startkwalificatie": r.startkwalificatie}
