"""The BRP as the register sees it: names, address, woongemeente and death of a BSN holder.

One small adapter with the file source now (an extract loaded by `flask brp load`);
the Haal Centraal "BRP Personen Bevragen" source can take its place behind `zoek`.
"""
import csv
import datetime
from dataclasses import dataclass

from models import BrpPersoon, database

KOLOMMEN = (
    "bsn", "geslachtsnaam", "voorvoegsel", "voornamen", "geslacht", "geboortedatum",
    "straatnaam", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
    "woonplaats", "gemeentecode", "datum_overlijden",
)


@dataclass(frozen=True)
class BrpGegevens:
    bsn: str
    achternaam: str
    voorvoegsels: str | None
    voornamen: str | None
    geslacht: str
    geboortedatum: datetime.date
    straatnaam: str | None
    huisnummer: int | None
    huisletter: str | None
    huisnummertoevoeging: str | None
    postcode: str | None
    plaatsnaam: str | None
    gemeentecode: str | None
    datum_overlijden: datetime.date | None


def zoek(bsn):
    """BrpGegevens for a BSN, or None when the source does not know it."""
    return zoek_veel([bsn]).get(bsn)


def zoek_veel(bsns):
    """BrpGegevens by BSN, of those of `bsns` the source knows."""
    bsns = sorted(set(bsns))
    if not bsns:
        return {}
    return {row.bsn: _gegevens(row)
            for row in BrpPersoon.select().where(BrpPersoon.bsn.in_(bsns))}


def _gegevens(row):
    return BrpGegevens(
        bsn=row.bsn, achternaam=row.geslachtsnaam, voorvoegsels=row.voorvoegsel,
        voornamen=row.voornamen, geslacht=row.geslacht, geboortedatum=row.geboortedatum,
        straatnaam=row.straatnaam, huisnummer=row.huisnummer, huisletter=row.huisletter,
        huisnummertoevoeging=row.huisnummertoevoeging, postcode=row.postcode,
        plaatsnaam=row.woonplaats, gemeentecode=row.gemeentecode,
        datum_overlijden=row.datum_overlijden,
    )


def laad_extract(path):
    """Load (or refresh) a BRP extract CSV; returns the BSNs read (the register's persons
    among them take the changes: inschrijving.ververs_uit_brp)."""
    def leeg(v):
        return v.strip() or None

    with open(path, newline="", encoding="utf-8") as fh:
        rows = []
        for rec in csv.DictReader(fh):
            row = {k: leeg(rec.get(k, "")) for k in KOLOMMEN}
            row["geboortedatum"] = datetime.date.fromisoformat(row["geboortedatum"])
            if row["datum_overlijden"]:
                row["datum_overlijden"] = datetime.date.fromisoformat(row["datum_overlijden"])
            if row["huisnummer"]:
                row["huisnummer"] = int(row["huisnummer"])
            rows.append(row)
    with database.atomic():
        for row in rows:
            (BrpPersoon.insert(**row)
             .on_conflict(conflict_target=[BrpPersoon.bsn],
                          preserve=list(BrpPersoon._meta.fields.values())[1:])
             .execute())
    return [row["bsn"] for row in rows]
