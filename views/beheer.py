"""A beheerder manages the users of its own organisation: roles and kenmerken."""
from flask import Blueprint, g, render_template
from flask_babel import gettext as _

from domain import gebruikers
from domain.actor import KENMERK_PER_SOORT, ROLLEN, ROLLEN_PER_SOORT
from domain.fouten import Ongeldig
from forms.beheer import GebruikerForm
from models import Organisatie
from views.beveiliging import rollen

bp = Blueprint("beheer", __name__, url_prefix="/beheer")


def _form(organisatie):
    form = GebruikerForm()
    form.rollen.choices = [(r, _(ROLLEN[r])) for r in ROLLEN_PER_SOORT.get(organisatie.soort, ())]
    form.kenmerken.choices = [(k, k) for k in gebruikers.mogelijke_kenmerken(organisatie)]
    return form


@bp.get("/gebruikers")
@rollen("beheerder")
def gebruikers_lijst():
    return render_template("beheer/gebruikers.html", gebruikers=gebruikers.gebruikers_van(g.actor),
                           rolnamen=ROLLEN)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@rollen("beheerder")
def gebruiker_nieuw():
    organisatie = Organisatie.get_by_id(g.actor.organisatie_id)
    form = _form(organisatie)
    fouten, nieuw = [], None
    if form.validate_on_submit():
        try:
            nieuw = gebruikers.maak_gebruiker(
                g.actor, form.gebruikersnaam.data, form.naam.data, form.email.data,
                form.rollen.data or [], form.kenmerken.data or [])
        except Ongeldig as exc:
            fouten = exc.fouten
    per_veld = {}
    for fout in fouten:
        per_veld.setdefault(fout.veld, []).append(fout)
    return render_template(
        "beheer/gebruiker_nieuw.html", form=form, fouten=fouten, per_veld=per_veld, nieuw=nieuw,
        kenmerk_soort=KENMERK_PER_SOORT.get(organisatie.soort)), (422 if fouten else 200)
