"""The verzuim forms: the pupil search, and the wizard's steps read from and written to
flat form fields. Lists (contactpersonen, verzuimdagen) are numbered fields."""
from dataclasses import replace

from flask_wtf import FlaskForm
from wtforms import StringField

from domain.datums import als_tekst
from domain.velden import getal
from domain.verzuim import AfwijkendAdres, Contactpersoon, Verzuimdag
from forms import datum_uit

ADRES_VELDEN = ("straat", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
                "locatie", "plaatsnaam")
VERZUIM_TEKST = ("vermoedelijke_soort", "verbijzondering", "vermoedelijke_reden",
                 "toelichting_verzuim", "toelichting_actie_gewenst", "onderwijslocatie",
                 "naam_contactpersoon", "functie_contactpersoon", "telefoon_contactpersoon",
                 "email_contactpersoon")


class ZoekLeerlingForm(FlaskForm):
    """Searching by number is a POST: a BSN does not belong in a URL or a log."""

    pgn = StringField()


def _ja(form, naam):
    return form.get(naam) == "ja"


def _aantal(form, naam):
    """How many numbered rows the form has (at most 50: more are not typed)."""
    return min(getal(form.get(naam), 2) or 0, 50)


def lees_stap(stap, form, invoer):
    """(invoer with this step's fields from the posted form, Fouten of unreadable dates)."""
    fouten = []
    tekst = {k: (form.get(k) or "").strip() for k in form.keys()}
    if stap == "leerling":
        personen = [Contactpersoon(*(tekst.get(f"contactpersoon-{i}-{v}", "")
                                     for v in ("naam", "telefoon", "email")))
                    for i in range(1, _aantal(form, "aantal_contactpersonen") + 1)]
        adres = AfwijkendAdres(soort=tekst.get("afwijkend_adres", ""),
                               **{v: tekst.get(f"afwijkend_adres-{v}", "") for v in ADRES_VELDEN})
        invoer = replace(invoer, telefoon_leerling=tekst.get("telefoon_leerling", ""),
                         email_leerling=tekst.get("email_leerling", ""),
                         contactpersonen=personen, afwijkend_adres=adres)
    elif stap == "verzuim":
        invoer = replace(
            invoer, periode_van=datum_uit(form, "periode_van", fouten, "R-VZ-06"),
            periode_tm=datum_uit(form, "periode_tm", fouten, "R-VZ-06"),
            alle_lessen_gemist=_ja(form, "alle_lessen_gemist"),
            actie_gewenst=_ja(form, "actie_gewenst"),
            met_prioriteit=_ja(form, "actie_gewenst") and _ja(form, "met_prioriteit"),
            **{v: tekst.get(v, "") for v in VERZUIM_TEKST})
        if invoer.alle_lessen_gemist:
            invoer = replace(invoer, verzuimdagen_specificeren=False, verzuimdagen=[])
    elif stap == "lesuren":
        dagen = []
        for i in range(1, _aantal(form, "aantal_dagen") + 1):
            dagen.append(Verzuimdag(
                datum=datum_uit(form, f"dag-{i}-datum", fouten, "R-VZ-08"),
                hele_dag=form.get(f"dag-{i}-hele_dag", "ja") == "ja",
                lesuren=tekst.get(f"dag-{i}-lesuren", ""),
                toelichting=tekst.get(f"dag-{i}-toelichting", "")))
        specificeren = _ja(form, "verzuimdagen_specificeren") and not invoer.alle_lessen_gemist
        invoer = replace(invoer, verzuimdagen_specificeren=specificeren,
                         verzuimdagen=dagen if specificeren else [])
    elif stap == "actie":
        invoer = replace(invoer, acties=form.getlist("acties"),
                         toelichting_actie=tekst.get("toelichting_actie", ""))
    elif stap == "overzicht":
        invoer = replace(invoer, mail_naar_melder=_ja(form, "mail_naar_melder"))
    return invoer, fouten


