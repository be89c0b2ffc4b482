"""Inschrijvingen B3 B4 (seed 004 §1.3–1.4): vastleggen, overzicht, wijzigen."""
import logging

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded

from domain import documenten, resultaat
from domain import inschrijving as domein
from domain.datums import als_tekst
from domain.fouten import N_, Fout, Ongeldig
from domain.referentie import lijsten
from domain.velden import getal
from extensions import htmx, limiet, per_gebruiker
from forms import CsrfForm
from forms.inschrijvingen import (
    BINNENLAND_VELDEN,
    BUITENLAND_VELDEN,
    NAAM_VELDEN,
    InschrijvingForm,
    WijzigForm,
    resultaat_uit,
)
from views.beveiliging import rollen
from views.weergave import foutmelding, met_vary, per_veld, registratieformulier, status_van

bp = Blueprint("inschrijvingen", __name__, url_prefix="/inschrijvingen")
log = logging.getLogger(__name__)
TE_VAAK = N_("U hebt in korte tijd te veel leerlingen ingeschreven. Wacht een minuut en "
             "probeer het dan opnieuw; wat u invulde blijft staan.")
ROL = "schooladministratie"
# Milliseconds an htmx save waits for the register before it shows the Time-out message:
# far beyond a normal answer, and before nginx gives up (proxy_read_timeout 60 s).
TIME_OUT_MS = 30_000
DATUMS = ("datum_inschrijving", "datum_uitschrijving")


@bp.get("")
@rollen(ROL)
def start():
    return render_template("inschrijvingen/start.html")


def _context(form, fouten=(), resultaat=None, opgezocht=False):
    """`opgezocht`: this answer may tell whether the BRP knows the BSN (a submit, logged
    and limited); otherwise the name and address fields stay as the form had them."""
    invoer, _parse = form.invoer()
    if opgezocht:
        naam_en_adres = resultaat is None and domein.vraagt_naam_en_adres(invoer.persoon)
        form.naam_adres.data = "ja" if naam_en_adres else ""
    else:
        naam_en_adres = form.variant == "zonder" or form.naam_adres.data == "ja"
    instellingen = domein.instellingen_van(g.actor)
    return dict(
        form=form, fouten=_op_volgorde(fouten, _velden(form)), per_veld=per_veld(fouten),
        resultaat=resultaat, instellingen=instellingen,
        soorten={i.soort for i in instellingen},
        waarschuwingen=_waarschuwingen(invoer, instellingen),
        landen=lijsten().landen,
        naam_en_adres=naam_en_adres,
        naam_velden=NAAM_VELDEN, binnenland_velden=BINNENLAND_VELDEN,
        buitenland_velden=BUITENLAND_VELDEN, time_out=TIME_OUT_MS,
    )


def _waarschuwingen(invoer, instellingen):
    code = invoer.instellingscode.upper()
    gekozen = next((i for i in instellingen if i.code == code), None)
    return domein.waarschuwingen(gekozen, invoer.datum_inschrijving)


def _op_volgorde(fouten, velden=DATUMS):
    """The problems in the order of the form's fields: 'Sluiten' goes to the first."""
    return sorted(fouten, key=lambda f: velden.index(f.veld) if f.veld in velden
                  else len(velden))


def _velden(form):
    """The fields of the enrolment form, in the order the page shows them."""
    persoon = (("geboortedatum", "geslacht") if form.variant == "zonder"
               else ("bsn", "onderwijsnummer", "geslacht", "geboortedatum"))
    return ("instellingscode", *DATUMS, *persoon, *NAAM_VELDEN, *BINNENLAND_VELDEN,
            *BUITENLAND_VELDEN)


