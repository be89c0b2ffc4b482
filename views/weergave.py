"""Small helpers the views and templates share."""
import datetime
from dataclasses import dataclass

from babel.numbers import format_decimal
from flask import Response, g, make_response, request, stream_with_context, url_for
from flask_babel import get_locale, get_translations, gettext, ngettext
from jinja2 import pass_context
from markupsafe import Markup

from domain import referentie, velden
from domain.datums import MAANDEN, NEDERLAND, DeelDatum
from domain.fouten import N_, Conflict, Ongeldig
from domain.inschrijving import volledige_naam
from domain.verzuim import Verschil, gegevens, vergelijk
from formats import tabellen
from forms import GEEN_DATUM, CsrfForm
from models import Onderwijslocatie
from views.beveiliging import mag_openen


def met_vary(body):
    """Views that answer htmx and full-page requests differently must say so to caches."""
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def rij_url(endpoint, sleutel, **values):
    """`id → url_for(endpoint, sleutel=id, **values)`, with the URL built once: a table
    links each of its rows the same way, and building a URL costs far more than joining
    three strings. The path comes before any query string, so the first occurrence of the
    placeholder is the one in the path."""
    plaats = str(2**31 - 1)  # a number every <int:…> takes
    voor, na = url_for(endpoint, **{sleutel: plaats}, **values).split(plaats, 1)
    return lambda waarde: f"{voor}{waarde}{na}"


def status_van(fout):
    """The status a page answers a domain refusal with: 409 for a lost race (the form
    comes back with what was typed), 422 for a rule."""
    return 409 if isinstance(fout, Conflict) else 422


def tabel_bijlage(naam, ext, koppen, rijen, titel="Overzicht"):
    """A table streamed as the attachment `naam`.`ext` while its rows are read (CSV or
    Excel, formats.tabellen)."""
    return Response(stream_with_context(tabellen.stroom(ext, koppen, rijen, titel)),
                    mimetype=tabellen.MIMETYPES[ext],
                    headers={"Content-Disposition": f'attachment; filename="{naam}.{ext}"'})


def registratieformulier(lees, bewaar, controleer=None):
    """A page's registration form, posted: (what `bewaar` stored or None, Fouten, status).
    `lees` reads the posted fields: (invoer, Fouten of what it could not read). With those,
    `controleer` (if given) adds every other field's problems, so all show at once; else
    `bewaar` stores, and a refusal's problems come back (409 for a lost race, 422)."""
    if request.method != "POST" or not CsrfForm().validate():
        return None, [], 200
    invoer, fouten = lees(request.form)
    if fouten:
        gelezen = {f.veld for f in fouten}
        extra = [f for f in controleer(g.actor, invoer) if f.veld not in gelezen] \
            if controleer else []
        return None, fouten + extra, 422
    try:
        return bewaar(g.actor, invoer), [], 200
    except Ongeldig as exc:
        return None, exc.fouten, status_van(exc)


def per_veld(fouten):
    """Fouten grouped by field, for showing each next to its field."""
    result = {}
    for fout in fouten:
        result.setdefault(fout.veld, []).append(fout)
    return result


def datum(value):
    """DD-MM-JJJJ, as the seeds show dates."""
    return value.strftime("%d-%m-%Y") if value else ""


def lange_datum(value):
    """"1 januari 2002"."""
    return f"{value.day} {gettext(MAANDEN[value.month - 1])} {value.year}" if value else ""


def foutmelding(fout):
    params = {k: datum(v) if hasattr(v, "strftime") else v for k, v in fout.params.items()}
    return gettext(fout.melding, **params)


# Messages that do not say which field they are about: the wizard's error summary names
# the field first ("Verzuimperiode t/m: Vul een geldige datum in").
ALGEMENE_FOUTEN = frozenset({GEEN_DATUM, velden.GEEN_EMAIL, velden.TE_LANG})
# A wizard field's row prefix → the list it is a row of in the document.
RIJEN = {"contactpersoon": "contactpersonen", "dag": "verzuimdagen"}


def foutregel(fout):
    """A Fout as an error summary lists it."""
    tekst = foutmelding(fout)
    if fout.melding not in ALGEMENE_FOUTEN:
        return tekst
    kop, *delen = fout.veld.split("-")
    return f"{veldnaam('.'.join([RIJEN.get(kop, kop), *delen]))}: {tekst}"


