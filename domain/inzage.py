"""R-AVG-02: every read of persons' data is logged with who, when and why."""
import json

from models import Inzagelog


def log(actor, doel, persoon_ids):
    ids = sorted(set(persoon_ids))
    if ids:
        Inzagelog.create(
            actor=actor.kenmerk, organisatie=actor.organisatie_id, doel=doel,
            personen=json.dumps(ids),
        )
