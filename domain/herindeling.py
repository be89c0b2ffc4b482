"""Herindeling (R-HER-01, seed 000 "Gemeentelijke herindeling"): what the original does
with letters and "DUO neemt 3 maanden van tevoren contact met u op", the register does
itself. Functioneel beheer records it: the date, the old gemeenten, the new or continuing
gemeente and, for a split, which PC4 areas go where. From then on the beheerders of every
gemeente involved are mailed at once and 3 months, 1 month and 1 week before the date;
anyone involved opens its page: a dry run of what moves where and what stands in the way,
and the old gemeenten' open meldingen, live. On the date a job carries it out: the persons'
woongemeente (and the BRP source's), the vrijstellingen, the open meldingen (each a version),
and the open meldingen move, the old gemeenten' machtigingen and sign-ups end (the new
gemeente decides afresh whom it authorises), and the old gemeenten end, succeeded by the new one
(`opgevolgd_door`, which routing already follows). Three months on, the old gemeenten'
files are removed and their users blocked, with a report.

The execution goes a batch per transaction and writes its phase and counts with each batch:
cut off, it goes on where it stopped; a batch moves only what has not moved yet, so nothing
is done twice."""
import datetime
import enum
import json
from collections import Counter
from dataclasses import dataclass, field

from peewee import SQL, Value, fn

from models import (
    Aanmelding,
    Bestand,
    BrpPersoon,
    Certificaat,
    Gebruiker,
    Gemeente,
    Herindeling,
    HerindelingPersoon,
    Herindelingsdeel,
    Machtiging,
    Organisatie,
    Persoon,
    Postcodegebied,
    Routering,
    Verzuimmelding,
    Vrijstelling,
    database,
    neem_claim,
    niet_geclaimd,
    utcnow,
    vergrendel,
    verleng_claim,
)

from . import berichten, mutaties, routing
from .actor import beheerders
from .fouten import N_, Fout, GeenToegang, Ongeldig
from .gebruikers import beeindig_sessies
from .verzuim import OPEN, nieuwe_versie

ROL = "functioneel_beheer"
PER_KEER = 5000  # persons a transaction
MELDINGEN_PER_KEER = 200
MAX_GEBIEDEN = 2000  # PC4 areas of a split: a large gemeente has about a hundred
CLAIM = datetime.timedelta(minutes=2)
OPRUIMEN_NA_MAANDEN = 3  # seed 000: "na 3 maanden verwijderd"
OPEN_MELDINGEN = N_("Verzuimmeldingen moeten vóór de gemeentelijke herindeling zijn afgehandeld.")
NOG_OPEN = N_("Er staan nog %(aantal)s meldingen van de oude gemeenten open. Handel ze vóór de "
              "datum af; wat dan nog open staat, gaat als nieuwe versie naar de gemeente waar de "
              "leerling woont.")


class Status(enum.StrEnum):
    GEPLAND = "gepland"
    BEZIG = "bezig"
    UITGEVOERD = "uitgevoerd"
    OPGERUIMD = "opgeruimd"


STATUSSEN = {
    Status.GEPLAND: N_("Gepland"),
    Status.BEZIG: N_("Wordt uitgevoerd"),
    Status.UITGEVOERD: N_("Uitgevoerd"),
    Status.OPGERUIMD: N_("Uitgevoerd en opgeruimd"),
}
# What the execution and the clean-up count, as their reports name it.
AANTALLEN = {
    "personen": N_("Leerlingen verhuisd"), "vrijstellingen": N_("Vrijstellingen verplaatst"),
    "meldingen": N_("Openstaande meldingen verplaatst"),
    "machtigingen beëindigd": N_("Machtigingen beëindigd"),
    "aanmeldingen beëindigd": N_("Aanmeldingen beëindigd"),
    "gemeenten opgeheven": N_("Gemeenten opgeheven"), "bestanden": N_("Bestanden verwijderd"),
    "gebruikers": N_("Gebruikers geblokkeerd"), "certificaten": N_("Certificaten ingetrokken"),
}
# The phases of the execution, in order.
FASEN = ("verzamelen", "personen", "vrijstellingen", "meldingen", "machtigingen",
         "aanmeldingen", "gemeenten")