def deeldatum(value):
    """A partial date as far as it is known: "1 januari 2002", "januari 2002", "2002"."""
    if value.precisie == "J":
        return str(value.jaar)
    if value.precisie == "M":
        return f"{gettext(MAANDEN[value.maand - 1])} {value.jaar}"
    return lange_datum(value.eerste_dag)


def geslacht(code):
    return {"M": gettext("man"), "V": gettext("vrouw")}.get(code, gettext("onbekend"))


def afwijkend_adres(adres):
    """An afwijkend adres on one line ("Dorpsstraat 1A 2, 3511 AB"; "Woonboot, Utrecht"):
    an AfwijkendAdres, or its fields as a dict."""
    def deel(naam):
        return (adres.get(naam) if isinstance(adres, dict) else getattr(adres, naam)) or ""
    if deel("soort") == "straat":
        nummer = " ".join(x for x in (deel("huisnummer") + deel("huisletter"),
                                      deel("huisnummertoevoeging")) if x)
        return ", ".join(x for x in (" ".join(x for x in (deel("straat"), nummer) if x),
                                     deel("postcode")) if x)
    if deel("soort") == "locatie":
        return ", ".join(x for x in (deel("locatie"), deel("plaatsnaam")) if x)
    return ""


def korte_naam(persoon):
    """"Donder, B. van de", as the seed lists pupils."""
    initialen = "".join(f"{n[0]}." for n in (persoon.voornamen or "").split())
    return " ".join(x for x in (f"{persoon.achternaam}," if initialen or persoon.voorvoegsels
                                else persoon.achternaam, initialen, persoon.voorvoegsels) if x)


def adres(persoon):
    """The woonadres on one line: "Fongt 168, 9725 AB Groningen", or the lines abroad."""
    if persoon.woonland != "6030":
        return ", ".join(x for x in (persoon.adresregel1, persoon.adresregel2,
                                     persoon.adresregel3) if x)
    nummer = f"{persoon.huisnummer or ''}{persoon.huisletter or ''}"
    if persoon.huisnummertoevoeging:
        nummer += f"-{persoon.huisnummertoevoeging}"
    straat = " ".join(x for x in (persoon.straatnaam, nummer) if x)
    plaats = " ".join(x for x in (persoon.postcode, persoon.plaatsnaam) if x)
    return ", ".join(x for x in (straat, plaats) if x)


# Labels of a melding's fields, as the wizard shows them (for the history view).
VELDNAMEN = {
    "status": N_("Status"), "telefoon_leerling": N_("Telefoonnummer leerling"),
    "email_leerling": N_("E-mailadres leerling"), "periode_van": N_("Verzuimperiode van"),
    "periode_tm": N_("Verzuimperiode t/m"), "vermoedelijke_soort": N_("Vermoedelijke soort"),
    "verbijzondering": N_("Verbijzondering"), "onderwijslocatie": N_("Onderwijslocatie"),
    "vermoedelijke_reden": N_("Vermoedelijke reden"),
    "alle_lessen_gemist": N_("Alle lessen gemist"),
    "toelichting_verzuim": N_("Toelichting verzuim"), "actie_gewenst": N_("Actie gewenst"),
    "toelichting_actie_gewenst": N_("Toelichting actie gewenst"),
    "met_prioriteit": N_("Met prioriteit oppakken"),
    "naam_contactpersoon": N_("Naam contactpersoon"),
    "functie_contactpersoon": N_("Functie contactpersoon"),
    "telefoon_contactpersoon": N_("Telefoonnummer contactpersoon"),
    "email_contactpersoon": N_("E-mail contactpersoon"),
    "verzuimdagen_specificeren": N_("Verzuimde dagdelen"),
    "acties": N_("Ondernomen actie door school"),
    "toelichting_actie": N_("Toelichting ondernomen actie"),
    "mail_naar_melder": N_("E-mail sturen naar melder"),
    "afwijkend_adres": N_("Afwijkend adres leerling"), "contactpersonen": N_("Contactpersonen"),
    "verzuimdagen": N_("Verzuimdag"), "intrekking": N_("Reden melding ingetrokken"),
    "terugkoppeling": N_("Terugkoppeling:"), "afsluiting": N_("Reden melding afgesloten"),
    "vrijstelling_overlap": N_("Samenloop met vrijstelling"),
    "instantie": N_("Instantie behandelaar"), "instantie_email": N_("E-mail instantie"),
}
# Fields holding codes of a reference list: shown by their names.
LIJST_VAN_VELD = {
    "status": "status", "vermoedelijke_soort": "vermoedelijke_soort", "acties": "actie_school",
    "intrekking.reden": "reden_intrekken", "afsluiting.reden": "reden_afgesloten",
    "afsluiting.toelichting": "toelichting_afsluiting",
}


