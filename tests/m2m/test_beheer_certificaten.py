"""The beheerder's certificate pages (R-CRT-01 … R-CRT-03): upload, see what was found
and what is wrong, confirm, revoke; expiry warnings."""
import datetime
import io
import re
import zipfile

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7, pkcs12

from domain import certificaten
from models import Certificaat, UitgaandeMail
from tests.conftest import csrf_token, inloggen_als
from tests.m2m.conftest import organisatie


def _upload(client, naam, inhoud):
    token = csrf_token(client.get("/beheer/certificaten").text)
    return client.post("/beheer/certificaten/controle", content_type="multipart/form-data",
                       data={"csrf_token": token, "bestand": (io.BytesIO(inhoud), naam)})


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
    pem = re.search(r'name="pem" value="([^"]+)"', voorbeeld.text).group(1)
    klaar = client.post("/beheer/certificaten", data={
        "csrf_token": csrf_token(voorbeeld.text), "pem": pem.replace("&#10;", "\n")},
        follow_redirects=True)
    assert "Het certificaat is geregistreerd" in klaar.text and "Actief" in klaar.text
    assert Certificaat.get().organisatie_id == organisatie("gemeente-amsterdam").id


def _formaten(pki):
    """The leaf of Amsterdam's certificate in each accepted shape of R-CRT-01."""
    leaf = x509.load_pem_x509_certificate((pki / "clients" / "gemeente-amsterdam.crt").read_bytes())
    tussen = x509.load_pem_x509_certificate((pki / "intermediate.pem").read_bytes())
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
