"""Herindelingen (R-HER-01): functioneel beheer records one; everyone of the gemeenten
involved opens its page: the dry run, the old gemeenten' open meldingen (live) and, once
carried out, what moved and what was cleaned up."""
import datetime
import json

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain import herindeling
from domain.datums import GeenDatum, uit_tekst
from domain.fouten import N_, Fout, Ongeldig
from extensions import htmx
from forms import CsrfForm
from views.beveiliging import rollen
from views.machtigingen import ONLEESBAAR
from views.weergave import per_veld, status_van

bp = Blueprint("herindelingen", __name__, url_prefix="/herindelingen")
LEZERS = ("functioneel_beheer", "beheerder", "leerplichtambtenaar")
TOEGANG = {"soorten": ("beheer", "gemeente")}
GEBIED = N_("Schrijf elk gebied op een eigen regel als postcodegebied en gemeentecode, "
            "bijvoorbeeld: 1703 1911.")


@bp.get("")
@rollen(*LEZERS, **TOEGANG)
def lijst():
    return _lijst({})


@bp.post("")
@rollen(herindeling.ROL)
def vastleggen():
    w = {k: request.form.get(k, "") for k in ("datum", "oude_codes", "nieuwe_code",
                                              "nieuwe_naam", "gebieden")}
    if not CsrfForm().validate_on_submit():
        return _lijst(w, status=400)
    fouten = []
    try:
        datum = uit_tekst(w["datum"])
    except GeenDatum:
        datum = None
        fouten.append(Fout("datum", ONLEESBAAR, "R-HER-01"))
    gebieden = []
    for regel in w["gebieden"].splitlines():
        delen = regel.replace(",", " ").replace("→", " ").split()
        if len(delen) == 2:
            gebieden.append((delen[0], delen[1]))
        elif delen:
            fouten.append(Fout("gebieden", GEBIED, "R-HER-01"))
    invoer = herindeling.Invoer(
        datum=datum, oude_codes=tuple(w["oude_codes"].replace(",", " ").split()),
        nieuwe_code=w["nieuwe_code"].strip(), nieuwe_naam=w["nieuwe_naam"].strip(),
        gebieden=tuple(gebieden))
    try:
        if fouten:
            raise Ongeldig(fouten)
        vastgelegd = herindeling.registreer(g.actor, invoer)
    except Ongeldig as exc:
        return _lijst(w, exc.fouten, status_van(exc))
    flash(_("De herindeling is vastgelegd. De beheerders van de betrokken gemeenten krijgen "
            "bericht."), "succes")
    return redirect(url_for("herindelingen.pagina", herindeling_id=vastgelegd.id))


def _lijst(w, fouten=(), status=200):
    lijst = herindeling.zichtbaar(g.actor)
    return render_template(
        "herindelingen/lijst.html", herindelingen=lijst,
        oude={h.id: herindeling.oude_gemeenten(h) for h in lijst},
        statussen=herindeling.STATUSSEN, beheer=g.actor.heeft_rol(herindeling.ROL),
        w=w, fouten=list(fouten), per_veld=per_veld(fouten)), status


@bp.get("/<int:herindeling_id>")
@rollen(*LEZERS, **TOEGANG)
def pagina(herindeling_id):
    gevonden = herindeling.van(g.actor, herindeling_id)
    meldingen = herindeling.open_meldingen(gevonden)
    if htmx and htmx.target == "open-meldingen":
        return render_template("herindelingen/_open_meldingen.html", meldingen=meldingen)
    return render_template(
        "herindelingen/herindeling.html", h=gevonden, meldingen=meldingen,
        oude=herindeling.oude_gemeenten(gevonden), delen=list(gevonden.delen),
        proef=herindeling.proef(gevonden) if gevonden.status == herindeling.Status.GEPLAND
        else None, statussen=herindeling.STATUSSEN,
        aankondigingen=herindeling.aankondigingen(gevonden.datum),
        gezonden=json.loads(gevonden.aankondigingen), aantallen=json.loads(gevonden.aantallen),
        verslag=json.loads(gevonden.verslag), labels=herindeling.AANTALLEN,
        nieuw=f"{gevonden.nieuwe_gemeente.code} {gevonden.nieuwe_gemeente.naam}",
        ontvangers=herindeling.ontvangers(gevonden),
        vandaag=datetime.date.today())
