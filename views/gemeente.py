"""The leerplichtambtenaar's pages: the werkvoorraad of meldingen routed to the gemeente,
status changes and terugkoppeling. The original closed these screens in 2020; we keep them
next to the M2M API, both on domain/behandeling."""
from flask import Blueprint, g, redirect, render_template, request, url_for

from domain import behandeling, verzuim, vrijstelling
from domain.datums import als_tekst
from domain.fouten import Ongeldig
from forms import CsrfForm
from forms.gemeente import terugkoppeling_uit, versie_uit, vrijstelling_uit
from views.beveiliging import rollen
from views.verzuim import toon_historie, toon_versie, zoekcontext, zoekvraag
from views.weergave import per_veld, registratieformulier, status_van

bp = Blueprint("gemeente", __name__, url_prefix="/gemeente")
ROL = "leerplichtambtenaar"


@bp.route("/meldingen", methods=["GET", "POST"])
@rollen(ROL)
def werkvoorraad():
    vraag = zoekvraag()
    resultaat = behandeling.werkvoorraad(g.actor, vraag, voor_tabel=True)
    return render_template("gemeente/werkvoorraad.html",
                           gemeenten=behandeling.gemeenten_van(g.actor),
                           **zoekcontext(vraag, resultaat, "gemeente"))


def _toon(melding, fouten=(), w=None, bericht=None, status=422):
    doc = verzuim.gegevens(melding)
    return render_template(
        "gemeente/melding.html", melding=melding, invoer=verzuim.invoer_uit(doc),
        leerling=verzuim.Leerling.van_melding(melding),
        terugkoppeling=doc.get("terugkoppeling") or {}, afsluiting=doc.get("afsluiting"),
        redenen=verzuim.keuzes("reden_afgesloten"),
        toelichtingen=verzuim.keuzes("toelichting_afsluiting"), fouten=list(fouten),
        per_veld=per_veld(fouten), w=w or {}, bericht=bericht,
        acties=behandeling.acties(melding)), (status if fouten else 200)


@bp.get("/meldingen/<int:nummer>")
@rollen(ROL)
def melding(nummer):
    return _toon(behandeling.melding_voor(g.actor, nummer), bericht=request.args.get("bericht"))


@bp.get("/meldingen/<int:nummer>/historie")
@rollen(ROL)
def historie(nummer):
    return toon_historie(*behandeling.versies(g.actor, nummer), "gemeente")


@bp.get("/meldingen/<int:nummer>/historie/<int:versie>")
@rollen(ROL)
def historie_versie(nummer, versie):
    return toon_versie(*behandeling.versies(g.actor, nummer), versie, "gemeente")


@bp.post("/meldingen/<int:nummer>/status")
@rollen(ROL)
def status(nummer):
    melding = behandeling.melding_voor(g.actor, nummer)
    if not CsrfForm().validate():
        return _toon(melding, w=request.form)
    try:
        behandeling.wijzig_status(g.actor, nummer, versie_uit(request.form),
                                  request.form.get("actie", ""), request.form.get("reden", ""),
                                  request.form.get("toelichting_afsluiting", ""))
    except Ongeldig as exc:
        return _toon(melding, exc.fouten, request.form, status=status_van(exc))
    return redirect(url_for("gemeente.melding", nummer=nummer, bericht="status"))


@bp.post("/meldingen/<int:nummer>/terugkoppeling")
@rollen(ROL)
def terugkoppeling(nummer):
    melding = behandeling.melding_voor(g.actor, nummer)
    if not CsrfForm().validate():
        return _toon(melding, w=request.form)
    gegeven, fouten = terugkoppeling_uit(request.form)
    if fouten:
        return _toon(melding, fouten, request.form)
    try:
        behandeling.geef_terugkoppeling(g.actor, nummer, versie_uit(request.form), gegeven)
    except Ongeldig as exc:
        return _toon(melding, exc.fouten, request.form, status=status_van(exc))
    return redirect(url_for("gemeente.melding", nummer=nummer, bericht="terugkoppeling"))


@bp.route("/vrijstellingen/<int:vrijstelling_id>", methods=["GET", "POST"])
@rollen(ROL)
def vrijstelling_wijzigen(vrijstelling_id):
    """End or correct a vrijstelling (R-GEM-02), from the version the page showed."""
    gekozen = vrijstelling.vrijstelling_van(g.actor, vrijstelling_id)
    fouten, status = [], 422
    if request.method == "POST" and CsrfForm().validate():
        invoer, fouten = vrijstelling_uit(request.form)
        if not fouten:
            try:
                vrijstelling.wijzig(g.actor, gekozen.id, versie_uit(request.form), invoer)
            except Ongeldig as exc:
                fouten, status = exc.fouten, status_van(exc)
            else:
                return redirect(url_for("gemeente.vrijstelling_wijzigen",
                                        vrijstelling_id=gekozen.id, gelukt=1))
    w = request.form if fouten else {
        "artikel": gekozen.artikel, "begindatum": als_tekst(gekozen.begindatum),
        "einddatum": als_tekst(gekozen.einddatum)}
    return render_template(
        "gemeente/vrijstelling.html", vrijstelling=gekozen,
        historie=vrijstelling.historie(gekozen), artikelen=verzuim.keuzes("vrijstelling_artikel"),
        fouten=fouten, per_veld=per_veld(fouten), w=w,
        gelukt=request.args.get("gelukt")), (status if fouten else 200)


@bp.route("/vrijstellingen", methods=["GET", "POST"])
@rollen(ROL)
def vrijstellingen():
    """Vrijstellingen and vervangende leerplicht (R-GEM-02): register and list."""
    gelukt, fouten, status = registratieformulier(vrijstelling_uit, vrijstelling.registreer)
    return render_template(
        "gemeente/vrijstellingen.html", vrijstellingen=vrijstelling.vrijstellingen_van(g.actor),
        artikelen=verzuim.keuzes("vrijstelling_artikel"), fouten=fouten, per_veld=per_veld(fouten),
        w={} if gelukt else request.form, gelukt=gelukt), status
