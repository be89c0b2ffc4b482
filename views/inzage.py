"""Inzage (R-AVG-02) for functioneel beheer: one person's data in the register and every
read of it, as a page and as the PDF that answers a parent's or pupil's request. The
number is sent in a form (POST), never in a URL, so it stays out of access logs."""
import datetime

from flask import Blueprint, Response, g, render_template, request
from flask_babel import gettext as _

from domain import inzage, nummers
from domain.datums import DeelDatum
from domain.fouten import N_, Fout
from formats import inzage as inzage_pdf
from forms import CsrfForm
from views.beveiliging import rollen
from views.weergave import adres, datum, deeldatum, geslacht, lijstnaam, moment

bp = Blueprint("inzage", __name__, url_prefix="/inzage")


@bp.get("")
@rollen(inzage.ROL)
def start():
    return render_template("inzage/start.html", nummer="", document=None, gezocht=False,
                           fouten=[])


@bp.post("")
@rollen(inzage.ROL)
def zoeken():
    nummer, overzicht = _overzicht()
    return _toon(nummer, overzicht)


@bp.post("/pdf")
@rollen(inzage.ROL)
def pdf():
    nummer, overzicht = _overzicht()
    if overzicht is None:
        return _toon(nummer, overzicht)
    naam = f"inzage-{datetime.date.today():%Y%m%d}.pdf"  # no number in a file name either
    return Response(inzage_pdf.schrijf(_document(overzicht)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{naam}"'})


def _overzicht():
    """(the number asked for, its Overzicht or None); "" when none was filled in."""
    if not CsrfForm().validate_on_submit():
        return "", None
    nummer = nummers.schoon(request.form.get("nummer", ""))[:20]
    return nummer, inzage.overzicht(g.actor, nummer) if nummer else None


def _toon(nummer, overzicht):
    """The page with the overview; an empty or invalid number is said at its field (422)."""
    fouten = []
    if not nummer:
        fouten.append(Fout("nummer", N_("Vul het bsn of onderwijsnummer in.")))
    elif not (nummers.is_bsn(nummer) or nummers.is_onderwijsnummer(nummer)):
        fouten.append(Fout("nummer", N_("Dit is geen geldig bsn of onderwijsnummer.")))
    return render_template("inzage/start.html", nummer=nummer, gezocht=True, fouten=fouten,
                           document=_document(overzicht) if overzicht else None), (
        422 if fouten else 200)


def _document(o):
    """The overview in the reader's words: one Document for the page and the PDF."""
    p = o.persoon
    naam = " ".join(x for x in (p.voornamen, p.voorvoegsels, p.achternaam) if x)
    gegevens = [
        (_("Naam"), naam or "–"),
        (_("Bsn en onderwijsnummer"), ", ".join(o.nummers) or "–"),
        (_("Geboortedatum"), deeldatum(DeelDatum.uit_opslag(p.geboortedatum,
                                                           p.geboortedatum_precisie))),
        (_("Geslacht"), geslacht(p.geslacht)),
        (_("Woonadres"), adres(p) or "–"),
        (_("Woongemeente"), p.woongemeente.naam if p.woongemeente_id else "–"),
    ]
    if p.datum_overlijden:
        gegevens.append((_("Datum overlijden"), datum(p.datum_overlijden)))
    secties = [
        inzage_pdf.Sectie(_("Inschrijvingen"), [_("Instelling"), _("Datum inschrijving"),
                                                _("Datum uitschrijving")],
                          [[f"{i.instelling.code} {i.instelling.naam}", datum(i.datum_inschrijving),
                            datum(i.datum_uitschrijving) or "–"] for i in o.inschrijvingen],
                          _("Geen inschrijvingen."), [3, 1, 1]),
        inzage_pdf.Sectie(_("Resultaten"), [_("Instelling"), _("Datum"), _("Diploma"),
                                            _("Startkwalificatie")],
                          [[r.instelling.code, datum(r.datum), r.diploma,
                            _("ja") if r.startkwalificatie else _("nee")] for r in o.resultaten],
                          _("Geen resultaten."), [1, 1, 3, 1]),
        inzage_pdf.Sectie(_("Verzuimmeldingen"), [_("Meldingnummer"), _("Instelling"),
                                                  _("Verzuimperiode"), _("Status"),
                                                  _("Gemeente")],
                          [[str(m.nummer), m.instelling.code,
                            f"{datum(m.periode_van)} – {datum(m.periode_tm)}",
                            lijstnaam("status", m.status),
                            m.gemeente.naam] for m in o.meldingen],
                          _("Geen verzuimmeldingen."), [1, 1, 2, 1.3, 1.3]),
        inzage_pdf.Sectie(_("Vrijstellingen en vervangende leerplicht"),
                          [_("Artikel"), _("Begindatum"), _("Einddatum"), _("Gemeente")],
                          [[lijstnaam("vrijstelling_artikel", v.artikel), datum(v.begindatum),
                            datum(v.einddatum) or "–", v.gemeente.naam] for v in o.vrijstellingen],
                          _("Geen vrijstellingen."), [3, 1, 1, 1.2]),
        inzage_pdf.Sectie(_("Koppelingen OWN/BSN"), [_("Datum"), _("Bsn"), _("Onderwijsnummer"),
                                                     _("Soort"), _("Status")],
                          [[moment(k.tijdstip), k.bsn, k.onderwijsnummer, k.soort, k.status]
                           for k in o.koppelingen],
                          _("Geen koppelingen."), [1.4, 1, 1, 1.4, 1]),
        inzage_pdf.Sectie(_("Wie heeft deze gegevens ingezien"),
                          [_("Tijdstip"), _("Wie"), _("Organisatie"), _("Waarom")],
                          [[moment(lezing.tijdstip), _(lezing.wie), lezing.organisatie,
                            lezing.doel + (" " + _("(onder machtiging %(ids)s)", ids=", ".join(
                                map(str, lezing.machtigingen))) if lezing.machtigingen else "")]
                           for lezing in o.lezingen],
                          _("Niemand heeft deze gegevens ingezien."), [1.2, 1.5, 2, 2.2]),
    ]
    return inzage_pdf.Document(
        titel=_("Inzage in het register"),
        inleiding=_("Dit zijn alle gegevens die het register van deze leerling bewaart, en "
                    "iedereen die ze heeft ingezien: wie, van welke organisatie, wanneer en "
                    "waarom. Gegevens worden bewaard tot vijf jaar na de laatste inschrijving."),
        gegevens=gegevens, secties=secties,
        voet=_("Opgemaakt op %(moment)s door %(naam)s", moment=moment(datetime.datetime.now(
            datetime.UTC).replace(tzinfo=None)), naam=g.gebruiker.naam))