@bp.route("/nieuw", methods=["GET", "POST"])
@rollen(ROL)
def nieuw():
    form = InschrijvingForm()
    if request.method == "GET":
        instellingen = domein.instellingen_van(g.actor)
        if len(instellingen) == 1:
            form.instellingscode.data = instellingen[0].code
        return render_template("inschrijvingen/nieuw.html", **_context(form))
    if not form.validate():  # CSRF
        return render_template("inschrijvingen/nieuw.html", **_context(form)), 400
    wissel = request.form.get("wissel", "")
    if wissel:
        return _wissel(form, wissel)
    invoer, fouten = form.invoer()
    if fouten:
        velden = {f.veld for f in fouten}
        fouten += [f for f in domein.controleer(invoer, g.actor, opzoeken=False)[0]
                   if f.veld not in velden]
        return _opnieuw(form, fouten)
    # R-AVG-04: the comparison with the BRP and the register happens here, on submit,
    # logged (domain) and limited per user.
    try:
        with limiet("opzoeken", per_gebruiker):
            resultaat = domein.registreer(invoer, g.actor)
    except Ongeldig as exc:
        return _opnieuw(form, exc.fouten, status_van(exc), opgezocht=True)
    except RateLimitExceeded:  # the form stays, with what was typed, and says to wait
        log.warning("refused: look-up limit for %s", g.actor.kenmerk)
        return _opnieuw(form, [Fout("opslaan", TE_VAAK)], 429)
    return met_vary(render_template("inschrijvingen/nieuw.html",
                                    **_context(form, resultaat=resultaat, opgezocht=True)))


def _opnieuw(form, fouten, status=422, opgezocht=False):
    return met_vary(render_template("inschrijvingen/nieuw.html",
                                    **_context(form, fouten, opgezocht=opgezocht))), status


def _wissel(form, wissel):
    """Switch a Persoon or Woonadres variant; everything typed stays in the form."""
    soort, _sep, waarde = wissel.partition(":")
    if soort == "persoon" and waarde in ("met", "zonder"):
        form.persoon_variant.data = waarde
    elif soort == "adres" and waarde in ("binnenland", "buitenland"):
        form.adres_variant.data = waarde
    context = _context(form)
    if htmx:
        return met_vary(render_template("inschrijvingen/_persoon.html", **context))
    return met_vary(render_template("inschrijvingen/nieuw.html", **context))


@bp.post("/nieuw/controle")
@rollen(ROL)
def controle():
    """Inline check of one field when the user leaves it (htmx): only what was typed is
    checked, nothing is looked up about the person (R-AVG-04)."""
    form = InschrijvingForm()
    veld = request.args.get("veld", "")
    invoer, fouten = form.invoer()
    parse = {f.veld for f in fouten}
    if veld not in parse:
        fouten += domein.controleer(invoer, g.actor, opzoeken=False)[0]
    # The instelling and the date decide the PO weekend warning (R-INS-02): it follows them.
    waarschuwingen = None
    if veld in ("instellingscode", "datum_inschrijving"):
        waarschuwingen = _waarschuwingen(invoer, domein.instellingen_van(g.actor))
    return render_template("inschrijvingen/_controle.html", veld=veld,
                           per_veld=per_veld([f for f in fouten if f.veld == veld]),
                           waarschuwingen=waarschuwingen)


@bp.get("/landcodes")
@rollen(ROL)
def landcodes():
    return render_template("inschrijvingen/landcodes.html",
                           landen=sorted(lijsten().landen, key=lambda land: land.code))


def _stand():
    """Where the overview stands: the search term and the page of one instelling. Every
    link back to the overview keeps it, so Wijzigen returns to the same rows."""
    return {k: v for k in ("achternaam", "instelling", "pagina") if (v := request.args.get(k))}


@bp.get("/overzicht")
@rollen(ROL)
def overzicht():
    stand = _stand()
    zoekterm = stand.get("achternaam", "")
    pagina = getal(stand.get("pagina", ""), 6) or 1
    secties = domein.overzicht(g.actor, zoekterm, per_pagina=domein.PER_PAGINA,
                               paginas={stand.get("instelling", ""): pagina})
    context = dict(secties=secties, zoekterm=zoekterm, stand=stand,
                   geopend=stand.get("instelling"), per_pagina=domein.PER_PAGINA)
    if htmx and htmx.target == "resultaten":
        return met_vary(render_template("inschrijvingen/_resultaten.html", **context))
    return met_vary(render_template("inschrijvingen/overzicht.html", **context))


