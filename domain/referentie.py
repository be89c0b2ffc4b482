"""Reference data from CSV files: regio's, gemeenten, landen, PC4 areas, and the
besturen/instellingen/onderwijslocaties of the demo. Loading twice changes nothing.

The lists the pages show on every request (the verzuim lists, the landen) are kept in
each process's memory (`lijsten`): a load raises `referentiestand.versie` in its own
transaction, and a process reads the lists again when that number is not the one it
holds, so a new list counts at once on every node, without a restart."""
import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from peewee import Model

from models import (
    Bestuur,
    Gemeente,
    Instelling,
    Land,
    Lijstwaarde,
    Onderwijslocatie,
    Opleiding,
    Organisatie,
    Postcodegebied,
    Referentiestand,
    Regio,
    Sjabloon,
    database,
)

from . import velden


def lees(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def organisatie(soort, naam, oin):
    """The organisation with this OIN (20 digits), created or brought up to date."""
    if not (len(oin) == 20 and oin.isdigit()):
        raise ValueError(f"{naam}: an OIN has 20 digits, not {oin!r}")
    org = Organisatie.get_or_none(Organisatie.oin == oin)
    if org is None:
        return Organisatie.create(soort=soort, naam=naam, oin=oin)
    if (org.soort, org.naam) != (soort, naam):
        org.soort, org.naam = soort, naam
        org.save()
    return org


def _upsert(model, key, values):
    """Insert or update one row by its natural key; returns the row."""
    row = model.get_or_none(getattr(model, key) == values[key])
    if row is None:
        return model.create(**values)
    raw = {k: v.get_id() if isinstance(v, Model) else v for k, v in values.items()}
    if any(row.__data__.get(k) != v for k, v in raw.items()):
        for k, v in values.items():
            setattr(row, k, v)
        row.save()
    return row


def laad_referentie(folder):
    """Regio's, gemeenten (each its own organisation with OIN), landen, postcodes, the
    reference lists of verzuim and the opleidingen."""
    folder = Path(folder)
    counts = {}
    with database.atomic():
        regios = {}
        for r in lees(folder / "regios.csv"):
            regios[r["code"]] = _upsert(Regio, "code", {"code": r["code"], "naam": r["naam"]})
        counts["regios"] = len(regios)
        gemeenten = {}
        for g in lees(folder / "gemeenten.csv"):
            if g["verzuimloket_email"] and not velden.is_email(g["verzuimloket_email"]):
                # Every new melding is mailed there (R-VZ-10): refused here, not in the worker.
                raise ValueError(f"{g['code']}: verzuimloket_email is not an address a mail "
                                 f"can be sent to: {g['verzuimloket_email']!r}")
            org = organisatie("gemeente", f"Gemeente {g['naam']}", g["oin"])
            gemeenten[g["code"]] = _upsert(Gemeente, "code", {
                "code": g["code"], "naam": g["naam"], "regio": regios.get(g["regiocode"]),
                "verzuimloket_email": g["verzuimloket_email"] or None, "organisatie": org})
        counts["gemeenten"] = len(gemeenten)
        landen = lees(folder / "landen.csv")
        for land in landen:
            _upsert(Land, "code", {"code": land["code"], "naam": land["naam"],
                                   "naam_en": land["naam_en"]})
        counts["landen"] = len(landen)
        postcodes = lees(folder / "postcodes.csv")
        for p in postcodes:
            _upsert(Postcodegebied, "pc4",
                    {"pc4": p["pc4"], "gemeente": gemeenten[p["gemeentecode"]]})
        counts["postcodes"] = len(postcodes)
        lijsten = lees(folder / "verzuimlijsten.csv")
        for w in lijsten:
            rij = Lijstwaarde.get_or_none(Lijstwaarde.lijst == w["lijst"],
                                          Lijstwaarde.code == w["code"])
            waarden = dict(w, volgorde=int(w["volgorde"]))
            if rij is None:
                Lijstwaarde.create(**waarden)
            else:
                Lijstwaarde.update(**waarden).where(Lijstwaarde.id == rij.id).execute()
        counts["verzuimlijsten"] = len(lijsten)
        opleidingen = lees(folder / "opleidingen.csv")
        for o in opleidingen:
            _upsert(Opleiding, "code", {**o, "startkwalificatie": o["startkwalificatie"] == "ja"})
        counts["opleidingen"] = len(opleidingen)
        nieuwe_stand()
    return counts


def laad_instellingen(folder):
    """Besturen (each an organisation), instellingen and onderwijslocaties."""
    folder = Path(folder)
    with database.atomic():
        besturen = {}
        for b in lees(folder / "besturen.csv"):
            org = organisatie("bestuur", b["naam"], b["oin"])
            besturen[b["code"]] = _upsert(Bestuur, "code", {
                "code": b["code"], "naam": b["naam"], "organisatie": org})
        instellingen = {}
        for i in lees(folder / "instellingen.csv"):
            instellingen[i["code"]] = _upsert(Instelling, "code", {
                "code": i["code"], "naam": i["naam"], "soort": i["soort"],
                "categorie": i["categorie"],
                "oprichtingsdatum": datetime.date.fromisoformat(i["oprichtingsdatum"]),
                "bestuur": besturen[i["bestuurcode"]]})
        locaties = lees(folder / "onderwijslocaties.csv")
        for loc in locaties:
            _upsert(Onderwijslocatie, "code", {
                "code": loc["code"], "naam": loc["naam"], "plaats": loc["plaats"] or None,
                "instelling": instellingen[loc["code"][:4]]})
    return {"besturen": len(besturen), "instellingen": len(instellingen),
            "onderwijslocaties": len(locaties)}


def nieuwe_stand():
    """Every process reads the reference lists again at its next use (call it inside
    the transaction that changes them)."""
    Referentiestand.update(versie=Referentiestand.versie + 1).where(
        Referentiestand.id == 1).execute()


@dataclass(frozen=True)
class Lijsten:
    """The reference lists as one version of them: never changed, shared by the threads
    of a process; their rows are read-only."""

    versie: int
    per_lijst: dict  # lijst -> [Lijstwaarde] in their order
    waarden: dict  # (lijst, code) -> Lijstwaarde
    landen: tuple  # Land, by name
    postcodes: dict  # PC4 -> gemeente id (where a school-given address lives)
    landcodes: frozenset


_bewaard: Lijsten | None = None
_STAND = Sjabloon(lambda _vorm, _waarde: (
    Referentiestand.select(Referentiestand.versie).where(Referentiestand.id == 1)))


def lijsten() -> Lijsten:
    """The reference lists, from memory while the stand is the one they were read at:
    one small query instead of reading the lists (3 to 8 queries a page)."""
    global _bewaard
    ((versie,),) = _STAND.rijen(None)
    bewaard = _bewaard
    if bewaard is None or bewaard.versie != versie:
        per_lijst: dict[str, list] = {}
        for waarde in Lijstwaarde.select().order_by(Lijstwaarde.lijst, Lijstwaarde.volgorde):
            per_lijst.setdefault(waarde.lijst, []).append(waarde)
        bewaard = _bewaard = Lijsten(
            versie, per_lijst,
            {(w.lijst, w.code): w for waarden in per_lijst.values() for w in waarden},
            tuple(Land.select().order_by(Land.naam)),
            dict(Postcodegebied.select(Postcodegebied.pc4, Postcodegebied.gemeente).tuples()),
            frozenset(land.code for land in Land.select(Land.code)))
    return bewaard