def plus_maanden(datum, maanden):
    """`datum` moved by whole months (negative: back), the day kept where the month has it."""
    maand = datum.month - 1 + maanden
    jaar, maand = datum.year + maand // 12, maand % 12 + 1
    for dag in (datum.day, 30, 29, 28):
        try:
            return datetime.date(jaar, maand, dag)
        except ValueError:
            continue
    raise ValueError(datum)


def aankondigingen(datum):
    """(name, day) of the mails before the date, in order: 3 months, 1 month, 1 week."""
    return [(N_("3 maanden"), plus_maanden(datum, -3)), (N_("1 maand"), plus_maanden(datum, -1)),
            (N_("1 week"), datum - datetime.timedelta(days=7))]


# ---------------------------------------------------------------- recording it

@dataclass(frozen=True)
class Invoer:
    datum: datetime.date | None
    oude_codes: tuple[str, ...]
    nieuwe_code: str
    nieuwe_naam: str = ""  # a new gemeente: its name
    gebieden: tuple[tuple[str, str], ...] = ()  # a split: (pc4, code of the gemeente it goes to)


def _eis(actor):
    if not actor.heeft_rol(ROL):
        raise GeenToegang()


def _actief(code):
    return Gemeente.get_or_none(Gemeente.code == code, Gemeente.geldig_tot.is_null())


def _in_andere(gemeente_ids, datum):
    """The gemeenten of `gemeente_ids` already in a herindeling on `datum` (as old or new)."""
    delen = (Herindelingsdeel.select(Herindelingsdeel.gemeente).join(Herindeling)
             .where(Herindeling.datum == datum, Herindelingsdeel.gemeente.in_(gemeente_ids)))
    nieuw = Herindeling.select(Herindeling.nieuwe_gemeente).where(
        Herindeling.datum == datum, Herindeling.nieuwe_gemeente.in_(gemeente_ids))
    ids = {d.gemeente_id for d in delen} | {h.nieuwe_gemeente_id for h in nieuw}
    return list(Gemeente.select().where(Gemeente.id.in_(ids)).order_by(Gemeente.code))


def _controleer(invoer, vandaag):
    """Every problem of the form, and the gemeenten it names: (fouten, oude, nieuwe or None,
    {pc4: target gemeente})."""
    fouten = []
    if invoer.datum is None:
        fouten.append(Fout("datum", N_("Vul de datum van de herindeling in."), "R-HER-01"))
    elif invoer.datum < vandaag:
        fouten.append(Fout("datum", N_("De datum van de herindeling ligt in het verleden."),
                           "R-HER-01"))
    oude = []
    for code in dict.fromkeys(invoer.oude_codes):
        gemeente = _actief(code)
        if gemeente is None:
            fouten.append(Fout("oude_codes", N_("Gemeente %(code)s bestaat niet of is al "
                                                "opgeheven."), "R-HER-01", {"code": code}))
        else:
            oude.append(gemeente)
    if not invoer.oude_codes:
        fouten.append(Fout("oude_codes", N_("Vul de gemeentecodes van de oude gemeenten in."),
                           "R-HER-01"))
    nieuwe = Gemeente.get_or_none(Gemeente.code == invoer.nieuwe_code)
    if not (len(invoer.nieuwe_code) == 4 and invoer.nieuwe_code.isdigit()):
        fouten.append(Fout("nieuwe_code", N_("Een gemeentecode bestaat uit 4 cijfers."),
                           "R-HER-01"))
    elif nieuwe is not None and nieuwe.geldig_tot is not None:
        fouten.append(Fout("nieuwe_code", N_("Deze gemeente is opgeheven; codes worden niet "
                                             "opnieuw gebruikt."), "R-HER-01"))
    elif nieuwe is None and not invoer.nieuwe_naam.strip():
        fouten.append(Fout("nieuwe_naam", N_("Vul de naam van de nieuwe gemeente in."),
                           "R-HER-01"))
    elif invoer.nieuwe_code in invoer.oude_codes:
        fouten.append(Fout("nieuwe_code", N_("De nieuwe of voortzettende gemeente is niet ook "
                                             "een oude gemeente."), "R-HER-01"))
    gebieden = _gebieden(invoer, oude, fouten)
    if invoer.datum is not None and (oude or nieuwe):
        for dubbel in _in_andere([g.id for g in oude] + ([nieuwe.id] if nieuwe else []),
                                 invoer.datum):
            fouten.append(Fout("oude_codes", N_(
                "%(gemeente)s zit al in een herindeling op %(datum)s."), "R-HER-01",
                {"gemeente": f"{dubbel.code} {dubbel.naam}", "datum": invoer.datum}))
    return fouten, oude, nieuwe, gebieden


