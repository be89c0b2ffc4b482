"""The register's mails, one function each, all in one place. Written to the outbox
(UitgaandeMail) in the transaction of the change they report; the worker sends them
(jobs/mail.py). A mail names the meldingnummer and links to the page of the one who
reads it, never a BSN or onderwijsnummer (R-AVG-03)."""
import json

from models import UitgaandeMail


def mail_link(basis_url, pad, melding):
    """The link a mail carries: to the melding by its number, never a personal number."""
    return f"{basis_url.rstrip('/')}/{pad}/meldingen/{melding.nummer}"


def nieuwe_melding(melding, invoer, basis_url):
    """R-VZ-10: to the handling instantie, and to the school's contactpersoon when it
    asked (mail_naar_melder)."""
    onderwerp = f"Verzuimmelding {melding.nummer}"
    if melding.instantie_email:  # the gemeente's own page of the melding
        UitgaandeMail.create(
            aan=melding.instantie_email, onderwerp=onderwerp,
            tekst=(f"Er is een nieuwe verzuimmelding met nummer {melding.nummer} van instelling "
                   f"{melding.instelling.code} voor uw gemeente.\n\n"
                   f"{mail_link(basis_url, 'gemeente', melding)}\n"))
    if invoer.mail_naar_melder:
        UitgaandeMail.create(
            aan=invoer.email_contactpersoon.strip(), onderwerp=onderwerp,
            tekst=(f"Uw verzuimmelding onder nummer {melding.nummer} is verzonden.\n\n"
                   f"{mail_link(basis_url, 'verzuim', melding)}\n"))


def nieuws_voor_school(melding, doc, wat, basis_url):
    """A new status or terugkoppeling of the gemeente, to the school's contactpersoon when
    it asked (mail_naar_melder)."""
    if not doc.get("mail_naar_melder") or not doc.get("email_contactpersoon"):
        return
    onderwerp = f"Verzuimmelding {melding.nummer}: " + (
        "nieuwe status" if wat == "status" else "terugkoppeling van de gemeente")
    UitgaandeMail.create(
        aan=doc["email_contactpersoon"], onderwerp=onderwerp,
        tekst=(f"Er is nieuws over verzuimmelding {melding.nummer}.\n\n"
               f"{mail_link(basis_url, 'verzuim', melding)}\n"))


def samenloop(melding, basis_url):
    """R-VZ-16: the melding overlaps a vrijstelling; to the handling gemeente and the
    school's contactpersoon."""
    school = json.loads(melding.gegevens).get("email_contactpersoon")
    for aan, pad in ((melding.instantie_email, "gemeente"), (school, "verzuim")):
        if aan:
            UitgaandeMail.create(
                aan=aan, onderwerp=f"Verzuimmelding {melding.nummer}: vrijstelling",
                tekst=(f"Verzuimmelding {melding.nummer} valt (deels) samen met een vrijstelling "
                       f"of vervangende leerplicht van de leerling.\n\n"
                       f"{mail_link(basis_url, pad, melding)}\n"))
