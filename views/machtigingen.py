"""Machtigingen (R-GEM-03) as a page: the "Verklaring gegevensverstrekking aan verwerker" and
the "VSV verklaring uitbesteding". A gemeente's beheerder grants one to an instantie by OIN
and sees its state; the instantie's beheerder accepts it; either side ends it."""
import datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain import machtiging
from domain.datums import GeenDatum, als_tekst, uit_tekst
from domain.fouten import N_, Fout, Ongeldig
from domain.velden import getal
from forms import CsrfForm
from views.beveiliging import rollen
from views.weergave import per_veld, status_van

bp = Blueprint("machtigingen", __name__, url_prefix="/machtigingen")
TOEGANG = {"soorten": ("gemeente", "instantie")}
ONLEESBAAR = N_("Vul een bestaande datum in als DD-MM-JJJJ.")


@bp.get("")
@rollen("beheerder", **TOEGANG)
def start():
    return _toon({"van": als_tekst(datetime.date.today()), "soort": machtiging.Soort.VERZUIM})


@bp.post("")
@rollen("beheerder", soorten=("gemeente",))  # an instantie accepts; it grants nothing
def verlenen():
    form = CsrfForm()
    w = request.form.to_dict()
    if not form.validate():
        return _toon(w, status=400)
    fouten, datums = [], {}
    for veld in ("van", "tot"):
        try:
            datums[veld] = uit_tekst(w.get(veld, ""))
        except GeenDatum:
            datums[veld] = None
            fouten.append(Fout(veld, ONLEESBAAR, "R-GEM-03"))
    try:
        machtiging.verleen(g.actor, w.get("gemeentecode", ""), w.get("oin", ""),
                           w.get("soort", ""), datums["van"], datums["tot"], vooraf=fouten)
    except Ongeldig as exc:
        return _toon(w, exc.fouten, status_van(exc))
    flash(_("De machtiging is verleend. Zij telt zodra de instantie haar heeft geaccepteerd."),
          "succes")
    return redirect(url_for("machtigingen.start"))


@bp.post("/<int:machtiging_id>/accepteren")
@rollen("beheerder", **TOEGANG)
def accepteren(machtiging_id):
    return _wijzig(machtiging.accepteer, machtiging_id, N_("De machtiging is geaccepteerd."))


@bp.post("/<int:machtiging_id>/beeindigen")
@rollen("beheerder", **TOEGANG)
def beeindigen(machtiging_id):
    return _wijzig(machtiging.beeindig, machtiging_id, N_("De machtiging is beëindigd."))


def _wijzig(uitvoeren, machtiging_id, gelukt):
    form = CsrfForm()
    if not form.validate():
        return _toon({}, status=400)
    try:
        uitvoeren(g.actor, machtiging_id, getal(request.form.get("versie")))
    except Ongeldig as exc:
        return _toon({}, exc.fouten, status_van(exc))
    flash(_(gelukt), "succes")
    return redirect(url_for("machtigingen.start"))


def _toon(w, fouten=(), status=200):
    vandaag = datetime.date.today()
    lijst = machtiging.machtigingen_van(g.actor)
    gemeenten = machtiging.eigen_gemeenten(g.actor)
    return render_template(
        "machtigingen/start.html", machtigingen=lijst,
        status={m.id: machtiging.status_van(m, vandaag) for m in lijst},
        gemeenten=gemeenten, gemeentekeuzes=[(m.code, f"{m.code} {m.naam}") for m in gemeenten],
        soorten=machtiging.SOORTEN,
        statussen=machtiging.STATUSSEN, lopend=machtiging.LOPEND, w=w, fouten=list(fouten),
        per_veld=per_veld(fouten), form=CsrfForm()), status
