"""Client certificates for the M2M link: reading uploads (R-CRT-01) and checking them
against the trust anchors and CRLs (R-CRT-02). No database, no Flask."""
import datetime as dt
import io
import os
import re
import zipfile

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID

from certificates import (
    CertificaatFout,
    NietToegevoegd,
    beschrijf,
    controleer,
    laad_ankers,
    laad_crls,
    lees_upload,
    pkioverheid,
    testpki,
    vertrouw,
    vertrouwen,
    vingerafdruk,
)

OIN = "00000001234567890000"
PEM, DER = serialization.Encoding.PEM, serialization.Encoding.DER


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return testpki.maak(tmp_path_factory.mktemp("pki"), [("gemeente-a", OIN)])


def _cert(pad):
    return x509.load_pem_x509_certificates(pad.read_bytes())[0]


def _zip(leden):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in leden.items():
            archief.writestr(naam, inhoud)
    return buffer.getvalue()


def _codes(bevindingen):
    return [b.code for b in bevindingen]


def _controleer(pki, slug, oin=OIN, ankers=None, crls=(), nu=None):
    upload = lees_upload(f"{slug}.pem", (pki / "clients" / f"{slug}.pem").read_bytes())
    ankers = laad_ankers(pki / "trust.pem") if ankers is None else ankers
    return controleer(upload.leaf, upload.tussenliggend, ankers, list(crls), oin,
                      nu or dt.datetime.now(dt.UTC))


def test_r_crt_01_accepts_pem_der_p7b_pem_p7b_der_and_zip(pki):
    leaf, tussen = _cert(pki / "clients/gemeente-a.crt"), _cert(pki / "tsp-ca.pem")
    leaf_pem, leaf_der = leaf.public_bytes(PEM), leaf.public_bytes(DER)
    varianten = {
        "gemeente.CRT": (leaf_pem, 0),
        "gemeente.cer": (leaf_der, 0),
        "gemeente.pem": ((pki / "clients/gemeente-a.pem").read_bytes(), 2),
        "der-met-verkeerde-naam.cert": (leaf_der, 0),
        "bundel.p7b": (pkcs7.serialize_certificates([tussen, leaf], PEM), 1),
        "bundel-der.p7b": (pkcs7.serialize_certificates([leaf, tussen], DER), 1),
        "pakket.zip": (_zip({"certs/": b"", "certs/leaf.crt": leaf_pem,
                             "certs/tussen.cer": tussen.public_bytes(DER),
                             "certs/ook-leaf.pem": leaf_pem, "LEESMIJ.txt": b"hallo",
                             "__MACOSX/certs/._leaf.crt": b"\x00\x05rommel"}), 1),
    }
    for naam, (data, aantal_tussen) in varianten.items():
        upload = lees_upload(naam, data)
        assert vingerafdruk(upload.leaf) == vingerafdruk(leaf), naam
        assert len(upload.tussenliggend) == aantal_tussen, naam


def _pfx(pki, versleuteling):
    sleutel = serialization.load_pem_private_key((pki / "clients/gemeente-a.key").read_bytes(),
                                                 None)
    return pkcs12.serialize_key_and_certificates(b"gemeente-a", sleutel,
                                                 _cert(pki / "clients/gemeente-a.crt"), None,
                                                 versleuteling)