def _gebieden(invoer, oude, fouten):
    """A split: {pc4: target} for the listed areas, each an area of an old gemeente, going
    to an existing gemeente or the new one, and together covering every area of each old
    gemeente they divide."""
    if not invoer.gebieden:
        return {}
    if len(invoer.gebieden) > MAX_GEBIEDEN:
        fouten.append(Fout("gebieden", N_("Geef hoogstens %(aantal)s gebieden op."), "R-HER-01",
                           {"aantal": MAX_GEBIEDEN}))
        return {}
    pc4_van = {p.pc4: p.gemeente_id for p in Postcodegebied.select().where(
        Postcodegebied.gemeente.in_([g.id for g in oude]))}
    doelen = {}
    for pc4, code in invoer.gebieden:
        doel = _actief(code)
        if pc4 not in pc4_van:
            fouten.append(Fout("gebieden", N_("Postcodegebied %(pc4)s hoort niet bij een van de "
                                              "oude gemeenten."), "R-HER-01", {"pc4": pc4}))
        elif doel is None and code != invoer.nieuwe_code:
            fouten.append(Fout("gebieden", N_("Gemeente %(code)s bestaat niet of is al "
                                              "opgeheven."), "R-HER-01", {"code": code}))
        else:
            doelen[pc4] = doel or code  # the new gemeente's code: made when recorded
    gesplitst = {pc4_van[p] for p in doelen if p in pc4_van}
    for gemeente in oude:
        if gemeente.id in gesplitst:
            ontbreekt = sorted(p for p, g in pc4_van.items()
                               if g == gemeente.id and p not in doelen)
            if ontbreekt:
                fouten.append(Fout("gebieden", N_(
                    "De gebieden dekken %(gemeente)s niet: %(pc4)s ontbreken."), "R-HER-01",
                    {"gemeente": gemeente.naam, "pc4": ", ".join(ontbreekt)}))
    return doelen


def registreer(actor, invoer, vandaag=None):
    """Record a herindeling (functioneel beheer). Every problem at once (Ongeldig); the
    beheerders of every gemeente involved are mailed."""
    _eis(actor)
    vandaag = vandaag or datetime.date.today()
    fouten, oude, nieuwe, gebieden = _controleer(invoer, vandaag)
    if fouten:
        raise Ongeldig(fouten)
    with database.atomic():
        # The gemeenten locked and checked again: two herindelingen of one gemeente on one
        # date recorded at once are not both stored (SQLite holds its lock from BEGIN).
        list(vergrendel(Gemeente.select(Gemeente.id).where(
            Gemeente.id.in_([g.id for g in oude] + ([nieuwe.id] if nieuwe else [])))))
        fouten, oude, nieuwe, gebieden = _controleer(invoer, vandaag)
        if fouten:
            raise Ongeldig(fouten)
        if nieuwe is None:
            nieuwe = Gemeente.create(code=invoer.nieuwe_code, naam=invoer.nieuwe_naam.strip(),
                                     geldig_van=invoer.datum,
                                     regio=oude[0].regio_id if oude else None)
        herindeling = Herindeling.create(datum=invoer.datum, nieuwe_gemeente=nieuwe,
                                         actor=actor.kenmerk)
        for gemeente in oude:
            eigen = {p: d for p, d in gebieden.items()
                     if Postcodegebied.get_by_id(p).gemeente_id == gemeente.id}
            if not eigen:
                Herindelingsdeel.create(herindeling=herindeling, gemeente=gemeente, naar=nieuwe)
            for pc4, doel in sorted(eigen.items()):
                Herindelingsdeel.create(herindeling=herindeling, gemeente=gemeente, pc4=pc4,
                                        naar=nieuwe if isinstance(doel, str) else doel)
        mutaties.schrijf(actor, "herindeling", herindeling, "herindeling vastgelegd",
                         na={"datum": invoer.datum.isoformat(), "nieuw": nieuwe.code,
                             "oud": [g.code for g in oude],
                             "gebieden": {p: (d if isinstance(d, str) else d.code)
                                          for p, d in gebieden.items()}})
        _kondig_aan(herindeling, "vastgelegd")
    return herindeling