@bp.route("/<int:inschrijving_id>/wijzigen", methods=["GET", "POST"])
@rollen(ROL)
def wijzigen(inschrijving_id):
    inschrijving = domein.zoek_inschrijving(g.actor, inschrijving_id)
    form = WijzigForm()
    stand = _stand()
    terug = url_for("inschrijvingen.overzicht", **stand)
    fouten, status = [], 422
    if request.method == "GET":
        form.vul(inschrijving)
    elif form.validate():
        begin, eind, fouten = form.datums()
        if not fouten:
            try:
                domein.wijzig_datums(g.actor, inschrijving.id, begin, eind)
            except Ongeldig as exc:
                fouten, status = exc.fouten, status_van(exc)
        if not fouten:
            waarschuwingen = domein.waarschuwingen(inschrijving.instelling, begin)
            if htmx:
                response = met_vary(render_template("inschrijvingen/_wijzigen_gelukt.html",
                                                    waarschuwingen=waarschuwingen))
                response.headers["HX-Trigger"] = "inschrijvingGewijzigd"
                return response
            flash(_("Gelukt: de inschrijving is gewijzigd."), "succes")
            for waarschuwing in waarschuwingen:
                flash(foutmelding(waarschuwing), "waarschuwing")
            return redirect(terug)
    template = "inschrijvingen/_wijzigen.html" if htmx else "inschrijvingen/wijzigen.html"
    return met_vary(render_template(
        template, form=form, inschrijving=inschrijving,
        naam=domein.volledige_naam(inschrijving.persoon),
        fouten=_op_volgorde(fouten), per_veld=per_veld(fouten), terug=terug, stand=stand,
        time_out=TIME_OUT_MS)), (status if fouten else 200)


@bp.route("/resultaten", methods=["GET", "POST"])
@rollen(ROL)
def resultaten():
    """Resultaten (seed 003): register a diploma of one of the school's pupils, and the
    last ones registered."""
    gelukt, fouten, status = registratieformulier(resultaat_uit, resultaat.registreer,
                                                  resultaat.controleer)
    return render_template(
        "inschrijvingen/resultaten.html", resultaten=resultaat.resultaten_van(g.actor),
        codes=[(i.code, f"{i.code} {i.naam}") for i in domein.instellingen_van(g.actor)],
        fouten=fouten, per_veld=per_veld(fouten),
        w={} if gelukt else request.form, gelukt=gelukt), status


@bp.route("/resultaten/<int:resultaat_id>/wijzigen", methods=["GET", "POST"])
@rollen(ROL)
def resultaat_wijzigen(resultaat_id):
    """Correct a result from the version the form showed ("resultaat gewijzigd")."""
    gevonden = resultaat.resultaat_van(g.actor, resultaat_id)

    def lees(waarden):  # the pupil and the instelling stay the result's own
        return resultaat_uit({**waarden, "instellingscode": gevonden.instelling.code,
                              "pgn": documenten.pgn(gevonden.persoon)})

    gewijzigd, fouten, status = registratieformulier(
        lees, lambda actor, invoer: resultaat.wijzig(
            actor, resultaat_id, getal(request.form.get("versie")), invoer),
        resultaat.controleer)
    if gewijzigd:
        flash(_("Het resultaat is gewijzigd."), "succes")
        return redirect(url_for("inschrijvingen.resultaten"))
    w = request.form if request.method == "POST" else {
        "diploma": gevonden.diploma, "datum": als_tekst(gevonden.datum),
        "startkwalificatie": "ja" if gevonden.startkwalificatie else "nee",
        "versie": gevonden.versie}
    return render_template("inschrijvingen/resultaat_wijzigen.html", resultaat=gevonden, w=w,
                           fouten=fouten, per_veld=per_veld(fouten)), status


@bp.post("/resultaten/<int:resultaat_id>/verwijderen")
@rollen(ROL)
def resultaat_verwijderen(resultaat_id):
    """Remove a result registered in error; back to the list with what happened."""
    if CsrfForm().validate():
        resultaat.verwijder(g.actor, resultaat_id)
        flash(_("Het resultaat is verwijderd."), "succes")
    return redirect(url_for("inschrijvingen.resultaten"))
