"""Checks every form, file and API call shares for a single value: its length, an e-mail
address, a number typed as digits. A rule lives here once, so a page, an upload and the
M2M API refuse the same value with the same message."""
import re

from email_validator import EmailNotValidError, validate_email

from .fouten import N_, Fout

# The longest address SMTP carries (RFC 5321: 254 in a path); the outbox column holds it.
EMAIL_LENGTE = 254
_CIJFERS = re.compile(r"[0-9]+")

TE_LANG = N_("Dit veld is te lang: hoogstens %(aantal)s tekens.")
GEEN_EMAIL = N_("Dit is geen geldig e-mailadres.")


def te_lang(fouten, veld, waarde, maximum, regel=""):
    """Add a Fout when `waarde` has more than `maximum` characters; True when it did."""
    if waarde is not None and len(waarde) > maximum:
        fouten.append(Fout(veld, TE_LANG, regel, {"aantal": maximum}))
        return True
    return False


def controleer_lengtes(fouten, waarden, lengtes, regel="", prefix=""):
    """`te_lang` for each field of `lengtes` (name → maximum) that `waarden` holds: an
    object with those attributes, or a dict."""
    for naam, maximum in lengtes.items():
        waarde = waarden.get(naam) if isinstance(waarden, dict) else getattr(waarden, naam)
        te_lang(fouten, prefix + naam, waarde, maximum, regel)


def is_email(waarde):
    """An address a mail can be sent to: one mailbox, ASCII local part, a domain with a
    dot, no display name, no line break (a header could be injected through one)."""
    if not waarde or len(waarde) > EMAIL_LENGTE:
        return False
    try:
        validate_email(waarde, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return False
    return True


def controleer_email(fouten, veld, waarde, regel="", melding=GEEN_EMAIL, verplicht=False):
    """Add a Fout for an address that is not valid (or empty when `verplicht`)."""
    waarde = (waarde or "").strip()
    if (waarde or verplicht) and not is_email(waarde):
        fouten.append(Fout(veld, melding, regel))


def getal(tekst, cijfers=9):
    """The number `tekst` holds as 1 to `cijfers` ASCII digits (after trimming spaces),
    or None. Not `str.isdigit()`: that also says yes to "²" and "٣", which int() then
    refuses or reads as another number, and to 25 digits no column can hold."""
    tekst = (tekst or "").strip()
    if len(tekst) > cijfers or not _CIJFERS.fullmatch(tekst):
        return None
    return int(tekst)
