"""Koppeling OWN/BSN (seed 002, R-LEV-04) and the merge of a person registered twice
(R-INS-10). A gemeente or Doorstroompunt-regio that knows a pupil's BSN and onderwijsnummer
has them linked: the person registered under the onderwijsnummer gets the BSN, or, when the
register also has a person with that BSN, the two become one. What the link changed is
recorded (`Koppeling`), so functioneel beheer can undo it (`draai_terug`).

Both numbers must be of persons of the asker's area (R-AVG-03), and a refusal says no more
than "not found in your area" (R-AVG-04). The link is checked and written in one
transaction that locks both persons: two links of the same pupil at once give one link and
one "already linked", never two persons with one number."""
import datetime
import enum
import json

from peewee import Case, fn

from models import (
    Bestand,
    Bestandsregel,
    Gemeente,
    Inschrijving,
    Koppeling,
    Mutatie,
    Persoon,
    Vraag,
    database,
    utcnow,
    vergrendel,
)

from . import berichten, bestanden, brp, mutaties
from .bestanden import (
    Richting,
    Uitkomst,
    afzender_van,
    fouten_in,
    fouten_uit,
    gebruiker_van,
    klare_regels,
    nieuw_bestand,
    nieuw_retourbestand,
    verleng,
)
from .bestanden import Soort as Bestandssoort
from .bestanden import Status as Bestandsstatus
from .fouten import N_, Conflict, Fout, GeenToegang, Gelijktijdig, Ongeldig
from .inschrijving import brp_velden, namen, overlapt
from .levering import NIET_IN_GEBIED, gebied_van

REGEL = "R-LEV-04"
SAMENVOEGEN = "R-INS-10"


class Soort(enum.StrEnum):
    BSN_TOEGEVOEGD = "bsn toegevoegd"  # the BSN was not in the register: the person got it
    SAMENGEVOEGD = "samengevoegd"  # two persons became one (R-INS-10)


class Status(enum.StrEnum):
    ACTIEF = "actief"
    TERUGGEDRAAID = "teruggedraaid"


SOORTEN = {Soort.BSN_TOEGEVOEGD: N_("BSN toegevoegd"), Soort.SAMENGEVOEGD: N_("Samengevoegd")}
STATUSSEN = {Status.ACTIEF: N_("Actief"), Status.TERUGGEDRAAID: N_("Teruggedraaid")}

GEKOPPELD = N_("Gekoppeld: het BSN en het onderwijsnummer horen nu bij één leerling.")
SAMENGEVOEGD = N_("Gekoppeld: de leerling stond onder beide nummers in het register en is nu "
                  "één leerling met beide nummers.")
AL_GEKOPPELD = N_("Al gekoppeld: het BSN en het onderwijsnummer horen al bij één leerling.")
ANDER_BSN = N_("Het onderwijsnummer is al gekoppeld aan een ander BSN. Controleer de nummers. "
               "Klopt het toch, stel dan uw vraag in de kolom Opmerking Gemeente/Regio.")
ANDER_ONDERWIJSNUMMER = N_("Het BSN is al gekoppeld aan een ander onderwijsnummer. Controleer "
                           "de nummers. Klopt het toch, stel dan uw vraag in de kolom Opmerking "
                           "Gemeente/Regio.")
GEBOORTEDATUM = N_("De geboortedatum bij het BSN en bij het onderwijsnummer verschillen. "
                   "Controleer of beide nummers van dezelfde leerling zijn.")
OVERLAP = N_("De leerling staat onder beide nummers in dezelfde periode ingeschreven bij "
             "instelling %(code)s. Vraag de school één van de twee inschrijvingen te beëindigen "
             "en verstuur de regel daarna opnieuw.")
AL_TERUGGEDRAAID = N_("Deze koppeling is al teruggedraaid.")


def _fout(veld, melding, **params):
    return Ongeldig([Fout(veld, melding, REGEL, params)])


def _verplaatsbaar():
    """The tables whose rows belong to a person and move with it in a merge: every one
    with a foreign key to persoon, except the history (Mutatie: what was written about whom
    stays as it was written) and the links themselves."""
    return [veld for veld in Persoon._meta.backrefs
            if veld.model not in (Mutatie, Koppeling, Persoon)]


