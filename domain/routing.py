"""Where a melding goes: the handling instantie of a pupil (DESIGN §3, R-GEM-01).

Without an alternative, the woongemeente's own verzuimloket. With one, the gemeente's
"Alternatieve routering verzuimloket" as a page: per category an instantie (the gemeente
itself, or one it authorised for its meldingen, R-GEM-03) and an e-mail address, from an
ingangsdatum, every version kept. The categories are reference data (the list
"routeringscategorie": seed 002 per soort leerling by default; a category's kenmerken say
what it takes, `leerling:<soort>` or `verzuim:<vermoedelijke soort>`, so seed 001's four
per soort verzuim are data too). Open meldingen stay where they were sent until the
gemeente moves them (behandeling.verplaats)."""
import datetime
import enum
import json
from dataclasses import dataclass

from peewee import IntegrityError

from models import Machtiging, Organisatie, Routering, database

from . import machtiging, mutaties, velden
from .actor import door
from .datums import DeelDatum, leeftijd_op
from .fouten import N_, Conflict, Fout, GeenToegang, Ongeldig
from .referentie import lijsten

BUITENLAND = "BV_S_leerling_woont_in_buitenland"
CATEGORIEEN = "routeringscategorie"
GEWIJZIGD = N_("De routering is intussen gewijzigd. Bekijk de historie en voer uw wijziging "
               "opnieuw in.")


@dataclass(frozen=True)
class Route:
    gemeente: object  # models.Gemeente, after herindelingen
    email: str | None
    instantie: int | None = None  # the organisation the routering named; None: the gemeente
    categorie: str | None = None


class GeenInstantie(Exception):
    """No uitvoerende instantie can be determined: no melding (R-VZ-02)."""

    code = BUITENLAND
    melding = N_("%(code)s: Leerling woont in het buitenland. Uitvoerende instantie kan niet "
                 "worden bepaald. Er kan geen verzuim worden opgevoerd.")


class SoortLeerling(enum.StrEnum):
    """Seed 002's categories: what the Leerplichtwet and RMC make of a pupil on a day."""

    LEERPLICHTIG = "leerplichtig"
    KWALIFICATIEPLICHTIG = "kwalificatieplichtig"
    ZONDER_STARTKWALIFICATIE = "18+"


def soort_leerling(persoon, datum):
    """Leerplichtig up to the end of the school year (31 July) in which the pupil turns 16;
    then kwalificatieplichtig up to 18; from 18 on, RMC's "18+ zonder startkwalificatie"."""
    if leeftijd_op(persoon, datum) >= 18:
        return SoortLeerling.ZONDER_STARTKWALIFICATIE
    geboren = DeelDatum.uit_opslag(persoon.geboortedatum, persoon.geboortedatum_precisie).eerste_dag
    zestien = geboren.year + 16
    einde = datetime.date(zestien + (1 if (geboren.month, geboren.day) >= (8, 1) else 0), 7, 31)
    return (SoortLeerling.LEERPLICHTIG if datum <= einde
            else SoortLeerling.KWALIFICATIEPLICHTIG)


def categorieen():
    """The categories the form always takes, in their order (reference data)."""
    return [w for w in lijsten().per_lijst.get(CATEGORIEEN, ()) if not w.heeft("vervallen")]


def categorie_van(persoon, periode_van, vermoedelijke_soort):
    """The code of the first category that takes this melding (None when none does)."""
    kenmerken = {f"leerling:{soort_leerling(persoon, periode_van)}",
                 f"verzuim:{vermoedelijke_soort}"}
    return next((c.code for c in categorieen() if kenmerken & set(c.kenmerken.split())), None)


def actuele_gemeente(gemeente):
    """Follow herindelingen to the gemeente that exists now (codes are never reused)."""
    gezien = set()
    while gemeente is not None and gemeente.opgevolgd_door_id and gemeente.id not in gezien:
        gezien.add(gemeente.id)
        gemeente = gemeente.opgevolgd_door
    return gemeente


