"""Bestandsuitwisseling (seed 004 §1.5): Bestanden versturen, Bestanden ophalen and the
Overzicht verstuurde bestanden. A sent file is stored and processed by a job; its page
shows the progress (htmx polling, or a refresh link) and the result of every row."""
import datetime
import io

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from domain import bestanden as domein
from domain import koppeling, levering
from domain.fouten import N_, Fout, Ongeldig
from domain.referentie import lijsten
from domain.velden import getal
from extensions import htmx
from formats import Onleesbaar, tabellen, verzoeken, zip_stroom
from formats import inschrijvingen as inschrijvingsbestand
from formats import koppelingen as koppelbestand
from forms import CsrfForm
from jobs.bestanden import plan
from jobs.leveringen import plan as plan_levering
from views.beveiliging import rollen
from views.weergave import met_vary, per_veld, status_van, tabel_bijlage

bp = Blueprint("bestanden", __name__, url_prefix="/bestanden")
ROL = "schooladministratie"
# A Behandelaar RMC sends request files (C-route, Aanlevering RMC) and fetches leveringen.
ROLLEN = (ROL, levering.ROL)
VOORTGANG_MS = 1000  # how often a page of a file in progress asks again


@bp.get("")
@rollen(*ROLLEN)
def start():
    return render_template("bestanden/start.html", school=g.actor.heeft_rol(ROL))


# ---------------------------------------------------------------- Bestanden versturen

@bp.route("/versturen", methods=["GET", "POST"])
@rollen(*ROLLEN)
def versturen():
    instellingen = domein.instellingen(g.actor)
    form = CsrfForm()
    gekozen = request.form.get("instellingscode") or (
        instellingen[0].code if len(instellingen) == 1 else "")
    if request.method == "GET":
        return _versturen(form, instellingen, gekozen)
    if not form.validate():
        return _versturen(form, instellingen, gekozen, status=400)
    upload = request.files.get("bestand")
    bestandssoort = request.form.get("bestandssoort")
    soort = ([] if bestandssoort in domein.soorten_te_versturen(g.actor)
             else [Fout("bestandssoort", N_("Kies een bestandssoort."))])
    gekozen_bestand = upload is not None and upload.filename
    if bestandssoort in levering.BESTANDSSOORTEN.values():
        return _verzoek(form, instellingen, bestandssoort, upload if gekozen_bestand else None)
    if bestandssoort == domein.Soort.KOPPELING:
        return _koppelbestand(form, instellingen, upload if gekozen_bestand else None)
    if not g.actor.heeft_rol(ROL):  # a Behandelaar RMC who chose no bestandssoort
        geen = [] if gekozen_bestand else [Fout("bestand", N_("Kies het bestand dat u wilt "
                                                              "versturen."))]
        return _versturen(form, instellingen, "", soort + geen, 422)
    try:
        bestand = domein.verstuur(
            g.actor, gekozen,
            inschrijvingsbestand.veilige_naam(upload.filename) if gekozen_bestand else "",
            upload.read() if gekozen_bestand else None, taal=str(get_locale()), fouten=soort)
    except Ongeldig as exc:
        return _versturen(form, instellingen, gekozen, exc.fouten, status_van(exc))
    plan(bestand.id)
    return redirect(url_for("bestanden.bestand", bestand_id=bestand.id))


def _verzoek(form, instellingen, bestandssoort, upload):
    """A request file of a gegevenslevering (seed 003, R-LEV-03): read at once, so every
    mistake in its name or content shows next to the field; then asked for, and its
    delivery's page shows the progress."""
    naam = inschrijvingsbestand.veilige_naam(upload.filename) if upload else ""
    inhoud = upload.read(verzoeken.MAX_GROOTTE + 1) if upload else None
    try:
        if inhoud is None:
            raise Ongeldig([Fout("bestand", N_("Kies het bestand dat u wilt versturen."))])
        try:
            verzoek = verzoeken.lees(naam, inhoud, datetime.date.today())
        except Onleesbaar as exc:
            raise Ongeldig(exc.fouten) from None
        gevraagd = levering.vraag_aan(
            g.actor, levering.Aanvraag(levering.Soort(verzoek.soort),
                                       levering.Gebied(verzoek.gebied), verzoek.code,
                                       verzoek.peildatum, verzoek.nummers, verzoek.opmerkingen,
                                       verzoek.ongeldig),
            verzoekbestand=(naam, inhoud), bestandssoort=bestandssoort, taal=str(get_locale()))
    except Ongeldig as exc:
        return _versturen(form, instellingen, "", exc.fouten, status_van(exc))
    plan_levering(gevraagd.id)
    return redirect(url_for("leveringen.levering_pagina", levering_id=gevraagd.id))


