"""What an upgrade leaves to the application after the migrations ran (`flask db upgrade`):
data a new column needs that only the domain can compute."""
from peewee import Case

from models import Gemeente, Instelling, MeldingVersie, Persoon, Verzuimmelding, database

from . import documenten


def documenten_aanvullen(per=1000):
    """Versions written before migration 0008 get their entry in the change feed, from
    the melding as it is now (what the feed sent for them until then). `flask db upgrade`
    runs this after migrating; returns how many were filled."""
    aantal, na = 0, 0
    while True:
        with database.atomic():
            rijen = list(MeldingVersie.select(MeldingVersie, Verzuimmelding, Persoon, Instelling,
                                              Gemeente)
                         .join(Verzuimmelding).join(Persoon).switch(Verzuimmelding)
                         .join(Instelling).switch(Verzuimmelding).join(Gemeente)
                         .where(MeldingVersie.document.is_null(), MeldingVersie.id > na)
                         .order_by(MeldingVersie.id).limit(per))
            if not rijen:
                return aantal
            na = rijen[-1].id
            teksten = Case(MeldingVersie.id, [(v.id, documenten.mutatie(v)) for v in rijen])
            (MeldingVersie.update(document=teksten)
             .where(MeldingVersie.id.in_([v.id for v in rijen])).execute())
        aantal += len(rijen)
