"""A beheerder manages the users of its own organisation (roles and kenmerken) and its
packages' M2M certificates; functioneel beheer answers the questions of koppeling files
and undoes a koppeling OWN/BSN (R-LEV-04, R-INS-10), and reads the reports of the
retention runs (R-AVG-01)."""
import datetime

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from certificates import vertrouwen_van
from domain import certificaten, gebruikers, inzage, koppeling, opschoning
from domain.actor import KENMERK_PER_SOORT, ROLLEN, ROLLEN_PER_SOORT
from domain.fouten import N_, Fout, Ongeldig
from extensions import htmx
from forms import CsrfForm
from forms.beheer import (
    CertificaatBevestigForm,
    CertificaatUploadForm,
    GebruikerForm,
    GebruikerWijzigForm,
)
from jobs.koppelingen import plan_antwoorden
from jobs.opschoning import plan as plan_opschoning
from models import Organisatie
from views.beveiliging import rollen
from views.weergave import per_veld, status_van

MAX_UPLOAD = 1024 * 1024  # a certificate or a zip of a few is kilobytes

bp = Blueprint("beheer", __name__, url_prefix="/beheer")


def _form(organisatie, cls=GebruikerForm, **kwargs):
    form = cls(**kwargs)
    form.rollen.choices = [(r, _(ROLLEN[r])) for r in ROLLEN_PER_SOORT.get(organisatie.soort, ())]
    form.kenmerken.choices = [(k, k) for k in gebruikers.mogelijke_kenmerken(organisatie)]
    return form


@bp.get("/gebruikers")
@rollen("beheerder")
def gebruikers_lijst():
    return render_template("beheer/gebruikers.html", gebruikers=gebruikers.gebruikers_van(g.actor),
                           rolnamen=ROLLEN)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@rollen("beheerder")
def gebruiker_nieuw():
    organisatie = Organisatie.get_by_id(g.actor.organisatie_id)
    form = _form(organisatie)
    fouten, nieuw = [], None
    if form.validate_on_submit():
        try:
            nieuw = gebruikers.maak_gebruiker(
                g.actor, form.gebruikersnaam.data, form.naam.data, form.email.data,
                form.rollen.data or [], form.kenmerken.data or [])
        except Ongeldig as exc:
            fouten = exc.fouten
    return render_template(
        "beheer/gebruiker_nieuw.html", form=form, fouten=fouten, per_veld=per_veld(fouten),
        nieuw=nieuw, kenmerk_soort=KENMERK_PER_SOORT.get(organisatie.soort)), \
        (422 if fouten else 200)



def _huidig(gebruiker):
    return dict(naam=gebruiker.naam, email=gebruiker.email or "", actief=gebruiker.actief,
                rollen=[r.rol for r in gebruiker.rollen],
                kenmerken=[k.waarde for k in gebruiker.kenmerken])


def _toon(gebruiker, form, fouten=(), **extra):
    return render_template(
        "beheer/gebruiker.html", form=form, gebruiker=gebruiker, fouten=list(fouten),
        per_veld=per_veld(fouten), herstel=CsrfForm(),
        kenmerk_soort=KENMERK_PER_SOORT.get(gebruiker.organisatie.soort), **extra), \
        (422 if fouten else 200)


@bp.route("/gebruikers/<int:gebruiker_id>", methods=["GET", "POST"])
@rollen("beheerder")
def gebruiker_wijzigen(gebruiker_id):
    gebruiker = gebruikers.gebruiker_van(g.actor, gebruiker_id)
    if request.method == "GET":
        return _toon(gebruiker, _form(gebruiker.organisatie, GebruikerWijzigForm,
                                      data=_huidig(gebruiker)))
    form = _form(gebruiker.organisatie, GebruikerWijzigForm)
    if not form.validate():
        return _toon(gebruiker, form)
    try:
        gebruikers.wijzig_gebruiker(g.actor, gebruiker.id, form.naam.data, form.email.data,
                                    form.rollen.data or [], form.kenmerken.data or [],
                                    form.actief.data)
    except Ongeldig as exc:
        return _toon(gebruiker, form, exc.fouten)
    return _toon(gebruiker, form, gelukt=True)


