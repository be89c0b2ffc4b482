"""A melding's versions: the one function every change goes through (optimistic locking),
the snapshots with their change-feed entries, and the history's side-by-side view (R-VZ-14)."""
import json
import logging
from dataclasses import dataclass

from models import (
    Certificaat,
    Gebruiker,
    MeldingVersie,
    Organisatie,
    transactie,
    utcnow,
    werk_bij,
)

from .. import documenten, mutaties
from ..fouten import Gewijzigd

log = logging.getLogger(__name__)


def nieuwe_versie(actor, melding, soort, veld="versie", regel="", **wijzigingen):
    """The one way a stored melding changes (status, terugkoppeling, intrekken, wijzigen,
    the vrijstelling flag; pages and API alike): its columns `wijzigingen` and the next
    version in one `UPDATE … WHERE id = ? AND versie = <the version read>`. When no row
    changed, someone else wrote a version since `melding` was read: Gewijzigd, and this
    transaction stores nothing. Then the snapshot and the Mutatie."""
    gelezen, voor_status = melding.versie, melding.status
    if not werk_bij(melding, **wijzigingen):
        log.info("lock conflict: melding %s changed after version %s was read",
                 melding.nummer, gelezen)
        raise Gewijzigd(veld, regel)
    schrijf_versie(actor, melding)
    mutaties.schrijf(actor, "verzuimmelding", melding, soort,
                     voor={"status": voor_status, "versie": gelezen},
                     na={"status": melding.status, "versie": melding.versie},
                     persoon=melding.persoon_id)


def schrijf_versie(actor, melding):
    """The snapshot of the melding as it is now, with its entry in the change feed: a
    version is never rewritten, so the feed sends each one as it was."""
    versie = MeldingVersie(melding=melding, versie=melding.versie, actor=actor.kenmerk,
                           status=melding.status, gegevens=melding.gegevens,
                           gemeente=melding.gemeente_id, tijdstip=utcnow())
    versie.document = documenten.mutatie(versie)
    versie.transactie = transactie()
    versie.save()


@dataclass(frozen=True)
class Verschil:
    veld: str
    nu: object
    vorige: object

    @property
    def gewijzigd(self):
        return self.nu != self.vorige


@dataclass(frozen=True)
class Door:
    """Who wrote a version: the organisation, and whether through its package (M2M)."""
    organisatie: str
    koppeling: bool = False


def versies_van(melding):
    """Every version, newest first, each with `door` (a Door, or None for the register
    itself): the school and the gemeente both see who changed what."""
    rijen = list(melding.versies.order_by(MeldingVersie.versie.desc()))
    door = _schrijvers({v.actor for v in rijen})
    for v in rijen:
        v.door = door.get(v.actor)
    return rijen


def _schrijvers(kenmerken):
    """Actor kenmerken ("gebruiker:12", "certificaat:<sha256>") → Door, in two queries."""
    sleutels: dict[str, set[str]] = {}
    for kenmerk in kenmerken:
        bron, _, sleutel = kenmerk.partition(":")
        sleutels.setdefault(bron, set()).add(sleutel)
    gebruikers = [int(k) for k in sleutels.get("gebruiker", ()) if k.isdigit()]
    door = {f"gebruiker:{i}": Door(naam) for i, naam in
            Gebruiker.select(Gebruiker.id, Organisatie.naam).join(Organisatie)
            .where(Gebruiker.id.in_(gebruikers)).tuples()}
    door.update({f"certificaat:{v}": Door(naam, koppeling=True) for v, naam in
                 Certificaat.select(Certificaat.vingerafdruk, Organisatie.naam).join(Organisatie)
                 .where(Certificaat.vingerafdruk.in_(list(sleutels.get("certificaat", ()))))
                 .tuples()})
    return door


def _plat(doc, prefix=""):
    """A document as dotted field → value, so two versions compare field by field."""
    uit = {}
    for k, v in doc.items():
        naam = f"{prefix}{k}"
        if isinstance(v, dict):
            uit.update(_plat(v, naam + "."))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for i, item in enumerate(v, 1):
                uit.update(_plat(item, f"{naam}.{i}."))
        else:
            uit[naam] = ", ".join(map(str, v)) if isinstance(v, list) else v
    return uit


def _vergelijkbaar(versie):
    """A version's fields: its status, the flag of R-VZ-16 and where the routering sent it
    (the feed's entry holds them) and the school's document."""
    document = json.loads(versie.document)["melding"]
    behandelaar = document.get("behandelaar") or {}  # versions from before R-GEM-01 lack it
    return {"status": versie.status, "vrijstelling_overlap": document["vrijstellingOverlap"],
            "instantie": behandelaar.get("instantie"), "instantie_email": behandelaar.get("email"),
            **_plat(json.loads(versie.gegevens))}


def vergelijk(versie, vorige):
    """R-VZ-14: a version side by side with the previous one (None for the first): a
    pure function of the two snapshots."""
    nu = _vergelijkbaar(versie)
    oud = _vergelijkbaar(vorige) if vorige else {}
    return [Verschil(veld, nu.get(veld), oud.get(veld) if vorige else nu.get(veld))
            for veld in sorted(set(nu) | set(oud))]
