"""Checking a client certificate against the configured trust anchors and CRLs (R-CRT-02).

Every problem is reported at once, so an organisation can fix its certificate in one go.
"""
import hashlib
from dataclasses import dataclass, field

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
        if _uitgever_onbekend(leaf, tussenliggend, ankers):
            # Often an organisation sends only its own certificate, issued by a TSP CA the
            # operator has not loaded: say which CA, and both ways out.
            return [Bevinding("uitgever_onbekend", _UITGEVER_ONBEKEND,
                              {"uitgever": _ca_naam(leaf.issuer), "reden": str(fout)})]
        return [Bevinding("keten", N_("Het certificaat is niet uitgegeven door een vertrouwde "
                                      "PKIoverheid-CA."), {"reden": str(fout)})]
    return []


_UITGEVER_ONBEKEND = N_("Het certificaat is uitgegeven door %(uitgever)s, maar die CA staat niet "
                        "in de lijst van CA's die dit register vertrouwt. Upload het certificaat "
                        "samen met de keten (een .p7b-bestand met ook de CA-certificaten), of "
                        "vraag het functioneel beheer van het register om deze CA toe te voegen.")


def _uitgever_onbekend(leaf, tussenliggend, ankers):
    """Whether the leaf's issuer is neither a trust anchor nor sent along with it."""
    bekend = [cert.subject for cert in (*ankers, *tussenliggend)]
    return leaf.issuer != leaf.subject and leaf.issuer not in bekend


def _ca_naam(naam, maximum=200):
    """"CN (O)" of a CA's name, as a beheerder recognises it; the whole name without a CN.
    Cut short: the name comes from the uploaded file."""
    cn = [a.value for a in naam.get_attributes_for_oid(NameOID.COMMON_NAME)]
    o = [a.value for a in naam.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if not cn:
        tekst = naam.rfc4514_string(_NAMEN)
    else:
        tekst = f"{cn[0]} ({o[0]})" if o else str(cn[0])
    return tekst if len(tekst) <= maximum else tekst[:maximum - 1] + "…"


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