def koppel(actor, gemeente_ids, bsn, onderwijsnummer, bestand=None, regel=None):
    """Link `bsn` and `onderwijsnummer` (both valid numbers) for an actor whose area is
    `gemeente_ids`. Returns (Uitkomst GEKOPPELD or ONGEWIJZIGD, the row's answer).
    Raises Ongeldig with the reason when the link cannot be made; nothing is written then."""
    gebied = set(gemeente_ids)
    with database.atomic():
        gevonden = list(vergrendel(Persoon.select().where(
            (Persoon.bsn == bsn) | (Persoon.onderwijsnummer == onderwijsnummer))))
        eigen = next((p for p in gevonden if p.onderwijsnummer == onderwijsnummer), None)
        met_bsn = next((p for p in gevonden if p.bsn == bsn), None)
        if eigen is None or eigen.woongemeente_id not in gebied:
            raise _fout("onderwijsnummer", NIET_IN_GEBIED)
        if eigen is met_bsn:
            return Uitkomst.ONGEWIJZIGD, AL_GEKOPPELD
        if eigen.bsn:
            raise _fout("onderwijsnummer", ANDER_BSN)
        if met_bsn is not None:
            return _voeg_samen(actor, gebied, met_bsn, eigen, bestand, regel)
        return _voeg_bsn_toe(actor, gebied, eigen, bsn, bestand, regel)


def _zelfde_geboortedatum(persoon, geboortedatum):
    """A date of birth the school gave in part (month, year) agrees with the full one."""
    eigen = persoon.geboortedatum
    if persoon.geboortedatum_precisie == Persoon.PRECISIE_JAAR:
        return eigen.year == geboortedatum.year
    if persoon.geboortedatum_precisie == Persoon.PRECISIE_MAAND:
        return (eigen.year, eigen.month) == (geboortedatum.year, geboortedatum.month)
    return eigen == geboortedatum


def _voeg_bsn_toe(actor, gebied, persoon, bsn, bestand, regel):
    """The BSN is not in the register: the person takes it, and from now on its name and
    address come from the BRP (R-INS-12)."""
    gegevens = brp.zoek(bsn)
    gemeente = (Gemeente.get_or_none(Gemeente.code == gegevens.gemeentecode)
                if gegevens is not None and gegevens.gemeentecode else None)
    if gemeente is None or gemeente.id not in gebied:
        raise _fout("bsn", NIET_IN_GEBIED)
    if not _zelfde_geboortedatum(persoon, gegevens.geboortedatum):
        raise _fout("bsn", GEBOORTEDATUM)
    voor = mutaties.momentopname(persoon)
    velden = {**brp_velden(gegevens, {gemeente.code: gemeente.id}), "bsn": bsn,
              "geboortedatum": gegevens.geboortedatum,
              "geboortedatum_precisie": Persoon.PRECISIE_DAG, "geslacht": gegevens.geslacht,
              "gewijzigd": utcnow()}
    _werk_persoon_bij(persoon, velden, Persoon.bsn.is_null())
    Inschrijving.update(**namen(persoon)).where(Inschrijving.persoon == persoon.id).execute()
    _leg_vast(actor, Soort.BSN_TOEGEVOEGD, persoon, None, {"persoon": voor}, {}, bestand,
              regel)
    return Uitkomst.GEKOPPELD, GEKOPPELD


def _voeg_samen(actor, gebied, persoon, vervallen, bestand, regel):
    """R-INS-10: the person with the BSN takes in the one with the onderwijsnummer: its
    rows, and its number. The one taken in stays, without numbers or rows, pointing at the
    other, so its history still names it."""
    if persoon.woongemeente_id not in gebied:
        raise _fout("bsn", NIET_IN_GEBIED)
    if persoon.onderwijsnummer:
        raise _fout("bsn", ANDER_ONDERWIJSNUMMER)
    if not _zelfde_geboortedatum(vervallen, persoon.geboortedatum):
        raise _fout("bsn", GEBOORTEDATUM)
    _controleer_overlap(persoon, vervallen)
    voor = {"persoon": mutaties.momentopname(persoon),
            "vervallen": mutaties.momentopname(vervallen)}
    onderwijsnummer = vervallen.onderwijsnummer
    # The number leaves the one taken in first: it is unique.
    _werk_persoon_bij(vervallen, {"onderwijsnummer": None, "woongemeente": None,
                                  "samengevoegd_in": persoon.id, "gewijzigd": utcnow()},
                      Persoon.onderwijsnummer == onderwijsnummer)
    _werk_persoon_bij(persoon, {"onderwijsnummer": onderwijsnummer, "gewijzigd": utcnow()},
                      Persoon.onderwijsnummer.is_null())
    verplaatst = _verplaats(vervallen.id, persoon)
    _leg_vast(actor, Soort.SAMENGEVOEGD, persoon, vervallen, voor, verplaatst, bestand, regel)
    return Uitkomst.GEKOPPELD, SAMENGEVOEGD


