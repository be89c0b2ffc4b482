"""Alternatieve routering verzuimloket (R-GEM-01) as a page for the gemeente's beheerder:
per category the instantie and e-mail address, from an ingangsdatum, every version kept
and shown; then the open meldingen the new routering sends elsewhere, listed and moved."""
import datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from domain import behandeling, routing
from domain.datums import GeenDatum, als_tekst, uit_tekst
from domain.fouten import Fout, Ongeldig
from domain.velden import getal
from forms import CsrfForm
from views.beveiliging import rollen
from views.machtigingen import ONLEESBAAR
from views.weergave import lijstnaam, per_veld, status_van

bp = Blueprint("routering", __name__, url_prefix="/routering")
TOEGANG = {"soorten": ("gemeente",)}


@bp.get("")
@rollen("beheerder", **TOEGANG)
def start():
    gemeenten = routing.gemeenten_van(g.actor)
    vandaag = datetime.date.today()
    huidig = {gemeente.id: routing.geldende(gemeente.id, vandaag) for gemeente in gemeenten}
    return render_template("routering/start.html", gemeenten=gemeenten, huidig=huidig)


@bp.route("/<gemeentecode>", methods=["GET", "POST"])
@rollen("beheerder", **TOEGANG)
def instellen(gemeentecode):
    gemeente = routing.gemeente_van(g.actor, gemeentecode)
    if request.method == "GET":
        return _toon(gemeente, _voorstel(gemeente))
    form = CsrfForm()
    w = request.form.to_dict()
    if not form.validate():
        return _toon(gemeente, w, status=400)
    fouten = []
    try:
        ingangsdatum = uit_tekst(w.get("ingangsdatum", ""))
    except GeenDatum:
        ingangsdatum = None
        fouten.append(Fout("ingangsdatum", ONLEESBAAR, "R-GEM-01"))
    regels = {c.code: (getal(w.get(f"instantie-{c.code}")), w.get(f"email-{c.code}", ""))
              for c in routing.categorieen()}
    versie = getal(w.get("versie")) or 0
    try:
        opgeslagen = routing.stel_in(g.actor, gemeentecode, ingangsdatum, regels, versie,
                                     vooraf=fouten)
    except Ongeldig as exc:
        return _toon(gemeente, w, exc.fouten, status_van(exc))
    flash(_("De routering is opgeslagen.") if opgeslagen.versie != versie
          else _("Er is niets gewijzigd: de routering blijft zoals ze was."), "succes")
    return redirect(url_for("routering.instellen", gemeentecode=gemeentecode))


@bp.post("/<gemeentecode>/verplaatsen")
@rollen("beheerder", **TOEGANG)
def verplaatsen(gemeentecode):
    gemeente = routing.gemeente_van(g.actor, gemeentecode)
    form = CsrfForm()
    if not form.validate():
        return _toon(gemeente, _voorstel(gemeente), status=400)
    nummers = [n for n in map(getal, request.form.getlist("nummers")) if n]
    try:
        aantal = behandeling.verplaats(g.actor, gemeentecode, nummers)
    except Ongeldig as exc:
        return _toon(gemeente, _voorstel(gemeente), exc.fouten, status_van(exc))
    flash(ngettext("%(num)d melding is verplaatst.", "%(num)d meldingen zijn verplaatst.",
                   aantal), "succes")
    return redirect(url_for("routering.instellen", gemeentecode=gemeentecode) + "#verplaatsen")


def _voorstel(gemeente):
    """The form as the routering that counts stands (or, before any, every category to the
    gemeente's own verzuimloket), from today."""
    laatste = routing.laatste(gemeente)
    regels = routing.regels_van(laatste) if laatste else {}
    w = {"ingangsdatum": als_tekst(datetime.date.today()),
         "versie": str(laatste.versie) if laatste else "0"}
    for c in routing.categorieen():
        regel = regels.get(c.code, {"organisatie": gemeente.organisatie_id,
                                    "email": gemeente.verzuimloket_email or ""})
        w[f"instantie-{c.code}"] = str(regel["organisatie"])
        w[f"email-{c.code}"] = regel["email"]
    return w


def _toon(gemeente, w, fouten=(), status=200):
    categorieen = routing.categorieen()
    namen = {c.code: lijstnaam(routing.CATEGORIEEN, c.code) for c in categorieen}
    # Each category's fields named by it, also in the error summary: the fields repeat.
    labels = {f"{veld}-{code}": naam[:1].upper() + naam[1:] for code, naam in namen.items()
              for veld in ("instantie", "email")}
    return render_template(
        "routering/instellen.html", gemeente=gemeente, w=w, categorieen=categorieen,
        labels=labels, keuzes=routing.keuzes(gemeente), historie=routing.historie(gemeente),
        te_verplaatsen=behandeling.te_verplaatsen(g.actor, gemeente.code),
        niet_gemachtigd=routing.niet_gemachtigd(gemeente),
        fouten=list(fouten), per_veld=per_veld(fouten), form=CsrfForm()), status
