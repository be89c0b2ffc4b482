"""Basisgegevens (seed 003, R-LEV-05): for anyone, without logging in, the instellingen of
the register with their bevoegd gezag and onderwijslocaties, to look up and to download,
and the opleidingen to download."""
from flask import Blueprint, abort, render_template, request

from domain import basisgegevens as domein
from domain.velden import getal
from extensions import htmx, klant_adres, limiet
from formats import tabellen
from views.beveiliging import openbaar
from views.weergave import met_vary, tabel_bijlage

bp = Blueprint("basisgegevens", __name__, url_prefix="/basisgegevens")


@bp.get("")
@openbaar
@limiet("basisgegevens", klant_adres)
def start():
    zoekterm = request.args.get("zoekterm", "")[:100]
    lijst = domein.zoek(zoekterm, getal(request.args.get("pagina", ""), 6) or 1)
    context = dict(lijst=lijst, zoekterm=zoekterm)
    if htmx and htmx.target == "instellingen":
        return met_vary(render_template("basisgegevens/_instellingen.html", **context))
    return met_vary(render_template("basisgegevens/start.html", **context))


@bp.get("/instellingen.<ext>")
@openbaar
@limiet("basisgegevens", klant_adres)
def instellingen(ext):
    """Basisgegevens instellingen, built from the register and streamed. The column
    headers stay Dutch in either language: a file others read by its columns."""
    if ext not in tabellen.MIMETYPES:
        abort(404)
    return tabel_bijlage("basisgegevens-instellingen", ext, list(domein.KOLOMMEN),
                         domein.rijen(), titel="Instellingen")


@bp.get("/opleidingen.<ext>")
@openbaar
@limiet("basisgegevens", klant_adres)
def opleidingen(ext):
    """Basisgegevens opleidingen: the opleidingen and whether their diploma is a
    startkwalificatie (reference data, so it changes only when the list does)."""
    if ext not in tabellen.MIMETYPES:
        abort(404)
    return tabel_bijlage("basisgegevens-opleidingen", ext, list(domein.OPLEIDING_KOLOMMEN),
                         domein.opleidingen(), titel="Opleidingen")