def betrokken(herindeling):
    """Every gemeente of the herindeling: the old ones, the targets and the new one."""
    ids = {herindeling.nieuwe_gemeente_id}
    for deel in herindeling.delen:
        ids |= {deel.gemeente_id, deel.naar_id}
    return list(Gemeente.select().where(Gemeente.id.in_(ids)).order_by(Gemeente.code))


def oude_gemeenten(herindeling):
    ids = {d.gemeente_id for d in herindeling.delen}
    return list(Gemeente.select().where(Gemeente.id.in_(ids)).order_by(Gemeente.code))


def ontvangers(herindeling):
    """How many beheerders with an address the announcements reach."""
    organisaties = {g.organisatie_id for g in betrokken(herindeling) if g.organisatie_id}
    return sum(len(beheerders(o)) for o in organisaties)


def _kondig_aan(herindeling, wanneer, ook=()):
    """Mail the beheerders of every gemeente involved (once per `wanneer`); `wanneer` and
    `ook` (reminders passed meanwhile, not sent on their own) are recorded as done."""
    gezonden = json.loads(herindeling.aankondigingen)
    nieuw = [w for w in (wanneer, *ook) if w not in gezonden]
    if not nieuw:
        return False
    if wanneer in nieuw:
        oud = ", ".join(f"{g.code} {g.naam}" for g in oude_gemeenten(herindeling))
        doel = herindeling.nieuwe_gemeente
        organisaties = {g.organisatie_id for g in betrokken(herindeling) if g.organisatie_id}
        for organisatie_id in sorted(organisaties):
            for beheerder in beheerders(organisatie_id):
                berichten.herindeling(beheerder.email, herindeling.id, herindeling.datum, oud,
                                      f"{doel.code} {doel.naam}", wanneer)
    herindeling.aankondigingen = json.dumps(gezonden + nieuw)
    herindeling.save(only=[Herindeling.aankondigingen])
    return wanneer in nieuw


def kondig_aan(vandaag=None):
    """The mails 3 months, 1 month and 1 week before each planned date: the latest one
    reached, once (one recorded late gets only that one). Returns how many went."""
    vandaag = vandaag or datetime.date.today()
    verstuurd = 0
    for herindeling in Herindeling.select().where(Herindeling.status == Status.GEPLAND,
                                                  Herindeling.datum > vandaag):
        bereikt = [naam for naam, dag in aankondigingen(herindeling.datum) if dag <= vandaag]
        if not bereikt:
            continue
        with database.atomic():
            if _kondig_aan(herindeling, bereikt[-1], bereikt[:-1]):
                verstuurd += 1
    return verstuurd


# ---------------------------------------------------------------- who sees it

def zichtbaar(actor):
    """The herindelingen the actor may open: all for functioneel beheer; for a gemeente's
    users those of their gemeenten (old, new or target). Newest date first."""
    query = Herindeling.select(Herindeling, Gemeente).join(
        Gemeente, on=Herindeling.nieuwe_gemeente == Gemeente.id)
    if not actor.heeft_rol(ROL):
        if actor.organisatie_soort != "gemeente":
            raise GeenToegang()
        eigen = Gemeente.select(Gemeente.id).where(Gemeente.organisatie == actor.organisatie_id)
        query = query.where(Herindeling.nieuwe_gemeente.in_(eigen) | Herindeling.id.in_(
            Herindelingsdeel.select(Herindelingsdeel.herindeling).where(
                Herindelingsdeel.gemeente.in_(eigen) | Herindelingsdeel.naar.in_(eigen))))
    return list(query.order_by(Herindeling.datum.desc(), Herindeling.id.desc()))


def van(actor, herindeling_id):
    for herindeling in zichtbaar(actor):
        if herindeling.id == herindeling_id:
            return herindeling
    raise GeenToegang()


def open_meldingen(herindeling):
    """The old gemeenten' meldingen still open, oldest first: to handle before the date
    (seed 000). No person's data: the number, school, dates and status."""
    return list(Verzuimmelding.select(Verzuimmelding.nummer, Verzuimmelding.status,
                                      Verzuimmelding.melddatum, Verzuimmelding.periode_van,
                                      Verzuimmelding.instelling, Verzuimmelding.gemeente)
                .where(Verzuimmelding.gemeente.in_([g.id for g in oude_gemeenten(herindeling)]),
                       Verzuimmelding.status.in_(list(OPEN)))
                .order_by(Verzuimmelding.melddatum, Verzuimmelding.nummer))