def _controleer_overlap(persoon, vervallen):
    """R-INS-08 holds after the merge too: no two inschrijvingen of one person at one
    instelling in the same period."""
    beide = list(Inschrijving.select().where(Inschrijving.persoon.in_([persoon.id,
                                                                      vervallen.id])))
    for a in (i for i in beide if i.persoon_id == persoon.id):
        for b in (i for i in beide if i.persoon_id == vervallen.id):
            if a.instelling_id == b.instelling_id and overlapt(
                    a.datum_inschrijving, a.datum_uitschrijving, b.datum_inschrijving,
                    b.datum_uitschrijving):
                raise Ongeldig([Fout("bsn", OVERLAP, SAMENVOEGEN,
                                     {"code": a.instelling.code})])


def _verplaats(van_id, naar, terug=None):
    """Move the rows of person `van_id` to `naar`: all of them, or (undoing a merge) those
    of `terug` ({table: ids}) that are still there. A row with a version (a melding, a
    vrijstelling, a resultaat) gets a new one: whoever read it before the move saves again.
    Returns {table: ids moved}."""
    verplaatst = {}
    for veld in _verplaatsbaar():
        model, tabel = veld.model, veld.model._meta.table_name
        waar = veld == van_id
        if terug is not None:
            waar &= model.id.in_(terug.get(tabel, []) or [0])
        ids = sorted(r.id for r in model.select(model.id).where(waar))
        if not ids:
            continue
        velden = {veld.name: naar.id}
        if model is Inschrijving:
            velden.update(namen(naar))
        if "versie" in model._meta.fields and not model._meta.fields["versie"].null:
            velden["versie"] = model.versie + 1
        model.update(**velden).where(model.id.in_(ids)).execute()
        verplaatst[tabel] = ids
    return verplaatst


def _werk_persoon_bij(persoon, velden, voorwaarde):
    """Write `velden` to the person when `voorwaarde` still holds (what was read): the
    persons are locked, so this fails only when that is broken somewhere."""
    if not Persoon.update(**velden).where(Persoon.id == persoon.id, voorwaarde).execute():
        raise Gelijktijdig("bsn", REGEL)
    for naam, waarde in velden.items():
        setattr(persoon, naam, waarde)


def _leg_vast(actor, soort, persoon, vervallen, voor, verplaatst, bestand, regel):
    Koppeling.create(
        soort=soort, status=Status.ACTIEF, persoon=persoon.id,
        vervallen=vervallen.id if vervallen else None, bsn=persoon.bsn,
        onderwijsnummer=persoon.onderwijsnummer, verplaatst=json.dumps(verplaatst),
        voor=json.dumps(voor, sort_keys=True), actor=actor.kenmerk,
        organisatie=actor.organisatie_id, bestand=bestand, regel=regel)
    mutaties.schrijf(actor, "persoon", persoon, f"persoon {soort}", voor=voor["persoon"],
                     na=mutaties.momentopname(persoon), persoon=persoon)
    if vervallen is not None:
        mutaties.schrijf(actor, "persoon", vervallen, "persoon samengevoegd",
                         voor=voor["vervallen"], na=mutaties.momentopname(vervallen),
                         persoon=vervallen)


# ---------------------------------------------------------------- undoing (functioneel beheer)

def koppelingen(zoek="", aantal=100):
    """The latest links, newest first; `zoek`: a BSN or onderwijsnummer."""
    query = Koppeling.select()
    if zoek:
        query = query.where((Koppeling.bsn == zoek) | (Koppeling.onderwijsnummer == zoek))
    return list(query.order_by(Koppeling.id.desc()).limit(aantal))


