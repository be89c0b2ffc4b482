"""The beheerder's certificate pages (R-CRT-01 … R-CRT-03): upload, see what was found
and what is wrong, confirm, revoke; expiry warnings."""
import datetime
import io
import re
import zipfile

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7, pkcs12
from cryptography.x509.oid import NameOID

from certificates import testpki
from domain import certificaten
from models import Certificaat, UitgaandeMail
from tests.conftest import csrf_token, inloggen_als
from tests.m2m.conftest import organisatie


def _upload(client, naam, inhoud):
    token = csrf_token(client.get("/beheer/certificaten").text)
    return client.post("/beheer/certificaten/controle", content_type="multipart/form-data",
                       data={"csrf_token": token, "bestand": (io.BytesIO(inhoud), naam)})


def _bevestig(client, voorbeeld):
    """Confirm the certificate of the upload's preview page, as its button does."""
    pem = re.search(r'name="pem" value="([^"]+)"', voorbeeld.text).group(1)
    return client.post("/beheer/certificaten", data={
        "csrf_token": csrf_token(voorbeeld.text), "pem": pem.replace("&#10;", "\n")},
        follow_redirects=True)


def test_r_crt_01_02_upload_shows_what_was_found_then_registers_on_confirmation(client, pki):
    inloggen_als(client, "beheerder.amsterdam")
    pagina = client.get("/beheer/certificaten").text
    assert "00000099000000000363" in pagina  # the registered OIN is shown
    voorbeeld = _upload(client, "amsterdam.crt",
                        (pki / "clients" / "gemeente-amsterdam.crt").read_bytes())
    assert voorbeeld.status_code == 200
    assert "Certificaat registreren" in voorbeeld.text
    assert "gemeente-amsterdam m2m" in voorbeeld.text
    assert Certificaat.select().count() == 0  # nothing stored before confirmation
    klaar = _bevestig(client, voorbeeld)
    assert "Het certificaat is geregistreerd" in klaar.text and "Actief" in klaar.text
    assert Certificaat.get().organisatie_id == organisatie("gemeente-amsterdam").id


def _formaten(pki):
    """The leaf of Amsterdam's certificate in each accepted shape of R-CRT-01."""
    leaf = x509.load_pem_x509_certificate((pki / "clients" / "gemeente-amsterdam.crt").read_bytes())
    tussen = x509.load_pem_x509_certificate((pki / "tsp-ca.pem").read_bytes())
    archief = io.BytesIO()
    with zipfile.ZipFile(archief, "w") as z:
        z.writestr("amsterdam/m2m.cer", leaf.public_bytes(Encoding.DER))
    return {"pem.cer": leaf.public_bytes(Encoding.PEM),
            "der.crt": leaf.public_bytes(Encoding.DER),
            "der.cert": leaf.public_bytes(Encoding.DER),
            "bundel.p7b": pkcs7.serialize_certificates([tussen, leaf], Encoding.PEM),
            "bundel-der.p7b": pkcs7.serialize_certificates([leaf, tussen], Encoding.DER),
            "certificaat.zip": archief.getvalue()}


@pytest.mark.parametrize("naam", ["pem.cer", "der.crt", "der.cert", "bundel.p7b",
                                  "bundel-der.p7b", "certificaat.zip"])
def test_r_crt_01_every_accepted_format_reaches_the_confirmation(client, pki, naam):
    inloggen_als(client, "beheerder.amsterdam")
    voorbeeld = _upload(client, naam, _formaten(pki)[naam])
    assert voorbeeld.status_code == 200, voorbeeld.text
    assert "Certificaat registreren" in voorbeeld.text
    assert "gemeente-amsterdam m2m" in voorbeeld.text and "00000099000000000363" in voorbeeld.text


