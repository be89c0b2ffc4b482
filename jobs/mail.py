"""The outbox worker: sends UitgaandeMail rows over SMTP (or into a folder in
development), with retries and back-off.

A row is claimed before it is sent, so two workers never send it both; a worker that
dies between sending and marking leaves the claim to expire, and the mail goes again
(at least once: a mail is never lost). SMTP cannot promise exactly once, so every attempt
carries the row's own Message-ID and the receiver can drop the repeat.

A row that cannot be built, or that the server refuses for good (5xx), is marked
`mislukt` with its reason and never tried again; the worker goes on with the next.
Logs name the row and the kind of error, never the address or the text."""
import contextlib
import datetime
import enum
import logging
import re
import smtplib
import time
from collections import Counter
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import NamedTuple

from models import UitgaandeMail, database, utcnow

log = logging.getLogger(__name__)

# A transaction is about a dozen exchanges (greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT,
# DATA, the text and its reply). Each waits at most SMTP_TIMEOUT seconds for the server and
# none past TRANSACTIE from the start (_SMTP). CLAIM outlasts that, so another worker takes
# a row over only when the first has given up on it; and it is short, so the mail of a
# worker that crashed goes again within minutes.
SMTP_TIMEOUT = 10
TRANSACTIE = datetime.timedelta(seconds=90)
CLAIM = datetime.timedelta(minutes=2)
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
    # The web pages' address: a mail's link is its row's path (pad) after this.
    public_url: str = "http://127.0.0.1:5000"


class Uitkomst(enum.Enum):
    """What one attempt did to a row."""

    VERZONDEN = "verzonden"
    OPNIEUW = "opnieuw"  # not sent; tried again after wachttijd
    MISLUKT = "mislukt"  # given up for good


class Ronde(NamedTuple):
    """The outcomes of one round, counted."""

    verzonden: int
    opnieuw: int
    mislukt: int


def wachttijd(pogingen):
    """1, 2, 4, ... minutes, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def _bericht(mail, config):
    """The message as it goes on the wire. Raises whatever a row cannot be built from: a
    line break in a header, an address that is not one."""
    bericht = EmailMessage()
    bericht["From"] = config.afzender
    bericht["To"] = Address(addr_spec=mail.aan)
    mail.aan.encode("ascii")  # the envelope is ASCII (no SMTPUTF8): else no attempt could pass
    bericht["Subject"] = mail.onderwerp
    bericht["Message-ID"] = f"<{mail.bericht_id}@{config.afzender.split('@')[-1]}>"
    tekst = mail.tekst
    if mail.pad:
        tekst += f"\n{config.public_url.rstrip('/')}{mail.pad}\n"
    bericht.set_content(tekst)
    return bericht.as_bytes(policy=bericht.policy.clone(linesep="\r\n"))


class _SMTP(smtplib.SMTP):
    """smtplib's client with a deadline for the whole transaction: no command or reply
    starts after it, and each waits at most SMTP_TIMEOUT and not past it (a reply that
    arrives in pieces may take SMTP_TIMEOUT per piece: the margin CLAIM leaves)."""

    def __init__(self, host, port, deadline):
        self.deadline = deadline
        super().__init__(host, port, timeout=self._wachten())

    def _wachten(self):
        rest = self.deadline - time.monotonic()
        if rest <= 0:
            raise TimeoutError("the SMTP transaction ran past its deadline")
        return min(rest, SMTP_TIMEOUT)

    def send(self, s):
        if self.sock:
            self.sock.settimeout(self._wachten())
        super().send(s)

    def getreply(self):
        if self.sock:
            self.sock.settimeout(self._wachten())
        return super().getreply()


def _verstuur(mail, data, config):
    if config.backend == "map":
        map_ = Path(config.map)
        map_.mkdir(parents=True, exist_ok=True)
        (map_ / f"{mail.bericht_id}.eml").write_bytes(data)
        return
    deadline = time.monotonic() + TRANSACTIE.total_seconds()
    with contextlib.closing(_SMTP(config.host, config.port, deadline)) as smtp:
        if config.starttls:
            smtp.starttls()
        if config.gebruiker:
            smtp.login(config.gebruiker, config.wachtwoord)
        # The envelope names the row's address alone, whatever the headers say.
        smtp.sendmail(config.afzender, [mail.aan], data)
        # The server has the mail: how the goodbye goes does not matter.
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()


def _blijvend(exc):
    """The server refused this mail for good (5xx); 4xx and broken connections may pass."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _soort(exc):
    """The kind of error, for the log: the exception's name and the SMTP code."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"{type(exc).__name__} {' '.join(map(str, codes))}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} {exc.smtp_code}"
    return type(exc).__name__


# What may name a person in an error's text: an address (servers tend to repeat the
# recipient's), or a value Python's email package quotes ('a@b.example, x@y').
_PERSOONLIJK = re.compile(r"'[^']*'|\S+@\S+")


def _reden(exc):
    """The error in words for the row (laatste_fout), which `flask mail mislukt` shows an
    operator: the server's answer, with addresses and quoted values left out."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        antwoorden = list(exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        antwoorden = [(exc.smtp_code, exc.smtp_error)]
    else:
        antwoorden = []
    tekst = "; ".join(f"{code} {antwoord.decode(errors='replace')}"
                      if isinstance(antwoord, bytes) else f"{code} {antwoord}"
                      for code, antwoord in antwoorden) or str(exc)
    return een_regel(_PERSOONLIJK.sub("…", f"{type(exc).__name__}: {tekst}"))[:500]