@bp.post("/gebruikers/<int:gebruiker_id>/herstel")
@rollen("beheerder")
def gebruiker_herstel(gebruiker_id):
    gebruiker = gebruikers.gebruiker_van(g.actor, gebruiker_id)
    wachtwoord = None
    if CsrfForm().validate_on_submit():
        wachtwoord = gebruikers.herstel_toegang(g.actor, gebruiker.id)
    form = _form(gebruiker.organisatie, GebruikerWijzigForm, data=_huidig(gebruiker))
    return _toon(gebruiker, form, wachtwoord=wachtwoord)


# ---------------------------------------------------------------- M2M certificates

def _certificaten(upload=None, fouten=(), status=200):
    organisatie, lijst = certificaten.certificaten_van(g.actor)
    return render_template(
        "beheer/certificaten.html", organisatie=organisatie, certificaten=lijst,
        upload=upload or CertificaatUploadForm(), intrek=CsrfForm(),
        fouten=list(fouten), per_veld=per_veld(fouten), status_van=certificaten.status,
        dagen_geldig=certificaten.dagen_geldig), status


@bp.get("/certificaten")
@rollen("beheerder")
def certificaten_lijst():
    return _certificaten()


@bp.post("/certificaten/controle")
@rollen("beheerder")
def certificaat_controle():
    """R-CRT-01/02: show what the file holds and what is wrong with it; store nothing."""
    form = CertificaatUploadForm()
    if not form.validate_on_submit() or not form.bestand.data:
        return _certificaten(form, [Fout("bestand", N_("Kies een certificaatbestand."),
                                         "R-CRT-01")], 422)
    bestand = form.bestand.data
    try:
        voorbeeld = certificaten.bekijk(g.actor, vertrouwen_van(current_app.config),
                                        bestand.filename or "",
                                        bestand.read(MAX_UPLOAD + 1)[:MAX_UPLOAD + 1])
    except Ongeldig as exc:
        return _certificaten(form, exc.fouten, 422)
    bevestig = CertificaatBevestigForm(pem=voorbeeld.pem)
    return render_template("beheer/certificaat_controle.html", voorbeeld=voorbeeld,
                           bevestig=bevestig, bestandsnaam=bestand.filename,
                           organisatie=Organisatie.get_by_id(g.actor.organisatie_id))


@bp.post("/certificaten")
@rollen("beheerder")
def certificaat_registreren():
    form = CertificaatBevestigForm()
    if not form.validate_on_submit():
        return _certificaten(status=400)
    try:
        certificaat = certificaten.registreer(g.actor, vertrouwen_van(current_app.config),
                                              form.pem.data or "")
    except Ongeldig as exc:
        return _certificaten(fouten=exc.fouten, status=422)
    flash(_("Het certificaat is geregistreerd (vingerafdruk %(v)s). Het werkt meteen, naast "
            "de certificaten die al actief zijn.", v=certificaat.vingerafdruk[:16] + "…"), "ok")
    return redirect(url_for("beheer.certificaten_lijst"))


@bp.post("/certificaten/<int:certificaat_id>/intrekken")
@rollen("beheerder")
def certificaat_intrekken(certificaat_id):
    if not CsrfForm().validate_on_submit():
        return _certificaten(status=400)
    certificaten.trek_in(g.actor, certificaat_id)
    flash(_("Het certificaat is ingetrokken en geeft geen toegang meer."), "ok")
    return redirect(url_for("beheer.certificaten_lijst"))


# ---------------------------------------------------------------- koppelingen OWN/BSN

FUNCTIONEEL_BEHEER = "functioneel_beheer"