def test_r_crt_01_refuses_pfx_key_text_renamed_crt_empty(pki):
    leaf_pem = (pki / "clients/gemeente-a.crt").read_bytes()
    sleutel_pem = (pki / "clients/gemeente-a.key").read_bytes()
    sleutel = serialization.load_pem_private_key(sleutel_pem, None)
    versleuteld = serialization.BestAvailableEncryption(b"geheim")
    root_pem = (pki / "root.pem").read_bytes()
    andere_leaf = (pki / "clients/verlopen.crt").read_bytes()
    gevallen = [
        ("gemeente.pfx", _pfx(pki, serialization.NoEncryption()), "pfx"),
        ("gemeente.P12", b"willekeurig", "pfx"),
        ("gemeente.key", sleutel_pem, "privesleutel"),
        ("sleutel.crt", sleutel_pem, "privesleutel"),
        ("sleutel.pem", sleutel.private_bytes(PEM, serialization.PrivateFormat.PKCS8,
                                              versleuteld), "privesleutel"),
        ("sleutel.pem", sleutel.private_bytes(PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                              serialization.NoEncryption()), "privesleutel"),
        ("sleutel.cer", sleutel.private_bytes(DER, serialization.PrivateFormat.PKCS8,
                                              versleuteld), "privesleutel"),
        ("hernoemd.crt", _pfx(pki, serialization.NoEncryption()), "pfx"),
        ("hernoemd.cer", _pfx(pki, versleuteld), "pfx"),
        ("tekst.crt", b"Dit is geen certificaat.\n", "geen_certificaat"),
        ("kapot.pem", b"-----BEGIN CERTIFICATE-----\nnee\n-----END CERTIFICATE-----\n",
         "geen_certificaat"),
        ("leeg.crt", b"", "leeg"),
        ("leeg.pem", b"\n  \n", "leeg"),
        ("brief.docx", leaf_pem, "extensie"),
        ("geen-extensie", leaf_pem, "extensie"),
        ("alleen-root.pem", root_pem, "geen_certificaat"),
        ("twee.pem", leaf_pem + andere_leaf, "meerdere_certificaten"),
        ("geen.zip", b"PK nee", "geen_certificaat"),
        ("leeg.zip", _zip({"LEESMIJ.txt": b"hallo", "map/": b""}), "zip_leeg"),
        ("sleutel.zip", _zip({"leaf.crt": leaf_pem, "leaf.key": sleutel_pem}), "privesleutel"),
        ("verstopt.zip", _zip({"leaf.crt": leaf_pem + sleutel_pem}), "privesleutel"),
        ("pfx.zip", _zip({"leaf.pfx": b"x"}), "pfx"),
        ("veel.zip", _zip({f"{i}.txt": b"" for i in range(21)}), "zip_te_groot"),
        ("groot.zip", _zip({"groot.txt": b"0" * (1024 * 1024 + 1)}), "zip_te_groot"),
    ]
    for naam, data, code in gevallen:
        with pytest.raises(CertificaatFout) as fout:
            lees_upload(naam, data)
        assert fout.value.code == code, naam
        assert fout.value.melding and str(fout.value), naam


def test_r_crt_01_zip_with_lying_size_header_is_refused(pki):
    """The header claims 100 bytes for 2 MB of zeros: reading is capped, not trusted."""
    data = bytearray(_zip({"groot.pem": b"0" * (2 * 1024 * 1024)}))
    for handtekening, positie in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.index(handtekening) + positie
        data[start:start + 4] = (100).to_bytes(4, "little")
    with pytest.raises(CertificaatFout) as fout:
        lees_upload("groot.zip", bytes(data))
    assert fout.value.code in ("zip_te_groot", "geen_certificaat")


def test_r_crt_01_certificate_with_private_key_refused_without_leaking_the_key(pki):
    sleutel_pem = (pki / "clients/gemeente-a.key").read_bytes()
    data = (pki / "clients/gemeente-a.crt").read_bytes() + sleutel_pem
    with pytest.raises(CertificaatFout) as fout:
        lees_upload("gemeente.crt", data)
    assert fout.value.code == "privesleutel"
    tekst = f"{fout.value} {fout.value!r} {fout.value.params!r} {fout.value.__context__!r}"
    for regel in sleutel_pem.decode().splitlines()[1:-1]:
        assert regel not in tekst
    assert "privésleutel" in fout.value.melding


def test_r_crt_02_valid_client_has_no_findings(pki):
    assert _controleer(pki, "gemeente-a") == []
    leeg_crl = x509.load_pem_x509_crl((pki / "crl.pem").read_bytes())
    assert _controleer(pki, "gemeente-a", crls=[leeg_crl]) == []


