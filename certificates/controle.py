"""Checking a client certificate against the configured trust anchors and CRLs (R-CRT-02).

Every problem is reported at once, so an organisation can fix its certificate in one go.
"""
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from domain.fouten import N_


@dataclass(frozen=True)
class Bevinding:
    """A problem found; `melding` is the Dutch msgid, filled in with `params`."""

    code: str
    melding: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


def vingerafdruk(cert_or_der) -> str:
    """SHA-256 of the DER, lowercase hex: how a caller is recognised at the TLS layer."""
    der = cert_or_der if isinstance(cert_or_der, bytes) else cert_or_der.public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def _oin(cert):
    waarden = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return waarden[0].value if waarden else None


_NAMEN = {NameOID.SERIAL_NUMBER: "serialNumber"}  # not in RFC 4514's short list


def beschrijf(cert) -> dict:
    return {
        "subject": cert.subject.rfc4514_string(_NAMEN),
        "issuer": cert.issuer.rfc4514_string(_NAMEN),
        "serienummer": format(cert.serial_number, "x"),
        "oin": _oin(cert),
        "geldig_van": cert.not_valid_before_utc,
        "geldig_tot": cert.not_valid_after_utc,
        "vingerafdruk": vingerafdruk(cert),
    }


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


def controleer(leaf, tussenliggend, ankers, crls, oin, nu) -> list[Bevinding]:
    """All problems with `leaf` at `nu` (timezone-aware); an empty list means acceptable.
    Without an expected `oin` only its presence is checked."""
    van, tot = leaf.not_valid_before_utc, leaf.not_valid_after_utc
    bevindingen = []
    if nu < van:
        bevindingen.append(Bevinding("nog_niet_geldig", N_("Het certificaat is pas geldig vanaf "
                                                           "%(van)s."), {"van": van}))
    elif nu > tot:
        bevindingen.append(Bevinding("verlopen", N_("Het certificaat is verlopen op %(tot)s."),
                                     {"tot": tot}))
    # The chain is checked at a moment inside the validity, so expiry is not reported twice.
    bevindingen += _keten(leaf, tussenliggend, ankers, min(max(nu, van), tot))
    if not _voor_clientauth(leaf):
        bevindingen.append(Bevinding("clientauth", N_("Het certificaat is niet bedoeld om een "
                                                      "TLS-client mee te authenticeren.")))
    gevonden = _oin(leaf)
    if gevonden is None:
        bevindingen.append(Bevinding("oin", N_("Het certificaat bevat geen OIN (serialNumber in "
                                               "het subject)."), {"verwacht": oin}))
    elif oin is not None and gevonden != oin:
        bevindingen.append(Bevinding("oin", N_("Het OIN in het certificaat (%(gevonden)s) is niet "
                                               "het OIN van uw organisatie (%(verwacht)s)."),
                                     {"gevonden": gevonden, "verwacht": oin}))
    intrekking = _intrekking(leaf, [*ankers, *tussenliggend], crls)
    if intrekking is not None:
        bevindingen.append(Bevinding("ingetrokken", N_("Het certificaat is ingetrokken op "
                                                       "%(datum)s."),
                                     {"datum": intrekking.revocation_date_utc}))
    return bevindingen


def _keten(leaf, tussenliggend, ankers, moment):
    if not ankers:
        return [Bevinding("keten", N_("Er zijn geen vertrouwde CA-certificaten ingesteld, dus "
                                      "het certificaat kan niet worden gecontroleerd."))]
    # PKIoverheid client certificates often lack a SAN, and clientAuth is checked separately
    # so that a wrong key usage does not also show up as an untrusted chain.
    ee_policy = (ExtensionPolicy.webpki_defaults_ee()
                 .may_be_present(x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
                 .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, None))
    verifier = (PolicyBuilder().store(Store(ankers)).time(moment)
                .extension_policies(ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                                    ee_policy=ee_policy)
                .build_client_verifier())
    try:
        verifier.verify(leaf, list(tussenliggend))
    except VerificationError as fout:
        return [Bevinding("keten", N_("Het certificaat is niet uitgegeven door een vertrouwde "
                                      "PKIoverheid-CA."), {"reden": str(fout)})]
    return []


def _voor_clientauth(leaf):
    """No EKU is fine (any use); one present must name clientAuth, as TLS servers demand."""
    extensies = {ext.oid: ext.value for ext in leaf.extensions}
    eku = extensies.get(x509.ExtendedKeyUsage.oid)
    key_usage = extensies.get(x509.KeyUsage.oid)
    return ((eku is None or ExtendedKeyUsageOID.CLIENT_AUTH in eku)
            and (key_usage is None or key_usage.digital_signature))


def _intrekking(leaf, kandidaten, crls):
    """The revocation entry from a CRL of the leaf's issuer. A CRL is skipped when it does
    not verify against a known issuer certificate; one that cannot be verified at all is
    still used, as it can only refuse more."""
    uitgevers = [cert for cert in kandidaten if cert.subject == leaf.issuer]
    for crl in crls:
        if crl.issuer != leaf.issuer:
            continue
        if uitgevers and not any(crl.is_signature_valid(cert.public_key()) for cert in uitgevers):
            continue
        intrekking = crl.get_revoked_certificate_by_serial_number(leaf.serial_number)
        if intrekking is not None:
            return intrekking
    return None
