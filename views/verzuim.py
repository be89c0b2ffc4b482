"""Verzuim melden (seed 004 ch. 2): Opvoeren Verzuim, the pupil and the five-step wizard."""

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from domain import verzuim as domein
from domain.fouten import Ongeldig
from domain.inschrijving import instellingen_van
from domain.velden import getal
from forms import CsrfForm
from forms.verzuim import (
    RaadplegenForm,
    ZoekLeerlingForm,
    ingevuld,
    lees_stap,
    lijstactie,
    velden,
)
from views.beveiliging import rollen
from views.weergave import historie_blokken, met_vary, per_veld, status_van

bp = Blueprint("verzuim", __name__, url_prefix="/verzuim")
ROL = "verzuimmelder"
WIZARD = ("leerling", "verzuim", "lesuren", "actie", "overzicht")
# Wijzigen starts at the Melding tab: the melding and its terugkoppeling (seed 004 Afb. 14).
WIJZIGEN = ("melding", *WIZARD)


def _stappen(concept):
    return WIJZIGEN if concept.melding_id else WIZARD


@bp.get("")
@rollen(ROL)
def start():
    return render_template("verzuim/start.html", instellingen=instellingen_van(g.actor))


@bp.route("/<instellingscode>/opvoeren", methods=["GET", "POST"])
@rollen(ROL)
def opvoeren(instellingscode):
    instelling = domein.instelling_van(g.actor, instellingscode)
    form = ZoekLeerlingForm()
    leerling, fouten, gezocht = None, [], False
    if form.validate_on_submit():
        gezocht = True
        try:
            leerling = domein.zoek_leerling(g.actor, instelling.code, form.pgn.data)
        except Ongeldig as exc:
            fouten = exc.fouten
    return render_template("verzuim/opvoeren.html", instelling=instelling, form=form,
                           leerling=leerling, fouten=fouten, per_veld=per_veld(fouten),
                           gezocht=gezocht), (422 if fouten else 200)


@bp.post("/<instellingscode>/toevoegen")
@rollen(ROL)
def toevoegen(instellingscode):
    """Toevoegen: a new concept for the pupil, and the wizard's first step."""
    instelling = domein.instelling_van(g.actor, instellingscode)
    form = ZoekLeerlingForm()
    if not (form.validate_on_submit() and form.pgn.data):
        return redirect(url_for("verzuim.opvoeren", instellingscode=instellingscode))
    try:
        concept = domein.begin_concept(g.actor, instellingscode, form.pgn.data, g.gebruiker.id)
    except Ongeldig as exc:  # not (or no longer) a pupil of this instelling: say so there
        return render_template("verzuim/opvoeren.html", instelling=instelling, form=form,
                               leerling=None, fouten=exc.fouten, per_veld=per_veld(exc.fouten),
                               gezocht=True), 422
    return redirect(url_for("verzuim.stap", sleutel=concept.sleutel, stap="leerling"))


def _toon(concept, leerling, stap, waarden, fouten=(), status=200):
    invoer = domein.invoer_van(concept)
    melding = concept.melding if concept.melding_id else None
    return met_vary(render_template(
        "verzuim/wizard.html", concept=concept, leerling=leerling, stap=stap,
        stappen=_stappen(concept), w=waarden, invoer=invoer, fouten=list(fouten),
        per_veld=per_veld(fouten), stap_van=domein.stap_van, vast=domein.vaste_velden(concept),
        soorten=domein.keuzes("vermoedelijke_soort"), acties=domein.keuzes("actie_school"),
        melding=melding, wet=domein.wet_van(concept, invoer),
        nieuwe_status=domein.Status.GEREGISTREERD,
        terugkoppeling=domein.gegevens(melding).get("terugkoppeling") if melding else None,
        locaties=domein.onderwijslocaties(concept.instelling) if stap == "verzuim" else [],
        eerdere=domein.eerdere_contactpersonen(concept) if stap == "verzuim" else [])), status


