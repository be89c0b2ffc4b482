"""R-AVG-02: every read of persons' data is logged with who, when and why."""
import json

from models import Inzagelog, Sjabloon, utcnow

from .machtiging import waaronder

# Every page that shows persons writes one: its SQL text built once.
_NIEUW = Sjabloon(lambda _vorm, waarde: Inzagelog.insert(
    tijdstip=waarde("tijdstip"), actor=waarde("actor"), organisatie=waarde("organisatie"),
    doel=waarde("doel"), personen=waarde("personen"), brp=waarde("brp"),
    machtigingen=waarde("machtigingen")))


def log(actor, doel, persoon_ids, bsns=(), gemeenten=None):
    """`persoon_ids`: persons of the register read; `bsns`: records read from the BRP
    source that are not (yet) in the register, which have no other name. An instantie
    reads under the machtigingen of its gemeenten: they are logged with the read (R-GEM-03),
    only those of `gemeenten` (ids) when the read is of those gemeenten' data alone."""
    ids = sorted(set(persoon_ids))
    brp = sorted(set(bsns))
    if ids or brp:
        machtigingen = waaronder(actor, gemeenten)
        _NIEUW.rijen(None, tijdstip=utcnow(), actor=actor.kenmerk,
                     organisatie=actor.organisatie_id, doel=doel, personen=json.dumps(ids),
                     brp=json.dumps(brp) if brp else None,
                     machtigingen=json.dumps(machtigingen) if machtigingen else None)
