"""The register's mails, one function each, all in one place. Written to the outbox
(UitgaandeMail) in the transaction of the change they report; the worker sends them
(jobs/mail.py). A mail names the meldingnummer and links to the page of the one who
reads it, never a BSN or onderwijsnummer (R-AVG-03). The outbox keeps the link as a path;
the worker puts the register's own address (PUBLIC_URL) in front when it sends, so no
request's Host header can end up in a mail."""
import json

from models import UitgaandeMail


def _melding_pad(blueprint, melding):
    return f"/{blueprint}/meldingen/{melding.nummer}"


def nieuwe_melding(melding, invoer):
    """R-VZ-10: to the handling instantie (its own page of the melding), and to the school's
    contactpersoon when it asked (mail_naar_melder)."""
    onderwerp = f"Verzuimmelding {melding.nummer}"
    if melding.instantie_email:
        UitgaandeMail.create(
            aan=melding.instantie_email, onderwerp=onderwerp,
            tekst=(f"Er is een nieuwe verzuimmelding met nummer {melding.nummer} van instelling "
                   f"{melding.instelling.code} voor uw gemeente.\n"),
            pad=_melding_pad("gemeente", melding))
    if invoer.mail_naar_melder:
        UitgaandeMail.create(
            aan=invoer.email_contactpersoon.strip(), onderwerp=onderwerp,
            tekst=f"Uw verzuimmelding onder nummer {melding.nummer} is verzonden.\n",
            pad=_melding_pad("verzuim", melding))


def nieuws_voor_school(melding, doc, wat):
    """A new status or terugkoppeling of the gemeente, to the school's contactpersoon when
    it asked (mail_naar_melder)."""
    if not doc.get("mail_naar_melder") or not doc.get("email_contactpersoon"):
        return
    onderwerp = f"Verzuimmelding {melding.nummer}: " + (
        "nieuwe status" if wat == "status" else "terugkoppeling van de gemeente")
    UitgaandeMail.create(aan=doc["email_contactpersoon"], onderwerp=onderwerp,
                         tekst=f"Er is nieuws over verzuimmelding {melding.nummer}.\n",
                         pad=_melding_pad("verzuim", melding))


def ingetrokken(melding):
    """R-VZ-13: the school withdrew a melding; the handling instantie is told."""
    if melding.instantie_email:
        UitgaandeMail.create(
            aan=melding.instantie_email, onderwerp=f"Verzuimmelding {melding.nummer}: ingetrokken",
            tekst=(f"Instelling {melding.instelling.code} heeft verzuimmelding {melding.nummer} "
                   f"ingetrokken. U hoeft er niets meer mee te doen.\n"),
            pad=_melding_pad("gemeente", melding))


def samenloop(melding):
    """R-VZ-16: the melding overlaps a vrijstelling; to the handling gemeente and the
    school's contactpersoon."""
    school = json.loads(melding.gegevens).get("email_contactpersoon")
    for aan, blueprint in ((melding.instantie_email, "gemeente"), (school, "verzuim")):
        if aan:
            UitgaandeMail.create(
                aan=aan, onderwerp=f"Verzuimmelding {melding.nummer}: vrijstelling",
                tekst=(f"Verzuimmelding {melding.nummer} valt (deels) samen met een vrijstelling "
                       f"of vervangende leerplicht van de leerling.\n"),
                pad=_melding_pad(blueprint, melding))


def certificaat_verloopt(aan, certificaat, dagen):
    """R-CRT-03: a beheerder is warned ahead that a registered certificate expires."""
    UitgaandeMail.create(
        aan=aan, onderwerp=f"Uw M2M-certificaat verloopt over {dagen} dagen",
        tekst=(f"Het certificaat met vingerafdruk {certificaat.vingerafdruk} verloopt op "
               f"{certificaat.geldig_tot:%d-%m-%Y}. Registreer tijdig een nieuw certificaat; "
               f"beide werken naast elkaar.\n"),
        pad="/beheer/certificaten")


def levering_klaar(aan, soort, levering_id):
    """A gegevenslevering is ready in Bestanden ophalen: to the one who asked for it, or
    to the users of the sign-up (a P-levering). No person's data in the mail."""
    UitgaandeMail.create(
        aan=aan, onderwerp=f"{soort} {levering_id} staat klaar",
        tekst=(f"De {soort} met nummer {levering_id} staat voor u klaar bij Bestanden "
               f"ophalen.\n"),
        pad=f"/leveringen/{levering_id}")


