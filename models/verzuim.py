"""Verzuim: the reference lists of the melding (as data, with their wire codes).
The melding itself (Verzuimmelding, MeldingVersie, ...) joins this module next."""
from peewee import CharField, IntegerField

from .db import BaseModel


class Lijstwaarde(BaseModel):
    """One value of a reference list: vermoedelijke_soort, status, wet, reden_afgesloten,
    toelichting_afsluiting, reden_intrekken, actie_school. `kenmerken` holds flags such
    as einddatum_verplicht, verbijzondering, open, vervallen, toelichting_verplicht."""

    lijst = CharField(max_length=40)
    code = CharField(max_length=30)
    naam = CharField(max_length=200)
    naam_en = CharField(max_length=200)
    volgorde = IntegerField(default=0)
    kenmerken = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("lijst", "code"), True),)

    def heeft(self, kenmerk):
        return kenmerk in self.kenmerken.split()