def test_r_crt_02_other_ca_refused(pki):
    bevindingen = _controleer(pki, "andere-ca", oin=testpki.TEST_OIN)
    assert _codes(bevindingen) == ["keten"]
    assert bevindingen[0].params["reden"]


def test_r_crt_02_expired_reported_with_the_chain_still_checked(pki):
    assert _codes(_controleer(pki, "verlopen", oin=testpki.TEST_OIN)) == ["verlopen"]
    assert _codes(_controleer(pki, "verlopen", oin=testpki.TEST_OIN,
                              ankers=laad_ankers(pki / "andere-root.pem"))) == ["verlopen", "keten"]


def test_r_crt_02_not_yet_valid(pki):
    nu = _cert(pki / "clients/gemeente-a.crt").not_valid_before_utc - dt.timedelta(minutes=5)
    assert _codes(_controleer(pki, "gemeente-a", nu=nu)) == ["nog_niet_geldig"]


def test_r_crt_02_no_clientauth(pki):
    assert _codes(_controleer(pki, "geen-clientauth", oin=testpki.TEST_OIN)) == ["clientauth"]


def test_r_crt_02_oin_mismatch(pki):
    bevindingen = _controleer(pki, "gemeente-a", oin="00000009999999999999")
    assert _codes(bevindingen) == ["oin"]
    assert bevindingen[0].params == {"gevonden": OIN, "verwacht": "00000009999999999999"}


def test_r_crt_02_revoked_in_crl(pki):
    pem = testpki.maak_client(pki, "ingetrokken", OIN)
    assert laad_crls(pki / "crls") == [] and _controleer(pki, "ingetrokken") == []
    testpki.trek_in(pki, pem)
    assert _codes(_controleer(pki, "ingetrokken", crls=laad_crls(pki / "crls"))) == ["ingetrokken"]
    assert _controleer(pki, "gemeente-a", crls=laad_crls(pki / "crls")) == []


def test_r_crt_02_crl_with_a_bad_signature_is_ignored(pki):
    """A CRL naming the TSP CA but signed by another key revokes nothing."""
    leaf = _cert(pki / "clients/gemeente-a.crt")
    vals = serialization.load_pem_private_key((pki / "andere-root.key").read_bytes(), None)
    nu = dt.datetime.now(dt.UTC)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(leaf.issuer)
           .last_update(nu).next_update(nu + dt.timedelta(days=1))
           .add_revoked_certificate(x509.RevokedCertificateBuilder()
                                    .serial_number(leaf.serial_number).revocation_date(nu).build())
           .sign(vals, hashes.SHA256()))
    assert _controleer(pki, "gemeente-a", crls=[crl]) == []


def test_r_crt_02_no_anchors(pki, tmp_path):
    assert laad_ankers(tmp_path / "ontbreekt.pem") == []
    assert laad_crls(tmp_path / "ontbreekt") == []
    bevindingen = _controleer(pki, "gemeente-a", ankers=[])
    assert _codes(bevindingen) == ["keten"]
    assert "geen vertrouwde" in bevindingen[0].melding


def test_r_crt_02_chains_via_tsp_and_domain_ca_bundled_in_p7b(pki):
    """trust.pem holds only the root: the TSP and domain CA must come with the upload."""
    leaf, tsp, domein = (_cert(pki / naam) for naam in
                         ("clients/gemeente-a.crt", "tsp-ca.pem", "domein-ca.pem"))
    ankers = laad_ankers(pki / "trust.pem")
    assert len(ankers) == 1
    upload = lees_upload("bundel.p7b", pkcs7.serialize_certificates([leaf, tsp, domein], DER))
    nu = dt.datetime.now(dt.UTC)
    assert controleer(upload.leaf, upload.tussenliggend, ankers, [], OIN, nu) == []
    assert _codes(controleer(upload.leaf, (tsp,), ankers, [], OIN, nu)) == ["keten"]
    assert _codes(controleer(upload.leaf, (), ankers, [], OIN, nu)) == ["uitgever_onbekend"]