def _vragen(fouten=(), beantwoord=None, antwoord="", status=200):
    # Every question has its own form: a message goes next to the field of the one answered.
    fouten = [Fout(f"antwoord-{beantwoord}", f.melding, f.regel, f.params) for f in fouten]
    vragen = koppeling.open_vragen()
    personen = koppeling.personen_van(vragen)
    inzage.log(g.actor, "vragen koppelbestanden", [p.id for p in personen.values() if p])
    bestanden = {b.id: b for b in koppeling.bestanden_van(vragen)}
    return render_template(
        "beheer/vragen.html", vragen=vragen, personen=personen, bestanden=bestanden,
        organisaties={o.id: o for o in Organisatie.select().where(
            Organisatie.id.in_({b.organisatie_id for b in bestanden.values()} or {0}))},
        fouten=list(fouten), per_veld=per_veld(fouten), beantwoord=beantwoord,
        antwoord=antwoord), status


@bp.get("/vragen")
@rollen(FUNCTIONEEL_BEHEER)
def vragen():
    return _vragen()


@bp.post("/vragen/<int:vraag_id>")
@rollen(FUNCTIONEEL_BEHEER)
def vraag_beantwoorden(vraag_id):
    """Answer one question; the file goes back to its sender once all of its are."""
    antwoord = request.form.get("antwoord", "")
    if not CsrfForm().validate_on_submit():
        return _vragen(beantwoord=vraag_id, antwoord=antwoord, status=400)
    try:
        laatste = koppeling.beantwoord(g.actor, vraag_id, antwoord)
    except Ongeldig as exc:
        return _vragen(exc.fouten, vraag_id, antwoord, status_van(exc))
    if laatste:
        plan_antwoorden(koppeling.vraag_van(vraag_id).bestand_id)
        flash(_("Het antwoord is opgeslagen. Dit was de laatste vraag van het bestand: het gaat "
                "met de antwoorden terug naar de afzender."), "ok")
    else:
        flash(_("Het antwoord is opgeslagen."), "ok")
    return redirect(url_for("beheer.vragen"))


@bp.get("/koppelingen")
@rollen(FUNCTIONEEL_BEHEER)
def koppelingen():
    nummer = request.args.get("nummer", "").strip()[:20]
    lijst = koppeling.koppelingen(nummer)
    inzage.log(g.actor, "koppelingen OWN/BSN", [k.persoon_id for k in lijst])
    return render_template(
        "beheer/koppelingen.html", koppelingen=lijst, nummer=nummer,
        soorten=koppeling.SOORTEN, statussen=koppeling.STATUSSEN,
        organisaties={o.id: o for o in Organisatie.select().where(
            Organisatie.id.in_({k.organisatie_id for k in lijst} or {0}))})


@bp.post("/koppelingen/<int:koppeling_id>/terugdraaien")
@rollen(FUNCTIONEEL_BEHEER)
def koppeling_terugdraaien(koppeling_id):
    """R-INS-10: undo a link or merge."""
    if CsrfForm().validate_on_submit():
        try:
            koppeling.draai_terug(g.actor, koppeling_id)
            flash(_("De koppeling is teruggedraaid."), "ok")
        except Ongeldig as exc:
            for fout in exc.fouten:
                flash(_(fout.melding, **fout.params), "fout")
    return redirect(url_for("beheer.koppelingen"))


@bp.get("/opschoning")
@rollen(FUNCTIONEEL_BEHEER)
def opschoning_lijst():
    """R-AVG-01: the report of each retention run, newest first; live while one runs."""
    verslagen = opschoning.verslagen(g.actor)
    bezig = any(v.run.status == opschoning.Status.BEZIG for v in verslagen)
    if htmx and htmx.target == "opschoningen":
        return render_template("beheer/_opschoningen.html", verslagen=verslagen, bezig=bezig,
                               soorten=opschoning.SOORTEN)
    return render_template("beheer/opschoning.html", verslagen=verslagen, bezig=bezig,
                           soorten=opschoning.SOORTEN, jaren=opschoning.BEWAARJAREN)


@bp.post("/opschoning")
@rollen(FUNCTIONEEL_BEHEER)
def opschoning_proef():
    """A dry run: what the run of today would remove, counted in the background."""
    if CsrfForm().validate_on_submit():
        run = opschoning.begin(g.actor, datetime.date.today(), droog=True)
        plan_opschoning(run.id)
        flash(_("De proef is gestart. De aantallen verschijnen hieronder."), "ok")
    return redirect(url_for("beheer.opschoning_lijst"))
