"""A beheerder manages the users of its own organisation: roles and kenmerken."""
from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _

from domain import gebruikers
from domain.actor import KENMERK_PER_SOORT, ROLLEN, ROLLEN_PER_SOORT
from domain.fouten import Ongeldig
from forms.beheer import GebruikerForm, GebruikerWijzigForm, HerstelForm
from models import Organisatie
from views.beveiliging import rollen
from views.weergave import per_veld

bp = Blueprint("beheer", __name__, url_prefix="/beheer")


def _form(organisatie, cls=GebruikerForm, **kwargs):
    form = cls(**kwargs)
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
    return render_template(
        "beheer/gebruiker_nieuw.html", form=form, fouten=fouten, per_veld=per_veld(fouten),
        nieuw=nieuw, kenmerk_soort=KENMERK_PER_SOORT.get(organisatie.soort)), \
        (422 if fouten else 200)



def _huidig(gebruiker):
    return dict(naam=gebruiker.naam, email=gebruiker.email or "", actief=gebruiker.actief,
                rollen=[r.rol for r in gebruiker.rollen],
                kenmerken=[k.waarde for k in gebruiker.kenmerken])


def _toon(gebruiker, form, fouten=(), **extra):
    return render_template(
        "beheer/gebruiker.html", form=form, gebruiker=gebruiker, fouten=list(fouten),
        per_veld=per_veld(fouten), herstel=HerstelForm(),
        kenmerk_soort=KENMERK_PER_SOORT.get(gebruiker.organisatie.soort), **extra), \
        (422 if fouten else 200)


@bp.route("/gebruikers/<int:gebruiker_id>", methods=["GET", "POST"])
@rollen("beheerder")
def gebruiker_wijzigen(gebruiker_id):
    gebruiker = gebruikers.gebruiker_van(g.actor, gebruiker_id)
    if request.method == "GET":
        return _toon(gebruiker, _form(gebruiker.organisatie, GebruikerWijzigForm,
                                      data=_huidig(gebruiker)))
    form = _form(gebruiker.organisatie, GebruikerWijzigForm)
    if not form.validate():
        return _toon(gebruiker, form)
    try:
        gebruikers.wijzig_gebruiker(g.actor, gebruiker.id, form.naam.data, form.email.data,
                                    form.rollen.data or [], form.kenmerken.data or [],
                                    form.actief.data)
    except Ongeldig as exc:
        return _toon(gebruiker, form, exc.fouten)
    return _toon(gebruiker, form, gelukt=True)


@bp.post("/gebruikers/<int:gebruiker_id>/herstel")
@rollen("beheerder")
def gebruiker_herstel(gebruiker_id):
    gebruiker = gebruikers.gebruiker_van(g.actor, gebruiker_id)
    wachtwoord = None
    if HerstelForm().validate_on_submit():
        wachtwoord = gebruikers.herstel_toegang(g.actor, gebruiker.id)
    form = _form(gebruiker.organisatie, GebruikerWijzigForm, data=_huidig(gebruiker))
    return _toon(gebruiker, form, wachtwoord=wachtwoord)
