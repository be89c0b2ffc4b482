"""Reading an uploaded client certificate (R-CRT-01).

The content is sniffed rather than trusted from the extension, and anything that holds
a private key is refused: an organisation must only ever send the public part.
"""
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from domain.fouten import N_

EXTENSIES = (".cer", ".crt", ".cert", ".pem", ".p7b")
ZIP_MAX_BYTES = 1024 * 1024
ZIP_MAX_LEDEN = 20

# PKCS#12: SEQUENCE { INTEGER 3, ContentInfo { OID pkcs7-... } }; matched on the header
# because a password-protected .pfx cannot be opened to prove what it is.
_PKCS12_VERSIE = b"\x02\x01\x03\x30"
_PKCS7_OID = b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07"

_PRIVESLEUTEL = N_("Dit bestand bevat een privésleutel. Stuur alleen het openbare deel van het "
                   "certificaat en deel de privésleutel met niemand.")
_PFX = N_("Een .pfx- of .p12-bestand bevat ook de privésleutel. Stuur alleen het openbare deel "
          "van het certificaat (bijvoorbeeld een .cer-, .crt- of .pem-bestand).")
_LEEG = N_("Het bestand is leeg.")
_GEEN_CERTIFICAAT = N_("Dit bestand bevat geen leesbaar certificaat.")


class CertificaatFout(Exception):
    """An upload refused; `melding` is the Dutch msgid, filled in with `params`."""

    def __init__(self, code, melding, **params):
        super().__init__(melding % params if params else melding)
        self.code, self.melding, self.params = code, melding, params


@dataclass(frozen=True)
class Upload:
    leaf: x509.Certificate
    tussenliggend: tuple[x509.Certificate, ...] = ()


def lees_upload(bestandsnaam: str, data: bytes) -> Upload:
    """The one end-entity certificate in the upload, plus any CA certificates sent with it."""
    extensie = PurePosixPath(bestandsnaam.lower()).suffix
    _weiger_sleutelbestand(extensie)
    if extensie not in (*EXTENSIES, ".zip"):
        raise CertificaatFout("extensie", N_("Dit bestandstype wordt niet geaccepteerd. "
                                             "Toegestaan zijn: %(toegestaan)s."),
                              toegestaan=", ".join((*EXTENSIES, ".zip")))
    if not data.strip():
        raise CertificaatFout("leeg", _LEEG)
    return _splits(_uit_zip(data) if extensie == ".zip" else lees_certificaten(data))


def _weiger_sleutelbestand(extensie):
    if extensie in (".pfx", ".p12"):
        raise CertificaatFout("pfx", _PFX)
    if extensie == ".key":
        raise CertificaatFout("privesleutel", _PRIVESLEUTEL)


def lees_certificaten(data: bytes) -> list[x509.Certificate]:
    """Certificates in PEM, DER or PKCS#7 form, whatever the file was called; a private
    key or nothing readable is refused."""
    if not data.strip():
        raise CertificaatFout("leeg", _LEEG)
    if b"PRIVATE KEY-----" in data:
        raise CertificaatFout("privesleutel", _PRIVESLEUTEL)
    try:
        if b"-----BEGIN PKCS7-----" in data:
            certs = pkcs7.load_pem_pkcs7_certificates(data)
        elif b"-----BEGIN CERTIFICATE-----" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = _lees_der(data)
    except ValueError:
        certs = []
    if not certs:
        raise CertificaatFout("geen_certificaat", _GEEN_CERTIFICAAT)
    return certs


def _lees_der(data):
    for lader in (x509.load_der_x509_certificate, pkcs7.load_der_pkcs7_certificates):
        try:
            certs = lader(data)
            return certs if isinstance(certs, list) else [certs]
        except ValueError:
            pass
    if data[:1] == b"\x30" and _PKCS12_VERSIE in data[:10] and _PKCS7_OID in data[:24]:
        raise CertificaatFout("pfx", _PFX)
    try:
        serialization.load_der_private_key(data, password=None)
    except TypeError:  # an encrypted key: still a key
        raise CertificaatFout("privesleutel", _PRIVESLEUTEL) from None
    except (ValueError, UnsupportedAlgorithm):
        return []
    raise CertificaatFout("privesleutel", _PRIVESLEUTEL)


def _uit_zip(data):
    """Certificates from the certificate files in a zip, read within fixed limits."""
    te_groot = CertificaatFout("zip_te_groot", N_("Het zipbestand is te groot: maximaal "
                                                  "%(leden)s bestanden en %(mb)s MB uitgepakt."),
                               leden=ZIP_MAX_LEDEN, mb=ZIP_MAX_BYTES // (1024 * 1024))
    certs, budget = [], ZIP_MAX_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            leden = archief.infolist()
            if len(leden) > ZIP_MAX_LEDEN or sum(lid.file_size for lid in leden) > ZIP_MAX_BYTES:
                raise te_groot
            for lid in leden:
                pad = PurePosixPath(lid.filename)
                if lid.is_dir() or "__MACOSX" in pad.parts:
                    continue
                _weiger_sleutelbestand(pad.suffix.lower())
                if pad.suffix.lower() not in EXTENSIES:
                    continue
                with archief.open(lid) as bestand:  # the header may lie about the size
                    inhoud = bestand.read(budget + 1)
                budget -= len(inhoud)
                if budget < 0:
                    raise te_groot
                certs += lees_certificaten(inhoud)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError):
        raise CertificaatFout("geen_certificaat", _GEEN_CERTIFICAAT) from None
    if not certs:
        raise CertificaatFout("zip_leeg", N_("Het zipbestand bevat geen certificaat "
                                             "(%(toegestaan)s)."), toegestaan=", ".join(EXTENSIES))
    return certs


def is_ca(cert) -> bool:
    """Whether the certificate may sign others; ValueError when its extensions are malformed."""
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _splits(certs):
    uniek = list({cert.public_bytes(serialization.Encoding.DER): cert for cert in certs}.values())
    try:
        leafs = [cert for cert in uniek if not is_ca(cert)]
    except ValueError:  # malformed extensions
        raise CertificaatFout("geen_certificaat", _GEEN_CERTIFICAAT) from None
    if not leafs:
        raise CertificaatFout("geen_certificaat", N_("Dit bestand bevat alleen CA-certificaten, "
                                                     "geen certificaat van uw organisatie."))
    if len(leafs) > 1:
        raise CertificaatFout("meerdere_certificaten",
                              N_("Dit bestand bevat %(aantal)s clientcertificaten. Stuur er één "
                                 "per keer."), aantal=len(leafs))
    return Upload(leafs[0], tuple(cert for cert in uniek if cert is not leafs[0]))