# ---------------------------------------------------------------- the dry run

@dataclass
class Proef:
    """What the herindeling moves where, and what stands in its way."""

    personen: list = field(default_factory=list)  # [(from, to, how many)]
    vrijstellingen: int = 0
    open_meldingen: int = 0
    routeringen: int = 0  # versions of the old gemeenten: the new one sets its own
    machtigingen: list = field(default_factory=list)  # [(instantie, of which old gemeente)]
    aanmeldingen: int = 0
    certificaten: int = 0  # of the old gemeenten' organisations: revoked after 3 months
    gebruikers: int = 0  # idem: blocked after 3 months
    bezwaren: list = field(default_factory=list)  # [Fout]: what stands in the way


def _pc4():
    return fn.SUBSTR(Persoon.postcode, 1, 4)


def _doel_per_pc4(herindeling):
    """{old gemeente id: {pc4 or None: target id}}."""
    doelen: dict[int, dict] = {}
    for deel in herindeling.delen:
        doelen.setdefault(deel.gemeente_id, {})[deel.pc4] = deel.naar_id
    return doelen


def _oude_organisaties(herindeling):
    """The organisations of the old gemeenten that do not go on: not the new gemeente's,
    and none that still has a gemeente outside the herindeling."""
    oude = oude_gemeenten(herindeling)
    ids = {g.id for g in oude}
    uit = set()
    for organisatie_id in {g.organisatie_id for g in oude if g.organisatie_id}:
        if organisatie_id == herindeling.nieuwe_gemeente.organisatie_id:
            continue
        if not Gemeente.select().where(Gemeente.organisatie == organisatie_id,
                                       Gemeente.id.not_in(list(ids)),
                                       Gemeente.geldig_tot.is_null()).exists():
            uit.add(organisatie_id)
    return sorted(uit)


def proef(herindeling):
    """R-HER-01's dry run, counted from the register as it is now."""
    namen = {g.id: f"{g.code} {g.naam}" for g in betrokken(herindeling)}
    oude = list(_doel_per_pc4(herindeling))
    nieuw = herindeling.nieuwe_gemeente_id
    p = Proef()
    per_doel: Counter = Counter()
    for gemeente_id, doelen in _doel_per_pc4(herindeling).items():
        if None in doelen:
            aantal = Persoon.select().where(Persoon.woongemeente == gemeente_id).count()
            per_doel[(gemeente_id, doelen[None])] += aantal
            continue
        onbekend = 0
        for pc4, aantal in (Persoon.select(_pc4(), fn.COUNT(Persoon.id))
                            .where(Persoon.woongemeente == gemeente_id)
                            # By position: PostgreSQL sees two SUBSTR($1, $2) as different.
                            .group_by(SQL("1")).tuples()):
            if pc4 in doelen:
                per_doel[(gemeente_id, doelen[pc4])] += aantal
            else:
                onbekend += aantal
        if onbekend:
            per_doel[(gemeente_id, nieuw)] += onbekend
            p.bezwaren.append(Fout("", N_(
                "%(aantal)s personen in %(gemeente)s wonen buiten de opgegeven gebieden (of "
                "zonder postcode): zij gaan naar %(nieuw)s."), "R-HER-01",
                {"aantal": onbekend, "gemeente": namen[gemeente_id], "nieuw": namen[nieuw]}))
    p.personen = [(namen[van_], namen[naar], aantal)
                  for (van_, naar), aantal in sorted(per_doel.items())]
    p.vrijstellingen = Vrijstelling.select().where(Vrijstelling.gemeente.in_(oude)).count()
    p.open_meldingen = Verzuimmelding.select().where(
        Verzuimmelding.gemeente.in_(oude), Verzuimmelding.status.in_(list(OPEN))).count()
    if p.open_meldingen:
        p.bezwaren.append(Fout("", NOG_OPEN, "R-HER-01", {"aantal": p.open_meldingen}))
    p.routeringen = Routering.select().where(Routering.gemeente.in_(oude)).count()
    for m in (Machtiging.select(Machtiging, Organisatie).join(Organisatie)
              .where(Machtiging.gemeente.in_(oude), Machtiging.beeindigd.is_null())):
        p.machtigingen.append((m.organisatie.naam, namen[m.gemeente_id]))
    p.aanmeldingen = Aanmelding.select().where(Aanmelding.gemeente.in_(oude),
                                               Aanmelding.actief == True).count()  # noqa: E712
    organisaties = _oude_organisaties(herindeling)
    p.certificaten = Certificaat.select().where(Certificaat.organisatie.in_(organisaties),
                                                Certificaat.status == "actief").count()
    p.gebruikers = Gebruiker.select().where(Gebruiker.organisatie.in_(organisaties),
                                            Gebruiker.actief == True).count()  # noqa: E712
    if herindeling.nieuwe_gemeente.organisatie_id is None:
        p.bezwaren.append(Fout("", N_(
            "%(nieuw)s heeft nog geen organisatie in het register: meld haar aan met een "
            "beheerder, zodat zij haar meldingen kan ontvangen."), "R-HER-01",
            {"nieuw": namen[nieuw]}))
    return p


