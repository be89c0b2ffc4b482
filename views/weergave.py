"""Small helpers the views and templates share."""
from flask import make_response
from flask_babel import get_locale, gettext

from domain.datums import MAANDEN
from domain.inschrijving import volledige_naam


def met_vary(body):
    """Views that answer htmx and full-page requests differently must say so to caches."""
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def datum(value):
    """DD-MM-JJJJ, as the seeds show dates."""
    return value.strftime("%d-%m-%Y") if value else ""


def lange_datum(value):
    """"1 januari 2002"."""
    return f"{value.day} {gettext(MAANDEN[value.month - 1])} {value.year}" if value else ""


def foutmelding(fout):
    params = {k: datum(v) if hasattr(v, "strftime") else v for k, v in fout.params.items()}
    return gettext(fout.melding, **params)


def landnaam(land):
    return land.naam_en if str(get_locale()) == "en" else land.naam


def init_app(app):
    app.jinja_env.filters.update(datum=datum, lange_datum=lange_datum, foutmelding=foutmelding,
                                 landnaam=landnaam, naam=volledige_naam)

    @app.context_processor
    def taal():
        return {"taal": str(get_locale())}