def koppeling_beantwoord(aan, naam, open_vragen):
    """R-LEV-04: a koppeling file is answered, its links or (once functioneel beheer
    answered them) its questions, and waits in Bestanden ophalen. No number in the mail."""
    if open_vragen:
        onderwerp = f"Uw koppelbestand {naam} is verwerkt"
        tekst = (f"Het resultaat van uw koppelbestand {naam} staat voor u klaar bij Bestanden "
                 f"ophalen. Uw vragen ({open_vragen}) worden beantwoord; u krijgt een nieuwe "
                 f"e-mail als de antwoorden klaarstaan.\n")
    else:
        onderwerp = f"Uw koppelbestand {naam} is beantwoord"
        tekst = (f"Het antwoord op uw koppelbestand {naam} staat voor u klaar bij Bestanden "
                 f"ophalen.\n")
    UitgaandeMail.create(aan=aan, onderwerp=onderwerp, tekst=tekst, pad="/bestanden/ophalen")


def machtiging_verleend(aan, gemeente, soort):
    """R-GEM-03: a gemeente authorised the instantie; its beheerder accepts on the page."""
    UitgaandeMail.create(
        aan=aan, onderwerp=f"Machtiging van gemeente {gemeente}",
        tekst=(f"Gemeente {gemeente} machtigt uw organisatie: {soort}. De machtiging telt "
               f"zodra u haar hebt geaccepteerd.\n"),
        pad="/machtigingen")


def machtiging_gewijzigd(aan, instantie, gemeente, wat):
    """R-GEM-03: the other side accepted or ended a machtiging (`wat`: "geaccepteerd",
    "beeindigd")."""
    wat = {"beeindigd": "beëindigd"}.get(wat, wat)
    UitgaandeMail.create(
        aan=aan, onderwerp=f"Machtiging {instantie} – {gemeente} {wat}",
        tekst=f"De machtiging van {instantie} door gemeente {gemeente} is {wat}.\n",
        pad="/machtigingen")


def melding_doorgestuurd(melding):
    """R-GEM-01: the gemeente moved an open melding to the instantie its routering names
    now; that instantie is told as of a new one."""
    if melding.instantie_email:
        UitgaandeMail.create(
            aan=melding.instantie_email, onderwerp=f"Verzuimmelding {melding.nummer}",
            tekst=(f"Verzuimmelding {melding.nummer} van instelling {melding.instelling.code} is "
                   f"naar u doorgestuurd om af te handelen.\n"),
            pad=_melding_pad("gemeente", melding))


def uitnodiging(aan, organisatie, sleutel):
    """Seed 000: the first beheerder of a new organisation is invited by a one-time link,
    to choose a password and link a token. The link is the mail's only secret; it expires
    and works once."""
    UitgaandeMail.create(
        aan=aan, onderwerp=f"Uitnodiging: beheerder van {organisatie}",
        tekst=(f"U bent aangemeld als beheerder van {organisatie} in het register. Kies via de "
               f"link hieronder uw wachtwoord en koppel uw token. De link werkt één keer en "
               f"7 dagen lang.\n"),
        pad=f"/uitnodiging/{sleutel}")


def herindeling(aan, herindeling_id, datum, oud, nieuw, wanneer):
    """R-HER-01: the beheerders of every gemeente involved, when the herindeling is recorded
    and 3 months, 1 month and 1 week before its date; the page has the dry run and the open
    meldingen to handle first."""
    UitgaandeMail.create(
        aan=aan, onderwerp=f"Gemeentelijke herindeling op {datum:%d-%m-%Y}",
        tekst=(f"Op {datum:%d-%m-%Y} gaan {oud} op in {nieuw}"
               + (" (vastgelegd)" if wanneer == "vastgelegd" else f" (nog {wanneer})")
               + ". Verzuimmeldingen moeten vóór de gemeentelijke herindeling zijn afgehandeld. "
               "Op de pagina van de herindeling ziet u wat er verhuist, wat nog open staat en "
               "wat de nieuwe gemeente nog regelt.\n"),
        pad=f"/herindelingen/{herindeling_id}")