def test_r_crt_02_test_pki_is_as_deep_as_pkioverheid(pki):
    """root → domain CA → TSP CA → certificate; the anchors hold all three CAs."""
    leaf, tsp, domein, root = (_cert(pki / naam) for naam in
                               ("clients/gemeente-a.crt", "tsp-ca.pem", "domein-ca.pem",
                                "root.pem"))
    assert (leaf.issuer, tsp.issuer, domein.issuer, root.issuer) == \
        (tsp.subject, domein.subject, root.subject, root.subject)
    for kind, ouder in ((leaf, tsp), (tsp, domein), (domein, root)):
        kind.verify_directly_issued_by(ouder)
    assert [c.subject for c in laad_ankers(pki / "ca-chain.pem")] == \
        [tsp.subject, domein.subject, root.subject]
    # A certificate alone is enough when its TSP CA is an anchor.
    nu = dt.datetime.now(dt.UTC)
    assert controleer(leaf, (), laad_ankers(pki / "ca-chain.pem"), [], OIN, nu) == []


def test_r_crt_02_unknown_issuing_ca_is_named_with_the_way_out(pki):
    """Only the organisation's certificate, issued by a TSP CA that is no anchor: the
    finding names that CA and says to send the chain or ask the operator."""
    ankers = laad_ankers(pki / "ca-chain.pem")
    alleen = lees_upload("andere-tsp.cer", (pki / "clients/andere-tsp.crt").read_bytes())
    nu = dt.datetime.now(dt.UTC)
    bevindingen = controleer(alleen.leaf, alleen.tussenliggend, ankers, [], testpki.TEST_OIN, nu)
    assert _codes(bevindingen) == ["uitgever_onbekend"]
    uitgever = bevindingen[0].params["uitgever"]
    assert uitgever == f"{testpki.ANDERE_TSP_CN} ({testpki.ANDERE_TSP_O})"
    tekst = bevindingen[0].melding % bevindingen[0].params
    assert uitgever in tekst and ".p7b" in tekst and "functioneel beheer" in tekst
    # With its chain (the TSP CA under the trusted domain CA) it is accepted.
    keten = lees_upload("andere-tsp.pem", (pki / "clients/andere-tsp.pem").read_bytes())
    assert controleer(keten.leaf, keten.tussenliggend, ankers, [], testpki.TEST_OIN, nu) == []


def _uitgegeven_door(naam):
    """A client certificate issued by an unknown CA with this subject."""
    nu = dt.datetime.now(dt.UTC)
    leaf_naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pakket"),
                           x509.NameAttribute(NameOID.SERIAL_NUMBER, OIN)])
    return (x509.CertificateBuilder().subject_name(leaf_naam).issuer_name(naam)
            .public_key(ec.generate_private_key(ec.SECP256R1()).public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(nu - dt.timedelta(hours=1))
            .not_valid_after(nu + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))


@pytest.mark.filterwarnings("ignore:Attribute's length must be")
def test_r_crt_02_unknown_issuer_name_without_cn_or_very_long_is_still_named(pki):
    """The issuer's name comes from the uploaded file: shown whole without a CN, and cut
    short when it is long."""
    ankers = laad_ankers(pki / "ca-chain.pem")
    nu = dt.datetime.now(dt.UTC)
    zonder_cn = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Alleen O"),
                           x509.NameAttribute(NameOID.COUNTRY_NAME, "NL")])
    leaf = _uitgegeven_door(zonder_cn)
    bevinding, = controleer(leaf, (), ankers, [], OIN, nu)
    assert bevinding.params["uitgever"] == "C=NL,O=Alleen O"
    lang = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "X" * 5000, _validate=False)])
    leaf = _uitgegeven_door(lang)
    bevinding, = controleer(leaf, (), ankers, [], OIN, nu)
    assert len(bevinding.params["uitgever"]) == 200
    assert bevinding.params["uitgever"].endswith("…")


