"""Inloggen met token (seed 004 §1.2): gebruikersnaam, wachtwoord and the token code."""
import segno
from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from domain import gebruikers
from domain.fouten import Ongeldig
from extensions import klant_adres, limiet
from forms.auth import LoginForm, TokenForm
from models import Gebruiker
from views.beveiliging import beeindig_sessie, openbaar, start_sessie, veilige_terugweg

bp = Blueprint("auth", __name__)


@bp.route("/inloggen", methods=["GET", "POST"])
@openbaar
@limiet("inloggen", klant_adres, methods=["POST"])
def login():
    form = LoginForm()
    fout = None
    if form.validate_on_submit():
        aanmelding = gebruikers.meld_aan(form.gebruikersnaam.data, form.wachtwoord.data,
                                         form.code.data)
        if aanmelding.gebruiker is not None and aanmelding.token_koppelen:
            session.clear()
            session["koppel_id"] = aanmelding.gebruiker.id
            return redirect(url_for("auth.token_koppelen"))
        if aanmelding.gebruiker is not None:
            start_sessie(aanmelding.gebruiker)
            return redirect(veilige_terugweg(request.args.get("next"), url_for("publiek.home")))
        fout = aanmelding.fout
    form.wachtwoord.data = ""
    form.code.data = ""
    return render_template("auth/login.html", form=form, fout=fout), (401 if fout else 200)


@bp.route("/inloggen/token", methods=["GET", "POST"])
@openbaar
def token_koppelen():
    gebruiker = Gebruiker.get_or_none(Gebruiker.id == session.get("koppel_id"))
    if gebruiker is None or gebruiker.totp_actief:
        return redirect(url_for("auth.login"))
    form = TokenForm()
    fout = None
    if form.validate_on_submit():
        try:
            gebruikers.bevestig_token(gebruiker, form.code.data)
        except Ongeldig as exc:
            fout = exc.fouten[0].melding
        else:
            start_sessie(gebruiker)
            flash(_("Uw token is gekoppeld."), "succes")
            return redirect(url_for("publiek.home"))
    elif request.method == "GET" or not gebruiker.totp_secret:
        gebruikers.start_token_koppeling(gebruiker)
    uri = gebruikers.token_uri(gebruiker)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    form.code.data = ""
    return render_template("auth/token.html", form=form, fout=fout, qr=qr,
                           secret=gebruiker.totp_secret), (400 if fout else 200)


@bp.post("/uitloggen")
@openbaar
def logout():
    """Ends every session of the user, on every device (R-AVG-05): a copied cookie is
    worth nothing afterwards."""
    if g.gebruiker is not None:
        gebruikers.beeindig_sessies(g.gebruiker.id)
    beeindig_sessie(_("U bent uitgelogd."))
    return redirect(url_for("auth.login"))


@bp.app_context_processor
def gebruiker_in_templates():
    return {"gebruiker": g.get("gebruiker"), "actor": g.get("actor")}