def _koppelbestand(form, instellingen, upload):
    """A koppeling file (seed 002, R-LEV-04): its name and whether it can be read as a whole
    are checked at once, so a mistake shows next to the field; its rows are linked by the
    file job, and its page shows the progress."""
    naam = inschrijvingsbestand.veilige_naam(upload.filename) if upload else ""
    inhoud = upload.read(koppelbestand.MAX_GROOTTE + 1) if upload else None
    try:
        if inhoud is None:
            raise Ongeldig([Fout("bestand", N_("Kies het bestand dat u wilt versturen."))])
        try:
            gelezen = koppelbestand.lees_naam(naam, datetime.date.today())
            koppelbestand.lees(inhoud)
        except Onleesbaar as exc:
            raise Ongeldig(exc.fouten) from None
        bestand = koppeling.verstuur(g.actor, gelezen.gebied, gelezen.code, naam, inhoud,
                                     taal=str(get_locale()))
    except Ongeldig as exc:
        return _versturen(form, instellingen, "", exc.fouten, status_van(exc))
    plan(bestand.id)
    return redirect(url_for("bestanden.bestand", bestand_id=bestand.id))


def _versturen(form, instellingen, gekozen, fouten=(), status=200):
    return render_template(
        "bestanden/versturen.html", form=form, codes=[(i.code, i.code) for i in instellingen],
        gekozen=gekozen, fouten=fouten, per_veld=per_veld(fouten),
        soorten=[(s, _(domein.SOORTEN[s])) for s in domein.soorten_te_versturen(g.actor)],
        school=g.actor.heeft_rol(ROL)), status


@bp.get("/sjabloon/<variant>.<ext>")
@rollen(ROL)
def sjabloon(variant, ext):
    """The template of one variant (R-INS-04/06), with a header and an example row."""
    if variant not in inschrijvingsbestand.VARIANTEN or ext not in tabellen.MIMETYPES:
        abort(404)
    inhoud = (inschrijvingsbestand.sjabloon_csv(variant) if ext == "csv" else
              inschrijvingsbestand.sjabloon_xlsx(variant, [land.code for land in lijsten().landen]))
    return _bijlage(inhoud, f"sjabloon-inschrijvingen-{variant}.{ext}", tabellen.MIMETYPES[ext])


# ---------------------------------------------------------------- one sent file

@bp.get("/koppelen-gegevens.xlsx")
@rollen(levering.ROL)
def koppelsjabloon():
    """The Excel file Koppelen gegevens (seed 002) to fill in."""
    return _bijlage(koppelbestand.sjabloon(), "koppelen-gegevens.xlsx",
                    tabellen.MIMETYPES["xlsx"])


@bp.get("/<int:bestand_id>")
@rollen(*ROLLEN)
def bestand(bestand_id):
    b = domein.bestand_van(g.actor, bestand_id)
    if b.soort in levering.BESTANDSSOORTEN.values():
        gevraagd = levering.levering_van_verzoek(g.actor, b)
        if gevraagd is not None:
            return redirect(url_for("leveringen.levering_pagina", levering_id=gevraagd.id))
    context = _voortgang(b)
    if htmx and htmx.target == "voortgang":
        # 286: htmx stops polling once the file is done.
        status = 286 if b.status in domein.KLAAR else 200
        return met_vary(render_template("bestanden/_voortgang.html", **context)), status
    return met_vary(render_template("bestanden/bestand.html", **context))


