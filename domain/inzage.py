"""R-AVG-02: every read of persons' data is logged with who, when and why."""
import json

from models import Inzagelog


def log(actor, doel, persoon_ids, bsns=()):
    """`persoon_ids`: persons of the register read; `bsns`: records read from the BRP
    source that are not (yet) in the register, which have no other name."""
    ids = sorted(set(persoon_ids))
    brp = sorted(set(bsns))
    if ids or brp:
        Inzagelog.create(
            actor=actor.kenmerk, organisatie=actor.organisatie_id, doel=doel,
            personen=json.dumps(ids), brp=json.dumps(brp) if brp else None,
        )