# Fields in a group that the seed names on their own (Afb. 16, 21).
PADNAMEN = {
    "afsluiting.reden": N_("Reden melding afgesloten"),
    "afsluiting.toelichting": N_("Toelichting afsluiting"),
    "intrekking.reden": N_("Reden melding ingetrokken"),
    "intrekking.toelichting": N_("Toelichting ingetrokken"),
    "intrekking.datum": N_("Datum intrekking"),
    "terugkoppeling.datum": N_("Datum vorige terugkoppeling"),
    "terugkoppeling.organisatie": N_("Organisatie"),
    "terugkoppeling.naam": N_("Naam behandelaar"),
    "terugkoppeling.functie": N_("Functie behandelaar"),
    "terugkoppeling.telefoon": N_("Telefoonnummer behandelaar"),
    "terugkoppeling.email": N_("E-mail behandelaar"),
    "terugkoppeling.toelichting": N_("Toelichting"),
}

# The parts of a field in a list or group ("contactpersonen.2.naam").
DEELNAMEN = {
    "naam": N_("Naam"), "telefoon": N_("Telefoonnummer"), "email": N_("E-mailadres"),
    "soort": N_("Soort"), "straat": N_("Straat"), "huisnummer": N_("Huisnummer"),
    "huisletter": N_("Huisletter"), "huisnummertoevoeging": N_("Huisnummertoevoeging"),
    "postcode": N_("Postcode"), "locatie": N_("Locatie"), "plaatsnaam": N_("Plaatsnaam"),
    "datum": N_("Datum"), "hele_dag": N_("Hele dag"), "lesuren": N_("Lesuren"),
    "toelichting": N_("Toelichting"), "reden": N_("Reden"), "organisatie": N_("Organisatie"),
    "functie": N_("Functie"),
}


def veldnaam(pad):
    """"contactpersonen.2.naam" → "Contactpersonen 2: Naam", in the page's language."""
    if pad in PADNAMEN:
        return gettext(PADNAMEN[pad])
    hoofd, *delen = pad.split(".")
    kop = " ".join([gettext(VELDNAMEN[hoofd]) if hoofd in VELDNAMEN else hoofd,
                    *(d for d in delen if d.isdigit())])
    namen = [gettext(DEELNAMEN[d]) if d in DEELNAMEN else d.replace("_", " ")
             for d in delen if not d.isdigit()]
    return f"{kop}: {' '.join(namen)}" if namen else kop


def waarde(value):
    """A stored value as the pages show it."""
    if value is None or value == "":
        return "–"
    if value is True or value is False:
        return gettext("Ja") if value else gettext("Nee")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}-{value[5:7]}-{value[:4]}"
    return value


def veldwaarde(pad, value):
    """A field of a melding's snapshot as the pages show it, codes by their names."""
    lijst = LIJST_VAN_VELD.get(pad)
    if lijst and value:
        return ", ".join(lijstnaam(lijst, code) for code in str(value).split(", "))
    if pad == "onderwijslocatie" and value:
        return locatie(value)
    if pad == "verzuimdagen_specificeren":  # as the Lesuren step's choice
        return gettext("Ja, specificeren") if value else gettext("Niet van toepassing")
    return waarde(value)


def _locatienamen():
    if "locatienamen" not in g:
        g.locatienamen = {}
    return g.locatienamen


def locatienaam(code):
    """The name of an onderwijslocatie by its code (as the seed's table shows it), read
    once per request; the code itself when it is not known."""
    if not code:
        return ""
    namen = _locatienamen()
    if code not in namen:
        gevonden = Onderwijslocatie.get_or_none(Onderwijslocatie.code == code)
        namen[code] = gevonden.naam if gevonden else code
    return namen[code]


def locatie(code):
    """"Amstel College, locatie Zuidoost (31GY01)"."""
    naam = locatienaam(code)
    return f"{naam} ({code})" if naam and naam != code else naam


