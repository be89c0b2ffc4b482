"""The trust anchors and CRLs every certificate check uses (R-CRT-02): read from the files
the configuration names, kept per process until a file changes, and extended by the
operator with PKIoverheid CA certificates (`flask pki vertrouw`)."""
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from . import pkioverheid
from .controle import vingerafdruk
from .laden import is_ca, lees_certificaten


@dataclass(frozen=True)
class Vertrouwen:
    """The configured trust anchors (TRUST_ANCHORS) and CRLs (CRL_DIR)."""

    ankers: tuple
    crls: tuple


def laad_ankers(pad) -> list[x509.Certificate]:
    """The trust-anchor bundle (PEM); none configured when the file is missing or empty."""
    data = Path(pad).read_bytes() if Path(pad).is_file() else b""
    return x509.load_pem_x509_certificates(data) if data.strip() else []


def laad_crls(map) -> list[x509.CertificateRevocationList]:
    """Every CRL in a folder, PEM or DER; none when the folder is missing."""
    map = Path(map)
    if not map.is_dir():
        return []
    crls = []
    for pad in sorted(map.iterdir()):
        if pad.suffix.lower() in (".crl", ".pem"):
            data = pad.read_bytes()
            laad = x509.load_pem_x509_crl if b"-----BEGIN" in data else x509.load_der_x509_crl
            crls.append(laad(data))
    return crls


_cache: dict[tuple[str, str], tuple[tuple, Vertrouwen]] = {}


def vertrouwen(ankers_pad, crl_map) -> Vertrouwen:
    """The anchors in `ankers_pad` and the CRLs in `crl_map`, parsed once and again only
    when a file changes, so a CA or CRL the operator adds counts without a restart."""
    plek = (str(ankers_pad), str(crl_map))
    stand = (_mtime(ankers_pad), _mtime(crl_map))
    bewaard = _cache.get(plek)
    if bewaard is None or bewaard[0] != stand:
        bewaard = (stand, Vertrouwen(tuple(laad_ankers(ankers_pad)), tuple(laad_crls(crl_map))))
        _cache[plek] = bewaard
    return bewaard[1]


def vertrouwen_van(config) -> Vertrouwen:
    """`vertrouwen` of the files an application's configuration names (TRUST_ANCHORS,
    CRL_DIR): what the pages, the API and the CLI check against."""
    return vertrouwen(config["TRUST_ANCHORS"], config["CRL_DIR"])


def _mtime(pad):
    try:
        stat = os.stat(pad)
    except OSError:
        return None
    if os.path.isdir(pad):
        return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(pad)))
    return stat.st_mtime_ns


class NietToegevoegd(Exception):
    """A CA file refused for the trust anchors; nothing was written."""


@dataclass(frozen=True)
class Toevoeging:
    cert: x509.Certificate
    ca: pkioverheid.CA | None  # None: a test CA, added with `test`
    nieuw: bool  # False: it was already trusted


def vertrouw(ankers_pad, data: bytes, test=False,
             bekend: tuple[pkioverheid.CA, ...] = pkioverheid.CAS) -> list[Toevoeging]:
    """Add the CA certificates in `data` (PEM, DER or PKCS#7) to the anchor bundle. Each
    must be one of the `bekend` CAs (PKIoverheid's) by its SHA-256 thumbprint, unless
    `test`; one that is not refuses the whole file. The bundle is replaced in one step, so
    a process reading it never sees half of it."""
    per_vingerafdruk = {ca.sha256: ca for ca in bekend}
    certs = {vingerafdruk(c): c for c in lees_certificaten(data)}  # each once
    for cert in certs.values():
        try:
            ca = is_ca(cert)
        except ValueError:
            ca = False
        if not ca:
            raise NietToegevoegd(f"{_onderwerp(cert)} is not a CA certificate")
    onbekend = {a: c for a, c in certs.items() if a not in per_vingerafdruk}
    if onbekend and not test:
        raise NietToegevoegd(
            "not on the list of PKIoverheid Private Services CAs (certificates/pkioverheid.py): "
            + "; ".join(f"{_onderwerp(c)} (SHA-256 {a})" for a, c in onbekend.items())
            + ". Compare with https://cert.pkioverheid.nl/; --test adds a test CA.")
    pad = Path(ankers_pad)
    bundel = pad.read_bytes() if pad.is_file() else b""
    try:
        al = {vingerafdruk(c) for c in laad_ankers(pad)}
    except ValueError:
        raise NietToegevoegd(f"{pad} is not a bundle of PEM certificates; fix it first") from None
    toevoegingen = [Toevoeging(c, per_vingerafdruk.get(a), a not in al) for a, c in certs.items()]
    nieuw = b"".join(_blok(t) for t in toevoegingen if t.nieuw)
    if nieuw:
        if bundel and not bundel.endswith(b"\n"):
            bundel += b"\n"
        _vervang(pad, bundel + nieuw)
    return toevoegingen


def _blok(toevoeging):
    """The PEM with a comment line that names it; TLS libraries skip such lines."""
    ca, cert = toevoeging.ca, toevoeging.cert
    soort = f"PKIoverheid {ca.hierarchie} {ca.rol}" if ca else "TEST, not PKIoverheid"
    kop = f"# {_onderwerp(cert)} ({soort}), SHA-256 {vingerafdruk(cert)}\n"
    return kop.encode() + cert.public_bytes(Encoding.PEM)


def _vervang(pad, inhoud):
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=f".{pad.name}.")
    try:
        with os.fdopen(fd, "wb") as bestand:
            bestand.write(inhoud)
        os.chmod(tijdelijk, 0o644)  # CA certificates are public; servers must read them
        os.replace(tijdelijk, pad)
    except BaseException:
        os.unlink(tijdelijk)
        raise


def _onderwerp(cert):
    return cert.subject.rfc4514_string()