def behandelende_instantie(persoon):
    """The gemeente of a pupil's meldingen with its own verzuimloket, or GeenInstantie when
    the pupil lives abroad (R-VZ-02)."""
    gemeente = actuele_gemeente(persoon.woongemeente)
    if gemeente is None:
        raise GeenInstantie()
    return Route(gemeente=gemeente, email=gemeente.verzuimloket_email)


def geldende(gemeente_id, op):
    """The version of the gemeente's routering that counts on day `op` (None: none yet)."""
    return (Routering.select().where(Routering.gemeente == gemeente_id,
                                     Routering.ingangsdatum <= op)
            .order_by(Routering.ingangsdatum.desc(), Routering.versie.desc()).first())


def routes(gemeente, op):
    """R-GEM-01: {categorie: Route} of the routering in force in `gemeente` on day `op`, for
    the categories whose instantie is the gemeente itself or still authorised; read once for
    any number of meldingen (`route_in`)."""
    versie = geldende(gemeente.id, op)
    uit = {}
    for categorie, regel in (regels_van(versie).items() if versie else ()):
        eigen = regel["organisatie"] == gemeente.organisatie_id
        if eigen or machtiging.geldt(regel["organisatie"], gemeente.id, op=op):
            uit[categorie] = Route(gemeente, regel["email"],
                                   None if eigen else regel["organisatie"], categorie)
    return uit


def route_in(gemeente, categorie, op, tabel=None):
    """Where a melding of `categorie` in `gemeente` goes on day `op`: its category's Route
    (`tabel`: `routes(gemeente, op)` when read already), else the gemeente's own
    verzuimloket."""
    gevonden = (routes(gemeente, op) if tabel is None else tabel).get(categorie)
    return gevonden or Route(gemeente, gemeente.verzuimloket_email, None, categorie)


# ---------------------------------------------------------------- the gemeente's page

def gemeenten_van(actor):
    """The gemeenten whose routering the actor arranges: a beheerder of the gemeente's
    organisation (seed 000: "Geef door welke instantie de verzuimmeldingen afhandelt")."""
    return machtiging.eigen_gemeenten(actor)


def gemeente_van(actor, gemeentecode):
    for gemeente in gemeenten_van(actor):
        if gemeente.code == gemeentecode:
            return gemeente
    raise GeenToegang()


def keuzes(gemeente, op=None):
    """(organisatie id, naam) the form offers: the gemeente itself, then the instanties it
    authorised for its meldingen that are accepted and not over (the verklaring first)."""
    op = op or datetime.date.today()
    eigen = Organisatie.get_by_id(gemeente.organisatie_id)
    gemachtigd = (Organisatie.select(Organisatie.id, Organisatie.naam).distinct()
                  .join(Machtiging).where(
                      Machtiging.gemeente == gemeente.id,
                      Machtiging.soort.in_((machtiging.Soort.VERZUIM, machtiging.Soort.BEIDE)),
                      Machtiging.geaccepteerd.is_null(False), Machtiging.beeindigd.is_null(),
                      Machtiging.geldig_tot.is_null() | (Machtiging.geldig_tot >= op))
                  .order_by(Organisatie.naam))
    return [(eigen.id, eigen.naam)] + [(o.id, o.naam) for o in gemachtigd]


def regels_van(versie):
    """{categorie: {"organisatie", "naam", "email"}} of a version."""
    return json.loads(versie.regels)


def laatste(gemeente):
    return (Routering.select().where(Routering.gemeente == gemeente.id)
            .order_by(Routering.versie.desc()).first())