def locatie_van(melding):
    """The name of the onderwijslocatie a melding names, or ""."""
    return locatienaam(gegevens(melding).get("onderwijslocatie"))


def locatie_optie(onderwijslocatie):
    return onderwijslocatie.code, f"{onderwijslocatie.naam} ({onderwijslocatie.code})"


def contactpersoon_optie(persoon):
    """Selecteer contactpersoon: the choice names the melding it was last given on."""
    details = ", ".join(x for x in (persoon.functie, persoon.email) if x)
    return persoon.melding, f"{persoon.naam} ({details})" if details else persoon.naam


# ---------------------------------------------------------------- the history's version

@dataclass(frozen=True)
class Rij:
    label: str
    nu: str
    vorige: str
    gewijzigd: bool = False


# The version view as the seed's screen (Afb. 21): its blocks in order and, in each, the
# snapshot's fields (by their first part) and the melding's own rows ("@…") in the seed's
# order. Paths listed under VASTE_PADEN show even when neither version has them.
HISTORIE = (
    (N_("Melding:"), ("@nummer", "@instelling", "@melddatum", "status", "afsluiting",
                      "intrekking", "@wet", "vrijstelling_overlap", "instantie", "instantie_email",
                      "@overig", "@tijdstip")),
    (N_("Leerling:"), ("@pgn", "@naam", "@voornamen", "@geslacht", "@geboortedatum", "@adres",
                       "telefoon_leerling", "email_leerling", "afwijkend_adres")),
    (N_("Contactpersonen leerling:"), ("contactpersonen",)),
    (N_("Verzuim:"), ("vermoedelijke_soort", "verbijzondering", "vermoedelijke_reden",
                      "periode_van", "periode_tm", "alle_lessen_gemist", "toelichting_verzuim",
                      "actie_gewenst", "toelichting_actie_gewenst", "met_prioriteit",
                      "onderwijslocatie", "naam_contactpersoon", "functie_contactpersoon",
                      "telefoon_contactpersoon", "email_contactpersoon")),
    (N_("Details verzuim:"), ("verzuimdagen_specificeren", "verzuimdagen")),
    (N_("Actie school:"), ("acties", "toelichting_actie", "mail_naar_melder")),
    (N_("Terugkoppeling:"), ("terugkoppeling",)),
)
VASTE_PADEN = {"afsluiting": ("afsluiting.reden",),
               "terugkoppeling": tuple(p for p in PADNAMEN if p.startswith("terugkoppeling."))}


def _volgorde(pad):
    """Rows of a list by number, the parts of each in the order they are entered."""
    delen = list(DEELNAMEN)
    return [int(d) if d.isdigit() else delen.index(d) if d in delen else len(delen)
            for d in pad.split(".")[1:]]


def _rij(pad, verschil, met_vorige):
    """A field's row; marked when what the two columns show differs (an empty text and a
    field a version does not have both show "–")."""
    nu = veldwaarde(pad, verschil.nu if verschil else None)
    oud = veldwaarde(pad, verschil.vorige if verschil else None) if met_vorige else ""
    return Rij(veldnaam(pad), nu, oud, bool(verschil and verschil.gewijzigd and nu != oud))