def velden(invoer):
    """The invoer as the form's flat field values (for rendering a step)."""
    waarden = {
        "telefoon_leerling": invoer.telefoon_leerling, "email_leerling": invoer.email_leerling,
        "afwijkend_adres": invoer.afwijkend_adres.soort,
        "aantal_contactpersonen": str(len(invoer.contactpersonen)),
        "periode_van": als_tekst(invoer.periode_van), "periode_tm": als_tekst(invoer.periode_tm),
        "alle_lessen_gemist": "ja" if invoer.alle_lessen_gemist else "nee",
        "actie_gewenst": "ja" if invoer.actie_gewenst else "nee",
        "met_prioriteit": "ja" if invoer.met_prioriteit else "nee",
        "verzuimdagen_specificeren": "ja" if invoer.verzuimdagen_specificeren else "nvt",
        "aantal_dagen": str(len(invoer.verzuimdagen)), "acties": list(invoer.acties),
        "toelichting_actie": invoer.toelichting_actie,
        "mail_naar_melder": "ja" if invoer.mail_naar_melder else "nee",
    }
    waarden.update({v: getattr(invoer, v) for v in VERZUIM_TEKST})
    waarden.update({f"afwijkend_adres-{v}": getattr(invoer.afwijkend_adres, v)
                    for v in ADRES_VELDEN})
    for i, c in enumerate(invoer.contactpersonen, 1):
        waarden.update({f"contactpersoon-{i}-naam": c.naam, f"contactpersoon-{i}-telefoon":
                        c.telefoon, f"contactpersoon-{i}-email": c.email})
    for i, d in enumerate(invoer.verzuimdagen, 1):
        waarden.update({f"dag-{i}-datum": als_tekst(d.datum),
                        f"dag-{i}-hele_dag": "ja" if d.hele_dag else "nee",
                        f"dag-{i}-lesuren": d.lesuren, f"dag-{i}-toelichting": d.toelichting})
    return waarden


def ingevuld(form):
    """What the user posted, as field values: shown again when a date could not be read."""
    waarden = {k: form.get(k, "") for k in form.keys()}
    waarden["acties"] = form.getlist("acties")
    return waarden


class RaadplegenForm(FlaskForm):
    meldingnummer = StringField()
    pgn = StringField()
    naam_contactpersoon = StringField()
    naam_behandelaar = StringField()
    gemeentecode = StringField()
    wet = StringField()


def lijstactie(ga, invoer):
    """The invoer after the wizard's row actions (`ga`): adding or removing a row, or
    switching a set of fields; the step stays. None when `ga` is no such action."""
    actie, _sep, rij = ga.rpartition("-")
    index = getal(rij, 2)
    if ga == "contactpersoon-toevoegen":
        return replace(invoer, contactpersonen=invoer.contactpersonen + [Contactpersoon()])
    if actie == "contactpersoon-verwijderen" and index:
        return replace(invoer, contactpersonen=_zonder(invoer.contactpersonen, index))
    if ga.startswith("adres-"):
        soort = ga.removeprefix("adres-")
        return replace(invoer, afwijkend_adres=replace(
            invoer.afwijkend_adres, soort=soort if soort in ("straat", "locatie") else ""))
    if ga in ("dag-toevoegen", "specificeren-ja"):
        dagen = list(invoer.verzuimdagen)
        if ga == "dag-toevoegen" or not dagen:
            # The first day of the period comes first, as in the original.
            dagen.append(Verzuimdag(datum=None if dagen else invoer.periode_van))
        return replace(invoer, verzuimdagen_specificeren=True, verzuimdagen=dagen)
    if ga == "specificeren-nvt":
        return replace(invoer, verzuimdagen_specificeren=False, verzuimdagen=[])
    if actie == "dag-verwijderen" and index:
        return replace(invoer, verzuimdagen=_zonder(invoer.verzuimdagen, index))
    return None


def _zonder(rijen, nummer):
    """The rows without the `nummer`th (counted from 1); all of them when there is none."""
    return rijen[:nummer - 1] + rijen[nummer:]
