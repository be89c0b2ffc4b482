"""Error pages in the layout, in the user's language; on /api/ paths problem+json.

Whatever a request did wrong, or lost to another writer, gets its ordinary message:
a refusal (403), too large (413), too many (429), a lost race (409), a rule the domain
found (422). The last handlers are a safety net for races the domain did not foresee:
a unique key taken a moment ago, SQLite's write lock not free in time, a PostgreSQL
serialisation failure. They are logged (without the request's data) and answered as
409, never 500."""
import logging

from flask import make_response, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from peewee import IntegrityError, OperationalError
from werkzeug.exceptions import RequestEntityTooLarge

from domain.fouten import GeenToegang, Gelijktijdig, Ongeldig
from extensions import htmx
from views import m2m
from views.weergave import status_van

log = logging.getLogger(__name__)


def _api():
    return request.path.startswith("/api/")


def _pagina(template, status, **context):
    response = make_response(render_template(template, **context), status)
    if htmx:
        # An htmx request aimed at part of a page: the message replaces the page's content
        # instead of vanishing into a target that does not hold it.
        response.headers.update({"HX-Retarget": "#inhoud", "HX-Reselect": "#inhoud",
                                 "HX-Reswap": "outerHTML"})
    return response


def _is_slotconflict(exc):
    """SQLite: the write lock was not free within busy_timeout. PostgreSQL: a
    serialisation failure or a deadlock (SQLSTATE 40001, 40P01)."""
    tekst = str(exc)
    oorzaak = getattr(exc, "__cause__", None) or getattr(exc, "orig", None)
    sqlstate = getattr(oorzaak, "sqlstate", None) or getattr(oorzaak, "pgcode", None)
    return "database is locked" in tekst or sqlstate in ("40001", "40P01")


def init_app(app):
    @app.errorhandler(403)
    @app.errorhandler(GeenToegang)
    def geen_toegang(_error):
        log.warning("refused: no access to %s %s", request.method, request.path)
        if _api():
            return m2m.probleem(403, _("Geen toegang."))
        return _pagina("fouten/403.html", 403)

    @app.errorhandler(404)
    @app.errorhandler(405)
    def niet_gevonden(error):
        if _api():
            return m2m.fout_van_pad(error)
        if error.code == 405:
            return error
        return _pagina("fouten/404.html", 404)

    @app.errorhandler(RequestEntityTooLarge)
    def te_groot(_error):
        log.warning("refused: body too large for %s %s", request.method, request.path)
        limiet = request.max_content_length or app.config["MAX_CONTENT_LENGTH"]
        mb = max(1, limiet // (1024 * 1024))
        if _api():
            return m2m.probleem(413, _("Het verzoek is te groot."),
                                _("Stuur hoogstens %(mb)s MB.", mb=mb))
        return _pagina("fouten/413.html", 413, mb=mb)

    @app.errorhandler(RateLimitExceeded)
    def te_vaak(error):
        log.warning("refused: rate limit %s for %s %s", error.description, request.method,
                    request.path)
        if _api():
            response = m2m.probleem(429, _("Te veel verzoeken."),
                                    _("Probeer het later opnieuw."))
        else:
            response = _pagina("fouten/429.html", 429)
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Ongeldig)
    def ongeldig(fout):
        """A page that did not catch the domain's refusal still shows its messages."""
        if _api():
            return m2m.ongeldig_antwoord(fout)
        return _pagina("fouten/ongeldig.html", status_van(fout), fouten=fout.fouten)

    @app.errorhandler(IntegrityError)
    def uniek_bezet(exc):
        log.warning("lock conflict: %s on %s %s", type(exc).__name__, request.method,
                    request.path)
        return ongeldig(Gelijktijdig())

    @app.errorhandler(OperationalError)
    def database_bezet(exc):
        if not _is_slotconflict(exc):
            raise exc
        log.warning("lock conflict: database busy on %s %s", request.method, request.path)
        return ongeldig(Gelijktijdig())