def historie_blokken(melding, versie, vorige):
    """R-VZ-14: a version beside the previous one (None for the first) as (block title,
    [Rij]) in the seed's order, the differences marked."""
    per_kop: dict[str, list] = {}
    for verschil in vergelijk(versie, vorige):
        per_kop.setdefault(verschil.veld.split(".")[0], []).append(verschil)
    if "afwijkend_adres" in per_kop:  # one row, as the seed shows it
        delen = per_kop["afwijkend_adres"]
        per_kop["afwijkend_adres"] = [Verschil("afwijkend_adres", *(
            afwijkend_adres({v.veld.split(".")[-1]: getattr(v, kant) for v in delen})
            for kant in ("nu", "vorige")))]
    genoemd = {kop for _titel, koppen in HISTORIE for kop in koppen}
    p = melding.persoon
    geboren = deeldatum(DeelDatum.uit_opslag(p.geboortedatum, p.geboortedatum_precisie))
    instelling = f"{melding.instelling.code} {melding.instelling.naam}"
    eigen = {  # the same in every version: from the melding, and the pupil as now
        "@nummer": (gettext("Meldingnummer"), str(melding.nummer)),
        "@instelling": (gettext("Meldende instelling"), instelling),
        "@melddatum": (gettext("Melddatum"), datum(melding.melddatum)),
        "@wet": (gettext("Wet"), lijstnaam("wet", melding.wet)),
        "@pgn": (gettext("Burgerservicenummer") if p.bsn else gettext("Onderwijsnummer"),
                 p.bsn or p.onderwijsnummer),
        "@naam": (gettext("Naam"), korte_naam(p)),
        "@voornamen": (gettext("Voornamen"), p.voornamen or ""),
        "@geslacht": (gettext("Geslacht"), geslacht(p.geslacht)),
        "@geboortedatum": (gettext("Geboortedatum"), geboren),
        "@adres": (gettext("GBA-adres") if p.adresbron == "brp" else gettext("Adres"), adres(p)),
    }

    def rijen(kop):
        if kop == "@tijdstip":
            moment = (f"{datum(v.tijdstip)} {tijd(v.tijdstip)}" if v else "" for v in
                      (versie, vorige))
            return [Rij(gettext("Datum/tijd"), *moment)]
        if kop == "@overig":  # fields no block names: shown, not left out
            return [r for k in sorted(per_kop) if k not in genoemd for r in rijen(k)]
        if kop in eigen:
            label, waarde_ = eigen[kop]
            return [Rij(label, waarde_, waarde_ if vorige else "")]
        vast = VASTE_PADEN.get(kop, ())
        verschillen = {pad: None for pad in vast} | {v.veld: v for v in per_kop.get(kop, [])}
        volgorde = sorted(verschillen, key=lambda pad: (
            vast.index(pad) if pad in vast else len(vast), _volgorde(pad)))
        return [_rij(pad, verschillen[pad], vorige is not None) for pad in volgorde]

    return [(gettext(titel), [r for kop in koppen for r in rijen(kop)])
            for titel, koppen in HISTORIE]


def tijd(value):
    return value.strftime("%H:%M:%S") if value else ""




def moment(value):
    """A stored moment (naive UTC) as Dutch clocks showed it: "02-12-2026 14:05"."""
    if not value:
        return ""
    return value.replace(tzinfo=datetime.UTC).astimezone(NEDERLAND).strftime("%d-%m-%Y %H:%M")


def grootte(aantal_bytes):
    """A file's size as people read it: "512 bytes", "18 kB", "2,4 MB"."""
    if aantal_bytes < 1024:
        return ngettext("%(num)d byte", "%(num)d bytes", aantal_bytes)
    if aantal_bytes < 1024 * 1024:
        return f"{aantal_bytes // 1024} kB"
    return f"{format_decimal(aantal_bytes / 1024 / 1024, '#,##0.0', locale=get_locale())} MB"


def vertaald(paar):
    """A (value, msgid) pair as a choice in the page's language."""
    waarde, tekst = paar
    return waarde, gettext(tekst)


def lijstnaam(lijst, code):
    """The name of a reference-list value in the user's language. The lists' version is
    checked once per request: a table of meldingen names many values."""
    if "lijstnamen" not in g:
        g.lijstnamen = (referentie.lijsten().waarden, str(get_locale()) == "en")
    waarden, engels = g.lijstnamen
    waarde = waarden.get((lijst, code))
    if waarde is None:
        return code
    return waarde.naam_en if engels else waarde.naam


def landnaam(land):
    return land.naam_en if str(get_locale()) == "en" else land.naam


