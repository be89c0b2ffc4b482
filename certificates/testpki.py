"""A PKIoverheid-like hierarchy for development and tests, as deep as the real one:
root → domain CA → TSP CA → certificate.

The keys are generated on the spot and never committed; every CA name says TEST so
nobody mistakes these for real PKIoverheid certificates. EC P-256 keeps it fast.

ca-chain.pem (what the M2M listener and the app trust) holds the root, the domain CA and
the TSP CA that issues the organisations' certificates. A second TSP CA under the same
domain CA is left out of it on purpose: its certificates are trusted only when they come
with their chain, as a real TSP's are when the operator has not loaded that TSP CA."""
import datetime as dt
import ipaddress
import os
import shutil
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TEST_OIN = "00000099000000000999"
ROOT_CN = "Staat der Nederlanden Private Root CA - G1 (TEST)"
DOMEIN_CN = "Staat der Nederlanden Private Services CA - G1 (TEST)"
TSP_CN = "Voorbeeld-TSP PKIoverheid Private Services CA - G1 (TEST)"
TSP_O = "Voorbeeld-TSP B.V."
ANDERE_TSP_CN = "Andere TSP PKIoverheid Private Services CA - G1 (TEST)"
ANDERE_TSP_O = "Andere TSP B.V."
ANDERE_ROOT_CN = "Andere Root CA (TEST, niet vertrouwd)"

# Each CA (by file stem) and the CA that signed it; None: self-signed.
_BOVEN = {"root": None, "domein-ca": "root", "tsp-ca": "domein-ca",
          "andere-tsp-ca": "domein-ca", "andere-root": None}


def maak(map: Path, organisaties: list[tuple[str, str]], dagen=365) -> Path:
    """The hierarchy in `map` (kept when it exists) plus a client certificate per
    (slug, oin) and the deliberately wrong ones the tests need."""
    map = Path(map)
    if not (map / "tsp-ca.pem").exists():
        _maak_hierarchie(map)
    for slug, oin in organisaties:
        maak_client(map, slug, oin, dagen=dagen)
    maak_client(map, "verlopen", verlopen=True)
    maak_client(map, "andere-ca", uitgever="andere-root")
    maak_client(map, "andere-tsp", uitgever="andere-tsp-ca")
    maak_client(map, "geen-clientauth", eku=ExtendedKeyUsageOID.SERVER_AUTH)
    return map


def maak_client(map, slug, oin=TEST_OIN, *, dagen=365, verlopen=False, uitgever="tsp-ca",
                eku=ExtendedKeyUsageOID.CLIENT_AUTH) -> Path:
    """clients/<slug>.pem (the certificate and the CAs above it up to the TEST root, what
    curl --cert sends), .crt (the certificate alone) and .key, issued by the CA `uitgever`
    (tsp-ca, andere-tsp-ca or andere-root); an existing certificate is kept."""
    map = Path(map)
    pem = map / "clients" / f"{slug}.pem"
    if pem.exists():
        return pem
    if uitgever == "andere-root":
        _andere_root(map)
    cert_uitgever, uitgever_sleutel = _laad(map, uitgever)
    nu = _nu()
    van, tot = (nu - dt.timedelta(days=60), nu - dt.timedelta(days=30)) if verlopen \
        else (nu - dt.timedelta(hours=1), nu + dt.timedelta(days=dagen))
    naam = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, slug),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"{slug} m2m"),
                      x509.NameAttribute(NameOID.SERIAL_NUMBER, oin)])
    sleutel = ec.generate_private_key(ec.SECP256R1())
    leaf = _teken(naam, sleutel, cert_uitgever, uitgever_sleutel, van, tot, _eind(eku))
    pem.parent.mkdir(parents=True, exist_ok=True)
    _schrijf_sleutel(pem.with_suffix(".key"), sleutel)
    _schrijf_certs(pem.with_suffix(".crt"), leaf)
    _schrijf_certs(pem, leaf, *_keten(map, uitgever))
    return pem


def trek_in(map, cert_pem_path) -> None:
    """Add the (first) certificate in `cert_pem_path` to crls/tsp-ca.crl."""
    map = Path(map)
    cert = x509.load_pem_x509_certificates(Path(cert_pem_path).read_bytes())[0]
    pad = map / "crls" / "tsp-ca.crl"
    pad.parent.mkdir(exist_ok=True)
    ingetrokken = {}
    if pad.exists():
        ingetrokken = {entry.serial_number: entry.revocation_date_utc
                       for entry in x509.load_der_x509_crl(pad.read_bytes())}
    ingetrokken.setdefault(cert.serial_number, _nu())
    pad.write_bytes(_crl(map, ingetrokken).public_bytes(serialization.Encoding.DER))