def stel_in(actor, gemeentecode, ingangsdatum, regels, versie, vandaag=None, vooraf=()):
    """Store a new version of the routering (R-GEM-01). `regels`: {categorie: (organisatie
    id or None, e-mail)}, every category required, also when several share an address;
    `versie`: the last version the form showed (0: none); the same again stores nothing
    (that version is returned). Every problem at once
    (Ongeldig), with `vooraf`, those the caller found reading the input (an unreadable
    date); Conflict when another version was stored since."""
    vandaag = vandaag or datetime.date.today()
    gemeente = gemeente_van(actor, gemeentecode)
    fouten = list(vooraf)
    if ingangsdatum is None and not fouten:
        fouten.append(Fout("ingangsdatum", N_("Vul de ingangsdatum in."), "R-GEM-01"))
    elif ingangsdatum < vandaag:
        fouten.append(Fout("ingangsdatum", N_("De ingangsdatum ligt in het verleden."),
                           "R-GEM-01"))
    toegestaan = dict(keuzes(gemeente, vandaag))
    opgeslagen = {}
    for categorie in categorieen():
        organisatie_id, email = regels.get(categorie.code, (None, ""))
        email = (email or "").strip()
        if organisatie_id not in toegestaan:
            fouten.append(Fout(f"instantie-{categorie.code}", N_(
                "Kies de instantie die deze meldingen afhandelt: uw gemeente of een instantie "
                "die u hebt gemachtigd."), "R-GEM-01"))
        elif (ingangsdatum and organisatie_id != gemeente.organisatie_id
              and not machtiging.geldt(organisatie_id, gemeente.id, op=ingangsdatum)):
            fouten.append(Fout(f"instantie-{categorie.code}", N_(
                "De machtiging van deze instantie geldt niet op de ingangsdatum."), "R-GEM-01"))
        velden.controleer_email(fouten, f"email-{categorie.code}", email, "R-GEM-01",
                                verplicht=True)
        opgeslagen[categorie.code] = {"organisatie": organisatie_id,
                                      "naam": toegestaan.get(organisatie_id, ""), "email": email}
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        vorige = laatste(gemeente)
        if (vorige.versie if vorige else 0) != (versie or 0):
            raise Conflict([Fout("", GEWIJZIGD, "R-GEM-01")])
        if (vorige and regels_van(vorige) == opgeslagen
                and vorige.ingangsdatum <= ingangsdatum):
            return vorige  # the same routering from a later date changes nothing
        try:
            with database.atomic():
                nieuw = Routering.create(
                    gemeente=gemeente, versie=(versie or 0) + 1, ingangsdatum=ingangsdatum,
                    regels=json.dumps(opgeslagen, sort_keys=True), actor=actor.kenmerk,
                    organisatie=actor.organisatie_id, door=door(actor))
        except IntegrityError:  # the same version stored at the same moment by another
            raise Conflict([Fout("", GEWIJZIGD, "R-GEM-01")]) from None
        mutaties.schrijf(actor, "routering", nieuw, "routering gewijzigd",
                         na={"gemeente": gemeente.code, "versie": nieuw.versie,
                             "ingangsdatum": ingangsdatum.isoformat(), "regels": opgeslagen})
    return nieuw


def _geordend(regels):
    """[(categorie, regel)] in the categories' order; one no longer listed last."""
    volgorde = {c.code: i for i, c in enumerate(categorieen())}
    return sorted(regels.items(), key=lambda item: (volgorde.get(item[0], len(volgorde)), item[0]))


def niet_gemachtigd(gemeente, op=None):
    """The names of the instanties the routering of today names whose machtiging no longer
    holds: their meldingen go to the gemeente's own verzuimloket until it is set anew."""
    op = op or datetime.date.today()
    versie = geldende(gemeente.id, op)
    geldig = routes(gemeente, op)
    return sorted({regel["naam"] for categorie, regel in
                   (regels_van(versie).items() if versie else ()) if categorie not in geldig})


class Stand(enum.StrEnum):
    GEPLAND = "gepland"
    GELDT = "geldt"
    VERVANGEN = "vervangen"


def historie(gemeente, vandaag=None):
    """Every version, newest first, as dicts (versie, ingangsdatum, tijdstip, door, regels,
    stand: the one that counts today, planned, or replaced)."""
    vandaag = vandaag or datetime.date.today()
    nu = geldende(gemeente.id, vandaag)
    uit = []
    for v in Routering.select().where(Routering.gemeente == gemeente.id).order_by(
            Routering.versie.desc()):
        stand = (Stand.GELDT if nu and v.id == nu.id
                 else Stand.GEPLAND if v.ingangsdatum > vandaag else Stand.VERVANGEN)
        uit.append({"versie": v.versie, "ingangsdatum": v.ingangsdatum, "tijdstip": v.tijdstip,
                    "door": v.door, "regels": _geordend(regels_van(v)), "stand": stand})
    return uit