def draai_terug(actor, koppeling_id):
    """Undo a link (R-INS-10: reversible by the operator): the person gives the number
    back; a merged one gets its rows back (those still with the person) and its columns as
    they were. Refused when the number has changed since."""
    with database.atomic():
        koppeling = Koppeling.get_or_none(Koppeling.id == koppeling_id)
        if koppeling is None:
            raise GeenToegang()
        if koppeling.status != Status.ACTIEF:
            raise Ongeldig([Fout("koppeling", AL_TERUGGEDRAAID, SAMENVOEGEN)])
        ids = [koppeling.persoon_id] + ([koppeling.vervallen_id] if koppeling.vervallen_id
                                        else [])
        personen = {p.id: p for p in vergrendel(Persoon.select().where(Persoon.id.in_(ids)))}
        persoon = personen[koppeling.persoon_id]
        voor = json.loads(koppeling.voor)
        if koppeling.soort == Soort.SAMENGEVOEGD:
            vervallen = personen[koppeling.vervallen_id]
            _werk_persoon_bij(persoon, {"onderwijsnummer": None, "gewijzigd": utcnow()},
                              Persoon.onderwijsnummer == koppeling.onderwijsnummer)
            _werk_persoon_bij(vervallen, {**_kolommen(voor["vervallen"], (
                "onderwijsnummer", "woongemeente", "samengevoegd_in")), "gewijzigd": utcnow()},
                Persoon.samengevoegd_in == persoon.id)
            _verplaats(persoon.id, vervallen, json.loads(koppeling.verplaatst))
        else:
            vervallen = None
            _werk_persoon_bij(persoon, {**_kolommen(voor["persoon"], _PERSOONSKOLOMMEN),
                                        "gewijzigd": utcnow()},
                              Persoon.bsn == koppeling.bsn)
            Inschrijving.update(**namen(persoon)).where(
                Inschrijving.persoon == persoon.id).execute()
        if not Koppeling.update(status=Status.TERUGGEDRAAID, teruggedraaid=utcnow(),
                                teruggedraaid_door=actor.kenmerk).where(
                Koppeling.id == koppeling.id, Koppeling.status == Status.ACTIEF).execute():
            raise Conflict([Fout("koppeling", AL_TERUGGEDRAAID, SAMENVOEGEN)])
        mutaties.schrijf(actor, "persoon", persoon, "koppeling teruggedraaid",
                         voor=None, na=mutaties.momentopname(persoon), persoon=persoon)
        if vervallen is not None:
            mutaties.schrijf(actor, "persoon", vervallen, "koppeling teruggedraaid",
                             voor=None, na=mutaties.momentopname(vervallen), persoon=vervallen)
    return Koppeling.get_by_id(koppeling.id)


# The person's own columns a BSN brought (the BRP's), given back when that link is undone.
_PERSOONSKOLOMMEN = tuple(
    naam for naam in Persoon._meta.fields if naam not in ("id", "aangemaakt", "gewijzigd",
                                                            "onderwijsnummer",
                                                            "samengevoegd_in"))


def _kolommen(momentopname, namen_):
    """Columns of a momentopname (JSON: dates as text) as the model takes them."""
    return {naam: Persoon._meta.fields[naam].python_value(momentopname[naam])
            for naam in namen_}



# ---------------------------------------------------------------- the koppeling file

GEEN_ROL = N_("De afzender heeft de rol Behandelaar RMC met deze code niet meer. Het bestand "
              "is niet verwerkt.")
DOORGESTUURD = N_("Uw vraag is doorgestuurd. Het antwoord volgt in dit bestand; u krijgt een "
                  "e-mail als het klaarstaat.")
VRAAG_GESTELD = N_("Vraag gesteld")


def verstuur(actor, gebied, code, naam, inhoud, taal="nl"):
    """Store a sent koppeling file (status ontvangen) for the file job, once its name and
    content could be read (formats.koppelingen): the role Behandelaar RMC with the code in
    its name is required (R-LEV-04); Ongeldig saying which codes the user has, otherwise."""
    gebied_van(actor, gebied, code)
    return nieuw_bestand(
        inhoud, organisatie=actor.organisatie_id, richting=Richting.VERSTUURD,
        soort=Bestandssoort.KOPPELING, status=Bestandsstatus.ONTVANGEN, naam=naam,
        actor=actor.kenmerk, afzender=afzender_van(actor), taal=taal)