# ---------------------------------------------------------------- the execution

_OPEN = Herindeling.status.in_([Status.GEPLAND, Status.BEZIG])


class Overgenomen(Exception):
    """Another worker took the herindeling over: this one stops."""


def te_doen(vandaag=None):
    """Ids of herindelingen whose date has come and that no worker holds."""
    vandaag = vandaag or datetime.date.today()
    return [h.id for h in Herindeling.select(Herindeling.id).where(
        niet_geclaimd(Herindeling, _OPEN), Herindeling.datum <= vandaag)
        .order_by(Herindeling.datum, Herindeling.id)]


def voer_uit(actor, herindeling_id, per_keer=PER_KEER, claim=CLAIM, vandaag=None):
    """Carry out (or go on with) a herindeling whose date has come; the Herindeling when
    this worker finished it, None when another holds it, it is done or not due."""
    vandaag = vandaag or datetime.date.today()
    herindeling = Herindeling.get_or_none(Herindeling.id == herindeling_id)
    if herindeling is None or herindeling.datum > vandaag:
        return None
    houder = neem_claim(Herindeling, herindeling_id, claim, _OPEN)
    if houder is None:
        return None
    try:
        while _stap(actor, herindeling_id, houder, per_keer, claim):
            pass
    except Overgenomen:
        return None
    return Herindeling.get_by_id(herindeling_id)


def _stap(actor, herindeling_id, houder, per_keer, claim):
    """One batch of the phase under way, in one transaction with the claim renewed, the
    counts and the phase; False when the herindeling is done."""
    with database.atomic():
        if not verleng_claim(Herindeling, herindeling_id, houder, claim, _OPEN):
            raise Overgenomen()
        h = Herindeling.get_by_id(herindeling_id)
        fase = h.fase or FASEN[0]
        aantallen = Counter(json.loads(h.aantallen))
        gedaan = _FASEN[fase](actor, h, per_keer, aantallen)
        volgende = fase if gedaan else (FASEN[FASEN.index(fase) + 1]
                                        if fase != FASEN[-1] else None)
        kolommen = {"aantallen": json.dumps(aantallen), "status": Status.BEZIG,
                    "fase": volgende or fase}
        if volgende is None:
            kolommen.update(status=Status.UITGEVOERD, uitgevoerd=utcnow(), houder=None)
            mutaties.schrijf(actor, "herindeling", h, "herindeling uitgevoerd", na=aantallen)
        Herindeling.update(**kolommen).where(Herindeling.id == h.id).execute()
        return volgende is not None


def _verzamelen(actor, h, per_keer, aantallen):
    """Gather the persons to move and where each goes, a statement per PC4 area and one for
    each old gemeente's rest (the whole of a merged one; the new gemeente for a split's
    persons outside its areas). In one transaction: cut off, it is gathered again."""
    HerindelingPersoon.delete().where(HerindelingPersoon.herindeling == h.id).execute()
    velden = [HerindelingPersoon.herindeling, HerindelingPersoon.persoon, HerindelingPersoon.naar]
    for gemeente_id, doelen in _doel_per_pc4(h).items():
        gebieden = sorted(p for p in doelen if p)
        for pc4 in gebieden:
            HerindelingPersoon.insert_from(
                Persoon.select(Value(h.id), Persoon.id, Value(doelen[pc4])).where(
                    Persoon.woongemeente == gemeente_id, _pc4() == pc4), velden).execute()
        rest = Persoon.woongemeente == gemeente_id
        if gebieden:  # outside the areas listed, or without a postcode
            rest &= Persoon.postcode.is_null() | _pc4().not_in(gebieden)
        HerindelingPersoon.insert_from(
            Persoon.select(Value(h.id), Persoon.id, Value(doelen.get(None, h.nieuwe_gemeente_id)))
            .where(rest), velden).execute()
    return False


