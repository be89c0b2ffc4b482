"""Every change to the register is a Mutatie, written in the caller's transaction."""
import datetime
import json

from playhouse.shortcuts import model_to_dict

from models import Mutatie


def momentopname(obj):
    """A JSON-able dict of a row's own columns (foreign keys as ids)."""
    data = model_to_dict(obj, recurse=False)
    return {k: _json_waarde(v) for k, v in data.items()}


def _json_waarde(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def schrijf(actor, onderwerp, obj, soort, *, voor=None, na=None, persoon=None):
    """Record a change. `voor`/`na` are momentopnames (None for creation/removal)."""
    return Mutatie.create(
        actor=actor.kenmerk,
        organisatie=actor.organisatie_id,
        onderwerp=onderwerp,
        onderwerp_id=obj.id,
        persoon=persoon,
        soort=soort,
        voor=json.dumps(voor, sort_keys=True) if voor is not None else None,
        na=json.dumps(na, sort_keys=True) if na is not None else None,
    )
