"""The application factory: configuration, extensions, blueprints and CLI commands."""
import os
import secrets
from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect

import models

ROOT = Path(__file__).parent
TALEN = ("nl", "en")

csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()


def _secret_key(instance_path):
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _config(app):
    instance = Path(app.instance_path)
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'register.db'}"),
        "SECRET_KEY": _secret_key(instance),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REFERENCE_DIR": os.environ.get("REFERENCE_DIR", str(ROOT / "data" / "reference")),
        "DEMO_DIR": os.environ.get("DEMO_DIR", str(ROOT / "data" / "demo")),
        "DEMO_ACCOUNTS": str(instance / "demo-accounts.json"),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own idle limit bounds the token
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "map"),
        "MAIL_DIR": os.environ.get("MAIL_DIR", str(instance / "mail")),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "0") == "1",
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "noreply@register.example"),
        # Where the web pages are: mails sent after an M2M call link there.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        # M2M: PEM bundle of trust anchors (root and the CAs under it that issue client
        # certificates, so a leaf-only upload can be checked), folder of CRLs, and the proxies
        # (nginx) whose
        # X-SSL-Client-Cert header is believed. Development uses the generated test PKI.
        "TRUST_ANCHORS": os.environ.get("TRUST_ANCHORS", str(instance / "pki" / "ca-chain.pem")),
        "CRL_DIR": os.environ.get("CRL_DIR", str(instance / "pki" / "crls")),
        "M2M_TRUSTED_PROXIES": frozenset(filter(None, os.environ.get("M2M_TRUSTED_PROXIES", "")
                                            .replace(",", " ").split())),
    }


def kies_taal():
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(TALEN) or "nl"
    taal = session.get("taal") or request.cookies.get("taal")
    return taal if taal in TALEN else "nl"


def create_app(config=None):
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(_config(app))
    app.config.update(config or {})

    models.bind(app.config["DATABASE_URL"])
    csrf.init_app(app)
    babel.init_app(app, locale_selector=kies_taal)
    htmx.init_app(app)

    from views import (
        auth,
        beheer,
        beveiliging,
        fouten,
        gemeente,
        inschrijvingen,
        m2m,
        publiek,
        verzuim,
        weergave,
    )
    beveiliging.init_app(app)
    fouten.init_app(app)
    weergave.init_app(app)
    for blueprint in (publiek.bp, auth.bp, inschrijvingen.bp, verzuim.bp, gemeente.bp,
                      beheer.bp, m2m.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(m2m.bp)  # no cookies there; JSON bodies only (415), which forms cannot send

    from cli import register_commands
    register_commands(app)
    return app