# The register's parts as the menu and the home page's tiles show them: each is offered to
# whoever its route lets in (its declared access), so the two never disagree with the route.
ONDERDELEN = (
    ("inschrijvingen.start", N_("Inschrijvingen B3 B4"),
     N_("Leerlingen inschrijven, opzoeken en hun inschrijving wijzigen.")),
    ("bestanden.start", N_("Bestandsuitwisseling"),
     N_("Bestanden versturen en ophalen: inschrijvingen en het registratieoverzicht, of "
        "aanvragen en gegevensleveringen.")),
    ("verzuim.start", N_("Verzuim"), N_("Verzuim melden en eerdere meldingen raadplegen.")),
    ("gemeente.werkvoorraad", N_("Werkvoorraad verzuim"),
     N_("Meldingen behandelen, afsluiten en terugkoppelen aan de school.")),
    ("gemeente.vrijstellingen", N_("Vrijstellingen"),
     N_("Vrijstellingen en vervangende leerplicht registreren.")),
    ("leveringen.start", N_("Gegevensleveringen"),
     N_("Aanmelden voor de P-levering, een C- of A-levering aanvragen en uw leveringen "
        "ophalen.")),
    ("routering.start", N_("Routering verzuimmeldingen"),
     N_("Kies per soort leerling welke instantie uw verzuimmeldingen afhandelt en naar welk "
        "adres ze gaan.")),
    ("machtigingen.start", N_("Machtigingen"),
     N_("Machtigingen tussen een gemeente en een uitvoerende instantie: verlenen, accepteren "
        "en beëindigen.")),
    ("beheer.gebruikers_lijst", N_("Gebruikers beheren"),
     N_("Gebruikers van uw organisatie, hun rollen en kenmerken.")),
    ("beheer.certificaten_lijst", N_("Certificaten"),
     N_("De PKIoverheid-certificaten van uw koppelingen (M2M).")),
    ("beheer.vragen", N_("Vragen over leerlingen"),
     N_("Vragen uit koppelbestanden van gemeenten en regio's beantwoorden.")),
    ("beheer.koppelingen", N_("Koppelingen OWN/BSN"),
     N_("Gekoppelde en samengevoegde leerlingen; een koppeling terugdraaien.")),
    ("herindelingen.lijst", N_("Gemeentelijke herindeling"),
     N_("Samenvoegingen en splitsingen: wat er verhuist, en de meldingen die eerst af moeten.")),
    ("organisaties.lijst", N_("Organisaties"),
     N_("Een nieuwe organisatie aanmelden en haar eerste beheerder uitnodigen.")),
    ("inzage.start", N_("Inzage"),
     N_("Alles wat het register van één leerling bewaart en wie het heeft ingezien, als PDF.")),
    ("beheer.opschoning_lijst", N_("Opschoning"),
     N_("Wat het register na de bewaartermijn verwijdert, en de verslagen daarvan.")),
)


def onderdelen(actor):
    """(endpoint, label, omschrijving) of the parts `actor` may open."""
    if actor is None:
        return []
    return [onderdeel for onderdeel in ONDERDELEN if mag_openen(actor, onderdeel[0])]


def init_app(app):
    app.jinja_env.filters["lijstcode"] = lambda code, lijst: lijstnaam(lijst, code)
    # A reference list's values as (code, name) choices for the `keuze` macro.
    app.jinja_env.filters["lijstopties"] = lambda waarden, lijst: [
        (w.code, lijstnaam(lijst, w.code)) for w in waarden]
    app.jinja_env.globals["rij_url"] = rij_url
    app.jinja_env.filters.update(datum=datum, lange_datum=lange_datum, foutmelding=foutmelding,
                                 foutregel=foutregel, landnaam=landnaam, naam=volledige_naam,
                                 deeldatum=deeldatum, korte_naam=korte_naam, adres=adres,
                                 waarde=waarde, tijd=tijd, geslacht=geslacht,
                                 afwijkend_adres=afwijkend_adres, locatie=locatie,
                                 locatie_van=locatie_van, locatie_optie=locatie_optie,
                                 contactpersoon_optie=contactpersoon_optie, moment=moment,
                                 grootte=grootte, vertaald=vertaald)

    @app.context_processor
    def taal():
        gettext_, ngettext_ = _vertaald(get_translations())
        return {"taal": str(get_locale()), "lijstnaam": lijstnaam,
                "onderdelen": onderdelen(g.get("actor")),
                "gettext": gettext_, "_": gettext_, "ngettext": ngettext_}


def _vertaald(vertalingen):
    """`_()` and `ngettext()` for one page, bound to the request's translations: as the
    i18n extension's own (a Markup under autoescape, then `%` with the variables), but
    without flask-babel finding the translations again for each of a page's 50 to 100
    strings. Macros imported without context use the extension's own, which is slower
    only."""
    @pass_context
    def gettext_(context, tekst, **variabelen):
        vertaald = vertalingen.ugettext(tekst)
        return (Markup(vertaald) if context.eval_ctx.autoescape else vertaald) % variabelen

    @pass_context
    def ngettext_(context, enkelvoud, meervoud, aantal, **variabelen):
        variabelen.setdefault("num", aantal)
        vertaald = vertalingen.ungettext(enkelvoud, meervoud, aantal)
        return (Markup(vertaald) if context.eval_ctx.autoescape else vertaald) % variabelen

    return gettext_, ngettext_