def _pfx(pki):
    map_ = pki / "clients"
    sleutel = serialization.load_pem_private_key(
        (map_ / "gemeente-amsterdam.key").read_bytes(), None)
    leaf = x509.load_pem_x509_certificate((map_ / "gemeente-amsterdam.crt").read_bytes())
    return pkcs12.serialize_key_and_certificates(b"amsterdam", sleutel, leaf, None,
                                                 serialization.BestAvailableEncryption(b"geheim"))


@pytest.mark.parametrize("naam, inhoud, melding", [
    ("amsterdam.pfx", _pfx, "Een .pfx- of .p12-bestand bevat ook de privésleutel"),
    ("hernoemd.crt", lambda pki: b"Dit is een brief, geen certificaat.\n",
     "Dit bestand bevat geen leesbaar certificaat."),
    ("leeg.cer", lambda pki: b"", "Het bestand is leeg."),
    ("certificaat.docx", lambda pki: b"PK\x03\x04", "Dit bestandstype wordt niet geaccepteerd."),
])
def test_r_crt_01_refused_uploads_say_why_next_to_the_field(client, pki, naam, inhoud, melding):
    inloggen_als(client, "beheerder.amsterdam")
    antwoord = _upload(client, naam, inhoud(pki))
    assert antwoord.status_code == 422
    naast_veld = re.search(r'<p id="fout-bestand"[^>]*>(.*?)</p>', antwoord.text, re.S).group(1)
    assert melding in naast_veld
    assert "Certificaat registreren" not in antwoord.text
    assert Certificaat.select().count() == 0


def test_r_crt_02_wrong_oin_is_shown_and_cannot_be_confirmed(client, pki):
    inloggen_als(client, "beheerder.amsterdam")
    utrecht = (pki / "clients" / "gemeente-utrecht.crt").read_bytes()
    voorbeeld = _upload(client, "utrecht.cer", utrecht)
    assert "is niet het OIN van uw organisatie" in voorbeeld.text
    assert "Certificaat registreren" not in voorbeeld.text


def test_r_crt_01_private_key_refused_next_to_the_field(client, pki):
    inloggen_als(client, "beheerder.amsterdam")
    sleutel = (pki / "clients" / "gemeente-amsterdam.key").read_bytes()
    antwoord = _upload(client, "amsterdam.crt", sleutel)
    assert antwoord.status_code == 422
    assert "Stuur alleen het openbare deel" in antwoord.text
    assert sleutel.decode().splitlines()[1] not in antwoord.text


def test_r_crt_03_beheerders_warned_60_30_and_7_days_before_expiry_once_each(app, pki):
    from tests.m2m.conftest import registreer
    with app.app_context():
        certificaat = registreer(pki, "gemeente-amsterdam")
    from models import Gebruiker
    beheerder = Gebruiker.get(Gebruiker.gebruikersnaam == "beheerder.amsterdam")
    beheerder.email = "beheer@amsterdam.example"
    beheerder.save()
    einde = certificaat.geldig_tot
    for dagen, verwacht in ((90, 0), (59, 1), (50, 0), (29, 1), (6, 1), (5, 0)):
        assert certificaten.waarschuw(einde - datetime.timedelta(days=dagen)) == verwacht, dagen
    mails = UitgaandeMail.select().where(UitgaandeMail.aan == "beheer@amsterdam.example")
    assert mails.count() == 3


AMSTERDAM_OIN = "00000099000000000363"


def _bevindingen(pagina):
    """The text of the refusal on the check page."""
    return re.search(r'<div class="utrecht-alert utrecht-alert--error".*?</div>', pagina,
                     re.S).group(0)


def _van_andere_tsp(pki):
    """Amsterdam's certificate from the TSP CA that is no anchor, and that CA."""
    testpki.maak_client(pki, "amsterdam-andere-tsp", AMSTERDAM_OIN, uitgever="andere-tsp-ca")
    return (x509.load_pem_x509_certificate((pki / naam).read_bytes())
            for naam in ("clients/amsterdam-andere-tsp.crt", "andere-tsp-ca.pem"))


