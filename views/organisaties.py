"""New organisations (seed 000): functioneel beheer registers one and invites its first
beheerder; the invitee opens the one-time link, chooses a password and links a token."""
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from domain import gebruikers, organisaties
from domain.fouten import Ongeldig
from forms import CsrfForm
from views.beveiliging import openbaar, rollen
from views.weergave import per_veld, status_van

bp = Blueprint("organisaties", __name__)
VELDEN = ("soort", "naam", "oin", "gemeentecode", "regiocode", "bestuurcode",
          "instellingscodes", "beheerder_naam", "beheerder_email", "gebruikersnaam")


@bp.get("/beheer/organisaties")
@rollen(organisaties.ROL)
def lijst():
    return _toon({"soort": "gemeente"})


@bp.post("/beheer/organisaties")
@rollen(organisaties.ROL)
def aanmelden():
    w = {veld: request.form.get(veld, "").strip() for veld in VELDEN}
    if not CsrfForm().validate_on_submit():
        return _toon(w, status=400)
    aanvraag = organisaties.Aanvraag(**{**w, "instellingscodes": tuple(
        w["instellingscodes"].upper().replace(",", " ").split())})
    try:
        organisatie, beheerder, sleutel = organisaties.registreer(g.actor, aanvraag)
    except Ongeldig as exc:
        return _toon(w, exc.fouten, status_van(exc))
    return _toon({"soort": "gemeente"}, nieuw=(organisatie, beheerder, sleutel), status=201)


@bp.post("/beheer/organisaties/uitnodiging/<int:gebruiker_id>")
@rollen(organisaties.ROL)
def opnieuw_uitnodigen(gebruiker_id):
    if not CsrfForm().validate_on_submit():
        return _toon({"soort": "gemeente"}, status=400)
    beheerder, sleutel = organisaties.nieuwe_uitnodiging(g.actor, gebruiker_id)
    return _toon({"soort": "gemeente"}, nieuw=(beheerder.organisatie, beheerder, sleutel))


def _toon(w, fouten=(), status=200, nieuw=None):
    lijst = organisaties.organisaties(g.actor)
    return render_template(
        "organisaties/lijst.html", organisaties=lijst, soorten=organisaties.SOORTEN,
        soortkeuzes=[(k, _(v)) for k, v in organisaties.SOORTEN.items()],
        wachtend=organisaties.wachtende_beheerders([o.id for o in lijst]),
        opgeheven=organisaties.opgeheven([o.id for o in lijst]),
        checklists={o.id: organisaties.checklist(o.id) for o in lijst if o.soort == "gemeente"},
        w=w, fouten=list(fouten), per_veld=per_veld(fouten), nieuw=nieuw,
        # The register's own address, as in the mail, not the request's Host header.
        link=current_app.config["PUBLIC_URL"].rstrip("/")
        + url_for("organisaties.uitnodiging", sleutel=nieuw[2]) if nieuw else None), status


@bp.context_processor
def wachtwoordregel():
    """The password rule the invitation page states before anyone gets it wrong."""
    return {"minimum": gebruikers.MIN_WACHTWOORD, "maximum": gebruikers.MAX_WACHTWOORD}


@bp.route("/uitnodiging/<sleutel>", methods=["GET", "POST"])
@openbaar
def uitnodiging(sleutel):
    """The invitee's first step: a password of their own; then the token (auth)."""
    gevonden = gebruikers.uitnodiging_van(sleutel)
    if gevonden is None:
        return render_template("organisaties/uitnodiging.html", uitnodiging=None,
                               fouten=[], per_veld={}), 410
    if request.method == "GET":
        return render_template("organisaties/uitnodiging.html", uitnodiging=gevonden,
                               fouten=[], per_veld={})
    if not CsrfForm().validate_on_submit():
        return render_template("organisaties/uitnodiging.html", uitnodiging=gevonden,
                               fouten=[], per_veld={}), 400
    try:
        gebruiker = gebruikers.aanvaard(sleutel, request.form.get("nieuw", ""),
                                        request.form.get("herhaling", ""))
    except Ongeldig as exc:
        return render_template("organisaties/uitnodiging.html", uitnodiging=gevonden,
                               fouten=exc.fouten, per_veld=per_veld(exc.fouten)), status_van(exc)
    session.clear()
    session["koppel_id"] = gebruiker.id
    flash(_("Uw wachtwoord is ingesteld. Koppel nu uw token."), "succes")
    return redirect(url_for("auth.token_koppelen"))