def test_r_crt_02_pkioverheid_list_names_both_hierarchies_with_thumbprints():
    """certificates/pkioverheid.py: G1 and G4, each with one root and one domain CA and
    its TSP CAs; every thumbprint a SHA-256 in hex, once, with where to download the CA."""
    assert {ca.hierarchie for ca in pkioverheid.CAS} == {"G1", "G4"}
    for hierarchie in ("G1", "G4"):
        rollen = [ca.rol for ca in pkioverheid.CAS if ca.hierarchie == hierarchie]
        assert rollen.count("root") == 1 and rollen.count("domein") == 1, hierarchie
        assert set(rollen) == {"root", "domein", "TSP"}, hierarchie
    for ca in pkioverheid.CAS:
        assert re.fullmatch(r"[0-9a-f]{64}", ca.sha256), ca.naam
        assert ca.download.startswith("https://cert.pkioverheid.nl/"), ca.naam
        assert ca.bron.startswith("https://"), ca.naam
    assert len({ca.sha256 for ca in pkioverheid.CAS}) == len(pkioverheid.CAS)


def _als_pkioverheid(cert):
    """A list naming a TEST CA the way pkioverheid.CAS names the real TSP CAs."""
    return (pkioverheid.CA(cert.subject.rfc4514_string(), "G1", "TSP", vingerafdruk(cert),
                           "https://cert.pkioverheid.nl/test.cer", "https://example.org/"),)


def test_r_crt_02_vertrouw_takes_a_listed_ca_and_refuses_others_unless_test(pki, tmp_path):
    bundel = tmp_path / "ankers.pem"
    bundel.write_bytes((pki / "ca-chain.pem").read_bytes())
    voor = bundel.read_bytes()
    andere_tsp = _cert(pki / "andere-tsp-ca.pem")
    der = andere_tsp.public_bytes(DER)  # as cert.pkioverheid.nl serves it

    with pytest.raises(NietToegevoegd) as fout:
        vertrouw(bundel, der)
    assert vingerafdruk(andere_tsp) in str(fout.value) and "--test" in str(fout.value)
    assert bundel.read_bytes() == voor

    toegevoegd, = vertrouw(bundel, der, bekend=_als_pkioverheid(andere_tsp))
    assert toegevoegd.nieuw and toegevoegd.ca.rol == "TSP"
    assert len(laad_ankers(bundel)) == 4
    assert f"(PKIoverheid G1 TSP), SHA-256 {vingerafdruk(andere_tsp)}" in bundel.read_text()
    na = bundel.read_bytes()
    nogmaals, = vertrouw(bundel, der, bekend=_als_pkioverheid(andere_tsp))
    assert not nogmaals.nieuw and bundel.read_bytes() == na

    andere_root = _cert(pki / "andere-root.pem")
    test_ca, = vertrouw(bundel, andere_root.public_bytes(PEM), test=True)
    assert test_ca.nieuw and test_ca.ca is None
    assert vingerafdruk(andere_root) in {vingerafdruk(c) for c in laad_ankers(bundel)}