def een_regel(tekst):
    """`tekst` on one line: line breaks and other control characters (a server's multi-line
    answer, a header that broke a mail) become spaces."""
    return "".join(teken if teken.isprintable() else " " for teken in tekst)


def _mislukt(mail, exc):
    UitgaandeMail.update(mislukt=utcnow(), pogingen=mail.pogingen + 1,
                         laatste_fout=_reden(exc)).where(
        UitgaandeMail.id == mail.id).execute()
    log.error("uitgaande mail %s failed for good (%s); not tried again", mail.id, _soort(exc))
    return Uitkomst.MISLUKT


def _probeer(mail, config, nu):
    """One attempt at a claimed row; its outcome is written to the row."""
    try:
        data = _bericht(mail, config)
    except Exception as exc:  # what the row holds will not build next time either
        return _mislukt(mail, exc)
    try:
        _verstuur(mail, data, config)
    except Exception as exc:  # anything not known to be final is tried again: never lost
        if _blijvend(exc):
            return _mislukt(mail, exc)
        pogingen = mail.pogingen + 1
        volgende = nu + wachttijd(pogingen)
        UitgaandeMail.update(pogingen=pogingen, volgende_poging=volgende,
                             laatste_fout=_reden(exc)).where(
            UitgaandeMail.id == mail.id).execute()
        log.warning("uitgaande mail %s not sent (%s), attempt %s; next at %s",
                    mail.id, _soort(exc), pogingen, volgende.isoformat(timespec="seconds"))
        return Uitkomst.OPNIEUW
    UitgaandeMail.update(verzonden=utcnow(), pogingen=mail.pogingen + 1,
                         laatste_fout=None).where(UitgaandeMail.id == mail.id).execute()
    return Uitkomst.VERZONDEN


def _wachtend():
    return UitgaandeMail.verzonden.is_null() & UitgaandeMail.mislukt.is_null()


def _claim(mail_id, nu):
    """Take a row for this worker; False when another worker took it first."""
    with database.atomic():
        return UitgaandeMail.update(volgende_poging=nu + CLAIM).where(
            UitgaandeMail.id == mail_id, _wachtend(),
            UitgaandeMail.volgende_poging <= nu).execute() == 1


def mislukte():
    """The mails given up for good, oldest first: id, when, subject and reason only."""
    return list(UitgaandeMail.select(UitgaandeMail.id, UitgaandeMail.mislukt,
                                     UitgaandeMail.onderwerp, UitgaandeMail.laatste_fout)
                .where(UitgaandeMail.mislukt.is_null(False)).order_by(UitgaandeMail.id))


def opnieuw(mail_ids, nu=None):
    """Put mails given up on back in the queue (after an operator fixed the relay or the
    address); returns how many. A mail that was sent or still waits is left alone."""
    nu = nu or utcnow()
    with database.atomic():
        return (UitgaandeMail.update(mislukt=None, pogingen=0, volgende_poging=nu,
                                     laatste_fout=None)
                .where(UitgaandeMail.id.in_(list(mail_ids)),
                       UitgaandeMail.mislukt.is_null(False)).execute())


def verstuur_wachtende(config, nu=None, maximum=100):
    """Send what is due; returns the round's outcomes counted (a Ronde)."""
    nu = nu or utcnow()
    wachtend = list(UitgaandeMail.select().where(_wachtend(), UitgaandeMail.volgende_poging <= nu)
                    .order_by(UitgaandeMail.id).limit(maximum))
    uitkomsten: Counter[Uitkomst] = Counter()
    for mail in wachtend:
        # A row claimed here is as it was read: another worker that took it since would
        # have moved its volgende_poging past `nu` or ended it, and the claim fails.
        if _claim(mail.id, nu):
            uitkomsten[_probeer(mail, config, nu)] += 1
    return Ronde(uitkomsten[Uitkomst.VERZONDEN], uitkomsten[Uitkomst.OPNIEUW],
                 uitkomsten[Uitkomst.MISLUKT])


def werk(config, interval=5.0, stop=lambda: False):
    """Keep sending until `stop()` says so (the `flask mail worker` command). A round that
    fails (the database away for a moment) is logged; the next one runs after `interval`."""
    while not stop():
        try:
            with database.connection_context():
                verstuur_wachtende(config)
        except Exception:
            log.exception("mail round failed; next round in %s s", interval)
        time.sleep(interval)