def aantal_open_vragen(bestand):
    return Vraag.select().where(Vraag.bestand == bestand.id, Vraag.antwoord.is_null()).count()


def verwerk(actor, bestand, houder, gemeente_ids, rijen, claim):
    """Process the rows of a claimed koppeling file, one transaction a row, skipping rows
    that have a result (a run cut off before). `rijen`: the rows as formats.koppelingen
    reads them (`nummer`, `soort`, `bsn`, `onderwijsnummer`, `opmerking`, `fouten`). A
    row's link (or its refusal), its result and its question commit together."""
    klaar = klare_regels(bestand)
    for rij in rijen:
        if rij.nummer in klaar:
            continue
        with database.atomic():
            verleng(bestand, houder, claim)
            uitkomst, fouten = _rij(actor, gemeente_ids, bestand, rij)
            Bestandsregel.create(bestand=bestand.id, regel=rij.nummer, uitkomst=uitkomst,
                                 fouten=fouten_in(fouten), leerling=rij.leerling[:200])
            if rij.opmerking and uitkomst != Uitkomst.FOUT:
                Vraag.create(bestand=bestand.id, regel=rij.nummer,
                             nummer=rij.bsn or rij.onderwijsnummer, vraag=rij.opmerking)
            Bestand.update(regels_klaar=Bestand.regels_klaar + 1,
                           regels_fout=Bestand.regels_fout + (uitkomst == Uitkomst.FOUT)).where(
                Bestand.id == bestand.id).execute()


def _rij(actor, gemeente_ids, bestand, rij):
    if rij.fouten:
        return Uitkomst.FOUT, list(rij.fouten)
    if not rij.bsn or not rij.onderwijsnummer:
        return Uitkomst.VRAAG, [Fout("opmerking", VRAAG_GESTELD, REGEL)]
    try:
        uitkomst, melding = koppel(actor, gemeente_ids, rij.bsn, rij.onderwijsnummer,
                                   bestand.id, rij.nummer)
    except Ongeldig as exc:
        return Uitkomst.FOUT, exc.fouten
    return uitkomst, [Fout("bsn", melding, REGEL)]


def antwoorden(bestand):
    """{row: (the result's message as Fout, the answer: text, a Fout, or "")} of a
    processed koppeling file, for its answered file."""
    vragen = {v.regel: v for v in Vraag.select().where(Vraag.bestand == bestand.id)}
    uit = {}
    for regel in Bestandsregel.select().where(Bestandsregel.bestand == bestand.id):
        fouten = fouten_uit(regel.fouten)
        vraag = vragen.get(regel.regel)
        antwoord = ("" if vraag is None else vraag.antwoord if vraag.antwoord is not None
                    else Fout("opmerking", DOORGESTUURD, REGEL))
        uit[regel.regel] = (fouten[0] if fouten else None, antwoord)
    return uit


# ---------------------------------------------------------------- questions (functioneel beheer)

BEANTWOORD = N_("Deze vraag is intussen beantwoord.")
LEEG_ANTWOORD = N_("Vul een antwoord in.")
MAX_ANTWOORD = 2000
TE_LANG = N_("Het antwoord is langer dan %(maximum)s tekens. Maak het korter.")


def open_vragen(aantal=200):
    """The questions not answered yet, oldest first."""
    return list(Vraag.select().where(Vraag.antwoord.is_null())
                .order_by(Vraag.gesteld, Vraag.id).limit(aantal))


def vraag_van(vraag_id):
    vraag = Vraag.get_or_none(Vraag.id == vraag_id)
    if vraag is None:
        raise GeenToegang()
    return vraag


def bestanden_van(vragen):
    """The sent files the questions came in, with their sender organisation."""
    return list(Bestand.select(Bestand.id, Bestand.naam, Bestand.tijdstip, Bestand.organisatie)
                .where(Bestand.id.in_({v.bestand_id for v in vragen} or {0})))


