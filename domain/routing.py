"""Where a melding goes: the handling instantie of a pupil (DESIGN §3, R-GEM-01).

Now: the woongemeente's own verzuimloket. The alternatieve routering of R-GEM-01
(per category an instantie and address) slots in here, before the default, without
changing the callers."""
from dataclasses import dataclass

from .fouten import N_

BUITENLAND = "BV_S_leerling_woont_in_buitenland"


@dataclass(frozen=True)
class Route:
    gemeente: object  # models.Gemeente, after herindelingen
    email: str | None


class GeenInstantie(Exception):
    """No uitvoerende instantie can be determined: no melding (R-VZ-02)."""

    code = BUITENLAND
    melding = N_("%(code)s: Leerling woont in het buitenland. Uitvoerende instantie kan niet "
                 "worden bepaald. Er kan geen verzuim worden opgevoerd.")


def actuele_gemeente(gemeente):
    """Follow herindelingen to the gemeente that exists now (codes are never reused)."""
    gezien = set()
    while gemeente is not None and gemeente.opgevolgd_door_id and gemeente.id not in gezien:
        gezien.add(gemeente.id)
        gemeente = gemeente.opgevolgd_door
    return gemeente


def behandelende_instantie(persoon):
    """The Route of a pupil's meldingen, or GeenInstantie when the pupil lives abroad."""
    gemeente = actuele_gemeente(persoon.woongemeente)
    if gemeente is None:
        raise GeenInstantie()
    return Route(gemeente=gemeente, email=gemeente.verzuimloket_email)