def test_r_crt_02_vertrouw_refuses_a_file_that_is_not_only_ca_certificates(pki, tmp_path):
    """A client certificate, a key, an empty file, DER rubbish or one unknown CA among
    listed ones: refused whole, nothing written; nor is anything added to a broken bundle."""
    bundel = tmp_path / "ankers.pem"
    bundel.write_bytes((pki / "trust.pem").read_bytes())
    voor = bundel.read_bytes()
    tsp, andere = _cert(pki / "tsp-ca.pem"), _cert(pki / "andere-tsp-ca.pem")
    gevallen = [  # (file, --test, refusal, text in it)
        ((pki / "clients/gemeente-a.crt").read_bytes(), True, NietToegevoegd, "not a CA"),
        ((pki / "tsp-ca.key").read_bytes(), True, CertificaatFout, "privésleutel"),
        (b"", True, CertificaatFout, "leeg"),
        (b"\x30\x82" + os.urandom(500), True, CertificaatFout, "geen leesbaar certificaat"),
        (pkcs7.serialize_certificates([tsp, andere], DER), False, NietToegevoegd,
         vingerafdruk(andere)),
    ]
    for data, test, soort, tekst in gevallen:
        with pytest.raises(soort) as fout:
            vertrouw(bundel, data, test=test, bekend=_als_pkioverheid(tsp))
        assert tekst in str(fout.value)
        assert bundel.read_bytes() == voor
    kapot = b"-----BEGIN CERTIFICATE-----\nnee\n-----END CERTIFICATE-----\n"
    bundel.write_bytes(kapot)
    with pytest.raises(NietToegevoegd, match="not a bundle of PEM certificates"):
        vertrouw(bundel, tsp.public_bytes(PEM), bekend=_als_pkioverheid(tsp))
    assert bundel.read_bytes() == kapot


def test_r_crt_02_trust_is_read_again_when_the_anchor_file_changes(pki, tmp_path):
    """Kept per process while the files stay the same; a CA the operator adds counts at
    once, without a restart."""
    bundel = tmp_path / "ankers.pem"
    bundel.write_bytes((pki / "ca-chain.pem").read_bytes())
    eerst = vertrouwen(bundel, pki / "crls")
    assert vertrouwen(bundel, pki / "crls") is eerst and len(eerst.ankers) == 3
    vertrouw(bundel, (pki / "andere-tsp-ca.pem").read_bytes(), test=True)
    daarna = vertrouwen(bundel, pki / "crls")
    assert len(daarna.ankers) == 4
    leaf = _cert(pki / "clients/andere-tsp.crt")
    nu = dt.datetime.now(dt.UTC)
    assert controleer(leaf, (), daarna.ankers, [], testpki.TEST_OIN, nu) == []


def test_r_crt_02_description_and_fingerprint(pki):
    leaf = _cert(pki / "clients/gemeente-a.crt")
    beschrijving = beschrijf(leaf)
    assert beschrijving["oin"] == OIN
    assert "serialNumber=" + OIN in beschrijving["subject"]
    assert "TEST" in beschrijving["issuer"]
    assert int(beschrijving["serienummer"], 16) == leaf.serial_number
    assert beschrijving["geldig_van"].utcoffset() == dt.timedelta(0)
    assert beschrijving["vingerafdruk"] == vingerafdruk(leaf.public_bytes(DER))
    assert beschrijving["vingerafdruk"] == leaf.fingerprint(hashes.SHA256()).hex()
    assert len(beschrijving["vingerafdruk"]) == 64


def test_testpki_is_idempotent_and_keeps_keys_private(pki):
    root = (pki / "root.pem").read_bytes()
    testpki.maak(pki, [("gemeente-a", OIN), ("gemeente-b", "00000001000000000002")])
    assert (pki / "root.pem").read_bytes() == root
    assert (pki / "clients/gemeente-b.pem").exists()
    assert os.stat(pki / "clients/gemeente-b.key").st_mode & 0o777 == 0o600
    leaf = _cert(pki / "clients/gemeente-b.crt")
    with pytest.raises(x509.ExtensionNotFound):
        leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)


def test_testpki_from_before_the_tsp_level_is_made_anew(tmp_path):
    """A folder whose hierarchy has no TSP CA (made before it had one) gets a new
    hierarchy, and its client certificates, signed by keys that are gone, new ones."""
    oud = testpki.maak(tmp_path / "pki", [("gemeente-a", OIN)])
    (oud / "tsp-ca.pem").unlink()
    oude_leaf = (oud / "clients/gemeente-a.crt").read_bytes()
    testpki.maak(oud, [("gemeente-a", OIN)])
    assert (oud / "clients/gemeente-a.crt").read_bytes() != oude_leaf
    _cert(oud / "clients/gemeente-a.crt").verify_directly_issued_by(_cert(oud / "tsp-ca.pem"))
