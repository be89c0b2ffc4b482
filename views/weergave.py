"""Small helpers the views and templates share."""
from flask import g, make_response
from flask_babel import get_locale, gettext

from domain.datums import MAANDEN
from domain.fouten import N_, Conflict
from domain.inschrijving import volledige_naam
from models import Lijstwaarde
from views.beveiliging import toegang_van


def met_vary(body):
    """Views that answer htmx and full-page requests differently must say so to caches."""
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def status_van(fout):
    """The status a page answers a domain refusal with: 409 for a lost race (the form
    comes back with what was typed), 422 for a rule."""
    return 409 if isinstance(fout, Conflict) else 422


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


def deeldatum(value):
    """A partial date as far as it is known: "1 januari 2002", "januari 2002", "2002"."""
    if value.precisie == "J":
        return str(value.jaar)
    if value.precisie == "M":
        return f"{gettext(MAANDEN[value.maand - 1])} {value.jaar}"
    return lange_datum(value.eerste_dag)


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
    "verbijzondering": N_("Mogelijkheid tot verbijzondering"),
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
}
# Fields holding codes of a reference list: shown by their names.
LIJST_VAN_VELD = {
    "status": "status", "vermoedelijke_soort": "vermoedelijke_soort", "acties": "actie_school",
    "intrekking.reden": "reden_intrekken", "afsluiting.reden": "reden_afgesloten",
    "afsluiting.toelichting": "toelichting_afsluiting",
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
    return waarde(value)


def tijd(value):
    return value.strftime("%H:%M:%S") if value else ""


def lijstnaam(lijst, code):
    """The name of a reference-list value in the user's language. The lists are read
    once per request: a table of meldingen names many values."""
    if "lijstwaarden" not in g:
        g.lijstwaarden = {(w.lijst, w.code): w for w in Lijstwaarde.select()}
    waarde = g.lijstwaarden.get((lijst, code))
    if waarde is None:
        return code
    return waarde.naam_en if str(get_locale()) == "en" else waarde.naam


def landnaam(land):
    return land.naam_en if str(get_locale()) == "en" else land.naam


# The register's parts as the menu and the home page's tiles show them: each is offered to
# whoever its route lets in (its declared access), so the two never disagree with the route.
ONDERDELEN = (
    ("inschrijvingen.start", N_("Inschrijvingen B3 B4"),
     N_("Leerlingen inschrijven, opzoeken en hun inschrijving wijzigen.")),
    ("verzuim.start", N_("Verzuim"), N_("Verzuim melden en eerdere meldingen raadplegen.")),
    ("gemeente.werkvoorraad", N_("Werkvoorraad verzuim"),
     N_("Meldingen behandelen, afsluiten en terugkoppelen aan de school.")),
    ("gemeente.vrijstellingen", N_("Vrijstellingen"),
     N_("Vrijstellingen en vervangende leerplicht registreren.")),
    ("beheer.gebruikers_lijst", N_("Gebruikers beheren"),
     N_("Gebruikers van uw organisatie, hun rollen en kenmerken.")),
    ("beheer.certificaten_lijst", N_("Certificaten"),
     N_("De PKIoverheid-certificaten van uw koppelingen (M2M).")),
)


def onderdelen(actor):
    """(endpoint, label, omschrijving) of the parts `actor` may open."""
    if actor is None:
        return []
    return [(endpoint, label, omschrijving) for endpoint, label, omschrijving in ONDERDELEN
            if toegang_van(endpoint) == "ingelogd"
            or (isinstance(toegang_van(endpoint), frozenset)
                and actor.heeft_rol(*toegang_van(endpoint)))]


def init_app(app):
    app.jinja_env.filters["lijstcode"] = lambda code, lijst: lijstnaam(lijst, code)
    app.jinja_env.filters.update(datum=datum, lange_datum=lange_datum, foutmelding=foutmelding,
                                 landnaam=landnaam, naam=volledige_naam,
                                 deeldatum=deeldatum, korte_naam=korte_naam, adres=adres,
                                 veldnaam=veldnaam, waarde=waarde, tijd=tijd)

    @app.context_processor
    def taal():
        return {"taal": str(get_locale()), "lijstnaam": lijstnaam, "veldwaarde": veldwaarde,
                "onderdelen": onderdelen(g.get("actor"))}
