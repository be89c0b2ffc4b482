"""The certificate registry of the M2M link (seed 001, R-CRT-01 … R-CRT-03): a
beheerder registers the public part of its package's PKIoverheid certificate, and a
caller is the organisation whose registered, active, unexpired certificate it presented."""
import datetime
import enum
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

import certificates
from certificates import Vertrouwen
from models import Certificaat, Organisatie, Sjabloon, database, utcnow

from . import berichten, mutaties
from .actor import KENMERK_PER_SOORT, Actor, beheerders
from .fouten import N_, Fout, GeenToegang, Ongeldig
from .gebruikers import mogelijke_kenmerken

WAARSCHUWINGEN = (60, 30, 7)  # R-CRT-03: days before expiry that beheerders are mailed

# What a package may do, by the soort of its organisation: the work of the people there.
ROLLEN_VAN_PAKKET = {
    "bestuur": frozenset({"schooladministratie", "verzuimmelder"}),
    "gemeente": frozenset({"leerplichtambtenaar", "behandelaar_rmc"}),
    "instantie": frozenset({"leerplichtambtenaar"}),
    "regio": frozenset({"behandelaar_rmc"}),
}


@dataclass(frozen=True)
class Voorbeeld:
    """What an upload holds, shown before the beheerder confirms (R-CRT-02)."""

    gegevens: dict
    bevindingen: tuple
    pem: str  # leaf and intermediates, so the confirmation checks the same chain

    @property
    def aanvaardbaar(self):
        return not self.bevindingen


def _eis_beheerder(actor):
    if not actor.heeft_rol("beheerder") or actor.organisatie_id is None:
        raise GeenToegang()
    return Organisatie.get_by_id(actor.organisatie_id)


def certificaten_van(actor):
    organisatie = _eis_beheerder(actor)
    return organisatie, list(Certificaat.select().where(Certificaat.organisatie == organisatie)
                             .order_by(Certificaat.geldig_tot.desc()))


def _pem(upload):
    return "".join(c.public_bytes(Encoding.PEM).decode()
                   for c in (upload.leaf, *upload.tussenliggend))


def bekijk(actor, vertrouwen: Vertrouwen, bestandsnaam, data, nu=None):
    """R-CRT-01/02: read an upload and check it; nothing is stored. A refused file
    raises Ongeldig with the reason."""
    organisatie = _eis_beheerder(actor)
    try:
        upload = certificates.lees_upload(bestandsnaam, data)
    except certificates.CertificaatFout as fout:
        raise Ongeldig([Fout("bestand", fout.melding, "R-CRT-01", fout.params)]) from None
    return _voorbeeld(organisatie, vertrouwen, upload, nu)


def _voorbeeld(organisatie, vertrouwen: Vertrouwen, upload, nu):
    nu = nu or datetime.datetime.now(datetime.UTC)
    bevindingen = list(certificates.controleer(upload.leaf, upload.tussenliggend,
                                               vertrouwen.ankers, vertrouwen.crls,
                                               organisatie.oin, nu))
    gegevens = certificates.beschrijf(upload.leaf)
    if Certificaat.get_or_none(Certificaat.vingerafdruk == gegevens["vingerafdruk"]):
        bevindingen.append(certificates.Bevinding(
            "bekend", N_("Dit certificaat is al geregistreerd."), {}))
    return Voorbeeld(gegevens, tuple(bevindingen), _pem(upload))


def registreer(actor, vertrouwen: Vertrouwen, pem, nu=None):
    """Register the certificate the beheerder confirmed, checked again (R-CRT-02). It
    may sit next to an active one: a package rotates without downtime (R-CRT-03)."""
    organisatie = _eis_beheerder(actor)
    try:
        upload = certificates.lees_upload("bevestigd.pem", pem.encode())
    except certificates.CertificaatFout as fout:
        raise Ongeldig([Fout("bestand", fout.melding, "R-CRT-01", fout.params)]) from None
    with database.atomic():
        voorbeeld = _voorbeeld(organisatie, vertrouwen, upload, nu)
        if voorbeeld.bevindingen:
            raise Ongeldig([Fout("bestand", b.melding, "R-CRT-02", b.params)
                            for b in voorbeeld.bevindingen])
        g = voorbeeld.gegevens
        certificaat = Certificaat.create(
            organisatie=organisatie, vingerafdruk=g["vingerafdruk"], subject=g["subject"],
            issuer=g["issuer"], serienummer=g["serienummer"], oin=g["oin"],
            geldig_van=_naief(g["geldig_van"]), geldig_tot=_naief(g["geldig_tot"]),
            pem=upload.leaf.public_bytes(Encoding.PEM).decode(),
            geregistreerd_door=_gebruiker_id(actor))
        mutaties.schrijf(actor, "certificaat", certificaat, "certificaat geregistreerd",
                         na=_staat(certificaat))
    return certificaat


class Status(enum.StrEnum):
    """A registered certificate's status: stored actief or ingetrokken; verlopen is read
    off its date (expiry needs no job)."""

    ACTIEF = "actief"
    INGETROKKEN = "ingetrokken"
    VERLOPEN = "verlopen"


