"""The application factory: configuration, extensions, blueprints and CLI commands."""
import logging
import os
import secrets
from pathlib import Path

from flask import Flask, request, session
from werkzeug.routing import IntegerConverter

import models
from extensions import TALEN, babel, csrf, htmx, limiter

ROOT = Path(__file__).parent
MB = 1024 * 1024


def _secret_key(instance_path):
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _adressen(naam, standaard=""):
    return frozenset(filter(None, os.environ.get(naam, standaard).replace(",", " ").split()))


def _config(app):
    instance = Path(app.instance_path)
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'register.db'}"),
        "SECRET_KEY": _secret_key(instance),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        # R-AVG-05: a session ends this long after login, however active.
        "SESSION_MAX_HOURS": float(os.environ.get("SESSION_MAX_HOURS", "12")),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # argon2's (time_cost, memory_cost KiB, parallelism); None: the library's defaults.
        "ARGON2_COST": None,
        # The largest request body (an upload, a bulk call); before login 64 KiB
        # (views/beveiliging.py). nginx's client_max_body_size matches (deploy/nginx.conf).
        "MAX_CONTENT_LENGTH": int(float(os.environ.get("MAX_UPLOAD_MB", "20")) * MB),
        "REFERENCE_DIR": os.environ.get("REFERENCE_DIR", str(ROOT / "data" / "reference")),
        "DEMO_DIR": os.environ.get("DEMO_DIR", str(ROOT / "data" / "demo")),
        "DEMO_ACCOUNTS": str(instance / "demo-accounts.json"),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own idle limit bounds the token
        # The forms use no wtforms validator, so none of its messages shows; translating
        # them would parse wtforms' catalogue on every request (~1 ms).
        "WTF_I18N_ENABLED": False,
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "map"),
        "MAIL_DIR": os.environ.get("MAIL_DIR", str(instance / "mail")),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "0") == "1",
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "noreply@register.example"),
        # Where the web pages are: every link in a mail starts here, never at the Host
        # header of the request that caused the mail (it can be forged).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        # The proxies (nginx, deploy/nginx.conf) whose X-Forwarded-For names the client,
        # for the limits per address. Empty: the connection's own address counts.
        "TRUSTED_PROXIES": _adressen("TRUSTED_PROXIES"),
        # Rate limits (Flask-Limiter notation). Logins per client address; look-ups of a
        # person (BRP, register) per user on the pages and per certificate over M2M
        # (R-AVG-04); a new password per user.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "LIMIET_INLOGGEN": os.environ.get("LIMIET_INLOGGEN", "30 per minute"),
        "LIMIET_OPZOEKEN": os.environ.get("LIMIET_OPZOEKEN", "30 per minute;300 per hour"),
        # Basisgegevens are open to anyone: per client address.
        "LIMIET_BASISGEGEVENS": os.environ.get("LIMIET_BASISGEGEVENS", "60 per minute"),
        "LIMIET_OPZOEKEN_PAKKET": os.environ.get("LIMIET_OPZOEKEN_PAKKET", "20000 per hour"),
        "LIMIET_WACHTWOORD": os.environ.get("LIMIET_WACHTWOORD", "5 per minute"),
        # M2M: PEM bundle of trust anchors (root and the CAs under it that issue client
        # certificates, so a leaf-only upload can be checked), folder of CRLs, and the
        # proxies (nginx) whose X-SSL-Client-Cert header is believed. Development uses the
        # generated test PKI.
        "TRUST_ANCHORS": os.environ.get("TRUST_ANCHORS", str(instance / "pki" / "ca-chain.pem")),
        "CRL_DIR": os.environ.get("CRL_DIR", str(instance / "pki" / "crls")),
        "M2M_TRUSTED_PROXIES": _adressen("M2M_TRUSTED_PROXIES"),
        # A job consumer renews its claim on a file it processes with every batch; one that
        # stops (killed, machine gone) leaves the file to another after this many seconds.
        "BESTAND_CLAIM_SECONDS": int(os.environ.get("BESTAND_CLAIM_SECONDS", "60")),
        # Retention (R-AVG-01): persons a transaction, and how long a run's worker may be
        # silent before another takes the run over.
        "OPSCHONING_PER_KEER": int(os.environ.get("OPSCHONING_PER_KEER", "5000")),
        "OPSCHONING_CLAIM_SECONDS": int(os.environ.get("OPSCHONING_CLAIM_SECONDS", "120")),
        # Herindelingen (R-HER-01): persons a transaction, and the claim of a worker.
        "HERINDELING_PER_KEER": int(os.environ.get("HERINDELING_PER_KEER", "5000")),
        "HERINDELING_CLAIM_SECONDS": int(os.environ.get("HERINDELING_CLAIM_SECONDS", "120")),
    }


class Nummer(IntegerConverter):
    """`<int:…>` in every route: 1 to 10 digits up to 2^31 - 1, what an id or a
    meldingnummer column holds. A longer or larger number names nothing: 404, not an
    overflow in the database (and `\\d` would also take digits of other scripts)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def kies_taal():
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(TALEN) or "nl"
    taal = session.get("taal") or request.cookies.get("taal")
    return taal if taal in TALEN else "nl"


def _logging(app):
    """The app's loggers (`logging.getLogger(__name__)` in each module) write through a
    formatter that escapes line breaks, so a value in a message cannot forge a line."""
    from logboek import VeiligeFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(VeiligeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for naam in ("domain", "views", "jobs", "certificates"):
        logger = logging.getLogger(naam)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def create_app(config=None):
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(_config(app))
    app.config.update(config or {})
    app.url_map.converters["int"] = Nummer
    _logging(app)

    models.bind(app.config["DATABASE_URL"])
    if app.config.get("ARGON2_COST"):
        from domain.gebruikers import kies_wachtwoordkosten
        kies_wachtwoordkosten(*app.config["ARGON2_COST"])
    from views import beveiliging
    beveiliging.init_app(app)  # first: the body limit before the CSRF check reads a form
    csrf.init_app(app)
    babel.init_app(app, locale_selector=kies_taal)
    htmx.init_app(app)
    limiter.init_app(app)

    from views import (
        account,
        auth,
        basisgegevens,
        beheer,
        bestanden,
        fouten,
        gemeente,
        herindelingen,
        inschrijvingen,
        inzage,
        leveringen,
        m2m,
        machtigingen,
        organisaties,
        publiek,
        routering,
        statisch,
        verzuim,
        weergave,
    )
    fouten.init_app(app)
    weergave.init_app(app)
    statisch.init_app(app)
    for blueprint in (publiek.bp, auth.bp, account.bp, inschrijvingen.bp, bestanden.bp,
                      verzuim.bp, gemeente.bp, leveringen.bp, routering.bp, machtigingen.bp,
                      beheer.bp, inzage.bp, organisaties.bp, herindelingen.bp, basisgegevens.bp,
                      m2m.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(m2m.bp)  # no cookies there; JSON bodies only (415), which forms cannot send

    from cli import register_commands
    register_commands(app)
    return app
