"""The user's own account: a new password, which ends every other session (R-AVG-05)."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from domain import gebruikers
from domain.fouten import Ongeldig
from extensions import limiet, per_gebruiker
from forms.account import WachtwoordForm
from models import Gebruiker
from views.beveiliging import ingelogd, start_sessie
from views.weergave import per_veld

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/wachtwoord", methods=["GET", "POST"])
@ingelogd
@limiet("wachtwoord", per_gebruiker, methods=["POST"])
def wachtwoord():
    form = WachtwoordForm()
    fouten = []
    if form.validate_on_submit():
        try:
            gebruikers.wijzig_wachtwoord(g.gebruiker.id, form.huidig.data, form.nieuw.data,
                                         form.herhaling.data)
        except Ongeldig as exc:
            fouten = exc.fouten
        else:
            # This browser goes on in a session of the new generation; all others ended.
            g.gebruiker = Gebruiker.get_by_id(g.gebruiker.id)
            start_sessie(g.gebruiker)
            flash(_("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd."),
                  "succes")
            return redirect(url_for("publiek.home"))
    return render_template("account/wachtwoord.html", fouten=fouten, per_veld=per_veld(fouten),
                           minimum=gebruikers.MIN_WACHTWOORD), (422 if fouten else 200)