def _personen(actor, h, per_keer, aantallen):
    """One batch of the gathered persons, in id order after the last one moved, to their
    target, in one UPDATE on the list (no ids through Python); the BRP source's records go
    along, as the BRP follows a herindeling on its date. True while there was a batch."""
    lijst = HerindelingPersoon.select(HerindelingPersoon.persoon).where(
        HerindelingPersoon.herindeling == h.id, HerindelingPersoon.persoon > h.positie)
    tot = (lijst.order_by(HerindelingPersoon.persoon).offset(per_keer - 1).limit(1).scalar()
           or lijst.select(fn.MAX(HerindelingPersoon.persoon)).scalar())
    if tot is None:
        return False
    deel = (HerindelingPersoon.herindeling == h.id) & (HerindelingPersoon.persoon > h.positie) \
        & (HerindelingPersoon.persoon <= tot)
    p = database.param
    aantallen["personen"] += database.execute_sql(
        f"UPDATE persoon SET woongemeente_id = (SELECT w.naar_id FROM herindeling_persoon w "
        f"WHERE w.herindeling_id = {p} AND w.persoon = persoon.id) WHERE id IN (SELECT "
        f"w.persoon FROM herindeling_persoon w WHERE w.herindeling_id = {p} AND w.persoon > "
        f"{p} AND w.persoon <= {p})", (h.id, h.id, h.positie, tot)).rowcount
    for naar in {d.naar_id for d in h.delen} | {h.nieuwe_gemeente_id}:
        BrpPersoon.update(gemeentecode=Gemeente.get_by_id(naar).code).where(
            BrpPersoon.bsn.in_(Persoon.select(Persoon.bsn).where(
                Persoon.bsn.is_null(False), Persoon.id.in_(
                    HerindelingPersoon.select(HerindelingPersoon.persoon)
                    .where(deel, HerindelingPersoon.naar == naar))))).execute()
    Herindeling.update(positie=tot).where(Herindeling.id == h.id).execute()
    return True


def _vrijstellingen(actor, h, per_keer, aantallen):
    """The old gemeenten' vrijstellingen to the gemeente their person lives in now (the new
    one when that is still an old one, or abroad)."""
    oude = list(_doel_per_pc4(h))
    for doel in {d.naar_id for d in h.delen} | {h.nieuwe_gemeente_id}:
        aantallen["vrijstellingen"] += Vrijstelling.update(gemeente=doel).where(
            Vrijstelling.gemeente.in_(oude), Vrijstelling.persoon.in_(
                Persoon.select(Persoon.id).where(Persoon.woongemeente == doel))).execute()
    aantallen["vrijstellingen"] += Vrijstelling.update(gemeente=h.nieuwe_gemeente_id).where(
        Vrijstelling.gemeente.in_(oude)).execute()
    return False


def _meldingen(actor, h, per_keer, aantallen):
    """A batch of open meldingen to the gemeente their pupil lives in now, each a new
    version (their history says so) routed by that gemeente's routering."""
    oude = list(_doel_per_pc4(h))
    meldingen = list(Verzuimmelding.select().where(
        Verzuimmelding.gemeente.in_(oude), Verzuimmelding.status.in_(list(OPEN)))
        .order_by(Verzuimmelding.id).limit(min(per_keer, MELDINGEN_PER_KEER)))
    tabellen = {}  # the routering of each target, read once a batch
    for melding in meldingen:
        woont = melding.persoon.woongemeente
        doel = woont if woont is not None and woont.id not in oude else h.nieuwe_gemeente
        if doel.id not in tabellen:
            tabellen[doel.id] = routing.routes(doel, datetime.date.today())
        route = routing.route_in(doel, melding.categorie, None, tabellen[doel.id])
        nieuwe_versie(actor, melding, "herindeling", gemeente=doel, instantie_email=route.email,
                      instantie=route.instantie)
        berichten.melding_doorgestuurd(melding)  # its new gemeente is told, as on a move
        aantallen["meldingen"] += 1
    return bool(meldingen)


