"""What every request passes: a database connection, the logged-in user, the
route's declared access (fail closed), the idle limit and the security headers."""
import time

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from domain.gebruikers import actor_voor
from models import Gebruiker, database

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")


def openbaar(view):
    """Open to anyone (login, language switch, static pages)."""
    view.toegang = "openbaar"
    return view


def ingelogd(view):
    """Any logged-in user."""
    view.toegang = "ingelogd"
    return view


def rollen(*namen):
    """Only users with one of these roles; the domain checks the organisation."""
    def decorator(view):
        view.toegang = frozenset(namen)
        return view
    return decorator


def toegang_van(endpoint):
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "toegang", None)


def _verbind():
    g.eigen_verbinding = database.is_closed()
    if g.eigen_verbinding:
        database.connect()


def _sluit(exc):
    if g.pop("eigen_verbinding", False) and not database.is_closed():
        database.close()


def _laad_gebruiker():
    g.gebruiker = g.actor = None
    gebruiker_id = session.get("gebruiker_id")
    if gebruiker_id is None:
        return
    limiet = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if time.time() - session.get("laatst", 0) > limiet:
        taal = session.get("taal")
        session.clear()
        if taal:
            session["taal"] = taal
        flash(_("U was te lang niet actief. Log opnieuw in."), "info")
        return
    gebruiker = Gebruiker.get_or_none(Gebruiker.id == gebruiker_id, Gebruiker.actief == True)  # noqa: E712
    if gebruiker is None:
        session.clear()
        return
    session["laatst"] = int(time.time())
    g.gebruiker = gebruiker
    g.actor = actor_voor(gebruiker)


def _controleer_toegang():
    if request.endpoint is None or request.endpoint == "static":
        return None
    toegang = toegang_van(request.endpoint)
    if toegang in ("openbaar", "pakket"):  # pakket: the M2M route identifies the certificate
        return None
    if g.gebruiker is None:
        if toegang is None:
            abort(404)
        return redirect(url_for("auth.login", next=request.full_path))
    if toegang == "ingelogd":
        return None
    if isinstance(toegang, frozenset) and g.actor.heeft_rol(*toegang):
        return None
    abort(403)  # no declaration is a refusal too: routes fail closed


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if g.get("gebruiker") is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    app.before_request(_verbind)
    app.before_request(_laad_gebruiker)
    app.before_request(_controleer_toegang)
    app.after_request(_headers)
    app.teardown_request(_sluit)
