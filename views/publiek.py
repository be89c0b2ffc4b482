"""Home and the language switch."""
from flask import Blueprint, g, redirect, render_template, request, session, url_for

from domain import organisaties
from extensions import TALEN
from views.beveiliging import ingelogd, mag_openen, openbaar, veilige_terugweg

bp = Blueprint("publiek", __name__)


@bp.get("/")
@ingelogd
def home():
    # Seed 000's list for a gemeente's beheerder, while something on it is still to do.
    checklist = (organisaties.checklist(g.actor.organisatie_id)
                 if g.actor.organisatie_soort == "gemeente" and g.actor.heeft_rol("beheerder")
                 else [])
    if all(p.klaar for p in checklist):
        checklist = []
    # An item links to its page only for a beheerder who may open it (the sign-up is the
    # Behandelaar RMC's).
    return render_template("publiek/home.html", actor=g.actor, checklist=[
        (p, mag_openen(g.actor, p.endpoint)) for p in checklist])


@bp.post("/taal")
@openbaar
def taal():
    keuze = request.form.get("taal")
    response = redirect(veilige_terugweg(request.form.get("next"), url_for("publiek.home")))
    if keuze in TALEN:
        session["taal"] = keuze
        # Remembered past the session too, so the login page speaks it next time.
        response.set_cookie("taal", keuze, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response
