"""Gegevensleveringen (seed 003) for the Behandelaar RMC: the home with the sign-ups, the
deliveries and a C-levering at the press of a button; the sign-up form with its history;
one delivery's page with its progress and its file as CSV or Excel. A request file goes
through Bestanden versturen (views/bestanden.py) and lands here too."""
import datetime
import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from domain import aanmelding, bestanden, levering
from domain.datums import GeenDatum, als_tekst, uit_tekst
from domain.fouten import N_, Fout, Ongeldig
from domain.velden import getal
from extensions import htmx
from formats import tabellen
from forms import CsrfForm
from jobs.leveringen import plan
from views.beveiliging import rollen
from views.weergave import met_vary, per_veld, status_van, tabel_bijlage

bp = Blueprint("leveringen", __name__, url_prefix="/leveringen")
ROL = levering.ROL
VOORTGANG_MS = 1000


@bp.get("")
@rollen(ROL)
def start():
    return _start()


def _start(fouten=(), w=None, status=200):
    return render_template(
        "leveringen/start.html", aanmeldingen=aanmelding.aanmeldingen_van(g.actor),
        leveringen=levering.leveringen_van(g.actor), gebieden=_gebieden(),
        soorten=levering.SOORTEN, statussen=levering.STATUSSEN, via=aanmelding.VIA,
        fouten=list(fouten), per_veld=per_veld(fouten),
        w=w or {"peildatum": als_tekst(levering.vandaag())}, form=CsrfForm()), status


def _gebieden():
    """("G0363", "gemeentecode 0363") choices of the actor's codes."""
    codes = levering.codes_van(g.actor)
    return [(f"{gebied}{code}", f"{_(levering.GEBIED_NAMEN[gebied])} {code}")
            for gebied in (levering.Gebied.GEMEENTE, levering.Gebied.REGIO)
            for code in codes.get(gebied, ())]


@bp.post("/aanvragen")
@rollen(ROL)
def aanvragen():
    """Levering op Doorstroompunt- of gemeentecode (C) at a peildatum: the seed's request
    file without the file."""
    form = CsrfForm()
    w = {"gebied": request.form.get("gebied", ""), "peildatum": request.form.get("peildatum", "")}
    if not form.validate():
        return _start(w=w, status=400)
    fouten = []
    keuze = w["gebied"]
    if keuze[:1] not in ("G", "R") or len(keuze) != 5:
        fouten.append(Fout("gebied", N_("Kies de gemeente of regio.")))
    try:
        peildatum = uit_tekst(w["peildatum"])
        if peildatum is None:
            fouten.append(Fout("peildatum", N_("Vul de peildatum in.")))
    except GeenDatum:
        peildatum = None
        fouten.append(Fout("peildatum", N_("Vul een bestaande datum in als DD-MM-JJJJ.")))
    if fouten:
        return _start(fouten, w, 422)
    try:
        gevraagd = levering.vraag_aan(g.actor, levering.Aanvraag(
            levering.Soort.C, levering.Gebied(keuze[0]), keuze[1:], peildatum), veld="gebied")
    except Ongeldig as exc:
        return _start(exc.fouten, w, status_van(exc))
    plan(gevraagd.id)
    return redirect(url_for("leveringen.levering_pagina", levering_id=gevraagd.id))


# ---------------------------------------------------------------- sign-up

@bp.route("/aanmelding/<gemeentecode>", methods=["GET", "POST"])
@rollen(ROL)
def aanmelden(gemeentecode):
    gemeente = aanmelding.gemeente_van(g.actor, gemeentecode)
    huidig = aanmelding.aanmelding_van(gemeente)
    if request.method == "GET":
        gekozen = {"via": huidig.via if huidig else aanmelding.Via.GEMEENTE,
                   "ontvangers": set(json.loads(huidig.ontvangers)) if huidig else {g.gebruiker.id}}
        return _aanmelden(gemeente, huidig, gekozen)
    form = CsrfForm()
    gekozen = {"via": request.form.get("via", ""),
               "ontvangers": {i for i in map(getal, request.form.getlist("ontvangers")) if i}}
    if not form.validate():
        return _aanmelden(gemeente, huidig, gekozen, status=400)
    versie = getal(request.form.get("versie"))
    afmelden = request.form.get("actie") == "afmelden"
    try:
        if afmelden:
            aanmelding.meld_af(g.actor, gemeentecode, versie)
        else:
            aanmelding.meld_aan(g.actor, gemeentecode, gekozen["via"],
                                sorted(gekozen["ontvangers"]), versie)
    except Ongeldig as exc:
        return _aanmelden(gemeente, aanmelding.aanmelding_van(gemeente), gekozen, exc.fouten,
                          status_van(exc))
    flash(_("De gemeente is afgemeld: er komen geen P-leveringen meer.") if afmelden
          else _("De aanmelding is opgeslagen."), "succes")
    return redirect(url_for("leveringen.aanmelden", gemeentecode=gemeentecode))


def _aanmelden(gemeente, huidig, gekozen, fouten=(), status=200):
    # Everyone who could receive it either way, so changing "via" needs no other page.
    return render_template(
        "leveringen/aanmelding.html", gemeente=gemeente, aanmelding=huidig, gekozen=gekozen,
        mogelijk=aanmelding.mogelijke_ontvangers(gemeente, aanmelding.Via.BEIDE),
        historie=aanmelding.historie(g.actor, gemeente.code), via=aanmelding.VIA,
        fouten=list(fouten), per_veld=per_veld(fouten), form=CsrfForm()), status


# ---------------------------------------------------------------- one delivery

@bp.get("/<int:levering_id>")
@rollen(ROL)
def levering_pagina(levering_id):
    gevonden = levering.levering_van(g.actor, levering_id)
    context = _voortgang(gevonden)
    if htmx and htmx.target == "voortgang":
        return (met_vary(render_template("leveringen/_voortgang.html", **context)),
                286 if context["klaar"] else 200)
    return met_vary(render_template("leveringen/levering.html", **context))


def _voortgang(gevonden):
    gebied, code = levering.gebied_code(gevonden)
    return dict(levering=gevonden, klaar=gevonden.status in levering.KLAAR,
                gebied=levering.GEBIED_NAMEN[gebied], code=code,
                tot_en_met=gevonden.peildatum - datetime.timedelta(days=1),
                verzoek=levering.verzoek_van(gevonden),
                soorten=levering.SOORTEN, statussen=levering.STATUSSEN,
                opmerkingen=levering.opmerkingen_van(gevonden), interval=VOORTGANG_MS)


@bp.get("/<int:levering_id>/download.<ext>")
@rollen(ROL)
def download(levering_id, ext):
    """The delivery's file: as stored (CSV), or as Excel made from it while it streams."""
    gevonden = levering.levering_van(g.actor, levering_id)
    if ext not in tabellen.MIMETYPES or gevonden.bestand_id is None:
        abort(404)
    (bestand,) = bestanden.download(g.actor, [gevonden.bestand_id])
    stroom = bestanden.inhoud_stroom(bestand)
    naam = bestand.naam.rsplit(".", 1)[0]
    if ext == "csv":
        return Response(stream_with_context(stroom), mimetype=tabellen.MIMETYPES["csv"],
                        headers={"Content-Disposition": f'attachment; filename="{naam}.csv"'})
    rijen = tabellen.csv_rijen(stroom)
    return tabel_bijlage(naam, "xlsx", next(rijen), rijen,
                         str(levering.SOORTEN[levering.Soort(gevonden.soort)]))