@bp.route("/concept/<sleutel>/<stap>", methods=["GET", "POST"])
@rollen(ROL)
def stap(sleutel, stap):
    if stap not in WIJZIGEN:
        abort(404)
    concept = domein.concept_van(g.actor, sleutel)
    stappen = _stappen(concept)
    leerling = domein.leerling_van(g.actor, concept)
    if leerling is None or stap not in stappen:
        abort(404)
    invoer = domein.invoer_van(concept)
    if request.method == "GET":
        return _toon(concept, leerling, stap, velden(invoer))
    if not CsrfForm().validate():
        return _toon(concept, leerling, stap, ingevuld(request.form), status=400)
    invoer, fouten = lees_stap(stap, request.form, invoer)
    if fouten:
        domein.bewaar_concept(concept, invoer)
        return _toon(concept, leerling, stap, ingevuld(request.form), fouten, 422)
    ga = request.form.get("ga", "volgende")
    if ga == "kies-contactpersoon":  # Selecteer contactpersoon, then the step again
        try:
            invoer = domein.neem_contactpersoon(concept, invoer,
                                         request.form.get("selecteer_contactpersoon"))
        except Ongeldig as exc:
            domein.bewaar_concept(concept, invoer)
            return _toon(concept, leerling, stap, ingevuld(request.form), exc.fouten, 422)
        domein.bewaar_concept(concept, invoer)
        return _toon(concept, leerling, stap, {**velden(invoer), "gekozen": "ja"})
    gewijzigd = lijstactie(ga, invoer)
    if gewijzigd is not None:
        domein.bewaar_concept(concept, gewijzigd)
        return _toon(concept, leerling, stap, velden(gewijzigd))
    domein.bewaar_concept(concept, invoer)
    if ga == "opslaan":
        return _opslaan(concept, leerling, invoer)
    hier = stappen.index(stap)
    doel = {"vorige": stappen[max(hier - 1, 0)],
            "volgende": stappen[min(hier + 1, len(stappen) - 1)]}.get(ga, ga)
    if doel not in stappen:  # an action this step does not have: it stays as it is
        return _toon(concept, leerling, stap, velden(invoer))
    if stappen.index(doel) > hier:
        eigen = concept.melding.nummer if concept.melding_id else None
        fouten = domein.controleer_melding(leerling, invoer, stap, eigen_nummer=eigen)
        if fouten:
            return _toon(concept, leerling, stap, velden(invoer), fouten, 422)
    return redirect(url_for("verzuim.stap", sleutel=sleutel, stap=doel))


def _opslaan(concept, leerling, invoer):
    try:
        melding = domein.verstuur_concept(g.actor, concept)
    except Ongeldig as exc:
        return _toon(concept, leerling, "overzicht", velden(invoer), exc.fouten,
                     status_van(exc))
    bericht = "gewijzigd" if concept.melding_id else "verzonden"
    return redirect(url_for("verzuim.melding", nummer=melding.nummer, bericht=bericht))


@bp.route("/<instellingscode>/raadplegen", methods=["GET", "POST"])
@rollen(ROL)
def raadplegen(instellingscode):
    """Raadplegen Verzuim (R-VZ-11): a POST form, so a searched number stays out of URLs."""
    instelling = domein.instelling_van(g.actor, instellingscode)
    vraag = zoekvraag()
    resultaat = domein.zoek_meldingen(g.actor, instelling.code, vraag, voor_tabel=True)
    return render_template("verzuim/raadplegen.html", instelling=instelling,
                           **zoekcontext(vraag, resultaat, "verzuim"))


def zoekvraag():
    """The Zoekvraag of a posted search form, or the default one (R-VZ-11)."""
    if request.method != "POST":
        return domein.Zoekvraag()
    form = RaadplegenForm()
    if not form.validate_on_submit():
        return domein.Zoekvraag()
    pagina = getal(request.form.get("pagina"), 6)
    per_pagina = getal(request.form.get("per_pagina"), 2)
    return domein.Zoekvraag(
        meldingnummer=form.meldingnummer.data or "", pgn=form.pgn.data or "",
        naam_contactpersoon=form.naam_contactpersoon.data or "",
        naam_behandelaar=form.naam_behandelaar.data or "",
        gemeentecode=form.gemeentecode.data or "", wet=form.wet.data or "",
        statussen=tuple(request.form.getlist("statussen")),
        pagina=pagina or 1, per_pagina=per_pagina or 10)


