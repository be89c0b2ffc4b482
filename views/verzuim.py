"""Verzuim melden (seed 004 ch. 2): Opvoeren Verzuim, first step (the pupil)."""
from flask import Blueprint, g, redirect, render_template, url_for

from domain import verzuim as domein
from domain.inschrijving import instellingen_van
from domain.fouten import Ongeldig
from forms.verzuim import ZoekLeerlingForm
from views.beveiliging import rollen
from views.weergave import per_veld

bp = Blueprint("verzuim", __name__, url_prefix="/verzuim")
ROL = "verzuimmelder"


@bp.get("")
@rollen(ROL)
def start():
    instellingen = instellingen_van(g.actor)
    if len(instellingen) == 1:
        return redirect(url_for("verzuim.opvoeren", instellingscode=instellingen[0].code))
    return render_template("verzuim/start.html", instellingen=instellingen)


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
                           gezocht=gezocht), \
        (422 if fouten else 200)