def personen_van(vragen):
    """{vraag id: the person it is about, or None}, in one query."""
    nummers = sorted({v.nummer for v in vragen})
    gevonden = {}
    for persoon in Persoon.select().where(Persoon.bsn.in_(nummers or [""])
                                          | Persoon.onderwijsnummer.in_(nummers or [""])):
        for nummer in (persoon.bsn, persoon.onderwijsnummer):
            if nummer:
                gevonden[nummer] = persoon
    return {v.id: gevonden.get(v.nummer) for v in vragen}


def beantwoord(actor, vraag_id, antwoord):
    """Answer a question; returns True when it was the file's last open one (its answered
    file is then to be returned: `antwoorden_te_sturen`). Conflict when someone answered it
    meanwhile; nothing is written then."""
    antwoord = (antwoord or "").strip()
    if not antwoord:
        raise Ongeldig([Fout("antwoord", LEEG_ANTWOORD, REGEL)])
    if len(antwoord) > MAX_ANTWOORD:
        raise Ongeldig([Fout("antwoord", TE_LANG, REGEL, {"maximum": MAX_ANTWOORD})])
    with database.atomic():
        vraag = vraag_van(vraag_id)
        if not Vraag.update(antwoord=antwoord, beantwoord=utcnow(),
                            beantwoord_door=actor.kenmerk).where(
                Vraag.id == vraag.id, Vraag.antwoord.is_null()).execute():
            raise Conflict([Fout("antwoord", BEANTWOORD, REGEL)])
        return not Vraag.select().where(Vraag.bestand == vraag.bestand_id,
                                        Vraag.antwoord.is_null()).exists()


def antwoorden_te_sturen(bestand_id=None):
    """Ids of sent koppeling files (all, or the one `bestand_id`) whose questions are all
    answered and whose answers have not been returned yet: the answers came after the last
    file returned for it."""
    laatste = (Vraag.select(Vraag.bestand, fn.MAX(Vraag.beantwoord).alias("laatst"),
                            fn.SUM(Case(None, [(Vraag.antwoord.is_null(), 1)], 0))
                            .alias("open"))
               .group_by(Vraag.bestand).tuples())
    if bestand_id is not None:
        laatste = laatste.where(Vraag.bestand == bestand_id)
    te_sturen = []
    for bestand_id, laatst, open_ in laatste:
        if open_ or laatst is None:
            continue
        teruggestuurd = (Bestand.select(fn.MAX(Bestand.tijdstip))
                         .where(Bestand.bron == bestand_id,
                                Bestand.soort == Bestandssoort.KOPPELING).scalar())
        if teruggestuurd is None or teruggestuurd < _als_tijd(laatst):
            te_sturen.append(bestand_id)
    return te_sturen


def _als_tijd(waarde):
    return (datetime.datetime.fromisoformat(waarde) if isinstance(waarde, str) else waarde)


def stuur_antwoorden(bestand_id, naam, inhoud):
    """Return a koppeling file answered (`inhoud`, an open file), with a mail to its
    sender: once, whoever else tries at the same time (the sent file is locked, and a file
    returned since the last answer means it was done)."""
    with database.atomic():
        list(vergrendel(Bestand.select(Bestand.id).where(Bestand.id == bestand_id)))
        if not antwoorden_te_sturen(bestand_id):
            return None
        return _retour(Bestand.get_by_id(bestand_id), naam, inhoud)


def _retour(bestand, naam, inhoud):
    retour = nieuw_retourbestand(
        inhoud, organisatie=bestand.organisatie_id, soort=Bestandssoort.KOPPELING, naam=naam,
        actor="systeem:koppeling", afzender="Open Register", bron=bestand.id, taal=bestand.taal)
    gebruiker = gebruiker_van(bestand.actor)
    if gebruiker is not None:
        berichten.koppeling_beantwoord(gebruiker.email, bestand.naam,
                                       aantal_open_vragen(bestand))
    return retour


def rond_af(bestand, houder, naam, inhoud, claim):
    """The file is processed: verwerkt (met fouten), and returned answered with a mail to
    its sender, in one transaction that holds only when the claim still does."""
    with database.atomic():
        status = bestanden.rond_af(bestand, houder, claim=claim)
        _retour(bestand, naam, inhoud)
    return status

