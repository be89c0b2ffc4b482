"""Every change to the register is a Mutatie, written in the caller's transaction."""
import datetime
import json

from models import Mutatie, Sjabloon, transactie, utcnow, voeg_toe


def momentopname(obj):
    """A JSON-able dict of a row's own columns (foreign keys as ids): what
    `model_to_dict(obj, recurse=False)` gives, at a file's pace (two a row)."""
    data = obj.__data__
    return {veld.name: _json_waarde(data.get(veld.name)) for veld in obj._meta.sorted_fields}


def _json_waarde(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


# Every change writes one (a file of 100,000 rows: 200,000): its SQL text built once.
_NIEUW = Sjabloon(lambda _vorm, waarde: Mutatie.insert(
    {Mutatie.transactie: transactie(), **{veld: waarde(veld.name) for veld in (
        Mutatie.tijdstip, Mutatie.actor, Mutatie.organisatie, Mutatie.onderwerp,
        Mutatie.onderwerp_id, Mutatie.persoon, Mutatie.soort, Mutatie.voor, Mutatie.na)}}))


def schrijf(actor, onderwerp, obj, soort, *, voor=None, na=None, persoon=None):
    """Record a change. `voor`/`na` are momentopnames (None for creation/removal)."""
    _NIEUW.rijen(None, tijdstip=utcnow(), actor=actor.kenmerk,
                 organisatie=actor.organisatie_id, onderwerp=onderwerp,
                 onderwerp_id=obj.id, persoon=getattr(persoon, "id", persoon), soort=soort,
                 voor=json.dumps(voor, sort_keys=True) if voor is not None else None,
                 na=json.dumps(na, sort_keys=True) if na is not None else None)


def schrijf_veel(actor, onderwerp, soort, objecten, personen):
    """Record the creation of each of `objecten` (saved), `personen` the person of each:
    what `schrijf` does for one, for a file's batch in as few statements as the engine
    takes."""
    tijdstip = utcnow()
    voeg_toe([Mutatie(tijdstip=tijdstip, actor=actor.kenmerk, organisatie=actor.organisatie_id,
                      onderwerp=onderwerp, onderwerp_id=obj.id,
                      persoon=getattr(persoon, "id", persoon), soort=soort, voor=None,
                      na=json.dumps(momentopname(obj), sort_keys=True))
              for obj, persoon in zip(objecten, personen, strict=True)], "onderwerp_id")
