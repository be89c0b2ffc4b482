"""What every request passes: a database connection, the logged-in user and whether the
session still holds (R-AVG-05), the route's declared access (fail closed), the size a
body may have, and the security headers."""
import logging
import time
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from domain.gebruikers import actief_met_organisatie, actor_voor
from models import database

log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")

# Before login nothing is uploaded: a body beyond a login form is refused unread.
ANONIEM_MAX_BODY = 64 * 1024

# The session's last activity is written again after this many seconds, not on every
# request: an unchanged session is not signed and sent again (a page's fixed cost), and
# the idle limit, in minutes, is kept to within half a minute.
LAATST_STAP = 30


def openbaar(view):
    """Open to anyone (login, language switch, static pages)."""
    view.toegang = "openbaar"
    return view


def ingelogd(view):
    """Any logged-in user."""
    view.toegang = "ingelogd"
    return view


def rollen(*namen, soorten=None):
    """Only users with one of these roles (and, given `soorten`, of an organisation of one
    of those soorten); the domain checks the organisation itself."""
    def decorator(view):
        view.toegang = frozenset(namen)
        view.soorten = frozenset(soorten) if soorten else None
        return view
    return decorator


def toegang_van(endpoint):
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "toegang", None)


def mag_openen(actor, endpoint):
    """Whether the logged-in `actor` passes the endpoint's declared access: any user, or
    one of its roles (in an organisation of its soorten). No declaration lets nobody in
    (routes fail closed)."""
    toegang = toegang_van(endpoint)
    if toegang == "ingelogd":
        return True
    soorten = getattr(current_app.view_functions.get(endpoint), "soorten", None)
    return (isinstance(toegang, frozenset) and actor.heeft_rol(*toegang)
            and (soorten is None or actor.organisatie_soort in soorten))


def _statisch():
    """A static file needs no database and no user: it is the same for everyone."""
    return request.endpoint == "static"


def _verbind():
    if _statisch():
        return
    g.eigen_verbinding = database.is_closed()
    if g.eigen_verbinding:
        database.connect()


def _sluit(exc):
    if g.pop("eigen_verbinding", False) and not database.is_closed():
        database.close()


def start_sessie(gebruiker):
    """A new session for `gebruiker`: nothing from before carries over but the language.
    It holds the user's session generation and when it began (R-AVG-05)."""
    taal = session.get("taal")
    session.clear()
    nu = int(time.time())
    session.update(gebruiker_id=gebruiker.id, generatie=gebruiker.sessie_generatie,
                   begonnen=nu, laatst=nu)
    if taal:
        session["taal"] = taal
    session.permanent = False


def beeindig_sessie(bericht=None):
    """This browser's session ends (its language stays)."""
    taal = session.get("taal")
    session.clear()
    if taal:
        session["taal"] = taal
    if bericht:
        flash(bericht, "info")


def _laad_gebruiker():
    g.gebruiker = g.actor = None
    if _statisch():
        return
    gebruiker_id = session.get("gebruiker_id")
    if gebruiker_id is None:
        return
    nu = time.time()
    config = current_app.config
    if nu - session.get("laatst", 0) > config["SESSION_IDLE_MINUTES"] * 60:
        beeindig_sessie(_("U was te lang niet actief. Log opnieuw in."))
        return
    if nu - session.get("begonnen", 0) > config["SESSION_MAX_HOURS"] * 3600:
        beeindig_sessie(_("Uw sessie is verlopen. Log opnieuw in."))
        return
    gebruiker = actief_met_organisatie(gebruiker_id)
    if gebruiker is None or gebruiker.sessie_generatie != session.get("generatie"):
        # Ended on the server: a logout, a new password, herstel toegang, blocked.
        log.info("session refused: ended on the server (user %s)", gebruiker_id)
        beeindig_sessie(_("Uw sessie is beëindigd. Log opnieuw in."))
        return
    if nu - session.get("laatst", 0) >= LAATST_STAP:
        session["laatst"] = int(nu)
    g.gebruiker = gebruiker
    g.actor = actor_voor(gebruiker)


def veilige_terugweg(doel, anders):
    """`doel` when it is a path on this site, else `anders`: never a redirect elsewhere.
    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    "/\t/evil.example" is "//evil.example" to them: such a path is refused outright."""
    if not doel or any(ord(c) <= 0x20 or c in "\\\x7f" for c in doel):
        return anders
    delen = urlsplit(doel)
    if delen.scheme or delen.netloc or not doel.startswith("/") or doel.startswith("//"):
        return anders
    return doel


def _begrens_body():
    """A page request without a session sends a login form, not an upload: anything
    larger is refused (413) from its Content-Length before it is read, also by the CSRF
    check that reads forms next. Logged-in users and the M2M API get MAX_CONTENT_LENGTH."""
    if "gebruiker_id" not in session and not request.path.startswith("/api/"):
        request.max_content_length = ANONIEM_MAX_BODY


def _controleer_toegang():
    if request.endpoint is None or _statisch():
        return None
    toegang = toegang_van(request.endpoint)
    if toegang in ("openbaar", "pakket"):  # pakket: the M2M route identifies the certificate
        return None
    if g.gebruiker is None:
        if toegang is None:
            abort(404)
        return redirect(url_for("auth.login", next=request.full_path))
    if mag_openen(g.actor, request.endpoint):
        return None
    log.warning("refused: %s lacks the role for %s", g.actor.kenmerk, request.endpoint)
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
    """Call before the CSRF extension's own init_app: these run first."""
    app.before_request(_begrens_body)
    app.before_request(_verbind)
    app.before_request(_laad_gebruiker)
    app.before_request(_controleer_toegang)
    app.after_request(_headers)
    app.teardown_request(_sluit)
