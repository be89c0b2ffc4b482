"""The PKIoverheid Private Services CAs an operator may load as trust anchors for M2M
client certificates (R-CRT-02), each with the SHA-256 thumbprint of its DER encoding.
`flask pki vertrouw` takes a CA certificate only when its thumbprint is listed here.

Two hierarchies: G1, under Staat der Nederlanden Private Root CA - G1, valid until
2028-11-14; and G4, under Staat der Nederlanden - G4 Root Priv G-TLS - 2024, under which
new certificates are issued since 2026-11-12. Each has a root, a domain CA (G4 calls it
the intermediate) and the TSP CAs that issue organisations' certificates.

`download` is the CA's file on cert.pkioverheid.nl (Logius), the place to compare with;
`bron` is where the thumbprint below was read. The G1 root and domain CA are published in
the Policy Authority's CPS; the others come from the Nuts foundation's PKIoverheid Private
Services bundle, which names the same cert.pkioverheid.nl files (docs/m2m.md)."""
from dataclasses import dataclass

CERT = "https://cert.pkioverheid.nl"
CPS = "https://cps.pkioverheid.nl/pkioverheid-cps-unified-v5.2.html"
NUTS = ("https://github.com/nuts-foundation/nuts-webpresence/blob/"
        "093b9f9a00f20ea456399254f77e026f7b00eb39/public/certs/production/truststore.pem")


@dataclass(frozen=True)
class CA:
    naam: str  # the subject CN
    hierarchie: str  # G1 or G4
    rol: str  # root, domein or TSP
    sha256: str  # lowercase hex, of the DER
    download: str
    bron: str


CAS = (
    CA("Staat der Nederlanden Private Root CA - G1", "G1", "root",
       "0257ce27b52408e24ee2c0945640b723c5bc66ddbda4ada58c60357604f0e675",
       f"{CERT}/PrivateRootCA-G1.cer", CPS),
    CA("Staat der Nederlanden Private Services CA - G1", "G1", "domein",
       "2eaaf678e645dc26ea82c016ef3960935659cf81b4c44d9b2d0fb1a142666c98",
       f"{CERT}/DomPrivateServicesCA-G1.cer", CPS),
    CA("DigiCert QuoVadis PKIoverheid Private Services CA - 2023", "G1", "TSP",
       "b63a82ce98e9fe704dc42b7cb4b63d4bf0646b1d0754f9a4c696a4afb39436bc",
       f"{CERT}/DigiCertQuoVadisPKIoverheidPrivateServicesCA2023.cer", NUTS),
    CA("Digidentity BV PKIoverheid Private Services CA - G1", "G1", "TSP",
       "bfe8f634772b0ec2cd2a41a17fc7612577d7e24f934073dec89a991b6169687e",
       f"{CERT}/Digidentity_BV_PKIoverheid_Private_Services_CA-G1.cer", NUTS),
    CA("KPN PKIoverheid Private Services CA - G1", "G1", "TSP",
       "bdb68500aaae2563c57b4525784360436d3e3fd8df974b25a77f132cecc2a49d",
       f"{CERT}/KPN_PKIoverheid_Private_Services_CA-G1.cer", NUTS),
    CA("QuoVadis PKIoverheid Private Services CA - G1", "G1", "TSP",
       "69df8d18c54503f83dc239c3dcf8115b2a447efc5defca6119d18e988c12276d",
       f"{CERT}/QuoVadis_PKIoverheid_Private_Services_CA-G1.cer", NUTS),
    CA("UZI-register Private Server CA G1", "G1", "TSP",
       "bdd860ef8e87e2b2c7ebb34dd6e9e1771a3a3c5dec850ba7080e3e2904dbd897",
       f"{CERT}/UZI-register_Private_Server_CA_G1.cer", NUTS),
    CA("Staat der Nederlanden - G4 Root Priv G-TLS - 2024", "G4", "root",
       "4411f67d3d7f4f49d34ff8862249de0d6692adc92df0855fb1dd67a169800484",
       f"{CERT}/StaatderNederlandenG4RootPrivGTLS2024.cer", NUTS),
    CA("Staat der Nederlanden - G4 Intm Priv G-TLS SYS - 2024", "G4", "domein",
       "a24f6f2fa192dd96ceeaf8d4c380d8663426f95858956a5adff5cfd36b30554f",
       f"{CERT}/StaatderNederlandenG4IntmPrivGTLSSYS2024.cer", NUTS),
    CA("DigiCert - G4 PKIo Priv G-TLS SYS - 2025", "G4", "TSP",
       "a3234374ce91c000c929c66daade6c85457d61850e6fb388e349fd710a9bb305",
       f"{CERT}/DigiCertG4PKIoPrivGTLSSYS2025.cer", NUTS),
    CA("Digidentity - G4 PKIo Priv G-TLS SYS - 2025", "G4", "TSP",
       "fc6b0573c096991e59e886e28e314dfd74d96a8ea3976e197f23c2e5c49acd87",
       f"{CERT}/DigidentityG4PKIoPrivGTLSSYS2025.cer", NUTS),
    CA("KPN - G4 PKIo Priv G-TLS SYS - 2025", "G4", "TSP",
       "2b4ee93832a4b2ca349e86c21caf8f959b106c2d0aa6fd49a983fca00574d1a6",
       f"{CERT}/KPNG4PKIoPrivGTLSSYS2025.cer", NUTS),
    CA("UZI Server - G4 PKIo Priv G-TLS SYS - 2025", "G4", "TSP",
       "b034cbfffcafe784edaef49fefad354edbc7823d8d6522d3da6f8e91ff28aa42",
       f"{CERT}/UZIServerG4PKIoPrivGTLSSYS2025.cer", NUTS),
)