def _machtigingen(actor, h, per_keer, aantallen):
    """The old gemeenten' machtigingen end: an old gemeente's verklaring does not authorise
    an instantie for the whole new gemeente; the new one grants afresh (its page)."""
    aantallen["machtigingen beëindigd"] += Machtiging.update(
        beeindigd=utcnow(), beeindigd_door="herindeling").where(
        Machtiging.gemeente.in_(list(_doel_per_pc4(h))), Machtiging.beeindigd.is_null()).execute()
    return False


def _aanmeldingen(actor, h, per_keer, aantallen):
    """The old gemeenten' sign-ups end: the new gemeente signs up itself (its checklist)."""
    aantallen["aanmeldingen beëindigd"] += Aanmelding.update(actief=False).where(
        Aanmelding.gemeente.in_(list(_doel_per_pc4(h))),
        Aanmelding.actief == True).execute()  # noqa: E712
    return False


def _gemeenten(actor, h, per_keer, aantallen):
    """The old gemeenten end the day before; the new one succeeds them (routing follows)."""
    aantallen["gemeenten opgeheven"] += Gemeente.update(
        geldig_tot=h.datum - datetime.timedelta(days=1), opgevolgd_door=h.nieuwe_gemeente_id
    ).where(Gemeente.id.in_(list(_doel_per_pc4(h)))).execute()
    HerindelingPersoon.delete().where(HerindelingPersoon.herindeling == h.id).execute()
    return False


_FASEN = {"verzamelen": _verzamelen, "personen": _personen, "vrijstellingen": _vrijstellingen,
          "meldingen": _meldingen, "machtigingen": _machtigingen,
          "aanmeldingen": _aanmeldingen, "gemeenten": _gemeenten}


# ---------------------------------------------------------------- three months on

def op_te_ruimen(vandaag=None):
    vandaag = vandaag or datetime.date.today()
    return [h for h in Herindeling.select().where(Herindeling.status == Status.UITGEVOERD)
            if plus_maanden(h.datum, OPRUIMEN_NA_MAANDEN) <= vandaag]


def ruim_op(actor, herindeling):
    """Seed 000: three months after the date the old gemeenten' files are removed and their
    users blocked (their certificates revoked), with a report; once."""
    with database.atomic():
        if not Herindeling.update(status=Status.OPGERUIMD, opgeruimd=utcnow()).where(
                Herindeling.id == herindeling.id,
                Herindeling.status == Status.UITGEVOERD).execute():
            return None
        organisaties = _oude_organisaties(herindeling)
        verslag = {"bestanden": Bestand.delete().where(
            Bestand.organisatie.in_(organisaties)).execute()}
        gebruikers = [g.id for g in Gebruiker.select(Gebruiker.id).where(
            Gebruiker.organisatie.in_(organisaties), Gebruiker.actief == True)]  # noqa: E712
        Gebruiker.update(actief=False).where(Gebruiker.id.in_(gebruikers)).execute()
        for gebruiker_id in gebruikers:
            beeindig_sessies(gebruiker_id)
        verslag["gebruikers"] = len(gebruikers)
        verslag["certificaten"] = Certificaat.update(status="ingetrokken").where(
            Certificaat.organisatie.in_(organisaties), Certificaat.status == "actief").execute()
        Herindeling.update(verslag=json.dumps(verslag)).where(
            Herindeling.id == herindeling.id).execute()
        mutaties.schrijf(actor, "herindeling", herindeling, "herindeling opgeruimd", na=verslag)
    return verslag


def dag(actor, vandaag=None, per_keer=PER_KEER, claim=CLAIM):
    """What the daily job does for `vandaag` (the demo moves the clock with it): the
    announcements, the herindelingen due, the clean-ups due. Returns a summary."""
    vandaag = vandaag or datetime.date.today()
    uitgevoerd = [voer_uit(actor, i, per_keer, claim, vandaag) for i in te_doen(vandaag)]
    opgeruimd = [ruim_op(actor, h) for h in op_te_ruimen(vandaag)]
    return {"aangekondigd": kondig_aan(vandaag),
            "uitgevoerd": sum(1 for h in uitgevoerd if h is not None),
            "opgeruimd": sum(1 for v in opgeruimd if v is not None)}
