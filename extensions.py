"""The Flask extensions, made here and bound in `app.create_app`, so views import them
without importing the application (no app ↔ views cycle)."""
from flask import current_app, g, request
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect

TALEN = ("nl", "en")

csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()


def klant_adres():
    """The client's address: the one nginx forwards when the request came through a
    proxy we trust (TRUSTED_PROXIES), else the connection's own. A client cannot pick
    its key by sending X-Forwarded-For itself."""
    adres = request.remote_addr or "-"
    if adres in current_app.config["TRUSTED_PROXIES"]:
        doorgestuurd = request.headers.get("X-Forwarded-For", "")
        laatste = doorgestuurd.rsplit(",", 1)[-1].strip()
        return laatste or adres
    return adres


def per_gebruiker():
    """Limits per logged-in user (the person, whichever browser or address)."""
    gebruiker = g.get("gebruiker")
    return f"gebruiker:{gebruiker.id}" if gebruiker is not None else f"adres:{klant_adres()}"


def per_pakket():
    """Limits per M2M certificate (the package that calls)."""
    return f"certificaat:{g.get('certificaat') or klant_adres()}"


# Limits are counted in Redis when REDIS_URL is set (shared by every web node), else in
# each process's memory (RATELIMIT_STORAGE_URI, app.py).
limiter = Limiter(key_func=klant_adres, headers_enabled=True, strategy="fixed-window")


def limiet(naam, key_func, **opties):
    """The limit LIMIET_<NAAM> of the configuration (read per request), counted per
    `key_func` under the scope `naam`: a view's decorator (`methods=["POST"]`: only what
    is sent counts), or a `with` around the work it limits (`cost`: how much it counts)."""
    return limiter.shared_limit(lambda: current_app.config[f"LIMIET_{naam.upper()}"], naam,
                                key_func=key_func, **opties)