def _voortgang(b):
    klaar = b.status in domein.KLAAR
    koppelbestand_ = b.soort == domein.Soort.KOPPELING
    return dict(
        bestand=b, klaar=klaar, telling=domein.telling(b) if klaar else {},
        fouten=domein.regels_van(b, alleen_fouten=True) if klaar else [],
        opmerkingen=domein.opmerkingen_van(b), verslag=domein.verslag_van(b),
        koppelbestand=koppelbestand_,
        open_vragen=koppeling.aantal_open_vragen(b) if koppelbestand_ and klaar else 0,
        eerder=domein.eerder_verstuurd(b), uitkomsten=domein.uitkomsten_van(b),
        statussen=domein.STATUSSEN, soorten=domein.SOORTEN,
        kop_van=koppelbestand.kop_van if koppelbestand_ else inschrijvingsbestand.kop_van,
        interval=VOORTGANG_MS)


@bp.get("/<int:bestand_id>/download")
@rollen(*ROLLEN)
def download(bestand_id):
    (b,) = domein.download(g.actor, [bestand_id])
    return _bijlage(domein.inhoud_van(b), b.naam, _mimetype(b.naam))


# ---------------------------------------------------------------- Bestanden ophalen

@bp.get("/ophalen")
@rollen(*ROLLEN)
def ophalen():
    soort, status, pagina = _filters(domein.STATUSSEN_RETOUR)
    return render_template(
        "bestanden/ophalen.html", instellingen=domein.instellingen(g.actor),
        lijst=domein.retour(g.actor, soort, status, pagina), soort=soort, status=status,
        soorten=domein.SOORTEN,
        keuzes={s: domein.SOORTEN[s] for s in domein.soorten_retour(g.actor)},
        statussen={s: domein.STATUSSEN[s]
                                           for s in domein.STATUSSEN_RETOUR},
        form=CsrfForm())


@bp.post("/ophalen")
@rollen(*ROLLEN)
def ophalen_geselecteerd():
    """Download geselecteerde bestanden: the chosen files in one zip."""
    form = CsrfForm()
    ids = [i for i in map(getal, request.form.getlist("bestand")) if i]
    if not form.validate() or not ids:
        flash(_("Kies eerst de bestanden die u wilt downloaden."), "info")
        return redirect(url_for("bestanden.ophalen"))
    gekozen = domein.download(g.actor, ids)
    stroom = zip_stroom((b.naam, domein.inhoud_van(b)) for b in gekozen)
    return Response(stream_with_context(stroom), mimetype="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="bestanden.zip"'})


@bp.get("/registratieoverzicht/<instellingscode>.<ext>")
@rollen(ROL)
def registratieoverzicht(instellingscode, ext):
    """The registratieoverzicht, built live from the register and streamed: the
    inschrijvingen of one instellingscode, in the columns of the enrolment file."""
    if ext not in tabellen.MIMETYPES:
        abort(404)
    rijen = domein.registratieoverzicht(g.actor, instellingscode)
    koppen = [inschrijvingsbestand.kop_van(veld) for veld in domein.OVERZICHT_VELDEN]
    return tabel_bijlage(f"registratieoverzicht-{instellingscode}", ext, koppen, rijen)


# ---------------------------------------------------------------- Overzicht verstuurde bestanden

@bp.get("/verstuurd")
@rollen(*ROLLEN)
def verstuurd():
    soort, status, pagina = _filters(domein.STATUSSEN_VERSTUURD)
    return render_template(
        "bestanden/verstuurd.html", lijst=domein.verstuurde(g.actor, soort, status, pagina),
        soort=soort, status=status,
        soorten={s: domein.SOORTEN[s] for s in domein.soorten_te_versturen(g.actor)},
        school=g.actor.heeft_rol(ROL),
        statussen={s: domein.STATUSSEN[s] for s in domein.STATUSSEN_VERSTUURD})


def _filters(statussen):
    soort = request.args.get("soort", "")
    status = request.args.get("status", "")
    return (soort if soort in domein.SOORTEN else "",
            status if status in statussen else "", getal(request.args.get("pagina"), 6) or 1)


def _bijlage(inhoud, naam, mimetype):
    """A download under its own name (also a name with accents: RFC 6266 filename*)."""
    return send_file(io.BytesIO(inhoud), mimetype=mimetype, as_attachment=True,
                     download_name=naam)


def _mimetype(naam):
    return tabellen.MIMETYPES.get(naam.rsplit(".", 1)[-1].lower(), "application/octet-stream")