def trek_in(actor, certificaat_id):
    """Revoke: the certificate stops working at once."""
    organisatie = _eis_beheerder(actor)
    with database.atomic():
        certificaat = Certificaat.get_or_none(Certificaat.id == certificaat_id,
                                              Certificaat.organisatie == organisatie)
        if certificaat is None:
            raise GeenToegang()
        if certificaat.status == Status.INGETROKKEN:
            return certificaat
        voor = _staat(certificaat)
        certificaat.status, certificaat.ingetrokken_op = Status.INGETROKKEN, utcnow()
        certificaat.save()
        mutaties.schrijf(actor, "certificaat", certificaat, "certificaat ingetrokken",
                         voor=voor, na=_staat(certificaat))
    return certificaat


def status(certificaat, nu=None):
    """The certificate's Status now."""
    if certificaat.status == Status.INGETROKKEN:
        return Status.INGETROKKEN
    return Status.VERLOPEN if certificaat.geldig_tot <= (nu or utcnow()) else Status.ACTIEF


def dagen_geldig(certificaat, nu=None):
    return max(0, (certificaat.geldig_tot - (nu or utcnow())).days)


def _staat(certificaat):
    return {"vingerafdruk": certificaat.vingerafdruk, "oin": certificaat.oin,
            "status": certificaat.status, "geldig_tot": certificaat.geldig_tot.isoformat()}


def _naief(moment):
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


def _gebruiker_id(actor):
    soort, _, nummer = actor.kenmerk.partition(":")
    return int(nummer) if soort == "gebruiker" else None


# ---------------------------------------------------------------- the caller of an M2M call

class Geweigerd(Exception):
    """The presented certificate does not identify a caller: answered with 403."""

    def __init__(self, reden, vingerafdruk):
        self.reden, self.vingerafdruk = reden, vingerafdruk
        super().__init__(f"{reden} ({vingerafdruk})")


# Every M2M call looks its certificate up: the SQL text built once.
_BIJ_VINGERAFDRUK = Sjabloon(lambda _vorm, waarde: (
    Certificaat.select(Certificaat, Organisatie).join(Organisatie)
    .where(Certificaat.vingerafdruk == waarde("vingerafdruk"))))


def identificeer(der, vertrouwen: Vertrouwen, nu=None):
    """The Actor of the package that presented this leaf (DER) in the handshake, or
    Geweigerd: unknown, revoked (here or in a CRL), expired, not yet valid, or its OIN
    no longer the organisation's. Fails closed."""
    vingerafdruk = certificates.vingerafdruk(der)
    nu = nu or utcnow()
    gevonden = _BIJ_VINGERAFDRUK.objecten(None, vingerafdruk=vingerafdruk)
    if not gevonden:
        raise Geweigerd("onbekend", vingerafdruk)
    certificaat = gevonden[0]
    huidig = status(certificaat, nu)
    if huidig != Status.ACTIEF or certificaat.geldig_van > nu:
        raise Geweigerd(huidig, vingerafdruk)
    if certificaat.oin != certificaat.organisatie.oin:
        raise Geweigerd("oin", vingerafdruk)
    if vertrouwen.crls and _in_crl(der, vertrouwen.crls):
        raise Geweigerd(Status.INGETROKKEN, vingerafdruk)
    return actor_voor_certificaat(certificaat)


def _in_crl(der, crls):
    leaf = x509.load_der_x509_certificate(der)
    return any(crl.issuer == leaf.issuer
               and crl.get_revoked_certificate_by_serial_number(leaf.serial_number) is not None
               for crl in crls)


def actor_voor_certificaat(certificaat):
    """A package acts for its whole organisation: every instelling of a bestuur, every
    gemeente of a gemeente or instantie, with the roles of the people who do that work."""
    organisatie = certificaat.organisatie
    soort = organisatie.soort
    kenmerk = KENMERK_PER_SOORT.get(soort)
    return Actor(kenmerk=f"certificaat:{certificaat.vingerafdruk}",
                 organisatie_id=organisatie.id, organisatie_soort=soort,
                 rollen=ROLLEN_VAN_PAKKET.get(soort, frozenset()),
                 kenmerken=({kenmerk: frozenset(mogelijke_kenmerken(organisatie))}
                            if kenmerk else {}))


# ---------------------------------------------------------------- expiry warnings

def waarschuw(nu=None):
    """R-CRT-03: mail the organisation's beheerders 60, 30 and 7 days before a
    certificate expires, each warning once. Returns how many certificates were warned."""
    nu = nu or utcnow()
    gewaarschuwd = 0
    with database.atomic():
        for certificaat in Certificaat.select().where(Certificaat.status == Status.ACTIEF,
                                                      Certificaat.geldig_tot > nu):
            dagen = (certificaat.geldig_tot - nu).days
            drempel = min((d for d in WAARSCHUWINGEN if dagen < d), default=None)  # 59 days: 60
            if drempel is None or (certificaat.gewaarschuwd or 999) <= drempel:
                continue
            for beheerder in beheerders(certificaat.organisatie_id):
                berichten.certificaat_verloopt(beheerder.email, certificaat, dagen)
            certificaat.gewaarschuwd = drempel
            certificaat.save()
            gewaarschuwd += 1
    return gewaarschuwd
