"""The outbox worker: sends UitgaandeMail rows over SMTP (or into a folder in
development), with retries and back-off.

A row is claimed before it is sent, so two workers never send it both; a worker that
dies between sending and marking leaves the claim to expire, and the mail goes again
(at least once: a mail is never lost)."""
import datetime
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from models import UitgaandeMail, database, utcnow

CLAIM = datetime.timedelta(minutes=10)
MAX_WACHTTIJD = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class MailConfig:
    backend: str = "map"  # "map": .eml files in `map`; "smtp": the server below
    map: str = "instance/mail"
    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    gebruiker: str = ""
    wachtwoord: str = ""
    afzender: str = "noreply@register.example"


def wachttijd(pogingen):
    """1, 2, 4, ... minutes, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def _bericht(mail, config):
    bericht = EmailMessage()
    bericht["From"] = config.afzender
    bericht["To"] = mail.aan
    bericht["Subject"] = mail.onderwerp
    bericht["Message-ID"] = f"<uitgaande-mail-{mail.id}@{config.afzender.split('@')[-1]}>"
    bericht.set_content(mail.tekst)
    return bericht


def _verstuur(bericht, config):
    if config.backend == "map":
        map_ = Path(config.map)
        map_.mkdir(parents=True, exist_ok=True)
        naam = bericht["Message-ID"].strip("<>").split("@")[0]
        (map_ / f"{naam}.eml").write_bytes(bytes(bericht))
        return
    with smtplib.SMTP(config.host, config.port, timeout=10) as smtp:
        if config.starttls:
            smtp.starttls()
        if config.gebruiker:
            smtp.login(config.gebruiker, config.wachtwoord)
        smtp.send_message(bericht)


def _claim(mail_id, nu):
    """Take a row for this worker; False when another worker took it first."""
    with database.atomic():
        return UitgaandeMail.update(volgende_poging=nu + CLAIM).where(
            UitgaandeMail.id == mail_id, UitgaandeMail.verzonden.is_null(),
            UitgaandeMail.volgende_poging <= nu).execute() == 1


def verstuur_wachtende(config, nu=None, maximum=100):
    """Send what is due; returns (sent, failed)."""
    nu = nu or utcnow()
    verzonden = mislukt = 0
    wachtend = [m.id for m in UitgaandeMail.select(UitgaandeMail.id).where(
        UitgaandeMail.verzonden.is_null(), UitgaandeMail.volgende_poging <= nu)
        .order_by(UitgaandeMail.id).limit(maximum)]
    for mail_id in wachtend:
        if not _claim(mail_id, nu):
            continue
        mail = UitgaandeMail.get_by_id(mail_id)
        try:
            _verstuur(_bericht(mail, config), config)
        except (OSError, smtplib.SMTPException) as exc:
            pogingen = mail.pogingen + 1
            UitgaandeMail.update(pogingen=pogingen, volgende_poging=nu + wachttijd(pogingen),
                                 laatste_fout=f"{type(exc).__name__}: {exc}"[:500]).where(
                UitgaandeMail.id == mail_id).execute()
            mislukt += 1
        else:
            UitgaandeMail.update(verzonden=utcnow(), pogingen=mail.pogingen + 1,
                                 laatste_fout=None).where(UitgaandeMail.id == mail_id).execute()
            verzonden += 1
    return verzonden, mislukt


def werk(config, interval=5.0, stop=lambda: False):
    """Keep sending until `stop()` says so (the `flask mail worker` command)."""
    while not stop():
        with database.connection_context():
            verstuur_wachtende(config)
        time.sleep(interval)