def test_r_crt_02_certificate_alone_from_an_unknown_ca_names_it_then_the_chain_registers(
        client, pki):
    """The usual 'openbare deel': only the organisation's certificate. Its TSP CA is no
    anchor, so the page names that CA and says what to do; the .p7b with the chain is
    then accepted and registered."""
    inloggen_als(client, "beheerder.amsterdam")
    leaf, tsp = _van_andere_tsp(pki)
    antwoord = _upload(client, "amsterdam.cer", leaf.public_bytes(Encoding.DER))
    assert antwoord.status_code == 200
    melding = _bevindingen(antwoord.text)
    assert f"{testpki.ANDERE_TSP_CN} ({testpki.ANDERE_TSP_O})" in melding
    assert ".p7b" in melding and "functioneel beheer" in melding
    assert "niet uitgegeven door een vertrouwde" not in melding
    assert "Certificaat registreren" not in antwoord.text

    voorbeeld = _upload(client, "amsterdam.p7b", pkcs7.serialize_certificates([leaf, tsp],
                                                                              Encoding.DER))
    assert "Certificaat registreren" in voorbeeld.text
    klaar = _bevestig(client, voorbeeld)
    assert "Het certificaat is geregistreerd" in klaar.text
    assert Certificaat.get().vingerafdruk == leaf.fingerprint(hashes.SHA256()).hex()


def test_r_crt_02_a_ca_the_operator_trusts_counts_at_once(app, client, pki, tmp_path,
                                                          monkeypatch):
    """`flask pki vertrouw` refuses a CA that is not PKIoverheid's unless --test; once it
    is in the anchors the running app accepts the certificate alone, without a restart."""
    bundel = tmp_path / "ca-chain.pem"
    bundel.write_bytes((pki / "ca-chain.pem").read_bytes())
    monkeypatch.setitem(app.config, "TRUST_ANCHORS", str(bundel))
    inloggen_als(client, "beheerder.amsterdam")
    leaf, tsp = _van_andere_tsp(pki)
    assert "Certificaat registreren" not in _upload(client, "a.cer",
                                                    leaf.public_bytes(Encoding.PEM)).text

    cli = app.test_cli_runner()
    ca = str(pki / "andere-tsp-ca.pem")
    geweigerd = cli.invoke(args=["pki", "vertrouw", ca])
    assert geweigerd.exit_code == 1
    assert "not on the list of PKIoverheid" in geweigerd.output
    assert tsp.fingerprint(hashes.SHA256()).hex() in geweigerd.output
    assert len(x509.load_pem_x509_certificates(bundel.read_bytes())) == 3
    toegevoegd = cli.invoke(args=["pki", "vertrouw", "--test", ca])
    assert toegevoegd.exit_code == 0 and "added: " in toegevoegd.output
    assert "already trusted" in cli.invoke(args=["pki", "vertrouw", "--test", ca]).output

    assert "Certificaat registreren" in _upload(client, "a.cer",
                                                leaf.public_bytes(Encoding.PEM)).text


def test_r_crt_02_an_issuer_name_with_markup_is_shown_as_text(client, pki):
    """The issuer's name comes from the uploaded file."""
    naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '<img src=x onerror="alert(1)">')])
    sleutel = ec.generate_private_key(ec.SECP256R1())
    nu = datetime.datetime.now(datetime.UTC)
    leaf = (x509.CertificateBuilder().issuer_name(naam)
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pakket"),
                                     x509.NameAttribute(NameOID.SERIAL_NUMBER, AMSTERDAM_OIN)]))
            .public_key(sleutel.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(nu - datetime.timedelta(hours=1))
            .not_valid_after(nu + datetime.timedelta(days=1)).sign(sleutel, hashes.SHA256()))
    inloggen_als(client, "beheerder.amsterdam")
    antwoord = _upload(client, "vals.crt", leaf.public_bytes(Encoding.PEM))
    melding = _bevindingen(antwoord.text)
    assert "&lt;img src=x onerror=" in melding and "<img src=x" not in antwoord.text
