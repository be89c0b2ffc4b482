"""The files of the gegevensleveringen (seed 003): one table per file, its columns named
with the seeds' words and kept stable (docs/formats.md, "Gegevensleveringen", version
VERSIE). The original's "Programma van levering" is not public; this is ours. The domain
gives the rows in these columns' order; the file is written by formats.tabellen."""
from dataclasses import dataclass

VERSIE = "1"


@dataclass(frozen=True)
class Kolom:
    naam: str
    betekenis: str
    formaat: str
    voorbeeld: str


PERSOON = (
    Kolom("BSN", "the BSN; empty when the person has none", "9 digits",
          "999990007"),
    Kolom("Onderwijsnummer", "the onderwijsnummer; empty when the person has a BSN",
          "9 digits", ""),
    Kolom("Achternaam", "surname without its prefixes", "text", "Donder"),
    Kolom("Voorvoegsels", "the surname's prefixes", "text", "van de"),
    Kolom("Voornamen", "first names", "text", "Bliksem"),
    Kolom("Geslacht", "M man, V woman, O unknown", "M, V or O", "M"),
    Kolom("Geboortedatum", "date of birth; of a partial date its first possible day",
          "JJJJ-MM-DD", "2016-03-14"),
    Kolom("Precisie geboortedatum", "D day known, M only month and year, J only the year",
          "D, M or J", "D"),
    Kolom("Straatnaam", "address: street", "text", "Plantage Kerklaan"),
    Kolom("Huisnummer", "address: house number", "number", "230"),
    Kolom("Huisletter", "address: house letter", "1 letter", ""),
    Kolom("Huisnummertoevoeging", "address: addition", "text", ""),
    Kolom("Postcode", "address: postcode", "1234 AB", "1018 DW"),
    Kolom("Plaatsnaam", "address: town", "text", "Amsterdam"),
    Kolom("Woongemeente", "gemeentecode of the municipality lived in", "4 digits", "0363"),
    Kolom("Datum overlijden", "date of death as the BRP has it", "JJJJ-MM-DD", ""),
)

INSCHRIJVING = (
    Kolom("Instellingscode", "the school of the enrolment", "2 digits, 2 letters",
          "31EG"),
    Kolom("Onderwijslocatie", "the school site's code", "6 characters", "31EG00"),
    Kolom("Datum inschrijving", "first day enrolled", "JJJJ-MM-DD",
          "2022-08-22"),
    Kolom("Datum uitschrijving", "first day no longer enrolled; empty while it runs",
          "JJJJ-MM-DD", ""),
)

VRIJSTELLING = (
    Kolom("Soort vrijstelling", "vrijstelling or vervangende_leerplicht running on the "
          "peildatum", "text", ""),
    Kolom("Artikel", "article of the Leerplichtwet", "text", ""),
    Kolom("Begindatum vrijstelling", "its first day", "JJJJ-MM-DD", ""),
    Kolom("Einddatum vrijstelling", "its last day; empty when open-ended", "JJJJ-MM-DD", ""),
)

STATUS = (
    Kolom("Startkwalificatie", "J when the person had a startkwalificatie on the "
          "peildatum", "J or N", "N"),
    Kolom("Voortijdig schoolverlater", "J when the person was an early school leaver on the "
          "peildatum: younger than 23, no startkwalificatie, no longer enrolled and enrolled "
          "before", "J or N", "N"),
)

PEILDATUM = Kolom("Peildatum", "the date the data hold for", "JJJJ-MM-DD",
                  "2026-12-02")

# C-levering: a row per person and inschrijving running on the peildatum (and vrijstelling,
# when one runs too); a person without either, who is a voortijdig schoolverlater, once.
C_LEVERING = (PEILDATUM, *PERSOON, *INSCHRIJVING, *VRIJSTELLING, *STATUS)

# A-levering: the same, and first the number asked for and whether it was delivered.
A_LEVERING = (
    Kolom("Gevraagd nummer", "the number of the request", "9 digits", "999990007"),
    Kolom("Geleverd", "J when the person lives in the area and is delivered, else N",
          "J or N", "J"),
    Kolom("Reden", "why it was not delivered", "text", ""),
    *C_LEVERING,
)

# P-levering: a row per change in the period, the person's data as it is now.
P_LEVERING = (
    Kolom("Periode van", "first day of the period", "JJJJ-MM-DD", "2026-11-23"),
    Kolom("Periode tot en met", "last day of the period", "JJJJ-MM-DD", "2026-11-29"),
    Kolom("Wijziging", "what changed (the list below)", "text",
          "Inschrijving toegevoegd"),
    Kolom("Datum wijziging", "when the change reached the register; for 4 and 23 "
          "jaar geworden the birthday", "JJJJ-MM-DD", "2026-11-24"),
    *PERSOON,
    *INSCHRIJVING[:1], *INSCHRIJVING[2:],
    Kolom("Diploma", "with a resultaat: the diploma or result", "text", ""),
    Kolom("Datum resultaat", "with a resultaat: its date", "JJJJ-MM-DD", ""),
    Kolom("Startkwalificatie", "with a resultaat: J when it is a startkwalificatie",
          "J or N", ""),
)

# The P-levering's feed (M2M): a change as an object of these columns, without the period.
P_FEED = P_LEVERING[2:]

TABELLEN = {"C": C_LEVERING, "A": A_LEVERING, "P": P_LEVERING}


def koppen(soort):
    return [kolom.naam for kolom in TABELLEN[soort]]


def bestandsnaam(soort, gebied, code, peildatum, levering_id, ext="csv"):
    """`20261202G0363C-levering-17.csv`: the request's name and the delivery's number."""
    return f"{peildatum:%Y%m%d}{gebied}{code}{soort}-levering-{levering_id}.{ext}"
