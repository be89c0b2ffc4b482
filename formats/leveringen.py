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
    Kolom("BSN", "Burgerservicenummer, leeg als de persoon er geen heeft", "9 cijfers",
          "999990007"),
    Kolom("Onderwijsnummer", "Onderwijsnummer, leeg als de persoon een BSN heeft",
          "9 cijfers", ""),
    Kolom("Achternaam", "Geslachtsnaam zonder voorvoegsels", "tekst", "Donder"),
    Kolom("Voorvoegsels", "Voorvoegsels van de achternaam", "tekst", "van de"),
    Kolom("Voornamen", "Voornamen", "tekst", "Bliksem"),
    Kolom("Geslacht", "M man, V vrouw, O onbekend", "M, V of O", "M"),
    Kolom("Geboortedatum", "Geboortedatum; bij een onvolledige datum de eerste mogelijke "
          "dag", "JJJJ-MM-DD", "2016-03-14"),
    Kolom("Precisie geboortedatum", "D dag bekend, M alleen maand en jaar, J alleen jaar",
          "D, M of J", "D"),
    Kolom("Straatnaam", "Woonadres: straat", "tekst", "Plantage Kerklaan"),
    Kolom("Huisnummer", "Woonadres: huisnummer", "getal", "230"),
    Kolom("Huisletter", "Woonadres: huisletter", "1 letter", ""),
    Kolom("Huisnummertoevoeging", "Woonadres: toevoeging", "tekst", ""),
    Kolom("Postcode", "Woonadres: postcode", "1234 AB", "1018 DW"),
    Kolom("Plaatsnaam", "Woonadres: plaats", "tekst", "Amsterdam"),
    Kolom("Woongemeente", "Gemeentecode van de woongemeente", "4 cijfers", "0363"),
    Kolom("Datum overlijden", "Datum overlijden volgens de BRP", "JJJJ-MM-DD", ""),
)

INSCHRIJVING = (
    Kolom("Instellingscode", "De school van de inschrijving", "2 cijfers en 2 letters",
          "31EG"),
    Kolom("Onderwijslocatie", "Code van de onderwijslocatie", "6 tekens", "31EG00"),
    Kolom("Datum inschrijving", "Eerste dag van de inschrijving", "JJJJ-MM-DD",
          "2022-08-22"),
    Kolom("Datum uitschrijving", "Eerste dag niet meer ingeschreven; leeg als de "
          "inschrijving loopt", "JJJJ-MM-DD", ""),
)

VRIJSTELLING = (
    Kolom("Soort vrijstelling", "vrijstelling of vervangende_leerplicht, als die op de "
          "peildatum loopt", "tekst", ""),
    Kolom("Artikel", "Artikel van de Leerplichtwet", "tekst", ""),
    Kolom("Begindatum vrijstelling", "Eerste dag", "JJJJ-MM-DD", ""),
    Kolom("Einddatum vrijstelling", "Laatste dag; leeg als zonder einde", "JJJJ-MM-DD", ""),
)

STATUS = (
    Kolom("Startkwalificatie", "J als de persoon op de peildatum een startkwalificatie "
          "heeft behaald", "J of N", "N"),
    Kolom("Voortijdig schoolverlater", "J als de persoon op de peildatum voortijdig "
          "schoolverlater is: jonger dan 23, zonder startkwalificatie, niet meer "
          "ingeschreven en eerder wel", "J of N", "N"),
)

PEILDATUM = Kolom("Peildatum", "De datum waarop de gegevens gelden", "JJJJ-MM-DD",
                  "2026-12-02")

# C-levering: a row per person and inschrijving running on the peildatum (and vrijstelling,
# when one runs too); a person without either, who is a voortijdig schoolverlater, once.
C_LEVERING = (PEILDATUM, *PERSOON, *INSCHRIJVING, *VRIJSTELLING, *STATUS)

# A-levering: the same, and first the number asked for and whether it was delivered.
A_LEVERING = (
    Kolom("Gevraagd nummer", "Het nummer uit uw aanvraag", "9 cijfers", "999990007"),
    Kolom("Geleverd", "J als de persoon in uw gebied woont en geleverd is, anders N",
          "J of N", "J"),
    Kolom("Reden", "Waarom het nummer niet is geleverd", "tekst", ""),
    *C_LEVERING,
)

# P-levering: a row per change in the period, the person's data as it is now.
P_LEVERING = (
    Kolom("Periode van", "Eerste dag van de periode", "JJJJ-MM-DD", "2026-11-23"),
    Kolom("Periode tot en met", "Laatste dag van de periode", "JJJJ-MM-DD", "2026-11-29"),
    Kolom("Wijziging", "Wat er gewijzigd is (zie de lijst hieronder)", "tekst",
          "Inschrijving toegevoegd"),
    Kolom("Datum wijziging", "Wanneer de wijziging in het register kwam; bij 4 en 23 jaar "
          "geworden de verjaardag", "JJJJ-MM-DD", "2026-11-24"),
    *PERSOON,
    *INSCHRIJVING[:1], *INSCHRIJVING[2:],
    Kolom("Diploma", "Bij een resultaat: het diploma of resultaat", "tekst", ""),
    Kolom("Datum resultaat", "Bij een resultaat: de datum", "JJJJ-MM-DD", ""),
    Kolom("Startkwalificatie", "Bij een resultaat: J als het een startkwalificatie is",
          "J of N", ""),
)

# The P-levering's feed (M2M): a change as an object of these columns, without the period.
P_FEED = P_LEVERING[2:]

TABELLEN = {"C": C_LEVERING, "A": A_LEVERING, "P": P_LEVERING}


def koppen(soort):
    return [kolom.naam for kolom in TABELLEN[soort]]


def bestandsnaam(soort, gebied, code, peildatum, levering_id, ext="csv"):
    """`20261202G0363C-levering-17.csv`: the request's name and the delivery's number."""
    return f"{peildatum:%Y%m%d}{gebied}{code}{soort}-levering-{levering_id}.{ext}"
