"""Client certificates for the M2M link: reading uploads (R-CRT-01) and checking them
against the trust anchors and CRLs (R-CRT-02). No database, no Flask."""
import datetime as dt
import io
import os
import zipfile

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from certificates import (
    CertificaatFout,
    beschrijf,
    controleer,
    laad_ankers,
    laad_crls,
    lees_upload,
    testpki,
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
    leaf, tussen = _cert(pki / "clients/gemeente-a.crt"), _cert(pki / "intermediate.pem")
    leaf_pem, leaf_der = leaf.public_bytes(PEM), leaf.public_bytes(DER)
    varianten = {
        "gemeente.CRT": (leaf_pem, 0),
        "gemeente.cer": (leaf_der, 0),
        "gemeente.pem": ((pki / "clients/gemeente-a.pem").read_bytes(), 1),
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
    """A CRL naming the intermediate but signed by another key revokes nothing."""
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


def test_r_crt_02_chains_via_intermediate_bundled_in_p7b(pki):
    """trust.pem holds only the root: the intermediate must come with the upload."""
    leaf, tussen = _cert(pki / "clients/gemeente-a.crt"), _cert(pki / "intermediate.pem")
    ankers = laad_ankers(pki / "trust.pem")
    assert len(ankers) == 1
    upload = lees_upload("bundel.p7b", pkcs7.serialize_certificates([leaf, tussen], DER))
    nu = dt.datetime.now(dt.UTC)
    assert controleer(upload.leaf, upload.tussenliggend, ankers, [], OIN, nu) == []
    assert _codes(controleer(upload.leaf, (), ankers, [], OIN, nu)) == ["keten"]


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
