"""Verzuim melden (seed 004 ch. 2), one module per concern:

- `lijsten`: the reference lists and the `Status` enum with its sets;
- `document`: the melding as a document (the wizard's fields), its JSON and lengths;
- `leerling`: finding the pupil (R-VZ-01, R-VZ-02, R-VZ-03);
- `regels`: the rules of a melding (R-VZ-05 … R-VZ-09);
- `versies`: the one way a melding changes, its snapshots and history (R-VZ-14);
- `melden`: saving, changing and withdrawing (R-VZ-10, R-VZ-12, R-VZ-13);
- `zoeken`: Raadplegen Verzuim (R-VZ-11);
- `concept`: the wizard's concepts (R-VZ-04, R-VZ-15).

The names below are the package's interface: pages, API, demo and tests use them."""
from .concept import (
    CONCEPT_BEWAARTIJD,
    begin_concept,
    begin_kopie,
    begin_wijziging,
    bewaar_concept,
    concept_van,
    eerdere_contactpersonen,
    leerling_van,
    neem_contactpersoon,
    stap_van,
    vaste_velden,
    verstuur_concept,
    wet_van,
)
from .document import (
    ADRES_LENGTES,
    CONTACTPERSOON_LENGTES,
    LANG,
    LENGTES,
    MAX_CONTACTPERSONEN,
    MAX_VERZUIMDAGEN,
    NAAM,
    ONDERWIJSLOCATIE,
    STAPPEN,
    TELEFOON,
    VERZUIMDAG_LENGTES,
    AfwijkendAdres,
    Contactpersoon,
    MeldingInvoer,
    Verzuimdag,
    als_gegevens,
    document,
    gegevens,
    invoer_uit,
    invoer_van,
)
from .leerling import (
    UITGESCHREVEN_TERMIJN,
    Leerling,
    instelling_van,
    onderwijslocaties,
    zoek_leerling,
)
from .lijsten import (
    INTREKBAAR,
    OPEN,
    STANDAARD_STATUSSEN,
    WIJZIGBAAR,
    Status,
    keuzes,
    lijstwaarden,
)
from .melden import (
    VAST_NA_MELDEN,
    begin_schooljaar,
    is_intrekbaar,
    is_wijzigbaar,
    melding_van,
    sla_op,
    trek_in,
    versies,
    volgend_meldingnummer,
    wijzig_melding,
)
from .regels import RMC_GRENS, VOLWASSEN, controleer_melding, leeftijd_op, wet_voor
from .versies import Door, Verschil, nieuwe_versie, schrijf_versie, vergelijk, versies_van
from .zoeken import (
    PAGINAGROOTTES,
    Zoekresultaat,
    Zoekvraag,
    aantal_dagen_status,
    zoek,
    zoek_meldingen,
)

__all__ = [
    "ADRES_LENGTES", "CONCEPT_BEWAARTIJD", "CONTACTPERSOON_LENGTES", "INTREKBAAR", "LANG",
    "LENGTES", "MAX_CONTACTPERSONEN", "MAX_VERZUIMDAGEN", "NAAM", "ONDERWIJSLOCATIE", "OPEN",
    "PAGINAGROOTTES", "RMC_GRENS", "STANDAARD_STATUSSEN", "STAPPEN", "TELEFOON",
    "UITGESCHREVEN_TERMIJN", "VAST_NA_MELDEN", "VERZUIMDAG_LENGTES", "VOLWASSEN", "WIJZIGBAAR",
    "AfwijkendAdres", "Contactpersoon", "Door", "Leerling", "MeldingInvoer", "Status",
    "Verschil", "Verzuimdag", "Zoekresultaat", "Zoekvraag", "aantal_dagen_status",
    "als_gegevens", "begin_concept", "begin_kopie", "begin_schooljaar", "begin_wijziging",
    "bewaar_concept", "concept_van", "controleer_melding", "document",
    "eerdere_contactpersonen", "gegevens", "instelling_van", "invoer_uit", "invoer_van",
    "is_intrekbaar", "is_wijzigbaar", "keuzes", "leeftijd_op", "leerling_van", "lijstwaarden",
    "melding_van", "neem_contactpersoon", "nieuwe_versie", "onderwijslocaties",
    "schrijf_versie", "sla_op", "stap_van", "trek_in", "vaste_velden", "vergelijk", "versies",
    "versies_van", "verstuur_concept", "volgend_meldingnummer", "wet_van", "wet_voor",
    "wijzig_melding", "zoek", "zoek_leerling", "zoek_meldingen",
]