def _maak_hierarchie(map):
    """A new hierarchy. Certificates and CRLs of an older one (a folder from before the
    TSP level) are removed: their CAs' keys are gone, so nothing could trust them."""
    map.mkdir(parents=True, exist_ok=True)
    for oud in ("clients", "crls"):
        shutil.rmtree(map / oud, ignore_errors=True)
    for oud in ("intermediate.pem", "intermediate.key"):
        (map / oud).unlink(missing_ok=True)
    root_sleutel = ec.generate_private_key(ec.SECP256R1())
    root = _ca(_naam(ROOT_CN), root_sleutel, None, root_sleutel, pathlen=2)
    _bewaar(map, "root", root, root_sleutel)
    domein, domein_sleutel = _onder(map, "domein-ca", _naam(DOMEIN_CN), root, root_sleutel, 1)
    tsp, tsp_sleutel = _onder(map, "tsp-ca", _naam(TSP_CN, TSP_O), domein, domein_sleutel, 0)
    _onder(map, "andere-tsp-ca", _naam(ANDERE_TSP_CN, ANDERE_TSP_O), domein, domein_sleutel, 0)
    _schrijf_certs(map / "trust.pem", root)
    _schrijf_certs(map / "ca-chain.pem", tsp, domein, root)

    server_sleutel = ec.generate_private_key(ec.SECP256R1())
    nu = _nu()
    san = x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                       x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    server = _teken(_naam("localhost", "Open Register (TEST)"), server_sleutel, tsp,
                    tsp_sleutel, nu - dt.timedelta(hours=1), nu + dt.timedelta(days=825),
                    [*_eind(ExtendedKeyUsageOID.SERVER_AUTH), (san, False)])
    _schrijf_sleutel(map / "server.key", server_sleutel)
    _schrijf_certs(map / "server.pem", server, tsp, domein)
    (map / "crl.pem").write_bytes(_crl(map, {}).public_bytes(serialization.Encoding.PEM))


def _onder(map, stem, naam, uitgever, uitgever_sleutel, pathlen):
    sleutel = ec.generate_private_key(ec.SECP256R1())
    cert = _ca(naam, sleutel, uitgever, uitgever_sleutel, pathlen)
    _bewaar(map, stem, cert, sleutel)
    return cert, sleutel


def _bewaar(map, stem, cert, sleutel):
    _schrijf_sleutel(map / f"{stem}.key", sleutel)
    _schrijf_certs(map / f"{stem}.pem", cert)


def _keten(map, uitgever):
    """The CA `uitgever` and those above it, without the TEST root: what a package sends."""
    stems = []
    while uitgever not in (None, "root"):
        stems.append(uitgever)
        uitgever = _BOVEN[uitgever]
    return [_laad(map, stem)[0] for stem in stems]


def _andere_root(map):
    """A self-made root outside the anchors, for the 'other CA' case."""
    if not (map / "andere-root.pem").exists():
        sleutel = ec.generate_private_key(ec.SECP256R1())
        _bewaar(map, "andere-root", _ca(_naam(ANDERE_ROOT_CN), sleutel, None, sleutel, 0),
                sleutel)


def _crl(map, ingetrokken):
    uitgever, sleutel = _laad(map, "tsp-ca")
    nu = _nu()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(uitgever.subject)
               .last_update(nu).next_update(nu + dt.timedelta(days=7))
               .add_extension(x509.CRLNumber(int(nu.timestamp())), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   sleutel.public_key()), critical=False))
    for serienummer, datum in ingetrokken.items():
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serienummer)
            .revocation_date(datum).build())
    return builder.sign(sleutel, hashes.SHA256())


def _ca(naam, sleutel, uitgever, uitgever_sleutel, pathlen):
    nu = _nu()
    return _teken(naam, sleutel, uitgever, uitgever_sleutel,
                  nu - dt.timedelta(days=365), nu + dt.timedelta(days=3650),
                  [(x509.BasicConstraints(ca=True, path_length=pathlen), True),
                   (_key_usage(key_cert_sign=True, crl_sign=True), True)])


def _eind(eku):
    return [(x509.BasicConstraints(ca=False, path_length=None), True),
            (_key_usage(digital_signature=True), True),
            (x509.ExtendedKeyUsage([eku]), False)]


def _key_usage(**aan):
    velden = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
              "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{veld: aan.get(veld, False) for veld in velden})


def _naam(cn, organisatie="Staat der Nederlanden (TEST)"):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisatie),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _teken(naam, sleutel, uitgever, uitgever_sleutel, van, tot, extensies):
    """A certificate for `sleutel`, signed by `uitgever` (None: self-signed)."""
    builder = (x509.CertificateBuilder().subject_name(naam)
               .issuer_name(uitgever.subject if uitgever else naam)
               .public_key(sleutel.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(van).not_valid_after(tot)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()),
                              critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   uitgever_sleutel.public_key()), critical=False))
    for extensie, kritiek in extensies:
        builder = builder.add_extension(extensie, critical=kritiek)
    return builder.sign(uitgever_sleutel, hashes.SHA256())


def _laad(map, naam):
    cert = x509.load_pem_x509_certificate((map / f"{naam}.pem").read_bytes())
    return cert, serialization.load_pem_private_key((map / f"{naam}.key").read_bytes(), None)


def _schrijf_certs(pad, *certs):
    pad.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))


def _schrijf_sleutel(pad, sleutel):
    """Unencrypted PKCS#8, readable by the owner only from the moment it exists."""
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as bestand:
        bestand.write(sleutel.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))


def _nu():
    return dt.datetime.now(dt.UTC)