def zoekcontext(vraag, resultaat, blueprint):
    return dict(vraag=vraag, resultaat=resultaat, statussen=domein.keuzes("status"),
                wetten=domein.keuzes("wet"), groottes=domein.PAGINAGROOTTES,
                dagen=domein.aantal_dagen_status, blueprint=blueprint)


@bp.get("/meldingen/<int:nummer>")
@rollen(ROL)
def melding(nummer):
    """One melding: read-only when Afgesloten or Ter kennisgeving aangenomen (R-VZ-12),
    with Wijzigen, Intrekken, Kopiëren and Historie."""
    melding = domein.melding_van(g.actor, nummer)
    doc = domein.gegevens(melding)
    return render_template("verzuim/melding.html", melding=melding,
                           leerling=domein.Leerling.van_melding(melding),
                           invoer=domein.invoer_uit(doc), intrekking=doc.get("intrekking"),
                           terugkoppeling=doc.get("terugkoppeling"),
                           afsluiting=doc.get("afsluiting"),
                           wijzigbaar=domein.is_wijzigbaar(melding), form=CsrfForm(),
                           intrekbaar=domein.is_intrekbaar(melding),
                           bericht=request.args.get("bericht"))


@bp.post("/meldingen/<int:nummer>/<actie>")
@rollen(ROL)
def melding_actie(nummer, actie):
    """Wijzigen (R-VZ-12) or Kopiëren (R-VZ-15): a concept, then the wizard."""
    if not CsrfForm().validate() or actie not in ("wijzigen", "kopieren"):
        abort(400)
    begin = domein.begin_wijziging if actie == "wijzigen" else domein.begin_kopie
    try:
        concept = begin(g.actor, nummer, g.gebruiker.id)
    except Ongeldig:
        return redirect(url_for("verzuim.melding", nummer=nummer))
    return redirect(url_for("verzuim.stap", sleutel=concept.sleutel, stap=_stappen(concept)[0]))


@bp.route("/meldingen/<int:nummer>/intrekken", methods=["GET", "POST"])
@rollen(ROL)
def intrekken(nummer):
    """Melding intrekken (R-VZ-13): a reason, a warning that it cannot be undone."""
    melding = domein.melding_van(g.actor, nummer)
    form = CsrfForm()
    fouten, status = [], 422
    if form.validate_on_submit():
        try:
            domein.trek_in(g.actor, nummer, request.form.get("reden", ""),
                           request.form.get("toelichting", ""))
        except Ongeldig as exc:
            fouten, status = exc.fouten, status_van(exc)
        else:
            return redirect(url_for("verzuim.melding", nummer=nummer, bericht="ingetrokken"))
    return render_template("verzuim/intrekken.html", melding=melding, fouten=fouten,
                           per_veld=per_veld(fouten), redenen=domein.keuzes("reden_intrekken"),
                           w=request.form), (status if fouten else 200)


def toon_historie(melding, versies, blueprint):
    """Raadplegen historie (R-VZ-14), for the school's and the gemeente's pages alike."""
    return render_template("verzuim/historie.html", melding=melding, versies=versies,
                           blueprint=blueprint)


def toon_versie(melding, versies, versie, blueprint):
    """A version side by side with the previous one, differences marked, grouped as the
    seed's screen (Afb. 21)."""
    per_nummer = {v.versie: v for v in versies}
    if versie not in per_nummer:
        abort(404)
    vorige = per_nummer.get(versie - 1)
    return render_template("verzuim/historie_versie.html", melding=melding,
                           versie=per_nummer[versie], vorige=vorige, blueprint=blueprint,
                           blokken=historie_blokken(melding, per_nummer[versie], vorige))


@bp.get("/meldingen/<int:nummer>/historie")
@rollen(ROL)
def historie(nummer):
    return toon_historie(*domein.versies(g.actor, nummer), "verzuim")


@bp.get("/meldingen/<int:nummer>/historie/<int:versie>")
@rollen(ROL)
def historie_versie(nummer, versie):
    return toon_versie(*domein.versies(g.actor, nummer), versie, "verzuim")
